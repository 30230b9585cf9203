//! Filters that understand record fields: dates, author names, links.

use std::collections::HashMap;

use chrono::SecondsFormat;
use serde_json::value::RawValue;
use url::Url;

use super::{filter, ArgError, Example, FilterSpec};
use crate::authors::{split_values, AuthorOptions, Settled};
use crate::date::{check_format, parse_date};
use crate::value::Value;

/// The field filters.
pub fn filters() -> Vec<FilterSpec> {
    vec![
        FilterSpec {
            name: "date",
            params: &["format?"],
            summary: "Reads a date as RFC 3339: ISO 8601, RFC 2822, month names in many languages, epoch seconds or milliseconds, or an explicit strftime format. Dates without a zone take the rule's timezone. Values that hold no date are dropped.",
            example: Example {
                html: "<p class=date>Veröffentlicht am 28. Januar 2022, 10:31 Uhr</p>",
                expr: "p.date | date",
                output: &["2022-01-28T10:31:00Z"],
            },
            build: |args| {
                let format = args.opt_str(0).map(str::to_owned);
                if let Some(format) = &format {
                    check_format(format).map_err(|error| ArgError { index: 0, message: error.to_string() })?;
                }
                Ok(filter(move |values, page| {
                    values
                        .into_iter()
                        .filter_map(|v| {
                            let date = parse_date(&v.to_text(), format.as_deref(), page.zone).ok()?;
                            Some(v.with_text(date.to_rfc3339_opts(SecondsFormat::AutoSi, true)))
                        })
                        .collect()
                }))
            },
        },
        FilterSpec {
            name: "authors",
            params: &["option?", "option?"],
            summary: "Splits bylines into person names: drops \"By\", roles and places, splits on commas and \"and\" in several languages, title-cases ALL-CAPS names (not a lone acronym of up to four letters such as \"SDA\"), removes duplicates. Organisations (every word an agency or outlet word such as \"Associated Press\", or a word such as Redaktion, Desk or Agency in it: \"WAZ-Redaktion\") and entries with digits are dropped, each with a record warning. Options: `keep_organisations`, `keep_case` (no title case).",
            example: Example {
                html: "<p class=byline>By JOHN SMITH and Ann Lee, WAZ-Redaktion</p>",
                expr: "p.byline | authors(keep_organisations)",
                output: &["John Smith", "Ann Lee", "WAZ-Redaktion"],
            },
            build: |args| {
                let mut options = AuthorOptions::default();
                for index in 0..2 {
                    match args.opt_str(index) {
                        None => {}
                        Some("keep_organisations" | "keep_organizations") => options.keep_organisations = true,
                        Some("keep_case") => options.keep_case = true,
                        Some(other) => {
                            return Err(ArgError {
                                index,
                                message: format!("unknown option `{other}`; `authors` knows `keep_organisations` and `keep_case`"),
                            })
                        }
                    }
                }
                Ok(filter(move |values, page| split_values(values, options, Settled::Split, page)))
            },
        },
        FilterSpec {
            name: "raw",
            params: &[],
            summary: "Keeps the values as they are, so the field's own normaliser is not applied to them: the `authors` field splits every value into names by default, `meta(author) | raw` keeps `Lee, Ann` whole. Elements become their text. Only `authors` has a normaliser to skip, so `raw` in any other expression is an error (text is always whitespace-normalised, dates always read as dates).",
            example: Example {
                html: r#"<meta name="author" content="Lee, Ann">"#,
                expr: "meta(author) | raw",
                output: &["Lee, Ann"],
            },
            build: |_| Ok(filter(|values, _| values.iter().map(Value::settled).collect())),
        },
        FilterSpec {
            name: "json",
            params: &["path?"],
            summary: "Reads the JSON objects and arrays in each element's raw text or each string (a script's state such as `window.__STATE__ = {...}` included) and yields the values at a dotted key path from the first one that has it; arrays on the way are walked. Each element is parsed once per page.",
            example: Example {
                html: r#"<script>window.__STATE__ = {"story": {"tags": [{"name": "Gaza"}, {"name": "Iran"}]}};</script>"#,
                expr: "script | json(story.tags.name)",
                output: &["Gaza", "Iran"],
            },
            build: |args| {
                let path: Vec<String> = args
                    .opt_str(0)
                    .map(|p| p.split('.').filter(|k| !k.is_empty()).map(str::to_owned).collect())
                    .unwrap_or_default();
                Ok(filter(move |values, _| {
                    let mut out = Vec::new();
                    for value in values {
                        let text = match &value {
                            Value::Node(node) => node.text().collect::<String>(),
                            other => other.to_text(),
                        };
                        let mut found = Vec::new();
                        json_at(&text, &path, &mut found);
                        out.extend(found.into_iter().map(Value::Json));
                    }
                    out
                }))
            },
        },
        FilterSpec {
            name: "absolute",
            params: &[],
            summary: "Resolves links against the page URL; values that are not links are dropped.",
            example: Example {
                html: "<a href='/world/story-1'>Story</a>",
                expr: "a | attr(href) | absolute",
                output: &["https://example.com/world/story-1"],
            },
            build: |_| {
                Ok(filter(|values, page| {
                    values
                        .into_iter()
                        .filter_map(|v| {
                            let text = v.to_text();
                            let url = match page.url {
                                Some(base) => base.join(text.trim()).ok()?,
                                None => Url::parse(text.trim()).ok()?,
                            };
                            Some(v.with_text(url.to_string()))
                        })
                        .collect::<Vec<Value<'_>>>()
                }))
            },
        },
    ]
}

/// How many JSON values of one text are tried for a path (scripts such as
/// `x = x || []; x.push({...})` hold a few before the one wanted).
const MAX_JSON_VALUES: usize = 64;

/// The values at `path` in the first JSON object or array of `text` that has it (what comes
/// before, between and after them, such as `window.__STATE__ =` and `;`, is ignored). Only the
/// path is built into values; the rest of a large state object is scanned, not allocated.
fn json_at(text: &str, path: &[String], out: &mut Vec<serde_json::Value>) {
    let mut rest = text;
    for _ in 0..MAX_JSON_VALUES {
        let Some(start) = rest.find(['{', '[']) else {
            return;
        };
        let mut stream =
            serde_json::Deserializer::from_str(&rest[start..]).into_iter::<&RawValue>();
        match stream.next() {
            Some(Ok(raw)) => {
                let before = out.len();
                walk_raw(raw, path, out);
                if out.len() > before {
                    return;
                }
                rest = &rest[start + stream.byte_offset()..];
            }
            _ => rest = &rest[start + 1..],
        }
    }
}

fn walk_raw(raw: &RawValue, path: &[String], out: &mut Vec<serde_json::Value>) {
    let text = raw.get().trim_start();
    if text.starts_with('[') {
        if let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(text) {
            items.into_iter().for_each(|item| walk_raw(item, path, out));
        }
        return;
    }
    let Some((key, rest)) = path.split_first() else {
        if let Ok(value) = serde_json::from_str(text) {
            out.push(value);
        }
        return;
    };
    if text.starts_with('{') {
        if let Ok(object) = serde_json::from_str::<HashMap<String, &RawValue>>(text) {
            if let Some(child) = object.get(key) {
                walk_raw(child, rest, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, path: &str) -> Vec<serde_json::Value> {
        let path: Vec<String> = path.split('.').map(str::to_owned).collect();
        let mut out = Vec::new();
        json_at(text, &path, &mut out);
        out
    }

    #[test]
    fn json_reads_the_first_value_that_has_the_path() {
        let script = r#"window["q"] = window["q"] || []; window["q"].push({"a": {"b": "x"}});"#;
        assert_eq!(at(script, "a.b"), [serde_json::json!("x")]);
        assert_eq!(
            at(r#"var s = {}; s = {"a": {"b": 1}};"#, "a.b"),
            [serde_json::json!(1)]
        );
        assert!(at("no json [here", "a").is_empty());
    }
}
