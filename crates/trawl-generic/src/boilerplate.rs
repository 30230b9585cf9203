//! Known boilerplate: class and id names of page furniture (share bars, newsletter boxes,
//! "Recommended" lists, comment sections, ads) and the texts such furniture carries.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use scraper::node::Element;

/// Elements whose content is never article text.
pub const SKIPPED_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "button",
    "iframe",
    "select",
    "option",
    "textarea",
    "input",
    "nav",
    "aside",
    "footer",
    "dialog",
    "figure",
    "figcaption",
    "picture",
    "video",
    "audio",
    "object",
    "embed",
    "canvas",
    "map",
    "menu",
];

/// Words in a class or id that mark furniture, matched against whole words of the name
/// (`share-bar` has the word `share`; `shareholder` does not).
const FURNITURE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "author",
    "advertisement",
    "advertising",
    "anzeige",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "caption",
    "comment",
    "comments",
    "consent",
    "cookie",
    "cookies",
    "credit",
    "credits",
    "disqus",
    "dropdown",
    "embed",
    "error",
    "facebook",
    "footer",
    "gallery",
    "instagram",
    "login",
    "marketing",
    "menu",
    "modal",
    "navigation",
    "navbar",
    "newsletter",
    "outbrain",
    "paywall",
    "popup",
    "promo",
    "promotion",
    "recommendations",
    "recommended",
    "related",
    "share",
    "sharing",
    "shariff",
    "sidebar",
    "signup",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "taboola",
    "tags",
    "toolbar",
    "tooltip",
    "tweet",
    "twitter",
    "xray",
];

/// Names that mark furniture when they start a word run, written together
/// (`sharebar`, `relatedarticles`, `adslot`).
const FURNITURE_PREFIXES: &[&str] = &[
    "sharebar",
    "sharing",
    "socialshare",
    "related",
    "recommend",
    "newsletter",
    "adslot",
    "adcontainer",
    "adunit",
    "advert",
    "outbrain",
    "taboola",
    "commentlist",
];

/// Whether an element's class or id names page furniture.
pub fn is_furniture(element: &Element) -> bool {
    let names = element
        .attr("class")
        .into_iter()
        .chain(element.attr("id"))
        .chain(element.attr("data-component"))
        .chain(element.attr("data-testid"));
    for name in names {
        for class in name.split_ascii_whitespace() {
            if class_is_furniture(class) {
                return true;
            }
        }
    }
    matches!(
        element.attr("role"),
        Some("navigation" | "complementary" | "banner" | "contentinfo" | "dialog" | "alert")
    ) || is_hidden(element)
}

/// Words that mark furniture whatever its size: a comment thread can hold more text than
/// the article, and is still no part of it.
const ALWAYS_FURNITURE_WORDS: &[&str] = &["comment", "comments", "disqus", "outbrain", "taboola"];

/// Whether an element's class names furniture that is never the article, however much text
/// it holds (comment threads, recommendation widgets). Ids are not believed here: pages
/// name their whole wrapper `id="comments-enabled article"`.
pub fn is_always_furniture(element: &Element) -> bool {
    element
        .attr("class")
        .into_iter()
        .flat_map(str::split_ascii_whitespace)
        .any(|class| {
            let class = class.rsplit("__").next().unwrap_or(class);
            let class = class.split("--").next().unwrap_or(class);
            let mut words = class.split(|c: char| !c.is_ascii_alphanumeric());
            // `comments-enabled`, `comment-count`: a state or a number, not the thread.
            let state = words.clone().any(|word| {
                [
                    "enabled", "disabled", "open", "closed", "count", "allowed", "active",
                ]
                .iter()
                .any(|known| word.eq_ignore_ascii_case(known))
            });
            !state
                && words.any(|word| {
                    ALWAYS_FURNITURE_WORDS
                        .iter()
                        .any(|known| word.eq_ignore_ascii_case(known))
                })
        })
}

/// Whether one class name names furniture (no allocation: this runs for every element).
fn class_is_furniture(class: &str) -> bool {
    // In BEM names (`sidebar-grid__content--wide`) the element after `__` says what the
    // element is; the block before it only says where it sits.
    let class = class.rsplit("__").next().unwrap_or(class);
    let class = class.split("--").next().unwrap_or(class);
    let mut buffer = [0u8; LONGEST_NAME];
    let words = class.split(|c: char| !c.is_ascii_alphanumeric());
    if words
        .filter_map(|word| {
            lowercase(word, &mut buffer).map(|word| FURNITURE_WORD_SET.contains(word))
        })
        .any(|known| known)
    {
        return true;
    }
    // The class's letters and digits, lower case, as far as the longest prefix reaches.
    let mut letters = [0u8; LONGEST_NAME];
    let mut len = 0;
    for byte in class
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .take(LONGEST_NAME)
    {
        letters[len] = byte.to_ascii_lowercase();
        len += 1;
    }
    let letters = &letters[..len];
    FURNITURE_PREFIXES
        .iter()
        .any(|prefix| letters.starts_with(prefix.as_bytes()))
}

/// Longer than every furniture word and prefix.
const LONGEST_NAME: usize = 24;

/// [`FURNITURE_WORDS`], to look up.
static FURNITURE_WORD_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| FURNITURE_WORDS.iter().copied().collect());

/// `word` in lower case in `buffer`; `None` when it is longer than any furniture name.
fn lowercase<'b>(word: &str, buffer: &'b mut [u8; LONGEST_NAME]) -> Option<&'b str> {
    let bytes = word.as_bytes();
    let out = buffer.get_mut(..bytes.len())?;
    for (to, from) in out.iter_mut().zip(bytes) {
        *to = from.to_ascii_lowercase();
    }
    std::str::from_utf8(out).ok()
}

/// Whether an element is hidden from readers.
pub fn is_hidden(element: &Element) -> bool {
    element.attr("hidden").is_some()
        || element.attr("aria-hidden") == Some("true")
        || element.attr("style").is_some_and(|style| {
            let style: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            style.contains("display:none")
                || style.contains("visibility:hidden")
                || style.contains("clip:rect(0")
        })
        || element.has_class("hidden", scraper::CaseSensitivity::AsciiCaseInsensitive)
        || element.has_class("sr-only", scraper::CaseSensitivity::AsciiCaseInsensitive)
        || element.has_class(
            "visually-hidden",
            scraper::CaseSensitivity::AsciiCaseInsensitive,
        )
        || element.has_class(
            "screen-reader-text",
            scraper::CaseSensitivity::AsciiCaseInsensitive,
        )
}

/// Texts of widgets, prompts and notices: a paragraph matching one is not article text.
static FURNITURE_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:",
        r"oops!?\s*something went wrong.*",
        r"|something went wrong\.?\s*please try again.*",
        r"|please try again later\.?",
        r"|(?:advertisement|anzeige|werbung|publicité|publicidad|pubblicità|reklame|annonse|sponsored)\b.{0,40}",
        r"|.{0,120}(?:réservée? (?:à nos|aux) abonnés|reserved for subscribers|nur für abonnenten|exclusivo para suscriptores|subscribers only|subscribe to (?:read|continue)).{0,120}",
        r"|\(?(?:additional )?(?:reporting|writing|editing|compiled|produced) by\b.{0,200}",
        r"|(?:mit agenturmaterial|with (?:agency|wire) (?:material|reporting)|avec (?:afp|agences))\W{0,3}",
        r"|.{0,150}\b(?:newsletter|boletín)\b.{0,150}",
        r"|(?:get|receive) (?:real-time|the latest|breaking) (?:updates|news|alerts)\b.{0,150}",
        r"|(?:download|get) (?:our|the) (?:free )?app\b.{0,120}",
        r"|.{0,80}\b\d{1,2}:\d{2} min\b.{0,120}",
        r"|.{0,200}\b(?:jetzt unterstützen|unterstützen sie (?:uns|unabhängigen|den)|support (?:us|our journalism|independent journalism)|donate now|make a contribution|become a (?:member|supporter)|soutenez-nous|apoya (?:nuestro|el) periodismo)\b.{0,100}",
        r"|our goal is to create a safe and engaging place for users.*",
        r"|.{0,80}\b(?:suspending|disabled|closed)\b.{0,20}\bcomment(?:s|ing)\b.*",
        r"|comments? (?:are|is) (?:closed|disabled).*",
        r"|(?:sign up|subscribe) (?:for|to) (?:our|the) .{0,60}newsletter.*",
        r"|(?:share|teilen|partager|compartir)(?: this| on| via)?(?: article| story)?\W*",
        r"|(?:read more|lesen sie (?:auch|mehr)|mehr zum thema|weiterlesen|lire aussi|à lire aussi|leer más|leia também|leggi anche|see also|related(?: articles| stories)?|recommended(?: stories)?)\b.{0,150}",
        r"|(?:follow us|folgen sie uns|suivez-nous).{0,120}",
        r"|.{0,40}©.{0,80}",
        r"|(?:all rights reserved|alle rechte vorbehalten|tous droits réservés).{0,40}",
        r"|(?:click here|klicken sie hier).{0,100}",
        r"|this (?:content|video|embed) (?:is not available|cannot be displayed).{0,120}",
        r"|.{0,60}(?:enable javascript|javascript (?:is )?(?:disabled|required)).{0,100}",
        r")$"
    ))
    .expect("valid built-in regex")
});

/// Words one of which every alternative of [`FURNITURE_TEXT`] needs: a text holding none of
/// them (case aside) is not furniture, and skips the regex, whose Unicode word boundaries
/// make it slow on non-ASCII text. Keep in step with the regex: the test below checks each
/// alternative's examples get through.
const FURNITURE_TEXT_WORDS: &[&str] = &[
    "something went wrong",
    "please try again",
    "advertisement",
    "anzeige",
    "werbung",
    "publicit",
    "pubblicit",
    "reklame",
    "annonse",
    "sponsored",
    "abonn",
    "subscri",
    "suscriptores",
    "reporting",
    "writing",
    "editing",
    "compiled",
    "produced",
    "agenturmaterial",
    "agency",
    "wire",
    "avec",
    "newsletter",
    "bolet",
    "updates",
    "news",
    "alerts",
    "app",
    "min",
    "unterst",
    "support",
    "donate",
    "contribution",
    "become a",
    "soutenez",
    "periodismo",
    "our goal is",
    "comment",
    "share",
    "teilen",
    "partager",
    "compartir",
    "read more",
    "lesen sie",
    "mehr zum thema",
    "weiterlesen",
    "lire aussi",
    "leer m",
    "leia tamb",
    "leggi anche",
    "see also",
    "related",
    "recommended",
    "follow us",
    "folgen sie uns",
    "suivez-nous",
    "©",
    "all rights reserved",
    "alle rechte vorbehalten",
    "tous droits r",
    "click here",
    "klicken sie hier",
    "is not available",
    "cannot be displayed",
    "javascript",
];

static FURNITURE_TEXT_PREFILTER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(FURNITURE_TEXT_WORDS)
        .expect("valid built-in words")
});

/// Whether a paragraph's text is widget, prompt or notice text rather than the article's.
pub fn is_furniture_text(text: &str) -> bool {
    text.chars().count() <= 300
        && FURNITURE_TEXT_PREFILTER.is_match(text)
        && FURNITURE_TEXT.is_match(text)
}

/// Headings that open a furniture block ("Recommended Stories", "Mehr zum Thema").
static FURNITURE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:recommended|related|more (?:from|on|stories|news)|read (?:more|next|also)|",
        r"most (?:read|popular)|trending|top stories|latest|you may also|you might also|",
        r"mehr zum thema|mehr aus|das könnte sie auch|meistgelesen|weitere artikel|lesen sie auch|",
        r"à lire aussi|lire aussi|sur le même sujet|les plus lus|más noticias|te puede interesar|",
        r"leggi anche|comments?|kommentare|commentaires|comentarios|newsletter|share|teilen|",
        r"in this article|in diesem artikel|tags|themen|schlagworte)"
    ))
    .expect("valid built-in regex")
});

/// Whether a heading opens a furniture block rather than a section of the article.
pub fn is_furniture_heading(text: &str) -> bool {
    text.chars().count() <= 80 && FURNITURE_HEADING.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn first(html: &str) -> Element {
        let doc = Html::parse_fragment(html);
        let div = doc.select(&Selector::parse("div").unwrap()).next().unwrap();
        div.value().clone()
    }

    #[test]
    fn furniture_is_known_by_whole_words_of_its_class() {
        assert!(is_furniture(&first(
            "<div class='article-share-bar'></div>"
        )));
        assert!(is_furniture(&first("<div id='comments'></div>")));
        assert!(is_furniture(&first("<div class='relatedArticles'></div>")));
        assert!(is_furniture(&first("<div style='display: none'></div>")));
        assert!(!is_furniture(&first(
            "<div class='shareholder-story'></div>"
        )));
        assert!(!is_furniture(&first("<div class='article-body'></div>")));
        assert!(!is_furniture(&first(
            "<div class='sidebar-grid__content'></div>"
        )));
    }

    #[test]
    fn widget_and_notice_texts_are_furniture() {
        assert!(is_furniture_text(
            "Oops! Something went wrong. Please try again later."
        ));
        assert!(is_furniture_text("Advertisement"));
        assert!(is_furniture_text(
            "In order to improve our community experience, we are temporarily suspending article commenting"
        ));
        assert!(is_furniture_text("Read more: How the harbour strike ended"));
        assert!(!is_furniture_text(
            "The harbour workers read more than the council expected."
        ));
    }

    // One text per alternative of the regex: each gets through the word prefilter.
    #[test]
    fn every_kind_of_furniture_text_passes_the_prefilter() {
        for text in [
            "Oops! Something went wrong",
            "Something went wrong. Please try again",
            "Please try again later.",
            "Publicité",
            "Pubblicità",
            "Anzeige",
            "Cet article est réservé aux abonnés",
            "This article is reserved for subscribers",
            "Dieser Artikel ist nur für Abonnenten",
            "Contenido exclusivo para suscriptores",
            "(Reporting by Jane Doe; Editing by John Roe)",
            "Compiled by our staff",
            "Mit Agenturmaterial",
            "With wire reporting",
            "Avec AFP",
            "Sign up to our daily newsletter",
            "Suscríbete a nuestro boletín diario",
            "Get the latest updates on your phone",
            "Download our free app for more",
            "Listen: 4:30 min",
            "Jetzt unterstützen",
            "Support independent journalism today",
            "Soutenez-nous",
            "Apoya nuestro periodismo",
            "Our goal is to create a safe and engaging place for users to connect",
            "Comments are closed.",
            "Share this article",
            "Teilen",
            "Lesen Sie auch: Der Hafen",
            "Leer más",
            "Leia também",
            "À lire aussi",
            "Follow us on every network",
            "Folgen Sie uns",
            "© 2024 Example Media",
            "Tous droits réservés",
            "Klicken Sie hier",
            "This video is not available",
            "Please enable JavaScript to view it",
        ] {
            assert!(
                FURNITURE_TEXT.is_match(text),
                "the regex reads {text:?} as furniture"
            );
            assert!(is_furniture_text(text), "{text:?} passes the prefilter");
        }
    }

    #[test]
    fn furniture_headings() {
        assert!(is_furniture_heading("Recommended Stories"));
        assert!(is_furniture_heading("Mehr zum Thema"));
        assert!(!is_furniture_heading("What the council decided"));
    }
}
