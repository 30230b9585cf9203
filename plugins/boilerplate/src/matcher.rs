//! What counts as boilerplate: the built-in list and the rule's phrases and patterns.

use regex::Regex;
use serde_json::Value;
use trawl_plugin::config_strings;

use crate::defaults::{fold, matches, Kind, DEFAULTS};

/// Decides whether a paragraph or headline is boilerplate.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// The built-in entries, folded; empty when `defaults` is false.
    defaults: Vec<(Kind, String)>,
    /// `config.phrases`, folded: matched anywhere, case-insensitively.
    phrases: Vec<String>,
    /// `config.patterns`: matched against the paragraph as written, trimmed.
    patterns: Vec<Regex>,
}

impl Matcher {
    /// Reads the configuration; `null` means the built-in list only.
    ///
    /// `{"phrases": ["text", ...]}` adds case-insensitive substrings, `{"patterns": ["regex",
    /// ...]}` adds regexes (use `(?i)` for case-insensitivity), and `{"defaults": false}`
    /// drops the built-in list.
    pub fn from_config(config: &Value) -> Result<Matcher, String> {
        let mut use_defaults = true;
        let mut phrases = Vec::new();
        let mut patterns = Vec::new();
        match config {
            Value::Null => {}
            Value::Object(object) => {
                for (key, value) in object {
                    match key.as_str() {
                        "defaults" => {
                            use_defaults = value
                                .as_bool()
                                .ok_or("config.defaults must be true or false")?;
                        }
                        "phrases" => {
                            phrases = config_strings(value, "config.phrases")?
                                .iter()
                                .map(|phrase| fold(phrase))
                                .collect();
                        }
                        "patterns" => {
                            patterns = config_strings(value, "config.patterns")?
                                .iter()
                                .enumerate()
                                .map(|(i, pattern)| compile(i, pattern))
                                .collect::<Result<_, _>>()?;
                        }
                        _ => {
                            return Err(format!(
                            "unknown config key `{key}`; expected `phrases`, `patterns` or `defaults`"
                        ))
                        }
                    }
                }
            }
            _ => {
                return Err(
                    "the config must be an object like {\"phrases\": [...], \"patterns\": [...]}"
                        .into(),
                )
            }
        }
        let defaults = if use_defaults {
            DEFAULTS
                .iter()
                .map(|(kind, phrase)| (*kind, fold(phrase)))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Matcher {
            defaults,
            phrases,
            patterns,
        })
    }

    /// Whether `text` is boilerplate.
    pub fn is_boilerplate(&self, text: &str) -> bool {
        let folded = fold(text);
        if folded.is_empty() {
            return false;
        }
        self.defaults
            .iter()
            .any(|(kind, phrase)| matches(*kind, phrase, &folded))
            || self.phrases.iter().any(|phrase| folded.contains(phrase))
            || self
                .patterns
                .iter()
                .any(|pattern| pattern.is_match(text.trim()))
    }
}

/// Compiles `config.patterns[i]`.
fn compile(i: usize, pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern)
        .map_err(|e| format!("config.patterns[{i}] `{pattern}` is not a valid regex: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn matcher(config: Value) -> Matcher {
        Matcher::from_config(&config).unwrap()
    }

    fn error(config: Value) -> String {
        Matcher::from_config(&config).unwrap_err()
    }

    #[test]
    fn defaults_apply_unless_turned_off() {
        assert!(matcher(Value::Null).is_boilerplate("Recommended Stories"));
        assert!(matcher(json!({})).is_boilerplate("Share this article"));
        assert!(!matcher(json!({"defaults": false})).is_boilerplate("Share this article"));
        assert!(!matcher(Value::Null).is_boilerplate("   "));
    }

    #[test]
    fn phrases_match_anywhere_ignoring_case() {
        let m = matcher(json!({"phrases": ["Weitere Artikel"], "defaults": false}));
        assert!(m.is_boilerplate("Hier finden Sie WEITERE  ARTIKEL zum Thema."));
        assert!(!m.is_boilerplate("Weiter geht es."));
    }

    #[test]
    fn patterns_match_the_text_as_written() {
        let m = matcher(json!({"patterns": [r"^\(© \w+\)$", "(?i)^photo:"]}));
        assert!(m.is_boilerplate(" (© dpa) "));
        assert!(m.is_boilerplate("PHOTO: Jane Doe"));
        assert!(!m.is_boilerplate("The photo: a crane."));
    }

    #[test]
    fn bad_configs_say_what_is_wrong() {
        let message = error(json!({"patterns": ["ok", "(unclosed"]}));
        assert!(
            message.starts_with("config.patterns[1] `(unclosed` is not a valid regex:"),
            "{message}"
        );
        assert_eq!(
            error(json!({"phrases": "Advertisement"})),
            "config.phrases must be a list of strings"
        );
        assert_eq!(
            error(json!({"phrases": ["x", ""]})),
            "config.phrases[1] must be a non-empty string"
        );
        assert_eq!(
            error(json!({"defaults": "no"})),
            "config.defaults must be true or false"
        );
        assert!(error(json!({"phrase": []})).starts_with("unknown config key `phrase`"));
        assert!(error(json!(["x"])).starts_with("the config must be an object"));
    }
}
