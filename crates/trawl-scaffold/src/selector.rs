//! Naming an element with a CSS selector that should survive across a site's pages: ids,
//! `itemprop`, `data-*` attributes and readable classes, never positions or hashed classes.

use scraper::ElementRef;

/// Layout classes too common to name an article's container.
const GENERIC_CLASSES: &[&str] = &[
    "clearfix",
    "cf",
    "clear",
    "row",
    "col",
    "container",
    "wrapper",
    "wrap",
    "inner",
    "group",
    "flex",
    "grid",
    "relative",
    "hidden",
    "block",
    "active",
    "show",
    "fade",
];

/// Words that make a class a better name for the article's text container.
const BODY_WORDS: &[&str] = &["body", "content", "article", "text", "story", "main"];

/// Candidate selectors for `element`, most robust first.
pub(super) fn candidates(element: ElementRef<'_>) -> Vec<String> {
    let value = element.value();
    let tag = value.name();
    let mut out = Vec::new();
    if value.attr("itemprop") == Some("articleBody") {
        out.push("[itemprop=\"articleBody\"]".to_owned());
    }
    if let Some(id) = value.id().filter(|id| plain_ident(id) && stable(id)) {
        out.push(format!("#{id}"));
    }
    for (name, attr) in value.attrs() {
        let Some(data) = name.strip_prefix("data-") else {
            continue;
        };
        if !plain_ident(data) {
            continue;
        }
        if stable(attr) && attr.len() <= 40 && !attr.is_empty() && !attr.contains(['"', '\\']) {
            out.push(format!("{tag}[{name}=\"{attr}\"]"));
        } else {
            out.push(format!("{tag}[{name}]"));
        }
    }
    let mut classes: Vec<&str> = value
        .classes()
        .filter(|class| plain_ident(class) && stable(class))
        .filter(|class| !GENERIC_CLASSES.contains(&class.to_ascii_lowercase().as_str()))
        .collect();
    classes.sort_by_key(|class| !mentions_body(class));
    out.extend(classes.iter().map(|class| format!("{tag}.{class}")));
    // CSS-module classes such as `article-body__content__17Yit`: the readable stem.
    for class in value.classes().filter(|class| !stable(class)) {
        if let Some((stem, _)) = class.rsplit_once("__").or_else(|| class.rsplit_once('_')) {
            if stem.len() >= 6 && stable(stem) && plain_ident(stem) {
                out.push(format!("{tag}[class*=\"{stem}\"]"));
            }
        }
    }
    if matches!(tag, "article" | "main") {
        out.push(tag.to_owned());
    }
    out
}

/// Candidate selectors that several elements like `element` may share: its own candidates
/// plus prefixes of numbered `data-*` values (`[data-testid^="paragraph-"]`), the ones naming
/// a paragraph first.
pub(super) fn shared_candidates(element: ElementRef<'_>) -> Vec<String> {
    let tag = element.value().name();
    let mut out = candidates(element);
    for (name, value) in element.value().attrs() {
        let stem = value.trim_end_matches(|c: char| c.is_ascii_digit());
        if name.starts_with("data-")
            && plain_ident(name)
            && stem.len() < value.len()
            && stem.len() >= 3
            && stable(stem)
            && !stem.contains(['"', '\\'])
        {
            out.push(format!("{tag}[{name}^=\"{stem}\"]"));
        }
    }
    out.retain(|css| css != tag && !css.starts_with('#'));
    out.sort_by_key(|css| !css.contains("para"));
    out
}

/// Whether a class or id mentions the article's body or content.
pub(super) fn mentions_body(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    BODY_WORDS.iter().any(|word| lower.contains(word))
}

/// The lower-case words of a class or id: split at `-`, `_` and lower-to-upper case changes
/// (`article-lead-text`, `articleLead` and `article_lead` all hold `article` and `lead`).
pub(super) fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            previous_lower = false;
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            continue;
        }
        if c.is_uppercase() && previous_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether `name` can be written in a selector as is (letters, digits, `-`, `_`, not starting
/// with a digit).
pub(crate) fn plain_ident(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '-')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Whether a class, id or attribute value looks written by a person rather than generated:
/// no `css-1x2y3z`/`sc-abc123`-style prefixes, no part mixing letters and digits (`s30J`,
/// `17Yit`), no short part with inner capitals (`iIpbx`), no run of three digits (an
/// article number).
pub(super) fn stable(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if ["css-", "sc-", "jsx-", "emotion-", "styled-"]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
    {
        return false;
    }
    let mut digit_run = 0;
    for c in name.chars() {
        digit_run = if c.is_ascii_digit() { digit_run + 1 } else { 0 };
        if digit_run >= 3 {
            return false;
        }
    }
    name.split(['-', '_', ' ']).all(|part| {
        let digits = part.chars().any(|c| c.is_ascii_digit());
        let letters = part.chars().any(|c| c.is_ascii_alphabetic());
        let inner_capital = part.chars().skip(1).any(|c| c.is_ascii_uppercase());
        let mixed = digits && letters && part.len() >= 4;
        let scrambled = inner_capital && part.len() <= 6;
        !mixed && !scrambled
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_not_stable() {
        for name in [
            "css-1x2y3z",
            "sc-abc123",
            "_s30J",
            "T22zO",
            "iIpbx",
            "article-112700001",
        ] {
            assert!(!stable(name), "{name}");
        }
        for name in [
            "article-body",
            "caas-body",
            "articleBody",
            "h2",
            "text-block",
            "paragraph-1",
        ] {
            assert!(stable(name), "{name}");
        }
    }
}
