//! The GGUF memory-mapped, its pages handed back (Linux).
//!
//! llama.cpp copies every matrix its CPU path repacks (Q4_0) out of the
//! file, and the tied output matrix a second time; the token embedding
//! (read a row per token) and the norms stay where they are loaded. Read
//! from the file, they are copied too (the 16 MB embedding table among
//! them). Mapped, they are used in place, but llama.cpp populates the whole
//! mapping and the copied matrices' pages stay resident beside their
//! copies. So the mapping's pages are handed back (`MADV_DONTNEED`: a
//! read-only shared file mapping refaults the same bytes from the page
//! cache) before each tensor is loaded, once the load is done, and after
//! each call: what stays resident is the embedding rows a call read.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

/// The mapped GGUF: the file's identity, the shared mappings of it that
/// were there before this load (another model's), and this model's
/// mapping as last found.
///
/// Which pages are this model's must be certain: handed back, a range some
/// allocation has reused since would be zeroed. So loads are one at a time
/// ([`MappedGguf::before_load`] holds a process-wide lock until the load is
/// done), this model's mapping is the file's *shared* mapping that appeared
/// during its load (the library's own verified mappings are private), and
/// it is found again from `/proc/self/maps` whenever llama.cpp may have
/// changed it (before the first tensor, after the load).
#[derive(Debug, Clone)]
pub(super) struct MappedGguf {
    dev: u64,
    ino: u64,
    before: Vec<(usize, usize)>,
    ranges: Vec<(usize, usize)>,
}

/// One GGUF load at a time: see [`MappedGguf`].
static LOADS: Mutex<()> = Mutex::new(());

#[cfg(target_os = "linux")]
impl MappedGguf {
    /// Before llama.cpp maps `path`: takes the load lock (held until the
    /// guard drops, after [`MappedGguf::find`] has run once the load is
    /// done) and notes the file's shared mappings already there.
    pub(super) fn before_load(path: &Path) -> std::io::Result<(Self, MutexGuard<'static, ()>)> {
        use std::os::unix::fs::MetadataExt;
        // Without /proc/self/maps this model's pages could not be found: read the file instead.
        std::fs::File::open("/proc/self/maps")?;
        let guard = LOADS.lock().unwrap_or_else(|p| p.into_inner());
        let m = std::fs::metadata(path)?;
        let mut g = MappedGguf { dev: m.dev(), ino: m.ino(), before: Vec::new(), ranges: Vec::new() };
        g.before = g.shared_ranges();
        Ok((g, guard))
    }

    /// The address ranges the file is mapped shared at in this process.
    fn shared_ranges(&self) -> Vec<(usize, usize)> {
        use std::os::unix::fs::MetadataExt;
        let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else { return Vec::new() };
        let mut out = Vec::new();
        for line in maps.lines() {
            // start-end perms offset dev inode path
            let mut f = line.split_ascii_whitespace();
            let (Some(range), Some(perms), Some(_), Some(_), Some(inode)) = (f.next(), f.next(), f.next(), f.next(), f.next()) else { continue };
            if inode.parse::<u64>().ok() != Some(self.ino) || perms.as_bytes().get(3) != Some(&b's') {
                continue;
            }
            // The same inode number is the same file only on the same device.
            let path = f.collect::<Vec<_>>().join(" ");
            let same = std::fs::metadata(&path).is_ok_and(|m| m.dev() == self.dev && m.ino() == self.ino);
            let bounds = range.split_once('-').and_then(|(a, b)| Some((usize::from_str_radix(a, 16).ok()?, usize::from_str_radix(b, 16).ok()?)));
            if let (true, Some(r)) = (same, bounds) {
                out.push(r);
            }
        }
        out
    }

    /// Finds this load's mapping: the file's shared ranges that were not there before it.
    pub(super) fn find(&mut self) {
        self.ranges = self.shared_ranges().into_iter().filter(|r| !self.before.contains(r)).collect();
    }

    /// Hands the found ranges' resident pages back to the kernel; returns
    /// the bytes of mapping covered. The mapping stays valid: a page read
    /// later is faulted in again from the page cache.
    pub(super) fn hand_back(&self) -> usize {
        let mut covered = 0;
        for &(a, b) in &self.ranges {
            // SAFETY: (a, b) is this model's mapping of the file, read-only
            // and shared (llama.cpp's), alive while the model is (its holders
            // drop first), so no data is lost: its contents are the file's
            // and a later access reads them again.
            if unsafe { libc::madvise(a as *mut libc::c_void, b - a, libc::MADV_DONTNEED) } == 0 {
                covered += b - a;
            }
        }
        covered
    }
}

/// Elsewhere the GGUF is read, not mapped: nothing to hand back.
#[cfg(not(target_os = "linux"))]
impl MappedGguf {
    pub(super) fn before_load(_: &Path) -> std::io::Result<(Self, MutexGuard<'static, ()>)> {
        Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "pages are handed back on Linux only"))
    }
    pub(super) fn find(&mut self) {}
    pub(super) fn hand_back(&self) -> usize {
        0
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::io::Write;

    /// Resident KiB of this process's mapping starting at `a` (smaps' Rss:
    /// pages mapped in this process, not the page cache's).
    fn resident_kib(a: usize) -> u64 {
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let head = format!("{a:x}-");
        let mut lines = smaps.lines().skip_while(|l| !l.starts_with(&head));
        lines.next().expect("the mapping is listed");
        let rss = lines.find(|l| l.starts_with("Rss:")).expect("an Rss line");
        rss.split_ascii_whitespace().nth(1).unwrap().parse().unwrap()
    }

    #[test]
    fn hands_back_only_the_new_shared_mapping_and_keeps_the_bytes() {
        let dir = std::env::temp_dir().join(format!("dualrec-mapped-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("weights.gguf");
        let bytes: Vec<u8> = (0..64 * 4096u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::File::create(&path).unwrap().write_all(&bytes).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        let sum = |m: &[u8]| m.iter().map(|&b| b as u64).sum::<u64>();
        // SAFETY (all three): the file is not modified while mapped.
        let earlier = unsafe { memmap2::Mmap::map(&file).unwrap() };
        let private = unsafe { memmap2::MmapOptions::new().map_copy_read_only(&file).unwrap() };
        let (mut g, guard) = MappedGguf::before_load(&path).unwrap();
        let map = unsafe { memmap2::Mmap::map(&file).unwrap() };
        let want = sum(&map);
        assert_eq!((sum(&earlier), sum(&private)), (want, want));
        assert_eq!(resident_kib(map.as_ptr() as usize), 256, "read: every page resident");
        assert_eq!(g.hand_back(), 0, "nothing found yet");
        g.find();
        drop(guard);
        assert_eq!(g.hand_back(), 64 * 4096, "the new shared mapping alone");
        assert_eq!(resident_kib(map.as_ptr() as usize), 0, "handed back");
        assert_eq!(resident_kib(earlier.as_ptr() as usize), 256, "a mapping that was there before is not touched");
        assert_eq!(resident_kib(private.as_ptr() as usize), 256, "nor a private one");
        assert_eq!(sum(&map), want, "the same bytes after");
        drop((map, earlier, private));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
