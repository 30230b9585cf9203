//! Turns expression text into the spanned [`Expr`] tree in one pass over pest's pairs.

use pest::iterators::Pair;
use pest::Parser as _;
use pest_derive::Parser;

use crate::ast::{Arg, Expr, Filter, Pipeline, Source, SourceKind};
use crate::error::ParseError;

/// The pest parser generated from `grammar.pest`.
#[derive(Parser)]
#[grammar = "grammar.pest"]
struct Grammar;

/// Parses a selector expression such as `meta(og:title) || h1 | text`.
///
/// ```
/// use trawl_selector::{parse, SourceKind};
///
/// let expr = parse("meta(og:title) || h1.headline | text").unwrap();
/// assert_eq!(expr.alternatives.len(), 2);
/// assert_eq!(expr.alternatives[0].source.kind, SourceKind::Meta("og:title".into()));
/// assert_eq!(expr.alternatives[1].filters[0].name, "text");
/// ```
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let mut pairs = Grammar::parse(Rule::expression, text).map_err(|error| {
        let error = convert_error(error);
        unclosed_quote(text, error.span.start)
            .or_else(|| bad_meta_or_ld(text))
            .or_else(|| unclosed_bracket(text))
            .unwrap_or_else(|| unquoted_punctuation(text, error))
    })?;
    let expression = pairs
        .next()
        .expect("the grammar always yields an expression");
    let span = expression.as_span();
    let alternatives = expression
        .into_inner()
        .filter(|pair| pair.as_rule() == Rule::pipeline)
        .map(pipeline)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Expr {
        alternatives,
        span: span.start()..span.end(),
    })
}

fn pipeline(pair: Pair<'_, Rule>) -> Result<Pipeline, ParseError> {
    let span = pair.as_span();
    let mut inner = pair.into_inner();
    let source = source(inner.next().expect("a pipeline starts with a source"))?;
    let filters = inner.map(filter).collect();
    Ok(Pipeline {
        source,
        filters,
        span: span.start()..trimmed_end(span.as_str(), span.start()),
    })
}

fn source(pair: Pair<'_, Rule>) -> Result<Source, ParseError> {
    let span = pair.as_span();
    let start = span.start();
    let kind = match pair.as_rule() {
        Rule::meta_source => {
            let name = pair.into_inner().next().expect("meta() has a name");
            SourceKind::Meta(name.as_str().to_owned())
        }
        Rule::ld_source => {
            let mut inner = pair.into_inner();
            let type_pattern = inner.next().expect("ld() has a type").as_str().to_owned();
            let path = inner.map(|key| key.as_str().to_owned()).collect();
            SourceKind::JsonLd { type_pattern, path }
        }
        Rule::url_source => SourceKind::Url,
        Rule::current => SourceKind::Current,
        Rule::group => SourceKind::Group(
            pair.into_inner()
                .filter(|pair| pair.as_rule() == Rule::pipeline)
                .map(pipeline)
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Rule::string => SourceKind::Const(string_value(pair)),
        Rule::css_source => {
            let css = span.as_str().trim();
            if css.is_empty() {
                return Err(ParseError::new("expected a source", start..start));
            }
            let end = trimmed_end(span.as_str(), start);
            let kind = match css {
                ":scope" => SourceKind::Current,
                css => SourceKind::Css(css.to_owned()),
            };
            return Ok(Source {
                kind,
                span: start..end,
            });
        }
        other => unreachable!("not a source: {other:?}"),
    };
    Ok(Source {
        kind,
        span: start..span.end(),
    })
}

fn filter(pair: Pair<'_, Rule>) -> Filter {
    let span = pair.as_span();
    let mut inner = pair.into_inner();
    let name = inner.next().expect("a filter has a name");
    let args = inner
        .map(|arg| {
            let arg_span = arg.as_span();
            let (value, quoted) = match arg.as_rule() {
                Rule::string => (string_value(arg), true),
                _ => (arg.as_str().to_owned(), false),
            };
            Arg {
                value,
                quoted,
                span: arg_span.start()..arg_span.end(),
            }
        })
        .collect();
    Filter {
        name: name.as_str().to_owned(),
        name_span: name.as_span().start()..name.as_span().end(),
        args,
        span: span.start()..trimmed_end(span.as_str(), span.start()),
    }
}

/// The text of a quoted string with `\'` or `\"` unescaped; other backslashes stay (regexes).
fn string_value(pair: Pair<'_, Rule>) -> String {
    let inner = pair.into_inner().next().expect("a string has an inside");
    match inner.as_rule() {
        Rule::single_inner => inner.as_str().replace("\\'", "'"),
        _ => inner.as_str().replace("\\\"", "\""),
    }
}

fn trimmed_end(text: &str, start: usize) -> usize {
    start + text.trim_end().len()
}

/// A quote at `at` with no closing quote after it: the likeliest mistake there.
fn unclosed_quote(text: &str, at: usize) -> Option<ParseError> {
    let quote = text[at..]
        .chars()
        .next()
        .filter(|c| *c == '\'' || *c == '"')?;
    let rest = &text[at + 1..];
    let closed = rest
        .char_indices()
        .any(|(i, c)| c == quote && !rest[..i].ends_with('\\'));
    (!closed).then(|| {
        ParseError::new(format!("this {quote} is never closed"), at..at + 1)
            .with_help(format!("end the string with {quote}"))
    })
}

/// A character a `meta(...)` name or an `ld(...)` path cannot hold, such as a space or a line
/// break.
fn bad_meta_or_ld(text: &str) -> Option<ParseError> {
    for (opener, allowed, what) in [
        ("meta(", "", "a meta tag name"),
        ("ld(", "*_.@-:", "a JSON-LD path"),
    ] {
        for (start, _) in text.match_indices(opener) {
            let before = text[..start].trim_end();
            if !(before.is_empty() || before.ends_with('|') || before.ends_with('(')) {
                continue;
            }
            let inside = &text[start + opener.len()..];
            let end = inside.find(')').unwrap_or(inside.len());
            let bad = inside[..end].char_indices().find(|(_, c)| {
                c.is_whitespace()
                    || c.is_control()
                    || (!allowed.is_empty() && !c.is_ascii_alphanumeric() && !allowed.contains(*c))
            });
            if let Some((i, c)) = bad {
                let at = start + opener.len() + i;
                let shown = if c.is_whitespace() {
                    "a space or line break".to_owned()
                } else {
                    format!("`{c}`")
                };
                return Some(
                    ParseError::new(format!("{what} cannot hold {shown}"), at..at + c.len_utf8())
                        .with_help(match opener {
                            "meta(" => "write the name as on the page, e.g. meta(og:title)",
                            _ => "write ld(Type.key.key), e.g. ld(NewsArticle.author.name)",
                        }),
                );
            }
        }
    }
    None
}

/// A `(` or `[` that is never closed (quoted text skipped): a `)` or `]` is missing at the end.
fn unclosed_bracket(text: &str) -> Option<ParseError> {
    let mut open: Vec<(usize, char)> = Vec::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) => {
                if c == q && !escaped {
                    quote = None;
                }
                escaped = c == '\\' && !escaped;
                continue;
            }
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '(' || c == '[' => open.push((i, c)),
            None if c == ')' || c == ']' => {
                open.pop()?;
            }
            None => {}
        }
    }
    let (at, bracket) = *open.last()?;
    let close = if bracket == '(' { ')' } else { ']' };
    let opener = opener_name(text, at);
    Some(
        ParseError::new(format!("a `{close}` is missing"), text.len()..text.len()).with_help(
            format!(
                "the `{bracket}` of `{opener}` (at {at}) is never closed; end it with `{close}`"
            ),
        ),
    )
}

/// An argument that is only punctuation, unquoted (`split(,)`, `join(;)`): the error, with
/// the quoted argument to write instead.
fn unquoted_punctuation(text: &str, error: ParseError) -> ParseError {
    let at = error.span.start;
    let Some(open) = text[..at.min(text.len())].rfind('(') else {
        return error;
    };
    let Some(close) = text[open..].find(')').map(|i| open + i) else {
        return error;
    };
    let inside = &text[open + 1..close];
    let bare = !inside.trim().is_empty()
        && !inside.contains(['\'', '"'])
        && inside
            .trim()
            .chars()
            .all(|c| c.is_ascii_punctuation() || c == ' ');
    if !bare || !(open..=close).contains(&at) {
        return error;
    }
    let opener = opener_name(text, open);
    error.with_help(format!(
        "quote it: `{opener}'{}')`",
        inside.trim().replace('\'', "\\'")
    ))
}

/// The word before an opening bracket with the bracket, `date(`, for messages.
fn opener_name(text: &str, at: usize) -> String {
    let before = &text[..at];
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || "_-:.#".contains(c)))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    format!("{}{}", &before[start..], &text[at..at + 1])
}

/// Converts pest's error into ours, naming what was expected in words.
fn convert_error(error: pest::error::Error<Rule>) -> ParseError {
    use pest::error::{ErrorVariant, InputLocation};
    let span = match error.location {
        InputLocation::Pos(pos) => pos..pos,
        InputLocation::Span((start, end)) => start..end,
    };
    let message = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } if !positives.is_empty() => {
            let mut names: Vec<&str> = positives.iter().map(|rule| describe(*rule)).collect();
            names.sort_unstable();
            names.dedup();
            format!("expected {}", join_or(&names))
        }
        ErrorVariant::ParsingError { negatives, .. } if !negatives.is_empty() => {
            let names: Vec<&str> = negatives.iter().map(|rule| describe(*rule)).collect();
            format!("unexpected {}", join_or(&names))
        }
        ErrorVariant::ParsingError { .. } => "unexpected text".to_owned(),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    ParseError::new(message, span)
}

/// A human name for every grammar rule; no catch-all, so a new rule must be named here.
fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the expression",
        Rule::WHITESPACE => "a space",
        Rule::expression | Rule::alternatives | Rule::pipeline => "an expression",
        Rule::group => "a group such as (h1 || h2)",
        Rule::current => "`.` (the current element)",
        Rule::source | Rule::css_source | Rule::css_bracket | Rule::css_paren => {
            "a source (a CSS selector, meta(...), ld(...), url or a quoted string)"
        }
        Rule::meta_source | Rule::meta_name => "a meta tag name such as meta(og:title)",
        Rule::ld_source => "a JSON-LD path such as ld(NewsArticle.headline)",
        Rule::ld_type => "a JSON-LD @type such as NewsArticle or *",
        Rule::ld_key => "a JSON-LD key",
        Rule::url_source => "url",
        Rule::filter | Rule::filter_name => "a filter name",
        Rule::argument | Rule::bare | Rule::bare_word | Rule::bare_paren => "an argument",
        Rule::string | Rule::string_raw => "a quoted string",
        Rule::single_inner => "a closing '",
        Rule::double_inner => "a closing \"",
    }
}

fn join_or(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn css(expr: &Expr, i: usize) -> &str {
        match &expr.alternatives[i].source.kind {
            SourceKind::Css(css) => css,
            other => panic!("not css: {other:?}"),
        }
    }

    #[test]
    fn css_is_the_default_source_and_keeps_brackets_and_parens() {
        let expr = parse("div[lang|=en] > p:not(.ad, .promo) | text").unwrap();
        assert_eq!(css(&expr, 0), "div[lang|=en] > p:not(.ad, .promo)");
        assert_eq!(expr.alternatives[0].filters[0].name, "text");
    }

    #[test]
    fn alternatives_split_on_double_bar() {
        let expr = parse("meta(og:title) || h1 | text || 'Untitled'").unwrap();
        assert_eq!(expr.alternatives.len(), 3);
        assert_eq!(css(&expr, 1), "h1");
        assert_eq!(
            expr.alternatives[2].source.kind,
            SourceKind::Const("Untitled".into())
        );
    }

    #[test]
    fn json_ld_paths_have_a_type_and_keys() {
        let expr = parse("ld(*Article.author.name)").unwrap();
        assert_eq!(
            expr.alternatives[0].source.kind,
            SourceKind::JsonLd {
                type_pattern: "*Article".into(),
                path: vec!["author".into(), "name".into()]
            }
        );
    }

    #[test]
    fn url_is_a_source_but_url_like_css_is_not() {
        assert_eq!(
            parse("url | text").unwrap().alternatives[0].source.kind,
            SourceKind::Url
        );
        let expr = parse("url.link").unwrap();
        assert_eq!(css(&expr, 0), "url.link");
    }

    #[test]
    fn arguments_may_be_bare_or_quoted() {
        let expr =
            parse(r"p | replace('\s+(\d+)', ' ') | date(%d. %B %Y) | capture(by (\w+))").unwrap();
        let filters = &expr.alternatives[0].filters;
        assert_eq!(filters[0].args[0].value, r"\s+(\d+)");
        assert!(filters[0].args[0].quoted);
        assert_eq!(filters[0].args[1].value, " ");
        assert_eq!(filters[1].args[0].value, "%d. %B %Y");
        assert_eq!(filters[2].args[0].value, r"by (\w+)");
    }

    #[test]
    fn escaped_quotes_are_unescaped() {
        let expr = parse(r#"p | contains('don\'t') | contains("say \"hi\"")"#).unwrap();
        let filters = &expr.alternatives[0].filters;
        assert_eq!(filters[0].args[0].value, "don't");
        assert_eq!(filters[1].args[0].value, "say \"hi\"");
    }

    #[test]
    fn spans_point_at_the_text() {
        let text = "h1 | txt(1)";
        let expr = parse(text).unwrap();
        let filter = &expr.alternatives[0].filters[0];
        assert_eq!(&text[filter.name_span.clone()], "txt");
        assert_eq!(&text[filter.args[0].span.clone()], "1");
        assert_eq!(&text[expr.alternatives[0].source.span.clone()], "h1");
    }

    #[test]
    fn errors_say_what_was_expected() {
        let error = parse("h1 | ").unwrap_err();
        assert_eq!(error.message, "expected a filter name");
        assert_eq!(error.span, 5..5);
        let error = parse("p | contains('open").unwrap_err();
        assert_eq!(error.message, "this ' is never closed");
        assert_eq!(error.span, 13..14);
        assert!(parse("").is_err());
        assert!(parse("|| h1").is_err());
    }

    #[test]
    fn groups_are_sources_and_dot_is_the_current_element() {
        let expr = parse("(h1 | text || h2 | attr(title)) | authors").unwrap();
        let pipeline = &expr.alternatives[0];
        let SourceKind::Group(inner) = &pipeline.source.kind else {
            panic!("not a group: {:?}", pipeline.source.kind);
        };
        assert_eq!(inner.len(), 2);
        assert_eq!(inner[1].filters[0].name, "attr");
        assert_eq!(pipeline.filters[0].name, "authors");
        assert_eq!(
            parse(". | text").unwrap().alternatives[0].source.kind,
            SourceKind::Current
        );
        assert_eq!(
            parse(":scope | blocks").unwrap().alternatives[0]
                .source
                .kind,
            SourceKind::Current
        );
        assert_eq!(css(&parse(".lede | text").unwrap(), 0), ".lede");
        let nested = parse("((a || b) | text || 'x')").unwrap();
        assert!(matches!(
            nested.alternatives[0].source.kind,
            SourceKind::Group(_)
        ));
    }

    #[test]
    fn a_bare_punctuation_argument_suggests_quoting_it() {
        let error = parse("meta(keywords) | split(,)").unwrap_err();
        assert_eq!(error.help.as_deref(), Some("quote it: `split(',')`"));
        let error = parse("h1 | text | join(, )").unwrap_err();
        assert_eq!(error.help.as_deref(), Some("quote it: `join(',')`"));
    }

    /// Regression: a missing `)` said "expected a quoted string" with the caret on `%`.
    #[test]
    fn a_missing_paren_is_named_at_the_end() {
        let text = "time | text | date(%d.%m.%Y";
        let error = parse(text).unwrap_err();
        assert_eq!(error.message, "a `)` is missing");
        assert_eq!(error.span, text.len()..text.len());
        assert!(error.help.unwrap().contains("`date(`"));
        let error = parse("div:not(.ad | text").unwrap_err();
        assert_eq!(error.message, "a `)` is missing");
        let error = parse("(h1 || h2 | text").unwrap_err();
        assert_eq!(error.message, "a `)` is missing");
    }

    /// Regression: a line break inside `meta(...)` made a selector that panicked later.
    #[test]
    fn meta_names_hold_no_spaces_or_line_breaks() {
        let error = parse("meta(og:\ntitle) | text").unwrap_err();
        assert_eq!(
            error.message,
            "a meta tag name cannot hold a space or line break"
        );
        assert_eq!(error.span, 8..9);
        assert!(parse("meta(og title)").is_err());
        let error = parse("ld(News Article.headline)").unwrap_err();
        assert_eq!(error.span, 7..8);
    }

    /// Regression: 30 unclosed `(` took minutes (backtracking). Many generated inputs, each
    /// parsed (or refused) quickly and without a panic.
    #[test]
    fn parsing_takes_linear_time_on_any_input() {
        use std::time::{Duration, Instant};
        let pieces = [
            "(", ")", "[", "]", "'", "\"", "|", "||", ".", "meta(", "ld(", "a", " ", ",", "\n",
            ":not(", "p", "date(", "%d", "\\", "x | ",
        ];
        let mut inputs: Vec<String> = Vec::new();
        for depth in [10, 30, 100] {
            for unit in [
                "(",
                ":not(",
                "[",
                "p | date(",
                "p | replace((",
                "((",
                "'(",
                "(a || ",
            ] {
                inputs.push(unit.repeat(depth));
                inputs.push(format!("h1{}", unit.repeat(depth)));
                inputs.push(format!("p | capture({}", "(".repeat(depth)));
            }
        }
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            inputs.push(text);
        }
        let mut slowest = (Duration::ZERO, String::new());
        for text in &inputs {
            let started = Instant::now();
            let _ = parse(text);
            let took = started.elapsed();
            if took > slowest.0 {
                slowest = (took, text.clone());
            }
        }
        assert!(
            slowest.0 < Duration::from_secs(1),
            "parsing `{}` took {:?}",
            slowest.1,
            slowest.0
        );
    }
}
