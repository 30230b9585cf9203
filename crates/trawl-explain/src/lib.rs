//! `trawl explain`: how a rule read a page, step by step, and where a text sits in it.
//!
//! [`explain`] runs the extraction itself with a recording observer, so what it shows is what
//! extraction did: which rule and version were chosen and why, for every field which
//! alternative of each `||` chain matched, how many values each step kept, the values after
//! each filter, and the final value. [`text`] renders it for a terminal, [`report`] as a
//! self-contained HTML page. [`find`] lists the elements holding a text, with CSS a rule can
//! use.

pub mod find;
pub mod outline;
pub mod report;
pub mod text;
mod trace;

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::Html;
use serde::Serialize;
use trawl_engine::{version_fits, Fragments, Pack, Page, PageError, PageInput, Record};
use url::Url;

use trace::Recorder;

/// Everything `trawl explain` shows about one page.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The page URL and where it came from.
    pub url: Option<String>,
    /// "given", or "from the page (canonical link or og:url)".
    pub url_source: String,
    /// The rule's name.
    pub rule: String,
    /// The rule file.
    pub rule_path: String,
    /// Why this rule: "--rule", or the host it matched.
    pub rule_reason: String,
    /// Each version, whether it fits, and why.
    pub versions: Vec<VersionCheck>,
    /// Each field the chosen version read, in the order extraction read them.
    pub fields: Vec<FieldTrace>,
    /// The record, as `trawl extract` gives it (without plugins).
    pub record: Record,
    /// Elements taken by each field, for the HTML report.
    #[serde(skip)]
    pub marks: Vec<(NodeId, String)>,
    /// Elements the body dropped.
    #[serde(skip)]
    pub removed: HashSet<NodeId>,
}

/// Whether one version fits the page.
#[derive(Debug, Clone, Serialize)]
pub struct VersionCheck {
    /// The version's label.
    pub label: String,
    /// Whether it fits.
    pub fits: bool,
    /// Whether it was chosen (the first that fits).
    pub chosen: bool,
    /// Its conditions and how they came out.
    pub reason: String,
}

/// One field: its expressions as extraction ran them, and its final value.
#[derive(Debug, Clone, Serialize)]
pub struct FieldTrace {
    /// The field, e.g. `title` or `body.paragraphs`.
    pub field: String,
    /// Each expression of the field that ran (expressions after the one that gave a field
    /// its only value do not run), once per root or element it ran in.
    pub expressions: Vec<ExprTrace>,
    /// The field's final value in the record (for `body.root` and `body.remove`, how many
    /// elements).
    pub value: serde_json::Value,
    /// Whether the field came out empty.
    pub empty: bool,
    /// The `<meta>` and JSON-LD `<script>` elements its values were read from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<Source>,
}

/// An element in the page's head a value was read from.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// The element's tag with its naming attributes, e.g. `<meta property="og:title" content="…">`.
    pub element: String,
    /// For JSON-LD, which `<script type="application/ld+json">` of the page (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    /// The element.
    #[serde(skip)]
    pub node: NodeId,
}

/// One expression: each `||` alternative traced.
#[derive(Debug, Clone, Serialize)]
pub struct ExprTrace {
    /// The expression as written.
    pub text: String,
    /// The alternatives in order.
    pub alternatives: Vec<AltTrace>,
    /// The alternative being tried, while recording.
    #[serde(skip)]
    current: Option<usize>,
}

/// One alternative: its source, then each filter.
#[derive(Debug, Clone, Serialize)]
pub struct AltTrace {
    /// The steps: the source first, then each filter.
    pub steps: Vec<StepTrace>,
    /// Whether it was tried (alternatives after the matching one are not).
    pub tried: bool,
    /// Whether it is the one that yielded the field's values.
    pub matched: bool,
}

/// The values after one step.
#[derive(Debug, Clone, Serialize)]
pub struct StepTrace {
    /// The source or filter as written.
    pub step: String,
    /// How many values it kept.
    pub count: usize,
    /// The first few values.
    pub values: Vec<ValueView>,
}

/// One value after a step.
#[derive(Debug, Clone, Serialize)]
pub struct ValueView {
    /// The element, as `tag.class.class`, when the value is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
    /// Its text, whole.
    pub text: String,
}

/// Explains how the pack reads one page: the extraction itself, recorded.
pub fn explain(pack: &Pack, html: &Html, input: &PageInput<'_>) -> Result<Explanation, PageError> {
    let mut recorder = Recorder::new(html);
    let extraction = pack.extract_parsed(html, input, &mut recorder)?;
    let (rule, chosen) = (extraction.rule, extraction.version);
    let record = extraction.record;
    let url = Url::parse(&record.url).ok();
    let fragments = Fragments::new();
    let page = Page::new(html, url.as_ref(), rule.zone).with_fragments(&fragments);
    let date = input.date.or_else(|| pack.page_date(&page));
    let versions = rule
        .versions
        .iter()
        .map(|version| VersionCheck {
            label: version.label.clone(),
            fits: version_fits(version, &page, date),
            chosen: std::ptr::eq(chosen, version),
            reason: version_reason(version, &page, date),
        })
        .collect();
    Ok(Explanation {
        url: url.as_ref().map(ToString::to_string),
        url_source: if input.url.is_some() {
            "given"
        } else {
            "from the page (canonical link or og:url)"
        }
        .to_owned(),
        rule: rule.name.clone(),
        rule_path: rule.path.display().to_string(),
        rule_reason: match input.rule {
            Some(name) => format!("forced with --rule {name}"),
            None => format!("serves {}", rule.hosts.join(", ")),
        },
        versions,
        fields: recorder.fields,
        record,
        marks: recorder.marks,
        removed: recorder.removed,
    })
}

fn version_reason(
    version: &trawl_engine::RuleVersion,
    page: &Page<'_>,
    date: Option<chrono::NaiveDate>,
) -> String {
    let mut parts = Vec::new();
    let day = date.map_or_else(|| "undated".to_owned(), |d| d.to_string());
    if let Some(since) = version.since {
        let ok = date.is_none_or(|d| d >= since);
        parts.push(format!("since {since}: page {day} {}", mark(ok)));
    }
    if let Some(until) = version.until {
        let ok = date.is_none_or(|d| d < until);
        parts.push(format!("until {until}: page {day} {}", mark(ok)));
    }
    if let Some(when) = &version.when {
        let count = when.eval(page, None).len();
        parts.push(format!(
            "when `{}`: {count} match(es) {}",
            when.text,
            mark(count > 0)
        ));
    }
    if parts.is_empty() {
        "no conditions".to_owned()
    } else {
        parts.join("; ")
    }
}

fn mark(ok: bool) -> &'static str {
    if ok {
        "ok"
    } else {
        "NO"
    }
}
