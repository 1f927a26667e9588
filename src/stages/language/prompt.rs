//! The prompt: the paper's instruction, the last watched titles and the
//! sequential stage's prediction, in the model's chat template.

use llama_cpp_2::model::LlamaChatMessage;

use super::{infer, Language};
use crate::error::Result;

const SYSTEM_PROMPT: &str = "You are a movie recommendation assistant. Answer with movie titles and their release years, one per line, nothing else.";
/// The user turn starts with this fixed text, so its tokens join the cached
/// prefix; only the titles and the prediction differ between calls.
const USER_LEAD: &str = "Recommend 3 more movies I will enjoy, with their release years. I have watched these movies, oldest first:\n";


/// One answer line: "- The Matrix (1999)\n" (the catalogue's display title
/// as a list item, the same form the prompt lists the watched movies in, so
/// the model continues a list instead of starting a sentence).
pub fn answer_line(movie: &crate::model_dir::catalog::Movie) -> String {
    format!("- {}\n", movie.display())
}

impl Language {
    pub(super) fn render(&self, watched: &[String], predicted: &str) -> Result<String> {
        let mut user = String::from(USER_LEAD);
        for w in watched {
            user += &format!("- {w}\n");
        }
        user += &format!("A sequence model predicts that I will watch {predicted} next.");
        match &self.template {
            Some(t) => {
                let msgs = [
                    LlamaChatMessage::new("system".into(), SYSTEM_PROMPT.into()).map_err(infer)?,
                    LlamaChatMessage::new("user".into(), user).map_err(infer)?,
                ];
                self.model.apply_chat_template(t, &msgs, true).map_err(infer)
            }
            // A base model without a template: plain text turns.
            None => Ok(format!("{SYSTEM_PROMPT}\n\nUser: {user}\n\nAssistant:\n")),
        }
    }
}
