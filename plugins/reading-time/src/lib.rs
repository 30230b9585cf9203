//! `reading-time`: how long an article takes to read.
//!
//! Adds `extra.reading_time = {"words": N, "minutes": M}` to each record. Words are counted
//! in the title, summary, headlines and paragraphs; Chinese, Japanese and Korean text is
//! counted by characters, since it has no spaces between words. Minutes use a reading speed
//! per language (average silent reading rates; English 238 words a minute), rounded up, at
//! least 1.
//!
//! Config (all optional): `{"words_per_minute": 200}` overrides the speed for every language.

use serde_json::{json, Value};
use trawl_plugin::{export_plugin, Plugin};

/// The plugin.
pub struct ReadingTime;

impl Plugin for ReadingTime {
    const NAME: &'static str = "reading-time";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const DESCRIPTION: &'static str =
        "Word count and reading minutes by language (CJK counted by characters), into extra.reading_time.";

    fn process(mut record: Value, config: &Value) -> Result<Value, String> {
        let object = record
            .as_object_mut()
            .ok_or("the record is not a JSON object")?;
        let language = object
            .get("language")
            .and_then(Value::as_str)
            .unwrap_or("en")
            .to_owned();
        let text = article_text(object);
        let count = count(&text);
        let speed = match config.get("words_per_minute") {
            Some(value) => value
                .as_f64()
                .filter(|speed| *speed > 0.0)
                .ok_or("config.words_per_minute must be a positive number")?,
            None => words_per_minute(&language, count.cjk_chars > count.words),
        };
        let units = count.words + count.cjk_chars;
        let minutes = ((units as f64 / speed).ceil() as u64).max(1);
        let extra = object
            .entry("extra")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .ok_or("extra is not an object")?;
        extra.insert(
            "reading_time".to_owned(),
            json!({"words": count.words, "characters": count.cjk_chars, "minutes": minutes}),
        );
        Ok(record)
    }
}

export_plugin!(ReadingTime);

/// Words outside CJK scripts, and CJK characters.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Count {
    /// Space-separated words (runs of letters or digits) outside CJK scripts.
    pub words: usize,
    /// Han, Hiragana, Katakana and Hangul characters.
    pub cjk_chars: usize,
}

/// Counts the words and CJK characters of `text`.
pub fn count(text: &str) -> Count {
    let mut count = Count::default();
    let mut in_word = false;
    for c in text.chars() {
        if is_cjk(c) {
            count.cjk_chars += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                count.words += 1;
            }
            in_word = true;
        } else if c.is_whitespace() || c == '—' || c == '–' {
            in_word = false;
        }
    }
    count
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F) // CJK Extensions B-F and supplements
}

/// Average reading speed in words (or, for CJK, characters) a minute.
pub fn words_per_minute(language: &str, mostly_cjk: bool) -> f64 {
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase();
    match primary.as_str() {
        "zh" => 255.0,
        "ja" => 357.0,
        "ko" => 226.0,
        _ if mostly_cjk => 255.0,
        "de" => 179.0,
        "fr" => 195.0,
        "es" => 218.0,
        "it" => 188.0,
        "pt" => 181.0,
        "nl" => 202.0,
        "sv" | "no" | "nb" | "nn" | "da" => 199.0,
        "fi" => 161.0,
        "ru" | "pl" => 184.0,
        "ar" => 138.0,
        _ => 238.0,
    }
}

fn strings(value: Option<&Value>) -> Vec<&str> {
    value
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn article_text(record: &serde_json::Map<String, Value>) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(title) = record.get("title").and_then(Value::as_str) {
        parts.push(title);
    }
    let body = record.get("body");
    parts.extend(strings(body.and_then(|b| b.get("summary"))));
    for section in body
        .and_then(|b| b.get("sections"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        parts.extend(strings(section.get("headline")));
        parts.extend(strings(section.get("paragraphs")));
    }
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_cjk_characters_are_counted_apart() {
        assert_eq!(
            count("Hello, big world — again"),
            Count {
                words: 4,
                cjk_chars: 0
            }
        );
        assert_eq!(
            count("東京都 は 晴れ"),
            Count {
                words: 0,
                cjk_chars: 6
            }
        );
        assert_eq!(
            count("U.S. 2022"),
            Count {
                words: 2,
                cjk_chars: 0
            }
        );
    }

    #[test]
    fn minutes_depend_on_language() {
        let paragraph = "word ".repeat(400);
        let record = |language: &str| json!({"title": "T", "language": language, "body": {"summary": [], "sections": [{"headline": [], "paragraphs": [paragraph]}]}, "extra": {}});
        let en = ReadingTime::process(record("en"), &Value::Null).unwrap();
        assert_eq!(
            en["extra"]["reading_time"],
            json!({"words": 401, "characters": 0, "minutes": 2})
        );
        let de = ReadingTime::process(record("de"), &Value::Null).unwrap();
        assert_eq!(de["extra"]["reading_time"]["minutes"], 3);
    }

    #[test]
    fn chinese_is_read_by_characters() {
        let text = "中".repeat(600);
        let record =
            json!({"title": "", "language": "zh", "body": {"summary": [text], "sections": []}});
        let out = ReadingTime::process(record, &Value::Null).unwrap();
        assert_eq!(
            out["extra"]["reading_time"],
            json!({"words": 0, "characters": 600, "minutes": 3})
        );
    }

    #[test]
    fn bad_config_is_an_error() {
        let error =
            ReadingTime::process(json!({}), &json!({"words_per_minute": "fast"})).unwrap_err();
        assert!(error.contains("words_per_minute"));
    }
}
