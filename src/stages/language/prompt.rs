//! The prompt: the paper's instruction, the last watched titles and the
//! sequential stage's prediction, in the model's chat template.
//!
//! Every token after the cached prefix is paid for on each call (prefill is
//! most of the LLM's time), so the variable part is kept short: titles
//! without their years (SmolLM2 spells a year as six tokens) and no fixed
//! text after the first title. Answers name a movie by its title too, with
//! the year only where the catalogue has another movie of that title (the
//! trie must tell remakes apart).

use std::collections::HashSet;

use llama_cpp_2::model::LlamaChatMessage;

use super::{infer, Language};
use crate::error::Result;
use crate::model_dir::catalog::{Catalog, Movie};

const SYSTEM_PROMPT: &str = "You are a movie recommendation assistant. Answer with movie titles, one per line, nothing else.";
/// The user turn starts with this fixed text, so its tokens join the cached
/// prefix; only the titles and the prediction differ between calls.
const USER_LEAD: &str = "Recommend 3 more movies I will enjoy. Below are the movies I have watched, oldest first, then after \"Next:\" the movie a sequence model predicts I will watch next.\n";

/// How the prompt names a watched or predicted movie: its title without
/// the year.
pub fn prompt_title(movie: &Movie) -> String {
    movie.title.clone()
}

/// How answers name movies: one list item per movie, the same form the
/// prompt lists the watched movies in, so the model continues a list
/// instead of starting a sentence.
pub(super) struct AnswerLines {
    /// Titles more than one catalogue movie has.
    repeated: HashSet<String>,
}

impl AnswerLines {
    pub(super) fn new(catalog: &Catalog) -> Self {
        let mut seen = HashSet::new();
        let repeated = catalog.movies().iter().filter(|m| !seen.insert(m.title.as_str())).map(|m| m.title.clone()).collect();
        AnswerLines { repeated }
    }

    /// "- Toy Story\n", or "- Psycho (1960)\n" where the title is repeated.
    pub(super) fn line(&self, movie: &Movie) -> String {
        self.line_for(movie, self.repeated.contains(&movie.title))
    }

    /// The line of a movie whose title `repeated` in the catalogue (or not).
    pub(super) fn line_for(&self, movie: &Movie, repeated: bool) -> String {
        if repeated {
            format!("- {}\n", movie.display())
        } else {
            format!("- {}\n", movie.title)
        }
    }
}

impl Language {
    pub(super) fn render(&self, watched: &[String], predicted: &str) -> Result<String> {
        let mut user = String::from(USER_LEAD);
        for w in watched {
            user += &format!("- {w}\n");
        }
        user += &format!("Next: {predicted}");
        self.chat(SYSTEM_PROMPT, user)
    }

    /// A system and a user turn in the model's chat template, the
    /// assistant's turn opened (the recommendation prompt, the reader's).
    pub(super) fn chat(&self, system: &str, user: String) -> Result<String> {
        match &self.template {
            Some(t) => {
                let msgs = [LlamaChatMessage::new("system".into(), system.into()).map_err(infer)?, LlamaChatMessage::new("user".into(), user).map_err(infer)?];
                self.model.apply_chat_template(t, &msgs, true).map_err(infer)
            }
            // A base model without a template: plain text turns.
            None => Ok(format!("{system}\n\nUser: {user}\n\nAssistant:\n")),
        }
    }
}
