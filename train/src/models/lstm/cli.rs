//! `dualrec-train lstm`: train, checkpoint, plot, export lstm.onnx (int8) and lstm-fp32.onnx.

use std::path::PathBuf;

use anyhow::Result;
use dualrec::stages::sequential::{LSTM_ARTIFACT, LSTM_VERSION};

use super::export::{to_onnx, Weights};
use super::model::{Config, ItemFeatures, Model};
use super::train::{curve_svg, train, EpochLog, TrainConfig};
use crate::artifacts::{check_catalog, load_dataset, write_artifact, Provenance};

#[derive(clap::Args, Debug)]
pub struct LstmArgs {
    #[arg(long)]
    pub data: PathBuf,
    #[arg(long, default_value = "models")]
    pub models: PathBuf,
    /// Checkpoints and logs (gitignored).
    #[arg(long, default_value = "work/lstm")]
    pub work: PathBuf,
    /// Training curve and per-epoch numbers go here.
    #[arg(long, default_value = "reports")]
    pub docs: PathBuf,
    #[arg(long, default_value_t = 128)]
    pub d_id: usize,
    #[arg(long, default_value_t = 32)]
    pub d_title: usize,
    #[arg(long, default_value_t = 16)]
    pub d_genre: usize,
    /// Comma-separated hidden sizes of the stacked LSTM layers (paper: 256,128).
    #[arg(long, default_value = "256")]
    pub hidden: String,
    #[arg(long, default_value_t = 0.3)]
    pub dropout: f32,
    #[arg(long, default_value_t = 30)]
    pub window: usize,
    #[arg(long, default_value_t = 128)]
    pub batch: usize,
    #[arg(long, default_value_t = 2e-3)]
    pub lr: f64,
    #[arg(long, default_value_t = 0.0)]
    pub weight_decay: f64,
    #[arg(long, default_value_t = 40)]
    pub epochs: usize,
    #[arg(long, default_value_t = 3)]
    pub patience: usize,
    #[arg(long, default_value_t = 45.0)]
    pub max_minutes: f64,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    #[arg(long, default_value_t = 2)]
    pub min_word_count: usize,
    /// Only time this many batches and one validation pass, then exit.
    #[arg(long)]
    pub measure: Option<usize>,
    /// Skip training; export the best checkpoint in --work.
    #[arg(long)]
    pub export_only: bool,
    /// Continue from the best checkpoint in --work for --epochs more epochs; the
    /// earlier epochs come from --work's log.json, else from --docs/lstm-training.json.
    #[arg(long)]
    pub resume: bool,
    /// "constant" or "cosine" (from --lr down to 0 over this run's --epochs).
    #[arg(long, default_value = "constant", value_parser = ["constant", "cosine"])]
    pub lr_schedule: String,
    /// 0: full softmax over the catalogue. N: sampled softmax with N negatives per
    /// batch, for catalogues where the full output layer is too slow (docs/training.md §5).
    #[arg(long, default_value_t = 0)]
    pub negatives: usize,
}

/// The epoch log of the run being continued.
fn earlier_log(work: &std::path::Path, docs: &std::path::Path) -> Result<Vec<EpochLog>> {
    let local = work.join("log.json");
    if local.exists() {
        return Ok(serde_json::from_slice(&std::fs::read(local)?)?);
    }
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(docs.join("lstm-training.json"))?)?;
    Ok(serde_json::from_value(summary["epochs"].clone())?)
}

pub fn run(a: LstmArgs) -> Result<()> {
    let ds = load_dataset(&a.data)?;
    check_catalog(&ds, &a.models)?;
    let split = ds.split();
    let feats = ItemFeatures::from_catalog(&ds.catalog, a.min_word_count);
    let hidden: Vec<usize> = a.hidden.split(',').map(|s| s.trim().parse()).collect::<Result<_, _>>()?;
    let cfg = Config {
        n_items: ds.catalog.len(),
        vocab: feats.vocab.len(),
        n_genres: feats.n_genres,
        d_id: a.d_id,
        d_title: a.d_title,
        d_genre: a.d_genre,
        hidden,
        dropout: a.dropout,
    };
    let tc = TrainConfig {
        window: a.window,
        batch: a.batch,
        lr: a.lr,
        weight_decay: a.weight_decay,
        max_epochs: a.epochs,
        patience: a.patience,
        seed: a.seed,
        min_word_count: a.min_word_count,
        max_minutes: a.max_minutes,
        lr_schedule: a.lr_schedule.clone(),
        resumed_after_epoch: None,
        negatives: a.negatives,
    };
    let work = a.work.join(&ds.name);
    let earlier = if a.resume { Some(earlier_log(&work, &a.docs)?) } else { None };
    let tc = TrainConfig { resumed_after_epoch: earlier.as_ref().and_then(|l| l.last()).map(|l| l.epoch), ..tc };
    tracing::info!(?cfg, ?tc, vocab = feats.vocab.len(), "lstm");
    let (model, log, best_epoch, secs) = if a.export_only {
        let m = Model::new(cfg.clone(), &feats, tc.seed, &candle_core::Device::Cpu)?;
        m.load(&work.join("best.safetensors"))?;
        let log: Vec<EpochLog> = serde_json::from_slice(&std::fs::read(work.join("log.json"))?)?;
        let best = log.iter().max_by(|a, b| a.valid_ndcg10.total_cmp(&b.valid_ndcg10)).map(|l| l.epoch).unwrap_or(0);
        let secs = log.iter().map(|l| l.seconds).sum();
        (m, log, best, secs)
    } else {
        let o = train(&ds, &split, cfg.clone(), &tc, &feats, &work, a.measure, earlier)?;
        if a.measure.is_some() {
            return Ok(());
        }
        (o.model, o.log, o.best_epoch, o.train_seconds)
    };
    std::fs::create_dir_all(&a.docs)?;
    let best = log.iter().find(|l| l.epoch == best_epoch);
    let summary = serde_json::json!({
        "dataset": ds.name, "data_sha256": ds.fingerprint, "model": cfg, "training": tc,
        "best_epoch": best_epoch, "best_valid_hr10": best.map(|b| b.valid_hr10), "best_valid_ndcg10": best.map(|b| b.valid_ndcg10),
        "train_seconds": secs, "machine": "2 CPU cores (candle CPU)", "epochs": log,
    });
    std::fs::write(a.docs.join("lstm-training.json"), serde_json::to_string_pretty(&summary)? + "\n")?;
    std::fs::write(a.docs.join("lstm-training.svg"), curve_svg(&log, best_epoch))?;

    let w = Weights::of(&model)?;
    let config = serde_json::json!({
        "model": cfg, "training": tc, "best_epoch": best_epoch,
        "best_valid_ndcg10": best.map(|b| b.valid_ndcg10), "train_seconds": secs,
        "inputs": "items int64 [batch, time] right-padded catalogue indices; lengths int32 [batch]",
        "output": "scores float [batch, n_items]",
    });
    for (name, file, int8) in [(LSTM_ARTIFACT, "lstm.onnx", true), ("lstm-fp32", "lstm-fp32.onnx", false)] {
        let doc = format!("DUALRec LSTM ({}), trained on the leave-one-out training split of {}", if int8 { "int8 tables" } else { "fp32" }, ds.name);
        let mut config = config.clone();
        config["weights"] = serde_json::json!(if int8 { "item table and output projection int8 per row (Cast * per-row scale, folded to f32 at load); LSTM fp32" } else { "fp32" });
        write_artifact(
            &a.models,
            name,
            file,
            LSTM_VERSION,
            &to_onnx(&w, int8, &doc),
            Provenance {
                source: &format!("trained on the leave-one-out training split of {} (weights only) and the catalogue's titles and genres", ds.name),
                licence: crate::artifacts::DERIVED_MODEL,
                data_sha256: Some(&ds.fingerprint),
                config,
            },
        )?;
    }
    println!("best epoch {best_epoch}; wrote {}/lstm.onnx and lstm-fp32.onnx", a.models.display());
    Ok(())
}
