//! Filters that understand record fields: dates, author names, links.

use chrono::SecondsFormat;
use url::Url;

use super::{filter, ArgError, Example, FilterSpec};
use crate::authors::split_authors;
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
            params: &[],
            summary: "Splits bylines into person names: drops \"By\", roles and agencies, splits on commas and \"and\" in several languages, fixes ALL-CAPS names, removes duplicates.",
            example: Example {
                html: "<p class=byline>By Vladimir Soldatkin and Alexander Marrow</p>",
                expr: "p.byline | authors",
                output: &["Vladimir Soldatkin", "Alexander Marrow"],
            },
            build: |_| {
                Ok(filter(|values, _| {
                    let mut seen = std::collections::HashSet::new();
                    values
                        .into_iter()
                        .flat_map(|v| split_authors(&v.to_text()).into_iter().map(move |name| (v.clone(), name)))
                        .filter(|(_, name)| seen.insert(name.to_lowercase()))
                        .map(|(v, name)| v.with_text(name))
                        .collect()
                }))
            },
        },
        FilterSpec {
            name: "json",
            params: &["path?"],
            summary: "Reads the first JSON object or array in each text (a script's state such as `window.__STATE__ = {...}` included) and yields the values at a dotted key path; arrays on the way are walked.",
            example: Example {
                html: r#"<script>window.__STATE__ = {"story": {"tags": [{"name": "Gaza"}, {"name": "Iran"}]}};</script>"#,
                expr: "script | html | json(story.tags.name)",
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
                        let Some(json) = first_json(&value.to_text()) else { continue };
                        let mut found = Vec::new();
                        crate::jsonld::resolve(&json, &path, &mut found);
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

/// The first JSON object or array in `text`, ignoring what comes before and after it.
fn first_json(text: &str) -> Option<serde_json::Value> {
    let start = text.find(['{', '['])?;
    let mut stream =
        serde_json::Deserializer::from_str(&text[start..]).into_iter::<serde_json::Value>();
    stream.next()?.ok()
}
