//! Choosing the `body:` section from one or more pages: on each, the deepest element holding
//! most of its text units; a robust selector that names it on every page (or, when none does,
//! one layout per selector); how paragraphs are read; the dek; and the boilerplate inside.

use std::collections::HashMap;

use scraper::{ElementRef, Selector};

use super::probe::Probe;
use super::selector;
use super::units::{key, separators, share, Density};

/// The body root holds at least this share of the page's unit text.
const ROOT_SHARE: f64 = 0.75;
/// A root selector may bring in at most this share of the page's unit text beyond the root.
const STRAY_SHARE: f64 = 0.1;
/// A root selector found on another page holds at least this share of that page's unit text.
const HELD_SHARE: f64 = 0.6;
/// Boilerplate may be removed when it holds at most this share of the body's unit text.
const REMOVABLE_SHARE: f64 = 0.05;
/// At most this many class selectors are removed.
const MAX_REMOVED_CLASSES: usize = 6;

/// Boilerplate elements, removed when found inside the body and holding no article text.
const BOILERPLATE_TAGS: &[&str] = &["aside", "figure", "nav", "form"];

/// Words that make a class boilerplate (`ad-slot`, `shareButtons`, `related_articles`), matched
/// as whole words of the class, so `article-lead-text` is not an `ad`.
const BOILERPLATE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "anzeige",
    "werbung",
    "newsletter",
    "related",
    "recommended",
    "recommendations",
    "share",
    "sharing",
    "social",
    "promo",
    "outbrain",
    "taboola",
];

/// Words that make a class or id the article's dek (standfirst, lead paragraph).
const DEK_WORDS: &[&str] = &[
    "dek",
    "standfirst",
    "lead",
    "lede",
    "intro",
    "summary",
    "teaser",
    "excerpt",
    "subtitle",
    "subheadline",
    "abstract",
    "chapo",
    "sapo",
    "entradilla",
    "ingress",
    "vorspann",
];

/// The chosen `body:` section of one layout.
pub(super) struct BodyChoice {
    /// `body.root`, when something more precise than `body` was found.
    pub root: Option<String>,
    /// `body.remove`.
    pub remove: Vec<String>,
    /// `body.summary`, the dek, when the pages have one.
    pub summary: Option<String>,
    /// `body.paragraphs`.
    pub paragraphs: String,
    /// `body.headlines`, when the root holds h2 or h3 headings.
    pub headlines: Option<String>,
    /// One line per decision.
    pub notes: Vec<String>,
}

/// One layout: the pages it serves (by index), the version's `when`, and its body.
pub(super) struct Layout {
    /// Indexes of the pages in this layout.
    pub pages: Vec<usize>,
    /// The expression choosing it (`None` for the last or only layout).
    pub when: Option<String>,
    /// The body.
    pub body: BodyChoice,
}

/// What one page says about its body.
struct PageBody<'p, 'a> {
    probe: &'p Probe<'a>,
    density: Density<'a>,
    /// The element holding most of the text.
    start: ElementRef<'a>,
    /// Selectors naming `start` or an ancestor of it, nearest and most robust first.
    candidates: Vec<String>,
}

impl<'a> PageBody<'_, 'a> {
    /// Whether `css` names this page's body: it holds most of the text and not much beyond
    /// the element found to hold it.
    fn fits(&self, css: &str) -> bool {
        let found = self.probe.select(css);
        if found.is_empty() || !self.probe.compiles(css) {
            return false;
        }
        let covered = self.density.covered(&found);
        let stray = covered.saturating_sub(self.density.held(self.start));
        let start = share(self.density.held(self.start), self.density.total);
        share(covered, self.density.total) >= HELD_SHARE.min(start)
            && share(stray, self.density.total) <= STRAY_SHARE
    }

    fn roots(&self, css: Option<&str>) -> Vec<ElementRef<'a>> {
        self.probe.select(css.unwrap_or("body"))
    }
}

/// The body layouts for the pages: one when a root selector fits them all, else one per
/// selector, the last without a `when`. Empty when no page has long text.
pub(super) fn choose_layouts(probes: &[Probe<'_>]) -> Vec<Layout> {
    let (indexes, pages): (Vec<usize>, Vec<PageBody<'_, '_>>) = probes
        .iter()
        .enumerate()
        .filter_map(|(i, probe)| Some((i, page_body(probe)?)))
        .unzip();
    if pages.is_empty() {
        return Vec::new();
    }
    // Groups of pages (positions in `pages`) with the root selector they share.
    let mut groups: Vec<(Vec<usize>, Option<String>)> = Vec::new();
    let mut left: Vec<usize> = (0..pages.len()).collect();
    while !left.is_empty() {
        let mut best: Option<(Vec<usize>, String)> = None;
        for css in left.iter().flat_map(|&i| &pages[i].candidates) {
            let fits: Vec<usize> = left
                .iter()
                .copied()
                .filter(|&i| pages[i].fits(css))
                .collect();
            // A `when` must not pick up a later layout's page.
            let conflict = left
                .iter()
                .any(|&i| !fits.contains(&i) && !pages[i].probe.select(css).is_empty());
            if !fits.is_empty()
                && !conflict
                && best.as_ref().is_none_or(|(b, _)| fits.len() > b.len())
            {
                best = Some((fits, css.clone()));
            }
        }
        match best {
            Some((fits, css)) => {
                left.retain(|i| !fits.contains(i));
                groups.push((fits, Some(css)));
            }
            None => {
                groups.push((std::mem::take(&mut left), None));
            }
        }
    }
    let count = groups.len();
    groups
        .into_iter()
        .enumerate()
        .map(|(n, (members, root))| {
            let group: Vec<&PageBody<'_, '_>> = members.iter().map(|&i| &pages[i]).collect();
            let mut body = layout_body(&group, root.as_deref());
            if count > 1 {
                body.notes.insert(
                    0,
                    format!(
                        "layout {} of {count}: {} of the pages",
                        n + 1,
                        members.len()
                    ),
                );
            }
            Layout {
                pages: members.iter().map(|&i| indexes[i]).collect(),
                when: if n + 1 < count { root } else { None },
                body,
            }
        })
        .collect()
}

fn page_body<'p, 'a>(probe: &'p Probe<'a>) -> Option<PageBody<'p, 'a>> {
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
    let start = article_body.or(deepest)?;
    let candidates = root_candidates(probe, &density, start);
    Some(PageBody {
        probe,
        density,
        start,
        candidates,
    })
}

/// The body of one layout, from its pages and their shared root selector.
fn layout_body(pages: &[&PageBody<'_, '_>], root: Option<&str>) -> BodyChoice {
    let roots: Vec<Vec<ElementRef<'_>>> = pages.iter().map(|page| page.roots(root)).collect();
    let held: f64 = pages
        .iter()
        .zip(&roots)
        .map(|(page, roots)| share(page.density.covered(roots), page.density.total))
        .sum::<f64>()
        / pages.len() as f64;
    let mut notes = vec![match root {
        Some(css) => format!(
            "body.root: {css}, holding {:.0}% of the paragraph text{}",
            100.0 * held,
            if pages.len() > 1 {
                " (mean over the pages)"
            } else {
                ""
            }
        ),
        None => "body.root: nothing robust found; the whole <body>".to_owned(),
    }];
    let summary = dek(pages, &roots);
    if let Some(css) = &summary {
        notes.push(format!("body.summary: {css}, the dek"));
    }
    let remove = removals(pages, &roots, summary.as_deref());
    if !remove.is_empty() {
        notes.push(format!(
            "body.remove: found inside the root: {}",
            remove.join(", ")
        ));
    }
    let headings: Vec<&str> = ["h2", "h3"]
        .into_iter()
        .filter(|tag| {
            pages.iter().zip(&roots).any(|(page, roots)| {
                roots
                    .iter()
                    .any(|r| !select_in(page.probe, *r, tag).is_empty())
            })
        })
        .collect();
    let headlines = (!headings.is_empty()).then(|| headings.join(", "));
    // The reading most pages would choose on their own.
    let readings: Vec<String> = pages
        .iter()
        .zip(&roots)
        .map(|(page, roots)| paragraphs(page.probe, &page.density, roots))
        .collect();
    let paragraphs = readings
        .iter()
        .max_by_key(|r| readings.iter().filter(|other| other == r).count())
        .cloned()
        .unwrap_or_else(|| "p".to_owned());
    notes.push(format!("body.paragraphs: {paragraphs}"));
    BodyChoice {
        root: root.map(str::to_owned),
        remove,
        summary,
        paragraphs,
        headlines,
        notes,
    }
}

/// The boilerplate to remove: tags and classes found inside the roots that hold next to no
/// article text on any page, and never the lead (the first paragraph) or the dek.
fn removals(
    pages: &[&PageBody<'_, '_>],
    roots: &[Vec<ElementRef<'_>>],
    summary: Option<&str>,
) -> Vec<String> {
    let mut candidates: Vec<String> = BOILERPLATE_TAGS.iter().map(|t| (*t).to_owned()).collect();
    let mut classes = Vec::new();
    for (page, roots) in pages.iter().zip(roots) {
        for root in roots {
            for element in select_in(page.probe, *root, "[class]") {
                for class in element.value().classes() {
                    let boilerplate = selector::words(class)
                        .iter()
                        .any(|word| BOILERPLATE_WORDS.contains(&word.as_str()));
                    let css = format!(".{class}");
                    if boilerplate
                        && selector::plain_ident(class)
                        && selector::stable(class)
                        && !classes.contains(&css)
                    {
                        classes.push(css);
                    }
                }
            }
        }
    }
    candidates.extend(classes);
    let mut kept: Vec<String> = Vec::new();
    for css in candidates {
        let mut found_any = false;
        let safe = pages.iter().zip(roots).all(|(page, roots)| {
            let found: Vec<_> = roots
                .iter()
                .flat_map(|r| select_in(page.probe, *r, &css))
                .collect();
            found_any |= !found.is_empty();
            let held = page.density.covered(roots);
            let protected = lead(page, roots)
                .into_iter()
                .chain(summary.into_iter().flat_map(|css| page.probe.select(css)))
                .collect::<Vec<_>>();
            let hits_protected = found.iter().any(|f| {
                protected.iter().any(|p| {
                    key(*p) == key(*f)
                        || p.ancestors()
                            .filter_map(ElementRef::wrap)
                            .any(|a| key(a) == key(*f))
                })
            });
            !hits_protected && share(page.density.covered(&found), held) <= REMOVABLE_SHARE
        });
        let classes = kept.iter().filter(|k| k.starts_with('.')).count();
        if found_any && safe && (!css.starts_with('.') || classes < MAX_REMOVED_CLASSES) {
            kept.push(css);
        }
    }
    kept
}

/// The first text unit inside the roots: the lead paragraph a removal must keep.
fn lead<'a>(page: &PageBody<'_, 'a>, roots: &[ElementRef<'a>]) -> Option<ElementRef<'a>> {
    let keys: Vec<usize> = roots.iter().map(|r| key(*r)).collect();
    page.density
        .units
        .iter()
        .map(|(unit, _)| *unit)
        .find(|unit| {
            unit.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| keys.contains(&key(a)))
        })
}

/// The dek: one element per page whose class or id names a standfirst or lead, with a
/// sentence or two of text, before the second paragraph of the body; the selector found on
/// the most pages.
fn dek(pages: &[&PageBody<'_, '_>], roots: &[Vec<ElementRef<'_>>]) -> Option<String> {
    let mut found: Vec<(String, usize)> = Vec::new();
    for (page, roots) in pages.iter().zip(roots) {
        let order: HashMap<usize, usize> = page
            .probe
            .select("*")
            .into_iter()
            .enumerate()
            .map(|(i, e)| (key(e), i))
            .collect();
        let position = |e: ElementRef<'_>| order.get(&key(e)).copied().unwrap_or(usize::MAX);
        let keys: Vec<usize> = roots.iter().map(|r| key(*r)).collect();
        let body_units: Vec<usize> = page
            .density
            .units
            .iter()
            .filter(|(unit, _)| {
                std::iter::once(*unit)
                    .chain(unit.ancestors().filter_map(ElementRef::wrap))
                    .any(|a| keys.contains(&key(a)))
            })
            .map(|(unit, _)| position(*unit))
            .collect();
        let before = body_units.get(1).copied().unwrap_or(usize::MAX);
        let title = page
            .probe
            .first("h1 | text")
            .unwrap_or_default()
            .trim()
            .to_owned();
        let mut seen = Vec::new();
        for element in page.probe.select("body [class], body [id]") {
            let value = element.value();
            let names = value.classes().chain(value.id());
            let Some(name) = names.into_iter().find(|name| {
                selector::plain_ident(name)
                    && selector::stable(name)
                    && selector::words(name)
                        .iter()
                        .any(|w| DEK_WORDS.contains(&w.as_str()))
            }) else {
                continue;
            };
            let text = element.text().collect::<String>();
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let len = text.chars().count();
            let outside = !element
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| matches!(a.value().name(), "nav" | "footer" | "aside" | "form"));
            if !(40..=700).contains(&len)
                || !outside
                || text == title
                || position(element) >= before
                || element.select(&h1()).next().is_some()
            {
                continue;
            }
            let tag = value.name();
            let css = if value.id() == Some(name) {
                format!("#{name}")
            } else {
                format!("{tag}.{name}")
            };
            let has_p = element.select(&paragraph()).next().is_some();
            let css = if has_p { format!("{css} p") } else { css };
            // One dek per page: a class on many elements is a list of teasers.
            let matches = page.probe.select(&css).len();
            let single = if has_p {
                page.probe.select(css.trim_end_matches(" p")).len() == 1
            } else {
                matches == 1
            };
            if single && page.probe.compiles(&css) && !seen.contains(&css) {
                seen.push(css.clone());
                match found.iter_mut().find(|(c, _)| *c == css) {
                    Some((_, n)) => *n += 1,
                    None => found.push((css, 1)),
                }
            }
        }
    }
    let most = found.iter().map(|(_, n)| *n).max()?;
    found
        .into_iter()
        .find(|(_, n)| *n == most)
        .map(|(css, _)| css)
}

fn h1() -> Selector {
    Selector::parse("h1").expect("a valid selector")
}

fn paragraph() -> Selector {
    Selector::parse("p").expect("a valid selector")
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

/// Selectors naming `start` or its ancestors, nearest first, each as robust as it is
/// precise on this page: it includes the element, contains none of its ancestors, and brings
/// in little text from elsewhere.
fn root_candidates<'a>(
    probe: &Probe<'a>,
    density: &Density<'a>,
    start: ElementRef<'a>,
) -> Vec<String> {
    let mut out = Vec::new();
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
                && !out.contains(&css)
            {
                out.push(css);
            }
        }
        current = element.parent().and_then(ElementRef::wrap);
    }
    out
}
