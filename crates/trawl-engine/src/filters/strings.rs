//! Filters that change or test text: case, prefixes, substrings, regexes.

use super::{keep, map_text, Example, FilterSpec};

/// The text filters.
pub fn filters() -> Vec<FilterSpec> {
    vec![
        FilterSpec {
            name: "lower",
            params: &[],
            summary: "Lower-cases the text.",
            example: Example { html: "<p>World NEWS</p>", expr: "p | lower", output: &["world news"] },
            build: |_| Ok(map_text(|text| Some(text.to_lowercase()))),
        },
        FilterSpec {
            name: "upper",
            params: &[],
            summary: "Upper-cases the text.",
            example: Example { html: "<p>bbc</p>", expr: "p | upper", output: &["BBC"] },
            build: |_| Ok(map_text(|text| Some(text.to_uppercase()))),
        },
        FilterSpec {
            name: "strip_prefix",
            params: &["prefix"],
            summary: "Removes a prefix when the text starts with it (any case); other text is kept as is.",
            example: Example { html: "<p>By Ann Lee</p>", expr: "p | strip_prefix('By ')", output: &["Ann Lee"] },
            build: |args| {
                let prefix = args.str(0).to_lowercase();
                Ok(map_text(move |text| {
                    let cut = text.char_indices().nth(prefix.chars().count()).map_or(text.len(), |(i, _)| i);
                    Some(if text[..cut].to_lowercase() == prefix { text[cut..].trim().to_owned() } else { text.to_owned() })
                }))
            },
        },
        FilterSpec {
            name: "strip_suffix",
            params: &["suffix"],
            summary: "Removes a suffix when the text ends with it (any case); other text is kept as is.",
            example: Example { html: "<title>Ukraine talks | Example News</title>", expr: "title | strip_suffix(' | Example News')", output: &["Ukraine talks"] },
            build: |args| {
                let suffix = args.str(0).to_lowercase();
                Ok(map_text(move |text| {
                    let count = text.chars().count();
                    let n = suffix.chars().count();
                    let cut = if count >= n { text.char_indices().nth(count - n).map_or(text.len(), |(i, _)| i) } else { 0 };
                    Some(if count >= n && text[cut..].to_lowercase() == suffix { text[..cut].trim().to_owned() } else { text.to_owned() })
                }))
            },
        },
        FilterSpec {
            name: "contains",
            params: &["text"],
            summary: "Keeps the values whose text contains the given text.",
            example: Example { html: "<p>Ad: buy</p><p>Story</p>", expr: "p | contains(Story) | text", output: &["Story"] },
            build: |args| {
                let needle = args.str(0).to_owned();
                Ok(keep(move |text| text.contains(&needle)))
            },
        },
        FilterSpec {
            name: "not_contains",
            params: &["text"],
            summary: "Drops the values whose text contains the given text.",
            example: Example { html: "<p>Oops! Something went wrong.</p><p>Story</p>", expr: "p | not_contains('Oops!') | text", output: &["Story"] },
            build: |args| {
                let needle = args.str(0).to_owned();
                Ok(keep(move |text| !text.contains(&needle)))
            },
        },
        FilterSpec {
            name: "matches",
            params: &["regex"],
            summary: "Keeps the values whose text matches a regex.",
            example: Example { html: "<p>2 min read</p><p>Story</p>", expr: r"p | matches('^\d+ min') | text", output: &["2 min read"] },
            build: |args| {
                let regex = args.regex(0)?;
                Ok(keep(move |text| regex.is_match(text)))
            },
        },
        FilterSpec {
            name: "not_matches",
            params: &["regex"],
            summary: "Drops the values whose text matches a regex.",
            example: Example { html: "<p>2 min read</p><p>Story</p>", expr: r"p | not_matches('^\d+ min') | text", output: &["Story"] },
            build: |args| {
                let regex = args.regex(0)?;
                Ok(keep(move |text| !regex.is_match(text)))
            },
        },
        FilterSpec {
            name: "capture",
            params: &["regex", "group?"],
            summary: "The regex's first group (or the named/numbered group given) in each text; values that do not match are dropped.",
            example: Example { html: "<p>Updated: 28.01.2022</p>", expr: r"p | capture('(\d+\.\d+\.\d+)')", output: &["28.01.2022"] },
            build: |args| {
                let regex = args.regex(0)?;
                let group = args.opt_str(1).map(str::to_owned);
                Ok(map_text(move |text| {
                    let captures = regex.captures(text)?;
                    let found = match &group {
                        Some(name) => match name.parse::<usize>() {
                            Ok(i) => captures.get(i),
                            Err(_) => captures.name(name),
                        },
                        None => captures.get(1).or_else(|| captures.get(0)),
                    };
                    found.map(|m| m.as_str().to_owned())
                }))
            },
        },
        FilterSpec {
            name: "replace",
            params: &["regex", "with"],
            summary: "Replaces every match of a regex; `$1` in the replacement is the first group.",
            example: Example { html: "<p>Photo: AP / Reuters</p>", expr: "p | replace('^Photo: ', '')", output: &["AP / Reuters"] },
            build: |args| {
                let regex = args.regex(0)?;
                let with = args.str(1).to_owned();
                Ok(map_text(move |text| Some(regex.replace_all(text, with.as_str()).trim().to_owned())))
            },
        },
        FilterSpec {
            name: "prepend",
            params: &["text"],
            summary: "Puts text before each value.",
            example: Example { html: "<p>Ukraine</p>", expr: "p | prepend('Topic: ')", output: &["Topic: Ukraine"] },
            build: |args| {
                let prefix = args.str(0).to_owned();
                Ok(map_text(move |text| Some(format!("{prefix}{text}"))))
            },
        },
    ]
}
