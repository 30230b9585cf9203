//! The agreement check: a rule's record read beside the generic extractor's reading of the
//! same page, so that a rule a redesign broke is noticed even when it still matches
//! something (a teaser list for the body, a kicker for the title, another element's date).
//!
//! Each check gives a figure between 0 and 1 (or a distance for dates) and disagrees past a
//! threshold. The thresholds were chosen from data (`tests/stale_rules.rs`): the bundled rules'
//! records of every corpus page and fixture raise none, and records of the same rules broken
//! the ways redesigns break rules raise one.

use std::collections::HashMap;
use std::fmt;

use chrono::DateTime;
use scraper::Selector;
use std::sync::LazyLock;
use trawl_engine::{Page, Record};

use crate::tokens::tokens;

/// The least words the generic reading of a body needs before it can judge the rule's:
/// below it the generic found no article either, and says nothing.
pub const MIN_GENERIC_WORDS: usize = 15;
/// The least share of the rule's body words the generic reading also holds: below it the
/// rule reads something else (a teaser list, the comments).
pub const MIN_RULE_IN_GENERIC: f64 = 0.5;
/// The least share of the generic reading's words the rule's body holds when the rule's
/// words are in the generic reading: below it the rule lost most of the article (a
/// paragraphs selector matching nothing, leaving the lede).
pub const MIN_GENERIC_IN_RULE: f64 = 0.4;
/// Where the two read different text and the rule's is on the page's topic, the least
/// length of the rule's body beside the generic reading's: below it the rule kept only a
/// lede or a caption.
pub const MIN_LENGTH_RATIO: f64 = 0.5;
/// The least word overlap of the rule's title with the best of the page's headlines
/// (visible `h1`, `og:title`, `twitter:title`, `<title>`, JSON-LD `headline`, the generic
/// reading's title), over the longer of the two.
pub const MIN_TITLE_OVERLAP: f64 = 0.4;
/// The most hours the rule's publication date may be from the generic reading's.
pub const MAX_DATE_HOURS: i64 = 20;

/// A record field the check compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The headline.
    Title,
    /// The article text.
    Body,
    /// The publication date.
    Published,
}

impl Field {
    /// Its name in the record.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Body => "body",
            Field::Published => "published",
        }
    }
}

/// What disagreed, with the figure and the threshold it crossed.
#[derive(Debug, Clone, PartialEq)]
pub enum Disagreement {
    /// The rule's body shares too little with the generic reading.
    Body(BodyFigures),
    /// The rule's title overlaps none of the page's headlines enough.
    Title {
        /// The best overlap found.
        overlap: f64,
    },
    /// The rule's date is far from the generic reading's.
    Published {
        /// How far, in hours.
        hours: i64,
    },
}

impl Disagreement {
    /// The field that disagreed.
    pub fn field(&self) -> Field {
        match self {
            Disagreement::Body(_) => Field::Body,
            Disagreement::Title { .. } => Field::Title,
            Disagreement::Published { .. } => Field::Published,
        }
    }
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percent = |x: f64| (x * 100.0).round() as i64;
        match self {
            Disagreement::Body(body) => write!(
                f,
                "body disagrees with the generic reading: {}% of its words are in it (at least {}% expected), it holds {}% of the generic's (at least {}% expected), its length is {}% of the generic's",
                percent(body.rule_in_generic),
                percent(MIN_RULE_IN_GENERIC),
                percent(body.generic_in_rule),
                percent(MIN_GENERIC_IN_RULE),
                percent(body.length_ratio)
            ),
            Disagreement::Title { overlap } => write!(
                f,
                "title matches none of the page's headlines: best word overlap {}% (at least {}% expected)",
                percent(*overlap),
                percent(MIN_TITLE_OVERLAP)
            ),
            Disagreement::Published { hours } => write!(
                f,
                "published is {hours} hours from the generic reading's date (at most {MAX_DATE_HOURS} expected)"
            ),
        }
    }
}

/// How a rule's body compares with the generic reading's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BodyFigures {
    /// Share of the rule's words found in the generic reading.
    pub rule_in_generic: f64,
    /// Share of the generic reading's words found in the rule's body.
    pub generic_in_rule: f64,
    /// The rule's words over the generic reading's.
    pub length_ratio: f64,
    /// Whether the page's own headline and description words are at least as present in
    /// the rule's body as in the generic reading: where the two read different text, the
    /// generic reading may have taken the wrong block (a cookie notice), not the rule.
    pub rule_on_topic: bool,
}

impl BodyFigures {
    /// Whether the rule's body disagrees: it lost most of the generic reading's text, or
    /// read other text that is off the page's topic or far shorter.
    pub fn disagrees(&self) -> bool {
        if self.rule_in_generic >= MIN_RULE_IN_GENERIC {
            self.generic_in_rule < MIN_GENERIC_IN_RULE
        } else {
            !self.rule_on_topic || self.length_ratio < MIN_LENGTH_RATIO
        }
    }
}

/// The figures of one record beside the generic reading, each `None` where the page gives
/// nothing to judge by.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    /// The body's figures.
    pub body: Option<BodyFigures>,
    /// Best word overlap of the rule's title with the page's headlines.
    pub title: Option<f64>,
    /// Hours between the rule's date and the generic reading's.
    pub published_hours: Option<i64>,
}

impl Figures {
    /// The figures of `record` (the rule's) beside `generic` on `page`.
    pub fn of(record: &Record, generic: &Record, page: &Page<'_>) -> Figures {
        Figures {
            body: body_figures(record, generic, page),
            title: title_overlap(&record.title, generic, page),
            published_hours: date_distance(record, generic),
        }
    }

    /// What disagrees past the thresholds, title first.
    pub fn disagreements(&self) -> Vec<Disagreement> {
        let mut out = Vec::new();
        if let Some(overlap) = self.title.filter(|o| *o < MIN_TITLE_OVERLAP) {
            out.push(Disagreement::Title { overlap });
        }
        if let Some(body) = self.body.filter(BodyFigures::disagrees) {
            out.push(Disagreement::Body(body));
        }
        if let Some(hours) = self.published_hours.filter(|h| *h > MAX_DATE_HOURS) {
            out.push(Disagreement::Published { hours });
        }
        out
    }
}

/// What of `record` (the rule's) disagrees with `generic` on `page`.
pub fn check(record: &Record, generic: &Record, page: &Page<'_>) -> Vec<Disagreement> {
    Figures::of(record, generic, page).disagreements()
}

fn word_counts(paragraphs: impl Iterator<Item = impl AsRef<str>>) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for paragraph in paragraphs {
        for word in tokens(paragraph.as_ref()) {
            *counts.entry(word).or_default() += 1;
        }
    }
    counts
}

fn shared(a: &HashMap<String, usize>, b: &HashMap<String, usize>) -> usize {
    a.iter()
        .map(|(word, n)| (*n).min(b.get(word).copied().unwrap_or(0)))
        .sum()
}

/// The body's figures, when the generic reading has an article and the rule a body (an
/// empty body is the guard's business).
fn body_figures(record: &Record, generic: &Record, page: &Page<'_>) -> Option<BodyFigures> {
    let rule = word_counts(record.body.paragraphs());
    let other = word_counts(generic.body.paragraphs());
    let rule_words: usize = rule.values().sum();
    let other_words: usize = other.values().sum();
    if rule_words == 0 || other_words < MIN_GENERIC_WORDS {
        return None;
    }
    let both = shared(&rule, &other) as f64;
    Some(BodyFigures {
        rule_in_generic: both / rule_words as f64,
        generic_in_rule: both / other_words as f64,
        length_ratio: rule_words as f64 / other_words as f64,
        rule_on_topic: topic_support(record, generic, page),
    })
}

static H1: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("h1, title, [itemprop=headline]").unwrap());
static META: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(
        "meta[property$=title], meta[name$=title], meta[name$=headline], meta[itemprop=headline]",
    )
    .unwrap()
});
static DESCRIPTION: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse("meta[property$=description], meta[name$=description]").unwrap()
});

/// The page's headlines, as the check reads them.
fn headlines<'a>(generic: &'a Record, page: &'a Page<'_>) -> Vec<String> {
    let mut out = vec![generic.title.clone()];
    out.extend(page.html.select(&H1).map(|h| h.text().collect::<String>()));
    out.extend(
        page.html
            .select(&META)
            .filter_map(|m| m.value().attr("content").map(str::to_owned)),
    );
    for value in page.jsonld() {
        collect_headlines(value, &mut out);
    }
    out
}

fn collect_headlines(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("headline", serde_json::Value::String(text)) => out.push(text.clone()),
                    _ => collect_headlines(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect_headlines(item, out);
            }
        }
        _ => {}
    }
}

/// Whether the words of the page's headlines and descriptions (the ones of four letters or
/// more, or ideographs) are found in the rule's body at least as often as in the generic's.
fn topic_support(record: &Record, generic: &Record, page: &Page<'_>) -> bool {
    let mut anchors: Vec<String> = headlines(generic, page);
    anchors.extend(
        page.html
            .select(&DESCRIPTION)
            .filter_map(|m| m.value().attr("content").map(str::to_owned)),
    );
    let words: std::collections::HashSet<String> = anchors
        .iter()
        .flat_map(|text| tokens(text))
        .filter(|w| w.chars().count() >= 4 || w.chars().all(|c| !c.is_ascii()))
        .collect();
    let found = |body: &trawl_engine::Body| {
        let counts = word_counts(body.paragraphs());
        words.iter().filter(|w| counts.contains_key(*w)).count()
    };
    found(&record.body) >= found(&generic.body)
}

/// The best word overlap of `title` with a headline of the page, over the longer of the
/// two; `None` for an empty title (the guard's business).
fn title_overlap(title: &str, generic: &Record, page: &Page<'_>) -> Option<f64> {
    let rule = word_counts(std::iter::once(title));
    let rule_words: usize = rule.values().sum();
    if rule_words == 0 {
        return None;
    }
    let best = headlines(generic, page)
        .iter()
        .map(|headline| {
            let other = word_counts(std::iter::once(headline));
            let longer = rule_words.max(other.values().sum());
            shared(&rule, &other) as f64 / longer as f64
        })
        .fold(0.0, f64::max);
    Some(best)
}

/// Hours between the rule's and the generic reading's publication dates, when both have one.
fn date_distance(record: &Record, generic: &Record) -> Option<i64> {
    let parse = |date: &Option<String>| DateTime::parse_from_rfc3339(date.as_deref()?).ok();
    let (rule, other) = (parse(&record.published)?, parse(&generic.published)?);
    Some((rule - other).num_hours().abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;
    use trawl_engine::Section;

    fn record(title: &str, paragraphs: &[&str], published: Option<&str>) -> Record {
        let mut section = Section::default();
        for p in paragraphs {
            section.push((*p).to_owned(), Default::default());
        }
        let mut record = Record {
            title: title.to_owned(),
            published: published.map(str::to_owned),
            ..Record::default()
        };
        record.body.sections.push(section);
        record
    }

    const ARTICLE: [&str; 3] = [
        "The council voted on Tuesday to end the strike at the harbour after three weeks of talks.",
        "Dock workers will return on Monday, and the night shift starts first, the union said.",
        "Ships waiting outside the port since the start of the month can unload from Wednesday on.",
    ];

    #[test]
    fn a_rule_reading_the_article_agrees() {
        let html = Html::parse_document("<h1>Harbour strike ends</h1>");
        let page = Page::new(&html, None, chrono_tz::UTC);
        let generic = record(
            "Harbour strike ends",
            &ARTICLE,
            Some("2024-05-01T10:00:00Z"),
        );
        let rule = record(
            "Harbour strike ends",
            &ARTICLE[..2],
            Some("2024-05-01T12:00:00+02:00"),
        );
        assert_eq!(check(&rule, &generic, &page), []);
    }

    #[test]
    fn a_teaser_list_a_kicker_and_another_date_disagree() {
        let html = Html::parse_document(
            r#"<meta property="og:title" content="Harbour strike ends"><p>Economy</p>"#,
        );
        let page = Page::new(&html, None, chrono_tz::UTC);
        let generic = record(
            "Harbour strike ends",
            &ARTICLE,
            Some("2024-05-01T10:00:00Z"),
        );
        let rule = record(
            "Economy",
            &[
                "Five things to know about the new bridge",
                "Weather: rain all week long",
            ],
            Some("2024-04-20T10:00:00Z"),
        );
        let found = check(&rule, &generic, &page);
        let fields: Vec<Field> = found.iter().map(Disagreement::field).collect();
        assert_eq!(fields, [Field::Title, Field::Body, Field::Published]);
        assert_eq!(
            found[2].to_string(),
            "published is 264 hours from the generic reading's date (at most 20 expected)"
        );
    }

    #[test]
    fn without_a_generic_article_the_body_is_not_judged() {
        let html = Html::parse_document("<h1>Harbour strike ends</h1>");
        let page = Page::new(&html, None, chrono_tz::UTC);
        let generic = record("Harbour strike ends", &["Subscribe to read more."], None);
        let rule = record(
            "Harbour strike ends",
            &ARTICLE,
            Some("2024-05-01T10:00:00Z"),
        );
        let figures = Figures::of(&rule, &generic, &page);
        assert_eq!(figures.body, None);
        assert_eq!(figures.published_hours, None);
        assert_eq!(figures.title, Some(1.0));
    }
}
