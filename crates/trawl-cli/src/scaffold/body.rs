//! Finding the article body: the deepest element holding most of the page's long paragraphs,
//! a robust selector for it, and the boilerplate inside it.

use std::collections::{HashMap, HashSet};

use scraper::ElementRef;

use super::probe::Probe;
use super::selector;
pub(super) use super::selector::plain_ident;

/// A paragraph counts towards the body when its text is longer than this (in characters).
const LONG_PARAGRAPH: usize = 80;
/// The body root holds at least this share of the page's long-paragraph text.
const ROOT_SHARE: f64 = 0.75;
/// A selector may bring in at most this share of the page's long text beyond the chosen root.
const STRAY_SHARE: f64 = 0.1;
/// Boilerplate may be removed when it holds at most this share of the body's long text.
const REMOVABLE_SHARE: f64 = 0.05;

/// Boilerplate selectors, removed when found inside the body and holding no article text.
const BOILERPLATE: &[&str] = &[
    "aside",
    "figure",
    "nav",
    "form",
    "[class*=\"ad-\"]",
    "[class*=\"advert\"]",
    "[class*=\"newsletter\"]",
    "[class*=\"related\"]",
    "[class*=\"recommend\"]",
    "[class*=\"share\"]",
    "[class*=\"social\"]",
    "[class*=\"promo\"]",
    "[class*=\"teaser\"]",
];

/// The chosen `body:` section.
pub(super) struct BodyChoice {
    /// `body.root`, when something more precise than `body` was found.
    pub root: Option<String>,
    /// `body.remove`.
    pub remove: Vec<String>,
    /// `body.paragraphs`.
    pub paragraphs: String,
    /// `body.headlines`, when the root holds h2 or h3 headings.
    pub headlines: Option<String>,
    /// One line per decision.
    pub notes: Vec<String>,
}

/// Text units (long paragraphs, or loose text between `<br>`s) and how much of their text
/// each element holds.
struct Density<'a> {
    units: Vec<(ElementRef<'a>, usize)>,
    held: HashMap<usize, usize>,
    total: usize,
    loose: bool,
}

/// A key for an element: the address of its node, stable while the page lives.
fn key(element: ElementRef<'_>) -> usize {
    std::ptr::from_ref(element.value()) as usize
}

fn text_len(element: ElementRef<'_>) -> usize {
    element
        .text()
        .flat_map(str::split_whitespace)
        .map(|word| word.chars().count() + 1)
        .sum()
}

impl<'a> Density<'a> {
    fn new(units: Vec<(ElementRef<'a>, usize)>, loose: bool) -> Self {
        let mut held = HashMap::new();
        for (unit, len) in &units {
            for element in
                std::iter::once(*unit).chain(unit.ancestors().filter_map(ElementRef::wrap))
            {
                *held.entry(key(element)).or_insert(0) += len;
            }
        }
        let total = units.iter().map(|(_, len)| len).sum();
        Self {
            units,
            held,
            total,
            loose,
        }
    }

    fn held(&self, element: ElementRef<'_>) -> usize {
        self.held.get(&key(element)).copied().unwrap_or(0)
    }

    /// The unit text inside any of `elements` (or equal to one of them).
    fn covered(&self, elements: &[ElementRef<'_>]) -> usize {
        let keys: HashSet<usize> = elements.iter().map(|element| key(*element)).collect();
        self.units
            .iter()
            .filter(|(unit, _)| {
                keys.contains(&key(*unit))
                    || unit
                        .ancestors()
                        .filter_map(ElementRef::wrap)
                        .any(|a| keys.contains(&key(a)))
            })
            .map(|(_, len)| len)
            .sum()
    }
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

/// Long paragraphs outside navigation, asides and footers; else elements holding loose text
/// cut by `<br>`.
fn density<'a>(probe: &Probe<'a>) -> Density<'a> {
    let outside = |p: &ElementRef<'_>| {
        !p.ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| matches!(a.value().name(), "aside" | "nav" | "footer" | "form"))
    };
    let paragraphs: Vec<_> = probe
        .select("body p")
        .into_iter()
        .filter(outside)
        .map(|p| (p, text_len(p)))
        .filter(|(_, len)| *len > LONG_PARAGRAPH)
        .collect();
    if !paragraphs.is_empty() {
        return Density::new(paragraphs, false);
    }
    let loose = probe
        .select("body :has(> br)")
        .into_iter()
        .filter(outside)
        .map(|element| (element, loose_len(element)))
        .filter(|(_, len)| *len > LONG_PARAGRAPH)
        .collect();
    Density::new(loose, true)
}

/// The text directly in an element or in its inline children.
fn loose_len(element: ElementRef<'_>) -> usize {
    element
        .children()
        .map(|child| match ElementRef::wrap(child) {
            Some(inline)
                if matches!(
                    inline.value().name(),
                    "a" | "b" | "strong" | "em" | "i" | "span"
                ) =>
            {
                text_len(inline)
            }
            Some(_) => 0,
            None => child.value().as_text().map_or(0, |text| {
                text.split_whitespace().map(|w| w.chars().count() + 1).sum()
            }),
        })
        .sum()
}

/// The body section for the page, or `None` when it has no long text at all.
pub(super) fn choose_body(probe: &Probe<'_>) -> Option<BodyChoice> {
    let density = density(probe);
    if density.total == 0 {
        return None;
    }
    let mut notes = Vec::new();
    let article_body = probe
        .select("[itemprop=\"articleBody\"]")
        .into_iter()
        .filter(|element| share(density.held(*element), density.total) >= 0.5)
        .max_by_key(|element| density.held(*element));
    let deepest = probe
        .select("body, body *")
        .into_iter()
        .filter(|element| density.loose || element.value().name() != "p")
        .filter(|element| share(density.held(*element), density.total) >= ROOT_SHARE)
        .last();
    let start = article_body.or(deepest)?;
    let (root, roots) = name_root(probe, &density, start);
    let held = density.covered(&roots);
    notes.push(match &root {
        Some(css) => format!(
            "body.root: {css}, holding {:.0}% of the page's {} text",
            100.0 * share(held, density.total),
            if density.loose {
                "loose (<br>-separated)"
            } else {
                "long-paragraph"
            },
        ),
        None => "body.root: none robust found, the whole <body>".to_owned(),
    });
    let remove = BOILERPLATE
        .iter()
        .filter(|css| {
            let found: Vec<_> = roots
                .iter()
                .flat_map(|root| select_in(probe, *root, css))
                .collect();
            !found.is_empty() && share(density.covered(&found), held) <= REMOVABLE_SHARE
        })
        .map(|css| (*css).to_owned())
        .collect::<Vec<_>>();
    if !remove.is_empty() {
        notes.push(format!(
            "body.remove: boilerplate found inside the root: {}",
            remove.join(", ")
        ));
    }
    let headings: Vec<&str> = ["h2", "h3"]
        .into_iter()
        .filter(|tag| {
            roots
                .iter()
                .any(|root| !select_in(probe, *root, tag).is_empty())
        })
        .collect();
    let headlines = (!headings.is_empty()).then(|| headings.join(", "));
    let paragraphs = if !density.loose {
        "p".to_owned()
    } else if roots.iter().any(|root| {
        density
            .units
            .iter()
            .any(|(unit, _)| key(*unit) == key(*root))
    }) {
        ":scope | blocks(\"h2, h3\")".to_owned()
    } else {
        let tag = density
            .units
            .iter()
            .max_by_key(|(_, len)| *len)
            .map_or("div", |(unit, _)| unit.value().name());
        format!("{tag}:has(> br) | blocks(\"h2, h3\")")
    };
    notes.push(format!("body.paragraphs: {paragraphs}"));
    Some(BodyChoice {
        root,
        remove,
        paragraphs,
        headlines,
        notes,
    })
}

fn select_in<'a>(probe: &Probe<'a>, root: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    match scraper::Selector::parse(css) {
        Ok(selector) if probe.compiles(css) => root.select(&selector).collect(),
        _ => Vec::new(),
    }
}

/// A robust selector for `start` or its nearest ancestor that has one, and the elements it
/// matches; `None` when only `body` itself would do.
fn name_root<'a>(
    probe: &Probe<'a>,
    density: &Density<'a>,
    start: ElementRef<'a>,
) -> (Option<String>, Vec<ElementRef<'a>>) {
    let mut current = Some(start);
    while let Some(element) = current {
        if matches!(element.value().name(), "body" | "html") {
            break;
        }
        let held = density.held(element);
        for css in selector::candidates(element) {
            let found = probe.select(&css);
            let includes = found.iter().any(|e| key(*e) == key(element));
            let above = found.iter().any(|e| {
                element
                    .ancestors()
                    .any(|a| ElementRef::wrap(a).is_some_and(|a| key(a) == key(*e)))
            });
            let stray = density.covered(&found).saturating_sub(held);
            if includes
                && !above
                && share(stray, density.total) <= STRAY_SHARE
                && probe.compiles(&css)
            {
                return (Some(css), found);
            }
        }
        current = element.parent().and_then(ElementRef::wrap);
    }
    (None, probe.select("body"))
}
