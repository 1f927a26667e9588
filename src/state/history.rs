//! Per-user watch histories, held in memory and shared between threads.
//!
//! A history keeps every distinct movie a user watched (at most the catalogue
//! size), ordered by watch time; re-watching moves a movie to its new time.
//! Models read the most recent window; the whole set is what recommendations
//! must exclude.

use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug, Clone, Default)]
pub struct UserHistory {
    /// (catalogue index, unix time), ascending time; equal times keep arrival order.
    watches: Vec<(u32, i64)>,
}

impl UserHistory {
    /// Records a watch. Returns true when the movie was already in the history
    /// (a re-watch, which moves it to its new time).
    pub fn add(&mut self, index: u32, time: i64) -> bool {
        let rewatch = match self.watches.iter().position(|&(i, _)| i == index) {
            Some(p) => {
                self.watches.remove(p);
                true
            }
            None => false,
        };
        // Insert after every watch at or before `time` (stable for ties).
        let at = self.watches.partition_point(|&(_, t)| t <= time);
        self.watches.insert(at, (index, time));
        rewatch
    }
    pub fn len(&self) -> usize {
        self.watches.len()
    }
    pub fn is_empty(&self) -> bool {
        self.watches.is_empty()
    }
    /// Catalogue indices, oldest first.
    pub fn indices(&self) -> Vec<u32> {
        self.watches.iter().map(|&(i, _)| i).collect()
    }
    pub fn watches(&self) -> &[(u32, i64)] {
        &self.watches
    }
}

const SHARDS: usize = 16;

/// Histories of all users, sharded so that threads working on different
/// users rarely contend.
pub struct Histories {
    shards: Vec<Mutex<HashMap<u64, UserHistory>>>,
}

impl Default for Histories {
    fn default() -> Self {
        Histories { shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect() }
    }
}

impl Histories {
    fn shard(&self, user: u64) -> std::sync::MutexGuard<'_, HashMap<u64, UserHistory>> {
        // Fibonacci hashing spreads sequential user ids over the shards.
        let s = (user.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60) as usize % SHARDS;
        // A panic while holding the lock cannot leave a history half-written
        // (every mutation is a single Vec operation), so poisoning is ignored.
        self.shards[s].lock().unwrap_or_else(|p| p.into_inner())
    }
    pub fn add(&self, user: u64, index: u32, time: i64) -> bool {
        self.shard(user).entry(user).or_default().add(index, time)
    }
    /// A copy of the user's history (empty for an unknown user).
    pub fn snapshot(&self, user: u64) -> UserHistory {
        self.shard(user).get(&user).cloned().unwrap_or_default()
    }
    /// Removes the user; returns whether they existed.
    pub fn forget(&self, user: u64) -> bool {
        self.shard(user).remove(&user).is_some()
    }
    pub fn contains(&self, user: u64) -> bool {
        self.shard(user).contains_key(&user)
    }
    /// A copy of every history, ascending user id.
    pub fn all(&self) -> Vec<(u64, UserHistory)> {
        let mut v: Vec<(u64, UserHistory)> = self
            .shards
            .iter()
            .flat_map(|s| s.lock().unwrap_or_else(|p| p.into_inner()).iter().map(|(&u, h)| (u, h.clone())).collect::<Vec<_>>())
            .collect();
        v.sort_unstable_by_key(|x| x.0);
        v
    }
    pub fn user_count(&self) -> usize {
        self.shards.iter().map(|s| s.lock().unwrap_or_else(|p| p.into_inner()).len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_time_and_handles_rewatch() {
        let mut h = UserHistory::default();
        assert!(!h.add(5, 100));
        assert!(!h.add(7, 50)); // arrives late, older time
        assert!(!h.add(9, 100)); // tie keeps arrival order
        assert_eq!(h.indices(), vec![7, 5, 9]);
        assert!(h.add(7, 200)); // re-watch moves to the end
        assert_eq!(h.indices(), vec![5, 9, 7]);
        assert_eq!(h.len(), 3);
    }

    #[test]
    fn sharded_store() {
        let hs = Histories::default();
        for u in 0..100u64 {
            hs.add(u, (u % 7) as u32, u as i64);
        }
        assert_eq!(hs.user_count(), 100);
        assert_eq!(hs.snapshot(42).indices(), vec![0]);
        assert!(hs.forget(42));
        assert!(!hs.forget(42));
        assert!(hs.snapshot(42).is_empty());
    }
}
