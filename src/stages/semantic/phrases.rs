//! Phrases embedded ahead of time. The request reader compares a phrase no
//! rule read with hundreds of example phrases (`pipeline::request::
//! exemplar_phrases`); embedding them on the first request that needs them
//! takes seconds on a small CPU. `dualrec-train sbert --embed-catalog`
//! embeds them with the directory's encoder into this optional artifact.
//! A directory without it, a table embedded by another model file, or a
//! phrase the table lacks is embedded on first use, as before.

use std::collections::HashMap;
use std::sync::Arc;

use super::DIM;
use crate::error::{Error, Result};

pub const ARTIFACT_PHRASE_EMB: &str = "phrase-emb";
pub const FILE_PHRASE_EMB: &str = "phrase-emb.bin";
pub const PHRASE_EMB_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"DRPHRS\0\0";
/// Magic, version, rows, dim, the model file's sha256 (64 hex digits).
const HEADER: usize = 8 + 4 * 3 + 64;

/// Each phrase's row as the encoder gave it (f32, so a reading from the
/// table is the reading the evaluation measured, bit for bit), shared with
/// the readers that compare with it (one copy resident, not one per reader).
#[derive(Debug)]
pub struct PhraseTable {
    model_sha256: String,
    rows: HashMap<String, Arc<[f32]>>,
}

/// The artifact's bytes: the header, each phrase (u32 LE length, UTF-8),
/// then the rows (rows × DIM f32 LE), in `phrases`' order.
pub fn encode_phrase_table(model_sha256: &str, phrases: &[&str], rows: &[Vec<f32>]) -> Result<Vec<u8>> {
    if phrases.len() != rows.len() || rows.iter().any(|r| r.len() != DIM) || model_sha256.len() != 64 || !model_sha256.is_ascii() {
        return Err(Error::InvalidArgument(format!("{} phrases, {} rows of {DIM} and a 64-digit model sha256 expected", phrases.len(), rows.len())));
    }
    let mut b = Vec::with_capacity(HEADER + phrases.iter().map(|p| 4 + p.len()).sum::<usize>() + rows.len() * DIM * 4);
    b.extend_from_slice(MAGIC);
    for v in [PHRASE_EMB_VERSION, rows.len() as u32, DIM as u32] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(model_sha256.as_bytes());
    for p in phrases {
        b.extend_from_slice(&(p.len() as u32).to_le_bytes());
        b.extend_from_slice(p.as_bytes());
    }
    rows.iter().flatten().for_each(|x| b.extend_from_slice(&x.to_le_bytes()));
    Ok(b)
}

impl PhraseTable {
    /// Parses the artifact; anything malformed is `ModelCorrupt` naming `file`.
    pub fn from_bytes(b: &[u8], file: &str) -> Result<PhraseTable> {
        let corrupt = |why: String| Error::corrupt(file, why);
        if b.len() < HEADER || &b[..8] != MAGIC {
            return Err(corrupt("not a phrase embedding file (short or bad magic)".into()));
        }
        let u32_at = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"));
        let (version, n, dim) = (u32_at(8), u32_at(12) as usize, u32_at(16) as usize);
        if version != PHRASE_EMB_VERSION {
            return Err(Error::ModelVersion { file: file.into(), found: version.to_string(), expected: PHRASE_EMB_VERSION.to_string() });
        }
        if dim != DIM {
            return Err(corrupt(format!("dimension {dim}, expected {DIM}")));
        }
        let model_sha256 = std::str::from_utf8(&b[20..HEADER]).ok().filter(|s| s.bytes().all(|c| c.is_ascii_hexdigit())).ok_or_else(|| corrupt("the model sha256 is not hex".into()))?.to_string();
        let mut at = HEADER;
        let mut phrases = Vec::with_capacity(n.min(b.len() / 4));
        for i in 0..n {
            let len = b.get(at..at + 4).map(|x| u32::from_le_bytes(x.try_into().expect("4 bytes")) as usize).ok_or_else(|| corrupt(format!("truncated at phrase {i}")))?;
            let text = b.get(at + 4..at + 4 + len).ok_or_else(|| corrupt(format!("truncated at phrase {i}")))?;
            phrases.push(std::str::from_utf8(text).map_err(|_| corrupt(format!("phrase {i} is not UTF-8")))?.to_string());
            at += 4 + len;
        }
        if b.len() - at != n * DIM * 4 {
            return Err(corrupt(format!("{} bytes of rows, {n} phrases need {}", b.len() - at, n * DIM * 4)));
        }
        let rows = phrases.into_iter().zip(b[at..].chunks_exact(DIM * 4)).map(|(p, r)| (p, r.chunks_exact(4).map(|x| f32::from_le_bytes(x.try_into().expect("4 bytes"))).collect::<Arc<[f32]>>())).collect();
        Ok(PhraseTable { model_sha256, rows })
    }

    /// The sha256 of the model file the rows were embedded with.
    pub fn model_sha256(&self) -> &str {
        &self.model_sha256
    }

    pub fn get(&self, phrase: &str) -> Option<&[f32]> {
        self.rows.get(phrase).map(|r| &r[..])
    }

    /// The row itself, to share rather than copy.
    pub fn shared(&self, phrase: &str) -> Option<&Arc<[f32]>> {
        self.rows.get(phrase)
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(x: f32) -> Vec<f32> {
        let mut r = vec![0.0; DIM];
        r[0] = x;
        r
    }

    #[test]
    fn round_trips_and_refuses_damage() {
        let sha = "ab".repeat(32);
        let b = encode_phrase_table(&sha, &["a heist", "ünïcode"], &[row(1.0), row(-0.5)]).unwrap();
        let t = PhraseTable::from_bytes(&b, "p").unwrap();
        assert_eq!((t.len(), t.model_sha256()), (2, sha.as_str()));
        assert_eq!(t.get("ünïcode").unwrap()[0], -0.5);
        assert!(t.get("a heist").unwrap()[1..].iter().all(|&x| x == 0.0) && t.get("missing").is_none());
        // Truncated anywhere, a flipped magic or a wrong dimension: corrupt; another version: a version error.
        for cut in [0, 10, HEADER + 3, HEADER + 12, b.len() - 1] {
            assert!(matches!(PhraseTable::from_bytes(&b[..cut], "p"), Err(Error::ModelCorrupt { .. })), "cut at {cut}");
        }
        let mut bad = b.clone();
        bad[0] ^= 1;
        assert!(matches!(PhraseTable::from_bytes(&bad, "p"), Err(Error::ModelCorrupt { .. })));
        let mut v2 = b.clone();
        v2[8] = 2;
        assert!(matches!(PhraseTable::from_bytes(&v2, "p"), Err(Error::ModelVersion { .. })));
        let mut d = b.clone();
        d[16] = 7;
        assert!(matches!(PhraseTable::from_bytes(&d, "p"), Err(Error::ModelCorrupt { .. })));
        assert!(encode_phrase_table(&sha, &["one"], &[]).is_err() && encode_phrase_table("short", &["one"], &[row(1.0)]).is_err());
    }
}
