//! The DUALRec sequential model: per step concat(movie-id embedding, mean of
//! the title's word embeddings, projection of the genre multi-hot) -> stacked
//! LSTM -> scores over every catalogue movie. Weights are plain candle `Var`s
//! initialised from a seeded generator so a run is reproducible.

use std::collections::HashMap;

use anyhow::{bail, Result};
use candle_core::{DType, Device, IndexOp, Tensor, Var, D};
use dualrec::model_dir::catalog::Catalog;
use serde::{Deserialize, Serialize};

use crate::rng::SplitMix;

/// Title words kept per movie (MovieLens titles are short).
pub const MAX_WORDS: usize = 12;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Config {
    pub n_items: usize,
    pub vocab: usize,
    pub n_genres: usize,
    pub d_id: usize,
    pub d_title: usize,
    pub d_genre: usize,
    /// Hidden size of each stacked LSTM layer.
    pub hidden: Vec<usize>,
    pub dropout: f32,
}

impl Config {
    pub fn d_in(&self) -> usize {
        self.d_id + self.d_title + self.d_genre
    }
    pub fn d_out(&self) -> usize {
        *self.hidden.last().expect("at least one layer")
    }
}

/// Item side information derived from the catalogue only.
#[derive(Debug, Clone)]
pub struct ItemFeatures {
    pub vocab: Vec<String>,
    /// [n_items * MAX_WORDS] word ids (0 where unused) and mean weights (1/count or 0).
    pub tokens: Vec<u32>,
    pub weights: Vec<f32>,
    /// [n_items * n_genres] multi-hot.
    pub genres: Vec<f32>,
    pub n_genres: usize,
}

/// Lower-cased alphanumeric words of a title.
pub fn title_words(title: &str) -> Vec<String> {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

impl ItemFeatures {
    /// Words that occur in at least `min_count` titles form the vocabulary
    /// (a word unique to one title adds nothing the id embedding lacks).
    pub fn from_catalog(catalog: &Catalog, min_count: usize) -> Self {
        let words: Vec<Vec<String>> = catalog.movies().iter().map(|m| title_words(&m.title)).collect();
        let mut df: HashMap<&str, usize> = HashMap::new();
        for ws in &words {
            let mut seen: Vec<&str> = ws.iter().map(String::as_str).collect();
            seen.sort_unstable();
            seen.dedup();
            for w in seen {
                *df.entry(w).or_default() += 1;
            }
        }
        let mut vocab: Vec<String> = df.iter().filter(|(_, &c)| c >= min_count).map(|(w, _)| w.to_string()).collect();
        vocab.sort();
        let id: HashMap<&str, u32> = vocab.iter().enumerate().map(|(i, w)| (w.as_str(), i as u32)).collect();
        let n = catalog.len();
        let mut tokens = vec![0u32; n * MAX_WORDS];
        let mut weights = vec![0f32; n * MAX_WORDS];
        for (i, ws) in words.iter().enumerate() {
            let ids: Vec<u32> = ws.iter().filter_map(|w| id.get(w.as_str()).copied()).take(MAX_WORDS).collect();
            for (j, &t) in ids.iter().enumerate() {
                tokens[i * MAX_WORDS + j] = t;
                weights[i * MAX_WORDS + j] = 1.0 / ids.len() as f32;
            }
        }
        let g = catalog.genre_names().len();
        let mut genres = vec![0f32; n * g];
        for (i, m) in catalog.movies().iter().enumerate() {
            for name in &m.genres {
                if let Some(k) = catalog.genre_names().iter().position(|x| x == name) {
                    genres[i * g + k] = 1.0;
                }
            }
        }
        if vocab.is_empty() {
            vocab.push("<none>".into()); // keeps the embedding non-empty
        }
        ItemFeatures { vocab, tokens, weights, genres, n_genres: g }
    }
}

pub struct LstmLayer {
    /// PyTorch/candle layout, gate order i, f, g, o.
    pub w_ih: Var, // [4H, in]
    pub w_hh: Var, // [4H, H]
    pub b_ih: Var, // [4H]
    pub b_hh: Var, // [4H]
    pub hidden: usize,
}

pub struct Model {
    pub cfg: Config,
    pub id_emb: Var,    // [n_items, d_id]
    pub word_emb: Var,  // [vocab, d_title]
    pub genre_w: Var,   // [n_genres, d_genre]
    pub layers: Vec<LstmLayer>,
    pub out_w: Var,     // [n_items, H]
    pub out_b: Var,     // [n_items]
    tokens: Tensor,     // [n_items * MAX_WORDS] u32
    weights: Tensor,    // [n_items, MAX_WORDS, 1]
    genres: Tensor,     // [n_items, n_genres]
}

fn var_from(rng: &mut SplitMix, shape: &[usize], lo: f32, hi: f32, dev: &Device) -> Result<Var> {
    let n: usize = shape.iter().product();
    let v: Vec<f32> = (0..n).map(|_| lo + (hi - lo) * ((rng.next_u64() >> 11) as f32 / (1u64 << 53) as f32)).collect();
    Ok(Var::from_tensor(&Tensor::from_vec(v, shape, dev)?)?)
}

/// Inverted dropout with a mask from our own seeded generator (differentiable: a multiply).
pub fn dropout(x: &Tensor, p: f32, rng: &mut SplitMix) -> Result<Tensor> {
    if p <= 0.0 {
        return Ok(x.clone());
    }
    let n = x.elem_count();
    let keep = 1.0 / (1.0 - p);
    let m: Vec<f32> = (0..n).map(|_| if ((rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32) < p { 0.0 } else { keep }).collect();
    Ok(x.mul(&Tensor::from_vec(m, x.shape(), x.device())?)?)
}

impl Model {
    pub fn new(cfg: Config, feats: &ItemFeatures, seed: u64, dev: &Device) -> Result<Model> {
        if feats.n_genres != cfg.n_genres || feats.vocab.len() != cfg.vocab || feats.tokens.len() != cfg.n_items * MAX_WORDS {
            bail!("item features do not match the model configuration");
        }
        let mut rng = SplitMix(seed);
        let id_emb = var_from(&mut rng, &[cfg.n_items, cfg.d_id], -0.1, 0.1, dev)?;
        let word_emb = var_from(&mut rng, &[cfg.vocab, cfg.d_title], -0.1, 0.1, dev)?;
        let gs = 1.0 / (cfg.n_genres as f32).sqrt();
        let genre_w = var_from(&mut rng, &[cfg.n_genres, cfg.d_genre], -gs, gs, dev)?;
        let mut layers = Vec::new();
        let mut d_in = cfg.d_in();
        for &h in &cfg.hidden {
            let k = 1.0 / (h as f32).sqrt();
            layers.push(LstmLayer {
                w_ih: var_from(&mut rng, &[4 * h, d_in], -k, k, dev)?,
                w_hh: var_from(&mut rng, &[4 * h, h], -k, k, dev)?,
                b_ih: var_from(&mut rng, &[4 * h], -k, k, dev)?,
                b_hh: var_from(&mut rng, &[4 * h], -k, k, dev)?,
                hidden: h,
            });
            d_in = h;
        }
        let k = 1.0 / (cfg.d_out() as f32).sqrt();
        let out_w = var_from(&mut rng, &[cfg.n_items, cfg.d_out()], -k, k, dev)?;
        let out_b = Var::from_tensor(&Tensor::zeros(cfg.n_items, DType::F32, dev)?)?;
        let tokens = Tensor::from_vec(feats.tokens.clone(), cfg.n_items * MAX_WORDS, dev)?;
        let weights = Tensor::from_vec(feats.weights.clone(), (cfg.n_items, MAX_WORDS, 1), dev)?;
        let genres = Tensor::from_vec(feats.genres.clone(), (cfg.n_items, cfg.n_genres), dev)?;
        Ok(Model { cfg, id_emb, word_emb, genre_w, layers, out_w, out_b, tokens, weights, genres })
    }

    /// Every trainable tensor with a stable name (checkpoints, optimiser).
    pub fn named_vars(&self) -> Vec<(String, &Var)> {
        let mut v: Vec<(String, &Var)> = vec![
            ("id_emb".into(), &self.id_emb),
            ("word_emb".into(), &self.word_emb),
            ("genre_w".into(), &self.genre_w),
            ("out_w".into(), &self.out_w),
            ("out_b".into(), &self.out_b),
        ];
        for (i, l) in self.layers.iter().enumerate() {
            v.push((format!("lstm{i}.w_ih"), &l.w_ih));
            v.push((format!("lstm{i}.w_hh"), &l.w_hh));
            v.push((format!("lstm{i}.b_ih"), &l.b_ih));
            v.push((format!("lstm{i}.b_hh"), &l.b_hh));
        }
        v
    }

    pub fn save(&self, path: &std::path::Path) -> Result<()> {
        let map: HashMap<String, Tensor> = self.named_vars().into_iter().map(|(n, v)| (n, v.as_tensor().clone())).collect();
        candle_core::safetensors::save(&map, path)?;
        Ok(())
    }

    pub fn load(&self, path: &std::path::Path) -> Result<()> {
        let map = candle_core::safetensors::load(path, &Device::Cpu)?;
        for (n, v) in self.named_vars() {
            let t = map.get(&n).ok_or_else(|| anyhow::anyhow!("checkpoint lacks {n}"))?;
            v.set(t)?;
        }
        Ok(())
    }

    /// The per-item LSTM input vectors [n_items, d_in]: what the exporter bakes in.
    pub fn item_table(&self) -> Result<Tensor> {
        let n = self.cfg.n_items;
        let words = self.word_emb.as_tensor().index_select(&self.tokens, 0)?.reshape((n, MAX_WORDS, self.cfg.d_title))?;
        let title = words.broadcast_mul(&self.weights)?.sum(1)?;
        let genre = self.genres.matmul(self.genre_w.as_tensor())?;
        Ok(Tensor::cat(&[self.id_emb.as_tensor(), &title, &genre], 1)?)
    }

    /// Hidden states [T, B, H] of the last layer for time-major, right-padded
    /// `items` [T, B] (u32). Positions past a row's length hold garbage that
    /// callers never read. Time-major keeps every per-step slice contiguous.
    pub fn hidden(&self, items: &Tensor, mut rng: Option<&mut SplitMix>) -> Result<Tensor> {
        let (t, b) = items.dims2()?;
        let table = self.item_table()?;
        let mut x = table.index_select(&items.flatten_all()?, 0)?.reshape((t, b, self.cfg.d_in()))?;
        if let Some(r) = rng.as_deref_mut() {
            x = dropout(&x, self.cfg.dropout, r)?;
        }
        for (li, l) in self.layers.iter().enumerate() {
            x = lstm_layer(l, &x)?;
            if li + 1 < self.layers.len() {
                if let Some(r) = rng.as_deref_mut() {
                    x = dropout(&x, self.cfg.dropout, r)?;
                }
            }
        }
        if let Some(r) = rng {
            x = dropout(&x, self.cfg.dropout, r)?;
        }
        Ok(x)
    }

    /// Catalogue scores [N, n_items] for hidden states [N, H]. The bias rides
    /// in the matmul as an extra column (a broadcast add's backward is a slow
    /// column reduction in candle).
    pub fn logits(&self, h: &Tensor) -> Result<Tensor> {
        let ones = Tensor::ones((h.dim(0)?, 1), DType::F32, h.device())?;
        let w = Tensor::cat(&[self.out_w.as_tensor(), &self.out_b.as_tensor().unsqueeze(1)?], 1)?;
        Ok(Tensor::cat(&[h, &ones], 1)?.matmul(&w.t()?)?)
    }

    /// Mean full-softmax cross-entropy of hidden states [N, H] against `targets` [N].
    /// The max shift is detached (it does not change the gradient) and the
    /// target logit is a row-wise dot product, which keeps the backward pass
    /// to one big matmul and a few elementwise passes.
    pub fn loss(&self, h: &Tensor, targets: &Tensor) -> Result<Tensor> {
        let logits = self.logits(h)?;
        let m = logits.max_keepdim(1)?.detach();
        let lse = (logits.broadcast_sub(&m)?.exp()?.sum_keepdim(1)?.log()? + &m)?;
        let tw = self.out_w.as_tensor().index_select(targets, 0)?;
        let tb = self.out_b.as_tensor().index_select(targets, 0)?;
        let target_logit = ((h * tw)?.sum(1)? + tb)?;
        Ok((lse.squeeze(1)? - target_logit)?.mean_all()?)
    }

    /// Sampled-softmax cross-entropy (Jean et al. 2015) of hidden states [N, H]
    /// against `targets` [N]: the softmax runs over each target and `negatives`
    /// [K] shared by the batch, every logit corrected by −ln(K·q) for the
    /// sampler's probability q (`log_kq` [n_items] holds ln(K·q)), and a
    /// negative equal to its row's target masked out. Its cost is O(N·K·H),
    /// not O(N·n_items·H): what makes a 50,000-title catalogue trainable on
    /// two cores. An unbiased estimate of the full loss's gradient only as K grows.
    pub fn sampled_loss(&self, h: &Tensor, targets: &Tensor, negatives: &Tensor, log_kq: &Tensor) -> Result<Tensor> {
        let dev = h.device();
        let n = h.dim(0)?;
        let ones = Tensor::ones((n, 1), DType::F32, dev)?;
        let w = self.out_w.as_tensor().index_select(negatives, 0)?;
        let b = self.out_b.as_tensor().index_select(negatives, 0)?;
        let wb = Tensor::cat(&[&w, &b.unsqueeze(1)?], 1)?;
        let corr_neg = log_kq.index_select(negatives, 0)?.unsqueeze(0)?;
        let neg = Tensor::cat(&[h, &ones], 1)?.matmul(&wb.t()?)?.broadcast_sub(&corr_neg)?;
        // Accidental hits: a sampled negative that is the row's own target.
        let (t, k): (Vec<u32>, Vec<u32>) = (targets.to_vec1()?, negatives.to_vec1()?);
        let mut mask = vec![0f32; n * k.len()];
        let slot: HashMap<u32, Vec<usize>> = k.iter().enumerate().fold(HashMap::new(), |mut m, (j, &x)| {
            m.entry(x).or_insert_with(Vec::new).push(j);
            m
        });
        for (r, y) in t.iter().enumerate() {
            for &j in slot.get(y).map(Vec::as_slice).unwrap_or(&[]) {
                mask[r * k.len() + j] = -1e9;
            }
        }
        let neg = (neg + Tensor::from_vec(mask, (n, k.len()), dev)?)?;
        let tw = self.out_w.as_tensor().index_select(targets, 0)?;
        let tb = self.out_b.as_tensor().index_select(targets, 0)?;
        let pos = (((h * tw)?.sum(1)? + tb)? - log_kq.index_select(targets, 0)?)?;
        let all = Tensor::cat(&[&pos.unsqueeze(1)?, &neg], 1)?;
        let m = all.max_keepdim(1)?.detach();
        let lse = (all.broadcast_sub(&m)?.exp()?.sum_keepdim(1)?.log()? + &m)?;
        Ok((lse.squeeze(1)? - pos)?.mean_all()?)
    }

    /// Scores after each window's last item (evaluation mode): [B, n_items].
    pub fn score_windows(&self, windows: &[&[u32]]) -> Result<Tensor> {
        let dev = self.id_emb.device();
        let t = windows.iter().map(|w| w.len()).max().unwrap_or(1).max(1);
        let b = windows.len();
        let mut flat = vec![0u32; b * t];
        let mut last = Vec::with_capacity(b);
        for (i, w) in windows.iter().enumerate() {
            for (s, &x) in w.iter().enumerate() {
                flat[s * b + i] = x;
            }
            last.push(((w.len().max(1) - 1) * b + i) as u32);
        }
        let items = Tensor::from_vec(flat, (t, b), dev)?;
        let h = self.hidden(&items, None)?;
        let h = h.reshape((windows.len() * t, self.cfg.d_out()))?.index_select(&Tensor::new(last.as_slice(), dev)?, 0)?;
        self.logits(&h)
    }
}

/// One LSTM layer over time-major [T, B, in] from a zero state. Inputs and
/// bias go through one matmul per step ([x, 1] against [W_ih, b]): slicing a
/// precomputed [T, B, 4H] projection costs far more in candle's backward.
pub fn lstm_layer(l: &LstmLayer, x: &Tensor) -> Result<Tensor> {
    let (t, b, _) = x.dims3()?;
    let ones = Tensor::ones((b, 1), DType::F32, x.device())?;
    let bias = (l.b_ih.as_tensor() + l.b_hh.as_tensor())?.unsqueeze(1)?;
    let w_x = Tensor::cat(&[l.w_ih.as_tensor(), &bias], 1)?.t()?;
    let w_hh_t = l.w_hh.as_tensor().t()?;
    let mut h = Tensor::zeros((b, l.hidden), DType::F32, x.device())?;
    let mut c = h.clone();
    let mut outs = Vec::with_capacity(t);
    for s in 0..t {
        let xs = Tensor::cat(&[&x.i(s)?, &ones], 1)?;
        let g = (xs.matmul(&w_x)? + h.matmul(&w_hh_t)?)?;
        let chunks = g.chunk(4, D::Minus1)?;
        let i = candle_nn::ops::sigmoid(&chunks[0])?;
        let f = candle_nn::ops::sigmoid(&chunks[1])?;
        let gg = chunks[2].tanh()?;
        let o = candle_nn::ops::sigmoid(&chunks[3])?;
        c = ((f * &c)? + (i * gg)?)?;
        h = (o * c.tanh()?)?;
        outs.push(h.clone());
    }
    Ok(Tensor::stack(&outs, 0)?)
}
