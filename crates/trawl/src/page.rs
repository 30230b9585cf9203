//! Rules first, the generic extractor where they fall short: for pages no rule serves, for
//! fields a rule left empty, and for fields that disagree with the generic reading of the
//! same page (the stale-rule guard and its agreement check, [`trawl_generic::agreement`]).

use scraper::Html;
use trawl_engine::{
    decode_html, sanitise, Extraction, MadeBy, Observer, Pack, Page, PageError, PageInput, Record,
    Rule, Silent, Warning,
};
use trawl_generic::agreement::{self, Disagreement, Field};
use url::Url;

/// When the generic extractor is used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// For pages no rule serves, and for the title or body a rule left empty (the default).
    #[default]
    Fallback,
    /// As [`Mode::Fallback`], and for the fields that disagree with the generic reading of
    /// the page (the agreement check, `--agreement`; it reads every page twice over, so it
    /// is not the default).
    Checked,
    /// Only for the title or body a rule left empty and the fields that disagree with the
    /// generic reading: a page with no rule is an error (how `trawl eval` measures the
    /// rules).
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
    /// What of the rule's record disagreed with the generic reading (the fields then come
    /// from the generic reading where it has them).
    pub disagreements: Vec<Disagreement>,
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

/// The record as the rule and the generic extractor read it, before [`sanitise`]. The
/// page's URL is resolved once, here, for the rule, the generic reading and the guard.
fn read_page<'p>(
    pack: &'p Pack,
    html: &Html,
    input: &PageInput<'_>,
    mode: Mode,
    observer: &mut dyn Observer,
) -> Result<Outcome<'p>, PageError> {
    let url = pack.page_url(html, input)?;
    let url = url.as_ref();
    let generic = || trawl_generic::extract(&Page::new(html, url, chrono_tz::UTC));
    let by_rule = |extraction: Extraction<'p>, check: Option<Check>| {
        let (record, disagreements) = match check {
            Some(check) => guard(extraction.record, extraction.rule, html, url, check),
            None => (extraction.record, Vec::new()),
        };
        Outcome {
            record,
            rule: Some(extraction.rule),
            disagreements,
        }
    };
    let whole = |record| Outcome {
        record,
        rule: None,
        disagreements: Vec::new(),
    };
    let check = match mode {
        Mode::Fallback => Check::EmptyOnly,
        _ => Check::Agreement,
    };
    match mode {
        Mode::Always => Ok(whole(generic())),
        Mode::Never => pack
            .extract_at(html, input, url, observer)
            .map(|extraction| by_rule(extraction, None)),
        Mode::Guard => pack
            .extract_at(html, input, url, observer)
            .map(|extraction| by_rule(extraction, Some(check))),
        Mode::Fallback | Mode::Checked => match pack.extract_at(html, input, url, observer) {
            Ok(extraction) => Ok(by_rule(extraction, Some(check))),
            Err(PageError::NoRule { url, .. }) => {
                let mut record = generic();
                record.warnings.push(Warning::NoRule { url });
                Ok(whole(record))
            }
            Err(error) => Err(error),
        },
    }
}

/// What the guard looks at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Empty titles and bodies only.
    EmptyOnly,
    /// Empty fields, and fields that disagree with the generic reading.
    Agreement,
}

/// The stale-rule guard: a title or body the rule left empty comes from the generic
/// extractor, and so does a field that disagrees with the generic reading (where that has
/// the field), each with a warning naming the rule, the field and the figure.
fn guard(
    mut record: Record,
    rule: &Rule,
    html: &Html,
    url: Option<&Url>,
    check: Check,
) -> (Record, Vec<Disagreement>) {
    let no_title = record.title.is_empty();
    let no_body = record.body.is_empty();
    if check == Check::EmptyOnly && !no_title && !no_body {
        return (record, Vec::new());
    }
    let page = Page::new(html, url, rule.zone);
    let generic = trawl_generic::extract(&page);
    let disagreements = match check {
        Check::Agreement => agreement::check(&record, &generic, &page),
        Check::EmptyOnly => Vec::new(),
    };
    // The rule's "nothing matched" gives way to a note that the generic reading filled in.
    let from_generic = |record: &mut Record, nothing: Warning, field: &'static str| {
        record.warnings.retain(|w| *w != nothing);
        let rule = rule.name.clone();
        record.warnings.push(Warning::FromGeneric { rule, field });
    };
    let mut filled = false;
    if no_title && !generic.title.is_empty() {
        record.title = generic.title.clone();
        from_generic(&mut record, Warning::NoTitle, "title");
        filled = true;
    }
    if no_body && !generic.body.is_empty() {
        record.body = generic.body.clone();
        from_generic(&mut record, Warning::NoBody, "body");
        filled = true;
    }
    for disagreement in &disagreements {
        let field = disagreement.field();
        let replaced = match field {
            Field::Title if !generic.title.is_empty() => {
                record.title = generic.title.clone();
                true
            }
            Field::Body => {
                record.body = generic.body.clone();
                true
            }
            Field::Published if generic.published.is_some() => {
                record.published = generic.published.clone();
                true
            }
            _ => false,
        };
        record.warnings.push(Warning::Disagrees {
            rule: rule.name.clone(),
            field: field.name(),
            how: disagreement.to_string(),
            replaced,
        });
        filled |= replaced;
    }
    if filled {
        record.extractor = MadeBy::RuleAndGeneric;
    }
    (record, disagreements)
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
        assert_eq!(record.site, trawl_generic::SITE);
        assert_eq!(record.extractor, MadeBy::Generic);
        assert_eq!(record.body.paragraphs().count(), 2);
        assert!(record.warnings[0]
            .to_string()
            .starts_with("no rule for https://other.org/a"));
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
        assert_eq!(record.extractor, MadeBy::RuleAndGeneric);
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
    fn a_rule_reading_the_wrong_block_gets_the_generic_body_when_checked() {
        let page = format!(
            "<h1>Harbour strike ends</h1><ul class=more>{}</ul><div class=story>{}</div>",
            "<li><a href=/x>Five things to know about the new bridge over the river</a></li>\
             <li><a href=/y>Weather: rain all week long, and wind on the coast too</a></li>",
            "<p>The strike ended on Tuesday, after the council and the union agreed on pay \
             for the next three years, with a bonus for the night shift.</p>\
             <p>Work at the harbour starts again on Monday, with the night shift first, \
             and ships waiting outside the port can unload from Wednesday on.</p>"
        );
        let pack = pack("name: Example\nhosts: [example.com]\nfields:\n  title: h1 | text\nbody:\n  root: ul.more\n  paragraphs: a\n");
        let input = PageInput {
            bytes: page.as_bytes(),
            url: Some("https://example.com/a"),
            ..PageInput::default()
        };
        let outcome = extract_page(&pack, &input, Mode::Checked).unwrap();
        assert_eq!(outcome.record.extractor, MadeBy::RuleAndGeneric);
        assert!(outcome
            .record
            .body
            .paragraphs()
            .all(|p| p.contains("harbour") || p.contains("strike")));
        assert_eq!(outcome.disagreements.len(), 1);
        let warning = outcome.record.warnings[0].to_string();
        assert!(
            warning.starts_with("rule `Example`: body disagrees with the generic reading: "),
            "{warning}"
        );
        assert!(warning.contains("% of its words are in it (at least 50% expected)"));
        assert!(warning.ends_with("; body from the generic extractor"));
        let unchecked = extract_page(&pack, &input, Mode::Fallback).unwrap();
        assert_eq!(unchecked.record.extractor, MadeBy::Rule);
        assert!(unchecked.disagreements.is_empty());
    }

    #[test]
    fn records_made_by_a_rule_serialise_without_the_extractor_field() {
        let pack = pack("name: Example\nhosts: [example.com]\nfields:\n  title: h1 | text\nbody:\n  root: .story\n");
        let record = extract_page(&pack, &input("https://example.com/a"), Mode::Fallback)
            .unwrap()
            .record;
        assert_eq!(record.extractor, MadeBy::Rule);
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
