//! `trawl explain`: how a rule read a page, step by step.
//!
//! [`explain`] runs the same rule the extraction runs, but keeps every intermediate result:
//! which rule and version were chosen and why, for every field which alternative of each `||`
//! chain matched, how many values each step kept, the values after each filter, and the
//! final value. [`text`] renders it for a terminal, [`report`] as a self-contained HTML page.

pub mod report;
pub mod text;
mod trace;

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::Html;
use serde::Serialize;
use trawl_engine::{
    version_fits, CustomProgram, Fragments, Pack, Page, PageError, PageInput, Record, Value,
};

use trace::Tracer;

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
    /// Each field of the chosen version, traced.
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

/// One field: its expressions traced, and its final value.
#[derive(Debug, Clone, Serialize)]
pub struct FieldTrace {
    /// The field, e.g. `title` or `body.paragraphs`.
    pub field: String,
    /// Each expression of the field.
    pub expressions: Vec<ExprTrace>,
    /// The field's final value in the record.
    pub value: serde_json::Value,
    /// Whether the field came out empty.
    pub empty: bool,
}

/// One expression: each `||` alternative traced.
#[derive(Debug, Clone, Serialize)]
pub struct ExprTrace {
    /// The expression as written.
    pub text: String,
    /// The alternatives in order.
    pub alternatives: Vec<AltTrace>,
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
    /// The first few values, shortened.
    pub values: Vec<String>,
}

/// Explains how the pack reads one page.
pub fn explain(pack: &Pack, html: &Html, input: &PageInput<'_>) -> Result<Explanation, PageError> {
    let url = pack.page_url(html, input)?;
    let rule = pack.choose_rule(url.as_ref(), input)?;
    let fragments = Fragments::new();
    let page = Page::new(html, url.as_ref(), rule.zone).with_fragments(&fragments);
    let record = pack.extract_parsed(html, input)?;
    let date = input.date.or_else(|| pack.page_date(&page));
    let chosen = pack.choose_version(rule, &page, input.date);
    let versions = rule
        .versions
        .iter()
        .map(|version| VersionCheck {
            label: version.label.clone(),
            fits: version_fits(version, &page, date),
            chosen: chosen.is_some_and(|c| std::ptr::eq(c, version)),
            reason: version_reason(version, &page, date),
        })
        .collect();
    let mut tracer = Tracer {
        page: &page,
        marks: Vec::new(),
    };
    let mut fields = Vec::new();
    let mut removed = HashSet::new();
    if let Some(version) = chosen {
        let f = &version.fields;
        let scalar = [
            ("title", &f.title),
            ("subtitle", &f.subtitle),
            ("authors", &f.authors),
            ("publisher", &f.publisher),
            ("published", &f.published),
            ("modified", &f.modified),
            ("language", &f.language),
            ("topics", &f.topics),
            ("free_access", &f.free_access),
        ];
        let record_json = serde_json::to_value(&record).expect("records are JSON");
        for (name, programs) in scalar {
            if let Some(programs) = programs {
                let value = record_json
                    .get(name)
                    .cloned()
                    .unwrap_or(serde_json::Value::Null);
                fields.push(tracer.field(name, programs, None, value));
            }
        }
        if let Some(images) = &f.images {
            if let Some(cover) = &images.cover {
                fields.push(tracer.field(
                    "images.cover",
                    cover,
                    None,
                    record_json["images"].clone(),
                ));
            }
            if let Some(each) = &images.each {
                fields.push(tracer.program_field(
                    "images.each",
                    each,
                    None,
                    record_json["images"].clone(),
                ));
            }
        }
        if let Some(related) = &f.related {
            fields.push(tracer.program_field(
                "related.each",
                &related.each,
                None,
                record_json["related"].clone(),
            ));
        }
        if let Some(body) = &version.body {
            let roots = body.root.eval(&page, None);
            fields.push(tracer.program_field(
                "body.root",
                &body.root,
                None,
                serde_json::json!(roots.len()),
            ));
            let first_root = roots.iter().find_map(|v| match v {
                Value::Node(node) => Some(*node),
                _ => None,
            });
            for remove in &body.remove {
                let values = remove.eval(&page, first_root);
                removed.extend(values.iter().filter_map(Value::origin));
                fields.push(tracer.program_field(
                    "body.remove",
                    remove,
                    first_root,
                    serde_json::json!(values.len()),
                ));
            }
            if let Some(summary) = &body.summary {
                fields.push(tracer.field(
                    "body.summary",
                    summary,
                    None,
                    record_json["body"]["summary"].clone(),
                ));
            }
            let paragraphs: Vec<&str> = record.body.paragraphs().collect();
            fields.push(tracer.program_field(
                "body.paragraphs",
                &body.paragraphs,
                first_root,
                serde_json::json!(paragraphs.len()),
            ));
            if let Some(headlines) = &body.headlines {
                let count: usize = record.body.sections.iter().map(|s| s.headline.len()).sum();
                fields.push(tracer.program_field(
                    "body.headlines",
                    headlines,
                    first_root,
                    serde_json::json!(count),
                ));
            }
        }
        for (key, custom) in &version.extra {
            let value = record
                .extra
                .get(key)
                .cloned()
                .unwrap_or(serde_json::Value::Null);
            let name = format!("extra.{key}");
            fields.push(match custom {
                CustomProgram::One(program) | CustomProgram::Each { each: program, .. } => {
                    tracer.program_field(&name, program, None, value)
                }
                CustomProgram::All(programs) => tracer.field(&name, programs, None, value),
            });
        }
    }
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
        fields,
        record,
        marks: tracer.marks,
        removed,
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
