//! Re-ranking by catalogue embeddings: the paper's rule (similarity to the
//! sequential model's top prediction) or the history-centroid blend, and the
//! recent-watch similarity the learned fusion weighs.

use super::encoder::{dot, normalize};
use super::index::Rows;
use super::DIM;
use crate::error::{Error, Result};

/// Re-ranking rule for [`Semantic::rerank`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RerankRule {
    /// The paper's rule: cosine similarity of each candidate to the sequential
    /// model's top prediction; the upstream score only breaks ties.
    TopPrediction,
    /// `alpha * upstream + (1 - alpha) * cos(candidate, centroid)`, where the
    /// centroid is the mean embedding of the last `recent` history items and
    /// `upstream` is the candidates' given score min-max scaled to [0, 1].
    HistoryCentroid { alpha: f32, recent: usize },
}

impl Default for RerankRule {
    fn default() -> Self {
        RerankRule::HistoryCentroid { alpha: 0.5, recent: 10 }
    }
}

/// Re-ranks `candidates` (catalogue index, upstream score), best first, by
/// `rule` over the catalogue embeddings in `index`.
///
/// `top_prediction`: the sequential model's top prediction (the paper's
/// anchor; without one the last history item is used); `history`: the
/// user's watched indices, oldest first — pass only what the model may see
/// (never held-out items). Indices out of range are `InvalidArgument`.
pub fn rerank<R: Rows + ?Sized>(
    index: &R,
    candidates: &[(u32, f32)],
    top_prediction: Option<u32>,
    history: &[u32],
    rule: RerankRule,
) -> Result<Vec<(u32, f32)>> {
    let n = index.len() as u32;
    if let Some(&(i, _)) = candidates.iter().find(|&&(i, _)| i >= n) {
        return Err(Error::InvalidArgument(format!("candidate index {i} out of range")));
    }
    if let Some(&i) = history.iter().chain(top_prediction.iter()).find(|&&i| i >= n) {
        return Err(Error::InvalidArgument(format!("history index {i} out of range")));
    }
    let mut scored: Vec<(u32, f32, f32)> = match rule {
        RerankRule::TopPrediction => {
            let anchor = top_prediction.or_else(|| history.last().copied());
            let a = anchor.map(|i| index.row(i));
            candidates.iter().map(|&(i, up)| (i, a.as_ref().map_or(0.0, |a| dot(a, &index.row(i))), up)).collect()
        }
        RerankRule::HistoryCentroid { alpha, recent } => {
            if !(0.0..=1.0).contains(&alpha) {
                return Err(Error::InvalidArgument(format!("alpha must be in [0, 1], got {alpha}")));
            }
            let recent_items = &history[history.len().saturating_sub(recent.max(1))..];
            let c = centroid(index, recent_items);
            let ups: Vec<f32> = candidates.iter().map(|c| if c.1.is_finite() { c.1 } else { 0.0 }).collect();
            let (lo, hi) = ups.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(l, h), &u| (l.min(u), h.max(u)));
            let span = hi - lo;
            candidates
                .iter()
                .zip(&ups)
                .map(|(&(i, _), &u)| {
                    let up = if span > 0.0 { (u - lo) / span } else { 1.0 };
                    let sim = if recent_items.is_empty() { 0.0 } else { dot(&c, &index.row(i)) };
                    (i, alpha * up + (1.0 - alpha) * sim, u)
                })
                .collect()
        }
    };
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
    Ok(scored.into_iter().map(|(i, s, _)| (i, s)).collect())
}

/// Unit-length mean of the items' embeddings (zeros for no items).
fn centroid<R: Rows + ?Sized>(index: &R, items: &[u32]) -> Vec<f32> {
    let mut c = vec![0f32; DIM];
    let mut row = vec![0f32; DIM];
    for &i in items {
        index.row_into(i, &mut row);
        c.iter_mut().zip(&row).for_each(|(a, b)| *a += b);
    }
    if !items.is_empty() {
        normalize(&mut c);
    }
    c
}

/// Cosine of each of `items` to the centroid of the last `recent` watches of
/// `history` (0 for an empty history). Indices out of range are `InvalidArgument`.
pub fn recent_similarity<R: Rows + ?Sized>(index: &R, items: &[u32], history: &[u32], recent: usize) -> Result<Vec<f32>> {
    let n = index.len() as u32;
    if let Some(&i) = items.iter().chain(history).find(|&&i| i >= n) {
        return Err(Error::InvalidArgument(format!("catalogue index {i} out of range")));
    }
    let recent_items = &history[history.len().saturating_sub(recent.max(1))..];
    if recent_items.is_empty() {
        return Ok(vec![0.0; items.len()]);
    }
    let c = centroid(index, recent_items);
    let mut row = vec![0f32; DIM];
    Ok(items
        .iter()
        .map(|&i| {
            index.row_into(i, &mut row);
            dot(&c, &row)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::semantic::index::{encode_catalog_embeddings, CatalogIndex};

    /// Rows: e0; 0.9 e0 + 0.436 e1; e1; e2 (normalised).
    fn toy_index() -> CatalogIndex {
        let mut rows = vec![0f32; 4 * DIM];
        rows[0] = 1.0;
        rows[DIM] = 0.9;
        rows[DIM + 1] = 0.436;
        rows[2 * DIM + 1] = 1.0;
        rows[3 * DIM + 2] = 1.0;
        for r in rows.chunks_mut(DIM) {
            normalize(r);
        }
        CatalogIndex::from_bytes(&encode_catalog_embeddings(4, &rows), 4, "toy").unwrap()
    }

    #[test]
    fn rerank_rules() {
        let idx = toy_index();
        let cands = [(2, 0.9), (1, 0.1), (3, 0.5)];
        let order = |v: Vec<(u32, f32)>| v.into_iter().map(|x| x.0).collect::<Vec<_>>();
        // Paper: similarity to the top prediction (row 0); ties by upstream score.
        let r = rerank(&idx, &cands, Some(0), &[], RerankRule::TopPrediction).unwrap();
        assert_eq!(order(r.clone()), vec![1, 2, 3]);
        assert!((r[0].1 - 0.9).abs() < 0.01);
        // Without a prediction the last history item anchors.
        assert_eq!(order(rerank(&idx, &cands, None, &[3], RerankRule::TopPrediction).unwrap())[0], 3);
        // Centroid of history [2] = e1: 2 -> 0.5 + 0.5, 3 -> 0.25 + 0, 1 -> 0 + 0.5 * 0.436.
        let r = rerank(&idx, &cands, None, &[3, 2], RerankRule::HistoryCentroid { alpha: 0.5, recent: 1 }).unwrap();
        assert_eq!(order(r.clone()), vec![2, 3, 1]);
        assert!((r[0].1 - 1.0).abs() < 0.01 && (r[1].1 - 0.25).abs() < 0.01);
        // alpha = 1: the upstream order.
        assert_eq!(order(rerank(&idx, &cands, None, &[2], RerankRule::HistoryCentroid { alpha: 1.0, recent: 5 }).unwrap()), vec![2, 3, 1]);
        // alpha = 0, two-item centroid (e1 + e2): 1 has the largest e1/e2 share after 2 and 3.
        let r = rerank(&idx, &cands, None, &[2, 3], RerankRule::HistoryCentroid { alpha: 0.0, recent: 2 }).unwrap();
        assert_eq!(order(r)[2], 1);
        assert!(matches!(rerank(&idx, &[(4, 0.0)], None, &[], RerankRule::TopPrediction), Err(Error::InvalidArgument(_))));
        assert!(matches!(rerank(&idx, &cands, Some(9), &[], RerankRule::TopPrediction), Err(Error::InvalidArgument(_))));
        assert!(matches!(
            rerank(&idx, &cands, None, &[1], RerankRule::HistoryCentroid { alpha: 1.5, recent: 1 }),
            Err(Error::InvalidArgument(_))
        ));
        assert!(rerank(&idx, &[], Some(0), &[], RerankRule::default()).unwrap().is_empty());
    }
}
