//! How familiar the LLM finds a title: the mean log-probability per token of
//! `"<title>"` after a fixed lead ("My favourite film of all time is").
//! A base LLM has read about well-known films on the web, so the figure
//! carries what a new title's genres and year cannot say of its popularity
//! (measured on ML-1M's titles with SmolLM2-135M: Spearman 0.42 with the
//! log count of viewings). The cold rule can weigh it
//! ([`Familiarity`](crate::pipeline::fusion::learned::Familiarity)); on ML-1M
//! the test did not confirm the gain validation saw (docs/results.md section 4).

use llama_cpp_2::token::LlamaToken;

use super::{infer, Language, CONTEXT_TOKENS};
use crate::error::Result;
use crate::model_dir::catalog::Movie;

/// The lead is the same for every title, so its tokens stay in the pooled
/// context's cache and only the title is decoded.
const LEAD: &str = "My favourite film of all time is \"";
/// Titles are cut to this many tokens (the mean is over what is scored).
const MAX_TITLE_TOKENS: usize = 48;

impl Language {
    /// The mean natural-log probability per token of `movie`'s title (article
    /// first, no year) and its closing quote after [`LEAD`]. Uses a pooled
    /// context, so it waits for one while the LLM answers another call.
    pub fn title_familiarity(&self, movie: &Movie) -> Result<f32> {
        let vocab = self.model.vocab();
        let lead: Vec<LlamaToken> = vocab.tokenize(LEAD.as_bytes(), true, false);
        let mut title: Vec<LlamaToken> = vocab.tokenize(format!("{}\"", movie.title).as_bytes(), false, false);
        title.truncate(MAX_TITLE_TOKENS);
        if title.is_empty() {
            return Err(infer("the title has no tokens"));
        }
        let tokens: Vec<LlamaToken> = lead.iter().chain(&title).copied().collect();
        let mut pooled = self.pool.take(&tokens, || self.new_context(CONTEXT_TOKENS))?;
        // Keep the cached lead but its last token, whose logits score the title's first.
        let keep = self.prefill(&mut pooled, &lead[..lead.len() - 1]).map(|_| lead.len() - 1)?;
        let result = pooled.score_after(keep, &tokens[keep..]);
        if result.is_ok() {
            pooled.give_back();
        }
        result
    }
}
