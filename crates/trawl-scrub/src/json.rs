//! JSON in a page (JSON-LD scripts, JSON in attributes) with its prose replaced and every
//! other byte kept, and the names of the people who wrote the page replaced as bylines are.

use super::placeholder::placeholder;
use super::prose::{is_markup, replaces_value, scrub_byline, scrub_markup, string_literal_len};
use super::ScrubOptions;

/// Keys whose values are the people behind the page: their strings and their `name`s are
/// names, replaced even when they are too short to count as prose.
const PEOPLE_KEYS: &[&str] = &[
    "author",
    "creator",
    "contributor",
    "editor",
    "accountablePerson",
    "reviewedBy",
    "copyrightHolder",
];

/// A JSON text with its prose strings replaced, everything else byte for byte; also when the
/// JSON is malformed. Names of authors and other people behind the page (`"author":
/// {"name": …}`, `"author": "…"`) are replaced as bylines are: agencies and organisation
/// words kept. Returns the text and how many strings were replaced.
pub(super) fn scrub_json_strings(json: &str, options: &ScrubOptions) -> (String, usize) {
    let mut out = String::with_capacity(json.len());
    let mut replaced = 0;
    let mut rest = json;
    // The key each open object or array sits under, and the key just read.
    let mut under: Vec<Option<String>> = Vec::new();
    let mut key: Option<String> = None;
    while let Some(open) = rest.find('"') {
        for c in rest[..open].chars() {
            match c {
                '{' | '[' => {
                    let inherited = under.last().cloned().flatten();
                    under.push(key.take().or(inherited));
                }
                '}' | ']' => {
                    under.pop();
                    key = None;
                }
                ',' => key = None,
                _ => {}
            }
        }
        out.push_str(&rest[..open]);
        let literal_len = string_literal_len(&rest[open..]);
        let literal = &rest[open..open + literal_len];
        rest = &rest[open + literal_len..];
        let Ok(value) = serde_json::from_str::<String>(literal) else {
            out.push_str(literal);
            continue;
        };
        if rest.trim_start().starts_with(':') {
            key = Some(value);
            out.push_str(literal);
            continue;
        }
        let person = |key: &str| PEOPLE_KEYS.contains(&key);
        let name = match key.take().as_deref() {
            Some(key) if person(key) => true,
            Some("name") => under.last().cloned().flatten().is_some_and(|k| person(&k)),
            _ => false,
        };
        let scrubbed = if name && value.chars().any(char::is_alphabetic) && !is_url(&value) {
            scrub_byline(&value, options)
        } else if replaces_value(&value) {
            if is_markup(&value) {
                scrub_markup(&value, options)
            } else {
                placeholder(&value, options.seed, &options.kept_phrases)
            }
        } else {
            out.push_str(literal);
            continue;
        };
        if scrubbed == value {
            out.push_str(literal);
            continue;
        }
        let encoded = serde_json::to_string(&scrubbed).unwrap_or_else(|_| literal.to_owned());
        // Never close the script element from inside a string.
        out.push_str(&encoded.replace("</", "<\\/"));
        replaced += 1;
    }
    out.push_str(rest);
    (out, replaced)
}

fn is_url(value: &str) -> bool {
    value.starts_with("http://") || value.starts_with("https://") || value.starts_with('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrub(json: &str) -> serde_json::Value {
        let (text, _) = scrub_json_strings(json, &ScrubOptions::default());
        serde_json::from_str(&text).expect("still JSON")
    }

    #[test]
    fn authors_names_are_replaced_and_agencies_and_publishers_kept() {
        let json = r#"{"@type":"NewsArticle","author":[{"@type":"Person","name":"Jane Doe","url":"https://example.com/jane"},{"@type":"Organization","name":"dpa"}],
            "creator":"Max Muster","publisher":{"@type":"Organization","name":"Example Times"},"datePublished":"2024-05-14T08:00:00Z"}"#;
        let after = scrub(json);
        let first = &after["author"][0];
        assert_ne!(first["name"], "Jane Doe");
        assert_eq!(
            first["name"].as_str().map(|n| n.split(' ').count()),
            Some(2)
        );
        assert_eq!(first["url"], "https://example.com/jane");
        assert_eq!(first["@type"], "Person");
        assert_eq!(after["author"][1]["name"], "dpa");
        assert_ne!(after["creator"], "Max Muster");
        assert_eq!(after["publisher"]["name"], "Example Times");
        assert_eq!(after["datePublished"], "2024-05-14T08:00:00Z");
    }
}
