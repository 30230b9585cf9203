//! What went wrong without stopping a record: the record's `warnings`, typed where code
//! decides on them (the stale-rule guard replaces a rule's "nothing matched" with the
//! generic reading), written in the JSON as one sentence each.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One warning of a record. In the JSON it is its sentence ([`fmt::Display`]); read back
/// from JSON (a plugin's answer), the sentences of the variants without data become those
/// variants again, every other sentence [`Warning::Other`].
///
/// ```
/// use trawl_engine::Warning;
///
/// assert_eq!(Warning::NoTitle.to_string(), "title: nothing matched");
/// let json = serde_json::to_string(&Warning::NoTitle).unwrap();
/// assert_eq!(serde_json::from_str::<Warning>(&json).unwrap(), Warning::NoTitle);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The rule's title expressions found nothing.
    NoTitle,
    /// The rule's body found no paragraph.
    NoBody,
    /// The generic extractor found no title.
    GenericNoTitle,
    /// The generic extractor found no article text.
    GenericNoBody,
    /// No rule serves the page; the generic extractor read it.
    NoRule {
        /// The page URL.
        url: String,
    },
    /// A field the rule left empty came from the generic extractor (the stale-rule guard).
    FromGeneric {
        /// The rule's name.
        rule: String,
        /// The field: `title` or `body`.
        field: &'static str,
    },
    /// A field of the rule's record disagreed with the generic reading of the page (the
    /// agreement check).
    Disagrees {
        /// The rule's name.
        rule: String,
        /// The field.
        field: &'static str,
        /// How it disagreed, with the figure, e.g. `body disagrees with the generic reading: ...`.
        how: String,
        /// Whether the generic reading replaced the field (else it had none to give).
        replaced: bool,
    },
    /// Any other warning, as its sentence: a value a field could not use, a link dropped, a
    /// plugin's failure.
    Other(String),
}

impl Warning {
    /// The variants without data, each with its sentence.
    const FIXED: [(Warning, &'static str); 4] = [
        (Warning::NoTitle, "title: nothing matched"),
        (Warning::NoBody, "body: no paragraphs matched"),
        (Warning::GenericNoTitle, "title: none found"),
        (Warning::GenericNoBody, "body: no article text found"),
    ];

    /// The warning a sentence is: a variant without data when it is one's, else
    /// [`Warning::Other`].
    pub fn from_sentence(sentence: String) -> Warning {
        Warning::FIXED
            .into_iter()
            .find(|(_, text)| *text == sentence)
            .map_or(Warning::Other(sentence), |(warning, _)| warning)
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::NoTitle
            | Warning::NoBody
            | Warning::GenericNoTitle
            | Warning::GenericNoBody => {
                let (_, text) = Warning::FIXED
                    .iter()
                    .find(|(warning, _)| warning == self)
                    .expect("every variant without data has its sentence");
                f.write_str(text)
            }
            Warning::NoRule { url } => {
                write!(f, "no rule for {url}; read by the generic extractor")
            }
            Warning::FromGeneric { rule, field } => write!(
                f,
                "rule `{rule}` yielded no {field}; {field} from the generic extractor"
            ),
            Warning::Disagrees {
                rule,
                field,
                how,
                replaced,
            } => {
                let then = match replaced {
                    true => "from the generic extractor",
                    false => "kept, the generic extractor has none",
                };
                write!(f, "rule `{rule}`: {how}; {field} {then}")
            }
            Warning::Other(text) => f.write_str(text),
        }
    }
}

impl From<String> for Warning {
    fn from(sentence: String) -> Warning {
        Warning::from_sentence(sentence)
    }
}

/// A warning equals the sentence it is written as.
impl PartialEq<str> for Warning {
    fn eq(&self, other: &str) -> bool {
        let sentence = self.to_string();
        sentence == other
    }
}

/// A warning equals the sentence it is written as.
impl PartialEq<&str> for Warning {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Warning {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Warning::from_sentence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_stay_as_they_were_written() {
        let filled = Warning::FromGeneric {
            rule: "Example".into(),
            field: "title",
        };
        assert_eq!(
            filled.to_string(),
            "rule `Example` yielded no title; title from the generic extractor"
        );
        let kept = Warning::Disagrees {
            rule: "Example".into(),
            field: "published",
            how: "published is 3 days from the page's other dates".into(),
            replaced: false,
        };
        assert_eq!(
            kept.to_string(),
            "rule `Example`: published is 3 days from the page's other dates; published kept, the generic extractor has none"
        );
    }

    #[test]
    fn fixed_sentences_read_back_as_their_variant_and_others_as_text() {
        for (warning, text) in Warning::FIXED {
            assert_eq!(Warning::from_sentence(text.to_owned()), warning);
        }
        let other = Warning::from_sentence("plugin `x`: timed out".into());
        assert_eq!(other, Warning::Other("plugin `x`: timed out".into()));
        assert!(other == "plugin `x`: timed out");
    }
}
