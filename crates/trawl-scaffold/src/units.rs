//! The page's text units: paragraphs (`<p>` or any element whose own text is long) and
//! loose text cut by `<br>`s, and how much of that text each element holds.

use std::collections::{HashMap, HashSet};

use scraper::ElementRef;

use super::probe::Probe;

/// A unit counts towards the body when its text is longer than this (in characters).
const LONG_UNIT: usize = 80;

/// Inline elements whose text belongs to the element around them.
const INLINE: &[&str] = &[
    "a", "b", "strong", "em", "i", "u", "span", "abbr", "cite", "code", "mark", "q", "s", "small",
    "sub", "sup", "time",
];

/// Text units and how much of their text each element holds.
pub(super) struct Density<'a> {
    /// The units in document order, with their text length.
    pub units: Vec<(ElementRef<'a>, usize)>,
    /// Their total text length.
    pub total: usize,
    held: HashMap<usize, usize>,
}

/// A key for an element: the address of its node, stable while the page lives.
pub(super) fn key(element: ElementRef<'_>) -> usize {
    std::ptr::from_ref(element.value()) as usize
}

fn words_len(text: &str) -> usize {
    text.split_whitespace()
        .map(|word| word.chars().count() + 1)
        .sum()
}

/// The text directly in an element or in its inline children, as a paragraph reads it.
fn own_len(element: ElementRef<'_>) -> usize {
    element
        .children()
        .map(|child| match ElementRef::wrap(child) {
            Some(inline) if INLINE.contains(&inline.value().name()) => {
                inline.text().map(words_len).sum()
            }
            Some(_) => 0,
            None => child.value().as_text().map_or(0, |text| words_len(text)),
        })
        .sum()
}

impl<'a> Density<'a> {
    /// The units of the page: elements with long text of their own, outside navigation,
    /// asides, footers and forms, and not inside another unit.
    pub fn of(probe: &Probe<'a>) -> Self {
        let outside = |element: &ElementRef<'_>| {
            !element.ancestors().filter_map(ElementRef::wrap).any(|a| {
                matches!(
                    a.value().name(),
                    "aside" | "nav" | "footer" | "form" | "header"
                )
            })
        };
        let mut seen = HashSet::new();
        let mut units = Vec::new();
        for element in probe.select("body *") {
            let name = element.value().name();
            if INLINE.contains(&name) || matches!(name, "script" | "style" | "noscript") {
                continue;
            }
            let len = own_len(element);
            if len <= LONG_UNIT || !outside(&element) {
                continue;
            }
            let nested = element
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| seen.contains(&key(a)));
            seen.insert(key(element));
            if !nested {
                units.push((element, len));
            }
        }
        let mut held = HashMap::new();
        for (unit, len) in &units {
            let around = unit.ancestors().filter_map(ElementRef::wrap);
            for element in std::iter::once(*unit).chain(around) {
                *held.entry(key(element)).or_insert(0) += len;
            }
        }
        let total = units.iter().map(|(_, len)| len).sum();
        Self { units, total, held }
    }

    /// The unit text inside `element` (or in it, when it is a unit).
    pub fn held(&self, element: ElementRef<'_>) -> usize {
        self.held.get(&key(element)).copied().unwrap_or(0)
    }

    /// The unit text inside any of `elements` (or equal to one of them).
    pub fn covered(&self, elements: &[ElementRef<'_>]) -> usize {
        let keys: HashSet<usize> = elements.iter().map(|element| key(*element)).collect();
        self.units
            .iter()
            .filter(|(unit, _)| {
                std::iter::once(*unit)
                    .chain(unit.ancestors().filter_map(ElementRef::wrap))
                    .any(|a| keys.contains(&key(a)))
            })
            .map(|(_, len)| len)
            .sum()
    }

    /// The share of the unit text in `<p>` elements.
    pub fn paragraph_share(&self) -> f64 {
        let in_p: usize = self
            .units
            .iter()
            .filter(|(unit, _)| unit.value().name() == "p")
            .map(|(_, len)| len)
            .sum();
        share(in_p, self.total)
    }

    /// The largest unit.
    pub fn largest(&self) -> Option<ElementRef<'a>> {
        self.units
            .iter()
            .max_by_key(|(_, len)| *len)
            .map(|(unit, _)| *unit)
    }
}

/// `part` as a share of `whole`.
pub(super) fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

/// For text written loose between separators (`<br>`, or empty elements such as
/// `<span class="br">`): the selector of the separators other than `<br>` (empty when all are
/// `<br>`), or `None` when the element is not written that way.
pub(super) fn separators(element: ElementRef<'_>) -> Option<Vec<String>> {
    let children: Vec<ElementRef<'_>> = element.children().filter_map(ElementRef::wrap).collect();
    let empty = |child: &ElementRef<'_>| child.children().next().is_none();
    let (separators, others): (Vec<ElementRef<'_>>, Vec<ElementRef<'_>>) =
        children.iter().partition(|c| empty(c));
    if element.value().name() == "p" || separators.len() < 2 {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    // Empty block elements split the text anyway; empty inline ones need naming.
    let inline = separators
        .iter()
        .filter(|s| INLINE.contains(&s.value().name()));
    for separator in inline {
        let tag = separator.value().name();
        let class = separator.value().classes().find(|class| {
            super::selector::plain_ident(class)
                && !others.iter().any(|o| {
                    o.value().name() == tag
                        && o.value()
                            .has_class(class, scraper::CaseSensitivity::CaseSensitive)
                })
        });
        if let Some(css) = class.map(|class| format!("{tag}.{class}")) {
            if !out.contains(&css) {
                out.push(css);
            }
        }
    }
    Some(out)
}
