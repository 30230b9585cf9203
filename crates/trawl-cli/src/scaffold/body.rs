//! Choosing the `body:` section: the deepest element holding most of the page's text units,
//! a robust selector for it, how its paragraphs are read, and the boilerplate inside it.

use scraper::{ElementRef, Selector};

use super::probe::Probe;
use super::selector;
use super::units::{key, separators, share, Density};

/// The body root holds at least this share of the page's unit text.
const ROOT_SHARE: f64 = 0.75;
/// A root selector may bring in at most this share of the page's unit text beyond the root.
const STRAY_SHARE: f64 = 0.1;
/// Boilerplate may be removed when it holds at most this share of the body's unit text.
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

/// The body section for the page, or `None` when it has no long text at all.
pub(super) fn choose_body(probe: &Probe<'_>) -> Option<BodyChoice> {
    let density = Density::of(probe);
    if density.total == 0 {
        return None;
    }
    let article_body = probe
        .select("[itemprop=\"articleBody\"]")
        .into_iter()
        .filter(|element| share(density.held(*element), density.total) >= 0.5)
        .max_by_key(|element| density.held(*element));
    let deepest = probe
        .select("body, body *")
        .into_iter()
        .filter(|element| share(density.held(*element), density.total) >= ROOT_SHARE)
        .last();
    let (root, roots) = name_root(probe, &density, article_body.or(deepest)?);
    let held = density.covered(&roots);
    let mut notes = vec![match &root {
        Some(css) => format!(
            "body.root: {css}, holding {:.0}% of the page's paragraph text",
            100.0 * share(held, density.total)
        ),
        None => "body.root: nothing robust found; the whole <body>".to_owned(),
    }];
    let remove: Vec<String> = BOILERPLATE
        .iter()
        .filter(|css| {
            let found: Vec<_> = roots
                .iter()
                .flat_map(|r| select_in(probe, *r, css))
                .collect();
            !found.is_empty() && share(density.covered(&found), held) <= REMOVABLE_SHARE
        })
        .map(|css| (*css).to_owned())
        .collect();
    if !remove.is_empty() {
        notes.push(format!(
            "body.remove: found inside the root: {}",
            remove.join(", ")
        ));
    }
    let headings: Vec<&str> = ["h2", "h3"]
        .into_iter()
        .filter(|tag| roots.iter().any(|r| !select_in(probe, *r, tag).is_empty()))
        .collect();
    let headlines = (!headings.is_empty()).then(|| headings.join(", "));
    let paragraphs = paragraphs(probe, &density, &roots);
    notes.push(format!("body.paragraphs: {paragraphs}"));
    Some(BodyChoice {
        root,
        remove,
        paragraphs,
        headlines,
        notes,
    })
}

/// How the root's paragraphs are read: `p`; loose text split into blocks; or a selector the
/// paragraph-like elements share.
fn paragraphs(probe: &Probe<'_>, density: &Density<'_>, roots: &[ElementRef<'_>]) -> String {
    if density.paragraph_share() >= 0.5 {
        return "p".to_owned();
    }
    let Some(largest) = density.largest() else {
        return "p".to_owned();
    };
    if let Some(skip) = separators(largest) {
        let skip = ["h2", "h3"].into_iter().map(str::to_owned).chain(skip);
        let skip = skip.collect::<Vec<_>>().join(", ");
        let parent = largest.parent().and_then(ElementRef::wrap);
        let source = if roots.iter().any(|r| key(*r) == key(largest)) {
            ":scope".to_owned()
        } else if parent.is_some_and(|p| roots.iter().any(|r| key(*r) == key(p))) {
            format!(":scope > {}", largest.value().name())
        } else {
            format!("{}:has(> br)", largest.value().name())
        };
        return format!("{source} | blocks(\"{skip}\")");
    }
    // The selector shared by the most unit text, then the one matching the fewest elements.
    let mut best: Option<(usize, usize, String)> = None;
    for css in selector::shared_candidates(largest) {
        let found: Vec<_> = roots
            .iter()
            .flat_map(|r| select_in(probe, *r, &css))
            .collect();
        let covered = density.covered(&found);
        let better = best
            .as_ref()
            .is_none_or(|(c, n, _)| covered > *c || covered == *c && found.len() < *n);
        if better {
            best = Some((covered, found.len(), css));
        }
    }
    match best {
        Some((covered, _, css)) if share(covered, density.covered(roots)) >= 0.7 => css,
        _ => "p".to_owned(),
    }
}

fn select_in<'a>(probe: &Probe<'a>, root: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    match Selector::parse(css) {
        Ok(selector) if probe.compiles(css) => root.select(&selector).collect(),
        _ => Vec::new(),
    }
}

/// A robust selector for `start` or its nearest ancestor that has one, and the elements it
/// matches; `None` and `<body>` when only `body` itself would do.
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
        let above: Vec<usize> = element
            .ancestors()
            .filter_map(ElementRef::wrap)
            .map(key)
            .collect();
        for css in selector::candidates(element) {
            let found = probe.select(&css);
            let includes = found.iter().any(|e| key(*e) == key(element));
            let contains_it = found.iter().any(|e| above.contains(&key(*e)));
            let stray = density
                .covered(&found)
                .saturating_sub(density.held(element));
            if includes
                && !contains_it
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
