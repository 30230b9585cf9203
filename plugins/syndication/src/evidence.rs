//! Finding which agency a record's story comes from, and on what evidence.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use crate::agencies::{Agencies, Agency};

/// What showed the agency, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// A dateline opening the body: "MOSCOW (Reuters) - ".
    Dateline,
    /// `publisher` or `extra.provider` names the agency.
    Provider,
    /// An author entry names the agency.
    Byline,
    /// A closing credit: "(Reporting by ...; Editing by ...)" (Reuters), or "Associated Press
    /// writer ... contributed" (AP).
    Credit,
}

impl Evidence {
    /// The name written to `extra.syndication.evidence`.
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Dateline => "dateline",
            Evidence::Provider => "provider",
            Evidence::Byline => "byline",
            Evidence::Credit => "credit",
        }
    }
}

/// A place (any letters, digits and punctuation, up to 80 characters, possibly none), the
/// agency in parentheses, then a dash, underscore or colon; EFE's ").-" is allowed.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[\p{L}\d][\p{L}\p{M}\d\s.,'’/-]{0,80}?)?\s*\(\s*([^()]{1,60}?)\s*\)\s*\.?\s*(?:--|[-–—‒―_:])")
        .expect("valid regex")
});

/// Reuters' closing credit: reporting or writing by someone, and editing by someone.
static REUTERS_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)^\(?\s*(?:additional\s+)?(?:reporting|writing|compiled)\s+by\b.*\bedit(?:ing|ed)\s+by\b")
        .expect("valid regex")
});

/// AP's closing credit: "Associated Press writer Jane Doe in Kyiv contributed to this report."
static AP_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)^\(?\s*(?:the\s+)?associated\s+press\s+(?:writers?|reporters?|correspondents?|journalists?)\b.*\bcontributed\b")
        .expect("valid regex")
});

/// How many paragraphs from the end are searched for a credit.
const CREDIT_WINDOW: usize = 3;

/// The agency a record's story comes from and the strongest evidence of it.
pub fn strongest<'a>(
    record: &Map<String, Value>,
    agencies: &'a Agencies,
) -> Option<(&'a Agency, Evidence)> {
    let paragraphs = paragraphs(record);
    dateline(&paragraphs, agencies)
        .map(|agency| (agency, Evidence::Dateline))
        .or_else(|| provider(record, agencies).map(|agency| (agency, Evidence::Provider)))
        .or_else(|| byline(record, agencies).map(|agency| (agency, Evidence::Byline)))
        .or_else(|| credit(&paragraphs, agencies).map(|agency| (agency, Evidence::Credit)))
}

/// The body's paragraphs in order, summary first, skipping blank ones.
fn paragraphs(record: &Map<String, Value>) -> Vec<&str> {
    let body = record.get("body");
    let summary = body
        .and_then(|body| body.get("summary"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    let sections = body
        .and_then(|body| body.get("sections"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|section| section.get("paragraphs").and_then(Value::as_array))
        .flatten();
    summary
        .chain(sections)
        .filter_map(Value::as_str)
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// The agency in the dateline of the first paragraph. When the summary is a separate teaser,
/// the first paragraph of the sections is tried too.
fn dateline<'a>(paragraphs: &[&str], agencies: &'a Agencies) -> Option<&'a Agency> {
    paragraphs.iter().take(2).find_map(|paragraph| {
        let credit = DATELINE.captures(paragraph)?.get(1)?.as_str();
        agencies.find_in(credit)
    })
}

/// The agency `publisher` or `extra.provider` (a string, or an object with a `name`) names.
fn provider<'a>(record: &Map<String, Value>, agencies: &'a Agencies) -> Option<&'a Agency> {
    let extra = record.get("extra").and_then(|extra| extra.get("provider"));
    let extra = extra.and_then(|p| p.as_str().or_else(|| p.get("name")?.as_str()));
    let publisher = record.get("publisher").and_then(Value::as_str);
    [publisher, extra]
        .into_iter()
        .flatten()
        .find_map(|name| agencies.find_in(name))
}

/// The agency an author entry names: "Reuters", or a credit after a name, "Jane Doe (AP)".
fn byline<'a>(record: &Map<String, Value>, agencies: &'a Agencies) -> Option<&'a Agency> {
    let authors = record.get("authors").and_then(Value::as_array)?;
    authors.iter().filter_map(Value::as_str).find_map(|author| {
        agencies.find(author).or_else(|| {
            let stripped = agencies.strip_from_author(author);
            if stripped.as_deref() == Some(author) {
                None
            } else {
                agencies.find_in(author)
            }
        })
    })
}

/// The agency a closing credit among the last paragraphs points to.
fn credit<'a>(paragraphs: &[&str], agencies: &'a Agencies) -> Option<&'a Agency> {
    let start = paragraphs.len().saturating_sub(CREDIT_WINDOW);
    paragraphs[start..].iter().rev().find_map(|paragraph| {
        if REUTERS_CREDIT.is_match(paragraph) {
            agencies.find("Reuters")
        } else if AP_CREDIT.is_match(paragraph) {
            agencies.find("Associated Press")
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn found(record: Value) -> Option<(String, &'static str)> {
        let agencies = Agencies::default();
        strongest(record.as_object().unwrap(), &agencies)
            .map(|(agency, evidence)| (agency.name.clone(), evidence.as_str()))
    }

    fn with_paragraphs(paragraphs: &[&str]) -> Value {
        json!({"body": {"summary": [], "sections": [{"headline": [], "paragraphs": paragraphs}]}})
    }

    fn agency_of(first: &str) -> Option<String> {
        found(with_paragraphs(&[first])).map(|(agency, _)| agency)
    }

    #[test]
    fn datelines_in_agency_styles() {
        let cases = [
            ("MOSCOW (Reuters) - Moscow gave", "Reuters"),
            ("LONDON, Jan 28 (Reuters) - Shares", "Reuters"),
            ("WASHINGTON (AP) — The Senate", "Associated Press"),
            ("KYIV, Ukraine (AP) _ Shelling", "Associated Press"),
            ("PARIS (AFP) – La", "AFP"),
            ("BERLIN (dpa) - Die", "dpa"),
            ("Berlin (dpa/AFP) - Die", "dpa"),
            ("Madrid, 5 mar (EFE).- El", "EFE"),
            ("AMSTERDAM (ANP) - Het", "ANP"),
            ("(Bloomberg) -- Stocks rose", "Bloomberg"),
            ("TOKYO (Kyodo) -- Japan", "Kyodo"),
            ("LONDON (PA) - Police", "PA Media"),
        ];
        for (paragraph, agency) in cases {
            assert_eq!(agency_of(paragraph).as_deref(), Some(agency), "{paragraph}");
        }
    }

    #[test]
    fn other_parentheses_are_not_datelines() {
        for paragraph in [
            "WASHINGTON (CNN) - The Senate",
            "The European Union (EU) - and its members - agreed",
            "Moscow said Reuters (Reuters) had it wrong",
            "MOSCOW (Reuters) Moscow gave",
        ] {
            assert_eq!(agency_of(paragraph), None, "{paragraph}");
        }
    }

    #[test]
    fn evidence_is_ranked() {
        let record = json!({
            "publisher": "AFP",
            "authors": ["Associated Press"],
            "body": {"summary": ["MOSCOW (Reuters) - Text."], "sections": []},
        });
        assert_eq!(found(record), Some(("Reuters".into(), "dateline")));
        let record = json!({"publisher": "Yahoo News", "extra": {"provider": {"name": "AFP"}}});
        assert_eq!(found(record), Some(("AFP".into(), "provider")));
        let record = json!({"publisher": "MSN", "authors": ["Jane Doe", "The Associated Press"]});
        assert_eq!(found(record), Some(("Associated Press".into(), "byline")));
        let record = json!({"authors": ["Jane Doe (Reuters)"]});
        assert_eq!(found(record), Some(("Reuters".into(), "byline")));
    }

    #[test]
    fn closing_credits() {
        let record = with_paragraphs(&[
            "Text.",
            "(Additional reporting by Reuters bureaux, Writing by Mark Trevelyan, Editing by Timothy Heritage)",
        ]);
        assert_eq!(found(record), Some(("Reuters".into(), "credit")));
        let record = with_paragraphs(&[
            "Text.",
            "Associated Press writer Jane Doe in Kyiv contributed to this report.",
            "",
        ]);
        assert_eq!(found(record), Some(("Associated Press".into(), "credit")));
        let record = with_paragraphs(&["Text.", "Additional reporting by Jane Doe"]);
        assert_eq!(found(record), None);
    }
}
