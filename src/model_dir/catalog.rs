//! The movie catalogue: MovieLens `movies.dat` (ISO-8859-1) parsing, display
//! titles, title normalisation, and the UTF-8 `catalog.tsv` the SDK opens.
//!
//! Catalogue *indices* (0..len, in ascending movie-id order) are what every
//! model uses internally; movie *ids* are the catalogue's own (MovieLens) ids
//! that cross the C ABI. Ascending-id order makes "smaller index" equal
//! "smaller id", which the evaluation protocol's tie rule relies on.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};

/// Format version of the `catalog` manifest entry.
pub const CATALOG_VERSION: u32 = 1;
pub const CATALOG_HEADER: &str = "#dualrec-catalog\tv1";

#[derive(Debug, Clone, PartialEq)]
pub struct Movie {
    pub id: u32,
    /// Title as the source wrote it, without the year: "Matrix, The".
    pub raw_title: String,
    /// Title with a trailing article moved to the front: "The Matrix".
    pub title: String,
    /// Release year, 0 when the source gives none.
    pub year: u16,
    pub genres: Vec<String>,
}

impl Movie {
    /// A movie from its parts: `raw_title` as the source writes it (a
    /// trailing article such as "Matrix, The" is moved to the front for
    /// display), `year` 0 when unknown, `genres` `|`-separated.
    pub fn new(id: u32, raw_title: &str, year: u16, genres: &str) -> Movie {
        Movie {
            id,
            raw_title: raw_title.to_string(),
            title: article_first(raw_title),
            year,
            genres: genres.split('|').map(str::trim).filter(|g| !g.is_empty()).map(String::from).collect(),
        }
    }
    /// "The Matrix (1999)".
    pub fn display(&self) -> String {
        if self.year > 0 {
            format!("{} ({})", self.title, self.year)
        } else {
            self.title.clone()
        }
    }
    pub fn genres_joined(&self) -> String {
        self.genres.join("|")
    }
}

#[derive(Debug, Clone)]
pub struct Catalog {
    /// The model directory's movies (ascending id, indices `0..base`), then
    /// the titles added on the device (`push_added`, in the order added).
    movies: Vec<Movie>,
    /// Movies the models were built with; indices at or above are added titles.
    base: usize,
    /// Removed on the device (`retire`): never recommended or watched again;
    /// the index stays, so the models' indices never move.
    retired: Vec<bool>,
    index_by_id: HashMap<u32, u32>,
    /// normalised title (no year) -> indices, in id order.
    index_by_key: HashMap<String, Vec<u32>>,
    genre_names: Vec<String>,
}

/// Articles that MovieLens moves behind the title ("Matrix, The").
const ARTICLES: &[&str] = &[
    "The", "A", "An", "La", "Le", "Les", "L'", "Il", "I", "Lo", "Gli", "El", "Los", "Las", "Der",
    "Die", "Das", "Un", "Une", "Une", "Det", "Den", "De", "Het", "O",
];

/// Splits "Title (Alt) (1999)" into ("Title (Alt)", 1999).
pub fn split_year(s: &str) -> (&str, u16) {
    let t = s.trim_end();
    let b = t.as_bytes();
    // Works on bytes: "(dddd)" is ASCII, so the cut before '(' is a char boundary.
    if b.len() >= 6 && b[b.len() - 6] == b'(' && b[b.len() - 1] == b')' && b[b.len() - 5..b.len() - 1].iter().all(u8::is_ascii_digit) {
        let y = b[b.len() - 5..b.len() - 1].iter().fold(0u16, |y, d| y * 10 + (d - b'0') as u16);
        return (t[..t.len() - 6].trim_end(), y);
    }
    (t, 0)
}

/// "Matrix, The" -> "The Matrix"; "City of Lost Children, The (Cité des
/// enfants perdus, La)" -> "The City of Lost Children (Cité des enfants perdus, La)".
pub fn article_first(title: &str) -> String {
    // The main name ends before the first " (" (alternative titles follow).
    let (main, rest) = match title.find(" (") {
        Some(p) => (&title[..p], &title[p..]),
        None => (title, ""),
    };
    if let Some(comma) = main.rfind(", ") {
        let art = &main[comma + 2..];
        if ARTICLES.iter().any(|a| a.eq_ignore_ascii_case(art)) {
            let sep = if art.ends_with('\'') { "" } else { " " };
            return format!("{art}{sep}{}{rest}", &main[..comma]);
        }
    }
    title.to_string()
}

/// Normalises a title for matching: lower case, leading/trailing articles
/// dropped, punctuation removed, whitespace folded. The year is split off
/// first and returned separately (0 when absent).
pub fn normalize_title(s: &str) -> (String, u16) {
    let (name, year) = split_year(s.trim());
    let name = article_first(name);
    // Drop alternative titles in parentheses for the key: "(a.k.a. ...)".
    let main = match name.find(" (") {
        Some(p) if p > 0 => &name[..p],
        _ => &name[..],
    };
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    for ch in main.chars() {
        if ch.is_alphanumeric() {
            cur.extend(ch.to_lowercase());
        } else if ch == '\'' {
            // "Schindler's" -> "schindlers"; "L'Avventura" keeps one word.
        } else if !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    if words.len() > 1 {
        let first = words[0].as_str();
        if ARTICLES.iter().any(|a| a.trim_end_matches('\'').eq_ignore_ascii_case(first)) {
            words.remove(0);
        }
    }
    (words.join(" "), year)
}

/// Decodes ISO-8859-1: every byte is the code point of the same value.
pub fn latin1_to_utf8(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

impl Catalog {
    pub fn from_movies(mut movies: Vec<Movie>) -> Result<Self> {
        movies.sort_by_key(|m| m.id);
        let mut index_by_id = HashMap::with_capacity(movies.len());
        let mut index_by_key: HashMap<String, Vec<u32>> = HashMap::new();
        let mut genre_names: Vec<String> = Vec::new();
        for (i, m) in movies.iter().enumerate() {
            if index_by_id.insert(m.id, i as u32).is_some() {
                return Err(Error::InvalidArgument(format!("duplicate movie id {} in catalogue", m.id)));
            }
            index_by_key.entry(normalize_title(&m.title).0).or_default().push(i as u32);
            for g in &m.genres {
                if !genre_names.contains(g) {
                    genre_names.push(g.clone());
                }
            }
        }
        genre_names.sort();
        if u32::try_from(movies.len()).is_err() {
            return Err(Error::InvalidArgument("catalogue too large".into()));
        }
        let base = movies.len();
        Ok(Catalog { retired: vec![false; base], movies, base, index_by_id, index_by_key, genre_names })
    }

    /// Parses MovieLens `movies.dat` bytes (`MovieID::Title (Year)::Genre|Genre`, ISO-8859-1).
    pub fn parse_movies_dat(bytes: &[u8]) -> Result<Self> {
        let text = latin1_to_utf8(bytes);
        let mut movies = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let bad = |why: &str| Error::corrupt("movies.dat", format!("line {}: {why}", n + 1));
            let (id, rest) = line.split_once("::").ok_or_else(|| bad("missing '::'"))?;
            let (title, genres) = rest.rsplit_once("::").ok_or_else(|| bad("missing genres"))?;
            let id: u32 = id.trim().parse().map_err(|_| bad("movie id is not a number"))?;
            // catalog.tsv could not carry it (found by the catalogue fuzzer).
            if rest.contains('\t') {
                return Err(bad("tab in a title or genre"));
            }
            movies.push(Self::make_movie(id, title, genres));
        }
        if movies.is_empty() {
            return Err(Error::corrupt("movies.dat", "no movies"));
        }
        Self::from_movies(movies)
    }

    fn make_movie(id: u32, title_with_year: &str, genres: &str) -> Movie {
        let (raw, year) = split_year(title_with_year);
        Movie::new(id, raw, year, genres)
    }

    /// The SDK's catalogue file: a header line, then
    /// `id \t raw title \t year \t genres` per movie, UTF-8.
    pub fn to_tsv(&self) -> String {
        let mut s = String::from(CATALOG_HEADER);
        s.push('\n');
        for m in &self.movies {
            s.push_str(&format!("{}\t{}\t{}\t{}\n", m.id, m.raw_title, m.year, m.genres_joined()));
        }
        s
    }

    pub fn parse_tsv(bytes: &[u8], file: &str) -> Result<Self> {
        let text = std::str::from_utf8(bytes).map_err(|e| Error::corrupt(file, format!("not UTF-8: {e}")))?;
        let mut lines = text.lines();
        match lines.next() {
            Some(h) if h == CATALOG_HEADER => {}
            Some(h) if h.starts_with("#dualrec-catalog") => {
                return Err(Error::ModelVersion { file: file.into(), found: h.into(), expected: CATALOG_HEADER.into() })
            }
            _ => return Err(Error::corrupt(file, "missing catalogue header")),
        }
        let mut movies = Vec::new();
        for (n, line) in lines.enumerate() {
            let bad = |why: &str| Error::corrupt(file, format!("line {}: {why}", n + 2));
            let mut f = line.split('\t');
            let (Some(id), Some(title), Some(year), Some(genres), None) = (f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                return Err(bad("expected 4 tab-separated fields"));
            };
            let id = id.parse().map_err(|_| bad("bad movie id"))?;
            let year: u16 = year.parse().map_err(|_| bad("bad year"))?;
            // Fields as written: re-joining title and year would lose a year
            // below 1000 ("(999)" is no year) and re-split a title ending in "(dddd)".
            movies.push(Movie::new(id, title, year, genres));
        }
        if movies.is_empty() {
            return Err(Error::corrupt(file, "no movies"));
        }
        Self::from_movies(movies)
    }

    pub fn open_tsv(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::parse_tsv(&bytes, &path.display().to_string())
    }

    pub fn len(&self) -> usize {
        self.movies.len()
    }
    pub fn is_empty(&self) -> bool {
        self.movies.is_empty()
    }
    pub fn movies(&self) -> &[Movie] {
        &self.movies
    }
    pub fn movie(&self, index: u32) -> &Movie {
        &self.movies[index as usize]
    }
    pub fn index_of(&self, movie_id: u32) -> Option<u32> {
        self.index_by_id.get(&movie_id).copied()
    }
    pub fn genre_names(&self) -> &[String] {
        &self.genre_names
    }

    /// Exact lookup after normalisation ("the matrix", "Matrix, The (1999)",
    /// "THE MATRIX"). A year, when given, must agree; without one the
    /// lowest id among equal titles wins. Fuzzy matching is the semantic stage's job.
    /// The active movie a title names. Without a year and with two active
    /// movies of that title, `AmbiguousTitle` lists them (the year decides).
    pub fn find_title(&self, title: &str) -> Result<u32> {
        let cands: Vec<u32> = self.titled(title).into_iter().filter(|&i| !self.retired[i as usize]).collect();
        match cands.as_slice() {
            [] => Err(Error::NoSuchTitle(title.to_string())),
            [one] => Ok(*one),
            many => Err(Error::AmbiguousTitle {
                title: title.to_string(),
                candidates: many.iter().map(|&i| format!("{} (id {})", self.movies[i as usize].display(), self.movies[i as usize].id)).collect::<Vec<_>>().join(", "),
            }),
        }
    }

    /// Every movie, retired ones included, a title names (one year, when it gives one).
    pub fn titled(&self, title: &str) -> Vec<u32> {
        let (key, year) = normalize_title(title);
        self.index_by_key.get(&key).map(|v| v.iter().copied().filter(|&i| year == 0 || self.movies[i as usize].year == year).collect()).unwrap_or_default()
    }

    /// Like [`find_title`](Self::find_title), the first candidate when ambiguous (tools that ground LLM text).
    pub fn lookup_title(&self, title: &str) -> Option<u32> {
        self.titled(title).first().copied()
    }

    /// Movies the models were built with (indices `0..base_len()`).
    pub fn base_len(&self) -> usize {
        self.base
    }

    /// Whether the movie at `index` was removed on the device.
    pub fn is_retired(&self, index: u32) -> bool {
        self.retired[index as usize]
    }

    /// Adds a title the models have never seen, at the next index. A retired
    /// movie with the same id comes back under the new title and genres (at
    /// its old index). Returns the index.
    pub fn push_added(&mut self, movie: Movie) -> Result<u32> {
        if let Some(&i) = self.index_by_id.get(&movie.id) {
            if !self.retired[i as usize] {
                return Err(Error::MovieExists(movie.id));
            }
            let old_key = normalize_title(&self.movies[i as usize].title).0;
            if let Some(v) = self.index_by_key.get_mut(&old_key) {
                v.retain(|&x| x != i);
            }
            self.index_key(i, &movie);
            self.movies[i as usize] = movie;
            self.retired[i as usize] = false;
            return Ok(i);
        }
        let i = u32::try_from(self.movies.len()).map_err(|_| Error::InvalidArgument("catalogue too large".into()))?;
        self.index_by_id.insert(movie.id, i);
        self.index_key(i, &movie);
        self.movies.push(movie);
        self.retired.push(false);
        Ok(i)
    }

    fn index_key(&mut self, i: u32, movie: &Movie) {
        let v = self.index_by_key.entry(normalize_title(&movie.title).0).or_default();
        v.push(i);
        v.sort_by_key(|&x| (self.movies.get(x as usize).map_or(movie.id, |m| m.id), x));
        for g in &movie.genres {
            if let Err(p) = self.genre_names.binary_search(g) {
                self.genre_names.insert(p, g.clone());
            }
        }
    }

    /// Removes the movie at `index` from recommendations and new watches.
    pub fn retire(&mut self, index: u32) {
        self.retired[index as usize] = true;
    }

    /// Every index whose normalised title equals `key` (any year).
    pub fn indices_for_key(&self, key: &str) -> &[u32] {
        self.index_by_key.get(key).map(Vec::as_slice).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"1::Toy Story (1995)::Animation|Children's|Comedy\n\
2571::Matrix, The (1999)::Action|Sci-Fi|Thriller\n\
29::City of Lost Children, The (Cit\xe9 des enfants perdus, La) (1995)::Adventure|Sci-Fi\n\
1111::Avventura, L' (1960)::Drama\n\
3::Gambler, The (A J\xe1t\xe9kos) (1997)::Drama\n\
4::No Year\xe9::Drama\n";

    #[test]
    fn parses_latin1_and_moves_articles() {
        let c = Catalog::parse_movies_dat(SAMPLE).unwrap();
        assert_eq!(c.len(), 6);
        assert_eq!(c.movie(c.index_of(3).unwrap()).display(), "The Gambler (A Játékos) (1997)");
        assert_eq!(c.movie(c.index_of(4).unwrap()).display(), "No Yearé");
        let m = c.movie(c.index_of(2571).unwrap());
        assert_eq!(m.display(), "The Matrix (1999)");
        assert_eq!(m.genres, vec!["Action", "Sci-Fi", "Thriller"]);
        let m = c.movie(c.index_of(29).unwrap());
        assert_eq!(m.display(), "The City of Lost Children (Cité des enfants perdus, La) (1995)");
        assert_eq!(c.movie(c.index_of(1111).unwrap()).title, "L'Avventura");
        // ascending id order
        assert_eq!(c.movies().iter().map(|m| m.id).collect::<Vec<_>>(), vec![1, 3, 4, 29, 1111, 2571]);
    }

    #[test]
    fn tsv_roundtrip_and_lookup() {
        let c = Catalog::parse_movies_dat(SAMPLE).unwrap();
        let c2 = Catalog::parse_tsv(c.to_tsv().as_bytes(), "t").unwrap();
        assert_eq!(c.movies(), c2.movies());
        for q in ["The Matrix (1999)", "matrix, the", "MATRIX", "the matrix (1999)"] {
            assert_eq!(c2.lookup_title(q), c2.index_of(2571), "{q}");
        }
        assert_eq!(c2.lookup_title("The Matrix (2003)"), None);
        assert_eq!(c2.lookup_title("Toy Story!"), c2.index_of(1));
    }

    #[test]
    fn tsv_roundtrip_keeps_years_below_1000_and_titles_ending_in_a_year() {
        // Found by the catalogue fuzzer: "(0999)" parses as year 999, which the
        // TSV reader used to re-join as "(999)" and then fail to split off.
        let c = Catalog::parse_movies_dat(b"3::Matrix, The (0999)::Action\n").unwrap();
        assert_eq!(c.movie(0).year, 999);
        let c2 = Catalog::parse_tsv(c.to_tsv().as_bytes(), "t").unwrap();
        assert_eq!(c.movies(), c2.movies());
        let t = Catalog::parse_tsv(b"#dualrec-catalog\tv1\n5\tYear (1999)\t0\tDrama\n", "t").unwrap();
        assert_eq!((t.movie(0).raw_title.as_str(), t.movie(0).year), ("Year (1999)", 0));
        assert_eq!(Catalog::parse_tsv(t.to_tsv().as_bytes(), "t").unwrap().movies(), t.movies());
    }

    #[test]
    fn rejects_bad_input() {
        assert!(Catalog::parse_movies_dat(b"").is_err());
        assert!(Catalog::parse_movies_dat(b"x::Title (1999)::Drama\n").is_err());
        assert!(Catalog::parse_movies_dat(b"1::Title (1999)::Drama\n1::Other (1999)::Drama\n").is_err());
        assert!(Catalog::parse_movies_dat(b"1::Tab\tTitle (1999)::Drama\n").is_err());
        assert!(matches!(Catalog::parse_tsv(b"#dualrec-catalog\tv9\n", "f"), Err(Error::ModelVersion { .. })));
        assert!(Catalog::parse_tsv(b"garbage", "f").is_err());
        assert!(Catalog::parse_tsv(b"#dualrec-catalog\tv1\n1\tA\n", "f").is_err());
        assert!(Catalog::parse_tsv(&[0xff, 0xfe], "f").is_err());
    }

    #[test]
    fn added_titles_take_the_next_index_and_retired_ones_return_in_place() {
        let mut c = Catalog::parse_movies_dat(SAMPLE).unwrap();
        let base = c.len();
        assert_eq!(c.base_len(), base);
        assert!(matches!(c.push_added(Movie::new(2571, "Again", 2026, "")), Err(Error::MovieExists(2571))));
        let i = c.push_added(Movie::new(900_001, "Matrix, The", 2026, "Documentary|Neu")).unwrap();
        assert_eq!((i as usize, c.len(), c.base_len()), (base, base + 1, base));
        assert!(c.genre_names().contains(&"Neu".to_string()), "a new genre joins the vocabulary");
        // Two movies of that title: the year decides; without it the lookup says which exist.
        let e = c.find_title("the matrix").unwrap_err();
        assert!(matches!(&e, Error::AmbiguousTitle { candidates, .. } if candidates.contains("(1999)") && candidates.contains("(2026)")), "{e}");
        assert_eq!(c.find_title("The Matrix (2026)").unwrap(), i);
        assert_eq!(c.movie(c.find_title("Matrix, The (1999)").unwrap()).id, 2571);
        // Retired: not found; an id added again keeps its index and takes the new title.
        c.retire(i);
        assert_eq!(c.movie(c.find_title("The Matrix").unwrap()).id, 2571);
        assert!(c.is_retired(i));
        assert_eq!(c.push_added(Movie::new(900_001, "Neo", 2027, "Action")).unwrap(), i);
        assert!(!c.is_retired(i) && c.find_title("neo").unwrap() == i && c.len() == base + 1);
        assert!(matches!(c.find_title("The Matrix (2026)"), Err(Error::NoSuchTitle(_))), "the old title is gone");
        // A shipped movie can be retired too; its index (the models') stays.
        let m = c.index_of(2571).unwrap();
        c.retire(m);
        assert!(matches!(c.find_title("The Matrix"), Err(Error::NoSuchTitle(_))));
        assert_eq!(c.index_of(2571), Some(m));
    }
}
