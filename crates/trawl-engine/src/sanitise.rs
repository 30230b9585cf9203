//! The last step every record takes, whatever made it (a rule, the generic extractor, both,
//! a plugin): only http(s) URLs, and no control characters or bidi overrides in its text.
//!
//! ```
//! use trawl_engine::{sanitise, Image, Record};
//!
//! let mut record = Record {
//!     title: "Harbour\u{202e} strike\u{1b}[2J ends".into(),
//!     images: vec![Image { url: "javascript:alert(1)".into(), ..Image::default() }],
//!     ..Record::default()
//! };
//! sanitise(&mut record);
//! assert_eq!(record.title, "Harbour strike[2J ends");
//! assert!(record.images.is_empty());
//! assert_eq!(record.warnings, ["images[].url: dropped a `javascript:` URL; records keep http(s) URLs only"]);
//! ```

use url::Url;

use crate::record::{Body, Record};
use crate::warning::Warning;

/// Whether `link` may stand in a record: an http(s) URL, or a relative link when there was
/// no page URL to resolve it against. Otherwise (`javascript:`, `data:`, `vbscript:`, `file:`
/// and any other scheme) the warning saying it was dropped from `field`.
pub fn web_link(link: &str, field: &str) -> Result<(), String> {
    match Url::parse(link.trim()) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(()),
        Ok(url) => Err(format!(
            "{field}: dropped a `{}:` URL; records keep http(s) URLs only",
            url.scheme()
        )),
        Err(url::ParseError::RelativeUrlWithoutBase) => Ok(()),
        Err(error) => Err(format!(
            "{field}: dropped `{}`: {error}",
            clean_text(link.trim())
        )),
    }
}

/// Whether `c` may not stand in record text: control characters other than the line break
/// and tab a code block keeps (ESC starts terminal escape sequences), and the bidi
/// embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) that make text read
/// other than it is.
fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `text` without the characters [`is_hostile`] names.
fn clean_text(text: &str) -> String {
    text.chars().filter(|&c| !is_hostile(c)).collect()
}

fn clean(text: &mut String) {
    if text.chars().any(is_hostile) {
        *text = clean_text(text);
    }
}

fn clean_all<'a>(texts: impl IntoIterator<Item = &'a mut String>) {
    texts.into_iter().for_each(clean);
}

fn clean_json(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) => clean(text),
        serde_json::Value::Array(items) => items.iter_mut().for_each(clean_json),
        serde_json::Value::Object(map) => {
            let hostile_key = map.keys().any(|key| key.chars().any(is_hostile));
            if hostile_key {
                *map = std::mem::take(map)
                    .into_iter()
                    .map(|(key, value)| (clean_text(&key), value))
                    .collect();
            }
            map.values_mut().for_each(clean_json);
        }
        _ => {}
    }
}

fn clean_body(body: &mut Body) {
    clean_all(&mut body.summary);
    for section in &mut body.sections {
        clean_all(&mut section.headline);
        clean_all(&mut section.paragraphs);
    }
}

/// Makes `record` safe to hand on: URLs other than http(s) are dropped from `url`,
/// `images[].url` and `related[].url` (an image without its URL goes whole), each with a
/// warning naming the field; control characters and bidi overrides leave every text,
/// `extra` included. Rules drop bad URLs as they read them ([`web_link`]), so their records
/// pass unchanged; the generic extractor's and those plugins return are checked here.
pub fn sanitise(record: &mut Record) {
    let mut warnings = Vec::new();
    if let Err(warning) = web_link(&record.url, "url") {
        warnings.push(warning);
        record.url.clear();
    }
    record
        .images
        .retain(|image| match web_link(&image.url, "images[].url") {
            Ok(()) => true,
            Err(warning) => {
                warnings.push(warning);
                false
            }
        });
    for related in &mut record.related {
        if let Some(Err(warning)) = related
            .url
            .as_deref()
            .map(|url| web_link(url, "related[].url"))
        {
            warnings.push(warning);
            related.url = None;
        }
    }
    clean_all(
        [&mut record.url, &mut record.site, &mut record.title]
            .into_iter()
            .chain(record.publisher.as_mut())
            .chain(record.subtitle.as_mut())
            .chain(record.published.as_mut())
            .chain(record.modified.as_mut())
            .chain(record.language.as_mut())
            .chain(&mut record.authors)
            .chain(&mut record.topics),
    );
    clean_body(&mut record.body);
    for image in &mut record.images {
        clean_all(
            [&mut image.url]
                .into_iter()
                .chain(image.caption.as_mut())
                .chain(image.alt.as_mut())
                .chain(image.credit.as_mut()),
        );
    }
    for related in &mut record.related {
        clean_all(
            [&mut related.title]
                .into_iter()
                .chain(related.url.as_mut())
                .chain(related.summary.as_mut()),
        );
    }
    record.extra.values_mut().for_each(clean_json);
    if record.extra.keys().any(|key| key.chars().any(is_hostile)) {
        record.extra = std::mem::take(&mut record.extra)
            .into_iter()
            .map(|(key, value)| (clean_text(&key), value))
            .collect();
    }
    record
        .warnings
        .extend(warnings.into_iter().map(Warning::from));
    for warning in &mut record.warnings {
        let text = warning.to_string();
        if text.chars().any(is_hostile) {
            *warning = Warning::Other(clean_text(&text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Image, Related, Section};

    // The generic extractor and plugins put javascript:, vbscript:, file: and data: URLs in
    // images and related, which the rule path already dropped.
    #[test]
    fn urls_other_than_http_leave_every_url_field_with_a_warning() {
        let mut record = Record {
            url: "file:///etc/passwd".into(),
            images: vec![
                Image {
                    url: "vbscript:msgbox(1)".into(),
                    ..Image::default()
                },
                Image {
                    url: "https://a.example/i.jpg".into(),
                    ..Image::default()
                },
                Image {
                    url: "data:image/svg+xml,<svg onload=alert(1)>".into(),
                    ..Image::default()
                },
            ],
            related: vec![
                Related {
                    title: "One".into(),
                    url: Some(" JavaScript:alert(1)".into()),
                    summary: None,
                },
                Related {
                    title: "Two".into(),
                    url: Some("/two".into()),
                    summary: None,
                },
            ],
            ..Record::default()
        };
        sanitise(&mut record);
        assert_eq!(record.url, "");
        let images: Vec<&str> = record.images.iter().map(|i| i.url.as_str()).collect();
        assert_eq!(images, ["https://a.example/i.jpg"]);
        let related: Vec<Option<&str>> = record.related.iter().map(|r| r.url.as_deref()).collect();
        assert_eq!(related, [None, Some("/two")]);
        let schemes: Vec<String> = record
            .warnings
            .iter()
            .map(|w| w.to_string().split('`').nth(1).unwrap().to_owned())
            .collect();
        assert_eq!(schemes, ["file:", "vbscript:", "data:", "javascript:"]);
    }

    // A plugin's title carried U+202E (text shown reversed) and ESC sequences to terminals.
    #[test]
    fn control_characters_and_bidi_overrides_leave_every_text() {
        let hostile = "a\u{202e}b\u{2066}c\u{1b}[31md\u{0}e\u{85}f\u{7f}";
        let mut section = Section::default();
        section.push(hostile.into(), crate::ParagraphKind::Code);
        let mut record = Record {
            title: hostile.into(),
            authors: vec![hostile.into()],
            body: Body {
                summary: vec![hostile.into()],
                sections: vec![section],
            },
            extra: [(
                format!("k{hostile}"),
                serde_json::json!({ "x": [hostile], hostile: 1 }),
            )]
            .into_iter()
            .collect(),
            ..Record::default()
        };
        sanitise(&mut record);
        let json = serde_json::to_string(&record).unwrap();
        assert!(!json.chars().any(is_hostile), "{json}");
        assert!(!json.contains("\\u"), "{json}");
        assert_eq!(record.title, "abc[31mdef");
        assert_eq!(record.body.sections[0].paragraphs[0], "abc[31mdef");
    }

    #[test]
    fn line_breaks_in_code_and_clean_records_stay_as_they_are() {
        let mut section = Section::default();
        section.push("fn main() {\n\tok\n}".into(), crate::ParagraphKind::Code);
        let record = Record {
            url: "https://a.example/x".into(),
            title: "Harbour strike ends".into(),
            body: Body {
                summary: Vec::new(),
                sections: vec![section],
            },
            ..Record::default()
        };
        let mut sanitised = record.clone();
        sanitise(&mut sanitised);
        assert_eq!(sanitised, record);
    }
}
