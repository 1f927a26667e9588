//! Reading interaction data (both input formats of PROTOCOL.md) and the
//! leave-one-out split. Nothing here is ever written into `models/`
//! except the catalogue: ratings and sequences must not be redistributed.

use std::path::Path;

use anyhow::{bail, Context, Result};
use dualrec::model_dir::catalog::Catalog;
use dualrec::model_dir::manifest::sha256_hex;

pub struct Dataset {
    /// Folder name, e.g. "ml-1m-sas".
    pub name: String,
    pub catalog: Catalog,
    /// (user id, catalogue indices in chronological order), ascending user id.
    pub users: Vec<(u64, Vec<u32>)>,
    /// sha256 of the interaction file (sequences.txt or ratings.dat).
    pub fingerprint: String,
}

/// Leave-one-out split: last item = test, second-to-last = validation,
/// the rest = training. Users with fewer than 3 interactions keep
/// everything in training and have no targets.
pub struct Split {
    pub train: Vec<Vec<u32>>,
    pub valid: Vec<Option<u32>>,
    pub test: Vec<Option<u32>>,
}

impl Dataset {
    /// Accepts a MovieLens directory with `ratings.dat`, a directory with
    /// `sequences.txt`, or a sequence file with `movies.dat` beside it.
    pub fn load(path: &Path) -> Result<Dataset> {
        let (dir, file, is_seq) = if path.is_file() {
            (path.parent().unwrap_or(Path::new(".")).to_path_buf(), path.to_path_buf(), true)
        } else if path.join("sequences.txt").is_file() {
            (path.to_path_buf(), path.join("sequences.txt"), true)
        } else if path.join("ratings.dat").is_file() {
            (path.to_path_buf(), path.join("ratings.dat"), false)
        } else {
            bail!("{}: neither a sequence file nor a directory with sequences.txt or ratings.dat", path.display());
        };
        let movies = dir.join("movies.dat");
        let catalog = Catalog::parse_movies_dat(&std::fs::read(&movies).with_context(|| format!("reading {}", movies.display()))?)
            .with_context(|| format!("parsing {}", movies.display()))?;
        let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        let fingerprint = sha256_hex(&bytes);
        let text = String::from_utf8_lossy(&bytes);
        let users = if is_seq { parse_sequences(&text, &catalog)? } else { parse_ratings(&text, &catalog)? };
        let name = dir
            .canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "dataset".into());
        Ok(Dataset { name, catalog, users, fingerprint })
    }

    pub fn interactions(&self) -> usize {
        self.users.iter().map(|u| u.1.len()).sum()
    }

    pub fn split(&self) -> Split {
        let mut s = Split { train: Vec::new(), valid: Vec::new(), test: Vec::new() };
        for (_, seq) in &self.users {
            let n = seq.len();
            if n < 3 {
                s.train.push(seq.clone());
                s.valid.push(None);
                s.test.push(None);
            } else {
                s.train.push(seq[..n - 2].to_vec());
                s.valid.push(Some(seq[n - 2]));
                s.test.push(Some(seq[n - 1]));
            }
        }
        s
    }
}

fn index(catalog: &Catalog, movie: &str, line: usize) -> Result<u32> {
    let id: u32 = movie.parse().with_context(|| format!("line {line}: bad movie id {movie:?}"))?;
    catalog.index_of(id).with_context(|| format!("line {line}: movie {id} is not in movies.dat"))
}

/// `UserID MovieID MovieID ...` per line, chronological.
pub fn parse_sequences(text: &str, catalog: &Catalog) -> Result<Vec<(u64, Vec<u32>)>> {
    let mut users = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut f = line.split_whitespace();
        let Some(user) = f.next() else { continue };
        let user: u64 = user.parse().with_context(|| format!("line {}: bad user id", n + 1))?;
        let seq = f.map(|m| index(catalog, m, n + 1)).collect::<Result<Vec<_>>>()?;
        users.push((user, seq));
    }
    users.sort_by_key(|u| u.0);
    if users.windows(2).any(|w| w[0].0 == w[1].0) {
        bail!("a user appears on two lines of the sequence file");
    }
    Ok(users)
}

/// `UserID::MovieID::Rating::Timestamp`; every rating is an interaction;
/// per user sorted by time, ties keep file order.
pub fn parse_ratings(text: &str, catalog: &Catalog) -> Result<Vec<(u64, Vec<u32>)>> {
    let mut by_user: std::collections::BTreeMap<u64, Vec<(i64, u32)>> = Default::default();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split("::").collect();
        if f.len() != 4 {
            bail!("line {}: expected UserID::MovieID::Rating::Timestamp", n + 1);
        }
        let user: u64 = f[0].parse().with_context(|| format!("line {}: bad user id", n + 1))?;
        let t: i64 = f[3].trim().parse().with_context(|| format!("line {}: bad timestamp", n + 1))?;
        by_user.entry(user).or_default().push((t, index(catalog, f[1], n + 1)?));
    }
    Ok(by_user
        .into_iter()
        .map(|(u, mut v)| {
            v.sort_by_key(|x| x.0); // stable
            (u, v.into_iter().map(|x| x.1).collect())
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::parse_movies_dat(b"1::A (1990)::Drama\n2::B (1991)::Comedy\n3::C (1992)::Drama\n5::E (1995)::Action\n").unwrap()
    }

    #[test]
    fn ratings_sorted_stably_by_time() {
        let c = catalog();
        let u = parse_ratings("2::1::5::30\n1::3::4::20\n1::1::3::10\n1::2::3::20\n", &c).unwrap();
        assert_eq!(u, vec![(1, vec![0, 2, 1]), (2, vec![0])]);
        assert!(parse_ratings("1::9::5::1\n", &c).is_err());
        assert!(parse_ratings("1::1::5\n", &c).is_err());
    }

    #[test]
    fn sequences_and_split() {
        let c = catalog();
        let users = parse_sequences("2 1 2\n1 1 2 3 5\n", &c).unwrap();
        assert_eq!(users[0], (1, vec![0, 1, 2, 3]));
        let ds = Dataset { name: "t".into(), catalog: c, users, fingerprint: String::new() };
        let s = ds.split();
        assert_eq!(s.train[0], vec![0, 1]);
        assert_eq!((s.valid[0], s.test[0]), (Some(2), Some(3)));
        assert_eq!((s.train[1].len(), s.valid[1], s.test[1]), (2, None, None));
        assert!(parse_sequences("1 1\n1 2\n", &ds.catalog).is_err());
    }
}
