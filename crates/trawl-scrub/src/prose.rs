//! Telling prose from what a fixture must keep: short labels, bylines, dates, URLs.

use std::sync::LazyLock;

use trawl_engine::parse_date;
use trawl_rules::SourceText;
use url::form_urlencoded;

use super::placeholder::{is_unspaced, placeholder};
use super::ScrubOptions;

/// A short label has at most this many words...
const LABEL_WORDS: usize = 4;
/// ...and at most this many characters.
const LABEL_CHARS: usize = 40;
/// No run of this many original words may survive scrubbing.
const RUN_WORDS: usize = 8;
/// A byline or a date has at most this many words.
const MAX_BYLINE_WORDS: usize = 12;
/// Lower-case role words a byline may hold ("By Tsai Ming-hui / Staff reporter").
const ROLE_WORDS: &[&str] = &["staff", "reporter", "correspondent", "writer", "editor"];
/// Words that open a byline ("By Jane Doe", "Von Anna Müller"), lower case.
const BYLINE_PREFIXES: &[&str] = &["by", "von", "par", "por", "door", "av", "af", "di"];

/// The phrases rule files test text for (`contains("…")`, `strip_prefix("…")`): kept
/// verbatim in replaced prose, so a rule that drops a paragraph by its words still drops it.
pub fn kept_phrases(sources: &[SourceText]) -> Vec<String> {
    let mut phrases: Vec<String> = sources
        .iter()
        .flat_map(|source| quoted_arguments(&source.text))
        .flat_map(|argument| literal_parts(&argument))
        // Four letters, or two ideographs ("责编"): enough not to match by chance.
        .filter(|phrase| {
            phrase.chars().filter(|c| c.is_alphabetic()).count() >= 4
                || phrase.chars().filter(|&c| is_unspaced(c)).count() >= 2
        })
        .collect();
    phrases.sort();
    phrases.dedup();
    phrases
}

/// A pattern a rule tests text with, and how many letters its literal parts hold.
#[derive(Debug, Clone)]
pub struct KeptPattern {
    regex: regex::Regex,
    letters: usize,
}

impl KeptPattern {
    /// The pattern of a rule's `"…"` argument, if it is a regular expression with four
    /// literal letters or more (`^This is a breaking news? story`, not `^(.*) \|`).
    pub fn new(argument: &str) -> Option<KeptPattern> {
        let letters = literal_parts(argument)
            .iter()
            .map(|part| part.chars().filter(|c| c.is_alphabetic()).count())
            .sum();
        let regex = regex::Regex::new(argument).ok()?;
        (letters >= 4).then_some(KeptPattern { regex, letters })
    }
}

/// The `"…"` arguments of filter calls in rule files that are patterns worth keeping.
pub fn kept_patterns(sources: &[SourceText]) -> Vec<KeptPattern> {
    let mut arguments: Vec<String> = sources
        .iter()
        .flat_map(|source| quoted_arguments(&source.text))
        .collect();
    arguments.sort();
    arguments.dedup();
    arguments
        .iter()
        .filter_map(|argument| KeptPattern::new(argument))
        .collect()
}

/// What `patterns` match in a block's text (its leading spaces aside, as rules read
/// normalised text): each match of four letters or more, fewer than 8 words, and hardly more
/// letters than the pattern spells out (an optional letter, one of two words), so a pattern
/// with wildcards never keeps a sentence.
pub(super) fn pattern_matches(whole: &str, patterns: &[KeptPattern]) -> Vec<String> {
    let text = whole.trim_start();
    let mut found = Vec::new();
    for pattern in patterns {
        for hit in pattern.regex.find_iter(text) {
            let letters = hit.as_str().chars().filter(|c| c.is_alphabetic()).count();
            if letters >= 4
                && letters <= pattern.letters + 3
                && word_count(hit.as_str()) < RUN_WORDS
            {
                found.push(hit.as_str().to_owned());
            }
        }
    }
    found
}

/// The `"…"` arguments of filter calls: the text between `("` and `")`.
fn quoted_arguments(text: &str) -> Vec<String> {
    text.split("(\"")
        .skip(1)
        .filter_map(|rest| rest.split_once("\")").map(|(arg, _)| arg.to_owned()))
        .collect()
}

/// The literal pieces of a pattern argument: `^Lesen Sie auch:` gives `Lesen Sie auch:` and
/// `har godkänt .*publicering` gives `har godkänt` and `publicering`, so a paragraph a rule
/// removes by its words is still removed in the fixture.
fn literal_parts(argument: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut piece = String::new();
    let mut chars = argument.trim_start_matches("(?i)").chars();
    while let Some(c) = chars.next() {
        if c == '\\' || "^$[](){}.*+?|".contains(c) {
            if c == '\\' {
                chars.next();
            }
            parts.push(std::mem::take(&mut piece));
        } else {
            piece.push(c);
        }
    }
    parts.push(piece);
    parts
        .into_iter()
        .map(|part| part.trim().to_owned())
        .filter(|part| !part.is_empty())
        .collect()
}

/// How many words `text` has: tokens with a letter, each ideograph, kana or hangul counting
/// as one.
fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|token| token.chars().any(char::is_alphabetic))
        .map(|token| token.chars().filter(|&c| is_unspaced(c)).count().max(1))
        .sum()
}

/// Whether `text` is longer than a short label: a sentence, not "Recommended Stories".
pub(super) fn is_prose(text: &str) -> bool {
    let words = word_count(text);
    words > LABEL_WORDS || (words > 1 && text.trim().chars().count() > LABEL_CHARS)
}

/// Whether `text` is a byline: a prefix such as "By", then names (capitalised words and short
/// particles or conjunctions), and no full stop at the end.
pub(super) fn is_byline(text: &str) -> bool {
    let text = text.trim();
    let mut words = text.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let prefix = first.trim_end_matches(':').to_lowercase();
    BYLINE_PREFIXES.contains(&prefix.as_str())
        && word_count(text) <= MAX_BYLINE_WORDS
        && !text.ends_with(['.', '!', '?'])
        && words.all(|word| {
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            let role = word
                .trim_matches(|c: char| !c.is_alphabetic())
                .to_lowercase();
            letters <= 3
                || !word.starts_with(char::is_lowercase)
                || ROLE_WORDS.contains(&role.as_str())
        })
}

/// `byline` with its names replaced and the words the `authors` filter reads kept: "By",
/// "and", agencies and organisation words ("dpa", "Redaktion"), so the record keeps as many
/// authors.
pub(super) fn scrub_byline(byline: &str, options: &ScrubOptions) -> String {
    let mut kept = options.kept_phrases.clone();
    let entries = byline.split([',', ';', '/']).map(str::trim);
    let words = byline.split(|c: char| c.is_whitespace() || c == ',');
    kept.extend(
        entries
            .chain(words)
            .filter(|word| word.chars().any(char::is_alphabetic))
            .filter(|word| trawl_engine::split_authors(word).is_empty())
            .map(str::to_owned),
    );
    placeholder(byline, options.seed, &kept)
}

/// Whether `text` is a date or a time, as the rules read them ("14 May 2024 10:30 BST").
pub(super) fn is_date(text: &str) -> bool {
    // Eight words or more may be a sentence that merely holds a date ("Oct. 6, 1923: First
    // football game…"): never kept, so no run of 8 original words survives.
    if word_count(text) >= RUN_WORDS || !text.contains(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let Ok(zone) = "UTC".parse() else {
        return false;
    };
    parse_date(text, None, zone).is_ok()
}

/// `url` with the prose in its query values replaced, decoded and encoded again (share links
/// carry the headline and the lead: `?text=Harbour+strike+ends+after+…`); `None` when no
/// value holds prose, so every other URL stays byte for byte.
pub(super) fn scrub_url_query(url: &str, options: &ScrubOptions) -> Option<String> {
    let (head, rest) = url.split_once('?')?;
    // A URL, not JSON or prose that holds one.
    if head.is_empty() || head.contains(|c: char| c.is_whitespace() || "\"'{}[]<>".contains(c)) {
        return None;
    }
    let (query, fragment) = match rest.split_once('#') {
        Some((query, fragment)) => (query, Some(fragment)),
        None => (rest, None),
    };
    let mut changed = false;
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| {
            let Some((key, _)) = pair.split_once('=') else {
                return pair.to_owned();
            };
            let value = form_urlencoded::parse(pair.as_bytes())
                .next()
                .map(|(_, value)| value.into_owned())
                .unwrap_or_default();
            if !replaces_text(&value) {
                return pair.to_owned();
            }
            changed = true;
            let scrubbed = placeholder(&value, options.seed, &options.kept_phrases);
            let encoded: String = form_urlencoded::byte_serialize(scrubbed.as_bytes()).collect();
            format!("{key}={encoded}")
        })
        .collect();
    changed.then(|| {
        let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        format!("{head}?{}{fragment}", pairs.join("&"))
    })
}

/// Whether a text node's `text` (or the text of its whole block) must be replaced.
pub(super) fn replaces_text(text: &str) -> bool {
    is_prose(text) && !is_byline(text) && !is_date(text)
}

/// Whether an attribute value or a JSON-LD string must be replaced: as text, but a URL, a
/// single token, or a comma-separated list of short labels (keywords) is kept.
pub(super) fn replaces_value(value: &str) -> bool {
    let value = value.trim();
    let url =
        value.starts_with("http://") || value.starts_with("https://") || value.starts_with('/');
    // A keyword list is kept, unless it is long enough to carry a run of 8 original words.
    let labels = value.contains(',')
        && value.split(',').all(|label| !is_prose(label))
        && word_count(value) < 8;
    !url && !labels && replaces_text(value)
}

/// Whether a string holds HTML markup (a script's `contentHtml`, a summary with `<br>`).
pub(super) fn is_markup(value: &str) -> bool {
    static TAG: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"</?[A-Za-z][^<>]*>").expect("a valid regex"));
    TAG.is_match(value)
}

/// HTML held in a string, with the text between its tags replaced and the tags kept, so a
/// rule that parses it (`parse_html`) still finds its elements.
pub(super) fn scrub_markup(value: &str, options: &ScrubOptions) -> String {
    static TAG: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"<[^<>]*>").expect("a valid regex"));
    let mut out = String::with_capacity(value.len());
    let mut last = 0;
    for tag in TAG.find_iter(value) {
        let text = &value[last..tag.start()];
        if replaces_value(text) {
            out.push_str(&placeholder(text, options.seed, &options.kept_phrases));
        } else {
            out.push_str(text);
        }
        out.push_str(&scrub_tag_attributes(tag.as_str(), options));
        last = tag.end();
    }
    let text = &value[last..];
    if replaces_value(text) {
        out.push_str(&placeholder(text, options.seed, &options.kept_phrases));
    } else {
        out.push_str(text);
    }
    out
}

/// A tag of markup held in a string, with its prose attribute values (`content`, `alt`,
/// `title`, ...) replaced; structural ones (`href`, `src`, `class`, `name`, ...) kept.
fn scrub_tag_attributes(tag: &str, options: &ScrubOptions) -> String {
    static ATTRIBUTE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#"([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*"([^"]*)""#).expect("a valid regex")
    });
    const STRUCTURAL: [&str; 16] = [
        "href",
        "src",
        "srcset",
        "class",
        "id",
        "style",
        "rel",
        "type",
        "name",
        "property",
        "itemprop",
        "charset",
        "http-equiv",
        "lang",
        "width",
        "height",
    ];
    ATTRIBUTE
        .replace_all(tag, |caps: &regex::Captures<'_>| {
            let (name, value) = (&caps[1], &caps[2]);
            if STRUCTURAL.contains(&name.to_ascii_lowercase().as_str()) || !replaces_value(value) {
                caps[0].to_owned()
            } else {
                format!(
                    "{name}=\"{}\"",
                    placeholder(value, options.seed, &options.kept_phrases)
                )
            }
        })
        .into_owned()
}

/// The length in bytes of the string literal opening `text` (which starts with `"`), up to and
/// including its closing quote, or the rest of `text` when it is never closed.
pub(super) fn string_literal_len(text: &str) -> usize {
    let mut escaped = false;
    for (at, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return at + 1,
            _ => {}
        }
    }
    text.len()
}
