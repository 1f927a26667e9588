//! The token embeddings llama.cpp decodes, read by the library from the GGUF.
//!
//! llama.cpp keeps a tied model's embedding table twice: once for the input
//! lookup and once, repacked, as the output matrix (16 MB each for
//! SmolLM2-135M in Q4_0). The engine instead looks the input rows up itself
//! (a few hundred bytes per token, read from the file) and decodes them as
//! embeddings (`llama_batch.embd`), so that `dualrec-train lm --untie` can
//! store the table once, as `output.weight`, and leave `token_embd.weight` a
//! zero placeholder of a small type that llama.cpp loads but never reads.
//! Each row is dequantised by ggml's own routine, the one its `get_rows`
//! uses, so the decoded values, and the logits, are the same bits as when
//! llama.cpp looks the tokens up (tests/stages.rs).
//!
//! Which tensor holds the rows: the one named by the GGUF's
//! [`INPUT_EMBEDDINGS_KEY`], else `token_embd.weight` (any other GGUF).

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use llama_cpp_2::token::LlamaToken;

use super::gguf::read_header;

/// GGUF metadata key naming the tensor that holds the input embeddings
/// (written by `dualrec-train lm --untie`).
pub const INPUT_EMBEDDINGS_KEY: &str = "dualrec.input_embeddings";

/// The input-embedding rows of one GGUF.
pub struct InputEmbeddings {
    file: File,
    /// Absolute file offset of the table's first row.
    start: u64,
    row_bytes: usize,
    n_embd: usize,
    n_vocab: usize,
    to_float: unsafe extern "C" fn(*const std::ffi::c_void, *mut f32, i64),
}

impl std::fmt::Debug for InputEmbeddings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InputEmbeddings").field("n_embd", &self.n_embd).field("n_vocab", &self.n_vocab).finish()
    }
}

impl InputEmbeddings {
    /// Finds the input-embedding table of the GGUF at `path`, `n_embd`
    /// wide and `n_vocab` rows, as llama.cpp loaded it. Err: why not.
    pub fn open(path: &Path, n_embd: usize, n_vocab: usize) -> std::result::Result<InputEmbeddings, String> {
        let file = File::open(path).map_err(|e| format!("opening it again for its token embeddings: {e}"))?;
        let h = read_header(&mut BufReader::new(&file), |k| k == INPUT_EMBEDDINGS_KEY).map_err(|e| format!("reading its tensor table: {e}"))?;
        let name = h.string(INPUT_EMBEDDINGS_KEY).unwrap_or_else(|| "token_embd.weight".into());
        let t = h.tensors.iter().find(|t| t.name == name).ok_or_else(|| format!("no tensor {name:?} holds its token embeddings"))?;
        if t.dims != [n_embd as u64, n_vocab as u64] {
            return Err(format!("{name} has shape {:?}, expected [{n_embd}, {n_vocab}]", t.dims));
        }
        let ggml_type: llama_cpp_sys_2::ggml_type = t.ggml_type;
        if ggml_type >= llama_cpp_sys_2::GGML_TYPE_COUNT {
            return Err(format!("{name} has an unknown type {ggml_type}"));
        }
        // SAFETY: ggml's type table is static; a type it does not know gives
        // block size 0 or no to_float, refused below.
        let (to_float, row_bytes) = unsafe {
            let traits = llama_cpp_sys_2::ggml_get_type_traits(ggml_type);
            let to_float = traits.as_ref().and_then(|t| t.to_float);
            let block = llama_cpp_sys_2::ggml_blck_size(ggml_type);
            let bytes = if block > 0 && n_embd as i64 % block == 0 { llama_cpp_sys_2::ggml_row_size(ggml_type, n_embd as i64) } else { 0 };
            (to_float, bytes)
        };
        let to_float = to_float.filter(|_| row_bytes > 0).ok_or_else(|| format!("{name}'s type {} cannot be read as rows of {n_embd}", t.ggml_type))?;
        let start = h.data + t.offset;
        let len = file.metadata().map_err(|e| e.to_string())?.len();
        if start + (row_bytes * n_vocab) as u64 > len {
            return Err(format!("{name} runs past the end of the file"));
        }
        Ok(InputEmbeddings { file, start, row_bytes, n_embd, n_vocab, to_float })
    }

    pub fn n_embd(&self) -> usize {
        self.n_embd
    }

    /// The rows of `tokens`, appended to `out` (`tokens.len() * n_embd` floats).
    pub fn rows(&self, tokens: &[LlamaToken], out: &mut Vec<f32>) -> std::result::Result<(), String> {
        let mut raw = vec![0u8; self.row_bytes];
        for t in tokens {
            let id = usize::try_from(t.0).ok().filter(|&i| i < self.n_vocab).ok_or_else(|| format!("token {} outside the vocabulary", t.0))?;
            read_at(&self.file, &mut raw, self.start + (id * self.row_bytes) as u64).map_err(|e| format!("reading token {id}'s embedding: {e}"))?;
            let at = out.len();
            out.resize(at + self.n_embd, 0.0);
            // SAFETY: `raw` holds one row of the tensor's type (row_bytes =
            // ggml_row_size(type, n_embd)), `out[at..]` n_embd floats.
            unsafe { (self.to_float)(raw.as_ptr().cast(), out[at..].as_mut_ptr(), self.n_embd as i64) };
        }
        Ok(())
    }
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
}

#[cfg(windows)]
fn read_at(f: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    let mut done = 0;
    while done < buf.len() {
        let n = std::os::windows::fs::FileExt::seek_read(f, &mut buf[done..], at + done as u64)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        done += n;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use llama_cpp_2::context::params::LlamaContextParams;
    use llama_cpp_2::llama_batch::LlamaBatch;
    use llama_cpp_2::model::params::LlamaModelParams;
    use llama_cpp_2::model::LlamaModel;
    use std::num::NonZeroU32;

    /// The tied base GGUF scripts/dev/models.sh keeps for the LoRA tests.
    fn base_gguf() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
    }

    /// Logits of every position of `text`, decoded as tokens (llama.cpp looks
    /// the rows up) or as the rows [`InputEmbeddings`] reads.
    fn logits(model: &LlamaModel, tokens: &[LlamaToken], as_embeddings: bool) -> Vec<f32> {
        let backend = crate::stages::language::backend().unwrap();
        let params = LlamaContextParams::default().with_n_ctx(NonZeroU32::new(256)).with_n_batch(256).with_n_threads(1).with_n_threads_batch(1);
        let mut ctx = model.new_context(backend, params).unwrap();
        if as_embeddings {
            let input = InputEmbeddings::open(&base_gguf(), model.n_embd() as usize, model.n_vocab() as usize).unwrap();
            let mut rows = Vec::new();
            input.rows(tokens, &mut rows).unwrap();
            ctx.decode_embeddings(&rows, input.n_embd(), 0, true).unwrap();
        } else {
            let mut batch = LlamaBatch::new(256, 1);
            for (i, t) in tokens.iter().enumerate() {
                batch.add(*t, i as i32, &[0], true).unwrap();
            }
            ctx.decode(&mut batch).unwrap();
        }
        (0..tokens.len()).flat_map(|i| ctx.get_logits_ith(i as i32).to_vec()).collect()
    }

    /// The rows the library reads are the ones llama.cpp's own lookup
    /// gives: every logit of a prompt is the same bits either way.
    #[test]
    fn embeddings_read_here_decode_to_the_same_logits() {
        let path = base_gguf();
        if !path.exists() {
            panic!("{} is missing (run scripts/dev/models.sh first)", path.display());
        }
        let backend = crate::stages::language::backend().unwrap();
        let model = LlamaModel::load_from_file(backend, &path, &LlamaModelParams::default().with_use_mmap(false)).unwrap();
        let tokens = model.vocab().tokenize("Recommend a film like Toy Story (1995) or Heat (1995), Amélie — 千と千尋".as_bytes(), true, true);
        assert!(tokens.len() > 20);
        let (a, b) = (logits(&model, &tokens, false), logits(&model, &tokens, true));
        assert_eq!(a.len(), b.len());
        assert!(a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()), "logits differ");
    }

    #[test]
    fn a_file_that_is_not_a_gguf_or_lacks_the_table_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.gguf");
        std::fs::write(&p, b"not a gguf at all").unwrap();
        assert!(InputEmbeddings::open(&p, 576, 49152).unwrap_err().contains("tensor table"));
        if base_gguf().exists() {
            let e = InputEmbeddings::open(&base_gguf(), 577, 49152).unwrap_err();
            assert!(e.contains("shape"), "{e}");
            let bytes = std::fs::read(base_gguf()).unwrap();
            // The tensor table whole (its vocabulary ends before 4 MB), the 16 MB table cut.
            std::fs::write(&p, &bytes[..4 << 20]).unwrap();
            assert!(InputEmbeddings::open(&p, 576, 49152).unwrap_err().contains("past the end"));
        }
    }
}
