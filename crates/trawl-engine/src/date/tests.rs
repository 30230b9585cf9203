//! Tests of date reading: every format, zone and language the parser promises.
use super::*;
use chrono_tz::{America, Asia, Europe};

/// Each case is "input => expected RFC 3339", or "input | format => expected".
fn check(zone: Tz, cases: &[&str]) {
    for case in cases {
        let (given, expected) = case.split_once(" => ").expect("case has =>");
        let (input, format) = match given.split_once(" | ") {
            Some((input, format)) => (input, Some(format)),
            None => (given, None),
        };
        let parsed = parse_date(input, format, zone).map(|dt| dt.to_rfc3339());
        assert_eq!(parsed.as_deref(), Ok(expected), "{case}");
    }
}

#[test]
fn iso_8601_and_rfc_3339() {
    check(
        Europe::Berlin,
        &[
            "2022-01-28T10:31:00Z => 2022-01-28T10:31:00+00:00",
            "2022-01-28T10:31:00+01:00 => 2022-01-28T10:31:00+01:00",
            "2022-01-28T10:31:00.123+0530 => 2022-01-28T10:31:00.123+05:30",
            "2022-01-28T10:31Z => 2022-01-28T10:31:00+00:00",
            "2022-01-28 10:31:00-05:00 => 2022-01-28T10:31:00-05:00",
            "2022-01-28T10:31:00 => 2022-01-28T10:31:00+01:00",
            "2022-07-28T10:31:00 => 2022-07-28T10:31:00+02:00",
            "2022-01-28T10:31:00-03 => 2022-01-28T10:31:00-03:00",
            "2022/01/28 => 2022-01-28T00:00:00+01:00",
        ],
    );
}

#[test]
fn date_only_is_midnight_in_rule_zone() {
    check(
        America::New_York,
        &["2022-01-28 => 2022-01-28T00:00:00-05:00"],
    );
}

#[test]
fn rfc_2822() {
    check(
        Europe::Berlin,
        &[
            "Fri, 28 Jan 2022 10:31:00 +0000 => 2022-01-28T10:31:00+00:00",
            "Fri, 28 Jan 2022 10:31:00 GMT => 2022-01-28T10:31:00+00:00",
            "Fri, 28 Jan 2022 05:31:00 EST => 2022-01-28T05:31:00-05:00",
            "Tue, 5 Jul 2022 10:31:00 UT => 2022-07-05T10:31:00+00:00",
        ],
    );
}

#[test]
fn noisy_examples() {
    check(
        Europe::Paris,
        &[
            "Published: 28 January 2022, 10:31 GMT => 2022-01-28T10:31:00+00:00",
            "Updated Jan. 28, 2022 9:30 AM ET => 2022-01-28T09:30:00-05:00",
            "28.01.2022, 10:31 Uhr => 2022-01-28T10:31:00+01:00",
            "Fri 28 Jan 2022 10.31 GMT => 2022-01-28T10:31:00+00:00",
            "vendredi 28 janvier 2022 à 10h31 => 2022-01-28T10:31:00+01:00",
            "28 de enero de 2022 - 10:31 CET => 2022-01-28T10:31:00+01:00",
            "Sept. 2, 2024, 11:05 IST => 2024-09-02T11:05:00+05:30",
        ],
    );
}

#[test]
fn month_names_in_every_language() {
    check(
        Europe::Berlin,
        &[
            "Freitag, 28. Januar 2022 => 2022-01-28T00:00:00+01:00",
            "28. März 2022 um 14:05 Uhr => 2022-03-28T14:05:00+02:00",
            "1er février 2022 => 2022-02-01T00:00:00+01:00",
            "3 aout 2022 => 2022-08-03T00:00:00+02:00",
            "venerdì 28 gennaio 2022 ore 10:31 => 2022-01-28T10:31:00+01:00",
            "28 mrt. 2022 10:31 => 2022-03-28T10:31:00+02:00",
            "28. januar 2022 kl. 10.31 => 2022-01-28T10:31:00+01:00",
            "fredag den 28. januar 2022 => 2022-01-28T00:00:00+01:00",
            "lördag 28 maj 2022 10:31 => 2022-05-28T10:31:00+02:00",
            "mar, 1 de febrero de 2022 => 2022-02-01T00:00:00+01:00",
            "28 DE JANEIRO DE 2022 => 2022-01-28T00:00:00+01:00",
            "28-Jan-2022 => 2022-01-28T00:00:00+01:00",
        ],
    );
    check(
        America::Sao_Paulo,
        &["1º de março de 2022, 08:15 => 2022-03-01T08:15:00-03:00"],
    );
}

#[test]
fn month_day_year_and_ordinals() {
    check(
        America::New_York,
        &[
            "January 28th, 2022 => 2022-01-28T00:00:00-05:00",
            "the 2nd of September 2024 => 2024-09-02T00:00:00-04:00",
            "Sept 2 2024 => 2024-09-02T00:00:00-04:00",
        ],
    );
}

#[test]
fn numeric_dates_are_day_first_unless_impossible() {
    check(
        Europe::London,
        &[
            "28/01/2022 => 2022-01-28T00:00:00+00:00",
            "01/28/2022 => 2022-01-28T00:00:00+00:00",
            "03/04/2022 => 2022-04-03T00:00:00+01:00",
            "28.1.2022 10:31:05 => 2022-01-28T10:31:05+00:00",
        ],
    );
}

#[test]
fn twelve_hour_clock_and_us_zones() {
    check(
        America::New_York,
        &[
            "Jan 28, 2022 12:05 a.m. => 2022-01-28T00:05:00-05:00",
            "Jan 28, 2022 12:05 p.m. => 2022-01-28T12:05:00-05:00",
            "Jan 28, 2022 9:30 p.m. PT => 2022-01-28T21:30:00-08:00",
            "July 4, 2022 9:30 PM ET => 2022-07-04T21:30:00-04:00",
            "July 4, 2022 9:30 PM CT => 2022-07-04T21:30:00-05:00",
            "July 4, 2022 9 am PDT => 2022-07-04T09:00:00-07:00",
        ],
    );
}

#[test]
fn time_before_date() {
    check(
        Europe::Berlin,
        &["10:31 CET, 28.01.2022 => 2022-01-28T10:31:00+01:00"],
    );
}

#[test]
fn zone_abbreviations_and_offsets() {
    check(
        America::New_York,
        &[
            "28.01.2022 10:31 MEZ => 2022-01-28T10:31:00+01:00",
            "28.07.2022 10:31 MESZ => 2022-07-28T10:31:00+02:00",
            "28 Jul 2022 10:31 BST => 2022-07-28T10:31:00+01:00",
            "28 Jan 2022 10:31 JST => 2022-01-28T10:31:00+09:00",
            "28 Jan 2022 10:31 AEDT => 2022-01-28T10:31:00+11:00",
            "28 Jan 2022 10:31 GMT+2 => 2022-01-28T10:31:00+02:00",
            "28 Jan 2022 10:31 UTC+01:00 => 2022-01-28T10:31:00+01:00",
            "28 Jan 2022 10:31 (+05:30) => 2022-01-28T10:31:00+05:30",
        ],
    );
}

#[test]
fn every_zone_name_resolves() {
    assert!(ZONE_NAMES.split('|').all(|name| zone_named(name).is_some()));
}

#[test]
fn lower_case_words_are_not_zones() {
    check(
        Europe::Paris,
        &["28 janvier 2022 à 10h31 et mis à jour => 2022-01-28T10:31:00+01:00"],
    );
}

#[test]
fn epoch_seconds_and_milliseconds() {
    check(
        Europe::Berlin,
        &[
            "1643365860 => 2022-01-28T10:31:00+00:00",
            "1643365860123 => 2022-01-28T10:31:00.123+00:00",
        ],
    );
}

#[test]
fn dst_gap_moves_forward_and_overlap_takes_earliest() {
    check(
        Europe::Berlin,
        &[
            "2022-03-27 02:30 => 2022-03-27T03:30:00+02:00",
            "2022-10-30 02:30 => 2022-10-30T02:30:00+02:00",
        ],
    );
}

#[test]
fn rejects_text_without_a_plausible_date() {
    let err = |input: &str| parse_date(input, None, Europe::Berlin).unwrap_err();
    assert_eq!(err("hello"), DateError("no date found in \"hello\"".into()));
    assert_eq!(
        err("Version 3.2.1, 12 items").0,
        "no date found in \"Version 3.2.1, 12 items\""
    );
    assert!(err("1850-01-01").0.starts_with("no date found"));
    assert!(err("31.02.2022").0.starts_with("no date found"));
    assert!(err("4133980800").0.contains("outside 1900..=2100"));
}

#[test]
fn explicit_formats() {
    check(
        Europe::Berlin,
        &[
            "28.01.2022 | %d.%m.%Y => 2022-01-28T00:00:00+01:00",
            "28.07.2022 10:31 | %d.%m.%Y %H:%M => 2022-07-28T10:31:00+02:00",
            "28 janvier 2022 10:31 | %d %B %Y %H:%M => 2022-01-28T10:31:00+01:00",
            "Freitag, 28. Januar 2022 | %A, %d. %B %Y => 2022-01-28T00:00:00+01:00",
            "vie, 28 ene 2022 | %a, %d %b %Y => 2022-01-28T00:00:00+01:00",
            "2022-01-28 10:31 +0200 | %Y-%m-%d %H:%M %z => 2022-01-28T10:31:00+02:00",
            "28 Jan 2022 10:31 EST | %d %b %Y %H:%M %Z => 2022-01-28T10:31:00-05:00",
            "10 Uhr, 28.01.2022 | %H Uhr, %d.%m.%Y => 2022-01-28T10:00:00+01:00",
            "1643365860 | %s => 2022-01-28T10:31:00+00:00",
        ],
    );
    check(
        Asia::Kolkata,
        &["sept. 2, 2024 | %b. %d, %Y => 2024-09-02T00:00:00+05:30"],
    );
}

#[test]
fn explicit_format_mismatch_is_an_error() {
    assert_eq!(
        parse_date("2022-01-28", Some("%d.%m.%Y"), Europe::Berlin),
        Err(DateError(
            "\"2022-01-28\" does not match format \"%d.%m.%Y\"".into()
        ))
    );
}

#[test]
fn format_without_year_says_so() {
    assert_eq!(
        parse_date("28 Jan", Some("%d %b"), Europe::Berlin)
            .unwrap_err()
            .0,
        "format \"%d %b\" gives no full date for \"28 Jan\""
    );
}

#[test]
fn check_format_rejects_bad_or_dateless_formats() {
    assert_eq!(check_format("%d.%m.%Y %H:%M"), Ok(()));
    assert_eq!(check_format("%d %B"), Ok(()));
    assert_eq!(
        check_format("%Q"),
        Err(DateError("invalid date format \"%Q\"".into()))
    );
    assert_eq!(
        check_format("%H:%M"),
        Err(DateError("date format \"%H:%M\" has no date part".into()))
    );
}
