//! The position rules: where the LLM's picks go in the sequential ranking.

use super::FusionRule;
use crate::types::{SOURCE_LANGUAGE, SOURCE_SEMANTIC};

/// One fused item: catalogue index and the `SOURCE_*` bits of who proposed it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fused {
    pub index: u32,
    pub sources: u32,
}

/// Merges `ranking` (sequential or fallback order, best first, already
/// without history items, each tagged with `base_source`) with `llm` (LLM
/// picks in final order; `reranked` says the semantic stage ordered them)
/// into at most `k` distinct items.
pub fn fuse(ranking: &[u32], base_source: u32, llm: &[u32], reranked: bool, k: usize, rule: FusionRule) -> Vec<Fused> {
    let llm_source = SOURCE_LANGUAGE | if reranked { SOURCE_SEMANTIC } else { 0 };
    let mut out: Vec<Fused> = Vec::with_capacity(k);
    let push = |out: &mut Vec<Fused>, index: u32, sources: u32| {
        if out.len() < k {
            match out.iter_mut().find(|f| f.index == index) {
                Some(f) => f.sources |= sources,
                None => out.push(Fused { index, sources }),
            }
        }
    };
    let lead = match rule {
        FusionRule::Paper => ranking.len().min(1),
        // The learned rule does not go through here; a plain merge is Tail's.
        FusionRule::Tail | FusionRule::Learned | FusionRule::Auto => k.saturating_sub(llm.len()).min(ranking.len()),
    };
    for &i in &ranking[..lead] {
        push(&mut out, i, base_source);
    }
    for &i in llm {
        push(&mut out, i, llm_source);
    }
    for &i in &ranking[lead..] {
        if out.len() >= k {
            break;
        }
        push(&mut out, i, base_source);
    }
    // An LLM pick the sequential ranking also holds in the top k is proposed by both.
    for f in out.iter_mut() {
        if f.sources & SOURCE_LANGUAGE != 0 && ranking.iter().take(k).any(|&r| r == f.index) {
            f.sources |= base_source;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::SOURCE_SEQUENTIAL as SEQ;

    #[test]
    fn paper_rule_puts_llm_after_the_top_prediction() {
        let r = fuse(&[1, 2, 3, 4, 5, 6], SEQ, &[9, 3], true, 5, FusionRule::Paper);
        let idx: Vec<u32> = r.iter().map(|f| f.index).collect();
        assert_eq!(idx, vec![1, 9, 3, 2, 4]);
        assert_eq!(r[1].sources, SOURCE_LANGUAGE | SOURCE_SEMANTIC);
        assert_eq!(r[2].sources, SOURCE_LANGUAGE | SOURCE_SEMANTIC | SEQ, "3 is in both");
        assert_eq!(r[0].sources, SEQ);
    }

    #[test]
    fn tail_rule_keeps_the_sequential_head() {
        let r = fuse(&[1, 2, 3, 4, 5, 6], SEQ, &[9, 8], false, 5, FusionRule::Tail);
        assert_eq!(r.iter().map(|f| f.index).collect::<Vec<_>>(), vec![1, 2, 3, 9, 8]);
        assert_eq!(r[3].sources, SOURCE_LANGUAGE);
        // Fewer items than k, no LLM picks, k larger than everything.
        assert_eq!(fuse(&[1, 2], SEQ, &[], false, 5, FusionRule::Paper).len(), 2);
        assert_eq!(fuse(&[], SEQ, &[7], false, 3, FusionRule::Tail).iter().map(|f| f.index).collect::<Vec<_>>(), vec![7]);
    }
}
