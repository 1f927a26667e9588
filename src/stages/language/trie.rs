//! The catalogue's titles as a token trie: what the constrained decoder may
//! write next, so every answer line is a catalogue movie.

use llama_cpp_2::model::LlamaModel;

use super::prompt::AnswerLines;
use crate::model_dir::catalog::Catalog;

/// A next token of the trie and the range of lines it leads to.
pub(super) type Child = (i32, (usize, usize));

/// Token sequences of every catalogue title line, sorted so that each trie
/// node's subtree is a contiguous range of `lines`.
pub(super) struct TitleTrie {
    /// (tokens of the movie's answer line, catalogue index), sorted by tokens.
    pub(super) lines: Vec<(Vec<i32>, u32)>,
}

impl TitleTrie {
    pub(super) fn build(model: &LlamaModel, catalog: &Catalog, answers: &AnswerLines) -> Self {
        let lines = tokenize_lines(model, catalog.movies().iter().map(|m| answers.line(m)).collect());
        Self::from_lines(lines.into_iter().enumerate().map(|(i, toks)| (toks, i as u32)).collect())
    }

    /// A trie over any answer lines (tokens, id); ids index a caller's table.
    pub(super) fn from_lines(mut lines: Vec<(Vec<i32>, u32)>) -> Self {
        lines.sort();
        TitleTrie { lines }
    }

    /// Range of lines whose first `depth` tokens equal `prefix`, within `range`.
    pub(super) fn narrow(&self, range: (usize, usize), depth: usize, token: i32) -> (usize, usize) {
        let s = &self.lines[range.0..range.1];
        let lo = s.partition_point(|l| l.0.get(depth).is_none_or(|&t| t < token));
        let hi = s.partition_point(|l| l.0.get(depth).is_none_or(|&t| t <= token));
        (range.0 + lo, range.0 + hi)
    }

    /// Distinct next tokens (with their ranges) of lines in `range` that are
    /// longer than `depth` and not `blocked`.
    pub(super) fn children(&self, range: (usize, usize), depth: usize, blocked: &[bool]) -> Vec<Child> {
        let mut out: Vec<Child> = Vec::new();
        let mut i = range.0;
        while i < range.1 {
            let Some(&t) = self.lines[i].0.get(depth) else {
                i += 1;
                continue;
            };
            let sub = self.narrow((i, range.1), depth, t);
            if self.lines[sub.0..sub.1].iter().any(|l| !is_blocked(blocked, l.1)) {
                out.push((t, sub));
            }
            i = sub.1;
        }
        out
    }

    /// A complete, allowed line in `range` of exactly `depth` tokens.
    pub(super) fn complete(&self, range: (usize, usize), depth: usize, blocked: &[bool]) -> Option<u32> {
        self.lines[range.0..range.1].iter().find(|l| l.0.len() == depth && !is_blocked(blocked, l.1)).map(|l| l.1)
    }
}


/// Each of `lines` (each ending in "\n") as tokens. One tokenizer call over
/// all lines (3,883 separate calls took ~180 ms of open): the pre-tokenizer
/// always splits the newline off, so the tokens split at the newline token
/// are each line's own; if the count or a sample of lines (every 50th, and
/// the last) disagree, each line is tokenized on its own.
pub(super) fn tokenize_lines(model: &LlamaModel, lines: Vec<String>) -> Vec<Vec<i32>> {
    let vocab = model.vocab();
    let one = |s: &str| -> Vec<i32> { vocab.tokenize(s.as_bytes(), false, false).into_iter().map(|t| t.0).collect() };
    let text: String = lines.concat();
    let newline = vocab.tokenize(b"\n", false, false);
    let mut split: Vec<Vec<i32>> = Vec::with_capacity(lines.len());
    if let [nl] = newline.as_slice() {
        let mut cur = Vec::new();
        for t in vocab.tokenize(text.as_bytes(), false, false) {
            cur.push(t.0);
            if t == *nl {
                split.push(std::mem::take(&mut cur));
            }
        }
    }
    let n = lines.len();
    let agrees = split.len() == n && (0..n).step_by(50).chain(n.checked_sub(1)).all(|i| split[i] == one(&lines[i]));
    if agrees { split } else { lines.iter().map(|l| one(l)).collect() }
}

/// A line the call's mask does not cover (a title added after the call read
/// the catalogue) is blocked: the call cannot name it.
fn is_blocked(blocked: &[bool], i: u32) -> bool {
    blocked.get(i as usize).copied().unwrap_or(true)
}
