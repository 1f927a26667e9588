//! The training tools' interaction parsers (`ratings.dat`, `sequences.txt`),
//! compiled from train/src/data.rs unchanged. Any text: an error, or users
//! whose every item is a catalogue index.
#![no_main]

#[allow(dead_code)]
#[path = "../../train/src/data.rs"]
mod data;

use std::sync::OnceLock;

use dualrec::model_dir::catalog::Catalog;
use libfuzzer_sys::fuzz_target;

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| {
        Catalog::parse_movies_dat(b"1::A (1990)::Drama\n2::B (1991)::Comedy\n3::C (1992)::Drama\n5::E (1995)::Action\n10::J (2000)::Sci-Fi\n")
            .unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let cat = catalog();
    let text = String::from_utf8_lossy(data);
    for parsed in [data::parse_sequences(&text, cat), data::parse_ratings(&text, cat)] {
        if let Ok(users) = parsed {
            assert!(users.windows(2).all(|w| w[0].0 < w[1].0), "ascending distinct users");
            assert!(users.iter().flat_map(|u| &u.1).all(|&i| (i as usize) < cat.len()), "catalogue indices");
        }
    }
});
