//! Ranking over the whole catalogue, shared by `recommend` and the evaluator
//! so that both apply the same exclusion and tie rule.
//!
//! Tie rule (PROTOCOL.md): among equal scores the smaller movie id ranks
//! first; catalogue indices are in id order, so the smaller index wins.
//! NaN scores rank last.

#[inline]
fn key(s: f32) -> f32 {
    if s.is_nan() {
        f32::NEG_INFINITY
    } else {
        s
    }
}

/// The best `k` (index, score) pairs, best first, skipping `excluded[i]`.
pub fn top_k(scores: &[f32], excluded: &[bool], k: usize) -> Vec<(u32, f32)> {
    let mut cand: Vec<(u32, f32)> = scores
        .iter()
        .enumerate()
        .filter(|&(i, _)| !excluded.get(i).copied().unwrap_or(false))
        .map(|(i, &s)| (i as u32, key(s)))
        .collect();
    let better = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let k = k.min(cand.len());
    if k == 0 {
        return Vec::new();
    }
    if k < cand.len() {
        cand.select_nth_unstable_by(k - 1, better);
        cand.truncate(k);
    }
    cand.sort_unstable_by(better);
    cand
}

/// 1-based rank of `target` among the candidates (`candidate[i] && !excluded[i]`):
/// 1 + #candidates scoring strictly higher + #tied candidates with a smaller index.
pub fn rank_of(scores: &[f32], candidate: &[bool], excluded: &[bool], target: u32) -> usize {
    let t = key(scores[target as usize]);
    let mut rank = 1;
    for (i, &s) in scores.iter().enumerate() {
        if i == target as usize || !candidate[i] || excluded[i] {
            continue;
        }
        let s = key(s);
        if s > t || (s == t && (i as u32) < target) {
            rank += 1;
        }
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_k_excludes_and_breaks_ties_by_index() {
        let s = [0.5, 0.9, 0.5, f32::NAN, 0.9, 0.1];
        let ex = [false, false, false, false, true, false];
        let t = top_k(&s, &ex, 3);
        assert_eq!(t.iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 0, 2]);
        assert_eq!(top_k(&s, &ex, 100).len(), 5);
        assert!(top_k(&s, &ex, 0).is_empty());
    }

    #[test]
    fn rank_matches_protocol() {
        let s = [0.5, 0.9, 0.5, 0.7];
        let all = [true; 4];
        let none = [false; 4];
        assert_eq!(rank_of(&s, &all, &none, 1), 1);
        assert_eq!(rank_of(&s, &all, &none, 0), 3); // 0.9, 0.7 above; tie with 2 has larger index
        assert_eq!(rank_of(&s, &all, &none, 2), 4); // tie with index 0 counts
        let ex = [false, true, false, false];
        assert_eq!(rank_of(&s, &all, &ex, 2), 3);
        let cand = [true, true, true, false];
        assert_eq!(rank_of(&s, &cand, &none, 0), 2);
    }
}
