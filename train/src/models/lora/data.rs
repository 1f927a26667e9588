//! Instruction examples for the LoRA run, from the leave-one-out training
//! split only (validation and test items are never read).
//!
//! For a user's training sequence s and a seeded cut point t: prompt =
//! the SDK's prompt (`Language::prompt_tokens`) over the last 5 watched
//! display titles before t and the sequential stage's top prediction from
//! the window before t (watched movies excluded); answer = the next 3
//! movies after t that are neither the prediction nor already watched, as
//! the SDK's answer lines (`Language::answer_tokens`), i.e. exactly the
//! tokens the trie-constrained decoder emits.

use std::path::Path;

use anyhow::{Context, Result};
use dualrec::model_dir::catalog::Catalog;
use dualrec::stages::language::{prompt_title, Language};
use dualrec::model_dir::manifest::{Manifest, Verify};
use dualrec::stages::transitions::{Transitions, TRANSITIONS_VERSION};

use super::model::Rng;

pub const WATCHED_IN_PROMPT: usize = 5;
pub const ANSWER_MOVIES: usize = 3;

pub struct Example {
    pub tokens: Vec<u32>,
    /// Tokens [0, prompt_len) are the prompt; the loss covers the rest.
    pub prompt_len: usize,
}

pub enum Predictor {
    Lstm(dualrec::stages::sequential::Sequential, String),
    Transitions(Transitions, String),
}

impl Predictor {
    /// The int8 LSTM when models/manifest.json has an "lstm" entry, else the transitions model.
    pub fn open(models: &Path, n_items: usize) -> Result<Predictor> {
        let m = Manifest::load(models).context("reading models/manifest.json")?;
        if m.get(dualrec::stages::sequential::LSTM_ARTIFACT).is_some() {
            let s = crate::artifacts::open_sequential(&m, models, dualrec::stages::sequential::LSTM_ARTIFACT, n_items)?;
            let sha = m.get(dualrec::stages::sequential::LSTM_ARTIFACT).map(|a| a.sha256.clone()).unwrap_or_default();
            return Ok(Predictor::Lstm(s, sha));
        }
        let f = m.open_verified(models, "transitions", TRANSITIONS_VERSION, Verify::Full)?;
        let sha = m.get("transitions").map(|a| a.sha256.clone()).unwrap_or_default();
        Ok(Predictor::Transitions(Transitions::from_bytes(f.bytes(), n_items, &f.name())?, sha))
    }

    pub fn name(&self) -> String {
        match self {
            Predictor::Lstm(_, sha) => format!("lstm (int8, the SDK's own LSTM kernels; models/lstm.onnx sha256 {sha})"),
            Predictor::Transitions(_, sha) => format!("transitions (models/transitions.bin sha256 {sha})"),
        }
    }

    /// Top-scored movie after `window`, excluding `watched`.
    pub fn predict(&self, window: &[u32], watched: &[u32], scores: &mut [f32]) -> Result<u32> {
        match self {
            Predictor::Lstm(s, _) => s.score(window, scores)?,
            Predictor::Transitions(t, _) => t.score(window, scores),
        }
        for &w in watched {
            scores[w as usize] = f32::NEG_INFINITY;
        }
        let best = scores
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
            .map(|(i, _)| i as u32)
            .context("empty catalogue")?;
        Ok(best)
    }
}

/// One example per user in `users` (indices into `train`), cut point drawn with `seed`.
pub fn build(
    train: &[Vec<u32>],
    users: &[usize],
    catalog: &Catalog,
    lang: &Language,
    pred: &Predictor,
    window: usize,
    seed: u64,
) -> Result<Vec<Example>> {
    let mut rng = Rng(seed);
    let mut scores = vec![0f32; catalog.len()];
    let mut out = Vec::new();
    for &u in users {
        let s = &train[u];
        if s.len() < WATCHED_IN_PROMPT + ANSWER_MOVIES {
            continue;
        }
        let t = WATCHED_IN_PROMPT + rng.below(s.len() - WATCHED_IN_PROMPT - ANSWER_MOVIES + 1);
        let watched = &s[..t];
        let predicted = pred.predict(&s[t.saturating_sub(window)..t], watched, &mut scores)?;
        let mut answer: Vec<u32> = Vec::new();
        for &m in &s[t..] {
            if m != predicted && !watched.contains(&m) && !answer.contains(&m) {
                answer.push(m);
                if answer.len() == ANSWER_MOVIES {
                    break;
                }
            }
        }
        if answer.len() < ANSWER_MOVIES {
            continue;
        }
        let titles: Vec<String> = watched[t - WATCHED_IN_PROMPT..].iter().map(|&i| prompt_title(catalog.movie(i))).collect();
        let prompt = lang.prompt_tokens(&titles, &prompt_title(catalog.movie(predicted)))?;
        let mut tokens: Vec<u32> = prompt.iter().map(|&x| x as u32).collect();
        let prompt_len = tokens.len();
        for &m in &answer {
            tokens.extend(lang.answer_tokens(catalog.movie(m)).into_iter().map(|x| x as u32));
        }
        out.push(Example { tokens, prompt_len });
    }
    Ok(out)
}
