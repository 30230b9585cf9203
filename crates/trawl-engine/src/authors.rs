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
use crate::page::Page;
use crate::value::Value;
use regex::Regex;
use std::collections::HashSet;
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
    "der",
    "spiegel",
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

/// Words that make any entry holding them, alone or in a hyphenated word, an organisation:
/// "WAZ-Redaktion", "BR24 Redaktion", "Politics Desk", "Newsroom". `Staff` and `Team` are not
/// markers: the reference keeps "MND Staff" and "Gear Team" as authors.
const ORGANISATION_MARKERS: &[&str] = &[
    "redaktion",
    "redaction",
    "rédaction",
    "redacción",
    "redazione",
    "newsroom",
    "desk",
    "agencies",
    "agency",
    "wire",
    "wires",
    "editorial",
];

/// How the `authors` filter treats what is not a person's plain name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuthorOptions {
    /// Keep organisations ("Associated Press", "WAZ-Redaktion") as authors.
    pub keep_organisations: bool,
    /// Keep the page's casing: no title case for ALL-CAPS names.
    pub keep_case: bool,
}

/// A byline entry the split left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The entry as cleaned.
    pub text: String,
    /// Why it is not a name.
    pub reason: &'static str,
}

/// The most letters a one-word entry in capitals has to be kept as an acronym.
const ACRONYM_MAX_LETTERS: usize = 4;

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
    split_authors_with(byline, AuthorOptions::default()).0
}

/// [`split_authors`] with options, also returning the entries it left out (organisations,
/// entries with digits or `@`, over-long ones) so they can be reported.
///
/// An entry is an organisation when every word of it is one of [`NON_NAME_WORDS`]
/// ("Associated Press", "Fox News Staff") or when any word, or part of a hyphenated word, is
/// an organisation marker such as `Redaktion`, `Desk` or `Staff` ("WAZ-Redaktion",
/// "BR24 Redaktion"). With `keep_organisations` they are kept, digits and all.
pub fn split_authors_with(byline: &str, options: AuthorOptions) -> (Vec<String>, Vec<Dropped>) {
    let without_parens = PARENS.replace_all(byline, " ");
    let mut names: Vec<String> = Vec::new();
    let mut dropped = Vec::new();
    // Whether the last entry was a kept organisation, which is no dateline.
    let mut kept_organisation = false;
    for raw in SEPARATORS.split(&without_parens) {
        let part = normalize_text(raw);
        let part = cut_trailing(strip_prefix(&part));
        for piece in split_weak(part) {
            let piece = trim_punct(piece);
            let organisation = is_organisation(piece);
            let name = if options.keep_case || organisation {
                piece.to_owned()
            } else {
                title_case_if_caps(piece)
            };
            let key = name.to_lowercase();
            if names.iter().any(|n| n.to_lowercase() == key) {
                continue;
            }
            if organisation && options.keep_organisations {
                names.push(name);
                kept_organisation = true;
                continue;
            }
            kept_organisation = false;
            match not_a_name(&name, organisation) {
                None => names.push(name),
                Some(reason) => {
                    if name.chars().any(char::is_alphabetic) {
                        dropped.push(Dropped { text: name, reason });
                    }
                }
            }
        }
    }
    let multi_word = |n: &String| n.contains(' ');
    if names.len() > 1
        && !kept_organisation
        && names.last().is_some_and(|n| !multi_word(n))
        && names.iter().any(multi_word)
    {
        names.pop();
    }
    (names, dropped)
}

/// Whether [`split_values`] splits every value or leaves the settled ones as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Settled {
    /// Split them too: the `authors` filter was written here.
    Split,
    /// Keep them: the `authors` field's own normaliser, after the expression's filters.
    Keep,
}

/// The one path from bylines to names, for the `authors` filter and the `authors` field:
/// each value split with [`split_authors_with`], every name left out a page warning, names
/// repeated (in any case) dropped. The names come out settled, so the field's own normaliser
/// leaves what the filter made, options and all.
pub(crate) fn split_values<'a>(
    values: Vec<Value<'a>>,
    options: AuthorOptions,
    settled: Settled,
    page: &Page<'a>,
) -> Vec<Value<'a>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for value in values {
        if settled == Settled::Keep && value.is_settled() {
            if seen.insert(value.to_text().to_lowercase()) {
                out.push(value);
            }
            continue;
        }
        let (names, dropped) = split_authors_with(&value.to_text(), options);
        for left_out in dropped {
            let hint = if left_out.reason == "an organisation" {
                "; keep it with authors(keep_organisations)"
            } else {
                ""
            };
            page.warn(format!(
                "authors: left out `{}` ({}{hint})",
                left_out.text, left_out.reason
            ));
        }
        out.extend(
            names
                .into_iter()
                .filter(|name| seen.insert(name.to_lowercase()))
                .map(|name| value.with_text(name).settled()),
        );
    }
    out
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

/// Why an entry is not a person's name, if it is not.
fn not_a_name(s: &str, organisation: bool) -> Option<&'static str> {
    if organisation {
        Some("an organisation")
    } else if !s.chars().any(char::is_alphabetic) {
        Some("no letters")
    } else if s.chars().count() > MAX_NAME_CHARS {
        Some("too long for a name")
    } else if s.chars().any(|c| c.is_numeric() || c == '@') {
        Some("digits or @ in it")
    } else {
        None
    }
}

/// Whether an entry names an organisation rather than a person (see [`split_authors_with`]).
fn is_organisation(s: &str) -> bool {
    let words: Vec<String> = s
        .split_whitespace()
        .map(|w| w.trim_matches('.').to_lowercase())
        .collect();
    let all_outlet_words =
        !words.is_empty() && words.iter().all(|w| NON_NAME_WORDS.contains(&w.as_str()));
    all_outlet_words
        || words
            .iter()
            .flat_map(|w| w.split(['-', '–']))
            .any(|part| ORGANISATION_MARKERS.contains(&part))
}

/// Title-cases an entry whose cased letters are all upper case ("JANE DOE"), but not a lone
/// word of at most [`ACRONYM_MAX_LETTERS`] letters: that is an acronym ("SDA", "AFP").
fn title_case_if_caps(s: &str) -> String {
    let has_upper = s.chars().any(char::is_uppercase);
    let acronym = !s.contains(char::is_whitespace)
        && s.chars().filter(|c| c.is_alphabetic()).count() <= ACRONYM_MAX_LETTERS;
    if !has_upper || acronym || s.chars().any(char::is_lowercase) {
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
    fn a_lone_short_word_in_capitals_is_an_acronym() {
        assert_eq!(split("SDA"), ["SDA"]);
        assert_eq!(split("TPN, SID"), ["TPN", "SID"]);
        assert_eq!(split("MADONNA"), ["Madonna"]);
        assert_eq!(split("JO LI"), ["Jo Li"]);
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
    fn organisations_follow_one_rule_and_can_be_kept() {
        // Each was treated differently before: dropped as agency words, dropped for its digits,
        // kept as a single unknown word.
        for byline in [
            "Associated Press",
            "BR24 Redaktion",
            "WAZ-Redaktion",
            "DER SPIEGEL",
        ] {
            let (names, dropped) = split_authors_with(byline, AuthorOptions::default());
            assert!(names.is_empty(), "{byline}: {names:?}");
            assert_eq!(dropped[0].reason, "an organisation");
            let keep = AuthorOptions {
                keep_organisations: true,
                ..AuthorOptions::default()
            };
            assert_eq!(split_authors_with(byline, keep).0, [byline]);
        }
        assert_eq!(split("Ann Lee, Politics Desk"), ["Ann Lee"]);
        assert_eq!(split("Evan Spiegel"), ["Evan Spiegel"]);
    }

    #[test]
    fn keep_case_keeps_the_page_casing() {
        let keep = AuthorOptions {
            keep_case: true,
            ..AuthorOptions::default()
        };
        assert_eq!(
            split_authors_with("TPN and AMELIA THOMSON-DEVEAUX", keep).0,
            ["TPN", "AMELIA THOMSON-DEVEAUX"]
        );
        assert_eq!(split("AMELIA THOMSON-DEVEAUX"), ["Amelia Thomson-Deveaux"]);
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
