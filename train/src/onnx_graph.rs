//! A small, deterministic ONNX graph builder over `onnx-protobuf`, shared by
//! the exporters (LSTM, Sentence-BERT). Tensors are stored little-endian in
//! `raw_data`, names are generated in call order, so the same inputs always
//! give the same bytes.

#![allow(dead_code)]

use onnx_protobuf::{
    attribute_proto::AttributeType, tensor_proto::DataType, tensor_shape_proto, type_proto, AttributeProto, GraphProto, Message,
    ModelProto, NodeProto, OperatorSetIdProto, TensorProto, TensorShapeProto, TypeProto, ValueInfoProto,
};

/// A dimension of a graph input or output.
#[derive(Clone, Copy, Debug)]
pub enum Dim<'a> {
    Fixed(i64),
    Symbolic(&'a str),
}

#[derive(Default)]
pub struct GraphBuilder {
    nodes: Vec<NodeProto>,
    initializers: Vec<TensorProto>,
    inputs: Vec<ValueInfoProto>,
    outputs: Vec<ValueInfoProto>,
    counter: usize,
}

pub fn attr_int(name: &str, v: i64) -> AttributeProto {
    AttributeProto { name: name.into(), i: v, type_: AttributeType::INT.into(), ..Default::default() }
}
pub fn attr_ints(name: &str, v: &[i64]) -> AttributeProto {
    AttributeProto { name: name.into(), ints: v.to_vec(), type_: AttributeType::INTS.into(), ..Default::default() }
}
pub fn attr_float(name: &str, v: f32) -> AttributeProto {
    AttributeProto { name: name.into(), f: v, type_: AttributeType::FLOAT.into(), ..Default::default() }
}
pub fn attr_string(name: &str, v: &str) -> AttributeProto {
    AttributeProto { name: name.into(), s: v.as_bytes().to_vec(), type_: AttributeType::STRING.into(), ..Default::default() }
}

fn value_info(name: &str, elem: DataType, dims: &[Dim]) -> ValueInfoProto {
    let shape = TensorShapeProto {
        dim: dims
            .iter()
            .map(|d| tensor_shape_proto::Dimension {
                value: Some(match d {
                    Dim::Fixed(v) => tensor_shape_proto::dimension::Value::DimValue(*v),
                    Dim::Symbolic(s) => tensor_shape_proto::dimension::Value::DimParam((*s).into()),
                }),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let tensor = type_proto::Tensor { elem_type: elem as i32, shape: Some(shape).into(), ..Default::default() };
    ValueInfoProto {
        name: name.into(),
        type_: Some(TypeProto { value: Some(type_proto::Value::TensorType(tensor)), ..Default::default() }).into(),
        ..Default::default()
    }
}

/// Symmetric per-row int8 quantisation of a row-major `rows x cols` matrix:
/// q = round(x / scale), scale = max|row| / 127 (1 for an all-zero row).
pub fn quantize_rows_int8(data: &[f32], rows: usize, cols: usize) -> (Vec<i8>, Vec<f32>) {
    assert_eq!(data.len(), rows * cols);
    let mut q = Vec::with_capacity(data.len());
    let mut scales = Vec::with_capacity(rows);
    for r in data.chunks_exact(cols) {
        let max = r.iter().fold(0f32, |m, v| m.max(v.abs()));
        let s = if max > 0.0 { max / 127.0 } else { 1.0 };
        scales.push(s);
        q.extend(r.iter().map(|v| (v / s).round().clamp(-127.0, 127.0) as i8));
    }
    (q, scales)
}

/// The values [`GraphBuilder::init_int8_blocks`] dequantises to (same
/// rounding), as f32: for measuring the weight rounding error alone.
pub fn fake_quantize_blocks(rows: usize, cols: usize, block: usize, data: &[f32]) -> Vec<f32> {
    let (q, scales) = quantize_blocks_int8(rows, cols, block, data);
    (0..rows * cols).map(|i| q[i] as f32 * scales[(i / cols / block) * cols + i % cols]).collect()
}

/// Symmetric int8 quantisation of a row-major `[rows, cols]` matrix with one
/// scale per column and block of `block` rows: (q, scales `[rows / block, cols]`).
pub fn quantize_blocks_int8(rows: usize, cols: usize, block: usize, data: &[f32]) -> (Vec<i8>, Vec<f32>) {
    assert_eq!(data.len(), rows * cols);
    assert!(block > 0 && rows.is_multiple_of(block), "{rows} rows, block {block}");
    let nb = rows / block;
    let mut scales = vec![1f32; nb * cols];
    let mut q = vec![0i8; rows * cols];
    for b in 0..nb {
        for c in 0..cols {
            let max = (b * block..(b + 1) * block).fold(0f32, |m, r| m.max(data[r * cols + c].abs()));
            let s = if max > 0.0 { max / 127.0 } else { 1.0 };
            scales[b * cols + c] = s;
            for r in b * block..(b + 1) * block {
                q[r * cols + c] = (data[r * cols + c] / s).round().clamp(-127.0, 127.0) as i8;
            }
        }
    }
    (q, scales)
}

impl GraphBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// A fresh, unique tensor name with the given prefix.
    pub fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}_{}", self.counter)
    }

    fn push_init(&mut self, name: &str, dims: &[i64], dt: DataType, raw: Vec<u8>) -> String {
        self.initializers.push(TensorProto {
            name: name.into(),
            dims: dims.to_vec(),
            data_type: dt as i32,
            raw_data: raw,
            ..Default::default()
        });
        name.to_string()
    }
    pub fn init_f32(&mut self, name: &str, dims: &[i64], data: &[f32]) -> String {
        assert_eq!(dims.iter().product::<i64>() as usize, data.len(), "{name}");
        self.push_init(name, dims, DataType::FLOAT, data.iter().flat_map(|v| v.to_le_bytes()).collect())
    }
    pub fn init_f16(&mut self, name: &str, dims: &[i64], data: &[f32]) -> String {
        assert_eq!(dims.iter().product::<i64>() as usize, data.len(), "{name}");
        self.push_init(name, dims, DataType::FLOAT16, data.iter().flat_map(|v| half::f16::from_f32(*v).to_le_bytes()).collect())
    }
    pub fn init_i8(&mut self, name: &str, dims: &[i64], data: &[i8]) -> String {
        assert_eq!(dims.iter().product::<i64>() as usize, data.len(), "{name}");
        self.push_init(name, dims, DataType::INT8, data.iter().map(|v| *v as u8).collect())
    }
    pub fn init_i64(&mut self, name: &str, dims: &[i64], data: &[i64]) -> String {
        assert_eq!(dims.iter().product::<i64>() as usize, data.len(), "{name}");
        self.push_init(name, dims, DataType::INT64, data.iter().flat_map(|v| v.to_le_bytes()).collect())
    }
    pub fn init_i32(&mut self, name: &str, dims: &[i64], data: &[i32]) -> String {
        assert_eq!(dims.iter().product::<i64>() as usize, data.len(), "{name}");
        self.push_init(name, dims, DataType::INT32, data.iter().flat_map(|v| v.to_le_bytes()).collect())
    }

    /// A row-major f32 matrix stored as int8 with one scale per row, turned
    /// back into f32 by `DequantizeLinear(axis=0)`. Returns the f32 tensor's name.
    pub fn init_int8_rows(&mut self, name: &str, rows: usize, cols: usize, data: &[f32]) -> String {
        let (q, scales) = quantize_rows_int8(data, rows, cols);
        let qn = self.init_i8(&format!("{name}.q"), &[rows as i64, cols as i64], &q);
        let sn = self.init_f32(&format!("{name}.scale"), &[rows as i64], &scales);
        let zn = self.init_i8(&format!("{name}.zero"), &[rows as i64], &vec![0i8; rows]);
        self.node_named("DequantizeLinear", &[&qn, &sn, &zn], &[name], vec![attr_int("axis", 0)]);
        name.to_string()
    }

    /// Like [`Self::init_int8_rows`] but with one scale per column
    /// (`DequantizeLinear(axis=1)`): per output channel of a `[in, out]`
    /// MatMul weight. Returns the f32 tensor's name.
    pub fn init_int8_cols(&mut self, name: &str, rows: usize, cols: usize, data: &[f32]) -> String {
        assert_eq!(data.len(), rows * cols, "{name}");
        let mut t = vec![0f32; data.len()];
        for r in 0..rows {
            for c in 0..cols {
                t[c * rows + r] = data[r * cols + c];
            }
        }
        let (qt, scales) = quantize_rows_int8(&t, cols, rows);
        let mut q = vec![0i8; data.len()];
        for c in 0..cols {
            for r in 0..rows {
                q[r * cols + c] = qt[c * rows + r];
            }
        }
        let qn = self.init_i8(&format!("{name}.q"), &[rows as i64, cols as i64], &q);
        let sn = self.init_f32(&format!("{name}.scale"), &[cols as i64], &scales);
        let zn = self.init_i8(&format!("{name}.zero"), &[cols as i64], &vec![0i8; cols]);
        self.node_named("DequantizeLinear", &[&qn, &sn, &zn], &[name], vec![attr_int("axis", 1)]);
        name.to_string()
    }

    /// A row-major `[rows, cols]` f32 matrix (a `[in, out]` MatMul weight)
    /// stored as int8 with one scale per block of `block` consecutive rows in
    /// each column, turned back into f32 by `DequantizeLinear(axis=0,
    /// block_size)` (opset >= 21). `rows` must be a multiple of `block`.
    pub fn init_int8_blocks(&mut self, name: &str, rows: usize, cols: usize, block: usize, data: &[f32]) -> String {
        assert_eq!(data.len(), rows * cols, "{name}");
        assert!(block > 0 && rows.is_multiple_of(block), "{name}: {rows} rows, block {block}");
        let nb = rows / block;
        let (q, scales) = quantize_blocks_int8(rows, cols, block, data);
        let qn = self.init_i8(&format!("{name}.q"), &[rows as i64, cols as i64], &q);
        let sn = self.init_f32(&format!("{name}.scale"), &[nb as i64, cols as i64], &scales);
        let zn = self.init_i8(&format!("{name}.zero"), &[nb as i64, cols as i64], &vec![0i8; nb * cols]);
        self.node_named(
            "DequantizeLinear",
            &[&qn, &sn, &zn],
            &[name],
            vec![attr_int("axis", 0), attr_int("block_size", block as i64)],
        );
        name.to_string()
    }

    /// An embedding table stored as int8 rows with one scale per row, looked up
    /// by `indices`: gathers the int8 rows and their scales and dequantises only
    /// those (`Gather`, `Cast`, `Mul`). Returns the f32 `[..indices, cols]` output.
    pub fn gather_int8_rows(&mut self, name: &str, rows: usize, cols: usize, data: &[f32], indices: &str) -> String {
        let (q, scales) = quantize_rows_int8(data, rows, cols);
        let qn = self.init_i8(&format!("{name}.q"), &[rows as i64, cols as i64], &q);
        let sn = self.init_f32(&format!("{name}.scale"), &[rows as i64], &scales);
        let gq = self.node("Gather", &[&qn, indices], vec![attr_int("axis", 0)]);
        let gf = self.node("Cast", &[&gq], vec![attr_int("to", DataType::FLOAT as i64)]);
        let gs = self.node("Gather", &[&sn, indices], vec![attr_int("axis", 0)]);
        let axes = self.init_i64(&format!("{name}.unsqueeze_axes"), &[1], &[-1]);
        let gs = self.node("Unsqueeze", &[&gs, &axes], vec![]);
        self.node("Mul", &[&gf, &gs], vec![])
    }

    /// Like [`Self::gather_int8_rows`] with one scale per row and block of
    /// `block` consecutive columns: the gathered `[.., cols]` rows are viewed
    /// as `[.., cols / block, block]`, scaled, and reshaped back.
    pub fn gather_int8_row_blocks(&mut self, name: &str, rows: usize, cols: usize, block: usize, data: &[f32], indices: &str) -> String {
        assert!(block > 0 && cols.is_multiple_of(block), "{name}: {cols} columns, block {block}");
        let nb = cols / block;
        // Blocks of a row are rows of a [rows * nb, block] matrix.
        let (q, scales) = quantize_rows_int8(data, rows * nb, block);
        let qn = self.init_i8(&format!("{name}.q"), &[rows as i64, cols as i64], &q);
        let sn = self.init_f32(&format!("{name}.scale"), &[rows as i64, nb as i64], &scales);
        let gq = self.node("Gather", &[&qn, indices], vec![attr_int("axis", 0)]);
        let gf = self.node("Cast", &[&gq], vec![attr_int("to", DataType::FLOAT as i64)]);
        let split = self.init_i64(&format!("{name}.split_shape"), &[4], &[0, 0, nb as i64, block as i64]);
        let gf = self.node("Reshape", &[&gf, &split], vec![]);
        let gs = self.node("Gather", &[&sn, indices], vec![attr_int("axis", 0)]);
        let axes = self.init_i64(&format!("{name}.unsqueeze_axes"), &[1], &[-1]);
        let gs = self.node("Unsqueeze", &[&gs, &axes], vec![]);
        let m = self.node("Mul", &[&gf, &gs], vec![]);
        let merge = self.init_i64(&format!("{name}.merge_shape"), &[3], &[0, 0, cols as i64]);
        self.node("Reshape", &[&m, &merge], vec![])
    }

    pub fn input(&mut self, name: &str, elem: DataType, dims: &[Dim]) {
        self.inputs.push(value_info(name, elem, dims));
    }
    pub fn output(&mut self, name: &str, elem: DataType, dims: &[Dim]) {
        self.outputs.push(value_info(name, elem, dims));
    }

    /// A node with explicit output names.
    pub fn node_named(&mut self, op: &str, inputs: &[&str], outputs: &[&str], attrs: Vec<AttributeProto>) {
        let name = self.fresh(op);
        self.nodes.push(NodeProto {
            op_type: op.into(),
            name,
            input: inputs.iter().map(|s| s.to_string()).collect(),
            output: outputs.iter().map(|s| s.to_string()).collect(),
            attribute: attrs,
            ..Default::default()
        });
    }
    /// A node with one generated output; returns its name.
    pub fn node(&mut self, op: &str, inputs: &[&str], attrs: Vec<AttributeProto>) -> String {
        let out = self.fresh(&op.to_lowercase());
        self.node_named(op, inputs, &[&out], attrs);
        out
    }
    /// A node with `n` generated outputs.
    pub fn node_multi(&mut self, op: &str, inputs: &[&str], n: usize, attrs: Vec<AttributeProto>) -> Vec<String> {
        let outs: Vec<String> = (0..n).map(|_| self.fresh(&op.to_lowercase())).collect();
        let refs: Vec<&str> = outs.iter().map(String::as_str).collect();
        self.node_named(op, inputs, &refs, attrs);
        outs
    }

    /// Serialises the model (IR version 8, the default ONNX opset `opset`).
    pub fn finish(self, graph_name: &str, opset: i64, doc: &str) -> Vec<u8> {
        let graph = GraphProto {
            name: graph_name.into(),
            node: self.nodes,
            initializer: self.initializers,
            input: self.inputs,
            output: self.outputs,
            ..Default::default()
        };
        let model = ModelProto {
            ir_version: 8,
            producer_name: "dualrec-train".into(),
            producer_version: env!("CARGO_PKG_VERSION").into(),
            doc_string: doc.into(),
            graph: Some(graph).into(),
            opset_import: vec![OperatorSetIdProto { domain: String::new(), version: opset, ..Default::default() }],
            ..Default::default()
        };
        model.write_to_bytes().expect("serialising an in-memory ONNX model cannot fail")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int8_rows_roundtrip_within_half_a_step() {
        let data: Vec<f32> = (0..12).map(|i| (i as f32 - 5.5) * 0.37).collect();
        let (q, s) = quantize_rows_int8(&data, 3, 4);
        for (r, row) in data.chunks(4).enumerate() {
            for (c, v) in row.iter().enumerate() {
                assert!((q[r * 4 + c] as f32 * s[r] - v).abs() <= s[r] / 2.0 + 1e-6);
            }
        }
        let (q0, s0) = quantize_rows_int8(&[0.0; 4], 1, 4);
        assert_eq!((q0, s0), (vec![0; 4], vec![1.0]));
    }

    #[test]
    fn fake_quantized_blocks_match_the_int8_blocks() {
        let (rows, cols, block) = (8, 3, 4);
        let data: Vec<f32> = (0..rows * cols).map(|i| ((i * 37 % 11) as f32 - 5.0) * 0.013 * (1 + i % 3) as f32).collect();
        let (q, s) = quantize_blocks_int8(rows, cols, block, &data);
        let f = fake_quantize_blocks(rows, cols, block, &data);
        for r in 0..rows {
            for c in 0..cols {
                let scale = s[(r / block) * cols + c];
                assert_eq!(f[r * cols + c], q[r * cols + c] as f32 * scale);
                assert!((f[r * cols + c] - data[r * cols + c]).abs() <= scale / 2.0 + 1e-7);
            }
        }
    }

    #[test]
    fn deterministic_bytes() {
        let build = || {
            let mut g = GraphBuilder::new();
            g.input("x", DataType::FLOAT, &[Dim::Symbolic("n"), Dim::Fixed(2)]);
            let w = g.init_int8_rows("w", 3, 2, &[0.1, -0.2, 0.3, 0.4, -0.5, 0.6]);
            let y = g.node("MatMul", &["x", &w.clone()], vec![]);
            g.node_named("Identity", &[&y], &["y"], vec![]);
            g.output("y", DataType::FLOAT, &[Dim::Symbolic("n"), Dim::Fixed(3)]);
            g.finish("t", 17, "test")
        };
        assert_eq!(build(), build());
    }
}
