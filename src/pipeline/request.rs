//! A viewer's request ("something scary from the eighties", "a comedy like
//! Toy Story") read into an [`Intent`] the catalogue understands, and the
//! personal ranking narrowed to it.
//!
//! Rules read from the catalogue: genres from the catalogue's own
//! vocabulary (plus English synonyms for MovieLens-style genre names), a
//! year range, reference titles grounded to catalogue movies (after "like"
//! and its kin; after weaker cues such as "than" or "another" only as whole
//! titles; and whole titles standing alone, "pulp fiction but funnier"), and
//! the remaining words that occur in catalogue titles. When some phrase is left
//! that no rule read and the engine has the LLM request reader (the
//! `lm-reader` adapter), the LLM names the genres the whole request asks
//! for, decoding only catalogue genre names ("something set in outer space"
//! -> Sci-Fi), kept as suggested genres ([`LLM_GENRES_SOFT`]); where it
//! names none, the phrases are compared by Sentence-BERT with example phrases
//! of each MovieLens genre ([`EXEMPLAR_SIMILARITY`], docs/eval/llm-then-exemplars/:
//! the LLM knows short names, "a good doc"; the examples, descriptions of
//! a genre). Where the rules found no
//! reference, a second adapter (`lm-reader-titles`) names the film the
//! request refers to, kept only when the request has half its title's own
//! words ("we just finished Ghostbusters"). Without the LLM, such phrases are
//! compared with the genres by Sentence-BERT when the semantic stage runs,
//! above a similarity threshold chosen on development wordings. Anything
//! else is dropped; a request with nothing left is refused, not guessed at.
//!
//! Ranking: explicit genres and years are hard filters; reference titles and
//! free words are soft (Sentence-BERT similarity, when the semantic stage
//! runs), and so is the share of a movie's genres that were asked for, or
//! that the LLM suggested: its genres were inferred, not said, and a wrong
//! one would remove the answer.
//! Within what passes, the viewer's own fused order leads: the learned
//! fusion re-scores the viewer's best 4,000 movies, not only the top 50 a
//! plain recommendation needs, because a filter reaches deep into the order.
//! The fused pool is the viewer's unfiltered one (validation chose it once
//! the LLM's genres weighed instead of filtering; `QueryWeights::within`
//! draws it from the movies the intent admits). The LLM's
//! genres are taken only where it beat "none" by a margin
//! ([`LLM_GENRE_MARGIN`]): in conversational requests ("grandma says X is
//! the best thing she's ever seen") the reader otherwise reads genres nobody
//! asked for.
//! [`QueryWeights`] also offers the references' co-watching and the
//! viewer's own watches that the filters admit (their co-watching, their
//! similarity); validation weighs none of them by default.
//! A reference title two movies share is the one the viewer watched. A
//! reference no title matches as written is corrected to the title a letter
//! or two away ("jurasic park"): speech recognition and keyboards slip.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::error::{Error, Result};
use crate::model_dir::catalog::Catalog;
use crate::stages::language::Language;
use crate::stages::semantic::encoder::dot;
use crate::stages::semantic::Rows;
use crate::types::{Recommendation, SOURCE_SEMANTIC, STAGE_SEMANTIC};

use super::title_linker::{proposals, Proposal, TitleForms, TitleLinker, WordKinds, TITLE_LINKER};
use super::{Pipeline, Titles};

/// Words of a request read; the rest is ignored (and said so in the intent).
pub const MAX_WORDS: usize = 64;
/// How the soft parts of a request weigh against the viewer's own order, in
/// standard deviations of each term over the candidates. The defaults were
/// chosen on validation requests (`dualrec-train eval-query --fit-weights`,
/// docs/eval/query.json).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueryWeights {
    /// Similarity to the reference titles.
    pub reference: f32,
    /// Similarity to the request's free words.
    pub words: f32,
    /// Share of a movie's genres that are the requested ones ("a comedy": pure comedies first).
    pub genre_share: f32,
    /// Co-watching with the reference titles (the collaborative weights
    /// from each reference to the movie): "like X" as viewers of X mean it.
    pub reference_collab: f32,
    /// Co-watching with the viewer's own watches that the request's filters
    /// admit ("a comedy": what this viewer's comedies are watched with).
    pub matched_collab: f32,
    /// Sentence-BERT similarity to the mean of the viewer's last
    /// [`MATCHED_RECENT`] watches that the request's filters admit.
    pub matched_similarity: f32,
    /// Draw the fused pool from the movies the intent admits, so that every
    /// stage's evidence ranks inside it; else the pool is the viewer's
    /// unfiltered one and movies outside it follow by the sequential score.
    pub within: bool,
    /// How many of the viewer's (admitted, with `within`) movies the learned
    /// fusion re-scores; below the fusion's own pool, its pool.
    pub pool: u32,
    /// The LLM reader's genres are taken only when its first genre beat
    /// "none" by at least this logit margin ([`RequestRead::genre_margin`]);
    /// 0 takes every genre it writes. A genre read filters the answer, so
    /// one nobody asked for costs more than one missed.
    ///
    /// [`RequestRead::genre_margin`]: crate::stages::language::RequestRead::genre_margin
    pub llm_genre_margin: f32,
    /// Below `llm_genre_margin`, the LLM reader's genres are still taken
    /// where its margin is at least this and each is also Sentence-BERT's
    /// most similar genre for one of the request's unread phrases, at a
    /// similarity of at least `llm_agreed_similarity`: two readers that make
    /// different mistakes agreeing. Infinite (the default): never.
    pub llm_agreed_margin: f32,
    pub llm_agreed_similarity: f32,
    /// 0: the LLM reader's genres filter like the rules'. Above 0 (the
    /// library: [`LLM_GENRES_SOFT`]) they do not filter (they were inferred,
    /// not said): a movie gains this weight times the share of its genres
    /// that the LLM suggested.
    pub llm_genres_soft: f32,
    /// Finite: the genres of the phrases no rule read are read by comparing
    /// them with [`genre_exemplars`](super::genre_exemplars) (Sentence-BERT;
    /// a genre's similarity is the mean of its `NEIGHBOURS` most similar
    /// phrases), taken where the best is a genre at a similarity of at least
    /// this; with or without the LLM reader (see `exemplars_after_llm`).
    /// They weigh as the LLM's genres do (`llm_genres_soft`). Only for a
    /// catalogue with MovieLens genre names (the examples are theirs).
    /// The library: [`EXEMPLAR_SIMILARITY`]. Infinite: the LLM reader names
    /// them, or without it the genres' names.
    pub exemplar_similarity: f32,
    /// With `exemplar_similarity` finite: the LLM reader's genres are taken
    /// where it names one (past `llm_genre_margin`), the example phrases'
    /// only where it names none (the LLM knows short names such as "a doc";
    /// the phrases, descriptions). False (the library, since the
    /// written-requests candidate's third test): the example phrases alone,
    /// the LLM then naming only the film (one pass, its genres not read).
    pub exemplars_after_llm: bool,
    /// With `exemplars_after_llm`: where the LLM reader named genres, the
    /// example phrases' genre replaces them when it is another one at a
    /// similarity of at least this (a description the examples know well,
    /// which the LLM misread). Infinite (the default): never.
    pub exemplar_override: f32,
    /// With `exemplar_similarity` finite: the example phrases also include
    /// the genre requests written for the first `written_sets` earlier
    /// held-out tests ([`ALL_SETS`](super::written_requests::ALL_SETS), in
    /// the order written), not only [`genre_exemplars`](super::genre_exemplars).
    /// The library: [`WRITTEN_SETS`].
    pub written_sets: usize,
    /// With `exemplar_similarity` finite: the phrase compared with the
    /// example phrases is the request's words that no rule read, as written
    /// ([`Intent::unread_text`]: "a guy who wakes up in the body of his
    /// boss"), as the examples are; false: the runs of content words alone
    /// ("guy wakes up body boss"), which lose what the small words say.
    pub phrase_as_written: bool,
    /// The rules read "family" as Children's only where it says who watches
    /// ("a family film", "for the whole family"), not where a family is
    /// what the film is about ("a family falling apart", a drama): of the
    /// written requests with "family", 11 ask for Children's and 48 for
    /// another genre ([`ReadOptions::family_as_audience`]). The library: true
    /// (docs/eval/written-phrases/README.md, with the later written sets).
    pub family_as_audience: bool,
    /// With `exemplar_similarity` finite: the phrases asking for no genre
    /// also include [`WRITTEN_NO_GENRE`](super::genre_exemplars::WRITTEN_NO_GENRE),
    /// requests written to ask for none (follow-ups, length, who watches,
    /// filler), so that such words are read as asking none. The library:
    /// true (docs/eval/written-phrases/README.md, the second candidate).
    pub written_none: bool,
    /// With `exemplar_similarity` finite: 0 reads an unread phrase's genre by
    /// its nearest example phrases (`exemplar_similarity`); above 0, by a
    /// genre probe (multinomial logistic regression over the same labelled
    /// phrases, sklearn's C this value; [`GenreProbe`]), taken where its most
    /// probable label is a genre with a probability of at least `probe_least`.
    /// The library: 0 (docs/eval/genre-probe/README.md).
    pub probe_c: f32,
    /// With `probe_c` above 0: the least probability of the probe's genre
    /// (where the LLM's genres are replaced, `exemplar_override` is).
    pub probe_least: f32,
    /// With `exemplar_similarity` finite and no probe: 0 reads the unread
    /// words as one phrase; n above 0 (the library: [`CLAUSE_WORDS`]), where that phrase reads
    /// no genre and the request has two or more clauses
    /// ([`Intent::unread_clauses`]), also each clause of at least n words,
    /// taking the genre of the one most similar to its example phrases at
    /// `clause_similarity` or more ("my boss yelled at me today, traffic was
    /// terrible, and i just want somebody to kick down doors": the last
    /// clause alone reads Action, the whole does not).
    pub clause_words: usize,
    /// With `clause_words` above 0: the least similarity of a clause's genre.
    pub clause_similarity: f32,
    /// With `exemplar_similarity` finite and no probe: 0 reads every unread
    /// phrase at `exemplar_similarity`; n above 0, a phrase of at least n
    /// words at `long_similarity` instead. A long phrase (a film's premise:
    /// "a widow learning to run her late husband's bakery alone") is less
    /// similar to the short example phrases than a short one asking as
    /// clearly, and the requests asking no genre are mostly short
    /// (docs/eval/long-phrases/README.md). The library: [`LONG_WORDS`] at
    /// [`LONG_SIMILARITY`], with [`LONG_MARGIN`] and `long_unruled` (alone, 6
    /// at 0.4 read fresh wordings better but read genres into long requests
    /// asking none; with `long_margin` it read a second genre into direct
    /// wordings).
    pub long_words: usize,
    /// With `long_words` above 0: the least similarity of a long phrase's genre.
    pub long_similarity: f32,
    /// With `long_words` above 0: a long phrase's genre below
    /// `exemplar_similarity` is taken only where its similarity exceeds that
    /// of the phrases asking none by at least this (0: always). A viewer
    /// explaining their evening at length ("my friends bailed on me, so it's
    /// just me and a pizza tonight") is long too, but about as near the
    /// phrases asking none as any genre's (docs/eval/long-phrases/README.md,
    /// the second candidate). The library: [`LONG_MARGIN`].
    pub long_margin: f32,
    /// With `long_words` above 0: a long phrase read at `long_similarity`
    /// only where the rules read no genre. Where they read the genre a
    /// viewer names ("the rain ruined half the crop so i'm feeling heavy,
    /// put on a drama"), the long rest is what the viewer adds around it, and
    /// read lower it added a second genre (docs/eval/long-phrases/README.md,
    /// the third candidate). The library: true.
    pub long_unruled: bool,
    /// With `clause_words` above 0: the clauses read only where the rules
    /// read no genre (as `long_unruled`). The library: true (chosen with it).
    pub clause_unruled: bool,
    /// The film the LLM reader names is taken only where its title line beat
    /// the end of the answer by at least this ([`RequestRead::title_margin`]):
    /// everyday words make up whole titles ("i can't sleep", "night shift
    /// just started"), and a request naming no film can still read as one.
    /// The library: negative infinity (any film it names).
    ///
    /// [`RequestRead::title_margin`]: crate::stages::language::RequestRead::title_margin
    pub llm_title_margin: f32,
    /// Some((most, margin)): the LLM reader's film is taken only where the
    /// request says one of its title's own words that the requests the
    /// library holds (example phrases, written requests: none names a film)
    /// use at most `most` times, or where its title margin is at least
    /// `margin`. A film read from everyday words ("we're" for *We're No
    /// Angels*) is not; "fargo" or "casablanca" is
    /// (docs/eval/title-margin/README.md, the second candidate; shipped with
    /// the third). The library: Some([`LLM_TITLE_EVERYDAY`]); None: any film it names.
    pub llm_title_everyday: Option<(u32, f32)>,
    /// With `llm_title_everyday`: the LLM reader's film is also taken where
    /// the request says its main title (its leading article aside) word for
    /// word, of two words or more ("the great escape was on every bank
    /// holiday"): a title of everyday words said whole and in order is
    /// named, where a word or two of it ("we're", "half") is not
    /// (docs/eval/title-margin/README.md, the third candidate). The
    /// library: true.
    pub llm_title_said_run: bool,
    /// Films named as people say them ([`ReadOptions::free_speech_titles`]): a
    /// title word that is no everyday English word ("shawshank"), spoken
    /// numbers above twenty ("two thousand and one"), a series' name as its
    /// first film ("star wars"), a character in a film ("like that fella in
    /// rear window"), and a long title said whole ("talking about it
    /// happened one night"). The library: true (docs/eval/free-speech-titles/README.md:
    /// shipped after the second candidate's pre-registered test on a
    /// twenty-sixth blind set, films named in free speech grounded 0.681 →
    /// 0.725, nothing lost elsewhere).
    pub free_speech_titles: bool,
    /// Some(most): where the LLM reader names a film the request does not
    /// say, its title is decoded again among the titles the request says
    /// whole (every own word; of four or more, at least half and two), one
    /// of whose said words the library's requests use at most `most` times.
    /// The small model hears that a film is named and spells out a neighbour
    /// of it ("love jaws" as *Jawbreaker*, "metropolis" as *Metropolitan*),
    /// which is then dropped; but it also names films in most requests
    /// naming none, so only titles of a rare word are open again
    /// (docs/eval/llm-title-among-said/README.md). None (the library): not again.
    pub llm_title_again: Option<u32>,
    /// Titles as people shorten and reshape them ([`ReadOptions::said_title_forms`]):
    /// abbreviations said in full ("doctor strangelove"), a dropped g said
    /// ("singing in the rain"), a title said without its small words
    /// ("wonderful life", "how green is my valley"), a number title said in
    /// words ("two thousand and one"), a one-word title the request points
    /// back to ("won't shut up about metropolis, anything like it"); and no
    /// partial title after a cue from words such as "did" or "isn't" ("like
    /// that did" is not *I Saw What You Did*). The library: true, with
    /// `title_first` (docs/eval/said-title-forms/README.md: alone, the first
    /// candidate failed its test on a twenty-eighth blind set, +0.019; with
    /// `title_first`, the second passed on a twenty-ninth, films named in
    /// free speech grounded 0.697 -> 0.848, nothing lost elsewhere).
    pub said_title_forms: bool,
    /// With `said_title_forms`: a title said as a clause of its own, then
    /// described ("great escape, steve mcqueen on the motorbike", "that old
    /// silent one with the robot woman, metropolis i think"), and "the first
    /// rocky" for a series' first film ([`ReadOptions::title_first`]). The
    /// library: true (the second candidate of docs/eval/said-title-forms/README.md).
    pub title_first: bool,
    /// With `title_first`: a title said as a clause of its own may be
    /// misspelled or with a plural changed ("one flew over the cookoo's
    /// nest", "silence of the lamb with anthony hopkins"), and more hedges
    /// follow it ("the general i think it's called")
    /// ([`ReadOptions::clause_misspellings`]). False (the library): the third
    /// candidate of docs/eval/said-title-forms/README.md.
    pub clause_misspellings: bool,
    /// Titles said around their description, with an owner, their initials
    /// or a plural changed, a film dated by "the original", "black and
    /// white" as a description ([`ReadOptions::more_said_forms`]). True (the
    /// library) since the fourth candidate of
    /// docs/eval/said-title-forms/README.md passed its test (the
    /// thirty-first set's films 0.837 -> 0.913).
    pub more_said_forms: bool,
    /// Some(percent): a film the rules read without a strong cue from
    /// everyday words alone ("i can't sleep" for *I Can't Sleep*, "after the
    /// match" for *The Match*; every own word of its title used by the
    /// library's requests more than [`SAID_RARE_MOST`] times) is taken only
    /// where it is among the catalogue's `percent`% most watched, and a
    /// name said with "'s" ("margaret's gone to her daughter's") counts as a
    /// name, whose whole title must be said; the LLM reader's film too
    /// ([`ReadOptions::everyday_titles_top`];
    /// docs/eval/said-title-forms/README.md, the sixth candidate). None (the
    /// library): any.
    pub everyday_titles_top: Option<u8>,
    /// The films a request names decided by the title linker over what the
    /// rules and the LLM reader read and every title said word for word
    /// (docs/eval/title-linker/README.md; the library: [`TITLE_LINKER`]).
    /// None: as they read them.
    pub title_linker: Option<TitleLinker>,
}

impl QueryWeights {
    /// The library's reading before the written requests shipped (2026-12-05,
    /// session 33): the LLM reader names the genres first, the example phrases
    /// (without the written requests) read where it names none. For
    /// side-by-side measures and tests of the LLM's genres. The readings
    /// shipped after it (clauses, long phrases) are off, as they were then.
    pub fn llm_first() -> QueryWeights {
        QueryWeights {
            exemplars_after_llm: true,
            written_sets: 0,
            phrase_as_written: false,
            family_as_audience: false,
            written_none: false,
            clause_words: 0,
            clause_unruled: false,
            long_words: 0,
            long_unruled: false,
            ..QueryWeights::default()
        }
    }

    /// Whether genres are read by the example phrases alone, so that the LLM
    /// reader is asked only for the film (where the catalogue has genre
    /// examples and the engine the semantic stage): the library's reading.
    pub fn llm_names_film_only(&self) -> bool {
        self.exemplar_similarity.is_finite() && !self.exemplars_after_llm
    }
}

impl Default for QueryWeights {
    fn default() -> Self {
        // Chosen on 1,000 validation requests (docs/eval/query.json "weight_fit",
        // 2026-12-05, with the LLM's genres weighing): NDCG@10 0.4337, against
        // 0.4330 without the genre share and, at the first stage, 0.4330 with
        // the pool drawn outside the intent against 0.4323 inside it (before
        // the LLM's genres weighed, inside won by as little: 0.4300 against
        // 0.4282). The free words, the references' co-watching, the viewer's
        // matching watches and the fused score instead of -ln(rank) as the
        // viewer's term did not help there. The genres of phrases no rule
        // read: the example phrases and the written requests alone, at
        // EXEMPLAR_SIMILARITY (docs/eval/written-requests/README.md, the third
        // test: genre F1 +0.073 over the LLM-first reading on fresh wordings),
        // with every written set, "family" as Children's only as the
        // audience and written requests asking for no genre among the phrases
        // asking none (docs/eval/written-phrases/README.md: +0.075 on a
        // thirteenth set, +0.029 on a fourteenth); where the whole reads no
        // genre, clause by clause (docs/eval/clauses/README.md: +0.022 on a
        // seventeenth); where the rules read no genre, long phrases lower
        // (docs/eval/long-phrases/README.md: +0.041 on a twentieth). Films
        // named as people say them (docs/eval/free-speech-titles/README.md: +0.044
        // on a twenty-sixth set's films named in free speech), and as people
        // shorten them or say them first and then describe them
        // (docs/eval/said-title-forms/README.md: +0.152 on a twenty-ninth).
        // Which of the films read, or titles said word for word, a request
        // names, decided by the fitted title linker (docs/eval/title-linker/README.md:
        // requests naming none read with none +0.037 on a thirty-fourth set).
        QueryWeights { reference: 2.0, words: 0.0, genre_share: 0.5, reference_collab: 0.0, matched_collab: 0.0, matched_similarity: 0.0, within: false, pool: 4000, llm_genre_margin: LLM_GENRE_MARGIN, llm_agreed_margin: f32::INFINITY, llm_agreed_similarity: GENRE_SIMILARITY, llm_genres_soft: LLM_GENRES_SOFT, exemplar_similarity: EXEMPLAR_SIMILARITY, exemplars_after_llm: false, exemplar_override: f32::INFINITY, written_sets: WRITTEN_SETS, phrase_as_written: false, family_as_audience: true, written_none: true, probe_c: 0.0, probe_least: 0.0, clause_words: CLAUSE_WORDS, clause_similarity: EXEMPLAR_SIMILARITY, long_words: LONG_WORDS, long_similarity: LONG_SIMILARITY, long_margin: LONG_MARGIN, long_unruled: true, clause_unruled: true, llm_title_margin: f32::NEG_INFINITY, llm_title_everyday: Some(LLM_TITLE_EVERYDAY), llm_title_said_run: true, free_speech_titles: true, llm_title_again: None, said_title_forms: true, title_first: true, clause_misspellings: false, more_said_forms: true, everyday_titles_top: None, title_linker: Some(TITLE_LINKER) }
    }
}

/// The library's [`QueryWeights::exemplar_similarity`], with the example
/// phrases read where the LLM reader names no genre: chosen on development
/// requests (objective 0.800 against 0.792 without them) and shipped after a
/// pre-registered test on an eighth blind set of genre wordings: genre F1
/// 0.609 against 0.576, +0.033 (+0.006…+0.073 resampling wordings),
/// HR@10 unchanged (docs/eval/llm-then-exemplars/README.md).
pub const EXEMPLAR_SIMILARITY: f32 = 0.5;
/// The library's [`QueryWeights::written_sets`]: every set, the fifth to
/// thirteenth (docs/eval/written-phrases/README.md: the fifth to twelfth
/// shipped with `family_as_audience` by a pre-registered test on a
/// thirteenth blind set, genre F1 0.872 against 0.797; the thirteenth with
/// `written_none` by a second, on a fourteenth set, 0.875 against 0.846).
pub const WRITTEN_SETS: usize = 9;

/// The library's [`QueryWeights::clause_words`], at `exemplar_similarity`:
/// chosen on development requests (objective 0.8917 against 0.8882, over
/// 2+ words and 0.55) and shipped after a pre-registered test on a
/// seventeenth blind set: genre F1 0.872 against 0.850, +0.022
/// (+0.007…+0.040 resampling wordings), HR@10 not lower on any request set
/// (docs/eval/clauses/README.md). It reads a genre into more frames that ask
/// none (fourth and fifth frames: +0.031 and +0.020).
pub const CLAUSE_WORDS: usize = 1;

/// The library's long-phrase reading ([`QueryWeights::long_words`],
/// `long_similarity`, `long_margin`, read only where the rules read no genre,
/// the clauses too: `long_unruled`, `clause_unruled`): chosen on development
/// requests (objective 0.9023 against 0.8917) and shipped after a
/// pre-registered test on a twentieth blind set: genre F1 0.873 → 0.914,
/// +0.041 (+0.018…+0.068 resampling wordings), direct wordings +0.016,
/// indirect +0.087, HR@10 not lower on any request set, its requests asking
/// none read with a genre 0.085 → 0.103 (docs/eval/long-phrases/README.md,
/// the third candidate).
pub const LONG_WORDS: usize = 6;
/// See [`LONG_WORDS`].
pub const LONG_SIMILARITY: f32 = 0.35;
/// See [`LONG_WORDS`].
pub const LONG_MARGIN: f32 = 0.12;

/// The library's [`QueryWeights::llm_genres_soft`]: chosen on validation
/// requests (NDCG@10 0.4310 against 0.4211 filtering) and shipped after a
/// pre-registered test on frames written blind for it: HR@10 +0.055
/// (+0.033…+0.080) there, −0.012 on the templated requests
/// (docs/eval/soft-llm-genres/README.md).
pub const LLM_GENRES_SOFT: f32 = 0.5;

/// The library's [`QueryWeights::llm_genre_margin`]: chosen on development
/// requests (`dualrec-train eval-query`, docs/eval/query.json
/// "genre_margin_choice"). At 0 the reader read a genre into 29% of those
/// that name a film and ask for none ("what do people who loved X watch?" as
/// a Musical) and into 42% of those that name none and ask for none ("what's
/// good tonight"); at 3 into 7% and none, for genre F1 0.675 instead of 0.70
/// on its development wordings.
pub const LLM_GENRE_MARGIN: f32 = 3.0;

/// The library's [`QueryWeights::llm_title_everyday`], with
/// `llm_title_said_run`: the LLM reader's film is taken where the request
/// says one of its title's own words that the library's requests use at most
/// twice, its title margin is at least 4, or it says its main title word for
/// word. Chosen on development requests (the twenty-third to thirty-first
/// blind sets among them) and shipped after a pre-registered test on the
/// thirty-second (docs/eval/title-margin/README.md, the third candidate):
/// requests naming none read with no film 0.842 → 0.908 there, its films
/// grounded unchanged; genre wordings read alone with no film 0.875 → 0.955,
/// HR@10 +0.009 on them.
pub const LLM_TITLE_EVERYDAY: (u32, f32) = (2, 4.0);

/// How many of the viewer's latest watches that the filters admit make the
/// `matched_similarity` term's profile.
pub const MATCHED_RECENT: usize = 20;

/// The soft evidence a request's candidates are ranked by, beside the
/// viewer's order; each is absent where its weight is 0 or its stage is off.
#[derive(Debug, Default)]
pub struct SoftEvidence {
    /// Sentence-BERT embedding of the request's free words.
    pub words_row: Option<Vec<f32>>,
    /// Collaborative weights from the references to each candidate.
    pub co_watched: Option<Vec<f32>>,
    /// Collaborative weights from the viewer's admitted watches to each candidate.
    pub matched_co_watched: Option<Vec<f32>>,
    /// Mean Sentence-BERT row of the viewer's latest admitted watches.
    pub matched_row: Option<Vec<f32>>,
}

/// How genres are read from phrases no rule read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnreadPhrases {
    /// Compared with the genres by Sentence-BERT (the reader without an LLM).
    Similarity,
    /// The LLM request reader names the whole request's genres.
    Llm,
    /// The LLM; where it names none, Sentence-BERT as without it.
    LlmThenSimilarity,
}

/// What `recommend_query` uses when the engine has the LLM reader: chosen on
/// development wordings that neither the reader's training nor the
/// evaluation uses (docs/eval/query.json, "unread_phrases_choice").
pub const UNREAD_PHRASES: UnreadPhrases = UnreadPhrases::Llm;

/// Least Sentence-BERT cosine between an unread phrase and a genre's phrases
/// for the phrase to name that genre. Chosen on development wordings that the
/// evaluation's do not repeat (`dualrec-train eval-query`, docs/eval/query.json).
pub const GENRE_SIMILARITY: f32 = 0.40;

/// What a request asks for, in the catalogue's terms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Intent {
    /// Genres, spelled as the catalogue spells them.
    pub genres: Vec<String>,
    /// Inclusive release-year range.
    pub years: Option<(u16, u16)>,
    /// Catalogue indices of the titles the request names ("like Toy Story").
    pub references: Vec<u32>,
    /// Request words that occur in catalogue titles, not read as anything above.
    pub words: Vec<String>,
    /// Runs of words no rule read (tried against the genres by similarity).
    pub unread: Vec<String>,
    /// [`Intent::unread`] cut also at clause boundaries (punctuation between
    /// words, "so", "but", "because", "since", "then", "and i"), the
    /// boundary words dropped: what is read clause by clause where the whole
    /// reads no genre ([`QueryWeights::clause_words`]).
    pub unread_clauses: Vec<String>,
    /// The request's words no rule read, stop words included, as written
    /// (apostrophes and case kept, one space between): what the example
    /// phrases are compared with under [`QueryWeights::phrase_as_written`].
    pub unread_text: String,
    /// The request had more than [`MAX_WORDS`] words; the rest was not read.
    pub truncated: bool,
    /// Whether the LLM reader read the request (by the library's reading,
    /// for the film it names; its genres only with `exemplars_after_llm`).
    pub read_by_llm: bool,
    /// Genres inferred from phrases no rule read (by the example phrases, or
    /// the LLM reader), where they weigh instead of filtering ([`QueryWeights::llm_genres_soft`]).
    pub suggested_genres: Vec<String>,
    /// The film the LLM reader named where the rules found none, whether
    /// taken or not: the film, how sure it was ([`QueryWeights::llm_title_margin`])
    /// and the fewest times the library's requests use one of its title's
    /// own words the request says ([`QueryWeights::llm_title_everyday`]).
    pub llm_title: Option<LlmTitle>,
}

/// The film the LLM reader named where the rules found none ([`Intent::llm_title`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LlmTitle {
    /// The catalogue index.
    pub movie: u32,
    /// How sure it was ([`QueryWeights::llm_title_margin`]; None: no choice was made).
    pub margin: Option<f32>,
    /// The fewest times the library's requests use one of its title's own
    /// words the request says ([`QueryWeights::llm_title_everyday`]; None: it says none).
    pub fewest_everyday_uses: Option<u32>,
    /// The request says its main title word for word, of two words or more ([`QueryWeights::llm_title_said_run`]).
    pub said_in_a_run: bool,
}

impl LlmTitle {
    /// Whether `weights` take it, where it is said ([`written_in`]) and named, not described.
    pub fn sure(&self, weights: &QueryWeights) -> bool {
        let margin = self.margin.unwrap_or(f32::INFINITY);
        let rare = |most: u32| self.fewest_everyday_uses.is_some_and(|n| n <= most);
        margin >= weights.llm_title_margin && weights.llm_title_everyday.is_none_or(|(most, least)| margin >= least || rare(most) || (weights.llm_title_said_run && self.said_in_a_run))
    }
}

impl Intent {
    pub fn is_empty(&self) -> bool {
        self.genres.is_empty() && self.suggested_genres.is_empty() && self.years.is_none() && self.references.is_empty() && self.words.is_empty()
    }

    /// Where genres the request implies but does not say (the LLM's, the
    /// example phrases') go: suggested where they weigh (`llm_genres_soft`),
    /// else among those that filter.
    fn inferred_genres(&mut self, weights: &QueryWeights) -> &mut Vec<String> {
        if weights.llm_genres_soft > 0.0 { &mut self.suggested_genres } else { &mut self.genres }
    }

    /// Adds an implied genre where [`inferred_genres`](Self::inferred_genres)
    /// puts it, unless the request already has it among either list (a genre
    /// the rules read, suggested again, would weigh single-genre movies up
    /// inside its own filter). Whether it was added.
    fn infer(&mut self, genre: &str, weights: &QueryWeights) -> bool {
        if self.genres.iter().chain(&self.suggested_genres).any(|g| g == genre) {
            return false;
        }
        self.inferred_genres(weights).push(genre.to_string());
        true
    }

    /// Every genre read: those that filter, then those suggested.
    pub fn all_genres(&self) -> Vec<String> {
        self.genres.iter().chain(self.suggested_genres.iter().filter(|g| !self.genres.contains(g))).cloned().collect()
    }

    /// "genres Horror; years 1980-1989; like Toy Story (1995)".
    pub fn describe(&self, catalog: &Catalog) -> String {
        let mut parts = Vec::new();
        if !self.genres.is_empty() {
            parts.push(format!("genres {}", self.genres.join(" or ")));
        }
        if !self.suggested_genres.is_empty() {
            parts.push(format!("suggested genres {}", self.suggested_genres.join(" or ")));
        }
        if let Some((a, b)) = self.years {
            parts.push(if a == b { format!("year {a}") } else { format!("years {a}-{b}") });
        }
        if !self.references.is_empty() {
            parts.push(format!("like {}", self.references.iter().map(|&i| catalog.movie(i).display()).collect::<Vec<_>>().join(", ")));
        }
        if !self.words.is_empty() {
            parts.push(format!("words {}", self.words.join(" ")));
        }
        parts.join("; ")
    }
}

/// Lowercase words of `text`: letters and digits of any script; an apostrophe joins ("80's" -> "80s").
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            cur.extend(ch.to_lowercase());
        } else if (ch == '\'' || ch == '’') && !cur.is_empty() {
            continue;
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The byte range of each of [`words`]' words in `text`, as written (an
/// apostrophe inside a word kept).
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (at, ch) in text.char_indices() {
        if ch.is_alphanumeric() {
            let end = at + ch.len_utf8();
            cur = Some(cur.map_or((at, end), |c| (c.0, end)));
        } else if (ch == '\'' || ch == '’') && cur.is_some() {
            continue;
        } else if let Some(c) = cur.take() {
            out.push(c);
        }
    }
    out.extend(cur);
    out
}

/// Words that start a clause ("..., so i want", "but", "because"); dropped
/// from the clause they start.
const CLAUSE_STARTS: &[&str] = &["so", "but", "because", "cause", "cuz", "since", "then"];

/// The runs of unread content words (`ws[i]` not `used`, not a stop word),
/// cut where a rule read a word, where the text between two words holds
/// punctuation that ends a clause (`spans`: `ws`' byte ranges in `request`),
/// and before a clause word or "and i"/"and we" (the clause word dropped).
fn clauses(request: &str, spans: &[(usize, usize)], ws: &[String], used: &[bool]) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let gap = if i > 0 { &request[spans[i - 1].1..spans[i].0] } else { "" };
        let punct = gap.contains([',', '.', ';', ':', '!', '?', '(', ')']) || gap.contains(" - ") || gap.contains(['–', '—']);
        let and_i = w == "and" && ws.get(i + 1).is_some_and(|n| n == "i" || n == "we");
        let boundary = punct || used[i] || CLAUSE_STARTS.contains(&w.as_str()) || and_i;
        if boundary && !run.is_empty() {
            out.push(std::mem::take(&mut run).join(" "));
        }
        if !used[i] && !STOP.contains(&w.as_str()) && !CLAUSE_STARTS.contains(&w.as_str()) {
            run.push(w);
        }
    }
    if !run.is_empty() {
        out.push(run.join(" "));
    }
    out
}

/// English phrases for MovieLens genre names; used only for genres the catalogue has.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("Horror", &["horror", "scary", "scarier", "scariest", "frightening", "creepy", "spooky", "terrifying", "slasher", "horrors"]),
    ("Comedy", &["comedy", "comedies", "funny", "funnier", "funniest", "hilarious", "laugh", "laughs", "comic"]),
    ("Romance", &["romance", "romantic", "romances", "love story"]),
    ("Animation", &["animation", "animated", "cartoon", "cartoons"]),
    ("Children's", &["children", "childrens", "kids", "kid", "family"]),
    ("Action", &["action"]),
    ("Adventure", &["adventure", "adventures"]),
    ("Crime", &["crime", "gangster", "gangsters", "heist", "mafia", "mob"]),
    ("Documentary", &["documentary", "documentaries"]),
    ("Drama", &["drama", "dramas", "dramatic"]),
    ("Fantasy", &["fantasy", "magic", "magical"]),
    ("Film-Noir", &["noir", "film noir"]),
    ("Musical", &["musical", "musicals"]),
    ("Mystery", &["mystery", "mysteries", "whodunit"]),
    ("Sci-Fi", &["sci fi", "scifi", "science fiction", "futuristic"]),
    ("Thriller", &["thriller", "thrillers", "suspense", "suspenseful"]),
    ("War", &["war"]),
    ("Western", &["western", "westerns", "cowboy", "cowboys"]),
];

/// Words that say nothing about which movie (never free words).
const STOP: &[&str] = &[
    "a", "an", "the", "something", "anything", "some", "any", "movie", "movies", "film", "films", "show", "me", "i", "im", "id", "want", "to", "watch",
    "see", "please", "from", "in", "of", "and", "or", "with", "for", "that", "is", "are", "was", "like", "similar", "such", "as", "good", "great",
    "one", "ones", "d", "would", "could", "can", "you", "recommend", "give", "find", "play", "put", "on", "tonight", "night", "lets", "let",
    "maybe", "really", "very", "bit", "kind", "sort", "what", "about", "how", "got", "have", "has", "we", "us", "my", "our", "made", "era",
    "decade", "year", "years", "s", "it", "this", "but", "not", "no", "more", "than", "be", "by", "at", "after", "before", "since", "until",
    "between", "released", "new", "old", "mood", "feel", "feeling", "fancy", "need", "looking", "look", "some", "vein", "reminds", "other",
    "another", "again", "same", "style", "type", "ein", "eine", "einen", "der", "die", "das", "und", "oder", "mit", "von", "aus", "den", "wie",
];

/// Whether `w` (a lowercase word) is one of the words that say nothing about which movie.
pub fn is_stop(w: &str) -> bool {
    STOP.contains(&w)
}

/// Words that introduce a reference title (a partial title will do: "like star wars").
const CUES: &[&[&str]] = &[&["similar", "to"], &["such", "as"], &["in", "the", "vein", "of"], &["reminds", "me", "of"], &["like"], &["wie"]];
/// Words that introduce a reference only when a whole title follows
/// ("scarier than jaws", "another godfather", "i loved heat"): they also
/// introduce other things ("more than two hours", "after 1990").
const WEAK_CUES: &[&[&str]] = &[
    &["than"], &["another"], &["more"], &["after"], &["meets"], &["style", "of"], &["spirit", "of"], &["lines", "of"], &["same", "as"], &["liked"], &["loved"],
    &["enjoyed"], &["watched"], &["fan", "of"], &["fans", "of"],
];
/// Words that may follow a title no cue introduces: "the godfather but in
/// space", "jaws meets alien", "a heat kind of movie".
const AFTER_TITLE: &[&str] = &["but", "meets", "vibes", "style", "type", "kind", "esque"];

const DECADE_WORDS: &[(&str, u16)] = &[
    ("twenties", 1920), ("thirties", 1930), ("forties", 1940), ("fifties", 1950), ("sixties", 1960), ("seventies", 1970),
    ("eighties", 1980), ("nineties", 1990), ("noughties", 2000),
];

/// Numbers as a viewer says them ("two", "ii") and as titles write them ("2", "II").
const NUMBER_WORDS: &[&str] = &[
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
];
/// Roman numerals 1..=20 ("i" left out: it is a word).
const ROMAN: &[&str] = &["", "", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"];

/// A word in the form titles and spoken requests share: numbers up to
/// twenty as digits, whether said ("two"), written ("2") or Roman ("II").
fn canon_word(w: &str) -> String {
    match NUMBER_WORDS.iter().position(|n| *n == w).or_else(|| ROMAN.iter().position(|r| !r.is_empty() && *r == w)) {
        Some(n) => n.to_string(),
        None => w.to_string(),
    }
}

/// A number word's part in a spoken number.
#[derive(Clone, Copy)]
enum NumberWord {
    /// "zero" to "nineteen".
    Unit(u32),
    /// "twenty" to "ninety".
    Tens(u32),
    Hundred,
    Thousand,
}

fn number_word(w: &str) -> Option<NumberWord> {
    const TENS: &[&str] = &["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    if let Some(v) = NUMBER_WORDS.iter().position(|n| *n == w).filter(|&v| v < 20) {
        return Some(NumberWord::Unit(v as u32));
    }
    if let Some(t) = TENS.iter().position(|n| *n == w) {
        return Some(NumberWord::Tens(20 + 10 * t as u32));
    }
    match w {
        "hundred" => Some(NumberWord::Hundred),
        "thousand" => Some(NumberWord::Thousand),
        _ => None,
    }
}

/// The value of a run of number words ("two thousand and one" without its
/// "and": 2001; "nineteen eighty four": 1984, a year said in pairs; "twenty
/// two": 22), or None where they make no one number ("one two").
fn number_value(run: &[NumberWord]) -> Option<u32> {
    let (mut total, mut current, mut after_scale) = (0u32, 0u32, false);
    let mut i = 0;
    while i < run.len() {
        match run[i] {
            NumberWord::Unit(v) | NumberWord::Tens(v) => {
                let (v, next) = match (run[i], run.get(i + 1)) {
                    (NumberWord::Tens(t), Some(&NumberWord::Unit(u))) if (1..=9).contains(&u) => (t + u, i + 2),
                    _ => (v, i + 1),
                };
                if current > 0 && !after_scale {
                    // Two numbers in a row: a year said in pairs, and nothing after it.
                    let pair = total == 0 && (10..=99).contains(&current) && (10..=99).contains(&v) && next == run.len();
                    return pair.then_some(current * 100 + v);
                }
                current += v;
                after_scale = false;
                i = next;
            }
            NumberWord::Hundred if current < 100 => {
                current = current.max(1) * 100;
                after_scale = true;
                i += 1;
            }
            NumberWord::Thousand if total == 0 && current < 1000 => {
                total = current.max(1) * 1000;
                current = 0;
                after_scale = true;
                i += 1;
            }
            _ => return None,
        }
    }
    Some(total + current)
}

/// `ws` in the form [`canon_word`] gives, with each run of two or more
/// number words said as one number ("two thousand and one a space odyssey"
/// -> "2001 a space odyssey"; "one hundred and one dalmatians" -> "101
/// dalmatians"): what titles and requests are compared in when films are
/// named as people say them ([`ReadOptions::free_speech_titles`]). An "and"
/// belongs to a number only after "hundred" or "thousand" and before a
/// number word.
pub fn spoken_numbers(ws: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(ws.len());
    let mut i = 0;
    while i < ws.len() {
        match spoken_number_at(ws, i) {
            Some((v, j)) => {
                out.push(v.to_string());
                i = j;
            }
            None => {
                out.push(canon_word(&ws[i]));
                i += 1;
            }
        }
    }
    out
}

/// The number said by the run of two or more number words starting at
/// `ws[i]`, and where the run ends ([`spoken_numbers`]' rule).
fn spoken_number_at(ws: &[String], i: usize) -> Option<(u32, usize)> {
    let mut run: Vec<NumberWord> = Vec::new();
    let mut j = i;
    while j < ws.len() {
        match number_word(&ws[j]) {
            Some(n) => run.push(n),
            None if ws[j] == "and" && matches!(run.last(), Some(NumberWord::Hundred | NumberWord::Thousand)) && ws.get(j + 1).is_some_and(|w| number_word(w).is_some()) => {}
            None => break,
        }
        j += 1;
    }
    (run.len() >= 2).then(|| number_value(&run)).flatten().map(|v| (v, j))
}

/// The forms of a title's words that a spoken request may use: numbers
/// canonical, and, when it has initials ("E.T.", "L.A."), also with each run
/// of single letters joined ("et", "la"), as speech recognition writes them.
fn spoken_forms(title: &[String]) -> Vec<Vec<String>> {
    // "Episode I", "Part I": there a lone "i" is a numeral, said "one".
    let numeral = |k: usize| title[k] == "i" && k > 0 && ["episode", "part", "chapter", "vol", "volume", "book"].contains(&title[k - 1].as_str());
    let title: Vec<String> = (0..title.len()).map(|k| if numeral(k) { "1".to_string() } else { title[k].clone() }).collect();
    let title = &title[..];
    let plain: Vec<String> = title.iter().map(|w| canon_word(w)).collect();
    // A run of single letters: each is one character, so the run's length is its letters'.
    let mut joined: Vec<String> = Vec::new();
    let mut run = String::new();
    let flush = |joined: &mut Vec<String>, run: &mut String| {
        match run.chars().count() {
            0 => {}
            1 => joined.push(canon_word(run)),
            _ => joined.push(run.clone()),
        }
        run.clear();
    };
    for w in title {
        if w.chars().count() == 1 && w.chars().all(char::is_alphabetic) {
            run.push_str(w);
        } else {
            flush(&mut joined, &mut run);
            joined.push(canon_word(w));
        }
    }
    flush(&mut joined, &mut run);
    if joined == plain { vec![plain] } else { vec![plain, joined] }
}

/// What the reader needs from the catalogue, built once per engine.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// Genre phrase (words) -> the catalogue's genre name.
    genre_phrases: Vec<(Vec<String>, String)>,
    /// Every word of every catalogue title.
    title_words: HashSet<String>,
    /// Genre phrases of one word ("scary", "comedy").
    genre_words: HashSet<String>,
    /// Per catalogue index: its title's spoken forms (for grounding references).
    titles: Vec<Vec<Vec<String>>>,
    /// Spoken-form word -> catalogue indices whose title has it.
    by_word: HashMap<String, Vec<u32>>,
    /// A title's spoken form, joined -> catalogue indices.
    by_spoken: HashMap<String, Vec<u32>>,
    /// The part of a title before its colon, of two words or more ("star
    /// wars" for "Star Wars: Episode IV - A New Hope"), spoken form, joined
    /// -> catalogue indices: a whole title as viewers say it.
    by_prefix: HashMap<String, Vec<u32>>,
    /// What a misspelled reference is compared with, by length in characters:
    /// (catalogue index, a title's spoken form with or without its leading
    /// article, or its main name without alternative titles, joined).
    misspelled_forms: Vec<Vec<(u32, String)>>,
    /// A title's words with spoken numbers read as one ([`spoken_numbers`]:
    /// "2001 a space odyssey"), joined -> catalogue indices.
    number_forms: HashMap<String, Vec<u32>>,
    /// Per catalogue index: its main title's words (without a leading article
    /// or its alternative titles, numbers as [`canon_word`] writes them):
    /// what [`rare_word_references`] asks half of.
    main_words: Vec<Vec<String>>,
    /// Per catalogue index: its spoken forms as [`said_variant`] reshapes
    /// them, where that changes a word ("doctor strangelove").
    variants: Vec<Vec<Vec<String>>>,
    /// A variant, joined -> catalogue indices.
    by_variant: HashMap<String, Vec<u32>>,
    /// A word a variant has and its title lacks ("doctor") -> catalogue indices.
    variant_by_word: HashMap<String, Vec<u32>>,
    /// A title's [`bare`] form of two words or more (its forms, variants and
    /// main name), joined -> catalogue indices.
    by_bare: HashMap<String, Vec<u32>>,
    /// A title whose main name, or part before its colon, is one number above
    /// twenty ("2001" for *2001: A Space Odyssey*) -> catalogue indices.
    by_number: HashMap<u32, Vec<u32>>,
    /// A title whose main name is one own word of four letters or more
    /// ("metropolis", "jaws"), that word -> catalogue indices.
    by_one_word: HashMap<String, Vec<u32>>,
    /// The words of `by_one_word` that start another title's main name or
    /// its part before the colon: a series ("rocky", "alien", "godfather").
    series_words: HashSet<String>,
    /// A title's part after an owner of two words or more ("life of brian"
    /// for *Monty Python's Life of Brian*), [`bare`], with two own words
    /// ([`own_word`]), joined -> catalogue indices ([`ReadOptions::more_said_forms`]).
    by_owned: HashMap<String, Vec<u32>>,
    /// A title's initials said as one word where more words follow them
    /// ("et" for *E.T. the Extra-Terrestrial*) -> catalogue indices.
    by_initials: HashMap<String, Vec<u32>>,
    /// A long title's part before its first "of", with two own words
    /// ("close encounters" for *Close Encounters of the Third Kind*),
    /// [`bare`], joined -> catalogue indices.
    by_head: HashMap<String, Vec<u32>>,
    /// Every title's forms said word for word: what the title linker proposes ([`QueryWeights::title_linker`]).
    link_forms: TitleForms,
}

/// Abbreviations in titles as a viewer says them.
const SAID_ABBREVIATIONS: &[(&str, &str)] = &[("dr", "doctor"), ("mr", "mister"), ("mrs", "missus"), ("st", "saint"), ("bros", "brothers"), ("vs", "versus"), ("jr", "junior")];

/// Whether `w` is one of [`ENGLISH_WORDS`]' lowercase words.
fn in_english(w: &str) -> bool {
    english_words().0.binary_search(&w).is_ok()
}

/// A title form as a viewer says it where that differs from how it is
/// written: abbreviations in full ("dr" -> "doctor", [`SAID_ABBREVIATIONS`])
/// and a g dropped with an apostrophe said ("singin" -> "singing": a word of
/// five letters or more ending in "in" that is no English word, with "g" one).
fn said_variant(form: &[String]) -> Option<Vec<String>> {
    let mut changed = false;
    let out: Vec<String> = form
        .iter()
        .map(|w| {
            if let Some((_, full)) = SAID_ABBREVIATIONS.iter().find(|(a, _)| a == w) {
                changed = true;
                return full.to_string();
            }
            if w.chars().count() >= 5 && w.ends_with("in") && !in_english(w) && in_english(&format!("{w}g")) {
                changed = true;
                return format!("{w}g");
            }
            w.clone()
        })
        .collect();
    changed.then_some(out)
}

/// Words a [`bare`] form leaves out: articles, and the contractions and
/// forms of "be" a viewer drops or swaps ("wonderful life", "how green is
/// my valley").
const BARE_DROP: &[&str] = &["the", "a", "an", "its", "s", "whos", "thats", "theres", "whats", "is", "was", "were"];

/// A title's or a request's words without [`BARE_DROP`], numbers canonical:
/// "how green is my valley" and *How Green Was My Valley* are both "how
/// green my valley". Every other word must be said as the title has it
/// ("far away" is not *Far and Away*, "falling in love" not *Falling in
/// Love Again*, "tough guy" not *Tough Guys*).
fn bare(ws: &[String]) -> Vec<String> {
    ws.iter().filter(|w| !BARE_DROP.contains(&w.as_str())).map(|w| canon_word(w)).collect()
}

impl Vocabulary {
    pub fn new(catalog: &Catalog) -> Vocabulary {
        let genres: BTreeSet<&str> = catalog.movies().iter().flat_map(|m| m.genres.iter().map(String::as_str)).collect();
        let mut genre_phrases: Vec<(Vec<String>, String)> = Vec::new();
        for g in &genres {
            genre_phrases.push((words(g), g.to_string()));
            if let Some((_, syn)) = SYNONYMS.iter().find(|(name, _)| name == g) {
                genre_phrases.extend(syn.iter().map(|s| (words(s), g.to_string())));
            }
        }
        // Longest phrases first: "science fiction" before "fiction".
        genre_phrases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        genre_phrases.dedup_by(|a, b| a.0 == b.0);
        let written: Vec<Vec<String>> = catalog.movies().iter().map(|m| words(&m.title)).collect();
        let title_words = written.iter().flatten().cloned().collect();
        let titles: Vec<Vec<Vec<String>>> = written.iter().map(|t| spoken_forms(t)).collect();
        let (mut by_word, mut by_spoken): (HashMap<String, Vec<u32>>, HashMap<String, Vec<u32>>) = Default::default();
        for (i, forms) in titles.iter().enumerate() {
            for w in forms.iter().flatten().collect::<BTreeSet<_>>() {
                by_word.entry(w.clone()).or_default().push(i as u32);
            }
            for f in forms {
                by_spoken.entry(f.join(" ")).or_default().push(i as u32);
            }
        }
        // Each title's main name (no leading article or alternative titles), in canon_word's form.
        let main_words: Vec<Vec<String>> = catalog.movies().iter().map(|m| crate::model_dir::catalog::normalize_title(&m.title).0.split(' ').filter(|w| !w.is_empty()).map(canon_word).collect()).collect();
        let mut misspelled_forms: Vec<Vec<(u32, String)>> = Vec::new();
        for (i, (forms, main)) in titles.iter().zip(&main_words).enumerate() {
            let mut out: Vec<String> = Vec::new();
            for f in forms.iter().chain(std::iter::once(main)) {
                let bare = match f.first().map(String::as_str) {
                    Some("the" | "a" | "an") if f.len() > 1 => Some(f[1..].join(" ")),
                    _ => None,
                };
                for joined in std::iter::once(f.join(" ")).chain(bare) {
                    if !joined.is_empty() && !out.contains(&joined) {
                        out.push(joined);
                    }
                }
            }
            for joined in out {
                let n = joined.chars().count();
                if misspelled_forms.len() <= n {
                    misspelled_forms.resize_with(n + 1, Vec::new);
                }
                misspelled_forms[n].push((i as u32, joined));
            }
        }
        let mut by_prefix: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, m) in catalog.movies().iter().enumerate() {
            if let Some((head, _)) = m.title.split_once(':') {
                let head: Vec<String> = words(head).iter().map(|w| canon_word(w)).collect();
                if head.len() >= 2 {
                    by_prefix.entry(head.join(" ")).or_default().push(i as u32);
                }
            }
        }
        let genre_words: HashSet<String> = genre_phrases.iter().filter(|(p, _)| p.len() == 1).map(|(p, _)| p[0].clone()).collect();
        let mut number_forms: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, t) in written.iter().enumerate() {
            number_forms.entry(spoken_numbers(t).join(" ")).or_default().push(i as u32);
        }
        let variants: Vec<Vec<Vec<String>>> = titles.iter().map(|forms| forms.iter().filter_map(|f| said_variant(f)).collect()).collect();
        let mut by_variant: HashMap<String, Vec<u32>> = HashMap::new();
        let mut variant_by_word: HashMap<String, Vec<u32>> = HashMap::new();
        let mut by_bare: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, vs) in variants.iter().enumerate() {
            for v in vs {
                by_variant.entry(v.join(" ")).or_default().push(i as u32);
                for w in v.iter().filter(|w| !titles[i].iter().flatten().any(|t| t == *w)) {
                    let e = variant_by_word.entry(w.clone()).or_default();
                    if !e.contains(&(i as u32)) {
                        e.push(i as u32);
                    }
                }
            }
        }
        for (i, ((forms, vs), main)) in titles.iter().zip(&variants).zip(&main_words).enumerate() {
            let mut seen: Vec<String> = Vec::new();
            for f in forms.iter().chain(vs).chain(std::iter::once(main)) {
                let b = bare(f);
                let joined = b.join(" ");
                if b.len() >= 2 && !seen.contains(&joined) {
                    by_bare.entry(joined.clone()).or_default().push(i as u32);
                    seen.push(joined);
                }
            }
        }
        let mut by_number: HashMap<u32, Vec<u32>> = HashMap::new();
        let mut by_one_word: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, (m, main)) in catalog.movies().iter().zip(&main_words).enumerate() {
            let head: Vec<String> = m.title.split_once(':').map(|(h, _)| words(h).iter().map(|w| canon_word(w)).collect()).unwrap_or_default();
            for part in [&head[..], &main[..]] {
                if let [n] = part {
                    if let Some(v) = n.parse::<u32>().ok().filter(|&v| v > 20) {
                        let e = by_number.entry(v).or_default();
                        if !e.contains(&(i as u32)) {
                            e.push(i as u32);
                        }
                    }
                }
            }
            if let [w] = &main[..] {
                if w.chars().count() >= 4 && w.chars().all(char::is_alphabetic) && !STOP.contains(&w.as_str()) && !genre_words.contains(w) {
                    by_one_word.entry(w.clone()).or_default().push(i as u32);
                }
            }
        }
        let mut series_words: HashSet<String> = HashSet::new();
        for (i, (m, main)) in catalog.movies().iter().zip(&main_words).enumerate() {
            let head: Option<String> = m.title.split_once(':').and_then(|(h, _)| crate::model_dir::catalog::normalize_title(h).0.split(' ').find(|w| !w.is_empty()).map(canon_word));
            for first in main.first().cloned().into_iter().chain(head) {
                if by_one_word.get(&first).is_some_and(|t| t.iter().any(|&j| j != i as u32)) {
                    series_words.insert(first);
                }
            }
        }
        let mut by_owned: HashMap<String, Vec<u32>> = HashMap::new();
        let mut by_initials: HashMap<String, Vec<u32>> = HashMap::new();
        let mut by_head: HashMap<String, Vec<u32>> = HashMap::new();
        // A title's part that names it alone must have two words of its own:
        // "big adventure" is no *Pee-wee's Big Adventure*.
        let two_own = |part: &[String]| part.iter().filter(|w| own_word_of(&genre_words, w)).count() >= 2;
        for (i, (m, main)) in catalog.movies().iter().zip(&main_words).enumerate() {
            let main_name = m.title.split(" (").next().unwrap_or(&m.title);
            if let Some((owner, rest)) = main_name.split_once("'s ") {
                let rest = bare(&words(rest));
                if words(owner).len() >= 2 && two_own(&rest) {
                    by_owned.entry(rest.join(" ")).or_default().push(i as u32);
                }
            }
            // Initials are a run of single letters in the written title, joined in its spoken form.
            let w = &written[i];
            if w.len() >= 3 && w[0].chars().count() == 1 && w[1].chars().count() == 1 {
                if let Some(joined) = titles[i].get(1).and_then(|f| f.first()) {
                    by_initials.entry(joined.clone()).or_default().push(i as u32);
                }
            }
            if main.len() >= 4 {
                // Not at "and": "indiana jones and the last crusade" is no first "indiana jones".
                if let Some(cut) = main.iter().position(|w| w == "of") {
                    let head = bare(&main[..cut]);
                    if two_own(&head) {
                        by_head.entry(head.join(" ")).or_default().push(i as u32);
                    }
                }
            }
        }
        let link_forms = TitleForms::new(catalog);
        Vocabulary { genre_phrases, title_words, genre_words, titles, by_word, by_spoken, by_prefix, misspelled_forms, number_forms, main_words, variants, by_variant, variant_by_word, by_bare, by_number, by_one_word, series_words, by_owned, by_initials, by_head, link_forms }
    }
}

fn starts_with(ws: &[String], at: usize, phrase: &[String]) -> bool {
    !phrase.is_empty() && ws.len() >= at + phrase.len() && ws[at..at + phrase.len()] == *phrase
}

/// [`starts_with`] for a phrase of the reader's own word lists.
fn says(ws: &[String], at: usize, phrase: &[&str]) -> bool {
    !phrase.is_empty() && ws.len() >= at + phrase.len() && ws[at..at + phrase.len()].iter().zip(phrase).all(|(w, p)| w == p)
}

/// (share of the span's words in the title, F1 of the two word sets), stop words left out of both.
fn overlap(span: &[String], title: &[String]) -> (f32, f32) {
    let keep = |w: &&String| !STOP.contains(&w.as_str());
    let a: HashSet<&String> = span.iter().filter(keep).collect();
    let b: HashSet<&String> = title.iter().filter(keep).collect();
    if a.is_empty() || b.is_empty() {
        return (0.0, 0.0);
    }
    let common = a.intersection(&b).count() as f32;
    (common / a.len() as f32, 2.0 * common / (a.len() + b.len()) as f32)
}

/// Whether `span`, stop words aside, is a genre phrase ("a war movie", "a love story").
fn is_genre_phrase(vocab: &Vocabulary, span: &[String]) -> bool {
    vocab.genre_phrases.iter().any(|(p, _)| p.iter().eq(span.iter().filter(|w| !STOP.contains(&w.as_str()))))
}

/// Whether catalogue index `i` can be a reference (in the catalogue, not removed).
fn live(catalog: &Catalog, i: u32) -> bool {
    (i as usize) < catalog.len() && !catalog.is_retired(i)
}

/// Adds reference `i` unless the request already named it.
fn add_reference(references: &mut Vec<u32>, i: u32) {
    if !references.contains(&i) {
        references.push(i);
    }
}

/// Whether catalogue index `i`, matching at `score`, beats the best match so
/// far: a higher score, or an equal one (within 1e-6) and a higher
/// [`preference`].
fn outranks(score: f32, i: u32, best: Option<(f32, u32)>, popularity: &[f32], watched: &HashSet<u32>) -> bool {
    best.is_none_or(|(bs, bi)| score > bs + 1e-6 || ((score - bs).abs() <= 1e-6 && preference(popularity, watched, i) > preference(popularity, watched, bi)))
}

/// How two equally good title matches are ordered: the one the viewer
/// watched, then the more popular, then the lower index.
fn preference(popularity: &[f32], watched: &HashSet<u32>, i: u32) -> (bool, f32, std::cmp::Reverse<u32>) {
    (watched.contains(&i), popularity.get(i as usize).copied().unwrap_or(0.0), std::cmp::Reverse(i))
}

/// The catalogue movie `span` names: an exact title, as written or as
/// spoken ("terminator two", "the godfather part two", "et": numbers and
/// initials in the form [`spoken_forms`] gives), longest span first; else,
/// for the longest span all of whose words are in some title, the title with
/// the best word overlap (a single word must be half the title). Ties (two
/// movies of one title, equal overlaps): the one the viewer watched — "like
/// The Fly" from a viewer of the 1986 film means that one — then the more
/// popular, then the lower index. Returns (index, words used).
fn ground(catalog: &Catalog, vocab: &Vocabulary, span: &[String], popularity: &[f32], watched: &HashSet<u32>, rules: ReadOptions) -> Option<(u32, usize)> {
    ground_in(catalog, vocab, span, popularity, watched, true, rules)
}

/// [`ground`] with only whole titles (as written or spoken): what a
/// reference needs where no strong cue introduces it ("scarier than jaws").
fn ground_whole(catalog: &Catalog, vocab: &Vocabulary, span: &[String], popularity: &[f32], watched: &HashSet<u32>, rules: ReadOptions) -> Option<(u32, usize)> {
    ground_in(catalog, vocab, span, popularity, watched, false, rules)
}

fn ground_in(catalog: &Catalog, vocab: &Vocabulary, span: &[String], popularity: &[f32], watched: &HashSet<u32>, partial: bool, rules: ReadOptions) -> Option<(u32, usize)> {
    let (free_speech, said) = (rules.free_speech_titles, rules.said_title_forms);
    let live = |i: u32| live(catalog, i);
    let pick = |c: Vec<u32>| best_of(catalog, &c, popularity, watched);
    // A series' name said alone means its first film: "star wars" is A New Hope.
    let first = |c: Vec<u32>| first_of(catalog, &c, popularity, watched);
    let longest = span.len().min(12);
    let spoken: Vec<String> = span[..longest].iter().map(|w| canon_word(w)).collect();
    // Longest span first, so that "terminator two" is not "The Terminator" and a word.
    for len in (1..=longest).rev() {
        let written = pick(catalog.titled(&span[..len].join(" ")));
        let numbers = || if free_speech { pick(vocab.number_forms.get(&spoken_numbers(&span[..len]).join(" ")).cloned().unwrap_or_default()) } else { None };
        let variant = || if said { pick(vocab.by_variant.get(&spoken[..len].join(" ")).cloned().unwrap_or_default()) } else { None };
        if let Some(i) = written.or_else(|| pick(vocab.by_spoken.get(&spoken[..len].join(" ")).cloned().unwrap_or_default())).or_else(numbers).or_else(variant) {
            return Some((i, len));
        }
        // A title said as a number in words ("like two thousand and one"), before a partial match reads it as *Two Thousand Maniacs!*.
        if said {
            if let Some(i) = spoken_number_at(&span[..len], 0).filter(|&(_, end)| end == len).and_then(|(v, _)| first_of(catalog, vocab.by_number.get(&v).map(Vec::as_slice).unwrap_or(&[]), popularity, watched)) {
                return Some((i, len));
            }
        }
        if !partial {
            // A whole title may also be its part before the colon, the better-known of those it names.
            let series = vocab.by_prefix.get(&spoken[..len].join(" ")).cloned().unwrap_or_default();
            if let Some(i) = if free_speech { first(series) } else { pick(series) } {
                return Some((i, len));
            }
            continue;
        }
        let part = &spoken[..len];
        let content = part.iter().filter(|w| !STOP.contains(&w.as_str())).count();
        // "like that did", "like it that isn't": no title is named by such words alone.
        if said && part.iter().all(|w| STOP.contains(&w.as_str()) || FUNCTION_WORDS.contains(&w.as_str())) {
            continue;
        }
        let mut best: Option<(f32, u32)> = None;
        let mut seen = HashSet::new();
        for w in part.iter().filter(|w| !STOP.contains(&w.as_str())) {
            let variants = if said { vocab.variant_by_word.get(w).map(Vec::as_slice).unwrap_or(&[]) } else { &[] };
            for &i in vocab.by_word.get(w).map(Vec::as_slice).unwrap_or(&[]).iter().chain(variants) {
                if !seen.insert(i) || !live(i) {
                    continue;
                }
                let forms = vocab.titles[i as usize].iter().chain(if said { &vocab.variants[i as usize][..] } else { &[] });
                let (cover, f1) = forms.map(|t| overlap(part, t)).fold((0f32, 0f32), |a, b| if (b.0, b.1) > (a.0, a.1) { b } else { a });
                if cover < 0.999 || (content == 1 && f1 < 0.5) {
                    continue;
                }
                if outranks(f1, i, best, popularity, watched) {
                    best = Some((f1, i));
                }
            }
        }
        // A partial match that stops before a word the rest of the request
        // does not explain names a title this catalogue lacks: "like harry
        // potter" is not Harry and the Hendersons.
        if let (Some((_, i)), false) = (best, span.get(len).is_some_and(|w| continues_title(vocab, w))) {
            return Some((i, len));
        }
    }
    None
}

/// References no cue introduces, among the words no cue read: a whole title
/// (as written or spoken) with two words of its own — not stop words, genre
/// words, numbers, decades or years, so "a war movie" names no title —
/// ("pulp fiction but funnier"); or with one, followed by a word of
/// [`AFTER_TITLE`] ("the godfather but in space") or, with its article,
/// alone in the request ("the godfather"). A lone common word is no
/// reference: "something for friday night" does not name *Friday*. With
/// `free_speech`, a whole title of [`LONG_TITLE_WORDS`] or more with one word of
/// its own also names itself ("it happened one night"). Returns them in the
/// order read.
fn uncued_references(catalog: &Catalog, vocab: &Vocabulary, ws: &[String], used: &mut [bool], popularity: &[f32], watched: &HashSet<u32>, rules: ReadOptions) -> Vec<u32> {
    let free_speech = rules.free_speech_titles;
    let mut references = Vec::new();
    let content: Vec<usize> = (0..ws.len()).filter(|&k| !used[k] && !STOP.contains(&ws[k].as_str())).collect();
    let mut at = 0;
    while at < ws.len() {
        let end = (at..ws.len()).find(|&k| used[k]).unwrap_or(ws.len());
        if at == end {
            at += 1;
            continue;
        }
        if let Some((i, len)) = ground_whole(catalog, vocab, &ws[at..end], popularity, watched, rules) {
            let span = &ws[at..at + len];
            let own_words = span.iter().filter(|w| own_word(vocab, w)).count();
            let genre = is_genre_phrase(vocab, span);
            let followed = ws.get(at + len).is_some_and(|w| AFTER_TITLE.contains(&w.as_str()));
            let alone = len >= 2 && content.iter().all(|k| (at..at + len).contains(k));
            // Said in full, a title of four words or more names itself: "talking about it happened one night".
            let long = free_speech && len >= LONG_TITLE_WORDS;
            if !genre && (own_words >= 2 || (own_words == 1 && (followed || alone || long))) && everyday_title_taken(vocab, popularity, watched, i, rules) {
                add_reference(&mut references, i);
                used[at..at + len].iter_mut().for_each(|u| *u = true);
                at += len;
                continue;
            }
        }
        at += 1;
    }
    references
}

/// English words: SCOWL's British and American lists, as
/// scripts/dev/english_words.sh writes them (its copyright notice heads the
/// file): lowercase words, and names capitalised.
static ENGLISH_WORDS: &str = include_str!("english_words.txt");

/// [`ENGLISH_WORDS`]: (its lowercase words, its capitalised names
/// lowercased), each sorted.
fn english_words() -> &'static (Vec<&'static str>, Vec<String>) {
    static WORDS: std::sync::OnceLock<(Vec<&'static str>, Vec<String>)> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let lines = ENGLISH_WORDS.lines().filter(|l| !l.starts_with('#') && !l.is_empty());
        let (names, words): (Vec<&str>, Vec<&str>) = lines.partition(|l| l.chars().any(char::is_uppercase));
        let mut names: Vec<String> = names.into_iter().map(str::to_lowercase).collect();
        names.sort_unstable();
        names.dedup();
        (words, names)
    })
}

/// Whether `w` (lowercase) is an everyday English word: one of
/// [`ENGLISH_WORDS`]' lowercase words (a name is there only capitalised, so
/// "fargo" and "casablanca" are not), or used by the requests the library holds.
fn is_everyday_word(w: &str) -> bool {
    english_words().0.binary_search(&w).is_ok() || everyday_words().contains_key(w)
}

/// The films the title linker weighs for `request` read as `intent`
/// ([`super::title_linker::proposals`], with this reader's everyday words and names).
pub fn link_proposals(catalog: &Catalog, vocab: &Vocabulary, popularity: &[f32], request: &str, intent: &Intent, loose: bool) -> Vec<Proposal> {
    proposals(catalog, &vocab.link_forms, popularity, request, intent, loose, WordKinds { everyday: &is_everyday_word, name: &is_english_name })
}

/// Whether `w` (lowercase) is a name [`ENGLISH_WORDS`] holds capitalised:
/// "fargo", "casablanca", but also "sabbath", "miami", "october".
fn is_english_name(w: &str) -> bool {
    english_words().1.binary_search_by(|n| n.as_str().cmp(w)).is_ok()
}

/// Most catalogue titles a rare word may be in to name one of them: a
/// series of three ("nosferatu" is in two), not a word of many ("christmas",
/// "paris": capitalised in the English lists, so not everyday by them).
const RARE_WORD_TITLES: usize = 3;

/// References named by a word of their title that is no everyday word
/// ([`is_everyday_word`]: "fargo", "shawshank", "nosferatu") and is in at
/// most [`RARE_WORD_TITLES`] titles, among the words no other rule read,
/// with at least half of that title's main words said (alternative titles
/// aside: "nosferatu" is the 1922 film, not *Nosferatu a Venezia*) — all of
/// them where the word is a name ([`is_english_name`]): "the casablanca
/// mould" is *Casablanca*, "the end of the sabbath" not *Black Sabbath*. The
/// title with the larger share said wins, then as [`ground`] breaks ties.
/// Words of fewer than four letters are left out.
#[allow(clippy::too_many_arguments)]
fn rare_word_references(catalog: &Catalog, vocab: &Vocabulary, ws: &[String], used: &mut [bool], popularity: &[f32], watched: &HashSet<u32>, rules: ReadOptions, references: &mut Vec<u32>) {
    for k in 0..ws.len() {
        let w = canon_word(&ws[k]);
        let titles = vocab.by_word.get(&w).map(Vec::as_slice).unwrap_or(&[]);
        if used[k] || w.chars().count() < 4 || !own_word(vocab, &w) || titles.is_empty() || titles.len() > RARE_WORD_TITLES || is_everyday_word(&w) {
            continue;
        }
        let free: HashSet<String> = (0..ws.len()).filter(|&j| !used[j]).map(|j| canon_word(&ws[j])).collect();
        // With `everyday_titles_top`, a name said with "'s" too ("margaret's", "sophie's").
        let name = is_english_name(&w) || (rules.everyday_titles_top.is_some() && names_an_owner(&w));
        let mut best: Option<(f32, u32)> = None;
        for &i in titles {
            let main = &vocab.main_words[i as usize];
            if !live(catalog, i) || !main.contains(&w) {
                continue;
            }
            let found = main.iter().filter(|m| free.contains(m.as_str())).count();
            let needed = if name { main.len() } else { main.len().div_ceil(2) };
            if found < needed {
                continue;
            }
            let share = found as f32 / main.len() as f32;
            if outranks(share, i, best, popularity, watched) {
                best = Some((share, i));
            }
        }
        if let Some((_, i)) = best {
            add_reference(references, i);
            let main = &vocab.main_words[i as usize];
            for j in 0..ws.len() {
                if !used[j] && main.contains(&canon_word(&ws[j])) {
                    used[j] = true;
                }
            }
        }
    }
}

/// Words that name no title after a cue however many titles have them:
/// verbs that only help ("did", "isn't"), pronouns and contractions ("like
/// that did" is not *I Saw What You Did*, "like it and i'll see" not *I'll
/// Do Anything*).
const FUNCTION_WORDS: &[&str] = &[
    "did", "do", "does", "done", "doing", "isnt", "wasnt", "arent", "werent", "dont", "doesnt", "didnt", "cant", "couldnt", "wont", "wouldnt",
    "shouldnt", "ill", "ive", "youre", "youve", "youll", "theyre", "were", "hes", "shes", "thats", "theres", "whats", "its", "been", "being", "had",
    "get", "gets", "go", "going", "went", "say", "said", "just", "so", "too", "then", "there", "here", "when", "where", "which", "who", "why", "all",
    "up", "out", "down", "off", "over", "he", "she", "they", "them", "him", "her", "his", "their", "your", "will", "should", "shall", "may",
    "might", "must", "am", "im",
];

/// Most times the library's requests ([`everyday_words`]) may use the word
/// of a one-word title for [`one_word_references`] to read it, or the own
/// word beside a number for [`bare_references`]: "metropolis", "jaws" are
/// not used, "night" or "home" are. Fixed by hand (the among-said
/// candidate's "rare 2", docs/eval/llm-title-among-said/README.md), not tuned.
const SAID_RARE_MOST: u32 = 2;

/// Whether `w` is used at most [`SAID_RARE_MOST`] times by the library's requests.
fn rarely_said(w: &str) -> bool {
    everyday_words().get(w).copied().unwrap_or(0) <= SAID_RARE_MOST
}

/// Whether catalogue movie `i`'s main title is made of everyday words: every
/// own word ([`own_word`]) of it is used by the library's requests more than
/// [`SAID_RARE_MOST`] times ("i can't sleep", "wide awake", "the match").
fn everyday_title(vocab: &Vocabulary, i: u32) -> bool {
    vocab.main_words.get(i as usize).is_some_and(|main| main.iter().all(|w| !own_word(vocab, w) || !rarely_said(w)))
}

/// Whether catalogue movie `i` is among the catalogue's `percent`% most
/// watched by `popularity` (a viewer names a film of everyday words far more
/// often where it is well known: *The Great Escape*, not *I Can't Sleep*).
fn among_most_watched(popularity: &[f32], i: u32, percent: u8) -> bool {
    let Some(&p) = popularity.get(i as usize) else { return false };
    let above = popularity.iter().filter(|&&q| q > p).count();
    above * 100 < popularity.len() * usize::from(percent)
}

/// Whether `w` is an English name with "'s" ("margarets", "sophies": the
/// apostrophe is gone from the request's words).
fn names_an_owner(w: &str) -> bool {
    w.strip_suffix('s').is_some_and(only_a_name)
}

/// A name of three letters or more that is no lowercase English word:
/// "margaret", "harold", not "temple" or "frank" (words too), nor "t".
fn only_a_name(w: &str) -> bool {
    w.chars().count() >= 3 && is_english_name(w) && !in_english(w)
}

/// Whether the request says of catalogue movie `i`'s main title only names
/// ([`is_english_name`], [`names_an_owner`]) and not all of its own words:
/// "margaret's gone to her daughter's" for *Margaret's Museum*, "up from
/// dundee" for *Crocodile Dundee* ([`ReadOptions::everyday_titles_top`]).
fn named_in_passing(vocab: &Vocabulary, request: &str, i: u32) -> bool {
    let said = said_words(request);
    let Some(main) = vocab.main_words.get(i as usize) else { return false };
    let own: Vec<&String> = main.iter().filter(|w| own_word(vocab, w)).collect();
    let named: Vec<&&String> = own.iter().filter(|w| said.contains(w.as_str())).collect();
    !named.is_empty() && named.len() < own.len() && named.iter().all(|w| only_a_name(w) || names_an_owner(w))
}

/// Whether `rules` take catalogue movie `i`, read without a strong cue:
/// [`ReadOptions::everyday_titles_top`]. A film the viewer has watched is
/// taken too: they name what they have seen ("what should i watch after love
/// affair").
fn everyday_title_taken(vocab: &Vocabulary, popularity: &[f32], watched: &HashSet<u32>, i: u32, rules: ReadOptions) -> bool {
    rules.everyday_titles_top.is_none_or(|top| !everyday_title(vocab, i) || among_most_watched(popularity, i, top) || watched.contains(&i))
}

/// A title said as a number in words ("two thousand and one", "nineteen
/// eighty four"): a run of number words, not used by another rule, whose
/// value is a title's whole main name or its part before the colon
/// ([`Vocabulary`]'s `by_number`: numbers above twenty). The series' first
/// film, then as [`ground`] breaks ties.
fn number_title_references(catalog: &Catalog, vocab: &Vocabulary, ws: &[String], used: &mut [bool], popularity: &[f32], watched: &HashSet<u32>, references: &mut Vec<u32>) {
    let mut k = 0;
    while k < ws.len() {
        let Some((v, end)) = spoken_number_at(ws, k).filter(|&(_, end)| !used[k..end].contains(&true)) else {
            k += 1;
            continue;
        };
        if let Some(i) = first_of(catalog, vocab.by_number.get(&v).map(Vec::as_slice).unwrap_or(&[]), popularity, watched) {
            add_reference(references, i);
            used[k..end].iter_mut().for_each(|u| *u = true);
        }
        k = end;
    }
}

/// The title of `titles` in the catalogue that [`ground`] prefers ([`preference`]).
fn best_of(catalog: &Catalog, titles: &[u32], popularity: &[f32], watched: &HashSet<u32>) -> Option<u32> {
    titles.iter().copied().filter(|&i| live(catalog, i)).max_by(|&a, &b| preference(popularity, watched, a).partial_cmp(&preference(popularity, watched, b)).unwrap_or(std::cmp::Ordering::Equal))
}

/// The first film (by year) of `titles` in the catalogue, then as [`ground`] breaks ties.
fn first_of(catalog: &Catalog, titles: &[u32], popularity: &[f32], watched: &HashSet<u32>) -> Option<u32> {
    titles.iter().copied().filter(|&i| live(catalog, i)).min_by(|&a, &b| catalog.movie(a).year.cmp(&catalog.movie(b).year).then(preference(popularity, watched, b).partial_cmp(&preference(popularity, watched, a)).unwrap_or(std::cmp::Ordering::Equal)))
}

/// Titles said without their articles, or with "is" for "was": a run of the
/// request's unused words whose [`bare`] form, of two words or more, is a
/// title's ("wonderful life" for *It's a Wonderful Life*, "good bad and
/// ugly", "how green is my valley", "day the earth stood still").
/// The longest run from each word; it names the title where it has two own
/// words ([`own_word`]) and is no genre phrase ("a love story"); a number
/// and one word is no title here ("to date two women at once" is not *Two
/// Women*; "seven samurai" said as a clause of its own is, by
/// [`clause_titles`]). Ties as [`ground`] breaks them.
#[allow(clippy::too_many_arguments)]
fn bare_references(catalog: &Catalog, vocab: &Vocabulary, ws: &[String], used: &mut [bool], popularity: &[f32], watched: &HashSet<u32>, rules: ReadOptions, references: &mut Vec<u32>) {
    let content = |w: &String| !BARE_DROP.contains(&w.as_str());
    let mut at = 0;
    while at < ws.len() {
        if used[at] || !content(&ws[at]) {
            at += 1;
            continue;
        }
        let stop = (at..ws.len()).find(|&k| used[k]).unwrap_or(ws.len()).min(at + 12);
        let mut found: Option<(u32, usize)> = None;
        for end in (at + 2..=stop).rev() {
            if !content(&ws[end - 1]) {
                continue;
            }
            let b = bare(&ws[at..end]);
            // Said apart, written as one ("north by north west", "ground hog day").
            let joined = || rules.title_first.then(|| bare(&joined_words(vocab, &ws[at..end]))).filter(|j| *j != b && j.len() >= 2);
            let Some(titles) = vocab.by_bare.get(&b.join(" ")).or_else(|| joined().and_then(|j| vocab.by_bare.get(&j.join(" ")))) else { continue };
            let own = ws[at..end].iter().filter(|w| content(w) && own_word(vocab, w)).count();
            if own < 2 || is_genre_phrase(vocab, &ws[at..end]) {
                continue;
            }
            if let Some(i) = best_of(catalog, titles, popularity, watched).filter(|&i| everyday_title_taken(vocab, popularity, watched, i, rules)) {
                found = Some((i, end));
                break;
            }
        }
        match found {
            Some((i, end)) => {
                add_reference(references, i);
                used[at..end].iter_mut().for_each(|u| *u = true);
                at = end;
            }
            None => at += 1,
        }
    }
}

/// `ws` with each pair of neighbours that a catalogue title writes as one
/// word joined ("north west" -> "northwest", "ground hog" -> "groundhog"),
/// each part of two letters or more.
fn joined_words(vocab: &Vocabulary, ws: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ws.len());
    let mut k = 0;
    while k < ws.len() {
        if let Some(next) = ws.get(k + 1) {
            let both = format!("{}{}", ws[k], next);
            if ws[k].chars().count() >= 2 && next.chars().count() >= 2 && vocab.title_words.contains(&both) {
                out.push(both);
                k += 2;
                continue;
            }
        }
        out.push(ws[k].clone());
        k += 1;
    }
    out
}

/// A series' first film said as "the first rocky", "the first alien" or
/// "godfather part one": a one-word main title that starts another title
/// ([`Vocabulary`]'s `series_words`: "first contact" is not *Contact*) after
/// "first", or before "part one"; the earliest film of that name.
fn first_of_series(catalog: &Catalog, vocab: &Vocabulary, ws: &[String], used: &mut [bool], popularity: &[f32], watched: &HashSet<u32>, references: &mut Vec<u32>) {
    for k in 0..ws.len() {
        let (word, span) = if ws[k] == "first" && k + 1 < ws.len() {
            (k + 1, k..k + 2)
        } else if ws.get(k + 1).is_some_and(|w| w == "part") && ws.get(k + 2).is_some_and(|w| w == "one" || w == "1") {
            (k, k..k + 3)
        } else {
            continue;
        };
        if used[span.clone()].contains(&true) {
            continue;
        }
        if !vocab.series_words.contains(&ws[word]) {
            continue;
        }
        if let Some(i) = vocab.by_one_word.get(&ws[word]).and_then(|t| first_of(catalog, t, popularity, watched)) {
            add_reference(references, i);
            used[span].iter_mut().for_each(|u| *u = true);
        }
    }
}

/// Words before a title said as a clause of its own that do not belong to
/// it: "the first great escape", "that old metropolis".
const CLAUSE_LEADS: &[&[&str]] = &[&["the", "first"], &["the", "original"], &["the", "old"], &["that", "old"], &["you", "know"], &["remember"], &["i", "think"]];
/// Words after such a title: "metropolis i think", "the general i think it was".
const CLAUSE_HEDGES: &[&[&str]] = &[&["i", "think", "it", "was"], &["i", "think"], &["or", "something"], &["please"], &["again"], &["maybe"]];
/// More of them, with [`ReadOptions::clause_misspellings`]: "the kid i think it is", "the general i think it's called".
const MORE_CLAUSE_HEDGES: &[&[&str]] = &[
    &["i", "think", "it", "was", "called"], &["i", "think", "its", "called"], &["i", "think", "it", "is"], &["i", "think", "its"], &["or", "whatever", "its", "called"],
    &["or", "something", "like", "that"], &["or", "something", "like", "it"], &["or", "summat"], &["if", "you", "have", "it"], &["if", "youve", "got", "it"],
];

/// Leads a viewer puts before a title said as a clause of its own, with
/// [`ReadOptions::more_said_forms`]: "can you find metropolis", "put on the kid".
const MORE_CLAUSE_LEADS: &[&[&str]] = &[&["can", "you", "find"], &["can", "you", "put", "on"], &["put", "on"], &["find", "me"], &["play"]];
/// Hedges after it, with [`ReadOptions::more_said_forms`] (and the third candidate's).
const OR_WHATEVER: &[&[&str]] = &[&["or", "whatever"]];

/// A title said as a clause of its own (between punctuation; a lead such as
/// "the first" and a hedge such as "i think" aside) where the title is all
/// of it: as written or spoken ([`ground_whole`]), or [`bare`]. Viewers name
/// the film, then describe it: "great escape, steve mcqueen on the
/// motorbike", "die hard, bruce willis in the skyscraper". Of two words or
/// more, or one word of four letters or more that the library's requests
/// rarely use ([`rarely_said`]: "psycho"), not after "a", where the request
/// talks of a film elsewhere ("film", "movie", "the one with"); no genre phrase.
/// Only where no cue read a title before it. With
/// [`ReadOptions::more_said_forms`], also [`more_clause_forms`]' forms.
#[allow(clippy::too_many_arguments)]
fn clause_titles(catalog: &Catalog, vocab: &Vocabulary, request: &str, ws: &[String], used: &mut [bool], popularity: &[f32], watched: &HashSet<u32>, rules: ReadOptions, references: &mut Vec<u32>) {
    let spans = word_spans(request);
    let mut starts = vec![0usize];
    for k in 1..ws.len().min(spans.len()) {
        let gap = &request[spans[k - 1].1..spans[k].0];
        // Not at a colon, a dash or brackets, which titles have ("Star Wars: Episode V - ...", "Godzilla (Gojira)").
        if gap.contains([',', '.', ';', '!', '?']) {
            starts.push(k);
        }
    }
    // The request talks of a film: a one-word title needs that ("the shark one, jaws"; "a heist, the vault, the getaway" is no film).
    const FILM_WORDS: &[&str] = &["film", "films", "movie", "movies", "picture", "pictures", "flick", "flicks"];
    const ONE_LINKS: &[&str] = &["with", "where", "about", "from", "when", "in", "that", "i"];
    let clause_end = |k: usize| starts.contains(&(k + 1)) || k + 1 == ws.len();
    let film_talk = |clause: std::ops::Range<usize>| {
        // With `more`, how films are described is film talk too ("kurosawa, black and white").
        let form = |k: usize| rules.more_said_forms && FILM_FORMS.iter().any(|p| says(ws, k, p));
        (0..ws.len()).filter(|k| !clause.contains(k)).any(|k| FILM_WORDS.contains(&ws[k].as_str()) || form(k) || (ws[k] == "one" && k > 0 && (clause_end(k) || ws.get(k + 1).is_some_and(|n| ONE_LINKS.contains(&n.as_str())))))
    };
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain(std::iter::once(ws.len())).collect();
    let more = rules.more_said_forms;
    let more_leads: &[&[&str]] = if more { MORE_CLAUSE_LEADS } else { &[] };
    // A name written with "'s": "hitchcock's psycho" names Psycho; "he's seven" names no *Seven*.
    const CONTRACTIONS: &[&str] = &["lets", "heres", "wheres", "whos", "hows", "whens", "everyones", "everythings", "nothings", "somethings"];
    let possessive = |k: usize| {
        let w = ws[k].as_str();
        spans.get(k).is_some_and(|&(x, y)| request[x..y].ends_with("'s") || request[x..y].ends_with("’s")) && !STOP.contains(&w) && !FUNCTION_WORDS.contains(&w) && !CONTRACTIONS.contains(&w)
    };
    for (&start, &end) in starts.iter().zip(&ends) {
        let mut a = start;
        if let Some(lead) = CLAUSE_LEADS.iter().chain(more_leads).find(|l| says(ws, a, l)) {
            a += lead.len();
        }
        if more && a + 1 < end && possessive(a) {
            a += 1;
        }
        let mut b = end;
        let hedges: &[&[&str]] = if rules.clause_misspellings || more { MORE_CLAUSE_HEDGES } else { &[] };
        let or_whatever: &[&[&str]] = if more { OR_WHATEVER } else { &[] };
        // "the general i think it's called" talks of a title.
        let mut called = false;
        if let Some(h) = hedges.iter().chain(CLAUSE_HEDGES).chain(or_whatever).find(|h| b >= a + h.len() && says(&ws[..b], b - h.len(), h)) {
            b -= h.len();
            called = more && h.contains(&"called");
        }
        if a >= b || used[a..b].contains(&true) {
            continue;
        }
        // With `more`, a title written with its article said so ("the kid", "the
        // general") need not be a rarely said word, and may be a genre word
        // ("kid" alone asks for Children's).
        let the_title = |clause: &[String]| more && clause.len() == 2 && clause[0] == "the" && clause[1].chars().count() >= 3 && !STOP.contains(&clause[1].as_str());
        // Of one word besides an article: rarely said (or `the_title`), not
        // after "a", and where the request talks of a film.
        let one_word_ok = |clause: &[String], range: std::ops::Range<usize>| {
            let named: Vec<&String> = clause.iter().filter(|w| !["the", "a", "an"].contains(&w.as_str())).collect();
            match named[..] {
                [w] => clause[0] != "a" && clause[0] != "an" && (w.chars().count() >= 4 && rarely_said(w) || the_title(clause)) && !STOP.contains(&w.as_str()) && (called || film_talk(range)),
                [] => false,
                _ => true,
            }
        };
        let title_of = |clause: &[String], range: std::ops::Range<usize>| -> Option<u32> {
            if more {
                if let Some(i) = said_initials(catalog, vocab, clause, popularity, watched) {
                    return Some(i);
                }
            }
            if (is_genre_phrase(vocab, clause) && !the_title(clause)) || !one_word_ok(clause, range.clone()) || clause.iter().all(|w| STOP.contains(&w.as_str())) {
                return None;
            }
            let whole = ground_whole(catalog, vocab, clause, popularity, watched, rules).filter(|&(_, len)| len == clause.len()).map(|(i, _)| i);
            let by_bare = || {
                let b = bare(clause);
                let titles = vocab.by_bare.get(&b.join(" ")).or_else(|| vocab.by_bare.get(&bare(&joined_words(vocab, clause)).join(" ")))?;
                best_of(catalog, titles, popularity, watched)
            };
            // Misspelled, or a plural changed: the whole clause, or its start
            // before a word that describes ("silence of the lamb with anthony
            // hopkins"), of three words or more besides articles; the whole
            // clause of two with one edit ("brief encounters"). Fewer say too
            // little: "a story about" is not *L.A. Story*, "first night in" not
            // *First Knight*, "old america" not *Wild America*.
            let corrected = || {
                let (i, len) = ground_misspelled(catalog, vocab, clause, popularity, watched)?;
                let span = &clause[..len];
                let words = span.iter().filter(|w| !["the", "a", "an"].contains(&w.as_str())).count();
                let whole = len == clause.len();
                let ok = words >= 3 && (whole || DESCRIPTION_LINKS.contains(&clause[len].as_str()));
                (ok || (whole && words == 2 && edits_to(vocab, span, i) <= 1)).then_some(i)
            };
            whole.or_else(by_bare).or_else(|| if rules.clause_misspellings { corrected() } else { None }).or_else(|| if more { more_clause_forms(catalog, vocab, clause, popularity, watched, rules, called || film_talk(range.clone())) } else { None })
        };
        // (the title, the words it takes: the clause, or its start before a description)
        let mut found = title_of(&ws[a..b], a..b).map(|i| (i, b));
        if more && found.is_none() {
            // The title, then what describes it: "doctor no with sean connery",
            // "silence of the lamb with anthony hopkins" (two words or more
            // besides articles; the longest such start). The description is left to be read.
            found = (a + 2..b).rev().filter(|&k| DESCRIPTION_LINKS.contains(&ws[k].as_str()) && ws[a..k].iter().filter(|w| !["the", "a", "an"].contains(&w.as_str())).count() >= 2).find_map(|k| title_of(&ws[a..k], a..b).map(|i| (i, k)));
        }
        if more && found.is_none() {
            // A person's name, then the title: "buster keaton the general", "boris karloff frankenstein".
            let name = |w: &String| !STOP.contains(&w.as_str()) && !vocab.genre_words.contains(w.as_str());
            let named = |w: &String| is_english_name(w) || !in_english(w);
            found = (a + 1..(a + 3).min(b)).filter(|&k| ws[a..k].iter().all(name) && ws[a..k].iter().any(named)).find_map(|k| title_of(&ws[k..b], a..b)).map(|i| (i, b));
        }
        if let Some((i, until)) = found {
            add_reference(references, i);
            used[a..until].iter_mut().for_each(|u| *u = true);
        }
    }
}

/// The forms a title said as a clause of its own may also take
/// ([`ReadOptions::more_said_forms`]): two words a title writes as one
/// ("casa blanca"), numbers said in words inside a title ("thirty nine
/// steps"), its part after an owner ("life of brian"), a plural changed at
/// its end ("silence of the lamb"; of two words, where the request talks of
/// a film: "brief encounters", "local heroes"), and
/// its part before "of" ("close encounters").
fn more_clause_forms(catalog: &Catalog, vocab: &Vocabulary, clause: &[String], popularity: &[f32], watched: &HashSet<u32>, rules: ReadOptions, film_talk: bool) -> Option<u32> {
    let best = |t: Option<&Vec<u32>>| t.and_then(|t| best_of(catalog, t, popularity, watched));
    let joined = joined_words(vocab, clause);
    if joined.len() < clause.len() {
        if let Some((i, _)) = ground_whole(catalog, vocab, &joined, popularity, watched, rules).filter(|&(_, len)| len == joined.len()) {
            return Some(i);
        }
    }
    let b = bare(&spoken_numbers(clause));
    let lookup = |b: &[String]| {
        let key = b.join(" ");
        best(vocab.by_bare.get(&key)).or_else(|| best(vocab.by_owned.get(&key))).or_else(|| best(vocab.by_head.get(&key)))
    };
    if b.len() >= 2 {
        if let Some(i) = lookup(&b) {
            return Some(i);
        }
        let (last, rest) = b.split_last().expect("two words or more");
        // A plural changed on two words needs film talk: "slow dancing, love letters" is no *Love Letter*.
        let plurals = if b.len() >= 3 || film_talk { plural_changed(last) } else { Vec::new() };
        for other in plurals {
            let mut c = rest.to_vec();
            c.push(other);
            if let Some(i) = lookup(&c) {
                return Some(i);
            }
        }
    }
    None
}

/// A title's initials said first in a clause ("et phone home", "e t, the
/// one where…"), as single letters or as one word that is no English word
/// ("us" is not *U.S. Marshals*, "la" not *L.A. Confidential*).
fn said_initials(catalog: &Catalog, vocab: &Vocabulary, clause: &[String], popularity: &[f32], watched: &HashSet<u32>) -> Option<u32> {
    let initials = match clause {
        [x, y, ..] if x.chars().count() == 1 && y.chars().count() == 1 => format!("{x}{y}"),
        [x, ..] if x.chars().count() == 2 && !in_english(x) => x.clone(),
        _ => return None,
    };
    vocab.by_initials.get(&initials).and_then(|t| best_of(catalog, t, popularity, watched))
}

/// A word with its plural changed: "encounters" -> "encounter", "heroes"
/// -> "hero", "lamb" -> "lambs".
fn plural_changed(w: &str) -> Vec<String> {
    if let Some(s) = w.strip_suffix("ies") {
        return vec![format!("{s}y"), w[..w.len() - 1].to_string()];
    }
    if let Some(s) = w.strip_suffix("es") {
        return vec![s.to_string(), w[..w.len() - 1].to_string()];
    }
    if let Some(s) = w.strip_suffix('s') {
        return vec![s.to_string()];
    }
    vec![format!("{w}s"), format!("{w}es")]
}

/// Words that date a film said among others of its title: "the original
/// king kong", "the old black and white one" (the earliest), "the new one",
/// "the remake" (the latest); "not the new one" is the earliest. Not
/// "first": "we saw titanic on our first date" dates no film.
const OLDER: &[&str] = &["original", "old", "older", "oldest", "proper", "classic", "silent"];
const NEWER: &[&str] = &["new", "newer", "newest", "remake", "recent", "latest", "modern"];
/// Those that date a film wherever they are said; the others only within
/// three words before [`VERSION_WORDS`] ("the old one", "the proper one",
/// "that old charlie chaplin one"): "my old man loves titanic" dates no film.
const DATING_ALONE: &[&str] = &["original", "remake", "silent"];
const VERSION_WORDS: &[&str] = &["one", "ones", "version", "film", "movie", "picture", "original"];

/// Where a reference has other films of its title in the catalogue, the one
/// the request dates ([`OLDER`], [`NEWER`], [`FILM_FORMS`]: "black and white"), with
/// [`ReadOptions::more_said_forms`].
fn dated_references(catalog: &Catalog, vocab: &Vocabulary, ws: &[String], references: &mut [u32]) {
    if references.is_empty() {
        return;
    }
    let (mut older, mut newer) = (0i32, 0i32);
    for k in 0..ws.len() {
        let not = k >= 1 && ws[k - 1] == "not" || k >= 2 && ws[k - 1] == "the" && ws[k - 2] == "not";
        let dates = DATING_ALONE.contains(&ws[k].as_str()) || ws[k + 1..(k + 4).min(ws.len())].iter().any(|w| VERSION_WORDS.contains(&w.as_str()));
        let (o, n) = ((dates && OLDER.contains(&ws[k].as_str())) || FILM_FORMS.iter().any(|p| says(ws, k, p)), dates && NEWER.contains(&ws[k].as_str()));
        match (o, n, not) {
            (true, _, false) | (_, true, true) => older += 1,
            (true, _, true) | (_, true, false) => newer += 1,
            _ => {}
        }
    }
    if older == newer {
        return;
    }
    for r in references.iter_mut() {
        let Some(form) = vocab.titles.get(*r as usize).and_then(|f| f.first()) else { continue };
        let same: Vec<u32> = vocab.by_spoken.get(&form.join(" ")).map(|t| t.iter().copied().filter(|&i| live(catalog, i)).collect()).unwrap_or_default();
        if same.len() < 2 {
            continue;
        }
        let by_year = |a: &&u32, b: &&u32| catalog.movie(**a).year.cmp(&catalog.movie(**b).year);
        if let Some(&i) = if older > newer { same.iter().min_by(by_year) } else { same.iter().max_by(by_year) } {
            *r = i;
        }
    }
}

/// How films are described that is also a film's title: "the old black and
/// white one" names no *Black and White*.
const FILM_FORMS: &[&[&str]] = &[&["black", "and", "white"]];

/// Whether catalogue movie `i`'s title is a [`FILM_FORMS`] phrase that the
/// request says, and nowhere right after a cue ("like black and white" names it),
/// with [`ReadOptions::more_said_forms`].
fn described_not_named(vocab: &Vocabulary, ws: &[String], i: u32) -> bool {
    let Some(form) = vocab.titles.get(i as usize).and_then(|f| f.first()) else { return false };
    let Some(phrase) = FILM_FORMS.iter().find(|p| p.iter().eq(form.iter())) else { return false };
    let said: Vec<usize> = (0..ws.len()).filter(|&k| says(ws, k, phrase)).collect();
    // Said only as a description; a title corrected after a cue ("like blcak and white") was named.
    !said.is_empty() && !said.iter().any(|&k| CUES.iter().any(|c| k >= c.len() && says(ws, k - c.len(), c)))
}

/// Words that say a request points at a film it has named: "anything like
/// it", "in that vein", "along those lines", "that sort of thing".
const POINTERS: &[&[&str]] = &[
    &["like", "it"], &["like", "that"], &["like", "this"], &["like", "them"], &["similar"], &["that", "vein"], &["same", "vein"], &["that", "spirit"],
    &["same", "spirit"], &["those", "lines"], &["them", "lines"], &["these", "lines"], &["sort", "of", "thing"], &["kind", "of", "thing"],
    &["type", "thing"], &["type", "stuff"], &["sort", "of", "stuff"], &["kind", "of", "stuff"], &["more", "of", "that"],
];

/// A one-word title ("metropolis", "jaws": [`Vocabulary`]'s `by_one_word`)
/// where the request names no other film, points at one ([`POINTERS`]), and
/// says that word, unused by other rules and not after "a" or a possessive
/// ("on a boat"; "in a jaws mood" is), which the library's requests rarely use ([`rarely_said`]). Only where exactly one such word is said;
/// between titles of that word, as [`ground`] breaks ties.
fn one_word_references(catalog: &Catalog, vocab: &Vocabulary, ws: &[String], used: &mut [bool], popularity: &[f32], watched: &HashSet<u32>, references: &mut Vec<u32>) {
    let points = (0..ws.len()).any(|k| POINTERS.iter().any(|p| says(ws, k, p)));
    if !points {
        return;
    }
    // After "a" or "my" the word is a thing, not a title ("on a boat", "my
    // apartment"), unless a kind follows ("in a jaws mood").
    let kind = |k: usize| ws.get(k + 1).is_some_and(|w| ["mood", "kind", "type", "sort", "vibe", "vibes", "night", "feel", "feeling"].contains(&w.as_str()));
    let as_thing = |k: usize| k > 0 && ["a", "an", "my", "our", "your", "his", "her", "their"].contains(&ws[k - 1].as_str()) && !kind(k);
    let said: Vec<usize> = (0..ws.len()).filter(|&k| !used[k] && !as_thing(k) && vocab.by_one_word.contains_key(&ws[k]) && rarely_said(&ws[k])).collect();
    let words: HashSet<&String> = said.iter().map(|&k| &ws[k]).collect();
    if words.len() != 1 {
        return;
    }
    let w = &ws[said[0]];
    if let Some(i) = best_of(catalog, &vocab.by_one_word[w], popularity, watched) {
        add_reference(references, i);
        for k in said {
            used[k] = true;
        }
    }
}

/// How a viewer compares with someone in a film: "like that fella in rear
/// window", "like the guy in modern times", "like something out of
/// muriel's wedding". Returns where the film starts in `span` (a cue's
/// words): after a determiner, a word and "in", "from" or "out of", or
/// after "something", "anything", "someone" or "somebody" and one of those.
fn names_a_character(span: &[String]) -> Option<usize> {
    const DETERMINERS: &[&str] = &["the", "that", "this", "a", "an", "some"];
    const SOMEONE: &[&str] = &["something", "anything", "someone", "somebody"];
    let link = |at: usize| match span.get(at).map(String::as_str) {
        Some("in" | "from") => Some(at + 1),
        Some("out") if span.get(at + 1).is_some_and(|w| w == "of") => Some(at + 2),
        _ => None,
    };
    let first = span.first()?.as_str();
    let film = if SOMEONE.contains(&first) {
        link(1)
    } else if DETERMINERS.contains(&first) && span.get(1).is_some_and(|w| !["in", "from", "out"].contains(&w.as_str())) {
        link(2)
    } else {
        None
    }?;
    (film < span.len()).then_some(film)
}

/// Words a whole title said with one word of its own must have to name
/// itself where no cue introduces it ([`ReadOptions::free_speech_titles`]).
const LONG_TITLE_WORDS: usize = 4;

/// Whether a title's word is its own: no stop word, genre word, number, decade or year.
fn own_word(vocab: &Vocabulary, w: &str) -> bool {
    own_word_of(&vocab.genre_words, w)
}

/// [`own_word`] with the genre words given (while the vocabulary is built).
fn own_word_of(genre_words: &HashSet<String>, w: &str) -> bool {
    !STOP.contains(&w) && !genre_words.contains(w) && !is_period_or_number(w)
}

/// Whether the request has at least half of the words of catalogue movie
/// `i`'s title (stop words aside; as written or spoken): the LLM reader's
/// film must be one the request names. Its decoding can only write
/// catalogue titles, so a film the catalogue lacks ("a fairy tale like
/// shrek") comes out as some title starting alike (*Shooting Fish*).
fn written_in(vocab: &Vocabulary, request: &str, i: u32) -> bool {
    let said = said_words(request);
    vocab.titles.get(i as usize).into_iter().flatten().any(|form| form_said(&said, form))
}

/// How many times each word (as [`said_words`] writes it) occurs in the
/// requests the library holds, none of which names a film: the example
/// phrases, the written requests and the phrases asking no genre.
fn everyday_words() -> &'static HashMap<String, u32> {
    static COUNTS: std::sync::OnceLock<HashMap<String, u32>> = std::sync::OnceLock::new();
    COUNTS.get_or_init(|| {
        let mut counts = HashMap::new();
        for (_, phrase) in example_phrases(usize::MAX, true) {
            for w in words(phrase) {
                *counts.entry(canon_word(&w)).or_insert(0) += 1;
            }
        }
        counts
    })
}

/// The fewest times [`everyday_words`] counts one of catalogue movie `i`'s
/// own title words that `request` says (None: it says none).
fn fewest_everyday_uses(vocab: &Vocabulary, request: &str, i: u32) -> Option<u32> {
    fewest_uses(vocab, &said_words(request), vocab.titles.get(i as usize).into_iter().flatten().flatten())
}

/// The fewest times [`everyday_words`] counts one of `title_words` that is an
/// own word and among `said` (None: none is).
fn fewest_uses<'a>(vocab: &Vocabulary, said: &HashSet<String>, title_words: impl Iterator<Item = &'a String>) -> Option<u32> {
    let everyday = everyday_words();
    title_words.filter(|w| own_word(vocab, w) && said.contains(w.as_str())).map(|w| everyday.get(w.as_str()).copied().unwrap_or(0)).min()
}

/// Whether the request's words `ws` say catalogue movie `i`'s main title
/// (without its leading article; numbers as [`canon_word`] writes them) word
/// for word, where it has two words or more: "the great escape was on", not
/// "we're" for *We're No Angels* ([`QueryWeights::llm_title_said_run`]).
fn said_in_a_run(vocab: &Vocabulary, ws: &[String], i: u32) -> bool {
    let Some(main) = vocab.main_words.get(i as usize).filter(|m| m.len() >= 2) else { return false };
    ws.windows(main.len()).any(|run| run.iter().zip(main).all(|(w, m)| canon_word(w) == *m))
}

/// Whether [`written_in`] holds for some catalogue movie: where it holds for
/// none, no film the LLM reader could name would be taken.
fn may_name_a_title(vocab: &Vocabulary, request: &str) -> bool {
    let said = said_words(request);
    vocab.titles.iter().flatten().any(|form| form_said(&said, form))
}

/// The catalogue movies (by index), not retired, whose title the request
/// says whole ([`form_said_whole`]), one of the said own words used at most
/// `most` times by the library's requests ([`everyday_words`]).
fn rare_titles_said_whole(catalog: &Catalog, vocab: &Vocabulary, request: &str, most: u32) -> Vec<bool> {
    let said = said_words(request);
    vocab.titles.iter().enumerate().map(|(i, forms)| live(catalog, i as u32) && forms.iter().any(|form| form_said_whole(&said, form) && fewest_uses(vocab, &said, form.iter()).is_some_and(|n| n <= most))).collect()
}

fn said_words(request: &str) -> HashSet<String> {
    words(request).iter().map(|w| canon_word(w)).collect()
}

/// At least half of a title form's words, stop words aside, are among `said`.
fn form_said(said: &HashSet<String>, form: &[String]) -> bool {
    let (own, found) = own_said(said, form);
    found > 0 && 2 * found >= own
}

/// A title form's words that are no stop words, and how many of them are
/// among `said`. (Counted without collecting: [`may_name_a_title`] runs it
/// on every title form for a request.)
fn own_said(said: &HashSet<String>, form: &[String]) -> (usize, usize) {
    form.iter().filter(|w| !STOP.contains(&w.as_str())).fold((0, 0), |(o, f), w| (o + 1, f + usize::from(said.contains(w.as_str()))))
}

/// Every own word of a title form (stop words aside) is among `said`; of
/// four own words or more, at least half and two. Half the form's words
/// must be its own: "wonderful" is not *Some Kind of Wonderful* said whole.
fn form_said_whole(said: &HashSet<String>, form: &[String]) -> bool {
    let (own, found) = own_said(said, form);
    own > 0 && 2 * own >= form.len() && (found == own || (own >= 4 && found >= 2 && 2 * found >= own))
}

/// A number ("two", "2", "ii"), a decade ("eighties", "80s") or a year.
fn is_period_or_number(w: &str) -> bool {
    canon_word(w).parse::<u32>().is_ok() || DECADE_WORDS.iter().any(|d| d.0 == w) || w.trim_end_matches('s').parse::<u32>().is_ok()
}

/// Whether `w`, right after a span matched by word overlap, reads as more of
/// a title: a content word that is no number or cue and starts no genre
/// phrase, decade or year.
fn continues_title(vocab: &Vocabulary, w: &str) -> bool {
    let cue = CUES.iter().any(|c| c[0] == w);
    let genre = vocab.genre_phrases.iter().any(|(p, _)| p.first().is_some_and(|f| f == w));
    !(STOP.contains(&w) || is_period_or_number(w) || cue || genre)
}

/// Misspelled references a request may have corrected (each scans the catalogue's titles).
const MAX_CORRECTIONS: usize = 3;

/// How a viewer describes a film instead of naming it: "like the one with
/// the ghosts in new york". After a cue, such a span grounds only to a whole
/// title: a partial match on "the one" is "I'm the One That I Want".
const DESCRIPTION_HEADS: &[[&str; 2]] = &[["the", "one"], ["that", "one"], ["the", "movie"], ["that", "movie"], ["the", "film"], ["that", "film"]];
const DESCRIPTION_LINKS: &[&str] = &["with", "where", "about", "that", "in", "from", "when", "set", "starring", "who", "whose"];

/// Whether `span` (a cue's words) starts by describing a film: a
/// [`DESCRIPTION_HEADS`] and then a [`DESCRIPTION_LINKS`] word.
fn describes_a_film(span: &[String]) -> bool {
    span.len() > 2 && DESCRIPTION_HEADS.iter().any(|h| span[0] == h[0] && span[1] == h[1]) && DESCRIPTION_LINKS.contains(&span[2].as_str())
}

/// Words that point back at a film said before: "films like that one",
/// "what's like this one". After a cue they name no title, though "I'm the
/// One That I Want" has both words (a partial match read it so).
const POINTING_BACK: &[[&str; 2]] = &[["that", "one"], ["this", "one"], ["that", "film"], ["this", "film"], ["that", "movie"], ["this", "movie"], ["those", "ones"], ["these", "ones"], ["those", "films"], ["these", "films"], ["those", "movies"], ["these", "movies"]];

/// Whether `span` (a cue's words) points back at a film ([`POINTING_BACK`])
/// and does not go on to describe one ([`describes_a_film`]).
fn points_back(span: &[String]) -> bool {
    span.len() >= 2 && POINTING_BACK.iter().any(|p| span[0] == p[0] && span[1] == p[1]) && !span.get(2).is_some_and(|w| DESCRIPTION_LINKS.contains(&w.as_str()))
}

/// Most character edits between a misspelled reference and a title, by the
/// reference's length in characters: none up to 5 ("cars" is not "Cats"),
/// one up to 10, two beyond. Fixed by hand, not tuned.
fn edits_allowed(chars: usize) -> usize {
    match chars {
        0..=5 => 0,
        6..=10 => 1,
        _ => 2,
    }
}

/// Edit distance between `a` and `b` where a letter dropped, added,
/// replaced or swapped with its neighbour is one edit (optimal string
/// alignment), or None when it exceeds `max` (only a band of width 2·max+1
/// is computed).
fn edit_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let big = max + 1;
    let mut before: Vec<usize> = vec![big; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(big)).collect();
    let mut cur = vec![big; b.len() + 1];
    for i in 1..=a.len() {
        let (lo, hi) = (i.saturating_sub(max).max(1), (i + max).min(b.len()));
        cur.iter_mut().for_each(|c| *c = big);
        cur[0] = i.min(big);
        for j in lo..=hi {
            let mut d = (prev[j - 1] + usize::from(a[i - 1] != b[j - 1])).min(prev[j] + 1).min(cur[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d.min(big);
        }
        if cur[lo.saturating_sub(1)..=hi].iter().all(|&c| c > max) {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[b.len()] <= max).then_some(prev[b.len()])
}

/// The catalogue movie a misspelled `span` names ("jurasic park", "forest
/// gump": a voice remote's or a keyboard's slip), for when [`ground`] finds
/// none: the title (as written or spoken, with or without its leading
/// article) fewest character edits from the span's first words, within
/// [`edits_allowed`], its numbers unchanged ("part 3" is not "part 2").
/// The most words explained first ("batman furever" is *Batman Forever*, not
/// *Batman* and a word), then the fewest edits, then as [`ground`] breaks
/// ties. Returns (index, words used).
fn ground_misspelled(catalog: &Catalog, vocab: &Vocabulary, span: &[String], popularity: &[f32], watched: &HashSet<u32>) -> Option<(u32, usize)> {
    let live = |i: u32| live(catalog, i);
    let prefer = |i: u32| preference(popularity, watched, i);
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let longest = span.len().min(12);
    let spoken: Vec<String> = span[..longest].iter().map(|w| canon_word(w)).collect();
    let mut best: Option<(usize, usize, u32)> = None;
    for len in 1..=longest {
        if spoken[..len].iter().all(|w| STOP.contains(&w.as_str())) {
            continue;
        }
        let text = spoken[..len].join(" ");
        let chars: Vec<char> = text.chars().collect();
        let max = edits_allowed(chars.len());
        if max == 0 {
            continue;
        }
        let number = digits(&text);
        let near = chars.len().saturating_sub(max)..(chars.len() + max + 1).min(vocab.misspelled_forms.len());
        for &(i, ref title) in vocab.misspelled_forms.get(near).into_iter().flatten().flatten() {
            if !live(i) || digits(title) != number {
                continue;
            }
            let Some(d) = edit_distance(&chars, &title.chars().collect::<Vec<_>>(), max) else { continue };
            let better = match best {
                None => true,
                Some((bd, blen, bi)) => len > blen || (len == blen && (d < bd || (d == bd && prefer(i) > prefer(bi)))),
            };
            if better {
                best = Some((d, len, i));
            }
        }
    }
    best.map(|(_, len, i)| (i, len))
}

/// The fewest character edits between `span` (its words in [`canon_word`]'s
/// form, joined) and one of catalogue movie `i`'s forms that
/// [`ground_misspelled`] compares with (usize::MAX beyond two).
fn edits_to(vocab: &Vocabulary, span: &[String], i: u32) -> usize {
    let chars: Vec<char> = span.iter().map(|w| canon_word(w)).collect::<Vec<_>>().join(" ").chars().collect();
    let near = chars.len().saturating_sub(2)..(chars.len() + 3).min(vocab.misspelled_forms.len());
    vocab.misspelled_forms.get(near).into_iter().flatten().flatten().filter(|(j, _)| *j == i).filter_map(|(_, t)| edit_distance(&chars, &t.chars().collect::<Vec<_>>(), 2)).min().unwrap_or(usize::MAX)
}

/// The refusal of a request that names nothing this catalogue knows.
/// The refusal of a request read as nothing: no genre, year, film or title
/// word (the title linker may have judged every film read a word in passing).
fn unclear(request: &str) -> Error {
    Error::UnclearRequest(format!("nothing in {:?} was read as a genre, a year, a film or a title word of this catalogue", request.chars().take(80).collect::<String>()))
}

/// Which of the reader's rules for reference titles run; [`parse`] (and so
/// `recommend_query`) runs all. The evaluation turns each off to measure it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// A reference no title matches as written is corrected to the nearest
    /// title ([`ground_misspelled`]).
    pub correct_misspellings: bool,
    /// References no strong cue introduces: whole titles after a weak cue
    /// ([`WEAK_CUES`]) or standing alone ([`uncued_references`]).
    pub uncued_titles: bool,
    /// "family" is Children's only where it says who watches
    /// ([`family_is_the_audience`]; [`QueryWeights::family_as_audience`]).
    pub family_as_audience: bool,
    /// Films named as people say them ([`QueryWeights::free_speech_titles`]):
    /// [`rare_word_references`], [`spoken_numbers`], a series' name as its
    /// first film, [`names_a_character`], and a long title said whole
    /// ([`LONG_TITLE_WORDS`]).
    pub free_speech_titles: bool,
    /// Titles as people shorten and reshape them ([`QueryWeights::said_title_forms`]):
    /// [`said_variant`], [`bare_references`], [`number_title_references`],
    /// [`one_word_references`], and [`FUNCTION_WORDS`] name no partial title.
    pub said_title_forms: bool,
    /// With `said_title_forms`: [`clause_titles`] and [`first_of_series`].
    pub title_first: bool,
    /// With `title_first`: [`clause_titles`] corrects a misspelled title
    /// ([`ground_misspelled`]) and sets aside [`MORE_CLAUSE_HEDGES`].
    pub clause_misspellings: bool,
    /// With `title_first`: [`clause_titles`]' leads, hedges and forms
    /// ([`more_clause_forms`], [`said_initials`]), [`dated_references`] and
    /// [`described_not_named`].
    pub more_said_forms: bool,
    /// Some(percent): [`uncued_references`], [`bare_references`] and weak cues take a title of
    /// everyday words ([`everyday_title`]) only among the catalogue's
    /// `percent`% most watched ([`among_most_watched`]) or the viewer's own watches, and
    /// [`rare_word_references`] reads a name with "'s" as a name
    /// ([`QueryWeights::everyday_titles_top`]).
    pub everyday_titles_top: Option<u8>,
}

impl ReadOptions {
    /// The rules `weights` turns on (every other rule runs).
    pub fn of(weights: &QueryWeights) -> ReadOptions {
        ReadOptions { family_as_audience: weights.family_as_audience, free_speech_titles: weights.free_speech_titles, said_title_forms: weights.said_title_forms, title_first: weights.title_first, clause_misspellings: weights.clause_misspellings, more_said_forms: weights.more_said_forms, everyday_titles_top: weights.everyday_titles_top, ..ReadOptions::default() }
    }
}

impl Default for ReadOptions {
    fn default() -> Self {
        let w = QueryWeights::default();
        ReadOptions { correct_misspellings: true, uncued_titles: true, family_as_audience: w.family_as_audience, free_speech_titles: w.free_speech_titles, said_title_forms: w.said_title_forms, title_first: w.title_first, clause_misspellings: w.clause_misspellings, more_said_forms: w.more_said_forms, everyday_titles_top: w.everyday_titles_top }
    }
}

/// Words after "family" that make it the audience: "a family film",
/// "family-friendly", "family night".
const FAMILY_AUDIENCE_NEXT: &[&str] = &[
    "film", "films", "movie", "movies", "flick", "flicks", "friendly", "night", "fun", "feature", "features", "picture", "pictures", "classic", "classics",
    "favourite", "favourites", "favorite", "favorites", "entertainment", "show", "shows", "viewing", "audience", "audiences",
];

/// Whether "family" at `i` says who watches ("a family film", "for the
/// whole family", "for my family") rather than what the film is about ("a
/// family falling apart", "a family drama").
fn family_is_the_audience(ws: &[String], i: usize) -> bool {
    let next = ws.get(i + 1).map(String::as_str);
    let prev = |n: usize| if i >= n { ws[i - n].as_str() } else { "" };
    next.is_some_and(|n| FAMILY_AUDIENCE_NEXT.contains(&n)) || ["whole", "entire"].contains(&prev(1)) || (1..=3).any(|n| prev(n) == "for")
}

/// Reads `request` against the catalogue. Between equally good title
/// matches, a movie in `history` (catalogue indices) wins, then the higher
/// `popularity` (per catalogue index).
pub fn parse(catalog: &Catalog, vocab: &Vocabulary, request: &str, popularity: &[f32], history: &[u32]) -> Result<Intent> {
    parse_with(catalog, vocab, request, popularity, history, ReadOptions::default())
}

/// [`parse`] with only the reference rules `options` names.
pub fn parse_with(catalog: &Catalog, vocab: &Vocabulary, request: &str, popularity: &[f32], history: &[u32], options: ReadOptions) -> Result<Intent> {
    let watched: HashSet<u32> = history.iter().copied().collect();
    let mut ws = words(request);
    let mut intent = Intent { truncated: ws.len() > MAX_WORDS, ..Default::default() };
    ws.truncate(MAX_WORDS);
    if ws.is_empty() {
        return Err(Error::UnclearRequest("the request has no words".into()));
    }
    let mut used = vec![false; ws.len()];
    // 1. Reference titles after a cue ("like Toy Story"); not "I'd like", "would like".
    let mut at = 0;
    let mut corrections = 0;
    while at < ws.len() {
        let verb = at > 0 && ["i", "d", "id", "would", "wed", "we", "you", "they", "dont", "didnt"].contains(&ws[at - 1].as_str());
        let found = |cues: &[&[&str]]| cues.iter().find(|c| ws.len() >= at + c.len() && c.iter().zip(&ws[at..]).all(|(a, b)| *a == b.as_str())).map(|c| c.len());
        // (cue length, whether a partial title will do)
        let cue = match found(CUES).filter(|_| !verb) {
            Some(n) => Some((n, true)),
            None if options.uncued_titles => found(WEAK_CUES).map(|n| (n, false)),
            None => None,
        };
        match cue {
            Some((n, _)) if !used[at] && points_back(&ws[at + n..]) => at += 1,
            Some((n, partial)) if !used[at] => {
                let from = at + n;
                // "the one with ..." describes a film: only a whole title will do, as written.
                let partial = partial && !describes_a_film(&ws[from..]);
                let grounded = match names_a_character(&ws[from..]).filter(|_| options.free_speech_titles && partial) {
                    // "like that fella in rear window": the film is after "in", and "fella" no title.
                    Some(film) => {
                        // A whole title running past the link is the film ("like the man in the iron mask"); "the guy" alone is not *Guy*.
                        let whole = ground_whole(catalog, vocab, &ws[from..], popularity, &watched, options).filter(|&(_, len)| len > film);
                        whole.or_else(|| ground_whole(catalog, vocab, &ws[from + film..], popularity, &watched, options).filter(|&(_, len)| ws[from + film..from + film + len].iter().any(|w| own_word(vocab, w))).map(|(i, len)| (i, film + len)))
                    }
                    None => {
                        // A correction wins where it explains more of the words than
                        // what matched as written ("raiders of the lost arc" is not
                        // "Raiders" and two words).
                        // A viewer names a title or two: a request of many cues gets
                        // at most MAX_CORRECTIONS catalogue scans.
                        // A weak cue's title needs a word of its own: "after 1984" is a year.
                        let written = if partial {
                            ground(catalog, vocab, &ws[from..], popularity, &watched, options)
                        } else {
                            ground_whole(catalog, vocab, &ws[from..], popularity, &watched, options).filter(|&(i, len)| ws[from..from + len].iter().any(|w| own_word(vocab, w)) && everyday_title_taken(vocab, popularity, &watched, i, options))
                        };
                        let corrected = match written {
                            Some((_, len)) if len + from >= ws.len() => None,
                            // Weak cues take titles as written: "more recent" is no misspelled title.
                            _ if partial && options.correct_misspellings && corrections < MAX_CORRECTIONS => {
                                corrections += 1;
                                ground_misspelled(catalog, vocab, &ws[from..], popularity, &watched)
                            }
                            _ => None,
                        };
                        match (written, corrected) {
                            (Some(w), Some(c)) if c.1 > w.1 => Some(c),
                            (Some(w), _) => Some(w),
                            (None, c) => c,
                        }
                    }
                };
                if let Some((i, len)) = grounded {
                    add_reference(&mut intent.references, i);
                    used[at..from + len].iter_mut().for_each(|u| *u = true);
                    at = from + len;
                    continue;
                }
                at += 1;
            }
            _ => at += 1,
        }
    }
    // The said forms' rules below read titles no cue introduces.
    let said = options.said_title_forms && options.uncued_titles;
    if said {
        number_title_references(catalog, vocab, &ws, &mut used, popularity, &watched, &mut intent.references);
        if options.title_first {
            first_of_series(catalog, vocab, &ws, &mut used, popularity, &watched, &mut intent.references);
            if intent.references.is_empty() {
                clause_titles(catalog, vocab, request, &ws, &mut used, popularity, &watched, options, &mut intent.references);
            }
        }
    }
    if options.uncued_titles {
        for i in uncued_references(catalog, vocab, &ws, &mut used, popularity, &watched, options) {
            add_reference(&mut intent.references, i);
        }
    }
    if options.free_speech_titles {
        rare_word_references(catalog, vocab, &ws, &mut used, popularity, &watched, options, &mut intent.references);
    }
    if said {
        bare_references(catalog, vocab, &ws, &mut used, popularity, &watched, options, &mut intent.references);
        if intent.references.is_empty() {
            one_word_references(catalog, vocab, &ws, &mut used, popularity, &watched, &mut intent.references);
        }
        if options.more_said_forms && options.title_first {
            // A description read as a title gives its words back to the genre reading.
            if let Some(&i) = intent.references.iter().find(|&&i| described_not_named(vocab, &ws, i)) {
                intent.references.retain(|&r| r != i);
                let form = &vocab.titles[i as usize][0];
                for k in 0..ws.len() {
                    if starts_with(&ws, k, form) {
                        used[k..k + form.len()].iter_mut().for_each(|u| *u = false);
                    }
                }
            }
            dated_references(catalog, vocab, &ws, &mut intent.references);
        }
    }
    // 2. Years: decades ("eighties", "80s", "1980s"), a year, "before/after/since Y", "between Y and Z".
    let year = |w: &str| w.parse::<u16>().ok().filter(|y| (1880..=2100).contains(y));
    for i in 0..ws.len() {
        if used[i] || intent.years.is_some() {
            continue;
        }
        let w = ws[i].as_str();
        let decade = DECADE_WORDS.iter().find(|d| d.0 == w).map(|d| d.1).or_else(|| {
            let d = w.strip_suffix('s')?;
            match d.len() {
                2 => d.parse::<u16>().ok().filter(|x| x % 10 == 0).map(|x| if x >= 20 { 1900 + x } else { 2000 + x }),
                4 => year(d).filter(|x| x % 10 == 0),
                _ => None,
            }
        });
        if let Some(d) = decade {
            intent.years = Some((d, d + 9));
            used[i] = true;
            continue;
        }
        if let Some(y) = year(w) {
            let prev = if i > 0 { ws[i - 1].as_str() } else { "" };
            let next_year = ws.get(i + 2).and_then(|n| year(n)).filter(|_| ws.get(i + 1).is_some_and(|a| a == "and" || a == "to"));
            intent.years = Some(match (prev, next_year) {
                ("between" | "from", Some(z)) => (y.min(z), y.max(z)),
                ("before" | "until" | "pre", _) => (0, y - 1),
                ("after" | "post", _) => (y + 1, 9999),
                ("since", _) => (y, 9999),
                _ => (y, y),
            });
            used[i] = true;
            if let Some(_z) = next_year {
                if prev == "between" || prev == "from" {
                    used[i + 1] = true;
                    used[i + 2] = true;
                }
            }
        }
    }
    // 3. Genres, longest phrase first.
    let mut i = 0;
    while i < ws.len() {
        if used[i] {
            i += 1;
            continue;
        }
        let found = vocab.genre_phrases.iter().find(|(p, _)| starts_with(&ws, i, p) && !used[i..i + p.len()].iter().any(|&u| u));
        // "family" names Children's only as the audience (a catalogue genre called Family is its own name).
        let subject = |(p, g): &&(Vec<String>, String)| options.family_as_audience && p.len() == 1 && p[0] == "family" && !g.eq_ignore_ascii_case("family") && !family_is_the_audience(&ws, i);
        match found.filter(|f| !subject(f)) {
            Some((p, g)) => {
                if !intent.genres.contains(g) {
                    intent.genres.push(g.clone());
                }
                used[i..i + p.len()].iter_mut().for_each(|u| *u = true);
                i += p.len();
            }
            None => i += 1,
        }
    }
    // 4. What is left: title words, and runs of unread words.
    let mut run: Vec<&str> = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let content = !used[i] && !STOP.contains(&w.as_str());
        if content && vocab.title_words.contains(w) && !intent.words.contains(w) {
            intent.words.push(w.clone());
        }
        if content {
            run.push(w);
        } else if used[i] && !run.is_empty() {
            intent.unread.push(std::mem::take(&mut run).join(" "));
        }
    }
    if !run.is_empty() {
        intent.unread.push(run.join(" "));
    }
    if !intent.unread.is_empty() {
        let spans = word_spans(request);
        debug_assert!(spans.len() >= ws.len());
        intent.unread_clauses = clauses(request, &spans, &ws, &used);
        intent.unread_text = spans.iter().zip(&used).filter(|(_, &u)| !u).map(|(&(a, b), _)| &request[a..b]).collect::<Vec<_>>().join(" ");
    }
    if intent.is_empty() && intent.unread.is_empty() {
        return Err(unclear(request));
    }
    Ok(intent)
}

/// Per catalogue genre: its name and synonyms (the phrases a similarity is taken to).
pub fn genre_phrases(vocab: &Vocabulary) -> Vec<(String, String)> {
    vocab.genre_phrases.iter().map(|(p, g)| (as_movie(&p.join(" ")), g.clone())).collect()
}

/// The text a genre phrase is embedded as (the request's phrase is embedded
/// as it is: wrapping both alike made every pair look similar, measured).
pub fn as_movie(phrase: &str) -> String {
    format!("a {phrase} movie")
}

/// The genres an unread phrase names by similarity: (genre, best cosine to its phrases), best first.
pub fn genre_similarity(phrase_row: &[f32], phrases: &[(String, String)], rows: &[Vec<f32>]) -> Vec<(String, f32)> {
    let mut best: Vec<(String, f32)> = Vec::new();
    for ((_, g), r) in phrases.iter().zip(rows) {
        let s = dot(phrase_row, r);
        match best.iter_mut().find(|b| &b.0 == g) {
            Some(b) => b.1 = b.1.max(s),
            None => best.push((g.clone(), s)),
        }
    }
    best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    best
}

/// What an unread phrase is compared with when the genres are read by
/// examples, besides the genres' names and synonyms ([`genre_phrases`]):
/// for the catalogue's MovieLens genre names, the phrases of
/// [`genre_exemplars`](super::genre_exemplars); then the phrases asking for
/// no genre, labelled "". Also the first `written_sets` sets of
/// [`written_requests`](super::written_requests) of those genres, and with
/// `written_none` the written requests asking for none. (text, label)
pub fn exemplar_phrases(vocab: &Vocabulary, written_sets: usize, written_none: bool) -> Vec<(String, String)> {
    let genres: BTreeSet<&str> = vocab.genre_phrases.iter().map(|p| p.1.as_str()).collect();
    example_phrases(written_sets, written_none).filter(|(g, _)| g.is_empty() || genres.contains(g)).map(|(g, p)| (p.to_string(), g.to_string())).collect()
}

/// Every example phrase, (genre, phrase), in [`exemplar_phrases`]' order:
/// each genre's [`genre_exemplars`](super::genre_exemplars), the first
/// `written_sets` sets of [`written_requests`](super::written_requests),
/// then those asking for no genre (genre ""; with `written_none`, also
/// [`WRITTEN_NO_GENRE`](super::genre_exemplars::WRITTEN_NO_GENRE)). All of
/// them (`ALL_SETS.len()`, true): what a build's phrase table depends on (its fingerprint).
pub fn example_phrases(written_sets: usize, written_none: bool) -> impl Iterator<Item = (&'static str, &'static str)> {
    use super::genre_exemplars::{GENRE_EXEMPLARS, NO_GENRE_EXEMPLARS, WRITTEN_NO_GENRE};
    let examples = GENRE_EXEMPLARS.iter().flat_map(|(g, ps)| ps.iter().map(move |p| (*g, *p)));
    let all = &super::written_requests::ALL_SETS;
    let sets = &all[..written_sets.min(all.len())];
    let written = sets.iter().flat_map(|s| s.iter()).map(|w| (w.0, w.2));
    let none = if written_none { WRITTEN_NO_GENRE } else { &[] };
    examples.chain(written).chain(NO_GENRE_EXEMPLARS.iter().chain(none).map(|p| ("", *p)))
}

/// Whether any of the catalogue's genres has example phrases (a MovieLens
/// genre name): elsewhere genres are not read by examples, which were
/// measured only there.
pub fn has_genre_examples(vocab: &Vocabulary) -> bool {
    vocab.genre_phrases.iter().any(|(_, g)| super::genre_exemplars::GENRE_EXEMPLARS.iter().any(|(h, _)| h == g))
}

/// The label whose `k` most similar phrases (label, row) have the highest
/// mean cosine to `row`, with that mean (of those it has, where fewer); None
/// where it is the label of no genre ("").
pub fn exemplar_genre<'a>(row: &[f32], phrases: impl IntoIterator<Item = (&'a str, &'a [f32])>, k: usize) -> Option<(String, f32)> {
    best_genre(&label_means(row, phrases, k))
}

/// Per label of `phrases`, the mean cosine of `row` to that label's `k` most
/// similar phrases (of those it has, where fewer); "" is the label of no genre.
pub fn label_means<'a>(row: &[f32], phrases: impl IntoIterator<Item = (&'a str, &'a [f32])>, k: usize) -> HashMap<&'a str, f32> {
    let mut by: HashMap<&str, Vec<f32>> = HashMap::new();
    for (l, r) in phrases {
        by.entry(l).or_default().push(dot(row, r));
    }
    by.into_iter()
        .map(|(l, mut sims)| {
            sims.sort_by(|a, b| b.total_cmp(a));
            let top = &sims[..sims.len().min(k.max(1))];
            (l, top.iter().sum::<f32>() / top.len() as f32)
        })
        .collect()
}

/// [`exemplar_genre`] of [`label_means`]: the label with the highest mean
/// (ties to the smaller label), None where it is "".
fn best_genre(means: &HashMap<&str, f32>) -> Option<(String, f32)> {
    let mut best: Option<(&str, f32)> = None;
    for (&l, &mean) in means {
        if best.is_none_or(|b| mean > b.1 || (mean == b.1 && l < b.0)) {
            best = Some((l, mean));
        }
    }
    best.filter(|b| !b.0.is_empty()).map(|b| (b.0.to_string(), b.1))
}

/// sha256 (hex) of labelled phrases in order and the encoder's file: what a
/// genre probe is fitted on ([`QueryWeights::probe_c`]).
pub fn probe_fingerprint<'a>(phrases: impl IntoIterator<Item = (&'a str, &'a str)>, encoder_sha256: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (text, label) in phrases {
        h.update(label.as_bytes());
        h.update(b"\t");
        h.update(text.as_bytes());
        h.update(b"\n");
    }
    h.update(encoder_sha256.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The genre probe over the example phrases of `sets` written sets (and the
/// written requests asking none with `none`) at `c`: the model directory's
/// where its key is this one, else one fitted now (seconds; once per
/// catalogue) and kept.
#[allow(clippy::too_many_arguments)]
fn genre_probe(s: &crate::stages::semantic::Semantic, titles: &Titles, vocab: &Vocabulary, sets: usize, none: bool, c: f32, labels: &[String], rows: &[std::sync::Arc<[f32]>]) -> Result<std::sync::Arc<crate::stages::semantic::probe::GenreProbe>> {
    use crate::stages::semantic::probe::{GenreProbe, ProbeKey};
    // The phrases are fixed by (sets, none) for this catalogue: a probe made
    // once is found by them, without hashing the phrases on every request.
    let mut held = titles.exemplar_probes.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, p)) = held.iter().find(|h| h.0 == (sets, none, c.to_bits())) {
        return Ok(p.clone());
    }
    let phrases = exemplar_phrases(vocab, sets, none);
    let key = ProbeKey { fingerprint: probe_fingerprint(phrases.iter().map(|(t, l)| (t.as_str(), l.as_str())), &s.encoder_sha256()), c };
    let probe = match s.genre_probe()? {
        Some(p) if p.key == key => p,
        _ => {
            let t = std::time::Instant::now();
            let refs: Vec<&[f32]> = rows.iter().map(|r| &r[..]).collect();
            let ls: Vec<&str> = labels.iter().map(String::as_str).collect();
            let p = GenreProbe::fit(&refs, &ls, key)?;
            tracing::info!(sets, none, c, phrases = refs.len(), iterations = p.iterations, loss = p.loss, ms = t.elapsed().as_secs_f64() * 1e3, "genre probe fitted");
            std::sync::Arc::new(p)
        }
    };
    held.push(((sets, none, c.to_bits()), probe.clone()));
    Ok(probe)
}

/// `cell`'s value, made by `make` on first use (a failed `make` leaves it
/// empty, to be tried again by the next request).
fn made_once<T>(cell: &std::sync::OnceLock<T>, make: impl FnOnce() -> Result<T>) -> Result<&T> {
    if let Some(v) = cell.get() {
        return Ok(v);
    }
    let v = make()?;
    Ok(cell.get_or_init(|| v))
}

/// This catalogue's [`genre_phrases`] and their Sentence-BERT rows, made
/// once per catalogue.
fn genre_rows<'t>(enc: &crate::stages::semantic::encoder::Encoder, titles: &'t Titles, vocab: &Vocabulary) -> Result<&'t super::GenreRows> {
    made_once(&titles.genre_rows, || {
        let phrases = genre_phrases(vocab);
        let rows = enc.embed(&phrases.iter().map(|p| p.0.as_str()).collect::<Vec<_>>())?;
        Ok((phrases, rows))
    })
}

/// Whether movie `i` passes the intent's hard filters (explicit genres, years)
/// and is not one of its references.
pub fn admits(catalog: &Catalog, intent: &Intent, i: u32) -> bool {
    filters_pass(catalog, intent, i) && !intent.references.contains(&i)
}

/// Whether movie `i` passes the intent's explicit genres and years.
fn filters_pass(catalog: &Catalog, intent: &Intent, i: u32) -> bool {
    let m = catalog.movie(i);
    let genre_ok = intent.genres.is_empty() || m.genres.iter().any(|g| intent.genres.contains(g));
    let year_ok = intent.years.is_none_or(|(a, b)| m.year >= a && m.year <= b);
    genre_ok && year_ok
}

/// The viewer's watches (oldest first) that the request's filters admit;
/// empty when the request has no filter (then every watch would match and the
/// viewer's order already holds them).
pub fn matched_history(catalog: &Catalog, intent: &Intent, history: &[u32]) -> Vec<u32> {
    if intent.genres.is_empty() && intent.years.is_none() {
        return Vec::new();
    }
    history.iter().copied().filter(|&i| (i as usize) < catalog.len() && filters_pass(catalog, intent, i)).collect()
}

/// Ranks `candidates` (catalogue index, the viewer's score) for `intent`:
/// the viewer's score standardised over the candidates, plus each weighted,
/// standardised soft term of `evidence` (similarities need `rows`, the
/// Sentence-BERT embeddings) and the share of a movie's genres that were asked for.
pub fn rank<R: Rows + ?Sized>(catalog: &Catalog, candidates: &[(u32, f32)], intent: &Intent, rows: Option<&R>, evidence: &SoftEvidence, w: &QueryWeights, k: usize) -> Vec<(u32, f32)> {
    let z = |v: &[f32]| -> Vec<f32> {
        let n = v.len().max(1) as f32;
        let mean = v.iter().sum::<f32>() / n;
        let sd = (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f32>() / n).sqrt();
        v.iter().map(|x| if sd > 1e-9 { (x - mean) / sd } else { 0.0 }).collect()
    };
    let mut total = z(&candidates.iter().map(|c| c.1).collect::<Vec<_>>());
    let mut add = |weight: f32, term: &[f32]| {
        if weight != 0.0 {
            total.iter_mut().zip(z(term)).for_each(|(t, s)| *t += weight * s);
        }
    };
    if let Some(rows) = rows {
        let mut row = vec![0f32; crate::stages::semantic::DIM];
        let refs: Vec<Vec<f32>> = intent.references.iter().map(|&r| rows.row(r)).collect();
        let rowed = [evidence.words_row.as_deref(), evidence.matched_row.as_deref()];
        if !refs.is_empty() || rowed.iter().any(|r| r.is_some()) {
            let (mut to_refs, mut to_rows) = (Vec::with_capacity(candidates.len()), [Vec::with_capacity(candidates.len()), Vec::with_capacity(candidates.len())]);
            for &(i, _) in candidates {
                rows.row_into(i, &mut row);
                to_refs.push(refs.iter().map(|r| dot(r, &row)).fold(f32::MIN, f32::max));
                for (to, of) in to_rows.iter_mut().zip(rowed) {
                    to.push(of.map_or(0.0, |v| dot(v, &row)));
                }
            }
            if !refs.is_empty() {
                add(w.reference, &to_refs);
            }
            if evidence.words_row.is_some() {
                add(w.words, &to_rows[0]);
            }
            if evidence.matched_row.is_some() {
                add(w.matched_similarity, &to_rows[1]);
            }
        }
    }
    if let Some(c) = &evidence.co_watched {
        add(w.reference_collab, c);
    }
    if let Some(c) = &evidence.matched_co_watched {
        add(w.matched_collab, c);
    }
    // The share of each candidate's genres among `genres`.
    let share = |genres: &[String]| -> Vec<f32> {
        candidates
            .iter()
            .map(|&(i, _)| {
                let g = &catalog.movie(i).genres;
                g.iter().filter(|x| genres.contains(x)).count() as f32 / g.len().max(1) as f32
            })
            .collect()
    };
    if !intent.genres.is_empty() && w.genre_share != 0.0 {
        add(w.genre_share, &share(&intent.genres));
    }
    if !intent.suggested_genres.is_empty() {
        add(w.llm_genres_soft, &share(&intent.suggested_genres));
    }
    let mut out: Vec<(u32, f32)> = candidates.iter().zip(total).map(|(c, t)| (c.0, t)).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out.truncate(k);
    out
}

/// What `recommend_query` returns: the items, how the request was read, and
/// why any stage was skipped.
#[derive(Debug, Clone, Default)]
pub struct QueryAnswer {
    pub items: Vec<Recommendation>,
    pub intent: Intent,
    pub warnings: Vec<String>,
}

impl Pipeline {
    /// The personal ranking (`run`'s fused order, then the sequential
    /// scores) narrowed to `request`'s intent: see the module documentation.
    /// `reader` gives, when first asked, the LLM with the reader adapter
    /// (when the engine has one) and whether Sentence-BERT still reads
    /// phrases where it names no genre, and a note when it could not be loaded.
    pub fn query<'l>(&self, titles: &Titles, history: &[u32], request: &str, k: usize, weights: &QueryWeights, reader: &dyn Fn() -> (Option<(&'l Language, bool)>, Option<String>)) -> Result<QueryAnswer> {
        super::check_capacity(k)?;
        let (intent, mut warnings) = self.read_intent(titles, history, request, weights, reader)?;
        if intent.is_empty() {
            return Err(unclear(request));
        }
        let catalog = &titles.catalog;
        let semantic = self.semantic.as_ref().filter(|_| self.settings.stages & STAGE_SEMANTIC != 0);
        let n = catalog.len();
        let admitted: Vec<bool> = (0..n as u32).map(|i| admits(catalog, &intent, i)).collect();
        let t = self.run_pooled(titles, history, 10, weights.within.then_some(admitted.as_slice()), weights.pool as usize)?;
        warnings.extend(t.warnings.iter().cloned());
        // The viewer's order: the fused pool, then every other model movie by
        // its sequential score; titles added on the device outside the pool last.
        let mut order: Vec<u32> = t.fused.iter().map(|x| x.0).collect();
        let in_pool: HashSet<u32> = order.iter().copied().collect();
        let mut rest: Vec<u32> = (0..t.scores.len() as u32).filter(|i| !in_pool.contains(i)).collect();
        rest.sort_by(|&a, &b| t.scores[b as usize].total_cmp(&t.scores[a as usize]).then(a.cmp(&b)));
        order.extend(rest);
        order.extend((t.scores.len() as u32..n as u32).filter(|i| !in_pool.contains(i)));
        let mut watched = vec![false; n];
        history.iter().filter(|&&i| (i as usize) < n).for_each(|&i| watched[i as usize] = true);
        let candidates: Vec<(u32, f32)> = order
            .iter()
            .enumerate()
            .filter(|&(_, &i)| !watched[i as usize] && !catalog.is_retired(i) && admitted[i as usize])
            .map(|(pos, &i)| (i, -((pos + 1) as f32).ln()))
            .collect();
        if candidates.is_empty() {
            warnings.push(format!("no unwatched catalogue movie matches {}", intent.describe(catalog)));
            return Ok(QueryAnswer { items: Vec::new(), intent, warnings });
        }
        let rows = semantic.map(|s| self.rows(s, titles));
        let mut evidence = SoftEvidence::default();
        // Embedded only when they weigh (they do not by default: validation).
        if let (Some(s), false) = (semantic, intent.words.is_empty() || weights.words == 0.0) {
            match s.encoder().and_then(|e| e.embed(&[intent.words.join(" ").as_str()])) {
                Ok(mut v) => evidence.words_row = v.pop(),
                Err(e) => warnings.push(format!("semantic stage failed, the request's free words were not used: {e}")),
            }
        }
        // The viewer's watches the filters admit, only when a term reads them.
        let matched = if weights.matched_collab != 0.0 || weights.matched_similarity != 0.0 { matched_history(catalog, &intent, history) } else { Vec::new() };
        if let (Some(rows), false) = (&rows, matched.is_empty() || weights.matched_similarity == 0.0) {
            let recent = &matched[matched.len().saturating_sub(MATCHED_RECENT)..];
            let mut profile = vec![0f32; crate::stages::semantic::DIM];
            rows.accumulate(recent, &|_| 1.0 / recent.len() as f32, &mut profile);
            evidence.matched_row = Some(profile);
        }
        // Co-watching, for the movies the collaborative model knows: with the
        // references, and with the viewer's watches the filters admit.
        let reads_co_watching = (!intent.references.is_empty() && weights.reference_collab != 0.0) || (!matched.is_empty() && weights.matched_collab != 0.0);
        if let (Some(cb), true) = (&self.collab, reads_co_watching) {
            let known: Vec<u32> = candidates.iter().map(|c| c.0).filter(|&i| (i as usize) < cb.n_items()).collect();
            let co_watched = |from: &[u32], what: &str, warnings: &mut Vec<String>| -> Option<Vec<f32>> {
                let from: Vec<u32> = from.iter().copied().filter(|&r| (r as usize) < cb.n_items()).collect();
                match cb.evidence(&from, &known) {
                    Ok(e) => {
                        let mut e = e.into_iter();
                        Some(candidates.iter().map(|c| if (c.0 as usize) < cb.n_items() { e.next().unwrap_or(0.0) } else { 0.0 }).collect())
                    }
                    Err(e) => {
                        warnings.push(format!("collaborative evidence failed, {what} was not used: {e}"));
                        None
                    }
                }
            };
            if !intent.references.is_empty() && weights.reference_collab != 0.0 {
                evidence.co_watched = co_watched(&intent.references, "the references' co-watching", &mut warnings);
            }
            if !matched.is_empty() && weights.matched_collab != 0.0 {
                evidence.matched_co_watched = co_watched(&matched, "the co-watching of the viewer's matching watches", &mut warnings);
            }
        }
        let soft = rows.is_some() && (!intent.references.is_empty() || evidence.words_row.is_some() || evidence.matched_row.is_some());
        let ranked = rank(catalog, &candidates, &intent, rows.as_ref(), &evidence, weights, k);
        let sources = t.base_source | if soft { SOURCE_SEMANTIC } else { 0 };
        let items = ranked.into_iter().map(|(index, score)| Recommendation { index, movie_id: catalog.movie(index).id, score, sources }).collect();
        Ok(QueryAnswer { items, intent, warnings })
    }

    /// What `request` asks for, read for a viewer with `history` (the rules,
    /// the LLM reader where it is needed, the example phrases; then the title
    /// linker with [`QueryWeights::title_linker`]), and the warnings met; an
    /// empty intent is returned, not refused (tools measure the reading).
    pub fn read_intent<'l>(&self, titles: &Titles, history: &[u32], request: &str, weights: &QueryWeights, reader: &dyn Fn() -> (Option<(&'l Language, bool)>, Option<String>)) -> Result<(Intent, Vec<String>)> {
        let catalog = &titles.catalog;
        let vocab = titles.vocabulary.get_or_init(|| Vocabulary::new(catalog));
        let options = ReadOptions::of(weights);
        let mut intent = parse_with(catalog, vocab, request, self.transitions.popularity(), history, options)?;
        let semantic = self.semantic.as_ref().filter(|_| self.settings.stages & STAGE_SEMANTIC != 0);
        let mut warnings = Vec::new();
        // Phrases no rule read: their genres are read by the LLM (when the
        // engine has the reader) for the whole request and, where it names
        // none, by Sentence-BERT against the genres' example phrases
        // (`exemplar_similarity` with `exemplars_after_llm`; without that
        // flag the examples alone); without the LLM, against the genres'
        // names; added to the rules' own. The LLM also names the film the request refers to,
        // taken where the rules found none (they are exact where a cue
        // introduces a title).
        let by_exemplars = weights.exemplar_similarity.is_finite() && semantic.is_some() && has_genre_examples(vocab);
        let llm_first = by_exemplars && weights.exemplars_after_llm;
        let mut llm_named = false;
        // The genres the LLM reader added (an example reading may replace them).
        let mut llm_added: Vec<String> = Vec::new();
        if !intent.unread.is_empty() {
            // Reading genres by examples, the LLM is asked only for a film
            // the rules did not find: nothing else of its reading is used,
            // and a film is taken only where the request has its words, so
            // where no title's words are there it is neither loaded nor run.
            let film_only = by_exemplars && weights.llm_names_film_only();
            let asks_llm = !film_only || (intent.references.is_empty() && may_name_a_title(vocab, request));
            if let (true, true, Some(s)) = (film_only, asks_llm, semantic) {
                // The examples will need the encoder and the phrase table
                // after the LLM: loaded first, its session is made and the
                // table read before the LLM's weights are resident (a lower
                // peak; errors are met where they are used).
                let _ = s.encoder();
                s.preload_phrases();
            }
            let (reader, note) = if asks_llm { reader() } else { (None, None) };
            warnings.extend(note);
            let by_llm = match reader {
                // Genres from the examples alone: only a film is asked for, in one pass.
                Some((l, then_similarity)) => match if film_only { l.read_title(request) } else { l.read_request(request, intent.references.is_empty()) } {
                    Ok(mut read) => {
                        // Its film dropped as not said: read again among the rare titles said whole.
                        let dropped = read.title.filter(|&m| intent.references.is_empty() && !(live(catalog, m) && written_in(vocab, request, m)));
                        if let (Some(most), Some(_)) = (weights.llm_title_again, dropped) {
                            let open = rare_titles_said_whole(catalog, vocab, request, most);
                            if open.contains(&true) {
                                match l.read_title_among(request, Some(&open)) {
                                    Ok(again) => read.title = again.title,
                                    Err(e) => warnings.push(format!("the LLM request reader failed to read the film again: {e}")),
                                }
                            }
                        }
                        if let (Some(m), true) = (read.title, intent.references.is_empty()) {
                            let ws = words(request);
                            let named = LlmTitle { movie: m, margin: read.title_margin, fewest_everyday_uses: fewest_everyday_uses(vocab, request, m), said_in_a_run: said_in_a_run(vocab, &ws, m) };
                            intent.llm_title = Some(named);
                            let sure = named.sure(weights);
                            let described = options.more_said_forms && described_not_named(vocab, &ws, m);
                            // Said in passing as the rules would not take it: everyday words of a film few watch, or a name.
                            let in_passing = options.everyday_titles_top.is_some() && (!everyday_title_taken(vocab, self.transitions.popularity(), &history.iter().copied().collect(), m, options) || named_in_passing(vocab, request, m));
                            if sure && !described && !in_passing && live(catalog, m) && written_in(vocab, request, m) {
                                intent.references.push(m);
                            }
                        }
                        let sure = read.genre_margin.is_none_or(|m| m >= weights.llm_genre_margin);
                        let agreeing = !sure && read.genre_margin.is_some_and(|m| m >= weights.llm_agreed_margin);
                        let genres = match (sure, agreeing, semantic) {
                            _ if by_exemplars && !llm_first => Vec::new(),
                            (true, _, _) => read.genres,
                            (false, true, Some(s)) => match self.similar_genres(s, titles, vocab, &intent.unread, weights.llm_agreed_similarity) {
                                Ok(similar) => read.genres.into_iter().filter(|g| similar.iter().any(|x| &x.0 == g)).collect(),
                                Err(e) => {
                                    warnings.push(format!("semantic stage failed, the LLM reader's unsure genres were not checked: {e}"));
                                    Vec::new()
                                }
                            },
                            _ => Vec::new(),
                        };
                        let named = !genres.is_empty();
                        for g in genres {
                            if intent.infer(&g, weights) {
                                llm_added.push(g);
                            }
                        }
                        intent.read_by_llm = true;
                        llm_named = named;
                        named || !then_similarity
                    }
                    Err(e) => {
                        warnings.push(format!("the LLM request reader failed, the request was read without it: {e}"));
                        false
                    }
                },
                None => false,
            };
            match semantic {
                // After the LLM: only where it read the request, and named
                // none unless the examples may override it.
                Some(s) if by_exemplars && (!llm_named || weights.exemplar_override.is_finite()) && (!llm_first || intent.read_by_llm) => {
                    if let Err(e) = self.read_genres_by_exemplars(s, titles, vocab, &mut intent, weights, &llm_added) {
                        warnings.push(format!("semantic stage failed, unread words were not compared with the genres' phrases: {e}"));
                    }
                }
                Some(s) if !by_llm => {
                    if let Err(e) = self.read_genres_by_similarity(s, titles, vocab, &mut intent) {
                        warnings.push(format!("semantic stage failed, unread words were not compared with the genres: {e}"));
                    }
                }
                _ => {}
            }
        }
        if let Some(linker) = &weights.title_linker {
            intent.references = linker.link(&link_proposals(catalog, vocab, self.transitions.popularity(), request, &intent, linker.loose));
        }
        Ok((intent, warnings))
    }
}

impl Pipeline {
    /// Adds the genres the intent's unread phrases name by similarity (above
    /// [`GENRE_SIMILARITY`]); their words no longer pull as free words.
    fn read_genres_by_similarity(&self, s: &crate::stages::semantic::Semantic, titles: &Titles, vocab: &Vocabulary, intent: &mut Intent) -> Result<()> {
        for (g, phrase) in self.similar_genres(s, titles, vocab, &intent.unread, GENRE_SIMILARITY)? {
            if !intent.genres.contains(&g) {
                intent.genres.push(g);
                let read: Vec<String> = words(&phrase);
                intent.words.retain(|w| !read.contains(w));
            }
        }
        Ok(())
    }

    /// Adds the genre the intent's unread phrases (joined) are most similar to
    /// among [`genre_phrases`] and [`exemplar_phrases`], where it is a genre
    /// at a similarity of at least `weights.exemplar_similarity`: suggested or
    /// filtering as the LLM's genres are (`llm_genres_soft`). Where the LLM
    /// added `llm_added`: only another genre, at `weights.exemplar_override`
    /// or more, replacing them.
    fn read_genres_by_exemplars(&self, s: &crate::stages::semantic::Semantic, titles: &Titles, vocab: &Vocabulary, intent: &mut Intent, weights: &QueryWeights, llm_added: &[String]) -> Result<()> {
        let enc = s.encoder()?;
        let (names, name_rows) = genre_rows(enc, titles, vocab)?;
        let sets = weights.written_sets.min(super::written_requests::ALL_SETS.len());
        let (labels, rows) = made_once(&titles.exemplar_rows[2 * sets + usize::from(weights.written_none)], || {
            let (texts, labels): (Vec<String>, Vec<String>) = exemplar_phrases(vocab, sets, weights.written_none).into_iter().unzip();
            Ok((labels, s.embed_phrases(&texts.iter().map(String::as_str).collect::<Vec<_>>())?))
        })?;
        let mut phrase = if weights.phrase_as_written { intent.unread_text.clone() } else { intent.unread.join(" ") };
        let row = enc.embed(&[phrase.as_str()])?.pop().unwrap_or_default();
        let by_probe = weights.probe_c > 0.0;
        // The genre with its similarity, or with the probe its probability.
        let all = || names.iter().map(|p| p.1.as_str()).zip(name_rows.iter().map(Vec::as_slice)).chain(labels.iter().map(String::as_str).zip(rows.iter().map(|r| &r[..])));
        // Without the probe: each label's mean over its nearest phrases, the
        // genre read and the phrases asking none's mean (for `long_margin`) from one pass.
        let means = if by_probe { HashMap::new() } else { label_means(&row, all(), super::genre_exemplars::NEIGHBOURS) };
        let mut read = if by_probe { genre_probe(s, titles, vocab, sets, weights.written_none, weights.probe_c, labels, rows)?.read(&row) } else { best_genre(&means) };
        let replacing = !llm_added.is_empty();
        // Whether the rules read a genre (those the LLM reader added are not theirs).
        let ruled = intent.genres.iter().any(|g| !llm_added.contains(g));
        // A long phrase reads at its own least similarity (`long_words`),
        // where it is nearer a genre's phrases than those asking none by
        // `long_margin` (and, with `long_unruled`, where the rules read none).
        let long_phrase = weights.long_words > 0 && !(weights.long_unruled && ruled) && phrase.split_whitespace().count() >= weights.long_words;
        let long_reads = |sim: f32| long_phrase && sim >= weights.long_similarity && (weights.long_margin <= 0.0 || sim - means.get("").copied().unwrap_or(f32::NEG_INFINITY) >= weights.long_margin);
        let whole_reads = read.as_ref().is_some_and(|r| r.1 >= weights.exemplar_similarity || long_reads(r.1));
        // The whole reads no genre: the clause most like a genre's phrases, if any is like one enough.
        let clauses_here = !weights.clause_unruled || !ruled;
        if weights.clause_words > 0 && clauses_here && !by_probe && !replacing && !whole_reads && intent.unread_clauses.len() >= 2 {
            let long: Vec<&str> = intent.unread_clauses.iter().map(String::as_str).filter(|c| c.split(' ').count() >= weights.clause_words).collect();
            let rows = if long.is_empty() { Vec::new() } else { enc.embed(&long)? };
            let best = rows.iter().zip(&long).filter_map(|(r, c)| exemplar_genre(r, all(), super::genre_exemplars::NEIGHBOURS).map(|g| (g, *c))).filter(|(g, _)| g.1 >= weights.clause_similarity).max_by(|a, b| a.0 .1.total_cmp(&b.0 .1));
            if let Some(((g, _), c)) = best {
                // Taken as the whole's reading would be (at its least similarity).
                read = Some((g, weights.exemplar_similarity));
                phrase = c.to_string();
            }
        }
        if let Some((g, sim)) = read {
            let least = if replacing { weights.exemplar_override } else if by_probe { weights.probe_least } else { weights.exemplar_similarity };
            let taken = sim >= least || (!replacing && !by_probe && whole_reads);
            if taken && !(replacing && llm_added.contains(&g)) {
                if replacing {
                    let from = intent.inferred_genres(weights);
                    from.retain(|x| !llm_added.contains(x));
                }
                intent.infer(&g, weights);
                let read = words(&phrase);
                intent.words.retain(|w| !read.contains(w));
            }
        }
        Ok(())
    }

    /// For each of `unread`'s phrases, its most similar genre (Sentence-BERT)
    /// where the similarity is at least `min`, with the phrase; the genre
    /// phrases are embedded once per catalogue.
    fn similar_genres(&self, s: &crate::stages::semantic::Semantic, titles: &Titles, vocab: &Vocabulary, unread: &[String], min: f32) -> Result<Vec<(String, String)>> {
        let enc = s.encoder()?;
        let (phrases, rows) = genre_rows(enc, titles, vocab)?;
        let texts: Vec<&str> = unread.iter().map(String::as_str).collect();
        Ok(unread
            .iter()
            .zip(enc.embed(&texts)?)
            .filter_map(|(phrase, row)| genre_similarity(&row, phrases, rows).into_iter().next().filter(|(_, sim)| *sim >= min).map(|(g, _)| (g, phrase.clone())))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model_dir::catalog::Movie;

    fn catalog_of(movies: &[(u32, &str, u16, &str)]) -> Catalog {
        Catalog::from_movies(movies.iter().map(|&(id, t, y, g)| Movie::new(id, t, y, g)).collect()).unwrap()
    }

    fn catalog() -> Catalog {
        catalog_of(&[
            (1, "Toy Story", 1995, "Animation|Children's|Comedy"),
            (2, "Halloween", 1978, "Horror"),
            (3, "Shining, The", 1980, "Horror"),
            (4, "Airplane!", 1980, "Comedy"),
            (5, "Matrix, The", 1999, "Action|Sci-Fi|Thriller"),
            (6, "Toy Story 2", 1999, "Animation|Children's|Comedy"),
            (7, "Star Wars: Episode IV - A New Hope", 1977, "Action|Adventure|Sci-Fi"),
        ])
    }

    fn read(req: &str) -> Result<Intent> {
        let c = catalog();
        parse(&c, &Vocabulary::new(&c), req, &[5.0, 1.0, 2.0, 1.0, 3.0, 2.0, 4.0], &[])
    }

    /// `word_spans` finds `words`' words, and the unread words are kept as
    /// written, small words and apostrophes included, without what a rule read.
    #[test]
    fn unread_words_are_kept_as_written() {
        for t in ["a guy who wakes up in the body of his boss", "it's Rock'n'Roll, isn’t it?", "  ¡Olé! 80s\tcafé ", "'quoted' - x", ""] {
            let spans: Vec<String> = word_spans(t).iter().map(|&(a, b)| words(&t[a..b]).concat()).collect();
            assert_eq!(spans, words(t), "{t:?}");
        }
        let i = read("Something that'll keep me up at night from the 80s").unwrap();
        assert_eq!(i.years, Some((1980, 1989)));
        assert_eq!(i.unread_text, "Something that'll keep me up at night from the");
        assert_eq!(i.unread, vec!["thatll keep up".to_string()]);
        let i = read("a scary one like toy story").unwrap();
        assert!(i.unread.is_empty() && i.unread_text.is_empty(), "nothing left to compare: {:?}", i.unread_text);
    }

    /// The unread words are also cut into clauses at punctuation and clause
    /// words, the clause words dropped; a rule's word cuts them too.
    #[test]
    fn unread_words_are_cut_into_clauses() {
        let i = read("so my boss yelled at me today, traffic was terrible, and i just want somebody to kick down doors").unwrap();
        assert_eq!(i.unread_clauses, vec!["boss yelled today", "traffic terrible", "just somebody kick down doors"], "{:?}", i.unread);
        assert_eq!(i.unread.len(), 1, "one run of unread words: {:?}", i.unread);
        let i = read("a quiet one because i'm tired - but nothing from the 80s").unwrap();
        assert_eq!(i.unread_clauses, vec!["quiet", "tired", "nothing"]);
        assert_eq!(read("rainy sunday").unwrap().unread_clauses, vec!["rainy sunday"]);
        assert!(read("a scary one like toy story").unwrap().unread_clauses.is_empty());
    }

    /// With `family_as_audience`, "family" is Children's only where it says
    /// who watches; without it (and for a genre called Family), always.
    #[test]
    fn family_is_childrens_only_as_the_audience() {
        let c = catalog();
        let v = Vocabulary::new(&c);
        let pop = [5.0, 1.0, 2.0, 1.0, 3.0, 2.0, 4.0];
        let on = ReadOptions { family_as_audience: true, ..ReadOptions::default() };
        let off = ReadOptions { family_as_audience: false, ..ReadOptions::default() };
        let genres = |req: &str, o: ReadOptions| parse_with(&c, &v, req, &pop, &[], o).map(|i| i.genres).unwrap_or_default();
        let kids = vec!["Children's".to_string()];
        for req in ["a family film", "something family-friendly", "a movie for the whole family", "for my family tonight", "something for all the family"] {
            assert_eq!(genres(req, on), kids, "{req}");
        }
        for req in ["a family falling apart", "a family moves into a haunted house", "a mafia family and its rackets"] {
            assert!(genres(req, on).is_empty(), "{req}");
            assert_eq!(genres(req, off), kids, "{req}");
        }
        assert_eq!(genres("a family comedy", on), vec!["Comedy".to_string()], "the genre after it is the genre");
        let by_default = if ReadOptions::default().family_as_audience { "a family falling apart" } else { "a falling apart" };
        assert_eq!(read("a family falling apart").unwrap().unread_text, by_default, "parse reads as the library does");
        let own = catalog_of(&[(1, "Toy Story", 1995, "Family|Comedy"), (2, "Heat", 1995, "Crime")]);
        let ov = Vocabulary::new(&own);
        let g = parse_with(&own, &ov, "a family falling apart", &[1.0, 1.0], &[], on).unwrap().genres;
        assert_eq!(g, vec!["Family".to_string()], "a catalogue's own genre Family is read by its name");
    }

    /// "The one with ..." after a cue describes a film: no partial title
    /// match on its first words ("I'm the One That I Want").
    #[test]
    fn a_described_film_is_not_grounded_by_its_first_words() {
        let c = catalog_of(&[(1, "I'm the One That I Want", 2000, "Comedy|Documentary"), (2, "Ghostbusters", 1984, "Comedy|Horror"), (3, "One Flew Over the Cuckoo's Nest", 1975, "Drama")]);
        let v = Vocabulary::new(&c);
        let refs = |req: &str| parse(&c, &v, req, &[1.0, 3.0, 2.0], &[]).map(|i| i.references).unwrap_or_default();
        assert_eq!(refs("something like the one with the ghosts in new york"), Vec::<u32>::new());
        assert_eq!(refs("like that movie about the ghosts"), Vec::<u32>::new());
        // Pointing back at a film said before: no title ("films like that one").
        for req in ["films like that one", "what's like this one", "something similar to that film please", "groundhog day, what's like that one"] {
            assert_eq!(refs(req), Vec::<u32>::new(), "{req}");
        }
        assert!(points_back(&words("that one")) && !points_back(&words("that one with the ghosts")) && !points_back(&words("one flew over")));
        // Named, not described: still grounded.
        assert_eq!(refs("something like ghostbusters"), vec![1]);
        assert_eq!(refs("like i'm the one that i want"), vec![0]);
        assert_eq!(refs("like one flew over the cuckoos nest"), vec![2]);
    }

    /// Reads each row's request with a rule off and on (`refs(request, on)`)
    /// and fails listing every row read otherwise than (off, on) expects.
    fn read_both_ways(rows: &[(&str, Vec<u32>, Vec<u32>)], refs: impl Fn(&str, bool) -> Vec<u32>) {
        let wrong: Vec<String> = rows
            .iter()
            .filter_map(|(req, off, on)| {
                let read = (refs(req, false), refs(req, true));
                (read != (off.clone(), on.clone())).then(|| format!("{req}: {read:?}, expected {:?}", (off, on)))
            })
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    /// Titles as people shorten and reshape them (`said_title_forms`): each
    /// rule reads its kind, and the requests naming none stay so.
    #[test]
    fn titles_as_people_reshape_them() {
        assert_eq!(said_variant(&words("dr strangelove or how i learned")), Some(words("doctor strangelove or how i learned")));
        assert_eq!(said_variant(&words("singin in the rain")), Some(words("singing in the rain")));
        assert_eq!(said_variant(&words("robin hood")), None, "an English word ending in -in is kept");
        assert_eq!(bare(&words("how green is my valley")), bare(&words("How Green Was My Valley")));
        assert_ne!(bare(&words("falling in love")), bare(&words("Falling in Love Again")));
        assert_ne!(bare(&words("far away")), bare(&words("Far and Away")));
        let c = catalog_of(&[
            (1, "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb", 1963, "Sci-Fi|War"),
            (2, "Doctor Dolittle", 1998, "Comedy"),
            (3, "Singin' in the Rain", 1952, "Musical|Romance"),
            (4, "It's a Wonderful Life", 1946, "Drama"),
            (5, "Good, The Bad and The Ugly, The", 1966, "Action|Western"),
            (6, "2001: A Space Odyssey", 1968, "Drama|Mystery|Sci-Fi|Thriller"),
            (7, "Two Thousand Maniacs!", 1964, "Horror"),
            (8, "Metropolis", 1926, "Sci-Fi"),
            (9, "I Saw What You Did", 1965, "Thriller"),
            (10, "Casablanca", 1942, "Drama|Romance|War"),
            (11, "How Green Was My Valley", 1941, "Drama"),
            (12, "Seven Samurai (The Magnificent Seven) (Shichinin no samurai)", 1954, "Action|Drama"),
        ]);
        let v = Vocabulary::new(&c);
        let pop = [5.0; 12];
        let refs = |req: &str, said: bool| parse_with(&c, &v, req, &pop, &[], ReadOptions { said_title_forms: said, ..Default::default() }).map(|i| i.references).unwrap_or_default();
        read_both_ways(&[
            ("whats similar to doctor strangelove", vec![], vec![0]),
            ("it's pouring so singing in the rain type stuff please", vec![], vec![2]),
            ("show me films like wonderful life, where a small town pulls together", vec![], vec![3]),
            ("is there anything with the same heart as wonderful life", vec![], vec![3]),
            ("good bad and ugly, that kind of thing", vec![], vec![4]),
            ("something slow and spacey like two thousand and one", vec![6], vec![5]),
            ("our drummer wont shut up about metropolis, find me something in that vein", vec![], vec![7]),
            ("my husband took me to see casablanca, find me another one that feels like that did", vec![8, 9], vec![9]),
            ("boys from the pit mentioned how green is my valley", vec![], vec![10]),
            ("seven samurai, the long japanese one", vec![], vec![11]),
            ("a guy pretends to be his own twin to date seven samurai at once", vec![], vec![]),
            ("a metropolis of a week at work", vec![], vec![]),
            ("stuck in my metropolis all week, anything like that", vec![], vec![]),
            ("we're in a metropolis mood, something like that", vec![], vec![7]),
            ("we had a wonderful day, nothing else", vec![], vec![]),
        ], refs);
    }

    /// A title said as a clause of its own, and a series' first film
    /// (`title_first`, with `said_title_forms`).
    #[test]
    fn titles_said_first_then_described() {
        let c = catalog_of(&[
            (1, "Great Escape, The", 1963, "Adventure|War"),
            (2, "Die Hard", 1988, "Action|Thriller"),
            (3, "Rocky", 1976, "Action|Drama"),
            (4, "Rocky II", 1979, "Action|Drama"),
            (5, "Contact", 1997, "Drama|Sci-Fi"),
            (6, "North by Northwest", 1959, "Drama|Thriller"),
            (7, "Getaway, The", 1972, "Action"),
            (8, "Metropolis", 1926, "Sci-Fi"),
        ]);
        let v = Vocabulary::new(&c);
        let pop = [5.0; 8];
        let refs = |req: &str, first: bool| parse_with(&c, &v, req, &pop, &[], ReadOptions { said_title_forms: true, title_first: first, ..Default::default() }).map(|i| i.references).unwrap_or_default();
        read_both_ways(&[
            ("great escape, steve mcqueen on the motorbike", vec![], vec![0]),
            ("die hard, bruce willis in the skyscraper", vec![], vec![1]),
            ("the first rocky, stallone running up the steps", vec![], vec![2]),
            ("north by north west, cary grant and the crop duster", vec![], vec![5]),
            ("that old silent one with the robot woman, metropolis i think", vec![], vec![7]),
            ("the robot woman, metropolis i think", vec![], vec![]),
            ("first contact with an alien species", vec![], vec![]),
            ("a heist, the planning, the vault, the getaway", vec![], vec![]),
            ("the planning, the metropolis, that kind of film", vec![], vec![7]),
        ], refs);
    }

    /// A title said as a clause of its own, misspelled or before a
    /// description, and more hedges (`clause_misspellings`).
    #[test]
    fn clause_titles_misspelled() {
        let c = catalog_of(&[
            (1, "One Flew Over the Cuckoo's Nest", 1975, "Drama"),
            (2, "Silence of the Lambs, The", 1991, "Drama|Thriller"),
            (3, "Metropolis", 1926, "Sci-Fi"),
            (4, "Brief Encounter", 1946, "Drama|Romance"),
            (5, "L.A. Story", 1991, "Comedy|Romance"),
        ]);
        let v = Vocabulary::new(&c);
        let pop = [5.0; 5];
        // As tested: without the fourth candidate's forms, which read the plural and the hedge too.
        let refs = |req: &str, on: bool| parse_with(&c, &v, req, &pop, &[], ReadOptions { clause_misspellings: on, more_said_forms: false, ..Default::default() }).map(|i| i.references).unwrap_or_default();
        read_both_ways(&[
            ("one flew over the cookoo's nest, jack nicholson in the hospital", vec![], vec![0]),
            ("silence of the lamb with anthony hopkins, fava beans and that", vec![], vec![1]),
            ("that old silent one with the robot woman, metropolis i think it is", vec![], vec![2]),
            ("silence in the library, something calm", vec![], vec![]),
            ("that sad one at the station, brief encounters, with the music", vec![], vec![3]),
            ("a story about a boy and his dog", vec![], vec![]),
        ], refs);
    }

    /// Titles said around their description (`more_said_forms`): each form
    /// reads its film, a film of several of its title is dated, "black and
    /// white" is read as a description, and requests naming none stay so.
    #[test]
    fn titles_said_around_their_description() {
        let c = catalog_of(&[
            (1, "39 Steps, The", 1935, "Thriller"),
            (2, "Monty Python's Life of Brian", 1979, "Comedy"),
            (3, "Life", 1999, "Comedy"),
            (4, "E.T. the Extra-Terrestrial", 1982, "Children's|Sci-Fi"),
            (5, "Kid, The", 1921, "Comedy"),
            (6, "Kid, The", 2000, "Comedy"),
            (7, "King Kong", 1933, "Action"),
            (8, "King Kong", 1976, "Action"),
            (9, "Black and White", 1999, "Drama"),
            (10, "Close Encounters of the Third Kind", 1977, "Sci-Fi"),
            (11, "Psycho", 1960, "Horror"),
            (12, "Dr. No", 1962, "Action"),
            (13, "Local Hero", 1983, "Comedy"),
            (14, "Seven (Se7en)", 1995, "Thriller"),
            (15, "Love Letter, The", 1999, "Romance"),
            (16, "U.S. Marshals", 1998, "Action"),
            (17, "Titanic", 1997, "Drama"),
            (18, "Titanic", 1953, "Drama"),
            (19, "General, The", 1927, "Comedy"),
            (20, "Casablanca", 1942, "Drama"),
        ]);
        let v = Vocabulary::new(&c);
        // The later film of a title is the more watched, as in MovieLens.
        let mut pop = [5.0; 20];
        (pop[5], pop[7], pop[16]) = (9.0, 9.0, 9.0);
        let refs = |req: &str, on: bool| parse_with(&c, &v, req, &pop, &[], ReadOptions { more_said_forms: on, ..Default::default() }).map(|i| i.references).unwrap_or_default();
        read_both_ways(&[
            ("thirty nine steps, the hitchcock one", vec![], vec![0]),
            ("life of brian, the monty python one", vec![], vec![1]),
            ("et phone home, the alien on the bike", vec![], vec![3]),
            ("e t, the one where the bike flies past the moon", vec![], vec![3]),
            ("us, we want something fun tonight", vec![], vec![]),
            ("that old charlie chaplin one, the kid i think it was", vec![], vec![4]),
            ("put on that chaplin one, the kid, where he breaks the windows", vec![], vec![5]),
            ("the original king kong, black and white, the ape up the building", vec![7, 8], vec![6]),
            ("an old black and white one", vec![8], vec![]),
            ("something like black and white", vec![8], vec![8]),
            ("close encounters, the one with the mashed potato", vec![], vec![9]),
            ("hitchcock's psycho, the one with the shower", vec![], vec![10]),
            ("he's seven, put on a movie he can watch", vec![], vec![]),
            ("the very first bond, doctor no with sean connery", vec![], vec![11]),
            ("local heroes, the one with the oil company", vec![], vec![12]),
            ("slow dancing, love letters, and a couple torn apart", vec![], vec![]),
            ("we saw titanic on our first date, something like that", vec![16], vec![16]),
            ("my old man loves titanic, find something like it", vec![16], vec![16]),
            ("titanic, the old black and white one not the new one", vec![16, 8], vec![17]),
            ("buster keaton the general, the one with the train", vec![], vec![18]),
            ("casa blanca with bogart, here's looking at you kid", vec![], vec![19]),
        ], refs);
    }

    /// Films named as people say them (`free_speech_titles`): each rule reads
    /// its kind, and none reads a title the library's reading does not
    /// where the request is not of that kind.
    #[test]
    fn films_named_as_people_say_them() {
        assert_eq!(spoken_numbers(&words("two thousand and one a space odyssey")), words("2001 a space odyssey"));
        assert_eq!(spoken_numbers(&words("one hundred and one dalmatians")), words("101 dalmatians"));
        assert_eq!(spoken_numbers(&words("nineteen eighty four")), vec!["1984".to_string()]);
        assert_eq!(spoken_numbers(&words("catch twenty-two")), words("catch 22"));
        assert_eq!(spoken_numbers(&words("one two and three")), words("1 2 and 3"), "no one number: each as canon_word writes it");
        assert_eq!(names_a_character(&words("that fella in rear window")), Some(3));
        assert_eq!(names_a_character(&words("something out of muriels wedding")), Some(3));
        assert_eq!(names_a_character(&words("toy story")), None);
        assert!(!is_everyday_word("shawshank") && !is_everyday_word("fargo") && is_everyday_word("heat") && is_everyday_word("amazing"));
        assert!(is_english_name("fargo") && is_english_name("sabbath") && !is_english_name("shawshank") && !is_english_name("amazing"));
        let c = catalog_of(&[
            (1, "Shawshank Redemption, The", 1994, "Drama"),
            (2, "Fargo", 1996, "Crime|Drama|Thriller"),
            (3, "Heat", 1995, "Action|Crime|Thriller"),
            (4, "2001: A Space Odyssey", 1968, "Drama|Mystery|Sci-Fi|Thriller"),
            (5, "Two Thousand Maniacs!", 1964, "Horror"),
            (6, "Star Wars: Episode IV - A New Hope", 1977, "Action|Adventure|Fantasy|Sci-Fi"),
            (7, "Star Wars: Episode V - The Empire Strikes Back", 1980, "Action|Adventure|Drama|Sci-Fi|War"),
            (8, "Big Fella", 1937, "Drama"),
            (9, "Rear Window", 1954, "Mystery|Thriller"),
            (10, "It Happened One Night", 1934, "Comedy"),
            (11, "Nosferatu (Nosferatu, eine Symphonie des Grauens)", 1922, "Horror"),
            (12, "Nosferatu a Venezia", 1986, "Horror"),
            (13, "Man in the Iron Mask, The", 1998, "Action|Drama|Romance"),
            (14, "Black Sabbath (Tre Volti Della Paura, I)", 1963, "Horror"),
        ]);
        let v = Vocabulary::new(&c);
        let pop = [5.0, 5.0, 5.0, 5.0, 1.0, 4.0, 5.0, 1.0, 5.0, 2.0, 2.0, 1.0, 3.0, 1.0];
        // The free-speech rules alone (the said forms read some of these too).
        let refs = |req: &str, spoken: bool| parse_with(&c, &v, req, &pop, &[], ReadOptions { free_speech_titles: spoken, said_title_forms: false, title_first: false, ..Default::default() }).map(|i| i.references).unwrap_or_default();
        for (req, library, candidate) in [
            ("shawshank", vec![], vec![0]),
            ("something with the feel of fargo", vec![], vec![1]),
            ("someone mentioned nosferatu, anything along those lines", vec![], vec![10]),
            ("something to watch in this summer heat", vec![], vec![]),
            ("what's a good film to end the sabbath on", vec![], vec![]),
            ("is there anything like two thousand and one a space odyssey", vec![4], vec![3]),
            ("the twins agree on nothing except star wars", vec![6], vec![5]),
            ("sat in the caravan like that fella in rear window", vec![7, 8], vec![8]),
            ("something like the man in the iron mask", vec![12], vec![12]),
            ("we were talking about it happened one night at dinner", vec![], vec![9]),
        ] {
            assert_eq!((refs(req, false), refs(req, true)), (library, candidate), "{req}");
        }
    }

    #[test]
    fn a_title_two_movies_share_grounds_to_the_one_watched() {
        let c = catalog_of(&[(1, "Fly, The", 1958, "Horror|Sci-Fi"), (2, "Fly, The", 1986, "Horror|Sci-Fi"), (3, "Fly Away Home", 1996, "Adventure|Children's")]);
        let v = Vocabulary::new(&c);
        let pop = [3.0, 1.0, 2.0];
        let refs = |req: &str, history: &[u32]| parse(&c, &v, req, &pop, history).unwrap().references;
        // Nobody's history: the more popular one.
        assert_eq!(refs("something like The Fly", &[]), vec![0]);
        // The viewer saw the 1986 film: that is the one meant.
        assert_eq!(refs("something like The Fly", &[2, 1]), vec![1]);
        // Only a tie: a better match wins over a watched one.
        assert_eq!(refs("something like Fly Away Home", &[1]), vec![2]);
    }

    /// A misspelled reference grounds to the nearest title, within a few
    /// edits for its length; short words, other numbers and titles the
    /// catalogue lacks are not corrected.
    #[test]
    fn misspelled_references_ground_to_the_nearest_title() {
        let c = catalog_of(&[
            (1, "Jurassic Park", 1993, "Action|Adventure|Sci-Fi"),
            (2, "Forrest Gump", 1994, "Comedy|Romance|War"),
            (3, "Shawshank Redemption, The", 1994, "Drama"),
            (4, "Godfather: Part II, The", 1974, "Crime|Drama"),
            (5, "Cats", 1998, "Musical"),
            (6, "Harry and the Hendersons", 1987, "Comedy"),
            (7, "Rocky V", 1990, "Drama"),
            (8, "Raiders of the Lost Ark", 1981, "Action|Adventure"),
            (9, "Independence Day (ID4)", 1996, "Action|Sci-Fi|War"),
            (10, "Batman", 1989, "Action|Adventure"),
            (11, "Batman Forever", 1995, "Action|Adventure"),
        ]);
        let v = Vocabulary::new(&c);
        let pop = [5.0, 5.0, 5.0, 4.0, 1.0, 1.0, 1.0, 5.0, 5.0, 5.0, 3.0];
        let refs = |req: &str| parse(&c, &v, req, &pop, &[]).unwrap().references;
        assert_eq!(refs("something like jurasic park"), vec![0]);
        assert_eq!(refs("something like forest gump from the nineties"), vec![1], "the span ends where the title does");
        assert_eq!(refs("something like the shawshank redemtion"), vec![2]);
        assert_eq!(refs("something like shawshank redemtion"), vec![2], "without its article");
        assert_eq!(refs("a drama like the godfather part to"), vec![3], "speech recognition's 'to' for 'two'");
        assert_eq!(refs("something like the godfather part three"), vec![3], "matched as written: the longest match, then a number");
        let none = |req: &str| parse(&c, &v, req, &pop, &[]).map(|i| i.references).unwrap_or_default();
        assert_eq!(none("something like cars"), Vec::<u32>::new(), "a short word is not corrected");
        assert_eq!(none("something like harry potter"), Vec::<u32>::new());
        assert_eq!(refs("something like rokky five"), vec![6]);
        assert_eq!(refs("something like batman furever"), vec![10], "a longer title a letter away over a shorter one matched exactly");
        assert_eq!(refs("something like batman from the eighties"), vec![9]);
        assert_eq!(refs("something like independance day"), vec![8], "its main name, without the alternative title");
        let i = parse(&c, &v, "something like raiders of the lost arc from the eighties", &pop, &[]).unwrap();
        assert_eq!((i.references, i.years, i.unread), (vec![7], Some((1980, 1989)), Vec::<String>::new()), "the correction explains more words than 'raiders' alone");
        assert_eq!(none("something like rokky four"), Vec::<u32>::new(), "another number is another film");
        // Without the correction, as before.
        assert!(parse_with(&c, &v, "something like jurasic park", &pop, &[], ReadOptions { correct_misspellings: false, ..Default::default() }).unwrap().references.is_empty());
        assert_eq!(edit_distance(&['a', 'b', 'c'], &['a', 'c'], 1), Some(1));
        assert_eq!(edit_distance(&['a', 'b', 'c', 'd'], &['d', 'c', 'b', 'a'], 2), None);
        assert_eq!(edit_distance(&['a', 'b', 'c', 'd'], &['a', 'c', 'b', 'd'], 1), Some(1), "a swap is one slip");
        assert_eq!(refs("something like jursasic park"), vec![0]);
        // The banded distance agrees with the full table wherever it answers.
        let osa = |a: &[char], b: &[char]| {
            let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            (0..=a.len()).for_each(|i| d[i][0] = i);
            (0..=b.len()).for_each(|j| d[0][j] = j);
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    d[i][j] = (d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1])).min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                    }
                }
            }
            d[a.len()][b.len()]
        };
        let mut x = 12345u64;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for _ in 0..2000 {
            let a: Vec<char> = (0..next(9)).map(|_| (b'a' + next(3) as u8) as char).collect();
            let b: Vec<char> = (0..next(9)).map(|_| (b'a' + next(3) as u8) as char).collect();
            let max = next(4) as usize;
            let full = osa(&a, &b);
            assert_eq!(edit_distance(&a, &b, max), (full <= max).then_some(full), "{a:?} {b:?} {max}");
        }
    }

    /// What a voice remote's speech recognition writes: numbers as words,
    /// Roman numerals said, initials run together, no punctuation.
    #[test]
    fn spoken_titles_ground_to_the_written_ones() {
        let c = catalog_of(&[
            (1, "Terminator, The", 1984, "Action|Sci-Fi"),
            (2, "Terminator 2: Judgment Day", 1991, "Action|Sci-Fi"),
            (3, "Godfather, The", 1972, "Crime|Drama"),
            (4, "Godfather: Part II, The", 1974, "Crime|Drama"),
            (5, "E.T. the Extra-Terrestrial", 1982, "Children's|Sci-Fi"),
            (6, "Jules and Jim (Jules et Jim)", 1961, "Drama"),
            (7, "10 Things I Hate About You", 1999, "Comedy|Romance"),
            (8, "Rocky V", 1990, "Drama"),
            (9, "Star Wars: Episode I - The Phantom Menace", 1999, "Action|Adventure|Sci-Fi"),
            (10, "Star Wars: Episode IV - A New Hope", 1977, "Action|Adventure|Sci-Fi"),
        ]);
        let v = Vocabulary::new(&c);
        let pop = [5.0, 5.0, 5.0, 4.0, 5.0, 1.0, 3.0, 1.0, 4.0, 6.0];
        let refs = |req: &str| parse(&c, &v, req, &pop, &[]).unwrap().references;
        assert_eq!(refs("something like terminator two"), vec![1]);
        assert_eq!(refs("something like the terminator"), vec![0], "the written title still wins");
        assert_eq!(refs("something like the godfather part two"), vec![3]);
        assert_eq!(refs("something like The Godfather: Part II"), vec![3]);
        assert_eq!(refs("something like the godfather"), vec![2]);
        assert_eq!(refs("something like et"), vec![4], "initials run together; the better-known of equal matches");
        assert_eq!(refs("something like E.T."), vec![4]);
        assert_eq!(refs("like ten things i hate about you"), vec![6]);
        assert_eq!(refs("a drama like rocky five from the nineties"), vec![7]);
        assert_eq!(refs("something like star wars episode one"), vec![8], "a lone I after Episode is a numeral");
        assert_eq!(refs("something like Star Wars: Episode I - The Phantom Menace"), vec![8]);
        assert_eq!(refs("something like star wars episode four"), vec![9]);
        assert_eq!(refs("something like star wars"), vec![9], "a partial title: the more popular");
        // Titles it lacks ground to nothing, not to one that shares a word;
        // a partial title before the rest of the request still grounds.
        assert_eq!(refs("something like jules verne"), Vec::<u32>::new());
        assert_eq!(refs("something like godfather part three"), vec![3], "the longest match, then a number");
        assert_eq!(refs("something like jules but funnier"), vec![5]);
        assert_eq!(refs("something like jules drama from the sixties"), vec![5]);
        let i = parse(&c, &v, "a drama like rocky five from the nineties", &pop, &[]).unwrap();
        assert_eq!((i.genres, i.years), (vec!["Drama".to_string()], Some((1990, 1999))), "the title's words are not read twice");
    }

    #[test]
    fn reads_genres_decades_years_and_references() {
        let i = read("Something scary from the eighties").unwrap();
        assert_eq!((i.genres.clone(), i.years, i.references.clone()), (vec!["Horror".to_string()], Some((1980, 1989)), vec![]));
        assert_eq!(read("a comedy like Toy Story").unwrap().references, vec![0]);
        assert_eq!(read("a comedy like Toy Story").unwrap().genres, vec!["Comedy".to_string()]);
        assert_eq!(read("like the matrix please").unwrap().references, vec![4]);
        assert_eq!(read("sci-fi from the 80's").unwrap().years, Some((1980, 1989)));
        assert_eq!(read("science fiction before 1990").unwrap(), Intent { genres: vec!["Sci-Fi".into()], years: Some((0, 1989)), ..Default::default() });
        assert_eq!(read("films between 1975 and 1985").unwrap().years, Some((1975, 1985)));
        assert_eq!(read("something similar to star wars").unwrap().references, vec![6], "word overlap grounds a partial title");
        // "I'd like" is a verb, not a reference cue.
        assert_eq!(read("I'd like a horror movie").unwrap().references, Vec::<u32>::new());
    }

    #[test]
    fn everyday_title_words_are_counted_from_the_librarys_requests() {
        let c = catalog_of(&[(1, "Night Shift", 1982, "Comedy"), (2, "Fargo", 1996, "Crime|Drama|Thriller"), (3, "We're No Angels", 1989, "Comedy")]);
        let v = Vocabulary::new(&c);
        // "night" is in many held requests, "fargo" in none.
        assert!(fewest_everyday_uses(&v, "night shift just started, pick anything", 0).is_some_and(|n| n > 0));
        assert_eq!(fewest_everyday_uses(&v, "something with the feel of fargo", 1), Some(0));
        assert_eq!(fewest_everyday_uses(&v, "something with the feel of fargo", 0), None, "says none of its words");
        assert_eq!(fewest_everyday_uses(&v, "fargo, more like that", 1), Some(0), "rare at a most of 0");
        assert_ne!(fewest_everyday_uses(&v, "we're both shattered, pick something", 2), Some(0), "not rare at a most of 0");
        // Counted once, from the library's own phrases: the same table every call.
        assert!(std::ptr::eq(everyday_words(), everyday_words()) && everyday_words().len() > 1000);
    }

    /// A title said word for word ([`QueryWeights::llm_title_said_run`]):
    /// its main title of two words or more, in order, its leading article
    /// aside; a word or two of it, or a one-word title, is not.
    #[test]
    fn a_title_said_word_for_word_is_a_run_of_its_main_title() {
        let c = catalog_of(&[(1, "Great Escape, The", 1963, "Adventure|War"), (2, "We're No Angels", 1989, "Comedy"), (3, "Kid, The", 1921, "Comedy"), (4, "Twelve Monkeys", 1995, "Sci-Fi"), (5, "Ocean's 11", 1960, "Comedy")]);
        let v = Vocabulary::new(&c);
        let run = |req: &str, i: u32| said_in_a_run(&v, &words(req), i);
        assert!(run("the great escape was on every bank holiday", 0));
        assert!(run("great escape, find me one like it", 0), "without its article");
        assert!(!run("a great day for an escape", 0), "its words apart");
        assert!(!run("escape the great outdoors", 0), "out of order");
        assert!(!run("we're both shattered, pick something", 1), "one word of it");
        assert!(run("we're no angels with de niro", 1));
        assert!(!run("the kid loved it", 2), "a one-word title is never a run");
        assert!(!run("twelve hours on the road", 3));
        assert!(run("oceans eleven, the old one", 4), "numbers as said");
        assert!(!run("", 0) && !run("great", 0));
    }

    /// With `everyday_titles_top`, a film of everyday words read without a
    /// strong cue is taken only among the most watched, and a name said with
    /// "'s" needs its whole title; after a strong cue, as before.
    #[test]
    fn everyday_titles_are_taken_only_when_well_known() {
        let c = catalog_of(&[(1, "I Can't Sleep (J'ai pas sommeil)", 1994, "Drama"), (2, "Great Escape, The", 1963, "Adventure|War"), (3, "Margaret's Museum", 1995, "Drama"), (4, "Toy Story", 1995, "Animation"), (5, "Fargo", 1996, "Crime")]);
        let v = Vocabulary::new(&c);
        // *I Can't Sleep* and *Margaret's Museum* the least watched of five.
        let popularity = [0.1, 9.0, 0.2, 8.0, 7.0];
        let refs = |req: &str, top: Option<u8>| parse_with(&c, &v, req, &popularity, &[], ReadOptions { everyday_titles_top: top, ..ReadOptions::default() }).map(|i| i.references).unwrap_or_default();
        let sleep = "it's two in the morning and i can't sleep";
        assert_eq!(refs(sleep, None), vec![0], "the library reads the title of everyday words");
        assert!(refs(sleep, Some(50)).is_empty());
        assert!(refs(sleep, Some(100)) == vec![0], "everything is among the 100% most watched");
        let watched = parse_with(&c, &v, sleep, &popularity, &[0], ReadOptions { everyday_titles_top: Some(50), ..ReadOptions::default() }).unwrap();
        assert_eq!(watched.references, vec![0], "a film the viewer has watched");
        let escape = "the great escape was on again, something like that";
        assert!(refs(escape, None) == vec![1] && refs(escape, Some(50)) == vec![1], "well known");
        assert_eq!(refs("something like i can't sleep", Some(50)), vec![0], "a strong cue");
        let owner = "margaret's gone to her daughter's, you choose";
        assert_eq!(refs(owner, None), vec![2]);
        assert!(refs(owner, Some(50)).is_empty());
        assert_eq!(refs("margaret's museum was lovely, more like that", Some(50)), vec![2], "the whole title said");
        // Names are names only: no single letters, no lowercase words.
        assert!(only_a_name("margaret") && names_an_owner("margarets") && !only_a_name("t") && !only_a_name("temple") && !names_an_owner("temples"));
        assert!(named_in_passing(&v, owner, 2) && !named_in_passing(&v, "margaret's museum", 2) && !named_in_passing(&v, "fargo", 4));
        assert!(everyday_title(&v, 0) && everyday_title(&v, 1) && !everyday_title(&v, 4));
        assert!(among_most_watched(&popularity, 1, 20) && !among_most_watched(&popularity, 0, 50) && !among_most_watched(&popularity, 9, 100));
    }

    /// The LLM reader's film is taken by the weights' gate: any film in the
    /// library; with `llm_title_everyday`, a rare word said or a large
    /// margin; with `llm_title_said_run` too, a title said word for word.
    #[test]
    fn the_llm_title_gate_weighs_rare_words_margin_and_runs() {
        let t = |margin: Option<f32>, fewest: Option<u32>, run: bool| LlmTitle { movie: 0, margin, fewest_everyday_uses: fewest, said_in_a_run: run };
        let ungated = QueryWeights { llm_title_everyday: None, llm_title_said_run: false, ..QueryWeights::default() };
        let everyday = QueryWeights { llm_title_everyday: Some((0, 6.0)), ..ungated };
        let said = QueryWeights { llm_title_said_run: true, ..everyday };
        let library = QueryWeights::default();
        assert!(library.llm_title_everyday == Some(LLM_TITLE_EVERYDAY) && library.llm_title_said_run, "shipped: the third candidate");
        // "we're" for *We're No Angels*: everyday, unsure, not said whole.
        let weak = t(Some(2.4), Some(12), false);
        assert!(weak.sure(&ungated) && !weak.sure(&everyday) && !weak.sure(&said) && !weak.sure(&library));
        assert!(t(Some(0.5), Some(0), false).sure(&everyday), "a word no held request uses");
        assert!(t(Some(6.5), Some(40), false).sure(&everyday), "a large margin");
        assert!(t(None, Some(40), false).sure(&everyday), "no choice was made: sure");
        // "the great escape was on": everyday words said as its title.
        let run = t(Some(2.1), Some(11), true);
        assert!(!run.sure(&everyday) && run.sure(&said));
        assert!(run.sure(&library) && t(Some(4.5), Some(11), false).sure(&library) && t(Some(1.0), Some(2), false).sure(&library), "the library: a run, margin 4, at most 2 uses");
        assert!(t(Some(2.1), Some(11), false).sure(&QueryWeights { llm_title_said_run: true, ..ungated }), "the run only widens the everyday gate");
    }

    /// Titles no strong cue introduces: whole titles only, after a weak cue,
    /// with two words of their own, or one and a word such as "but"; never a
    /// genre phrase, a common lone word or a year.
    #[test]
    fn references_without_a_cue_need_a_whole_title() {
        let c = catalog_of(&[
            (1, "Pulp Fiction", 1994, "Crime|Drama"),
            (2, "Godfather, The", 1972, "Crime|Drama"),
            (3, "Jaws", 1975, "Action|Horror"),
            (4, "Friday", 1995, "Comedy"),
            (5, "War, The", 1994, "Adventure|War"),
            (6, "Love Story", 1970, "Drama|Romance"),
            (7, "Star Wars: Episode IV - A New Hope", 1977, "Action|Adventure|Sci-Fi"),
            (8, "1984", 1984, "Drama|Sci-Fi"),
            (9, "Heat", 1995, "Action|Crime|Thriller"),
        ]);
        let v = Vocabulary::new(&c);
        let pop = [5.0; 9];
        let read = |req: &str, options: ReadOptions| parse_with(&c, &v, req, &pop, &[], options).map(|i| i.references).unwrap_or_default();
        let refs = |req: &str| read(req, ReadOptions::default());
        assert_eq!(refs("pulp fiction but funnier"), vec![0], "two words of its own");
        assert_eq!(parse(&c, &v, "pulp fiction but funnier", &pop, &[]).unwrap().genres, vec!["Comedy".to_string()]);
        assert_eq!(refs("the godfather but in space"), vec![1], "one word of its own, then 'but'");
        assert_eq!(refs("the godfather"), vec![1], "with its article, alone");
        assert_eq!(refs("something scarier than jaws"), vec![2], "a weak cue");
        assert_eq!(refs("i loved heat what else"), vec![8], "'loved' is a cue although 'i' comes before it");
        assert_eq!(refs("star wars meets the godfather"), vec![1, 6], "the part before the colon is a whole title");
        assert_eq!(refs("jaws"), Vec::<u32>::new(), "a lone word without a cue stays a free word");
        assert_eq!(refs("a comedy for friday night"), Vec::<u32>::new());
        assert_eq!(refs("a war movie"), Vec::<u32>::new(), "genre words are no title of their own");
        assert_eq!(refs("the war"), Vec::<u32>::new());
        assert_eq!(refs("a love story"), Vec::<u32>::new(), "a genre phrase");
        assert_eq!(refs("something from 1984"), Vec::<u32>::new(), "a year");
        assert_eq!(refs("anything after 1984"), Vec::<u32>::new(), "a weak cue takes a whole title, never a year");
        assert_eq!(refs("another pulp fictoin"), Vec::<u32>::new(), "weak cues correct no misspelling");
        let off = ReadOptions { uncued_titles: false, ..Default::default() };
        assert_eq!(read("pulp fiction but funnier", off), Vec::<u32>::new(), "the option turns it off");
        assert_eq!(read("something scarier than jaws", off), Vec::<u32>::new());
        assert_eq!(read("something like jaws", off), vec![2]);
    }

    #[test]
    fn junk_and_empty_requests_are_refused() {
        for junk in ["", "   ", "!!!", "please give me something"] {
            assert!(matches!(read(junk), Err(Error::UnclearRequest(_))), "{junk:?}");
        }
        // Unknown words are left for the similarity step (the engine refuses them if it reads nothing either).
        let i = read("asdfgh qwerty").unwrap();
        assert!(i.is_empty() && i.unread == vec!["asdfgh qwerty".to_string()]);
        assert_eq!(read("something chilling from the eighties").unwrap().unread, vec!["chilling".to_string()]);
        let long = "horror ".repeat(10_000);
        let i = read(&long).unwrap();
        assert!(i.truncated && i.genres == vec!["Horror".to_string()]);
        assert_eq!(read("airplane").unwrap().words, vec!["airplane".to_string()], "a title word is kept as a free word");
    }

    #[test]
    fn filters_are_hard_and_references_excluded() {
        let c = catalog();
        let i = read("scary from the seventies").unwrap();
        let admitted: Vec<u32> = (0..7).filter(|&m| admits(&c, &i, m)).collect();
        assert_eq!(admitted, vec![1]);
        let r = read("like toy story").unwrap();
        assert!(!admits(&c, &r, 0) && admits(&c, &r, 5));
    }

    /// Suggested genres (the LLM's, when they weigh) admit every movie and
    /// lift those of the genre by their weight; at 0 they do not move the order.
    #[test]
    fn suggested_genres_weigh_instead_of_filtering() {
        let c = catalog();
        let i = Intent { suggested_genres: vec!["Horror".to_string()], ..Intent::default() };
        assert!(!i.is_empty() && (0..7).all(|m| admits(&c, &i, m)));
        assert_eq!(i.all_genres(), vec!["Horror".to_string()]);
        // The viewer's order: 4, 0, 2, 1 (-ln rank); movie 1 is a horror film in the fourth place.
        let candidates: Vec<(u32, f32)> = [4u32, 0, 2, 1].iter().enumerate().map(|(p, &m)| (m, -((p + 1) as f32).ln())).collect();
        let top = |soft: f32| rank::<crate::stages::semantic::CatalogIndex>(&c, &candidates, &i, None, &SoftEvidence::default(), &QueryWeights { llm_genres_soft: soft, genre_share: 0.0, ..QueryWeights::default() }, 4).iter().map(|x| x.0).collect::<Vec<_>>();
        assert_eq!(top(0.0), vec![4, 0, 2, 1]);
        let lifted = top(4.0);
        assert_eq!(lifted[..2], [2, 1], "{lifted:?}");
        assert_eq!(lifted.len(), 4, "nothing is filtered out");
    }
    /// A genre's similarity is the mean of its nearest phrases, so one stray
    /// phrase does not outvote a genre several phrases agree on; the label of
    /// no genre reads as none.
    #[test]
    fn probe_fingerprints_name_the_phrases_their_labels_and_the_encoder() {
        let a = [("a haunted house", "Horror"), ("what next", "")];
        let f = probe_fingerprint(a, "e1");
        assert_eq!(f.len(), 64);
        assert_eq!(f, probe_fingerprint(a, "e1"));
        assert_ne!(f, probe_fingerprint(a, "e2"), "another encoder file");
        assert_ne!(f, probe_fingerprint([("a haunted house", "Comedy"), ("what next", "")], "e1"), "another label");
        assert_ne!(f, probe_fingerprint([("what next", ""), ("a haunted house", "Horror")], "e1"), "another order");
        assert_ne!(f, probe_fingerprint([("a haunted house\tHorror", ""), ("what next", "")], "e1").as_str(), "a label is not part of a phrase");
    }

    #[test]
    fn exemplar_genres_take_the_mean_of_the_nearest_phrases() {
        let unit = |x: f32| vec![x, (1.0 - x * x).sqrt()];
        let labels: Vec<String> = ["Horror", "Horror", "Horror", "Comedy", "Comedy", "Comedy", ""].iter().map(|s| s.to_string()).collect();
        let rows = vec![unit(0.95), unit(0.3), unit(0.3), unit(0.8), unit(0.8), unit(0.8), unit(0.1)];
        let q = unit(1.0);
        fn of<'a>(labels: &'a [String], rows: &'a [Vec<f32>]) -> Vec<(&'a str, &'a [f32])> {
            labels.iter().map(String::as_str).zip(rows.iter().map(Vec::as_slice)).collect()
        }
        let best = exemplar_genre(&q, of(&labels, &rows), 3).unwrap();
        assert_eq!(best.0, "Comedy");
        assert!((best.1 - 0.8).abs() < 1e-5, "{best:?}");
        assert_eq!(exemplar_genre(&q, of(&labels, &rows), 1).unwrap().0, "Horror", "with one neighbour the nearest phrase decides");
        let none = unit(0.0);
        let mut near_none = vec![unit(0.1); 6];
        near_none.push(unit(-1.0));
        assert_eq!(exemplar_genre(&[-1.0, 0.0], of(&labels, &near_none), 3), None, "nearest the phrases asking none: no genre");
        assert!(exemplar_genre(&none, [], 3).is_none());
        // The phrases asking none: the mean of the nearest k of them.
        assert!((label_means(&q, of(&labels, &rows), 3)[""] - 0.1).abs() < 1e-5);
        assert!(!label_means(&q, of(&labels[..6], &rows[..6]), 3).contains_key(""), "no phrase asks none");
    }

    /// The example phrases are for MovieLens genre names only, and another
    /// catalogue's genres are compared by their names alone (`genre_phrases`).
    #[test]
    fn exemplar_phrases_cover_only_the_catalogues_genres() {
        let c = catalog();
        let p = exemplar_phrases(&Vocabulary::new(&c), 0, false);
        let genres: BTreeSet<&str> = c.movies().iter().flat_map(|m| m.genres.iter().map(String::as_str)).collect();
        assert!(p.iter().all(|(_, g)| g.is_empty() || genres.contains(g.as_str())));
        assert!(p.iter().any(|(t, g)| g == "Horror" && super::super::genre_exemplars::GENRE_EXEMPLARS.iter().any(|(h, ps)| *h == "Horror" && ps.contains(&t.as_str()))));
        assert_eq!(p.iter().filter(|(_, g)| g.is_empty()).count(), super::super::genre_exemplars::NO_GENRE_EXEMPLARS.len());
        let other = catalog_of(&[(1, "Zorblax", 1990, "Space Opera")]);
        let q = exemplar_phrases(&Vocabulary::new(&other), super::super::written_requests::ALL_SETS.len(), true);
        assert!(q.iter().all(|(_, g)| g.is_empty()), "another catalogue's genres have no example phrases: {q:?}");
        // The written requests join only where asked, and only for the catalogue's genres.
        let all = super::super::written_requests::ALL_SETS;
        for n in [1, WRITTEN_SETS, all.len(), all.len() + 1] {
            let w = exemplar_phrases(&Vocabulary::new(&c), n, false);
            let written = |g: &str| all[..n.min(all.len())].iter().flat_map(|s| s.iter()).filter(|x| x.0 == g).count();
            assert_eq!(w.len() - p.len(), genres.iter().map(|g| written(g)).sum::<usize>(), "the first {n} sets");
            assert!(w.starts_with(&p[..p.len() - super::super::genre_exemplars::NO_GENRE_EXEMPLARS.len()]));
        }
        let none = exemplar_phrases(&Vocabulary::new(&c), 0, true);
        assert_eq!(none.len() - p.len(), super::super::genre_exemplars::WRITTEN_NO_GENRE.len());
        assert!(none.starts_with(&p) && none[p.len()..].iter().all(|(_, g)| g.is_empty()), "the written none join the phrases asking none");
        assert!(has_genre_examples(&Vocabulary::new(&c)) && !has_genre_examples(&Vocabulary::new(&other)), "genres are read by examples only where there are some");
        for (g, ps) in super::super::genre_exemplars::GENRE_EXEMPLARS {
            let name = words(g).join(" ");
            assert!(ps.len() >= 20 && ps.iter().all(|p| !p.is_empty() && !format!(" {} ", words(p).join(" ")).contains(&format!(" {name} "))), "{g}: a phrase names its genre");
        }
    }
}
