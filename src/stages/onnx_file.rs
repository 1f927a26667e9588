//! A minimal reader of ONNX files: the protobuf fields the library's own
//! graphs use (initializers stored as raw data, node types and their numeric
//! attributes), over the verified bytes. The stages that run their graphs
//! natively (the Sentence-BERT encoder, the LSTM) read their weights
//! through it and check the graph against what their code assumes.

use std::collections::HashMap;
use std::ops::Range;

use crate::error::{Error, Result};

/// One initializer: its dims, ONNX data type and where its raw bytes lie in the file.
pub(crate) struct Init {
    pub dims: Vec<usize>,
    pub dtype: i32,
    pub raw: Range<usize>,
}

pub(crate) const FLOAT: i32 = 1;
pub(crate) const INT8: i32 = 3;
pub(crate) const INT64: i32 = 7;

enum Field {
    Varint(u64),
    Fixed32(u32),
    Fixed64,
    Bytes(Range<usize>),
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Reader<'a> {
    fn new(b: &'a [u8], r: Range<usize>) -> Self {
        Reader { b, pos: r.start, end: r.end }
    }
    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.b[..self.end].get(self.pos)?;
            self.pos += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    /// The next (field number, value), None at the end; Err on malformed bytes.
    fn next(&mut self) -> std::result::Result<Option<(u64, Field)>, String> {
        if self.pos >= self.end {
            return Ok(None);
        }
        let at = self.pos;
        let bad = || format!("malformed protobuf at byte {at}");
        let key = self.varint().ok_or_else(bad)?;
        let field = match key & 7 {
            0 => Field::Varint(self.varint().ok_or_else(bad)?),
            1 => {
                self.pos += 8;
                Field::Fixed64
            }
            2 => {
                let len = self.varint().ok_or_else(bad)? as usize;
                let start = self.pos;
                self.pos = start.checked_add(len).ok_or_else(bad)?;
                Field::Bytes(start..self.pos)
            }
            5 => {
                let v = self.b[..self.end].get(self.pos..self.pos + 4).ok_or_else(bad)?;
                self.pos += 4;
                Field::Fixed32(u32::from_le_bytes(v.try_into().expect("4 bytes")))
            }
            w => return Err(format!("unsupported protobuf wire type {w} at byte {at}")),
        };
        if self.pos > self.end {
            return Err(bad());
        }
        Ok(Some((key >> 3, field)))
    }
}

fn text(b: &[u8], r: Range<usize>) -> String {
    String::from_utf8_lossy(&b[r]).into_owned()
}

/// Initializers by name, and (op type, float and int attributes) of every node.
pub(crate) type Nodes = Vec<(String, Vec<(String, f32, i64)>)>;

pub(crate) fn parse(b: &[u8]) -> std::result::Result<(HashMap<String, Init>, Nodes), String> {
    let mut graph = None;
    let mut r = Reader::new(b, 0..b.len());
    while let Some((f, v)) = r.next()? {
        if let (7, Field::Bytes(g)) = (f, v) {
            graph = Some(g);
        }
    }
    let graph = graph.ok_or("no graph")?;
    let mut inits = HashMap::new();
    let mut nodes = Vec::new();
    let mut g = Reader::new(b, graph);
    while let Some((f, v)) = g.next()? {
        match (f, v) {
            (5, Field::Bytes(t)) => {
                let (mut dims, mut dtype, mut name, mut raw) = (Vec::new(), 0, String::new(), None);
                let mut tr = Reader::new(b, t);
                while let Some((f, v)) = tr.next()? {
                    match (f, v) {
                        (1, Field::Varint(d)) => dims.push(d as usize),
                        (1, Field::Bytes(p)) => {
                            let mut pr = Reader::new(b, p);
                            while pr.pos < pr.end {
                                dims.push(pr.varint().ok_or("malformed dims")? as usize);
                            }
                        }
                        (2, Field::Varint(d)) => dtype = d as i32,
                        (8, Field::Bytes(n)) => name = text(b, n),
                        (9, Field::Bytes(d)) => raw = Some(d),
                        _ => {}
                    }
                }
                let raw = raw.ok_or_else(|| format!("initializer {name:?} is not stored in raw_data"))?;
                inits.insert(name, Init { dims, dtype, raw });
            }
            (1, Field::Bytes(n)) => {
                let (mut op, mut attrs) = (String::new(), Vec::new());
                let mut nr = Reader::new(b, n);
                while let Some((f, v)) = nr.next()? {
                    match (f, v) {
                        (4, Field::Bytes(o)) => op = text(b, o),
                        (5, Field::Bytes(a)) => {
                            let (mut name, mut fv, mut iv) = (String::new(), 0f32, 0i64);
                            let mut ar = Reader::new(b, a);
                            while let Some((f, v)) = ar.next()? {
                                match (f, v) {
                                    (1, Field::Bytes(s)) => name = text(b, s),
                                    (2, Field::Fixed32(x)) => fv = f32::from_bits(x),
                                    (3, Field::Varint(x)) => iv = x as i64,
                                    _ => {}
                                }
                            }
                            attrs.push((name, fv, iv));
                        }
                        _ => {}
                    }
                }
                nodes.push((op, attrs));
            }
            _ => {}
        }
    }
    Ok((inits, nodes))
}

pub(crate) struct Loader<'a> {
    pub b: &'a [u8],
    pub inits: HashMap<String, Init>,
    pub file: String,
}

impl Loader<'_> {
    pub(crate) fn get(&self, name: &str, dtype: i32, dims: &[usize]) -> Result<&Init> {
        let i = self.inits.get(name).ok_or_else(|| Error::corrupt(&self.file, format!("model has no initializer {name:?}")))?;
        let size = match dtype {
            FLOAT => 4,
            INT64 => 8,
            _ => 1,
        };
        if i.dtype != dtype || i.dims != dims || i.raw.len() != dims.iter().product::<usize>() * size || i.raw.end > self.b.len() {
            return Err(Error::corrupt(
                &self.file,
                format!("initializer {name:?}: type {} shape {:?} ({} bytes), expected type {dtype} shape {dims:?}", i.dtype, i.dims, i.raw.len()),
            ));
        }
        Ok(i)
    }
    pub(crate) fn f32s(&self, name: &str, dims: &[usize]) -> Result<Vec<f32>> {
        let i = self.get(name, FLOAT, dims)?;
        Ok(self.b[i.raw.clone()].chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes"))).collect())
    }
    pub(crate) fn i8s(&self, name: &str, dims: &[usize]) -> Result<Vec<i8>> {
        let i = self.get(name, INT8, dims)?;
        Ok(self.b[i.raw.clone()].iter().map(|&x| x as i8).collect())
    }
    pub(crate) fn scalar(&self, name: &str) -> Result<f32> {
        Ok(self.f32s(name, &[])?[0])
    }
}
