//! A GGUF file's header read without llama.cpp: its metadata (kept raw, as
//! stored, for the keys the caller asks for) and its tensor table. The
//! library reads where the input embeddings lie (input.rs); the training
//! tools rewrite files with it (`dualrec-train lm --untie`).

use std::io::Read;

/// One entry of the tensor table.
#[derive(Debug, Clone)]
pub struct TensorInfo {
    pub name: String,
    pub dims: Vec<u64>,
    pub ggml_type: u32,
    /// From the start of the tensor data.
    pub offset: u64,
}

/// A GGUF header: its version, the kept metadata entries (key; value type
/// id and value bytes as stored), the tensor table, the data alignment and
/// the file offset where tensor data starts.
#[derive(Debug, Clone)]
pub struct Header {
    pub version: u32,
    pub kv: Vec<(String, Vec<u8>)>,
    pub tensors: Vec<TensorInfo>,
    pub alignment: u64,
    pub data: u64,
}

impl Header {
    /// The string value of kept metadata `key`.
    pub fn string(&self, key: &str) -> Option<String> {
        string_of(&self.kv, key)
    }
}

/// The string value of `key` among raw metadata entries.
pub fn string_of(kv: &[(String, Vec<u8>)], key: &str) -> Option<String> {
    let v = &kv.iter().find(|(k, _)| k == key)?.1;
    (v.len() >= 12 && v[..4] == 8u32.to_le_bytes()).then(|| String::from_utf8_lossy(&v[12..]).into_owned())
}

/// The metadata value type id of a string and its raw bytes (type id, length, UTF-8).
pub fn string_value(s: &str) -> Vec<u8> {
    let mut v = 8u32.to_le_bytes().to_vec();
    v.extend((s.len() as u64).to_le_bytes());
    v.extend(s.as_bytes());
    v
}

/// Bytes of a tensor of `dims` and ggml type `ggml_type`, by ggml's own type
/// table; None for a type it does not know or dims that do not fill its blocks.
pub fn tensor_bytes(dims: &[u64], ggml_type: u32) -> Option<u64> {
    if ggml_type >= llama_cpp_sys_2::GGML_TYPE_COUNT {
        return None;
    }
    // SAFETY: in range (checked above); ggml's table is static.
    let (block, size) = unsafe { (llama_cpp_sys_2::ggml_blck_size(ggml_type), llama_cpp_sys_2::ggml_type_size(ggml_type)) };
    let n: u64 = dims.iter().product();
    let block = u64::try_from(block).ok().filter(|&b| b > 0)?;
    n.is_multiple_of(block).then(|| n / block * size as u64)
}

fn invalid(why: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_string())
}

fn u32_(r: &mut impl Read) -> std::io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn u64_(r: &mut impl Read) -> std::io::Result<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

fn string(r: &mut impl Read) -> std::io::Result<String> {
    let n = u64_(r)?;
    if n > 1 << 24 {
        return Err(invalid("string too long"));
    }
    let mut b = vec![0u8; n as usize];
    r.read_exact(&mut b)?;
    // GGUF strings are UTF-8; a file rewritten from this header keeps them exactly.
    String::from_utf8(b).map_err(|_| invalid("a key or name is not UTF-8"))
}

/// Reads past one metadata value of type `t`.
fn skip(r: &mut impl Read, t: u32) -> std::io::Result<()> {
    let size = match t {
        0 | 1 | 7 => 1,
        2 | 3 => 2,
        4..=6 => 4,
        10..=12 => 8,
        8 => u64_(r)?,
        9 => {
            let (et, n) = (u32_(r)?, u64_(r)?);
            for _ in 0..n {
                skip(r, et)?;
            }
            return Ok(());
        }
        _ => return Err(invalid("unknown metadata type")),
    };
    let copied = std::io::copy(&mut r.take(size), &mut std::io::sink())?;
    if copied < size {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

/// Counts the bytes read through it and, while `record` is set, keeps them.
struct Tap<'a, R: Read> {
    inner: &'a mut R,
    n: u64,
    record: Option<Vec<u8>>,
}

impl<R: Read> Read for Tap<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.n += n as u64;
        if let Some(rec) = self.record.as_mut() {
            rec.extend_from_slice(&buf[..n]);
        }
        Ok(n)
    }
}

/// Reads a GGUF header from the start of `r`, keeping the metadata entries
/// whose key `keep` accepts.
pub fn read_header(r: &mut impl Read, keep: impl Fn(&str) -> bool) -> std::io::Result<Header> {
    let mut magic = [0u8; 4];
    r.read_exact(&mut magic)?;
    if &magic != b"GGUF" {
        return Err(invalid("not a GGUF file"));
    }
    let version = u32_(r)?;
    if version < 2 {
        return Err(invalid("GGUF version 1 is not supported"));
    }
    let (n_tensors, n_kv) = (u64_(r)?, u64_(r)?);
    let mut tap = Tap { inner: r, n: 24, record: None };
    let mut kv = Vec::new();
    let mut alignment = 32u64;
    for _ in 0..n_kv {
        let key = string(&mut tap)?;
        tap.record = keep(&key).then(Vec::new);
        let t = u32_(&mut tap)?;
        if t == 4 && key == "general.alignment" {
            alignment = u64::from(u32_(&mut tap)?).max(1);
        } else {
            skip(&mut tap, t)?;
        }
        if let Some(raw) = tap.record.take() {
            kv.push((key, raw));
        }
    }
    let mut tensors = Vec::new();
    for _ in 0..n_tensors {
        let name = string(&mut tap)?;
        let n_dims = u32_(&mut tap)?;
        if n_dims > 4 {
            return Err(invalid("tensor with more than 4 dimensions"));
        }
        let dims = (0..n_dims).map(|_| u64_(&mut tap)).collect::<std::io::Result<Vec<_>>>()?;
        let ggml_type = u32_(&mut tap)?;
        let offset = u64_(&mut tap)?;
        tensors.push(TensorInfo { name, dims, ggml_type, offset });
    }
    let data = tap.n.div_ceil(alignment) * alignment;
    Ok(Header { version, kv, tensors, alignment, data })
}
