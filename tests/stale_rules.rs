//! The agreement check (`trawl_generic::agreement`) against data: the bundled rules' records
//! of every fixture and corpus page raise no disagreement, and records of the same rules
//! broken the ways redesigns break rules are flagged.
//!
//! The breakages are generated from the real rules and pages, never written by hand: the
//! body root's classes renamed, the body root moved to the page's largest teaser list (its
//! links read as paragraphs), the paragraphs selector matching nothing, the title selector
//! on the nearest short text before the headline (a kicker, a section label), the date from
//! another element (a `time` or a modified-date meta tag with another day). A broken record
//! counts when its field differs from the sound rule's; it is flagged when the guard filled
//! or replaced a field or left one empty (which `trawl health` reports).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate};
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};
use serde_yaml::{Mapping, Value};
use trawl::{extract_page, Mode, Outcome};
use trawl_engine::{decode_html, parse_html, Pack, Page, PageInput, Record, Registry};
use trawl_generic::agreement::{
    Field, Figures, MAX_DATE_HOURS, MIN_GENERIC_IN_RULE, MIN_LENGTH_RATIO, MIN_RULE_IN_GENERIC,
    MIN_TITLE_OVERLAP,
};
use trawl_rules::SourceText;

/// A page to check: its bytes, URL and crawl date.
struct TestPage {
    id: String,
    bytes: Vec<u8>,
    url: String,
    date: Option<NaiveDate>,
}

impl TestPage {
    fn input(&self) -> PageInput<'_> {
        PageInput {
            bytes: &self.bytes,
            url: Some(&self.url),
            date: self.date,
            ..PageInput::default()
        }
    }
}

fn fixture_pages() -> Vec<TestPage> {
    let root = trawl_tests::workspace().join("tests/fixtures");
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let path = entry.expect("the fixtures are readable").into_path();
        let name = path.to_string_lossy();
        if !(name.ends_with(".html") || name.ends_with(".html.gz")) {
            continue;
        }
        let input = trawl::inputs::Input::File(path.clone());
        let Some(url) = input.sidecar_url() else {
            continue;
        };
        pages.push(TestPage {
            id: path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .display()
                .to_string(),
            bytes: input.read().expect("a fixture is readable"),
            url,
            date: None,
        });
    }
    pages
}

fn corpus_pages() -> Vec<TestPage> {
    let corpus = trawl_tests::corpus();
    if !corpus.exists() {
        return Vec::new();
    }
    let pages = trawl_eval::discover(&corpus).expect("the corpus is readable");
    pages
        .iter()
        .filter_map(|page| {
            let label = trawl_eval::read_label(page).ok()?;
            let date = label
                .crawl_date
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok());
            Some(TestPage {
                id: page.id.clone(),
                bytes: std::fs::read(&page.html).ok()?,
                url: label.url?,
                date,
            })
        })
        .collect()
}

/// The ways a redesign breaks a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Breakage {
    RootRenamed,
    RootOnTeasers,
    ParagraphsMatchNothing,
    TitleOnKicker,
    DateFromElsewhere,
}

const BREAKAGES: [Breakage; 5] = [
    Breakage::RootRenamed,
    Breakage::RootOnTeasers,
    Breakage::ParagraphsMatchNothing,
    Breakage::TitleOnKicker,
    Breakage::DateFromElsewhere,
];

/// Every layout of a rule: its versions, or the rule itself.
fn layouts(rule: &mut Value) -> Vec<&mut Mapping> {
    let Some(map) = rule.as_mapping_mut() else {
        return Vec::new();
    };
    if map.contains_key("versions") {
        return map
            .get_mut("versions")
            .and_then(Value::as_sequence_mut)
            .map(|versions| {
                versions
                    .iter_mut()
                    .filter_map(Value::as_mapping_mut)
                    .collect()
            })
            .unwrap_or_default();
    }
    vec![map]
}

fn section<'a>(layout: &'a mut Mapping, key: &str) -> Option<&'a mut Mapping> {
    layout.get_mut(key).and_then(Value::as_mapping_mut)
}

/// A selector with its classes, ids and class/id attribute values renamed.
fn renamed(selector: &str) -> String {
    let classes = regex::Regex::new(r"([.#])(-?[_a-zA-Z][\w-]*)").unwrap();
    let attributes = regex::Regex::new(r#"((?:class|id)[~*^$|]?=["']?)"#).unwrap();
    let text = classes.replace_all(selector, "${1}${2}-renamed");
    attributes.replace_all(&text, "${1}renamed-").into_owned()
}

/// The CSS path of an element: `html > body > div:nth-child(2) > ...`; `None` for a tag
/// name CSS cannot write plainly.
fn css_path(element: ElementRef<'_>) -> Option<String> {
    let mut parts = Vec::new();
    let mut node: NodeRef<'_, Node> = *element;
    while let Some(el) = node.value().as_element() {
        let name = el.name();
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return None;
        }
        let index = node
            .prev_siblings()
            .filter(|s| s.value().is_element())
            .count()
            + 1;
        parts.push(format!("{name}:nth-child({index})"));
        match node.parent() {
            Some(parent) => node = parent,
            None => break,
        }
    }
    parts.reverse();
    Some(parts.join(" > "))
}

fn text_of(element: ElementRef<'_>) -> String {
    element.text().collect::<Vec<_>>().join(" ")
}

fn squashed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's largest list of teaser links outside the article: the element with the most
/// links of headline length, whose text is mostly those links and holds no paragraph of the
/// sound record (the innermost on a tie).
fn teaser_list(html: &Html, sound: &Record) -> Option<String> {
    let anchor = scraper::Selector::parse("a").unwrap();
    let openings: Vec<String> = sound
        .body
        .paragraphs()
        .map(|p| p.chars().take(40).collect())
        .collect();
    let mut best: Option<(usize, ElementRef<'_>)> = None;
    for element in html
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        if !matches!(
            element.value().name(),
            "ul" | "ol" | "nav" | "aside" | "section" | "div"
        ) {
            continue;
        }
        let links: Vec<String> = element
            .select(&anchor)
            .map(|a| squashed(&text_of(a)))
            .filter(|t| t.chars().count() >= 20)
            .collect();
        if links.len() < 3 {
            continue;
        }
        let text = squashed(&text_of(element));
        let link_chars: usize = links.iter().map(|t| t.chars().count()).sum();
        if (link_chars as f64) < 0.6 * text.chars().count() as f64 {
            continue;
        }
        if openings.iter().any(|o| text.contains(o.as_str())) {
            continue;
        }
        if best.is_none_or(|(count, _)| links.len() >= count) {
            best = Some((links.len(), element));
        }
    }
    css_path(best?.1)
}

/// The nearest element before the page's first `h1` with a short text of its own, not the
/// title: a kicker, a section label, a breadcrumb.
fn kicker(html: &Html, title: &str) -> Option<String> {
    let h1 = html
        .select(&scraper::Selector::parse("body h1").unwrap())
        .next()?;
    let body = html
        .select(&scraper::Selector::parse("body").unwrap())
        .next()?;
    let ancestors: Vec<_> = h1.ancestors().map(|a| a.id()).collect();
    let mut found = None;
    for element in body.descendants().filter_map(ElementRef::wrap) {
        if element.id() == h1.id() {
            break;
        }
        if ancestors.contains(&element.id())
            || matches!(element.value().name(), "script" | "style" | "noscript")
        {
            continue;
        }
        let text = squashed(&text_of(element));
        let chars = text.chars().count();
        if (3..=60).contains(&chars) && text != title {
            found = Some(element);
        }
    }
    css_path(found?)
}

/// Other date sources of the page, as selector expressions: `time[datetime]` elements and
/// modified-date meta tags.
fn other_dates(html: &Html) -> Vec<String> {
    let mut out = Vec::new();
    let times = scraper::Selector::parse("body time[datetime]").unwrap();
    for time in html.select(&times) {
        if let Some(path) = css_path(time) {
            out.push(format!("{path} | attr(datetime)"));
        }
    }
    let metas = scraper::Selector::parse("meta[property], meta[name]").unwrap();
    for meta in html.select(&metas) {
        let el = meta.value();
        let name = el.attr("property").or(el.attr("name")).unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        if (lower.contains("modified") || lower.contains("updated"))
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ":_-.".contains(c))
        {
            out.push(format!("meta({name})"));
        }
    }
    out
}

/// The rule text with one breakage, for one page; `None` where it does not apply.
fn broken_texts(text: &str, breakage: Breakage, html: &Html, sound: &Record) -> Vec<String> {
    let mut rule: Value = serde_yaml::from_str(text).expect("a bundled rule is YAML");
    let apply = |rule: &mut Value, change: &dyn Fn(&mut Mapping) -> bool| {
        let mut changed = false;
        for layout in layouts(rule) {
            changed |= change(layout);
        }
        changed
    };
    let set = |map: &mut Mapping, key: &str, value: String| {
        map.insert(Value::from(key), Value::from(value));
    };
    let mut variants = Vec::new();
    match breakage {
        Breakage::RootRenamed => {
            let changed = apply(&mut rule, &|layout| {
                let Some(body) = section(layout, "body") else {
                    return false;
                };
                let key = if body.contains_key("root") {
                    "root"
                } else {
                    "paragraphs"
                };
                let Some(old) = body.get(key).and_then(Value::as_str).map(str::to_owned) else {
                    return false;
                };
                set(body, key, renamed(&old));
                true
            });
            if changed {
                variants.push(rule);
            }
        }
        Breakage::RootOnTeasers => {
            if let Some(path) = teaser_list(html, sound) {
                let changed = apply(&mut rule, &|layout| {
                    let mut body = Mapping::new();
                    set(&mut body, "root", path.clone());
                    set(&mut body, "paragraphs", "a".to_owned());
                    layout.insert(Value::from("body"), Value::Mapping(body));
                    true
                });
                if changed {
                    variants.push(rule);
                }
            }
        }
        Breakage::ParagraphsMatchNothing => {
            let changed = apply(&mut rule, &|layout| {
                let Some(body) = section(layout, "body") else {
                    return false;
                };
                set(body, "paragraphs", "p.trawl-renamed".to_owned());
                true
            });
            if changed {
                variants.push(rule);
            }
        }
        Breakage::TitleOnKicker => {
            if let Some(path) = kicker(html, &sound.title) {
                let changed = apply(&mut rule, &|layout| {
                    let Some(fields) = section(layout, "fields") else {
                        return false;
                    };
                    set(fields, "title", format!("{path} | text"));
                    true
                });
                if changed {
                    variants.push(rule);
                }
            }
        }
        Breakage::DateFromElsewhere => {
            for source in other_dates(html) {
                let mut rule = rule.clone();
                let changed = apply(&mut rule, &|layout| {
                    let Some(fields) = section(layout, "fields") else {
                        return false;
                    };
                    set(fields, "published", source.clone());
                    true
                });
                if changed {
                    variants.push(rule);
                }
            }
        }
    }
    variants
        .into_iter()
        .map(|rule| serde_yaml::to_string(&rule).expect("YAML writes"))
        .collect()
}

fn hours_apart(a: &Option<String>, b: &Option<String>) -> Option<i64> {
    let parse = |d: &Option<String>| DateTime::parse_from_rfc3339(d.as_deref()?).ok();
    Some((parse(a)? - parse(b)?).num_hours().abs())
}

/// Whether the broken record's field differs from the sound one.
fn differs(breakage: Breakage, sound: &Record, broken: &Record) -> bool {
    match breakage {
        Breakage::RootRenamed | Breakage::RootOnTeasers | Breakage::ParagraphsMatchNothing => {
            sound.body.paragraphs().ne(broken.body.paragraphs())
        }
        Breakage::TitleOnKicker => squashed(&sound.title) != squashed(&broken.title),
        Breakage::DateFromElsewhere => match &broken.published {
            None => sound.published.is_some(),
            Some(_) => hours_apart(&sound.published, &broken.published).is_none_or(|h| h > 24),
        },
    }
}

/// Whether the guard noticed the broken field: the rule left it empty (the guard fills it,
/// `trawl health` counts it), or the agreement check disagreed on it.
fn flagged(breakage: Breakage, raw: &Record, outcome: &Outcome<'_>) -> bool {
    let field = match breakage {
        Breakage::RootRenamed | Breakage::RootOnTeasers | Breakage::ParagraphsMatchNothing => {
            Field::Body
        }
        Breakage::TitleOnKicker => Field::Title,
        Breakage::DateFromElsewhere => Field::Published,
    };
    let empty = match field {
        Field::Body => raw.body.is_empty(),
        Field::Title => raw.title.is_empty(),
        Field::Published => raw.published.is_none(),
    };
    empty || outcome.disagreements.iter().any(|d| d.field() == field)
}

fn pack_of(path: &Path, text: String) -> Option<Pack> {
    let source = SourceText {
        path: PathBuf::from(path),
        text: text.into(),
    };
    Pack::from_sources(vec![source], &Registry::standard()).ok()
}

#[derive(Default)]
struct Tally {
    broken: usize,
    flagged: usize,
    missed: Vec<String>,
}

#[test]
#[allow(clippy::print_stderr)] // the figures are the point: `-- --nocapture` shows the margins
fn sound_rules_agree_and_broken_rules_are_flagged() {
    let pack = Pack::load_dir(
        &trawl_tests::workspace().join("rules"),
        &Registry::standard(),
    )
    .expect("the bundled pack compiles");
    let mut pages = fixture_pages();
    let fixtures = pages.len();
    pages.extend(corpus_pages());
    let mut sound_pages = 0;
    let mut disagreeing = Vec::new();
    let mut seen: BTreeMap<&str, Vec<(f64, String)>> = BTreeMap::new();
    let mut tallies: BTreeMap<Breakage, Tally> = BTreeMap::new();
    for page in &pages {
        let input = page.input();
        let Ok(outcome) = extract_page(&pack, &input, Mode::Guard) else {
            continue;
        };
        let Some(rule) = outcome.rule else { continue };
        sound_pages += 1;
        if !outcome.disagreements.is_empty() {
            disagreeing.push(format!("{}: {:?}", page.id, outcome.record.warnings));
        }
        let sound = extract_page(&pack, &input, Mode::Never)
            .expect("the rule reads the page")
            .record;
        let html = parse_html(&decode_html(&page.bytes, None).text);
        let url = url::Url::parse(&page.url).ok();
        let view = Page::new(&html, url.as_ref(), rule.zone);
        let generic = trawl_generic::extract(&view);
        let figures = Figures::of(&sound, &generic, &view);
        let mut note = |name, figure: Option<f64>| {
            if let Some(figure) = figure {
                seen.entry(name)
                    .or_default()
                    .push((figure, page.id.clone()));
            }
        };
        let body = figures.body;
        note("rule body in generic", body.map(|b| b.rule_in_generic));
        let subset = body.filter(|b| b.rule_in_generic >= MIN_RULE_IN_GENERIC);
        note(
            "generic in rule body (rule's text in generic)",
            subset.map(|b| b.generic_in_rule),
        );
        let other = body.filter(|b| b.rule_in_generic < MIN_RULE_IN_GENERIC && b.rule_on_topic);
        note(
            "length ratio (other text, on topic)",
            other.map(|b| b.length_ratio),
        );
        note("title overlap", figures.title);
        note(
            "date distance, negated",
            figures.published_hours.map(|h| -h as f64),
        );
        let text = std::fs::read_to_string(&rule.path).expect("the rule file is readable");
        for breakage in BREAKAGES {
            for broken_text in broken_texts(&text, breakage, &html, &sound) {
                let Some(broken_pack) = pack_of(&rule.path, broken_text) else {
                    continue;
                };
                let Ok(raw) = extract_page(&broken_pack, &input, Mode::Never) else {
                    continue;
                };
                if !differs(breakage, &sound, &raw.record) {
                    continue;
                }
                let guarded = extract_page(&broken_pack, &input, Mode::Guard)
                    .expect("the broken rule read the page once already");
                let tally = tallies.entry(breakage).or_default();
                tally.broken += 1;
                if flagged(breakage, &raw.record, &guarded) {
                    tally.flagged += 1;
                } else {
                    let figures = Figures::of(&raw.record, &generic, &view);
                    tally.missed.push(format!("{} {figures:?}", page.id));
                }
                // One variant per page and breakage: the first that breaks the record.
                break;
            }
        }
    }
    eprintln!(
        "{sound_pages} sound records ({fixtures} fixture pages); thresholds: rule body in generic \
         {MIN_RULE_IN_GENERIC}, generic in rule body {MIN_GENERIC_IN_RULE}, length ratio \
         {MIN_LENGTH_RATIO}, title overlap {MIN_TITLE_OVERLAP}, date distance {MAX_DATE_HOURS} h"
    );
    for (name, mut figures) in seen {
        figures.sort_by(|a, b| a.0.total_cmp(&b.0));
        figures.truncate(4);
        eprintln!("lowest {name} of sound records: {figures:?}");
    }
    let (mut broken, mut caught) = (0, 0);
    for (breakage, tally) in &tallies {
        eprintln!(
            "{breakage:?}: {}/{} flagged; missed: {:?}",
            tally.flagged, tally.broken, tally.missed
        );
        broken += tally.broken;
        caught += tally.flagged;
    }
    let share = caught as f64 / broken.max(1) as f64;
    eprintln!(
        "all breakages: {caught}/{broken} flagged ({:.1}%)",
        share * 100.0
    );
    assert!(
        disagreeing.is_empty(),
        "sound rules disagree:\n{}",
        disagreeing.join("\n")
    );
    assert!(sound_pages >= 100, "only {sound_pages} pages had a rule");
    assert!(broken >= 300, "only {broken} broken records were generated");
    assert!(
        share >= 0.95,
        "only {:.1}% of broken records flagged",
        share * 100.0
    );
}
