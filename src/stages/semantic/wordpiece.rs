//! BERT's WordPiece tokenizer, read from a `tokenizer.json` of that shape
//! (BertNormalizer lowercasing, BertPreTokenizer, WordPiece, `[CLS] $A
//! [SEP]`): the same token ids as the `tokenizers` crate, in a fraction of
//! its memory. The vocabulary is one string arena and a sorted index
//! (about 0.5 MB for MiniLM's 30,522 tokens) where `tokenizers` keeps two
//! hash maps of owned strings and leaves its JSON parse's heap behind
//! (about 8.5 MB measured). Any other tokenizer shape is read by
//! `tokenizers` ([`super::encoder::Encoder`]).
//!
//! The steps are `tokenizers`' own, in its order and with its character
//! classes (`unicode_categories`, `unicode-normalization-alignments`, std's
//! whitespace and lowercasing); tests/stages.rs compares the two over the
//! catalogue, every phrase the reader knows and hostile text.

use std::borrow::Cow;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use unicode_categories::UnicodeCategories;
use unicode_normalization_alignments::UnicodeNormalization;

/// A BERT WordPiece tokenizer.
#[derive(Debug)]
pub struct WordPiece {
    vocab: Vocab,
    /// The added (special) tokens matched in the raw text before anything else, with their ids.
    specials: Vec<(String, u32)>,
    unk: u32,
    cls: u32,
    sep: u32,
    prefix: String,
    max_chars: usize,
    lowercase: bool,
    strip_accents: bool,
    clean_text: bool,
    chinese_chars: bool,
}

/// The tokens, without a hash map of owned strings.
#[derive(Debug)]
struct Vocab {
    /// Every token, one after another.
    arena: String,
    /// Token id -> its byte range's start in `arena` (`starts[id + 1]` ends it).
    starts: Vec<u32>,
    /// Token ids sorted by their text, for binary search.
    sorted: Vec<u32>,
}

impl Vocab {
    /// From (token, id) pairs whose ids are 0..n, each once, and tokens distinct.
    fn new(pairs: &[(Cow<str>, u32)]) -> Result<Vocab, String> {
        let n = pairs.len();
        let mut by_id: Vec<Option<&str>> = vec![None; n];
        for (t, id) in pairs {
            match by_id.get_mut(*id as usize) {
                Some(slot @ None) => *slot = Some(t.as_ref()),
                _ => return Err(format!("the vocabulary's ids are not 0..{n} each once (id {id})")),
            }
        }
        let mut arena = String::with_capacity(pairs.iter().map(|t| t.0.len()).sum());
        let mut starts = Vec::with_capacity(n + 1);
        for t in by_id.iter().flatten() {
            starts.push(arena.len() as u32);
            arena.push_str(t);
        }
        starts.push(arena.len() as u32);
        let mut v = Vocab { arena, starts, sorted: Vec::new() };
        let mut sorted: Vec<u32> = (0..n as u32).collect();
        sorted.sort_by(|&a, &b| v.token(a).cmp(v.token(b)));
        if sorted.windows(2).any(|w| v.token(w[0]) == v.token(w[1])) {
            return Err("the vocabulary lists a token twice".into());
        }
        v.sorted = sorted;
        Ok(v)
    }

    fn token(&self, id: u32) -> &str {
        &self.arena[self.starts[id as usize] as usize..self.starts[id as usize + 1] as usize]
    }

    fn id(&self, token: &str) -> Option<u32> {
        self.sorted.binary_search_by(|&i| self.token(i).cmp(token)).ok().map(|k| self.sorted[k])
    }
}

#[derive(Deserialize)]
struct File<'a> {
    #[serde(borrow)]
    added_tokens: Vec<Added<'a>>,
    normalizer: Option<Normalizer>,
    pre_tokenizer: Option<Typed<'a>>,
    #[serde(borrow)]
    post_processor: Option<PostProcessor<'a>>,
    #[serde(borrow)]
    model: Model<'a>,
}

#[derive(Deserialize)]
struct Added<'a> {
    id: u32,
    #[serde(borrow)]
    content: Cow<'a, str>,
    single_word: bool,
    lstrip: bool,
    rstrip: bool,
    normalized: bool,
}

#[derive(Deserialize)]
struct Normalizer {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    clean_text: bool,
    #[serde(default)]
    handle_chinese_chars: bool,
    strip_accents: Option<bool>,
    #[serde(default)]
    lowercase: bool,
}

#[derive(Deserialize)]
struct Typed<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
}

#[derive(Deserialize)]
struct PostProcessor<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(default)]
    single: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct Model<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    unk_token: Cow<'a, str>,
    #[serde(borrow)]
    continuing_subword_prefix: Cow<'a, str>,
    max_input_chars_per_word: usize,
    #[serde(deserialize_with = "vocab_in_order", borrow)]
    vocab: Vec<(Cow<'a, str>, u32)>,
}

/// The vocabulary object as (token, id) pairs, without a hash map.
fn vocab_in_order<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(Cow<'de, str>, u32)>, D::Error> {
    struct Pairs;
    impl<'de> Visitor<'de> for Pairs {
        type Value = Vec<(Cow<'de, str>, u32)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map from token to id")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut v = Vec::with_capacity(map.size_hint().unwrap_or(0));
            while let Some((Key(k), id)) = map.next_entry::<Key<'de>, u32>()? {
                v.push((k, id));
            }
            Ok(v)
        }
    }
    d.deserialize_map(Pairs)
}

/// A token as written in the JSON: borrowed unless it has escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a token")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(Text)
    }
}

impl WordPiece {
    /// Reads `bytes` (a `tokenizer.json`). `Ok(None)`: a tokenizer of another
    /// shape (left to `tokenizers`); `Err`: not a valid one of this shape.
    pub fn from_json(bytes: &[u8]) -> Result<Option<WordPiece>, String> {
        let f: File = match serde_json::from_slice(bytes) {
            Ok(f) => f,
            // Another shape (fields this one has not), or not JSON at all: `tokenizers` says which.
            Err(_) => return Ok(None),
        };
        let bert_normalizer = f.normalizer.as_ref().is_some_and(|n| n.kind == "BertNormalizer");
        let bert_pre = f.pre_tokenizer.as_ref().is_some_and(|p| p.kind == "BertPreTokenizer");
        let cls_a_sep = f.post_processor.as_ref().is_some_and(|p| {
            p.kind == "TemplateProcessing"
                && p.single.len() == 3
                && p.single[0].pointer("/SpecialToken/id").and_then(|v| v.as_str()) == Some("[CLS]")
                && p.single[1].pointer("/Sequence/id").and_then(|v| v.as_str()) == Some("A")
                && p.single[2].pointer("/SpecialToken/id").and_then(|v| v.as_str()) == Some("[SEP]")
        });
        // Added tokens matched as they are written, nothing more (no word boundaries or stripping).
        let plain_added = f.added_tokens.iter().all(|a| !a.single_word && !a.lstrip && !a.rstrip && !a.normalized && !a.content.is_empty());
        if f.model.kind != "WordPiece" || !bert_normalizer || !bert_pre || !cls_a_sep || !plain_added {
            return Ok(None);
        }
        let Some(norm) = f.normalizer else { return Ok(None) };
        let vocab = Vocab::new(&f.model.vocab)?;
        let need = |t: &str| vocab.id(t).ok_or_else(|| format!("the vocabulary has no {t}"));
        Ok(Some(WordPiece {
            unk: need(&f.model.unk_token)?,
            cls: need("[CLS]")?,
            sep: need("[SEP]")?,
            vocab,
            specials: f.added_tokens.iter().map(|a| (a.content.to_string(), a.id)).collect(),
            prefix: f.model.continuing_subword_prefix.to_string(),
            max_chars: f.model.max_input_chars_per_word,
            lowercase: norm.lowercase,
            strip_accents: norm.strip_accents.unwrap_or(norm.lowercase),
            clean_text: norm.clean_text,
            chinese_chars: norm.handle_chinese_chars,
        }))
    }

    /// Token ids of `text`: [CLS], at most `max_tokens - 2` of the text's
    /// tokens, [SEP] (what `tokenizers` gives with truncation at `max_tokens`).
    pub fn encode(&self, text: &str, max_tokens: usize) -> Vec<u32> {
        let keep = max_tokens.saturating_sub(2);
        let mut ids = vec![self.cls];
        let mut rest = text;
        // Special tokens are matched in the raw text first (leftmost, then longest).
        while ids.len() <= keep && !rest.is_empty() {
            let next = rest.char_indices().find_map(|(at, _)| self.specials.iter().filter(|s| rest[at..].starts_with(s.0.as_str())).max_by_key(|s| s.0.len()).map(|s| (at, s)));
            let (piece, special) = match next {
                Some((at, s)) => (&rest[..at], Some(s)),
                None => (rest, None),
            };
            self.encode_piece(piece, keep, &mut ids);
            match special {
                Some((s, id)) => {
                    if ids.len() <= keep {
                        ids.push(*id);
                    }
                    rest = &rest[piece.len() + s.len()..];
                }
                None => rest = "",
            }
        }
        ids.truncate(keep + 1);
        ids.push(self.sep);
        ids
    }

    /// Normalises, splits and WordPiece-tokenises `piece` onto `ids` (at most `keep` after [CLS]).
    fn encode_piece(&self, piece: &str, keep: usize, ids: &mut Vec<u32>) {
        let normalized = self.normalize(piece);
        let mut word = String::new();
        for c in normalized.chars() {
            if ids.len() > keep {
                return;
            }
            if c.is_whitespace() {
                self.encode_word(&word, ids);
                word.clear();
            } else if c.is_ascii_punctuation() || c.is_punctuation() {
                self.encode_word(&word, ids);
                word.clear();
                word.push(c);
                self.encode_word(&word, ids);
                word.clear();
            } else {
                word.push(c);
            }
        }
        self.encode_word(&word, ids);
    }

    fn normalize(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if self.clean_text && (c == '\0' || c == '\u{fffd}' || is_control(c)) {
                continue;
            }
            let c = if self.clean_text && is_whitespace(c) { ' ' } else { c };
            if self.chinese_chars && is_chinese_char(c) {
                out.push(' ');
                out.push(c);
                out.push(' ');
            } else {
                out.push(c);
            }
        }
        if self.strip_accents {
            out = out.nfd().map(|(c, _)| c).filter(|c| !c.is_mark_nonspacing()).collect();
        }
        if self.lowercase {
            out = out.chars().flat_map(char::to_lowercase).collect();
        }
        out
    }

    /// Greedy longest-match-first; a word with a part the vocabulary lacks,
    /// or longer than `max_chars` characters, is one [UNK].
    fn encode_word(&self, word: &str, ids: &mut Vec<u32>) {
        if word.is_empty() {
            return;
        }
        if word.chars().count() > self.max_chars {
            ids.push(self.unk);
            return;
        }
        let at = ids.len();
        let mut start = 0;
        let mut piece = String::new();
        while start < word.len() {
            let mut end = word.len();
            let found = loop {
                if start >= end {
                    break None;
                }
                piece.clear();
                if start > 0 {
                    piece.push_str(&self.prefix);
                }
                piece.push_str(&word[start..end]);
                if let Some(id) = self.vocab.id(&piece) {
                    break Some(id);
                }
                end -= word[start..end].chars().next_back().map_or(1, char::len_utf8);
            };
            match found {
                Some(id) => ids.push(id),
                None => {
                    ids.truncate(at);
                    ids.push(self.unk);
                    return;
                }
            }
            start = end;
        }
    }
}

/// `tokenizers`' BertNormalizer classes.
fn is_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || c.is_whitespace()
}

fn is_control(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r') && c.is_other()
}

fn is_chinese_char(c: char) -> bool {
    matches!(c as usize, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F | 0x2B740..=0x2B81F | 0x2B920..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}
