//! Titles added and removed on the device (`dualrec_add_movie`,
//! `dualrec_remove_movie`), kept in the state directory beside the
//! histories (`titles.tsv`) so a restarted engine knows them before it
//! replays a watch of one.
//!
//! The file is rewritten whole and atomically on every change (temporary
//! file, fsync, rename, directory fsync): a crash leaves the old list or
//! the new one. Records apply in order; a movie's index follows
//! [`Catalog::push_added`](crate::model_dir::catalog::Catalog::push_added):
//! a new id takes the next index, a re-added id keeps its old one.

use crate::error::{Error, Result};
use crate::model_dir::catalog::Movie;

pub const TITLES_FILE: &str = "titles.tsv";
const HEADER: &str = "#dualrec-titles\tv1";

#[derive(Debug, Clone, PartialEq)]
pub enum TitleRecord {
    Add(Movie),
    Remove(u32),
}

/// Characters a field may not hold (they delimit the file).
pub fn check_field(what: &'static str, s: &str) -> Result<()> {
    if s.contains(['\t', '\n', '\r', '\0']) {
        return Err(Error::InvalidArgument(format!("{what} contains a tab, newline or NUL")));
    }
    Ok(())
}

pub fn encode(records: &[TitleRecord]) -> Vec<u8> {
    let mut s = String::from(HEADER);
    s.push('\n');
    for r in records {
        match r {
            TitleRecord::Add(m) => s.push_str(&format!("add\t{}\t{}\t{}\t{}\n", m.id, m.raw_title, m.year, m.genres_joined())),
            TitleRecord::Remove(id) => s.push_str(&format!("remove\t{id}\n")),
        }
    }
    s.into_bytes()
}

pub fn parse(bytes: &[u8]) -> Result<Vec<TitleRecord>> {
    let bad = |line: usize, why: &str| Error::StateCorrupt { file: TITLES_FILE.into(), why: format!("line {line}: {why}") };
    let text = std::str::from_utf8(bytes).map_err(|e| Error::StateCorrupt { file: TITLES_FILE.into(), why: format!("not UTF-8: {e}") })?;
    // Written atomically and whole: a missing final newline is damage, not a torn tail to drop.
    if !text.is_empty() && !text.ends_with('\n') {
        return Err(bad(text.lines().count(), "truncated (no final newline)"));
    }
    let mut lines = text.lines();
    match lines.next() {
        Some(HEADER) => {}
        Some(h) if h.starts_with("#dualrec-titles") => {
            return Err(Error::StateCorrupt { file: TITLES_FILE.into(), why: format!("version {h:?}, this library reads {HEADER:?}") })
        }
        _ => return Err(bad(1, "missing header")),
    }
    let mut out = Vec::new();
    for (n, line) in lines.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let id = |s: &str| s.parse::<u32>().map_err(|_| bad(n + 2, "bad movie id"));
        match f.as_slice() {
            ["add", i, title, year, genres] => {
                let year: u16 = year.parse().map_err(|_| bad(n + 2, "bad year"))?;
                if title.is_empty() {
                    return Err(bad(n + 2, "empty title"));
                }
                out.push(TitleRecord::Add(Movie::new(id(i)?, title, year, genres)));
            }
            ["remove", i] => out.push(TitleRecord::Remove(id(i)?)),
            _ => return Err(bad(n + 2, "expected add<TAB>id<TAB>title<TAB>year<TAB>genres or remove<TAB>id")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage_is_refused() {
        let recs = vec![TitleRecord::Add(Movie::new(900_001, "Amélie", 2001, "Comedy|Romance")), TitleRecord::Remove(7), TitleRecord::Add(Movie::new(5, "Matrix, The", 0, ""))];
        let b = encode(&recs);
        assert_eq!(parse(&b).unwrap(), recs);
        assert_eq!(parse(&encode(&[])).unwrap(), vec![]);
        let corrupt = |b: &[u8]| matches!(parse(b), Err(Error::StateCorrupt { .. }));
        assert!(corrupt(&b[..b.len() - 1]), "no final newline");
        assert!(corrupt(b"#dualrec-titles\tv9\n"), "version");
        assert!(corrupt(b"add\t1\tA\t1999\tDrama\n"), "no header");
        assert!(corrupt(b"#dualrec-titles\tv1\nadd\tx\tA\t1999\tDrama\n"));
        assert!(corrupt(b"#dualrec-titles\tv1\nadd\t1\t\t1999\tDrama\n"));
        assert!(corrupt(b"#dualrec-titles\tv1\nmove\t1\n"));
        assert!(corrupt(b"#dualrec-titles\tv1\nadd\t1\t\xff\t1999\tDrama\n"));
        assert!(check_field("title", "a\tb").is_err() && check_field("title", "Amélie").is_ok());
    }
}
