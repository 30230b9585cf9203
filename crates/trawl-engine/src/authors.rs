//! Author-name normalisation for bylines.
//!
//! Heuristics, documented where they trade recall for precision:
//! - `Von`, `Di` and `Af` are also name particles ("Di Stefano"), so as a
//!   prefix they are stripped only when followed by a colon or by two or more
//!   words; `By`, `Par`, `Por`, `Door` and `Av` are always stripped.
//! - `" e "` (Portuguese/Italian) and `" y "` (Spanish) split only when every
//!   resulting piece has at least two words, so "Ana e Silva" and
//!   "José Ortega y Gasset" stay whole while "Ana Costa e Rui Silva" splits.
//! - A single-word last entry after a multi-word name is taken for a
//!   dateline and dropped: "Anna Müller, Berlin" gives only "Anna Müller".
//! - `|` splits like a comma; an outlet after it is dropped by [`NON_NAME_WORDS`].

use crate::normalize::normalize_text;
use regex::Regex;
use std::sync::LazyLock;

/// Words that, when they make up a whole entry, mark an agency, outlet or role
/// rather than a person ("Reuters", "Fox News Staff", "Staff Correspondent").
pub const NON_NAME_WORDS: &[&str] = &[
    "reuters",
    "ap",
    "afp",
    "dpa",
    "apa",
    "ansa",
    "efe",
    "upi",
    "associated",
    "press",
    "bloomberg",
    "fox",
    "news",
    "cnn",
    "bbc",
    "staff",
    "correspondent",
    "reporter",
    "writer",
    "editor",
    "redaktion",
    "agencies",
    "agency",
    "desk",
    "team",
    "wire",
    "wires",
];

/// Byline prefixes removed from the start of an entry, lower case.
const PREFIXES: &[&str] = &["by", "von", "par", "por", "di", "door", "av", "af"];
/// Prefixes that are also name particles, stripped only before 2+ words or a colon.
const PARTICLE_PREFIXES: &[&str] = &["von", "di", "af"];
/// Entries longer than this (in chars) are not names.
const MAX_NAME_CHARS: usize = 60;

static PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\([^)]*(?:\)|$)|\[[^\]]*(?:\]|$)").expect("valid regex"));
static SEPARATORS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[,;&|\n\r]|\s/\s|\s(?:and|und|et|og|och|en)\s").expect("valid regex")
});
static WEAK_CONJUNCTIONS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s(?:e|y)\s").expect("valid regex"));
static TRAILING_PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\sin(?:\s\p{Lu}[\p{L}'.\-]*)+$").expect("valid regex"));

/// Splits a byline into clean person names, in order and without duplicates.
///
/// Strips a leading "By"/"Von"/"Par"/"Por"/"Di"/"Door"/"Av"/"Af" (with or
/// without colon), splits on `,` `;` `&` `|` ` / `, newlines and the words
/// and/und/et/og/och/en (and e/y, see the module docs), drops parenthesised
/// parts, anything after a spaced dash, a trailing " in <Place>", and entries
/// with digits or `@`, over 60 chars, or made only of [`NON_NAME_WORDS`].
/// ALL-CAPS names become title case ("JOHN SMITH" -> "John Smith").
pub fn split_authors(byline: &str) -> Vec<String> {
    let without_parens = PARENS.replace_all(byline, " ");
    let mut names: Vec<String> = Vec::new();
    for raw in SEPARATORS.split(&without_parens) {
        let part = normalize_text(raw);
        let part = cut_trailing(strip_prefix(&part));
        for piece in split_weak(part) {
            let name = title_case_if_caps(trim_punct(piece));
            let key = name.to_lowercase();
            if is_name(&name) && !names.iter().any(|n| n.to_lowercase() == key) {
                names.push(name);
            }
        }
    }
    let multi_word = |n: &String| n.contains(' ');
    if names.len() > 1
        && names.last().is_some_and(|n| !multi_word(n))
        && names.iter().any(multi_word)
    {
        names.pop();
    }
    names
}

/// Removes a leading byline prefix such as "By " or "Por: ".
fn strip_prefix(s: &str) -> &str {
    let Some(end) = s.find(|c: char| c.is_whitespace() || c == ':') else {
        return s;
    };
    let word = s[..end].to_lowercase();
    if !PREFIXES.contains(&word.as_str()) {
        return s;
    }
    let after = s[end..].trim_start();
    let colon = after.starts_with(':');
    let rest = after.trim_start_matches(':').trim_start();
    let too_short = rest.split_whitespace().count() < 2;
    if rest.is_empty() || (!colon && too_short && PARTICLE_PREFIXES.contains(&word.as_str())) {
        return s;
    }
    rest
}

/// Drops a role or outlet after a spaced dash, and a trailing " in <Place>".
fn cut_trailing(s: &str) -> &str {
    let s = [" - ", " – ", " — "]
        .iter()
        .filter_map(|dash| s.find(dash))
        .min()
        .map_or(s, |at| &s[..at]);
    TRAILING_PLACE.find(s).map_or(s, |m| &s[..m.start()])
}

/// Splits on " e " / " y " only when every piece has at least two words.
fn split_weak(s: &str) -> Vec<&str> {
    let pieces: Vec<&str> = WEAK_CONJUNCTIONS.split(s).collect();
    if pieces.len() > 1 && pieces.iter().all(|p| p.split_whitespace().count() >= 2) {
        pieces
    } else {
        vec![s]
    }
}

fn trim_punct(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ":;,-–—•*·\"“”".contains(c))
}

/// Whether an entry looks like a person's name.
fn is_name(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
        && s.chars().count() <= MAX_NAME_CHARS
        && !s.chars().any(|c| c.is_numeric() || c == '@')
        && !s
            .split_whitespace()
            .all(|w| NON_NAME_WORDS.contains(&w.trim_matches('.').to_lowercase().as_str()))
}

/// Title-cases an entry whose cased letters are all upper case.
fn title_case_if_caps(s: &str) -> String {
    let has_upper = s.chars().any(char::is_uppercase);
    if !has_upper || s.chars().any(char::is_lowercase) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut word_start = true;
    for c in s.chars() {
        if word_start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        word_start = c.is_whitespace() || matches!(c, '-' | '\'' | '’');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<String> {
        split_authors(s)
    }

    #[test]
    fn english_and() {
        assert_eq!(
            split("By Vladimir Soldatkin and Alexander Marrow"),
            ["Vladimir Soldatkin", "Alexander Marrow"]
        );
    }

    #[test]
    fn german_with_dateline() {
        assert_eq!(
            split("Von Anna Müller und Jan Schmidt, Berlin"),
            ["Anna Müller", "Jan Schmidt"]
        );
    }

    #[test]
    fn french_et() {
        assert_eq!(
            split("Par Jean Dupont et Marie Curie"),
            ["Jean Dupont", "Marie Curie"]
        );
    }

    #[test]
    fn caps_with_agency() {
        assert_eq!(split("JANE DOE | Reuters"), ["Jane Doe"]);
        assert_eq!(split("MARY-JANE O'NEIL"), ["Mary-Jane O'Neil"]);
        assert_eq!(split("Ian McDONALD"), ["Ian McDONALD"]);
    }

    #[test]
    fn comma_list_and_duplicates() {
        assert_eq!(
            split("Maya Gebeily, Anthony Deutsch"),
            ["Maya Gebeily", "Anthony Deutsch"]
        );
        assert_eq!(split("John Smith; JOHN SMITH\nJohn  Smith"), ["John Smith"]);
    }

    #[test]
    fn non_names_dropped() {
        assert!(split("Fox News Staff").is_empty());
        assert!(split("").is_empty());
        assert!(split("By Staff Correspondent").is_empty());
        assert_eq!(split("Jo Bloggs, 12 March 2024, @jo"), ["Jo Bloggs"]);
        assert!(split(&"Very Long Name ".repeat(5)).is_empty());
    }

    #[test]
    fn roles_places_and_parentheses() {
        assert_eq!(split("Jane Roe - Staff Writer"), ["Jane Roe"]);
        assert_eq!(split("Jane Roe in New York"), ["Jane Roe"]);
        assert_eq!(
            split("Jane Roe (AFP, Paris) / Tom Poe"),
            ["Jane Roe", "Tom Poe"]
        );
        assert_eq!(split("Por: Luis García (EFE"), ["Luis García"]);
    }

    #[test]
    fn particle_prefixes() {
        assert_eq!(split("Di Stefano"), ["Di Stefano"]);
        assert_eq!(split("di Mario Rossi"), ["Mario Rossi"]);
        assert_eq!(split("Von: Merz"), ["Merz"]);
        assert_eq!(split("Byron Smith"), ["Byron Smith"]);
    }

    #[test]
    fn weak_conjunctions() {
        assert_eq!(split("Ana e Silva"), ["Ana e Silva"]);
        assert_eq!(split("José Ortega y Gasset"), ["José Ortega y Gasset"]);
        assert_eq!(split("Ana Costa e Rui Silva"), ["Ana Costa", "Rui Silva"]);
        assert_eq!(split("Erik en Jan"), ["Erik", "Jan"]);
        assert_eq!(
            split("Kari Nordmann og Ola Hansen"),
            ["Kari Nordmann", "Ola Hansen"]
        );
    }
}
