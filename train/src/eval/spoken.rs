//! What speech recognition writes for a text: lower case, no punctuation,
//! numbers up to twenty (digits or Roman) spelt as words, initials run
//! together ("E.T." -> "et"). Made here, independently of the request
//! reader's own tables, so that measuring the reader on it is not circular.
//! Also what a slip makes of a title ([`misspell`]). Shared by `eval-query`
//! and the `spoken_grounding` example.

use dualrec::pipeline::request::words;

use crate::rng::SplitMix;

const SAID: [&str; 21] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen", "twenty",
];
const ROMAN: [&str; 19] = ["ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"];

/// `text` as speech recognition writes it.
pub fn spoken(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut initials = String::new();
    for w in words(text) {
        // Single letters are initials, except the Roman numerals V and X.
        if w.chars().count() == 1 && w.chars().all(char::is_alphabetic) && w != "v" && w != "x" {
            initials.push_str(&w);
            continue;
        }
        if !initials.is_empty() {
            out.push(std::mem::take(&mut initials));
        }
        let n = w.parse::<usize>().ok().filter(|&n| n <= 20).or_else(|| ROMAN.iter().position(|r| *r == w).map(|p| p + 2));
        out.push(n.map_or(w, |n| SAID[n].to_string()));
    }
    if !initials.is_empty() {
        out.push(initials);
    }
    out.join(" ")
}

/// `title` with one typo in one of its words of four or more letters (seeded):
/// a letter dropped, doubled, swapped with the next, or a vowel for another,
/// as a keyboard or a speech recogniser slips ("jurasic park").
pub fn misspell(title: &str, rng: &mut SplitMix) -> String {
    let words: Vec<&str> = title.split(' ').collect();
    let long: Vec<usize> = (0..words.len()).filter(|&k| words[k].chars().filter(|c| c.is_alphabetic()).count() >= 4).collect();
    let Some(&k) = long.get(rng.below(long.len().max(1))) else { return title.to_string() };
    let mut w: Vec<char> = words[k].chars().collect();
    let letters: Vec<usize> = (1..w.len()).filter(|&j| w[j].is_alphabetic()).collect();
    let j = letters[rng.below(letters.len())];
    const VOWELS: [char; 5] = ['a', 'e', 'i', 'o', 'u'];
    match rng.below(4) {
        0 => {
            w.remove(j);
        }
        1 => w.insert(j, w[j]),
        2 if j + 1 < w.len() && w[j + 1].is_alphabetic() && w[j + 1] != w[j] => w.swap(j, j + 1),
        _ => {
            // A vowel for another; without one, the letter dropped.
            match (1..w.len()).find(|&x| VOWELS.contains(&w[x].to_ascii_lowercase())) {
                Some(x) => w[x] = VOWELS[(VOWELS.iter().position(|&v| v == w[x].to_ascii_lowercase()).unwrap_or(0) + 1 + rng.below(4)) % 5],
                None => {
                    w.remove(j);
                }
            }
        }
    }
    let typo: String = w.into_iter().collect();
    words.iter().enumerate().map(|(i, x)| if i == k { typo.as_str() } else { x }).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_numbers_and_joins_initials() {
        assert_eq!(spoken("Terminator 2: Judgment Day"), "terminator two judgment day");
        assert_eq!(spoken("Rocky IV"), "rocky four");
        assert_eq!(spoken("E.T. the Extra-Terrestrial"), "et the extra terrestrial");
        assert_eq!(spoken("something from the '80s"), "something from the 80s");
    }

    #[test]
    fn a_misspelling_is_one_slip_in_one_long_word() {
        let mut rng = SplitMix(7);
        let mut changed = 0;
        for _ in 0..200 {
            let t = misspell("Jurassic Park", &mut rng);
            let (a, b) = (t.split(' ').collect::<Vec<_>>(), ["Jurassic", "Park"]);
            assert_eq!(a.len(), 2, "{t}");
            let differs: Vec<usize> = (0..2).filter(|&k| a[k] != b[k]).collect();
            assert!(differs.len() <= 1, "{t}");
            if let Some(&k) = differs.first() {
                changed += 1;
                assert_eq!(a[k].chars().next(), b[k].chars().next(), "the first letter stays: {t}");
                assert!(a[k].len().abs_diff(b[k].len()) <= 1, "{t}");
            }
        }
        assert!(changed > 190, "almost every draw changes the title: {changed}");
        assert_eq!(misspell("Big", &mut rng), "Big", "no word of four letters: unchanged");
    }
}
