//! Choosing the metadata fields: for each, the reliable sources that yield something on the
//! pages, most reliable first, as one `||` chain that gives a value on every page it can.

use super::probe::Probe;
use super::selector;

/// One chosen rule entry: where it goes, its expression, and why.
pub(super) struct Choice {
    /// The key under `fields:` (`images.cover` for the cover).
    pub key: &'static str,
    /// The expression.
    pub expr: String,
    /// One line saying where the value comes from.
    pub note: String,
}

/// At most this many alternatives per field: the rest would never be reached in practice.
const MAX_ALTERNATIVES: usize = 3;

/// The metadata fields to write, in rule order, for pages whose JSON-LD article has `@type`
/// `kind` (if any).
pub(super) fn choose_fields(probes: &[Probe<'_>], kind: Option<&str>) -> Vec<Choice> {
    let ld = |path: &str| kind.map(|kind| format!("ld({kind}.{path})"));
    let mut choices = Vec::new();
    let mut push = |key, candidates: Vec<Option<String>>, check: &str| {
        if let Some(choice) = chain(probes, key, candidates, check) {
            choices.push(choice);
        }
    };
    // The order most pages would choose on their own.
    let orders: Vec<Vec<Option<String>>> = probes
        .iter()
        .map(|probe| title_candidates(probe, ld("headline")))
        .collect();
    let title = orders
        .iter()
        .max_by_key(|order| orders.iter().filter(|other| other == order).count())
        .cloned()
        .unwrap_or_default();
    push("title", title, "");
    push(
        "subtitle",
        vec![
            Some("meta(og:description)".into()),
            Some("meta(description)".into()),
        ],
        "",
    );
    let ld_author = match ld("author.name") {
        Some(expr) if probes.iter().any(|probe| probe.first(&expr).is_some()) => Some(expr),
        _ => ld("author"),
    };
    push(
        "authors",
        vec![
            ld_author.map(|expr| format!("{expr} | authors")),
            Some("meta(author) | authors".into()),
            probes.iter().find_map(byline),
        ],
        " | authors",
    );
    let dates = |ld_key: &str, meta: &[&str], time: Option<&str>| {
        let mut candidates = vec![ld(ld_key)];
        candidates.extend(meta.iter().map(|name| Some(format!("meta({name})"))));
        candidates.push(time.map(str::to_owned));
        candidates
    };
    push(
        "published",
        dates(
            "datePublished",
            &[
                "article:published_time",
                "og:article:published_time",
                "datePublished",
            ],
            Some("time[datetime] | attr(datetime)"),
        )
        .into_iter()
        // Last resort, for pages with no machine-readable date: the first date written in
        // a `<time>` or a date-classed element ("Datum 14.03.2023"), never any list item.
        .chain([
            Some("time | text | date".to_owned()),
            Some(r#"[class*="date" i] | own_text | date"#.to_owned()),
        ])
        .collect(),
        " | date",
    );
    push(
        "modified",
        dates(
            "dateModified",
            &[
                "article:modified_time",
                "og:article:modified_time",
                "dateModified",
            ],
            None,
        ),
        " | date",
    );
    push(
        "topics",
        vec![
            ld("keywords").map(|expr| format!("{expr} | split(\",\")")),
            Some("meta(news_keywords) | split(\",\")".into()),
            Some("meta(keywords) | split(\",\")".into()),
            tag_links(probes),
            Some("meta(article:section)".into()),
        ],
        "",
    );
    push(
        "images.cover",
        vec![
            Some("meta(og:image)".into()),
            Some("meta(twitter:image)".into()),
        ],
        "",
    );
    // The field splits what the last alternative yields by itself; the earlier ones keep
    // `| authors`, so one whose names are all left out falls through to the next.
    for choice in choices.iter_mut().filter(|choice| choice.key == "authors") {
        if let Some(expr) = choice.expr.strip_suffix(" | authors") {
            choice.expr = expr.to_owned();
        }
    }
    choices
}

/// The title sources: the JSON-LD headline, og:title, the first `<h1>`. When the first two
/// disagree and only og:title is what the page shows (its `<h1>` or `<title>`), og:title
/// comes first.
fn title_candidates(probe: &Probe<'_>, headline: Option<String>) -> Vec<Option<String>> {
    let mut order = title_order(probe, headline);
    // The title the generic extractor reads (the visible headline checked against og:title
    // and JSON-LD, site suffixes cut) goes first when one of the sources gives it as it is.
    let generic = trawl_generic::extract(&probe.page).title;
    let gives = |expr: &Option<String>| {
        expr.as_deref()
            .and_then(|expr| probe.first(expr))
            .is_some_and(|text| !generic.is_empty() && text.trim() == generic.trim())
    };
    if let Some(at) = order.iter().position(gives) {
        let first = order.remove(at);
        order.insert(0, first);
    }
    order
}

/// The title sources in the order the page's own agreement between them suggests.
fn title_order(probe: &Probe<'_>, headline: Option<String>) -> Vec<Option<String>> {
    let og = "meta(og:title)".to_owned();
    let shown: Vec<String> = ["h1 | text", "title | text"]
        .into_iter()
        .filter_map(|expr| probe.first(expr))
        .collect();
    let on_page = |expr: &str| {
        probe
            .first(expr)
            .is_some_and(|text| shown.iter().any(|shown| shown.contains(text.trim())))
    };
    // The visible headline decides between sources that disagree: a source equal to the
    // `<h1>` wins; without a JSON-LD headline, an og:title that is the `<h1>` plus a site
    // suffix (" | CBC News") or a social variant loses to the `<h1>` itself.
    let h1 = probe.first("h1 | text").map(|text| text.trim().to_owned());
    let equals_h1 = |expr: &str| {
        h1.as_deref()
            .is_some_and(|h1| probe.first(expr).is_some_and(|v| v.trim() == h1))
    };
    if let Some(ld) = headline.as_deref().filter(|ld| equals_h1(ld)) {
        return vec![Some(ld.to_owned()), Some(og), Some("h1 | text".into())];
    }
    let has_headline = headline
        .as_deref()
        .is_some_and(|ld| probe.first(ld).is_some());
    if !has_headline
        && !equals_h1(&og)
        && h1
            .as_deref()
            .is_some_and(|h1| !h1.is_empty() && shown.iter().any(|s| s.starts_with(h1)))
    {
        return vec![Some("h1 | text".into()), headline, Some(og)];
    }
    let og_first = headline
        .as_deref()
        .is_some_and(|ld| probe.first(ld) != probe.first(&og) && !on_page(ld) && on_page(&og));
    if og_first {
        vec![Some(og), headline, Some("h1 | text".into())]
    } else {
        vec![headline, Some(og), Some("h1 | text".into())]
    }
}

/// The candidates that compile and yield on the pages (checked with `check` appended), joined
/// with `||`: at most [`MAX_ALTERNATIVES`], more when a later one is the only one to yield on
/// some page.
fn chain(
    probes: &[Probe<'_>],
    key: &'static str,
    candidates: Vec<Option<String>>,
    check: &str,
) -> Option<Choice> {
    let mut kept: Vec<String> = Vec::new();
    let mut covered = vec![false; probes.len()];
    for expr in candidates.into_iter().flatten() {
        let checked = if expr.ends_with(check) {
            expr.clone()
        } else {
            format!("{expr}{check}")
        };
        if kept.contains(&expr) {
            continue;
        }
        let yields: Vec<bool> = probes
            .iter()
            .map(|probe| probe.first(&checked).is_some())
            .collect();
        let new_page = yields.iter().zip(&covered).any(|(y, c)| *y && !*c);
        if yields.iter().any(|y| *y) && (kept.len() < MAX_ALTERNATIVES || new_page) {
            kept.push(expr);
            for (c, y) in covered.iter_mut().zip(yields) {
                *c |= y;
            }
        }
    }
    if kept.is_empty() {
        return None;
    }
    let note = format!("{key}: {}", kept.join(", then "));
    Some(Choice {
        key,
        expr: kept.join(" || "),
        note,
    })
}

/// A byline element: `rel="author"`, `itemprop="author"`, or the first short element whose
/// class names an author or byline.
fn byline(probe: &Probe<'_>) -> Option<String> {
    for css in ["a[rel=\"author\"]", "[itemprop=\"author\"]"] {
        if probe.first(&format!("{css} | text")).is_some() {
            return Some(format!("{css} | authors"));
        }
    }
    probe
        .select("body [class]")
        .into_iter()
        .find_map(|element| {
            let text_len = element.text().collect::<String>().trim().chars().count();
            if !(3..=120).contains(&text_len) {
                return None;
            }
            let class = element.value().classes().find(|class| {
                let lower = class.to_ascii_lowercase();
                (lower.contains("byline") || lower.contains("author"))
                    && selector::plain_ident(class)
            })?;
            Some(format!(".{class} | authors"))
        })
}

/// Words in a class or id that name a list of an article's tags.
const TAG_WORDS: &[&str] = &[
    "tags",
    "tag",
    "topics",
    "keywords",
    "schlagworte",
    "themen",
    "etiquetas",
    "tagi",
];

/// The article's visible tag links: `a[rel="tag"]`, or the links in an element whose class
/// names tags (`.article-tags a`), when each is a short label.
fn tag_links(probes: &[Probe<'_>]) -> Option<String> {
    let short = |expr: &str, probe: &Probe<'_>| {
        let texts: Vec<String> = probe
            .select(expr)
            .iter()
            .map(|a| a.text().collect::<String>().trim().to_owned())
            .collect();
        !texts.is_empty()
            && texts
                .iter()
                .all(|text| (2..=40).contains(&text.chars().count()))
    };
    if probes.iter().any(|probe| short("a[rel~=\"tag\"]", probe)) {
        return Some("a[rel~=\"tag\"] | text | unique".to_owned());
    }
    for probe in probes {
        for element in probe.select("body [class]") {
            if element
                .ancestors()
                .filter_map(scraper::ElementRef::wrap)
                .any(|a| matches!(a.value().name(), "nav" | "header"))
            {
                continue;
            }
            let Some(class) = element.value().classes().find(|class| {
                selector::plain_ident(class)
                    && selector::stable(class)
                    && selector::words(class)
                        .iter()
                        .any(|w| TAG_WORDS.contains(&w.as_str()))
            }) else {
                continue;
            };
            let css = format!("{}.{class} a", element.value().name());
            if short(&css, probe) {
                return Some(format!("{css} | text | unique"));
            }
        }
    }
    None
}
