//! `boilerplate`: drops widget, consent, subscription and comment-notice text from the body.
//!
//! Summary paragraphs, section paragraphs and section headlines that match are removed (see
//! [`defaults`] for the built-in list and how its entries match, and [`matcher`] for the
//! rule's own phrases and patterns). A section that loses something and is left with no
//! paragraphs is removed with any headline it still has. The number of entries removed is
//! added as `extra.boilerplate_removed` when it is not zero; otherwise the record is
//! returned unchanged.
//!
//! Config (all optional):
//! - `{"phrases": ["Weitere Artikel", ...]}`: case-insensitive substrings that drop a paragraph;
//! - `{"patterns": ["^\\(© \\w+\\)$", ...]}`: regexes matched against the trimmed paragraph;
//! - `{"defaults": false}`: use only the phrases and patterns given, not the built-in list.

pub mod defaults;
pub mod matcher;

use serde_json::{json, Map, Value};
use trawl_plugin::{export_plugin, Plugin};

use crate::matcher::Matcher;

/// The plugin.
pub struct Boilerplate;

impl Plugin for Boilerplate {
    const NAME: &'static str = "boilerplate";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const DESCRIPTION: &'static str =
        "Drops widget, consent, subscription and comment-notice paragraphs from the body, by phrase or regex.";

    fn process(mut record: Value, config: &Value) -> Result<Value, String> {
        let matcher = Matcher::from_config(config)?;
        let object = record
            .as_object_mut()
            .ok_or("the record is not a JSON object")?;
        let removed = match object.get_mut("body") {
            Some(Value::Object(body)) => clean_body(body, &matcher),
            _ => 0,
        };
        if removed > 0 {
            let extra = object
                .entry("extra")
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .ok_or("extra is not an object")?;
            extra.insert("boilerplate_removed".to_owned(), json!(removed));
        }
        Ok(record)
    }
}

export_plugin!(Boilerplate);

/// Removes boilerplate from a body and returns how many entries went.
pub fn clean_body(body: &mut Map<String, Value>, matcher: &Matcher) -> usize {
    let mut removed = 0;
    if let Some(Value::Array(summary)) = body.get_mut("summary") {
        removed += drop_matching(summary, matcher);
    }
    if let Some(Value::Array(sections)) = body.get_mut("sections") {
        sections.retain_mut(|section| {
            let Some(section) = section.as_object_mut() else {
                return true;
            };
            let mut dropped = 0;
            for key in ["headline", "paragraphs"] {
                if let Some(Value::Array(list)) = section.get_mut(key) {
                    dropped += drop_matching(list, matcher);
                }
            }
            removed += dropped;
            let emptied = dropped > 0 && count(section, "paragraphs") == 0;
            if emptied {
                removed += count(section, "headline");
            }
            !emptied
        });
    }
    removed
}

/// Drops the strings of `list` that are boilerplate and returns how many.
fn drop_matching(list: &mut Vec<Value>, matcher: &Matcher) -> usize {
    let before = list.len();
    list.retain(|item| {
        !item
            .as_str()
            .is_some_and(|text| matcher.is_boilerplate(text))
    });
    before - list.len()
}

/// How many entries the list `key` of a section has.
fn count(section: &Map<String, Value>, key: &str) -> usize {
    section
        .get(key)
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(summary: Value, sections: Value) -> Value {
        json!({
            "url": "https://www.example.com/a",
            "site": "Example",
            "title": "A title",
            "body": {"summary": summary, "sections": sections},
            "extra": {"kept": 1},
        })
    }

    fn run(record: Value, config: Value) -> Value {
        Boilerplate::process(record, &config).unwrap()
    }

    #[test]
    fn drops_default_boilerplate_everywhere() {
        let input = record(
            json!(["Sign up for our newsletter!", "The lede."]),
            json!([
                {"headline": [], "paragraphs": ["First.", "Oops! Something went wrong.", "Advertisement"]},
                {"headline": ["Recommended Stories", "Background"], "paragraphs": ["Second."]},
            ]),
        );
        let out = run(input, Value::Null);
        assert_eq!(out["body"]["summary"], json!(["The lede."]));
        assert_eq!(
            out["body"]["sections"],
            json!([
                {"headline": [], "paragraphs": ["First."]},
                {"headline": ["Background"], "paragraphs": ["Second."]},
            ])
        );
        assert_eq!(out["extra"], json!({"kept": 1, "boilerplate_removed": 4}));
        assert_eq!(out["url"], "https://www.example.com/a");
        assert_eq!(out["title"], "A title");
    }

    #[test]
    fn advertisement_inside_a_sentence_is_kept() {
        let input = record(
            json!([]),
            json!([{"headline": [], "paragraphs": [
                "The council banned the advertisement after complaints.",
                "ADVERTISEMENT",
            ]}]),
        );
        let out = run(input, Value::Null);
        assert_eq!(
            out["body"]["sections"][0]["paragraphs"],
            json!(["The council banned the advertisement after complaints."])
        );
        assert_eq!(out["extra"]["boilerplate_removed"], 1);
    }

    #[test]
    fn emptied_sections_go_with_their_headlines() {
        let input = record(
            json!([]),
            json!([
                {"headline": [], "paragraphs": ["Body."]},
                {"headline": ["Mehr zum Thema"], "paragraphs": []},
                {"headline": ["Links"], "paragraphs": ["Lesen Sie auch: Fähre", "Jetzt abonnieren"]},
                {"headline": ["Only a headline"], "paragraphs": []},
            ]),
        );
        let out = run(input, Value::Null);
        assert_eq!(
            out["body"]["sections"],
            json!([
                {"headline": [], "paragraphs": ["Body."]},
                {"headline": ["Only a headline"], "paragraphs": []},
            ])
        );
        assert_eq!(out["extra"]["boilerplate_removed"], 4);
    }

    #[test]
    fn config_phrases_patterns_and_no_defaults() {
        let input = record(
            json!([
                "Weitere Artikel aus Hamburg",
                "(© dpa)",
                "Share this article"
            ]),
            json!([]),
        );
        let config = json!({"phrases": ["weitere artikel"], "patterns": [r"^\(© \w+\)$"], "defaults": false});
        let out = run(input, config);
        assert_eq!(out["body"]["summary"], json!(["Share this article"]));
        assert_eq!(out["extra"]["boilerplate_removed"], 2);
    }

    #[test]
    fn clean_records_are_unchanged() {
        let input = record(
            json!(["The lede."]),
            json!([{"headline": [], "paragraphs": ["Read more about the fair at the town hall."]}]),
        );
        assert_eq!(run(input.clone(), Value::Null), input);
        let bare = json!({"url": "u", "site": "s", "title": "t"});
        assert_eq!(run(bare.clone(), Value::Null), bare);
    }

    #[test]
    fn bad_config_is_an_error_naming_the_pattern() {
        let error =
            Boilerplate::process(record(json!([]), json!([])), &json!({"patterns": ["[a-"]}));
        let error = error.unwrap_err();
        assert!(error.contains("`[a-`"), "{error}");
        assert!(error.contains("not a valid regex"), "{error}");
    }
}
