//! Rules first, the generic extractor where they fall short: for pages no rule serves, and
//! for fields a rule left empty (the stale-rule guard).

use scraper::Html;
use trawl_engine::{
    decode_html, sanitise, Extraction, Extractor, Observer, Pack, Page, PageError, PageInput,
    Record, Rule, Silent,
};

/// The `site` of records the generic extractor made.
pub const SITE: &str = "generic";

/// When the generic extractor is used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// For pages no rule serves, and for the title or body a rule left empty (the default).
    #[default]
    Fallback,
    /// Only for the title or body a rule left empty: a page with no rule is an error
    /// (how `trawl eval` measures the rules).
    Guard,
    /// For every page, rules or not (`--generic`).
    Always,
    /// Never: a page with no rule is an error (`--no-generic`).
    Never,
}

/// A page's record, and the rule that made it (none when the generic extractor read the
/// whole page).
pub struct Outcome<'p> {
    /// The record.
    pub record: Record,
    /// The rule chosen for the page, if one served it.
    pub rule: Option<&'p Rule>,
}

/// Extracts one page: decodes and parses it once, then applies the rule and, as `mode`
/// says, the generic extractor.
pub fn extract_page<'p>(
    pack: &'p Pack,
    input: &PageInput<'_>,
    mode: Mode,
) -> Result<Outcome<'p>, PageError> {
    let decoded = decode_html(input.bytes, input.content_type);
    let html = trawl_engine::parse_html(&decoded.text);
    extract_parsed_page(pack, &html, input, mode, &mut Silent)
}

/// [`extract_page`] on a page already parsed, telling `observer` every step the rule takes
/// (`trawl eval --diff` watches where paragraphs come from). Every record it returns has been
/// through [`sanitise`].
pub fn extract_parsed_page<'p>(
    pack: &'p Pack,
    html: &Html,
    input: &PageInput<'_>,
    mode: Mode,
    observer: &mut dyn Observer,
) -> Result<Outcome<'p>, PageError> {
    let mut outcome = read_page(pack, html, input, mode, observer)?;
    sanitise(&mut outcome.record);
    Ok(outcome)
}

/// The record as the rule and the generic extractor read it, before [`sanitise`].
fn read_page<'p>(
    pack: &'p Pack,
    html: &Html,
    input: &PageInput<'_>,
    mode: Mode,
    observer: &mut dyn Observer,
) -> Result<Outcome<'p>, PageError> {
    let generic = |html: &Html| -> Result<Record, PageError> {
        let url = pack.page_url(html, input)?;
        let page = Page::new(html, url.as_ref(), chrono_tz::UTC);
        Ok(crate::extract(&page))
    };
    let by_rule = |extraction: Extraction<'p>, guarded: bool| {
        let record = match guarded {
            true => guard(extraction.record, extraction.rule, html, pack, input),
            false => extraction.record,
        };
        Outcome {
            record,
            rule: Some(extraction.rule),
        }
    };
    match mode {
        Mode::Always => generic(html).map(|record| Outcome { record, rule: None }),
        Mode::Never => pack
            .extract_parsed(html, input, observer)
            .map(|extraction| by_rule(extraction, false)),
        Mode::Guard => pack
            .extract_parsed(html, input, observer)
            .map(|extraction| by_rule(extraction, true)),
        Mode::Fallback => match pack.extract_parsed(html, input, observer) {
            Ok(extraction) => Ok(by_rule(extraction, true)),
            Err(PageError::NoRule { url, .. }) => {
                let mut record = generic(html)?;
                record
                    .warnings
                    .push(format!("no rule for {url}; read by the generic extractor"));
                Ok(Outcome { record, rule: None })
            }
            Err(error) => Err(error),
        },
    }
}

/// The stale-rule guard: a title or body the rule left empty comes from the generic
/// extractor, with a warning naming the rule and the field.
fn guard(
    mut record: Record,
    rule: &Rule,
    html: &Html,
    pack: &Pack,
    input: &PageInput<'_>,
) -> Record {
    let no_title = record.title.is_empty();
    let no_body = record.body.paragraphs().next().is_none();
    if !no_title && !no_body {
        return record;
    }
    let Ok(url) = pack.page_url(html, input) else {
        return record;
    };
    let page = Page::new(html, url.as_ref(), rule.zone);
    let generic = crate::extract(&page);
    let mut filled = false;
    if no_title && !generic.title.is_empty() {
        record.title = generic.title;
        record.warnings.retain(|w| w != "title: nothing matched");
        record.warnings.push(format!(
            "rule `{}` yielded no title; title from the generic extractor",
            rule.name
        ));
        filled = true;
    }
    if no_body && generic.body.paragraphs().next().is_some() {
        record.body = generic.body;
        record
            .warnings
            .retain(|w| w != "body: no paragraphs matched");
        record.warnings.push(format!(
            "rule `{}` yielded no body; body from the generic extractor",
            rule.name
        ));
        filled = true;
    }
    if filled {
        record.extractor = Extractor::RuleAndGeneric;
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use trawl_engine::Registry;
    use trawl_rules::SourceText;

    fn pack(rule: &str) -> Pack {
        let source = SourceText {
            path: "example.com.yaml".into(),
            text: rule.into(),
        };
        Pack::from_sources(vec![source], &Registry::standard()).unwrap()
    }

    const PAGE: &str = "<h1>Harbour strike ends</h1><div class=story>\
        <p>The strike ended on Tuesday, after the council and the union agreed on pay.</p>\
        <p>Work at the harbour starts again on Monday, with the night shift first.</p></div>";

    fn input(url: &str) -> PageInput<'_> {
        PageInput {
            bytes: PAGE.as_bytes(),
            url: Some(url),
            ..PageInput::default()
        }
    }

    #[test]
    fn pages_without_a_rule_are_read_generically_unless_told_not_to() {
        let pack = pack("name: Example\nhosts: [example.com]\nfields:\n  title: h1 | text\n");
        let record = extract_page(&pack, &input("https://other.org/a"), Mode::Fallback)
            .unwrap()
            .record;
        assert_eq!(record.site, SITE);
        assert_eq!(record.extractor, Extractor::Generic);
        assert_eq!(record.body.paragraphs().count(), 2);
        assert!(record.warnings[0].starts_with("no rule for https://other.org/a"));
        let Err(error) = extract_page(&pack, &input("https://other.org/a"), Mode::Never) else {
            panic!("with --no-generic a page no rule serves is an error");
        };
        assert!(matches!(error, PageError::NoRule { .. }));
    }

    #[test]
    fn a_stale_rule_gets_its_empty_fields_from_the_generic_extractor() {
        let pack = pack(
            "name: Example\nhosts: [example.com]\nfields:\n  title: h1.gone | text\nbody:\n  root: .old-body\n",
        );
        let record = extract_page(&pack, &input("https://example.com/a"), Mode::Fallback)
            .unwrap()
            .record;
        assert_eq!(record.site, "Example");
        assert_eq!(record.extractor, Extractor::RuleAndGeneric);
        assert_eq!(record.title, "Harbour strike ends");
        assert_eq!(record.body.paragraphs().count(), 2);
        assert_eq!(
            record.warnings,
            [
                "rule `Example` yielded no title; title from the generic extractor",
                "rule `Example` yielded no body; body from the generic extractor"
            ]
        );
    }

    #[test]
    fn records_made_by_a_rule_serialise_without_the_extractor_field() {
        let pack = pack("name: Example\nhosts: [example.com]\nfields:\n  title: h1 | text\nbody:\n  root: .story\n");
        let record = extract_page(&pack, &input("https://example.com/a"), Mode::Fallback)
            .unwrap()
            .record;
        assert_eq!(record.extractor, Extractor::Rule);
        let json = serde_json::to_string(&record).unwrap();
        assert!(!json.contains("extractor"));
        let forced = extract_page(&pack, &input("https://example.com/a"), Mode::Always)
            .unwrap()
            .record;
        assert!(serde_json::to_string(&forced)
            .unwrap()
            .contains(r#""extractor":"generic""#));
    }
}
