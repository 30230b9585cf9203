//! Scores on a continuous scale, for comparing extractors page by page: body token F1,
//! paragraph F1 and publication day.

use std::collections::HashMap;

use super::compare::{parse_instant, squash};

pub use trawl_generic::tokens;

/// F1 of two multisets: 1 when both are empty, 0 when only one is.
pub fn multiset_f1<T: std::hash::Hash + Eq>(got: &[T], want: &[T]) -> f64 {
    if got.is_empty() && want.is_empty() {
        return 1.0;
    }
    let mut counts: HashMap<&T, usize> = HashMap::new();
    for item in want {
        *counts.entry(item).or_default() += 1;
    }
    let matched = got
        .iter()
        .filter(|item| match counts.get_mut(item) {
            Some(count) if *count > 0 => {
                *count -= 1;
                true
            }
            _ => false,
        })
        .count();
    if matched == 0 {
        return 0.0;
    }
    let precision = matched as f64 / got.len() as f64;
    let recall = matched as f64 / want.len() as f64;
    2.0 * precision * recall / (precision + recall)
}

/// Token F1 of two bodies given as paragraphs.
pub fn token_f1<'a>(
    got: impl IntoIterator<Item = &'a str>,
    want: impl IntoIterator<Item = &'a str>,
) -> f64 {
    let got: Vec<String> = got.into_iter().flat_map(tokens).collect();
    let want: Vec<String> = want.into_iter().flat_map(tokens).collect();
    multiset_f1(&got, &want)
}

/// Paragraph F1 of two bodies: paragraphs equal but for whitespace match.
pub fn paragraph_f1<'a>(
    got: impl IntoIterator<Item = &'a str>,
    want: impl IntoIterator<Item = &'a str>,
) -> f64 {
    let got: Vec<String> = got.into_iter().map(squash).collect();
    let want: Vec<String> = want.into_iter().map(squash).collect();
    multiset_f1(&got, &want)
}

/// Whether two dates fall on the same calendar day where the reference was written (an
/// instant is moved to the reference's offset; a bare date is taken as written); both
/// absent counts as the same.
pub fn same_day(got: Option<&str>, want: Option<&str>) -> bool {
    let written = |text: &str| -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::parse_from_str(text.trim().get(..10)?, "%Y-%m-%d").ok()
    };
    match (got, want) {
        (None, None) => true,
        (Some(got), Some(want)) => match (parse_instant(got), parse_instant(want)) {
            (Some(got), Some(want)) => {
                got.with_timezone(want.offset()).date_naive() == want.date_naive()
            }
            _ => written(got).is_some() && written(got) == written(want),
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_ideographs_are_tokens() {
        assert_eq!(tokens("Hello, World! 42"), ["hello", "world", "42"]);
        assert_eq!(
            tokens("東京タワー is tall"),
            ["東", "京", "タ", "ワ", "ー", "is", "tall"]
        );
        assert_eq!(tokens("नमस्ते दुनिया"), ["नमस्ते", "दुनिया"]);
    }

    #[test]
    fn f1_of_multisets() {
        assert_eq!(multiset_f1::<String>(&[], &[]), 1.0);
        assert_eq!(multiset_f1(&["a"], &[] as &[&str]), 0.0);
        let f1 = multiset_f1(&["a", "b"], &["a", "c", "d", "e"]);
        assert!((f1 - 2.0 * 0.5 * 0.25 / 0.75).abs() < 1e-9);
        assert!((token_f1(["One two."], ["one  TWO"]) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn days_are_compared_where_the_reference_was_written() {
        assert!(same_day(
            Some("2024-05-14T23:30:00+02:00"),
            Some("2024-05-14 23:30:00+02:00")
        ));
        assert!(same_day(Some("2024-05-14"), Some("2024-05-14T08:00:00Z")));
        assert!(same_day(
            Some("2024-05-14T22:30:00Z"),
            Some("2024-05-15T00:30:00+02:00")
        ));
        assert!(!same_day(
            Some("2024-05-15T03:30:00+02:00"),
            Some("2024-05-14T21:30:00Z")
        ));
        assert!(same_day(None, None));
        assert!(!same_day(None, Some("2024-05-14")));
    }
}
