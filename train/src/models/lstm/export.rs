//! ONNX export of the sequential model. The item features (id, title words,
//! genres) are folded into one baked-in table of LSTM input vectors, so the
//! graph's only inputs are the window of catalogue indices and its length:
//!
//! items int64 [batch, time] (right-padded), lengths int32 [batch]
//! -> Gather(item table) -> Transpose -> LSTM (sequence_lens) ... -> Y_h
//! -> Gemm(output projection) -> scores float [batch, n_items].

use anyhow::Result;
use onnx_protobuf::tensor_proto::DataType;

use super::model::Model;
use crate::onnx_graph::{attr_int, attr_ints, quantize_rows_int8, Dim, GraphBuilder};

pub const OPSET: i64 = 17;

/// (hidden, w_ih [4H, in], w_hh [4H, H], b_ih, b_hh), gate order i, f, g, o.
pub type LayerWeights = (usize, Vec<f32>, Vec<f32>, Vec<f32>, Vec<f32>);

/// Plain f32 weights copied out of a model (what the exporter needs).
pub struct Weights {
    pub n_items: usize,
    pub d_in: usize,
    pub table: Vec<f32>,
    pub layers: Vec<LayerWeights>,
    pub out_w: Vec<f32>,
    pub out_b: Vec<f32>,
}

fn flat(t: &candle_core::Tensor) -> Result<Vec<f32>> {
    Ok(t.flatten_all()?.to_vec1::<f32>()?)
}

impl Weights {
    pub fn of(model: &Model) -> Result<Weights> {
        Ok(Weights {
            n_items: model.cfg.n_items,
            d_in: model.cfg.d_in(),
            table: flat(&model.item_table()?)?,
            layers: model
                .layers
                .iter()
                .map(|l| Ok((l.hidden, flat(l.w_ih.as_tensor())?, flat(l.w_hh.as_tensor())?, flat(l.b_ih.as_tensor())?, flat(l.b_hh.as_tensor())?)))
                .collect::<Result<_>>()?,
            out_w: flat(model.out_w.as_tensor())?,
            out_b: flat(model.out_b.as_tensor())?,
        })
    }
}

/// candle/PyTorch gate blocks (i, f, g, o) -> ONNX order (i, o, f, c).
fn reorder_gates(w: &[f32], hidden: usize) -> Vec<f32> {
    let block = w.len() / 4;
    debug_assert_eq!(block % hidden, 0);
    [0usize, 3, 1, 2].iter().flat_map(|&g| w[g * block..(g + 1) * block].iter().copied()).collect()
}

/// A row-major matrix stored as per-row int8 (`quantize_rows_int8`), turned
/// back into f32 by Cast(q) * scale[:, None]. Same values as
/// DequantizeLinear(axis=0), but ONNX Runtime constant-folds this at session
/// creation while it keeps DequantizeLinear in the graph and re-runs it on
/// every call (measured: +0.5 ms per recommend for these two tables).
fn init_int8_rows_folded(g: &mut GraphBuilder, name: &str, rows: usize, cols: usize, data: &[f32]) -> String {
    let (q, scales) = quantize_rows_int8(data, rows, cols);
    let qn = g.init_i8(&format!("{name}.q"), &[rows as i64, cols as i64], &q);
    let sn = g.init_f32(&format!("{name}.scale"), &[rows as i64, 1], &scales);
    let qf = g.node("Cast", &[&qn], vec![attr_int("to", DataType::FLOAT as i64)]);
    g.node_named("Mul", &[&qf, &sn], &[name], vec![]);
    name.to_string()
}

/// Serialises the model; `int8` stores the item table and the output
/// projection as per-row int8 (dequantised once, at session creation).
pub fn to_onnx(w: &Weights, int8: bool, doc: &str) -> Vec<u8> {
    let mut g = GraphBuilder::new();
    g.input("items", DataType::INT64, &[Dim::Symbolic("batch"), Dim::Symbolic("time")]);
    g.input("lengths", DataType::INT32, &[Dim::Symbolic("batch")]);
    let n = w.n_items;
    let table = if int8 { init_int8_rows_folded(&mut g, "item_table", n, w.d_in, &w.table) } else { g.init_f32("item_table", &[n as i64, w.d_in as i64], &w.table) };
    let x = g.node("Gather", &[&table, "items"], vec![attr_int("axis", 0)]); // [B, T, D]
    let mut x = g.node("Transpose", &[&x], vec![attr_ints("perm", &[1, 0, 2])]); // [T, B, D]
    let ax0 = g.init_i64("axes0", &[1], &[0]);
    let ax1 = g.init_i64("axes1", &[1], &[1]);
    let mut d_in = w.d_in;
    let mut last_h = String::new();
    for (li, (h, w_ih, w_hh, b_ih, b_hh)) in w.layers.iter().enumerate() {
        let wn = g.init_f32(&format!("lstm{li}.W"), &[1, 4 * *h as i64, d_in as i64], &reorder_gates(w_ih, *h));
        let rn = g.init_f32(&format!("lstm{li}.R"), &[1, 4 * *h as i64, *h as i64], &reorder_gates(w_hh, *h));
        let mut b = reorder_gates(b_ih, *h);
        b.extend(reorder_gates(b_hh, *h));
        let bn = g.init_f32(&format!("lstm{li}.B"), &[1, 8 * *h as i64], &b);
        let y = g.fresh("lstm_y");
        let yh = g.fresh("lstm_yh");
        g.node_named("LSTM", &[&x, &wn, &rn, &bn, "lengths"], &[&y, &yh], vec![attr_int("hidden_size", *h as i64)]);
        // Y [T, 1, B, H] feeds the next layer; Y_h [1, B, H] is the state after each row's last valid step.
        x = g.node("Squeeze", &[&y, &ax1], vec![]);
        last_h = yh;
        d_in = *h;
    }
    let h = g.node("Squeeze", &[&last_h, &ax0], vec![]); // [B, H]
    let ow = if int8 { init_int8_rows_folded(&mut g, "out_w", n, d_in, &w.out_w) } else { g.init_f32("out_w", &[n as i64, d_in as i64], &w.out_w) };
    let ob = g.init_f32("out_b", &[n as i64], &w.out_b);
    g.node_named("Gemm", &[&h, &ow, &ob], &["scores"], vec![attr_int("transB", 1)]);
    g.output("scores", DataType::FLOAT, &[Dim::Symbolic("batch"), Dim::Fixed(n as i64)]);
    g.finish("dualrec_lstm", OPSET, doc)
}
