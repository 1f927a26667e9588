//! The catalogue parsers: `catalog.tsv` (what the SDK opens) and MovieLens
//! `movies.dat` (what the tools read). Any bytes: an error or a catalogue
//! whose lookups agree with its movies, never a panic.
#![no_main]

use dualrec::model_dir::catalog::Catalog;
use libfuzzer_sys::fuzz_target;

fn check(c: &Catalog) {
    for (i, m) in c.movies().iter().enumerate() {
        assert_eq!(c.index_of(m.id), Some(i as u32), "id index");
        let _ = c.lookup_title(&m.display());
        let _ = m.genres_joined();
    }
    // A catalogue survives its own TSV round trip.
    let again = Catalog::parse_tsv(c.to_tsv().as_bytes(), "roundtrip").expect("own TSV parses");
    assert_eq!(again.movies(), c.movies(), "TSV round trip");
}

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = Catalog::parse_tsv(data, "fuzz.tsv") {
        check(&c);
    }
    if let Ok(c) = Catalog::parse_movies_dat(data) {
        check(&c);
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = dualrec::model_dir::catalog::normalize_title(s);
        let _ = dualrec::model_dir::catalog::article_first(s);
        let _ = dualrec::model_dir::catalog::split_year(s);
    }
});
