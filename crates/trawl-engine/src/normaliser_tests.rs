//! Field kinds apply their own normaliser: `authors` is split into names by default, as
//! `published` is read as a date; `authors(...)` options written in the expression win, and
//! `raw` opts out.

use crate::authors::{split_authors, split_authors_with, AuthorOptions};
use crate::language_tests;
use crate::{Pack, PackError, Record};

/// A pack whose rule reads the title from `h1` and then the `fields:` lines in `rule`.
fn pack(rule: &str) -> Result<Pack, PackError> {
    language_tests::pack(&format!("fields:\n  title: h1 | text\n{rule}"))
}

fn record(rule: &str, page: &str) -> Record {
    language_tests::record(&format!("fields:\n  title: h1 | text\n{rule}"), page)
}

const BYLINE: &str = "<h1>T</h1><p class=byline>By JANE DOE and John Roe | Reuters</p>";

// A rule that forgot `| authors` got the raw byline as one author.
#[test]
fn a_byline_is_split_into_names_without_the_filter() {
    let record = record("  authors: p.byline\n", BYLINE);
    assert_eq!(record.authors, ["Jane Doe", "John Roe"]);
    // What the default leaves out is a warning, as from the filter.
    assert_eq!(
        record.warnings,
        ["authors: left out `Reuters` (an organisation; keep it with authors(keep_organisations))"]
    );
    // The same as writing the filter: one implementation.
    let written = self::record("  authors: p.byline | text | authors\n", BYLINE);
    assert_eq!(written.authors, record.authors);
    assert_eq!(written.warnings, record.warnings);
}

#[test]
fn options_written_in_the_expression_win_over_the_default() {
    let page = "<h1>T</h1><p class=byline>By JANE DOE and Ann Lee, WAZ-Redaktion</p>";
    let record = record(
        "  authors: p.byline | authors(keep_organisations, keep_case)\n",
        page,
    );
    assert_eq!(record.authors, ["JANE DOE", "Ann Lee", "WAZ-Redaktion"]);
    assert!(record.warnings.is_empty(), "{:?}", record.warnings);
    // Filters after `authors` keep its names from the default too.
    let record = self::record(
        "  authors: p.byline | authors(keep_case) | replace('^JANE', 'J.')\n",
        page,
    );
    assert_eq!(record.authors, ["J. DOE", "Ann Lee"]);
}

#[test]
fn raw_keeps_values_as_written() {
    let page =
        "<h1>T</h1><meta name=author content='Lee, Ann'><meta name=author content='SWISS DESK'>";
    let record = record("  authors: meta(author) | raw\n", page);
    assert_eq!(record.authors, ["Lee, Ann", "SWISS DESK"]);
    // Without it, the comma splits and the desk is left out.
    let record = self::record("  authors: meta(author)\n", page);
    assert_eq!(record.authors, ["Lee", "Ann"]);
    // Only the alternative that says `raw` is kept whole; a group shares it.
    let rule = "  authors: ld(NewsArticle.author.name) | raw || p.byline\n";
    assert_eq!(self::record(rule, BYLINE).authors, ["Jane Doe", "John Roe"]);
    let rule = "  authors: (ld(NewsArticle.author.name) || p.byline) | raw\n";
    assert_eq!(
        self::record(rule, BYLINE).authors,
        ["By JANE DOE and John Roe | Reuters"]
    );
}

#[test]
fn raw_elsewhere_is_an_error_when_rules_are_loaded() {
    for rule in [
        "  published: time | attr(datetime) | raw\n",
        "  topics: meta(keywords) | split(',') | raw\n",
        "extra:\n  kicker: (.kicker | raw || h2)\n",
    ] {
        let error = pack(rule).err().expect("an error").to_string();
        assert!(error.contains("`raw` has no effect in"), "{rule}: {error}");
        assert!(
            error.contains("only `authors` has a normaliser"),
            "{rule}: {error}"
        );
    }
}

#[test]
fn names_and_dates_are_not_changed_by_their_default_twice() {
    // Names split once split to themselves: the default over them is the identity.
    for byline in [
        "By Vladimir Soldatkin and Alexander Marrow",
        "Von Anna Müller und Jan Schmidt, Berlin",
        "JANE DOE | Reuters",
        "MARY-JANE O'NEIL, Ian McDONALD",
        "Jane Roe (AFP, Paris) / Tom Poe",
        "Ana Costa e Rui Silva; José Ortega y Gasset",
        "Di Stefano, Byron Smith",
    ] {
        for name in split_authors(byline) {
            assert_eq!(
                split_authors(&name),
                std::slice::from_ref(&name),
                "{byline}"
            );
        }
    }
    let keep = AuthorOptions {
        keep_organisations: true,
        keep_case: true,
    };
    let (names, _) = split_authors_with("JANE DOE, WAZ-Redaktion", keep);
    // The default would change these, so settled names must pass it as they are.
    assert_ne!(split_authors("JANE DOE"), ["JANE DOE"]);
    assert!(split_authors("WAZ-Redaktion").is_empty());
    let page = "<h1>T</h1><p class=byline>JANE DOE, WAZ-Redaktion</p><time datetime='2022-01-28T10:31:00Z'>";
    let record = record(
        "  authors: p.byline | authors(keep_organisations, keep_case)\n  published: time | attr(datetime) | date\n",
        page,
    );
    assert_eq!(record.authors, names);
    assert_eq!(record.published.as_deref(), Some("2022-01-28T10:31:00Z"));
}
