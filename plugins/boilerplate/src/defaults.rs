//! The built-in boilerplate list: widget, consent, subscription, comment-notice and
//! cross-link texts that news sites leave in article bodies.
//!
//! Each entry says how it must match a paragraph, compared case-insensitively with runs of
//! whitespace as single spaces:
//! - [`Kind::Whole`]: the whole paragraph, ignoring surrounding punctuation, so
//!   "Advertisement" drops the paragraph "ADVERTISEMENT" but not a sentence about
//!   advertisements;
//! - [`Kind::Prefix`]: the start of the paragraph ("Lire aussi : ...");
//! - [`Kind::Contains`]: anywhere in a paragraph of at most [`MAX_CONTAINS_LEN`] characters,
//!   so a long paragraph that quotes "please try again later" is kept.

/// How a built-in phrase must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The whole paragraph is the phrase.
    Whole,
    /// The paragraph starts with the phrase.
    Prefix,
    /// The phrase is somewhere in a short paragraph.
    Contains,
}

/// Longest paragraph, in characters, a [`Kind::Contains`] default may drop.
pub const MAX_CONTAINS_LEN: usize = 300;

/// The built-in list, grouped by language.
pub const DEFAULTS: &[(Kind, &str)] = &[
    // English: widgets, consent and sign-up boxes.
    (Kind::Contains, "Oops! Something went wrong"),
    (Kind::Contains, "Please try again later"),
    (
        Kind::Contains,
        "we are temporarily suspending article commenting",
    ),
    (Kind::Contains, "Sign up for our newsletter"),
    (Kind::Contains, "Subscribe to continue reading"),
    (Kind::Contains, "Already a subscriber?"),
    (
        Kind::Contains,
        "This content is not available due to your privacy preferences",
    ),
    (Kind::Contains, "Accept cookies"),
    (Kind::Contains, "Click here to"),
    (Kind::Contains, "Share this article"),
    (Kind::Contains, "Follow us on"),
    (Kind::Contains, "Download the app"),
    (Kind::Contains, "Scroll to continue"),
    (Kind::Contains, "continues below advertisement"),
    (Kind::Prefix, "Read more:"),
    (Kind::Prefix, "Read also:"),
    (Kind::Whole, "Read more"),
    (Kind::Whole, "Recommended Stories"),
    (Kind::Whole, "Advertisement"),
    // French.
    (Kind::Contains, "La suite est réservée aux abonnés"),
    (Kind::Contains, "Abonnez-vous"),
    (Kind::Prefix, "Lire aussi"),
    (Kind::Whole, "Publicité"),
    // German.
    (Kind::Contains, "Jetzt abonnieren"),
    (Kind::Prefix, "Mehr zum Thema"),
    (Kind::Prefix, "Lesen Sie auch"),
    (Kind::Whole, "Anzeige"),
    // Spanish.
    (Kind::Prefix, "Lee también"),
    (Kind::Prefix, "Te puede interesar"),
    (Kind::Contains, "Suscríbete"),
    (Kind::Whole, "Publicidad"),
    // Italian and Dutch.
    (Kind::Prefix, "Leggi anche"),
    (Kind::Whole, "Pubblicità"),
    (Kind::Prefix, "Lees ook"),
    (Kind::Whole, "Advertentie"),
];

/// Whether a built-in entry matches `text`, both already folded by [`fold`].
pub fn matches(kind: Kind, phrase: &str, text: &str) -> bool {
    match kind {
        Kind::Whole => text.trim_matches(|c: char| !c.is_alphanumeric()) == phrase,
        Kind::Prefix => text.starts_with(phrase),
        Kind::Contains => text.chars().count() <= MAX_CONTAINS_LEN && text.contains(phrase),
    }
}

/// Text as compared: lower case, whitespace runs (no-break spaces included) as one space,
/// curly apostrophes as straight ones, trimmed.
pub fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['’', 'ʼ'], "'")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dropped(paragraph: &str) -> bool {
        let text = fold(paragraph);
        DEFAULTS
            .iter()
            .any(|(kind, phrase)| matches(*kind, &fold(phrase), &text))
    }

    #[test]
    fn the_list_is_reasonable() {
        assert!((30..=40).contains(&DEFAULTS.len()));
        for (kind, phrase) in DEFAULTS {
            assert_eq!(phrase.trim(), *phrase);
            if *kind == Kind::Whole {
                assert!(dropped(phrase), "{phrase}");
            }
        }
    }

    #[test]
    fn widget_texts_are_dropped() {
        for paragraph in [
            "Oops!\u{a0}Something went wrong. Please try again later.",
            "In order to improve our community experience, we are temporarily suspending article commenting",
            "CLICK HERE TO DOWNLOAD OUR APP",
            "Il vous reste 61.4% de cet article à lire. La suite est réservée aux abonnés.",
            "Advertisement · Scroll to continue",
            "ADVERTISEMENT",
            "— Anzeige —",
            "Lire aussi : Le vignoble bordelais arrache",
            "LESEN SIE AUCH: Die Fähre fährt wieder",
        ] {
            assert!(dropped(paragraph), "{paragraph}");
        }
    }

    #[test]
    fn article_text_is_kept() {
        let long = format!(
            "{} Please try again later, the clerk said.",
            "Word ".repeat(80)
        );
        for paragraph in [
            "The company spent more on advertisement than on wages last year.",
            "Advertisements for the fair ran for weeks.",
            "Auf der Anzeigetafel steht nur: »Betrieb eingeschränkt«.",
            "She said she would read more about it later.",
            long.as_str(),
        ] {
            assert!(!dropped(paragraph), "{paragraph}");
        }
    }
}
