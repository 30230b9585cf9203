//! Compiling CSS selectors with error messages a rule author can act on.

use scraper::error::SelectorErrorKind;
use scraper::Selector;

/// Parses a CSS selector, or says in words what is wrong with it.
///
/// ```
/// use trawl_engine::parse_css;
///
/// assert!(parse_css("article > p:not(.ad)").is_ok());
/// assert_eq!(parse_css("h1..title").unwrap_err(), "invalid CSS selector: a class name must follow `.`");
/// ```
pub fn parse_css(css: &str) -> Result<Selector, String> {
    Selector::parse(css).map_err(|error| format!("invalid CSS selector: {}", describe(&error)))
}

fn describe(kind: &SelectorErrorKind) -> String {
    let detail = match kind {
        SelectorErrorKind::UnexpectedToken => {
            "unexpected text; quote attribute values, as in `[data-id=\"x\"]`"
        }
        SelectorErrorKind::EndOfLine => "it ends too early",
        SelectorErrorKind::InvalidAtRule | SelectorErrorKind::InvalidAtRuleBody => {
            "@-rules are not selectors"
        }
        SelectorErrorKind::TooManyNestedBlocks => "too many nested brackets",
        SelectorErrorKind::QualRuleInvalid => "it is not a selector",
        SelectorErrorKind::ExpectedColonOnPseudoElement => "a pseudo-element needs `::`",
        SelectorErrorKind::ExpectedIdentityOnPseudoElement => {
            "a pseudo-element needs a name after `::`"
        }
        SelectorErrorKind::UnexpectedSelectorParseError(inner) => {
            let name = format!("{inner:?}");
            let name = name.split('(').next().unwrap_or_default();
            return match name {
                "ClassNeedsIdent" => "a class name must follow `.`".to_owned(),
                "DanglingCombinator" => {
                    "a combinator (`>`, `+`, `~`) has nothing after it".to_owned()
                }
                "EmptySelector" => "it is empty".to_owned(),
                "NoQualifiedNameInAttributeSelector" => {
                    "an attribute selector needs a name, as in `[data-id]`".to_owned()
                }
                "UnexpectedTokenInAttributeSelector" => "unexpected text in `[...]`".to_owned(),
                "UnsupportedPseudoClassOrElement" => {
                    "this pseudo-class is not supported".to_owned()
                }
                "ExpectedBarInAttr" | "BadValueInAttr" => {
                    "a bad value in `[...]`; quote it, as in `[data-id=\"x\"]`".to_owned()
                }
                other => words(other),
            };
        }
    };
    detail.to_owned()
}

/// `ClassNeedsIdent` -> `class needs ident`.
fn words(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_uppercase() && !out.is_empty() {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}
