//! What speech recognition writes for a text: lower case, no punctuation,
//! numbers up to twenty (digits or Roman) spelt as words, initials run
//! together ("E.T." -> "et"). Made here, independently of the request
//! reader's own tables, so that measuring the reader on it is not circular.
//! Shared by `eval-query` and the `spoken_grounding` example.

use dualrec::pipeline::request::words;

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
}
