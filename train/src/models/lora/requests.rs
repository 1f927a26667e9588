//! Training requests for the request reader's adapter (`lora --task reader`),
//! generated from the catalogue: its genre names and titles, in the wordings
//! and frames below. The evaluation's wordings and frames (eval-query) are
//! held out: no wording here equals one of them, none shares a content word
//! with its paraphrases, and none of its frames is used (tests check this).
//! Only the catalogue is read, never a viewer's history.

use anyhow::Result;
use dualrec::model_dir::catalog::Catalog;
use dualrec::stages::language::Language;

use super::data::Example;
use super::model::Rng;
use super::conversation::{CONVERSATION_FILM, CONVERSATION_NO_FILM};
use super::more_wordings::{MORE_NO_GENRE, MORE_WORDINGS};
use super::free_speech::{FREE_SPEECH_FILMS, FREE_SPEECH_NO_FILM};
use crate::data::catalogue_film;
use super::title_frames::{NO_TITLE, TITLE_FRAMES};

/// Wordings per MovieLens genre name (used for the genres a catalogue has;
/// any other genre is worded by its own name).
pub const TRAIN_WORDINGS: &[(&str, &[&str])] = &[
    ("Action", &["an action flick", "action scenes", "car chases", "martial arts", "an adrenaline rush", "a high-octane ride", "a shoot-em-up", "kung fu fights", "a commando mission", "lots of fistfights"]),
    ("Adventure", &["an adventure movie", "adventures", "a journey to faraway lands", "explorers", "a swashbuckler", "pirates and treasure", "an expedition", "a daring voyage", "a treasure hunt", "exploring jungles"]),
    ("Animation", &["an animated movie", "animation", "cartoons", "anime", "a stop-motion film", "a toon", "computer animated", "a pixar-style film"]),
    ("Children's", &["a kids movie", "a family film", "for children", "something my kids can watch", "for my toddler", "suitable for a six year old", "kid-friendly", "for the whole family"]),
    ("Comedy", &["a comedy film", "a funny movie", "something hilarious", "a laugh riot", "something silly", "a goofy flick", "make me laugh", "a spoof", "a parody", "comedies"]),
    ("Crime", &["a crime movie", "a mob movie", "a heist", "a robbery caper", "the mafia", "a bank robbery", "cops and robbers", "a drug lord saga", "mobsters"]),
    ("Documentary", &["a documentary film", "a doc", "non-fiction", "a nature film about animals", "real events caught on camera", "an educational film", "factual films"]),
    ("Drama", &["a dramatic movie", "a drama film", "a tearjerker", "an emotional film", "something moving", "a heavy film", "a character study", "something thought-provoking", "dramas"]),
    ("Fantasy", &["a fantasy movie", "dragons and wizards", "an enchanted kingdom", "sorcery", "elves and dwarves", "sorcerers", "mythical creatures", "a magic kingdom"]),
    ("Film-Noir", &["noir", "a private eye and a femme fatale", "a smoky forties gumshoe picture", "shadowy private eyes", "a femme fatale", "gumshoes"]),
    ("Horror", &["a horror film", "something eerie", "a monster flick", "ghosts and haunted houses", "a slasher", "something terrifying", "zombies", "a creepy movie", "spooky"]),
    ("Musical", &["a musical film", "broadway show tunes", "a movie full of songs", "show tunes", "a stage show adaptation", "an operetta", "big production numbers"]),
    ("Mystery", &["a mystery movie", "an unsolved murder case", "a riddle", "who did it", "clues and suspects", "a sleuth", "a case to crack", "mysteries"]),
    ("Romance", &["a romantic movie", "a date night movie", "a courtship", "two people falling for each other", "passion and longing", "a romance film", "sweethearts", "a kiss at the end"]),
    ("Sci-Fi", &["a sci fi movie", "robots and aliens", "time travel", "spaceships", "the far future", "a dystopia", "androids", "an alien invasion", "futuristic"]),
    ("Thriller", &["a thriller movie", "edge of my seat", "nail-biting", "a tense film", "a psychological thriller", "lots of tension", "a conspiracy", "a cat-and-mouse chase", "thrillers", "suspense"]),
    ("War", &["a war picture", "soldiers in combat", "world war two", "a military film", "troops and tanks", "the vietnam war", "a platoon", "army life"]),
    ("Western", &["a western movie", "gunslingers", "the frontier and outlaws", "sheriffs and outlaws", "a showdown at high noon", "ranchers and cattle drives", "a spaghetti western", "westerns"]),
];

/// Requests that name no genre (made-up words are added too: see `junk`).
pub const NO_GENRE: &[&str] = &[
    "something good", "a movie for tonight", "with my wife", "short and sweet", "award winning", "something popular", "highly rated",
    "surprise me", "anything", "a classic", "something new", "for a rainy afternoon", "what should I watch",
];

/// Frames around a genre wording ({x}); the last quarter is held out for
/// the validation loss. None is a bare wording (the evaluation's frame).
pub const FRAMES: &[&str] = &[
    "I want {x}", "show me {x}", "I'm in the mood for {x}", "find me {x}", "any {x}?", "put on {x}", "{x} please", "can you recommend {x}",
    "looking for {x} tonight", "got {x}?", "we fancy {x}", "recommend {x}", "play {x}", "I'd enjoy {x}", "how about {x}", "give me {x} now",
];

/// What may follow a genre wording; {d} a decade or year phrase, {t} a title.
const TAILS: &[&str] = &["made in {d}", "released in {d}", "around {d}", "set in {d}", "similar to {t}", "in the style of {t}", "that reminds me of {t}", "in the vein of {t}"];
/// Requests without a genre: a decade or a title only.
const BARE: &[&str] = &["something made in {d}", "a movie released in {d}", "anything similar to {t}", "a film that reminds me of {t}", "something in the vein of {t}"];

/// 1-3 made-up words ("xqzv blorf"): junk names no genre.
fn junk(rng: &mut Rng) -> String {
    const C: &[u8] = b"bcdfghjklmnpqrstvwxz";
    const V: &[u8] = b"aeiouy";
    let words: Vec<String> = (0..1 + rng.below(3))
        .map(|_| {
            let n = 3 + rng.below(5);
            let pronounceable = rng.below(2) == 0;
            (0..n).map(|i| if pronounceable && i % 2 == 1 { V[rng.below(V.len())] as char } else { C[rng.below(C.len())] as char }).collect()
        })
        .collect();
    words.join(" ")
}

fn decade_phrase(rng: &mut Rng) -> String {
    let d = 1930 + 10 * rng.below(7) as u16;
    match rng.below(4) {
        0 => format!("{d}s"),
        1 => format!("{:02}s", d % 100),
        2 => format!("{}", d + rng.below(10) as u16),
        _ => format!("the decade of {d}"),
    }
}

/// The last quarter of a list (validation) or the rest (training).
fn quarter<T>(all: &[T], validation: bool) -> &[T] {
    let cut = all.len() * 3 / 4;
    if validation { &all[cut..] } else { &all[..cut] }
}

/// What `generate` mixes into the generated requests (genre reader only).
#[derive(Clone, Copy, Debug, Default)]
pub struct Mix {
    /// One request in `conversation` is a helper's conversational request (0: none).
    pub conversation: usize,
    /// Only those about a film.
    pub films_only: bool,
    /// Genres are worded from [`MORE_WORDINGS`] as well, and [`MORE_NO_GENRE`]
    /// joins the requests naming none (more_wordings.rs).
    pub more_wordings: bool,
    /// Title reader only: one request in `free_speech` is a helper's request
    /// naming a film as people say it, or naming none with a title's words
    /// in passing (free_speech.rs; 0: none).
    pub free_speech: usize,
    /// With `free_speech`: a third of those requests are instead a catalogue
    /// title made only of words the requests naming none use in passing
    /// ("Platoon", "Big"), in a helper's title frame, so that such a title
    /// typed or said whole in a frame still names the film.
    pub free_speech_framed: bool,
}

/// One request, the film it names (catalogue index) and the genres it asks
/// for (catalogue names).
pub struct Request {
    pub text: String,
    pub title: Option<u32>,
    pub genres: Vec<String>,
    /// False for the helper's requests (title_frames.rs), whose genres nobody
    /// wrote down: `label_genres` labels them by the catalogue rules.
    pub genres_known: bool,
}

fn wordings_for(genre: &str, more: bool) -> Vec<String> {
    let mut ws = match TRAIN_WORDINGS.iter().find(|w| w.0 == genre) {
        Some((_, ws)) => ws.iter().map(|s| s.to_string()).collect(),
        None => vec![format!("a {} movie", genre.to_lowercase()), genre.to_lowercase()],
    };
    if more {
        ws.extend(MORE_WORDINGS.iter().filter(|w| w.0 == genre).flat_map(|w| w.1.iter().map(|s| s.to_string())));
    }
    ws
}

/// `n` seeded requests; `validation` picks the held-out frames instead of
/// the training ones; `titles` mixes in the helper's requests (a quarter
/// name a film in its frames, an eighth name none) for the adapter that
/// names films. Without it the requests are the genre reader's, as before
/// titles were named (the same seed gives the same requests).
/// `mix.conversation` (genre reader only) makes one request in that many a
/// helper's conversational request (conversation.rs), labelled by its
/// writer: about a film, or (unless `films_only`) half of them naming none;
/// about half of each kind asking for no genre. A request labelled with a
/// genre the catalogue lacks is not used. `mix.more_wordings` widens the
/// genre wordings and the requests naming none (the default mix gives the
/// same requests as before it existed).
pub fn generate(catalog: &Catalog, n: usize, seed: u64, validation: bool, titles: bool, mix: Mix) -> Vec<Request> {
    let genres = catalog.genre_names().to_vec();
    let (frames, title_frames, no_title) = (quarter(FRAMES, validation), quarter(TITLE_FRAMES, validation), quarter(NO_TITLE, validation));
    let held = |all: &'static [(&'static str, &'static [&'static str])]| {
        quarter(all, validation).iter().filter(|(_, g)| g.iter().all(|g| genres.iter().any(|c| c == g))).collect::<Vec<_>>()
    };
    let (talk_film, talk_no_film) = (held(CONVERSATION_FILM), held(CONVERSATION_NO_FILM));
    // The helper's films found in this catalogue (by title and year).
    let said: Vec<(&str, u32)> = quarter(FREE_SPEECH_FILMS, validation).iter().filter_map(|&(t, y, r)| catalogue_film(catalog, t, y).map(|f| (r, f))).collect();
    let said_none = quarter(FREE_SPEECH_NO_FILM, validation);
    let word_titles = if mix.free_speech_framed { titles_of_words(catalog, said_none) } else { Vec::new() };
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        // (Drawn first, and only with a free-speech mix: without one the
        // requests are those generated before it existed.)
        if titles && mix.free_speech > 0 && !(said.is_empty() && said_none.is_empty()) && rng.below(mix.free_speech) == 0 {
            if !word_titles.is_empty() && rng.below(3) == 0 {
                let movie = word_titles[rng.below(word_titles.len())];
                let text = title_frames[rng.below(title_frames.len())].replace("{t}", &catalog.movie(movie).title);
                let text = if rng.below(2) == 0 { text.to_lowercase() } else { text };
                out.push(Request { text, title: Some(movie), genres: vec![], genres_known: false });
                continue;
            }
            let film = (rng.below(2) == 0 || said_none.is_empty()) && !said.is_empty();
            let (text, title) = if film { let (r, f) = said[rng.below(said.len())]; (r, Some(f)) } else { (said_none[rng.below(said_none.len())], None) };
            out.push(Request { text: text.to_string(), title, genres: vec![], genres_known: false });
            continue;
        }
        let movie = rng.below(catalog.len()) as u32;
        let title = catalog.movie(movie).title.clone();
        let helper = if titles { rng.below(8) } else { 8 };
        if helper < 3 {
            let text = if helper < 2 { title_frames[rng.below(title_frames.len())].replace("{t}", &title) } else { no_title[rng.below(no_title.len())].to_string() };
            // As typed (the title as the catalogue writes it) or as said (lower case).
            let text = if rng.below(2) == 0 { text.to_lowercase() } else { text };
            out.push(Request { text, title: (helper < 2).then_some(movie), genres: vec![], genres_known: false });
            continue;
        }
        // (Requests asking no genre always pass the catalogue filter, so a
        // pool is never empty; were it, a generated request takes its place.)
        let talk = mix.conversation > 0 && !titles && rng.below(mix.conversation) == 0;
        let film = talk && (mix.films_only || rng.below(2) == 0);
        let pool = if film { &talk_film } else { &talk_no_film };
        if talk && !pool.is_empty() {
            let (frame, labels) = pool[rng.below(pool.len())];
            let text = if film { frame.replace("{t}", &title) } else { frame.to_string() };
            let text = if rng.below(2) == 0 { text.to_lowercase() } else { text };
            out.push(Request { text, title: film.then_some(movie), genres: labels.iter().map(|g| g.to_string()).collect(), genres_known: true });
            continue;
        }
        let fill = |s: &str, rng: &mut Rng| s.replace("{d}", &decade_phrase(rng)).replace("{t}", &title);
        let kind = rng.below(20);
        let (body, named): (String, Vec<String>) = if kind < 3 || genres.is_empty() {
            let b = match kind {
                0 if mix.more_wordings && !titles => {
                    let k = rng.below(NO_GENRE.len() + MORE_NO_GENRE.len());
                    NO_GENRE.get(k).copied().unwrap_or_else(|| MORE_NO_GENRE[k - NO_GENRE.len()]).to_string()
                }
                0 => NO_GENRE[rng.below(NO_GENRE.len())].to_string(),
                1 => fill(BARE[rng.below(BARE.len())], &mut rng),
                _ => junk(&mut rng),
            };
            (b, vec![])
        } else {
            let k = if kind >= 17 { 2 } else { 1 };
            let mut named: Vec<String> = Vec::new();
            while named.len() < k.min(genres.len()) {
                let g = &genres[rng.below(genres.len())];
                if !named.contains(g) {
                    named.push(g.clone());
                }
            }
            let parts: Vec<String> = named.iter().map(|g| {
                let ws = wordings_for(g, mix.more_wordings && !titles);
                ws[rng.below(ws.len())].clone()
            }).collect();
            let mut b = parts.join([" and ", " with ", " mixed with "][rng.below(3)]);
            if rng.below(3) == 0 {
                b = format!("{b} {}", fill(TAILS[rng.below(TAILS.len())], &mut rng));
            }
            (b, named)
        };
        let mut text = if body.contains("{x}") { body } else { frames[rng.below(frames.len())].replace("{x}", &body) };
        if rng.below(3) == 0 {
            let mut c = text.chars();
            text = c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default();
        }
        let titled = text.contains(title.as_str());
        out.push(Request { text, title: titled.then_some(movie), genres: named, genres_known: true });
    }
    out
}

/// The catalogue movies whose titles (their article and anything in
/// parentheses aside) are made only of words `requests` use, one of three
/// letters or more: the titles a reader taught those requests might learn
/// never to name.
fn titles_of_words(catalog: &Catalog, requests: &[&str]) -> Vec<u32> {
    let used: std::collections::HashSet<String> = requests.iter().flat_map(|r| dualrec::pipeline::request::words(r)).collect();
    (0..catalog.len() as u32)
        .filter(|&i| {
            let title = catalog.movie(i).title.split(" (").next().unwrap_or_default().to_string();
            let w = dualrec::pipeline::request::words(&title);
            let w = if matches!(w.first().map(String::as_str), Some("the" | "a" | "an")) { &w[1..] } else { &w[..] };
            !w.is_empty() && w.iter().any(|x| x.len() >= 3) && w.iter().all(|x| used.contains(x))
        })
        .collect()
}

/// Labels the genres of the requests whose genres are not known (the
/// helper's), the film's title left out (its own words name no genre): by
/// the catalogue rules (`dualrec::pipeline::request::parse`), or by a
/// teacher engine's whole request reader (its rules and its LLM reader).
/// The rules miss most paraphrases ("a good cry" reads as no genre), and an
/// adapter trained on their labels learns to read paraphrases as none; a
/// teacher reader that reads them passes that on.
pub struct GenreLabeller<'e> {
    catalog: &'e Catalog,
    vocab: dualrec::pipeline::request::Vocabulary,
    teacher: Option<&'e dualrec::Engine>,
}

impl<'e> GenreLabeller<'e> {
    pub fn new(catalog: &'e Catalog, teacher: Option<&'e dualrec::Engine>) -> Result<GenreLabeller<'e>> {
        if let Some(t) = teacher {
            anyhow::ensure!(t.base_catalog().genre_names() == catalog.genre_names(), "the genre teacher's catalogue has other genres than the data's");
        }
        Ok(GenreLabeller { catalog, vocab: dualrec::pipeline::request::Vocabulary::new(catalog), teacher })
    }

    pub fn describe(&self) -> String {
        match self.teacher {
            Some(t) if t.reader().0.is_some() => "the genre teacher's request reader (rules and LLM reader), title left out".into(),
            Some(_) => "the genre teacher's rules (it has no LLM reader), title left out".into(),
            None => "the catalogue rules, title left out".into(),
        }
    }

    pub fn label(&self, requests: &mut [Request]) {
        let popularity = vec![0.0; self.catalog.len()];
        for r in requests.iter_mut().filter(|r| !r.genres_known) {
            let text = match r.title {
                Some(m) => {
                    let t = &self.catalog.movie(m).title;
                    r.text.replace(t.as_str(), " ").replace(t.to_lowercase().as_str(), " ")
                }
                None => r.text.clone(),
            };
            r.genres = match self.teacher {
                Some(t) => t.query_for_history(&[], &text, 1, &dualrec::pipeline::request::QueryWeights::default()).map(|a| a.intent.genres),
                None => dualrec::pipeline::request::parse(self.catalog, &self.vocab, &text, &popularity, &[]).map(|i| i.genres),
            }
            .unwrap_or_default();
            r.genres_known = true;
        }
    }
}

/// Training examples: the reader's prompt and its answer, as the SDK decodes them.
pub fn examples(lang: &Language, catalog: &Catalog, requests: &[Request], format_version: u32) -> Result<Vec<Example>> {
    requests
        .iter()
        .map(|r| {
            let prompt = lang.reader_prompt_tokens(&r.text, format_version)?;
            let mut tokens: Vec<u32> = prompt.iter().map(|&t| t as u32).collect();
            let prompt_len = tokens.len();
            // A genres-only adapter (format 1) never writes the film.
            let title = r.title.filter(|_| format_version >= 2).map(|m| catalog.movie(m));
            tokens.extend(lang.reader_answer_tokens(title, &r.genres).into_iter().map(|t| t as u32));
            Ok(Example { tokens, prompt_len })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::query::GENRE_WORDS;
    use dualrec::pipeline::request::{is_stop, words};

    #[test]
    fn evaluation_wordings_and_frames_are_held_out() {
        let paraphrase_words: Vec<String> = GENRE_WORDS.iter().flat_map(|g| words(g.1[2])).filter(|w| !is_stop(w)).collect();
        for (genre, ws) in TRAIN_WORDINGS {
            for w in ws.iter() {
                assert!(!GENRE_WORDS.iter().any(|g| g.1.contains(w)), "{genre}: {w:?} is an evaluation wording");
                for x in words(w) {
                    assert!(!paraphrase_words.contains(&x), "{genre}: {w:?} shares {x:?} with an evaluation paraphrase");
                }
            }
        }
        // The evaluation's frames: a bare wording, "... from <decade>", "... like <title>".
        for f in FRAMES.iter().chain(TAILS).chain(BARE) {
            assert_ne!(*f, "{x}", "a bare wording is the evaluation's frame");
            let ws = words(f);
            assert!(!ws.iter().any(|w| w == "from" || w == "like"), "frame {f:?} uses an evaluation frame's connector");
        }
    }

    #[test]
    fn reader_development_wordings_share_no_word_with_training_or_evaluation() {
        let mut used: Vec<String> = TRAIN_WORDINGS.iter().flat_map(|(_, ws)| ws.iter().flat_map(|w| words(w))).collect();
        used.extend(GENRE_WORDS.iter().flat_map(|g| g.1.iter().flat_map(|w| words(w))));
        for (p, _) in crate::eval::query::READER_DEV_WORDINGS {
            for x in words(p).into_iter().filter(|x| !is_stop(x)) {
                assert!(!used.contains(&x), "{p:?} shares {x:?} with a training or evaluation wording");
            }
        }
    }

    /// The title frames are held out from eval-query's: none is one of its
    /// 40 held-out frames or "something like {t}" (some do use "like").
    #[test]
    fn title_frames_are_not_the_evaluations() {
        use crate::eval::request_frames::{texts, NO_TITLE_REQUESTS, REFERENCE_FRAMES};
        for f in TITLE_FRAMES {
            assert!(!texts(REFERENCE_FRAMES).contains(f) && *f != "something like {t}", "{f:?} is an evaluation frame");
            assert_eq!(f.matches("{t}").count(), 1, "{f:?}");
        }
        assert!(NO_TITLE.iter().all(|r| !NO_TITLE_REQUESTS.contains(r)));
    }

    /// The conversational requests are not the evaluation's: none equals one
    /// of its requests, frames or wordings (case and punctuation aside), has
    /// a paraphrase in it, or has its frames' shape ("like {t}", "from the
    /// eighties"); labels are genre names.
    #[test]
    fn conversational_requests_are_held_out_and_labelled() {
        use crate::eval::query::{DEV_WORDINGS, READER_DEV_WORDINGS};
        use crate::eval::request_frames::{every_held_out_request, has_decade_frame};
        let norm = |t: &str| words(&t.replace("{t}", " qqtitle ")).join(" ");
        let mut held: Vec<String> = every_held_out_request().into_iter().map(norm).collect();
        held.extend(READER_DEV_WORDINGS.iter().map(|w| norm(w.0)).chain(DEV_WORDINGS.iter().map(|w| norm(w.0))));
        held.extend(GENRE_WORDS.iter().flat_map(|g| g.1.iter().map(|w| norm(w))));
        let paraphrases: Vec<String> = GENRE_WORDS.iter().map(|g| norm(g.1[2])).collect();
        let ml: Vec<&str> = TRAIN_WORDINGS.iter().map(|w| w.0).collect();
        let mut bad: Vec<String> = Vec::new();
        for (film, set) in [(true, CONVERSATION_FILM), (false, CONVERSATION_NO_FILM)] {
            assert!(set.len() >= 90, "{}", set.len());
            for (t, g) in set.iter() {
                let n = norm(t);
                if held.contains(&n) {
                    bad.push(format!("{t:?} is an evaluation request"));
                }
                if paraphrases.iter().any(|p| format!(" {n} ").contains(&format!(" {p} "))) {
                    bad.push(format!("{t:?} has an evaluation paraphrase"));
                }
                if n.contains("like qqtitle") || has_decade_frame(&n) {
                    bad.push(format!("{t:?} has an evaluation frame's shape"));
                }
                assert_eq!(t.matches("{t}").count(), usize::from(film), "{t:?}");
                assert!(g.iter().all(|g| ml.contains(g)), "{t:?}: {g:?}");
            }
            assert!(set.iter().filter(|r| r.1.is_empty()).count() * 3 > set.len(), "about half ask for no genre");
        }
        assert!(bad.is_empty(), "{bad:#?}");
    }

    /// The free-speech requests are not the evaluation's: none equals a
    /// blind set's request or a held-out frame's (case and punctuation
    /// aside); most of their films are in the catalogue, and a free-speech
    /// mix draws both kinds, the film labelled, in the title reader's requests only.
    #[test]
    fn free_speech_requests_are_held_out_and_found() {
        use crate::eval::query::film_requests::*;
        use crate::eval::request_frames::every_held_out_request;
        let norm = |t: &str| words(t).join(" ");
        let mut held: Vec<String> = every_held_out_request().into_iter().map(norm).collect();
        for films in [BLIND_FILMS_23, BLIND_FILMS_24, BLIND_FILMS_25, BLIND_FILMS_26, BLIND_FILMS_27, BLIND_FILMS_28, BLIND_FILMS_29, BLIND_FILMS_30, BLIND_FILMS_31, BLIND_FILMS_32, BLIND_FILMS_33, BLIND_FILMS_34, BLIND_FILMS_35] {
            held.extend(films.iter().map(|f| norm(f.2)));
        }
        for none in [BLIND_NO_FILM_23, BLIND_NO_FILM_24, BLIND_NO_FILM_25, BLIND_NO_FILM_26, BLIND_NO_FILM_27, BLIND_NO_FILM_28, BLIND_NO_FILM_29, BLIND_NO_FILM_30, BLIND_NO_FILM_31, BLIND_NO_FILM_32, BLIND_NO_FILM_33, BLIND_NO_FILM_34, BLIND_NO_FILM_35] {
            held.extend(none.iter().map(|r| norm(r)));
        }
        let ours: Vec<&str> = FREE_SPEECH_FILMS.iter().map(|f| f.2).chain(FREE_SPEECH_NO_FILM.iter().copied()).collect();
        assert!(FREE_SPEECH_FILMS.len() >= 200 && FREE_SPEECH_NO_FILM.len() >= 200);
        let bad: Vec<&&str> = ours.iter().filter(|r| held.contains(&norm(r))).collect();
        assert!(bad.is_empty(), "{bad:#?}");

        // The shipped catalogue (titles, years and genres only).
        let cat = Catalog::open_tsv(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/catalog.tsv")).expect("models/catalog.tsv");
        let found = FREE_SPEECH_FILMS.iter().filter(|f| catalogue_film(&cat, f.0, f.1).is_some()).count();
        assert!(found * 10 >= FREE_SPEECH_FILMS.len() * 7, "{found} of {}", FREE_SPEECH_FILMS.len());
        let mix = Mix { free_speech: 4, ..Mix::default() };
        let rs = generate(&cat, 800, 5, false, true, mix);
        let said: Vec<&Request> = rs.iter().filter(|r| FREE_SPEECH_FILMS.iter().any(|f| f.2 == r.text) || FREE_SPEECH_NO_FILM.contains(&r.text.as_str())).collect();
        assert!(said.len() > 120 && said.len() < 280, "{}", said.len());
        assert!(said.iter().all(|r| !r.genres_known));
        assert!(said.iter().all(|r| r.title.is_some() == FREE_SPEECH_FILMS.iter().any(|f| f.2 == r.text && catalogue_film(&cat, f.0, f.1) == r.title)));
        assert!(said.iter().any(|r| r.title.is_some()) && said.iter().any(|r| r.title.is_none()));
        let words_framed = titles_of_words(&cat, FREE_SPEECH_NO_FILM);
        assert!(words_framed.len() > 50, "{}", words_framed.len());
        let platoon = cat.titled("Platoon");
        assert!(platoon.iter().all(|m| words_framed.contains(m)) && !platoon.is_empty());
        let framed = generate(&cat, 800, 5, false, true, Mix { free_speech_framed: true, ..mix });
        let n_framed = framed.iter().filter(|r| r.title.is_some_and(|m| words_framed.contains(&m)) && TITLE_FRAMES.iter().any(|f| f.replace("{t}", &cat.movie(r.title.unwrap()).title).to_lowercase() == r.text.to_lowercase())).count();
        assert!(n_framed > 30, "{n_framed}");
        let genre_reader = generate(&cat, 800, 5, false, false, mix);
        assert!(genre_reader.iter().all(|r| !FREE_SPEECH_NO_FILM.contains(&r.text.as_str())));
        assert_eq!(generate(&cat, 200, 5, false, true, Mix::default()).iter().map(|r| &r.text).collect::<Vec<_>>(), generate(&cat, 200, 5, false, true, Mix { free_speech: 0, ..mix }).iter().map(|r| &r.text).collect::<Vec<_>>());
    }

    #[test]
    fn helper_requests_are_labelled_by_the_rules_without_their_title() {
        let m = |id, t: &str, y, g: &str| dualrec::model_dir::catalog::Movie::new(id, t, y, g);
        let c = Catalog::from_movies(vec![m(1, "Scary Movie", 2000, "Comedy|Horror"), m(2, "Heat", 1995, "Crime|Thriller")]).unwrap();
        let r = |text: &str, title| Request { text: text.into(), title, genres: vec![], genres_known: false };
        let mut rs = vec![r("scary movie but for kids", Some(0)), r("Scary Movie but funnier", Some(0)), r("a good cry on a rainy day", None)];
        GenreLabeller::new(&c, None).unwrap().label(&mut rs);
        let got: Vec<(Vec<String>, bool)> = rs.iter().map(|r| (r.genres.clone(), r.genres_known)).collect();
        assert_eq!(got, vec![(vec![], true), (vec!["Comedy".to_string()], true), (vec![], true)], "the title's own words name no genre");
        let a = generate(&c, 400, 3, false, true, Mix::default());
        assert!(a.iter().any(|r| !r.genres_known && r.title.is_some()) && a.iter().any(|r| !r.genres_known && r.title.is_none()));
        assert!(a.iter().filter(|r| r.title.is_some()).all(|r| r.text.to_lowercase().contains(&c.movie(r.title.unwrap()).title.to_lowercase())));
    }

    #[test]
    fn requests_are_seeded_and_name_catalogue_genres() {
        let m = |id, t: &str, y, g: &str| dualrec::model_dir::catalog::Movie::new(id, t, y, g);
        let c = Catalog::from_movies(vec![m(1, "Toy Story", 1995, "Animation|Comedy"), m(2, "Heat", 1995, "Crime|Thriller"), m(3, "Blorp", 2001, "Zarzuela")]).unwrap();
        let a = generate(&c, 200, 7, false, false, Mix::default());
        let b = generate(&c, 200, 7, false, false, Mix::default());
        assert_eq!(a.iter().map(|r| &r.text).collect::<Vec<_>>(), b.iter().map(|r| &r.text).collect::<Vec<_>>());
        let names = c.genre_names();
        assert!(a.iter().all(|r| r.genres.iter().all(|g| names.contains(g))));
        assert!(a.iter().any(|r| r.genres.is_empty()) && a.iter().any(|r| r.genres.len() == 2));
        assert!(a.iter().any(|r| r.genres == ["Zarzuela"] && r.text.contains("zarzuela")), "a genre outside the table is worded by its name");
        // Conversational requests keep the seed's others' order only where
        // asked for, and never teach a genre the catalogue lacks.
        let talk = generate(&c, 400, 7, false, false, Mix { conversation: 4, ..Mix::default() });
        assert!(talk.iter().any(|r| r.title.is_some() && r.genres.is_empty() && !r.text.contains("{t}")));
        assert!(talk.iter().all(|r| r.genres.iter().all(|g| names.contains(g))));
        assert_ne!(talk.iter().map(|r| &r.text).collect::<Vec<_>>(), a.iter().map(|r| &r.text).collect::<Vec<_>>());
        let films = generate(&c, 400, 7, false, false, Mix { conversation: 8, films_only: true, ..Mix::default() });
        assert!(!films.iter().any(|r| CONVERSATION_NO_FILM.iter().any(|x| x.0.eq_ignore_ascii_case(&r.text))));
        assert!(films.iter().any(|r| CONVERSATION_FILM.iter().any(|x| x.0.replace("{t}", &c.movie(r.title.unwrap_or(0)).title).eq_ignore_ascii_case(&r.text))));
    }
}
