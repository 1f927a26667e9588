//! Reading interaction data (both input formats of PROTOCOL.md) and the
//! leave-one-out split. Nothing here is ever written into `models/`
//! except the catalogue: ratings and sequences must not be redistributed.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use dualrec::model_dir::catalog::{Catalog, Movie};
use dualrec::model_dir::manifest::sha256_hex;

/// The paths most tools take: the data set, the model directory, where reports go.
#[derive(clap::Args, Debug, Clone)]
pub struct ToolPaths {
    /// The data set (MovieLens directory, plain layout, or sequence file).
    #[arg(long)]
    pub data: PathBuf,
    #[arg(long, default_value = "models")]
    pub models: PathBuf,
    /// Where the reports go (never docs/ unless asked).
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
}

#[derive(Debug)]
pub struct Dataset {
    /// Folder name, e.g. "ml-1m-sas".
    pub name: String,
    pub catalog: Catalog,
    /// (user id, catalogue indices in chronological order), ascending user id.
    pub users: Vec<(u64, Vec<u32>)>,
    /// sha256 of the interaction file (sequences.txt, ratings.dat or interactions.tsv).
    pub fingerprint: String,
    /// Movie id -> time of its first interaction, when the data has timestamps.
    pub first_seen: Option<BTreeMap<u32, i64>>,
    /// Where it was read from.
    pub source: Source,
}

/// The three input layouts (docs/training.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `UserID MovieID ...` per line (chronological) + MovieLens `movies.dat`.
    Sequences,
    /// MovieLens `ratings.dat` (`UserID::MovieID::Rating::Timestamp`) + `movies.dat`.
    MovieLensRatings,
    /// `interactions.tsv` (user, movie, unix time) + `catalog.tsv` (id, title, year, genres), UTF-8.
    Plain,
}

/// The files a dataset was read from.
#[derive(Debug, Clone)]
pub struct Source {
    pub layout: Layout,
    pub interactions: PathBuf,
    pub catalog: PathBuf,
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
    /// Accepts a directory with `interactions.tsv` + `catalog.tsv` (the plain
    /// layout), a MovieLens directory with `ratings.dat`, a directory with
    /// `sequences.txt`, or a sequence file with `movies.dat` beside it.
    pub fn load(path: &Path) -> Result<Dataset> {
        let source = Source::find(path)?;
        let catalog_bytes = std::fs::read(&source.catalog).with_context(|| format!("reading {}", source.catalog.display()))?;
        let catalog = match source.layout {
            Layout::Plain => parse_plain_catalog(&catalog_bytes, &source.catalog)?,
            _ => Catalog::parse_movies_dat(&catalog_bytes).with_context(|| format!("parsing {}", source.catalog.display()))?,
        };
        let file = &source.interactions;
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let fingerprint = sha256_hex(&bytes);
        let (users, first_seen) = match source.layout {
            Layout::Sequences => (parse_sequences(&String::from_utf8_lossy(&bytes), &catalog).with_context(|| file.display().to_string())?, None),
            Layout::MovieLensRatings => {
                let timed = parse_ratings(&String::from_utf8_lossy(&bytes), &catalog).with_context(|| file.display().to_string())?;
                (untime(&timed), Some(first_seen(&timed, &catalog)))
            }
            Layout::Plain => {
                let text = std::str::from_utf8(&bytes).map_err(|e| anyhow::anyhow!("{}: not UTF-8 ({e})", file.display()))?;
                let timed = parse_plain_interactions(text, &catalog).with_context(|| file.display().to_string())?;
                (untime(&timed), Some(first_seen(&timed, &catalog)))
            }
        };
        let dir = source.interactions.parent().unwrap_or(Path::new("."));
        let name = dir
            .canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "dataset".into());
        Ok(Dataset { name, catalog, users, fingerprint, first_seen, source })
    }

    /// The files this dataset was read from (to write a filtered copy).
    pub fn source_files(&self) -> Result<&Source> {
        Ok(&self.source)
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

impl Source {
    fn find(path: &Path) -> Result<Source> {
        let (layout, interactions, catalog) = if path.is_file() {
            let dir = path.parent().unwrap_or(Path::new("."));
            (Layout::Sequences, path.to_path_buf(), dir.join("movies.dat"))
        } else if path.join("interactions.tsv").is_file() {
            (Layout::Plain, path.join("interactions.tsv"), path.join("catalog.tsv"))
        } else if path.join("sequences.txt").is_file() {
            (Layout::Sequences, path.join("sequences.txt"), path.join("movies.dat"))
        } else if path.join("ratings.dat").is_file() {
            (Layout::MovieLensRatings, path.join("ratings.dat"), path.join("movies.dat"))
        } else {
            bail!("{}: not a data set: expected interactions.tsv + catalog.tsv (plain layout, docs/training.md), ratings.dat + movies.dat (MovieLens), or sequences.txt + movies.dat", path.display());
        };
        if !catalog.is_file() {
            bail!("{}: missing {} beside {}", path.display(), catalog.display(), interactions.display());
        }
        Ok(Source { layout, interactions, catalog })
    }

    /// Writes this data set into `out` without the movies in `cold`: their
    /// catalogue lines and every interaction with them. Returns the number of
    /// interactions removed.
    /// `keep_titles`: the catalogue keeps the cold titles (only their
    /// interactions go), so indices match the full data set's.
    pub fn write_without(&self, cold: &HashSet<u32>, out: &Path, keep_titles: bool) -> Result<usize> {
        let cat = std::fs::read(&self.catalog)?;
        let sep: &[u8] = if self.layout == Layout::Plain { b"\t" } else { b"::" };
        let mut kept = Vec::with_capacity(cat.len());
        for line in cat.split_inclusive(|&b| b == b'\n') {
            let id = line.windows(sep.len()).position(|w| w == sep).and_then(|p| std::str::from_utf8(&line[..p]).ok()).and_then(|s| s.trim().parse::<u32>().ok());
            if keep_titles || !id.is_some_and(|id| cold.contains(&id)) {
                kept.extend_from_slice(line);
            }
        }
        std::fs::write(out.join(self.catalog.file_name().context("catalogue file name")?), kept)?;
        let text = std::fs::read(&self.interactions)?;
        let text = String::from_utf8_lossy(&text);
        let (mut body, mut removed) = (String::with_capacity(text.len()), 0usize);
        let is_cold = |s: &str| s.trim().parse::<u32>().is_ok_and(|id| cold.contains(&id));
        for line in text.lines() {
            match self.layout {
                Layout::Sequences => {
                    let mut f = line.split_whitespace();
                    let Some(user) = f.next() else { continue };
                    body.push_str(user);
                    for m in f {
                        if is_cold(m) {
                            removed += 1;
                        } else {
                            body.push(' ');
                            body.push_str(m);
                        }
                    }
                    body.push('\n');
                }
                Layout::MovieLensRatings | Layout::Plain => {
                    let movie = if self.layout == Layout::Plain { line.split('\t').nth(1) } else { line.split("::").nth(1) };
                    if movie.is_some_and(is_cold) {
                        removed += 1;
                    } else {
                        body.push_str(line);
                        body.push('\n');
                    }
                }
            }
        }
        let name = match self.layout {
            Layout::Sequences => "sequences.txt",
            Layout::MovieLensRatings => "ratings.dat",
            Layout::Plain => "interactions.tsv",
        };
        std::fs::write(out.join(name), body)?;
        Ok(removed)
    }
}

/// The next-5 split's name: the `fitted_on` of every model built from its copy
/// (PROTOCOL.md "next-5"; `dualrec-train next5-split` writes the copy).
pub const NEXT5_SPLIT: &str = "next5-train";

/// Watches kept of a viewer with `n`: all but the last 4 when that leaves a
/// leave-one-out split (≥ 3), else all but the last 5 (the copy's whole
/// sequence is then training, so it must stop before the held-out five).
pub fn next5_kept(n: usize) -> usize {
    if n >= 7 {
        n - 4
    } else {
        n.saturating_sub(5)
    }
}

/// The next-5 copy's interaction file (`dualrec-train next5-split`), byte for byte, same layout as the source.
pub fn next5_copy_bytes(source: &Source) -> Result<Vec<u8>> {
    let raw = std::fs::read(&source.interactions).with_context(|| format!("reading {}", source.interactions.display()))?;
    let text = String::from_utf8_lossy(&raw);
    let mut out = String::with_capacity(text.len());
    match source.layout {
        Layout::Sequences => {
            for line in text.lines() {
                let mut f = line.split_whitespace();
                let Some(user) = f.next() else { continue };
                let items: Vec<&str> = f.collect();
                out.push_str(user);
                for m in &items[..next5_kept(items.len())] {
                    out.push(' ');
                    out.push_str(m);
                }
                out.push('\n');
            }
        }
        Layout::MovieLensRatings | Layout::Plain => {
            // (user, time) of each interaction line, as the loader reads it.
            let (sep, t_field) = if source.layout == Layout::Plain { ("\t", 2) } else { ("::", 3) };
            let lines: Vec<&str> = text.lines().collect();
            let mut by_user: BTreeMap<u64, Vec<(i64, usize)>> = BTreeMap::new();
            for (n, line) in lines.iter().enumerate() {
                let f: Vec<&str> = line.trim_end_matches('\r').split(sep).collect();
                let (Some(u), Some(t)) = (f.first().and_then(|s| s.trim().parse::<u64>().ok()), f.get(t_field).and_then(|s| s.trim().parse::<i64>().ok())) else {
                    continue; // header, comment or blank line: kept as is
                };
                by_user.entry(u).or_default().push((t, n));
            }
            let mut dropped = vec![false; lines.len()];
            for v in by_user.values_mut() {
                // The loader's order: by time, ties in file order (stable).
                v.sort_by_key(|x| x.0);
                let keep = next5_kept(v.len());
                v[keep..].iter().for_each(|&(_, n)| dropped[n] = true);
            }
            for (n, line) in lines.iter().enumerate() {
                if !dropped[n] {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    Ok(out.into_bytes())
}

/// The sha256 a model fitted on `ds`'s next-5 copy records as its data.
pub fn next5_fingerprint(ds: &Dataset) -> Result<String> {
    Ok(sha256_hex(&next5_copy_bytes(&ds.source)?))
}

type Timed = Vec<(u64, Vec<(i64, u32)>)>;

fn untime(timed: &Timed) -> Vec<(u64, Vec<u32>)> {
    timed.iter().map(|(u, v)| (*u, v.iter().map(|x| x.1).collect())).collect()
}

fn first_seen(timed: &Timed, catalog: &Catalog) -> BTreeMap<u32, i64> {
    let mut first = BTreeMap::new();
    for (_, v) in timed {
        for &(t, i) in v {
            let e = first.entry(catalog.movie(i).id).or_insert(t);
            *e = (*e).min(t);
        }
    }
    first
}

/// The plain layout's `catalog.tsv`: `id<TAB>title<TAB>year<TAB>genres`
/// (genres `|`-separated, any vocabulary; year may be empty), UTF-8. An
/// optional first line that starts with `#` or names the columns is skipped.
/// The catalogue movie a writer named by its title and year: the title
/// compared without case, punctuation or a leading article, in full or up
/// to a colon or parenthesis, the year within one; None where no movie or
/// more than one matches.
pub fn catalogue_film(cat: &Catalog, title: &str, year: u16) -> Option<u32> {
    let norm = |t: &str| -> String {
        let t: String = t.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
        let w: Vec<&str> = t.split_whitespace().collect();
        let w = if matches!(w.first(), Some(&"the") | Some(&"a") | Some(&"an")) { &w[1..] } else { &w[..] };
        w.join(" ")
    };
    let want = norm(title);
    let forms = |t: &str| -> Vec<String> { [Some(t), t.split(':').next(), t.split(" (").next()].into_iter().flatten().map(norm).collect() };
    let found: Vec<u32> = (0..cat.len() as u32).filter(|&i| {
        let m = cat.movie(i);
        m.year.abs_diff(year) <= 1 && forms(&m.title).contains(&want)
    }).collect();
    (found.len() == 1).then(|| found[0])
}

pub fn parse_plain_catalog(bytes: &[u8], file: &Path) -> Result<Catalog> {
    let text = std::str::from_utf8(bytes).map_err(|e| anyhow::anyhow!("{}: not UTF-8 ({e})", file.display()))?;
    let mut movies = Vec::new();
    let mut ids = HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || (n == 0 && (line.starts_with('#') || line.to_ascii_lowercase().starts_with("id\t"))) {
            continue;
        }
        let at = || format!("{} line {}", file.display(), n + 1);
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 4 {
            bail!("{}: expected 4 tab-separated fields (id, title, year, genres), found {}", at(), f.len());
        }
        let id: u32 = f[0].trim().parse().with_context(|| format!("{}: movie id {:?} is not a number in 0..=4294967295", at(), f[0]))?;
        let title = f[1].trim();
        if title.is_empty() {
            bail!("{}: empty title", at());
        }
        let year: u16 = match f[2].trim() {
            "" => 0,
            y => y.parse().ok().filter(|y| *y <= 9999).with_context(|| format!("{}: year {y:?} is not a number in 0..=9999", at()))?,
        };
        if !ids.insert(id) {
            bail!("{}: movie id {id} appears twice", at());
        }
        movies.push(Movie::new(id, title, year, f[3]));
    }
    if movies.is_empty() {
        bail!("{}: no movies", file.display());
    }
    Ok(Catalog::from_movies(movies)?)
}

/// `movies` as the plain layout's `catalog.tsv` (with its header line), the
/// form [`parse_plain_catalog`] reads: how an integrator lists new titles.
pub fn plain_catalog_tsv<'m>(movies: impl IntoIterator<Item = &'m Movie>) -> String {
    let mut s = String::from("id\ttitle\tyear\tgenres\n");
    for m in movies {
        let year = if m.year > 0 { m.year.to_string() } else { String::new() };
        s += &format!("{}\t{}\t{year}\t{}\n", m.id, m.raw_title, m.genres_joined());
    }
    s
}

/// The plain layout's `interactions.tsv`: `user<TAB>movie<TAB>unix time`
/// per line; an optional column-name first line is skipped. Per user sorted
/// by time, ties keep file order.
pub fn parse_plain_interactions(text: &str, catalog: &Catalog) -> Result<Timed> {
    let mut by_user: BTreeMap<u64, Vec<(i64, u32)>> = Default::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || (n == 0 && (line.starts_with('#') || line.to_ascii_lowercase().starts_with("user"))) {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 3 {
            bail!("line {}: expected 3 tab-separated fields (user, movie, unix time), found {}", n + 1, f.len());
        }
        let user: u64 = f[0].trim().parse().with_context(|| format!("line {}: user id {:?} is not a number", n + 1, f[0]))?;
        let t: i64 = f[2].trim().parse().with_context(|| format!("line {}: time {:?} is not a unix time in seconds", n + 1, f[2]))?;
        by_user.entry(user).or_default().push((t, index(catalog, f[1].trim(), n + 1)?));
    }
    if by_user.is_empty() {
        bail!("no interactions");
    }
    Ok(sorted_by_time(by_user))
}

/// Each user's watches ordered by time; ties keep the file's order (a stable sort).
fn sorted_by_time(by_user: BTreeMap<u64, Vec<(i64, u32)>>) -> Timed {
    by_user
        .into_iter()
        .map(|(u, mut v)| {
            v.sort_by_key(|x| x.0);
            (u, v)
        })
        .collect()
}

fn index(catalog: &Catalog, movie: &str, line: usize) -> Result<u32> {
    let id: u32 = movie.parse().with_context(|| format!("line {line}: bad movie id {movie:?}"))?;
    catalog.index_of(id).with_context(|| format!("line {line}: movie {id} is not in the catalogue"))
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
pub fn parse_ratings(text: &str, catalog: &Catalog) -> Result<Timed> {
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
    Ok(sorted_by_time(by_user))
}

/// What a cold split holds out, as `cold.json` records it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ColdSplit {
    /// "cold-random-10pct-seed-N" or "cold-temporal-10pct": the `fitted_on` of every model built from the copy.
    pub name: String,
    pub variant: String,
    pub fraction: f64,
    pub seed: Option<u64>,
    /// The full data set's interaction file sha256.
    pub data_sha256: String,
    /// Cold movie ids, ascending.
    pub movie_ids: Vec<u32>,
    /// The copy's catalogue still lists the cold titles (only their
    /// interactions were removed): for fitting the cold-title rule on models
    /// that never saw its stand-ins (`fusion-fit --stand-ins-from`), never
    /// for `eval-cold`.
    #[serde(default)]
    pub titles_kept: bool,
}

impl ColdSplit {
    pub fn load(dir: &Path) -> Result<ColdSplit> {
        let p = dir.join("cold.json");
        serde_json::from_slice(&std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?).with_context(|| format!("parsing {}", p.display()))
    }
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
        assert_eq!(untime(&u), vec![(1, vec![0, 2, 1]), (2, vec![0])]);
        assert!(parse_ratings("1::9::5::1\n", &c).is_err());
        assert!(parse_ratings("1::1::5\n", &c).is_err());
    }

    #[test]
    fn sequences_and_split() {
        let c = catalog();
        let users = parse_sequences("2 1 2\n1 1 2 3 5\n", &c).unwrap();
        assert_eq!(users[0], (1, vec![0, 1, 2, 3]));
        let source = Source { layout: Layout::Sequences, interactions: PathBuf::new(), catalog: PathBuf::new() };
        let ds = Dataset { name: "t".into(), catalog: c, users, fingerprint: String::new(), first_seen: None, source };
        let s = ds.split();
        assert_eq!(s.train[0], vec![0, 1]);
        assert_eq!((s.valid[0], s.test[0]), (Some(2), Some(3)));
        assert_eq!((s.train[1].len(), s.valid[1], s.test[1]), (2, None, None));
        assert!(parse_sequences("1 1\n1 2\n", &ds.catalog).is_err());
    }

    #[test]
    fn plain_layout_reads_utf8_sparse_ids_and_reports_file_and_line() {
        let dir = std::env::temp_dir().join(format!("dualrec-plain-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("catalog.tsv"), "id\ttitle\tyear\tgenres\n900000\tAmélie\t2001\tComédie|Romance\n7\tUntitled\t\tDocumentary\n").unwrap();
        std::fs::write(dir.join("interactions.tsv"), "user\tmovie\ttime\n5\t7\t20\n5\t900000\t10\n9\t7\t1\n").unwrap();
        let ds = Dataset::load(&dir).unwrap();
        assert_eq!(ds.source.layout, Layout::Plain);
        assert_eq!(ds.catalog.movie(1).genres, vec!["Comédie", "Romance"]);
        assert_eq!(ds.catalog.movie(0).year, 0);
        assert_eq!(ds.users, vec![(5, vec![1, 0]), (9, vec![0])]);
        assert_eq!(ds.first_seen.as_ref().unwrap()[&900000], 10);
        // Written back in the same layout, the catalogue reads the same.
        let listed = plain_catalog_tsv(ds.catalog.movies());
        assert_eq!(parse_plain_catalog(listed.as_bytes(), Path::new("listed")).unwrap().movies(), ds.catalog.movies());
        // A filtered copy drops the movie's catalogue line and its interactions.
        let out = dir.join("cold");
        std::fs::create_dir_all(&out).unwrap();
        assert_eq!(ds.source.write_without(&[900000].into_iter().collect(), &out, false).unwrap(), 1);
        let cold = Dataset::load(&out).unwrap();
        assert_eq!((cold.catalog.len(), cold.users.clone()), (1, vec![(5, vec![0]), (9, vec![0])]));
        // With the titles kept, only the interactions go: the catalogue and its indices stay.
        let kept = dir.join("kept");
        std::fs::create_dir_all(&kept).unwrap();
        assert_eq!(ds.source.write_without(&[900000].into_iter().collect(), &kept, true).unwrap(), 1);
        let kept = Dataset::load(&kept).unwrap();
        assert_eq!((kept.catalog.len(), kept.catalog.index_of(900000), kept.users.clone()), (2, Some(1), vec![(5, vec![0]), (9, vec![0])]));
        // Bad input names the file and the line.
        std::fs::write(dir.join("interactions.tsv"), "5\t7\t20\n5\t8\t30\n").unwrap();
        let e = format!("{:#}", Dataset::load(&dir).unwrap_err());
        assert!(e.contains("interactions.tsv") && e.contains("line 2") && e.contains("movie 8"), "{e}");
        std::fs::write(dir.join("catalog.tsv"), "7\tA\tnineteen\tDrama\n").unwrap();
        let e = format!("{:#}", Dataset::load(&dir).unwrap_err());
        assert!(e.contains("catalog.tsv line 1") && e.contains("year"), "{e}");
        std::fs::write(dir.join("catalog.tsv"), b"7\tA\xff\t1990\tDrama\n").unwrap();
        assert!(format!("{:#}", Dataset::load(&dir).unwrap_err()).contains("not UTF-8"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
