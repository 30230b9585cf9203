//! Filling a record from a rule version: fields, images, related stories, custom fields.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::SecondsFormat;
use scraper::ElementRef;
use trawl_rules::{fill_order, FieldKind, FieldSpec};

use crate::authors::{split_values, AuthorOptions, Settled};
use crate::body::assemble;
use crate::date::parse_date;
use crate::normalize::normalize_text;
use crate::observe::{Observer, Silent};
use crate::page::Page;
use crate::record::{Image, Record, Related};
use crate::record_fields::FieldValue;
use crate::rule::{CustomProgram, ImagesProgram, Programs, RelatedProgram, Rule, RuleVersion};
use crate::sanitise::web_link;
use crate::value::Value;
use crate::warning::Warning;

/// The fields other expressions may read with `without(...)`, in the order they are filled:
/// each can name only those before it; the body, images, related and extra fields come after
/// all of them.
pub(crate) static REFERABLE: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    fill_order()
        .filter(|spec| spec.referable)
        .map(|spec| spec.name)
        .collect()
});

/// Runs every field of `version` on the page, in the order of [`fill_order`], then the
/// body, images, related stories and extra fields, telling `observer` each step.
pub fn fill_record(
    rule: &Rule,
    version: &RuleVersion,
    page: &Page<'_>,
    observer: &mut dyn Observer,
) -> Record {
    let fields = &version.fields;
    // Warnings from choosing the version (its `when`) are not the record's.
    page.take_warnings();
    let mut record = Record {
        url: page.url.map(ToString::to_string).unwrap_or_default(),
        site: rule.name.clone(),
        ..Record::default()
    };
    for spec in fill_order() {
        let programs = fields.get(spec.name);
        if programs.is_some() {
            observer.field(spec.name);
        }
        let value = field_value(spec, programs, rule, page, &mut record.warnings, observer);
        record.set(spec.name, value);
        if spec.referable {
            page.set_field(spec.name, record.texts_of(spec.name));
        }
        if programs.is_some() {
            observer.value(spec.name, &|| record.json_of(spec.name));
        }
    }
    if let Some(body) = &version.body {
        record.body = assemble(body, page, observer);
        let body = &record.body;
        observer.value("body.summary", &|| serde_json::json!(body.summary));
        observer.value("body.paragraphs", &|| {
            serde_json::json!(body
                .sections
                .iter()
                .flat_map(|s| &s.paragraphs)
                .collect::<Vec<_>>())
        });
        observer.value("body.headlines", &|| {
            serde_json::json!(body
                .sections
                .iter()
                .flat_map(|s| &s.headline)
                .collect::<Vec<_>>())
        });
    }
    if let Some(images) = &fields.images {
        record.images = images_of(images, page, &mut record.warnings, observer);
        let images = &record.images;
        for field in ["images.cover", "images.each"] {
            observer.value(field, &|| serde_json::json!(images));
        }
    }
    if let Some(related) = &fields.related {
        record.related = related_of(related, page, &mut record.warnings, observer);
        let related = &record.related;
        observer.value("related.each", &|| serde_json::json!(related));
    }
    for (key, custom) in &version.extra {
        let field = format!("extra.{key}");
        observer.field(&field);
        let value = custom_value(custom, &field, page, observer);
        observer.value(&field, &|| value.clone().unwrap_or(serde_json::Value::Null));
        if let Some(value) = value {
            record.extra.insert(key.clone(), value);
        }
    }
    record
        .warnings
        .extend(page.take_warnings().into_iter().map(Warning::from));
    if record.title.is_empty() {
        record.warnings.push(Warning::NoTitle);
    }
    if version.body.is_some() && record.body.is_empty() {
        record.warnings.push(Warning::NoBody);
    }
    record
}

/// One field's value, read as its kind says.
fn field_value(
    spec: &FieldSpec,
    programs: Option<&Programs>,
    rule: &Rule,
    page: &Page<'_>,
    warnings: &mut Vec<Warning>,
    observer: &mut dyn Observer,
) -> FieldValue {
    let mut text = || {
        programs
            .and_then(|p| p.first_text_with(page, None, observer))
            .map(|text| normalize_text(&text))
            .filter(|text| !text.is_empty())
    };
    match spec.kind {
        FieldKind::Text => FieldValue::Text(text()),
        FieldKind::Language => FieldValue::Text(text().or_else(|| rule.language.clone())),
        FieldKind::Flag => FieldValue::Flag(text().map(|value| {
            !matches!(
                value.to_ascii_lowercase().as_str(),
                "false" | "no" | "0" | "off"
            )
        })),
        FieldKind::Texts => FieldValue::Texts(texts(programs, page, None, observer)),
        FieldKind::Authors => FieldValue::Texts(authors(programs, page, observer)),
        FieldKind::Date => FieldValue::Text(date(programs, page, spec.name, warnings, observer)),
    }
}

/// Every value's text, normalised, empty and repeated values dropped.
fn texts<'a>(
    programs: Option<&Programs>,
    page: &Page<'a>,
    scope: Option<ElementRef<'a>>,
    observer: &mut dyn Observer,
) -> Vec<String> {
    let values = programs
        .map(|p| p.eval_with(page, scope, observer))
        .unwrap_or_default();
    distinct_texts(&values)
}

/// The values' texts, normalised, empty and repeated ones dropped.
fn distinct_texts(values: &[Value<'_>]) -> Vec<String> {
    let mut seen = HashSet::new();
    values
        .iter()
        .map(|value| normalize_text(&value.to_text()))
        .filter(|text| !text.is_empty() && seen.insert(text.clone()))
        .collect()
}

/// Every value split into names as the `authors` filter does by default; values the
/// expression settled (`authors(...)`, `raw`) are kept as they are.
fn authors(
    programs: Option<&Programs>,
    page: &Page<'_>,
    observer: &mut dyn Observer,
) -> Vec<String> {
    let values = programs
        .map(|p| p.eval_with(page, None, observer))
        .unwrap_or_default();
    let names = split_values(values, AuthorOptions::default(), Settled::Keep, page);
    distinct_texts(&names)
}

fn first<'a>(
    programs: Option<&Programs>,
    page: &Page<'a>,
    scope: ElementRef<'a>,
    observer: &mut dyn Observer,
) -> Option<String> {
    programs?
        .first_text_with(page, Some(scope), observer)
        .map(|text| normalize_text(&text))
        .filter(|text| !text.is_empty())
}

/// The first value read as a date; values the `date` filter already read pass through.
fn date(
    programs: Option<&Programs>,
    page: &Page<'_>,
    field: &str,
    warnings: &mut Vec<Warning>,
    observer: &mut dyn Observer,
) -> Option<String> {
    let text = programs?.first_text_with(page, None, observer)?;
    match parse_date(&text, None, page.zone) {
        Ok(date) => Some(date.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
        Err(error) => {
            warnings.push(format!("{field}: {error}").into());
            None
        }
    }
}

/// The observer for the parts read inside the `index`th element of an `each`: only the
/// first element's are reported, so a page with forty figures explains one.
fn inside<'o>(
    index: usize,
    field: &str,
    observer: &'o mut dyn Observer,
    silent: &'o mut Silent,
) -> &'o mut dyn Observer {
    if index == 0 {
        observer.field(field);
        observer
    } else {
        silent
    }
}

fn elements<'a>(values: Vec<Value<'a>>) -> Vec<ElementRef<'a>> {
    values
        .into_iter()
        .filter_map(|value| match value {
            Value::Node(node) => Some(node),
            _ => None,
        })
        .collect()
}

fn images_of(
    program: &ImagesProgram,
    page: &Page<'_>,
    warnings: &mut Vec<Warning>,
    observer: &mut dyn Observer,
) -> Vec<Image> {
    let mut images: Vec<Image> = Vec::new();
    let absolute = |link: String| match page.url {
        Some(base) => base.join(&link).map(|url| url.to_string()).unwrap_or(link),
        None => link,
    };
    let mut web = |link: String| match web_link(&link, "images[].url") {
        Ok(()) => Some(link),
        Err(warning) => {
            warnings.push(warning.into());
            None
        }
    };
    if let Some(cover) = program
        .cover
        .as_ref()
        .and_then(|c| {
            observer.field("images.cover");
            c.first_text_with(page, None, observer)
        })
        .map(absolute)
        .and_then(&mut web)
    {
        images.push(Image {
            url: cover,
            is_cover: true,
            ..Image::default()
        });
    }
    let figures = program
        .each
        .as_ref()
        .map(|each| {
            observer.field("images.each");
            elements(each.eval_with(page, None, observer))
        })
        .unwrap_or_default();
    let mut silent = Silent;
    for (index, figure) in figures.into_iter().enumerate() {
        let mut part = |field: &str, programs: Option<&Programs>| {
            let observer = match programs {
                Some(_) => inside(index, field, observer, &mut silent),
                None => &mut silent,
            };
            first(programs, page, figure, observer)
        };
        let Some(url) = part("images.url", Some(&program.url))
            .map(absolute)
            .and_then(&mut web)
        else {
            continue;
        };
        let image = Image {
            caption: part("images.caption", program.caption.as_ref()),
            alt: part("images.alt", program.alt.as_ref()),
            credit: part("images.credit", program.credit.as_ref()),
            is_cover: false,
            url,
        };
        match images.iter_mut().find(|known| known.url == image.url) {
            Some(known) => {
                known.caption = known.caption.take().or(image.caption);
                known.alt = known.alt.take().or(image.alt);
                known.credit = known.credit.take().or(image.credit);
            }
            None => images.push(image),
        }
    }
    images
}

fn related_of(
    program: &RelatedProgram,
    page: &Page<'_>,
    warnings: &mut Vec<Warning>,
    observer: &mut dyn Observer,
) -> Vec<Related> {
    observer.field("related.each");
    let mut silent = Silent;
    elements(program.each.eval_with(page, None, observer))
        .into_iter()
        .enumerate()
        .filter_map(|(index, item)| {
            let mut part = |field: &str, programs: Option<&Programs>| {
                let observer = match programs {
                    Some(_) => inside(index, field, observer, &mut silent),
                    None => &mut silent,
                };
                first(programs, page, item, observer)
            };
            Some(Related {
                title: part("related.title", Some(&program.title))?,
                url: part("related.url", program.url.as_ref()).filter(|url| {
                    web_link(url, "related[].url")
                        .map_err(|warning| warnings.push(warning.into()))
                        .is_ok()
                }),
                summary: part("related.summary", program.summary.as_ref()),
            })
        })
        .collect()
}

fn custom_value(
    custom: &CustomProgram,
    field: &str,
    page: &Page<'_>,
    observer: &mut dyn Observer,
) -> Option<serde_json::Value> {
    match custom {
        CustomProgram::One(program) => program
            .first_text_with(page, None, observer)
            .map(|text| normalize_text(&text))
            .filter(|text| !text.is_empty())
            .map(serde_json::Value::String),
        CustomProgram::All(programs) => {
            let all = texts(Some(programs), page, None, observer);
            (!all.is_empty()).then(|| all.into_iter().map(serde_json::Value::String).collect())
        }
        CustomProgram::Each { each, fields } => {
            let mut silent = Silent;
            let objects: Vec<serde_json::Value> = elements(each.eval_with(page, None, observer))
                .into_iter()
                .enumerate()
                .map(|(index, element)| {
                    fields
                        .iter()
                        .filter_map(|(key, program)| {
                            let observer =
                                inside(index, &format!("{field}.{key}"), observer, &mut silent);
                            let text = normalize_text(&program.first_text_with(
                                page,
                                Some(element),
                                observer,
                            )?);
                            (!text.is_empty())
                                .then(|| (key.clone(), serde_json::Value::String(text)))
                        })
                        .collect::<serde_json::Map<_, _>>()
                })
                .filter(|object| !object.is_empty())
                .map(serde_json::Value::Object)
                .collect();
            (!objects.is_empty()).then_some(serde_json::Value::Array(objects))
        }
    }
}

#[cfg(test)]
mod tests {
    use trawl_rules::SourceText;

    use crate::{Pack, PageInput, Registry};

    const RULE: &str = "name: T\nhosts: [t.example]\nfields:\n  title: h1\n  images:\n    cover: meta(og:image)\n    each: figure\n    url: img | attr(src)\n  related:\n    each: li\n    title: a\n    url: a | attr(href)\n";

    fn record(page: &str, url: Option<&str>, rule: Option<&str>) -> crate::Record {
        let source = SourceText {
            path: "t.yaml".into(),
            text: RULE.into(),
        };
        let pack = Pack::from_sources(vec![source], &Registry::standard()).unwrap();
        let input = PageInput {
            bytes: page.as_bytes(),
            url,
            rule,
            ..PageInput::default()
        };
        pack.extract(&input).unwrap().record
    }

    // javascript:, data:, vbscript: and file: URLs from a page reached url, images and related.
    #[test]
    fn only_http_urls_reach_the_record_and_each_dropped_one_is_a_warning() {
        let page = r#"<html><head><meta property="og:image" content="javascript:alert(1)"></head><body><h1>T</h1>
            <figure><img src="data:image/svg+xml,<svg onload=alert(1)>"></figure>
            <figure><img src=" JaVaScRiPt:alert(2)"></figure>
            <figure><img src="/ok.jpg"></figure>
            <ul><li><a href="vbscript:msgbox(1)">one</a></li><li><a href="file:///etc/passwd">two</a></li>
            <li><a href="https://t.example/three">three</a></li></ul></body></html>"#;
        let record = record(page, Some("https://t.example/a"), None);
        let images: Vec<&str> = record.images.iter().map(|i| i.url.as_str()).collect();
        assert_eq!(images, ["https://t.example/ok.jpg"]);
        let related: Vec<Option<&str>> = record.related.iter().map(|r| r.url.as_deref()).collect();
        assert_eq!(related, [None, None, Some("https://t.example/three")]);
        for (field, scheme) in [
            ("images[].url", "javascript"),
            ("images[].url", "data"),
            ("related[].url", "vbscript"),
            ("related[].url", "file"),
        ] {
            let warning = format!("{field}: dropped a `{scheme}:` URL");
            assert!(
                record
                    .warnings
                    .iter()
                    .any(|w| w.to_string().starts_with(&warning)),
                "{warning}: {:?}",
                record.warnings
            );
        }
    }

    // A javascript: canonical link became the record's url.
    #[test]
    fn a_page_url_that_is_not_http_is_passed_over_with_a_warning() {
        let page = r#"<link rel="canonical" href="javascript:alert(1)"><h1>T</h1>"#;
        let record = record(page, None, Some("T"));
        assert_eq!(record.url, "");
        assert!(
            record.warnings.iter().any(|w| w
                .to_string()
                .starts_with("url: dropped a `javascript:` URL")),
            "{:?}",
            record.warnings
        );
        let source = SourceText {
            path: "t.yaml".into(),
            text: RULE.into(),
        };
        let pack = Pack::from_sources(vec![source], &Registry::standard()).unwrap();
        let given = PageInput {
            bytes: page.as_bytes(),
            url: Some("data:text/html,x"),
            ..PageInput::default()
        };
        assert!(pack.extract(&given).is_err());
    }
}
