//! Month and weekday names in the languages trawl reads, and accent folding.

use std::sync::LazyLock;

use regex::Regex;

/// Month names, index 0 = January: full names and abbreviations in en, de, fr,
/// es, it, pt, nl, no, da and sv, accent-folded and lower-case.
const MONTHS: [&str; 12] = [
    "january jan januar janner janvier janv enero ene gennaio gen janeiro januari",
    "february feb februar fevrier fevr fev febrero febbraio fevereiro februari",
    "march mar marz maerz mrz mars marzo marco maart mrt marts",
    "april apr avril avr abril abr aprile",
    "may mai mayo maggio mag maio mei maj",
    "june jun juni juin junio giugno giu junho",
    "july jul juli juillet juil julio luglio lug julho",
    "august aug aout agosto ago augustus augusti",
    "september sep sept septembre septiembre setiembre set settembre setembro",
    "october oct oktober okt octobre octubre ottobre ott outubro out",
    "november nov novembre noviembre novembro",
    "december dec dezember dez decembre diciembre dic dicembre dezembro desember des",
];

/// Weekday names, index 0 = Monday, in the same languages and form as [`MONTHS`].
/// Spanish/Italian "mar" (Tuesday) is left out: it is read as March.
const WEEKDAYS: [&str; 7] = [
    "monday mon montag mo lundi lun lunes lunedi segunda segunda-feira seg maandag ma mandag man",
    "tuesday tue tues dienstag di mardi martes martedi terca terca-feira ter dinsdag tirsdag tir tisdag tis",
    "wednesday wed mittwoch mi mercredi mer miercoles mie mercoledi quarta quarta-feira qua woensdag wo onsdag ons",
    "thursday thu thur thurs donnerstag do jeudi jeu jueves jue giovedi gio quinta quinta-feira qui donderdag torsdag tor",
    "friday fri freitag fr vendredi ven viernes vie venerdi sexta sexta-feira sex vrijdag vr fredag fre",
    "saturday sat samstag sonnabend sa samedi sam sabado sab sabato zaterdag za lordag lor",
    "sunday sun sonntag so dimanche dim domingo dom domenica zondag zo sondag son",
];

const ENGLISH_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const ENGLISH_WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\p{L}+(?:-feira)?").expect("valid regex"));

/// Replaces accented Latin letters (and the ordinal marks º ª °) by their base
/// letter, keeping case: "Février 1º" becomes "Fevrier 1o".
pub(super) fn fold(text: &str) -> String {
    text.chars()
        .map(|c| {
            let base = match c.to_lowercase().next().unwrap_or(c) {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ª' => 'a',
                'ç' => 'c',
                'è' | 'é' | 'ê' | 'ë' => 'e',
                'ì' | 'í' | 'î' | 'ï' => 'i',
                'ñ' => 'n',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'º' | '°' => 'o',
                'ù' | 'ú' | 'û' | 'ü' => 'u',
                _ => return c,
            };
            if c.is_uppercase() {
                base.to_ascii_uppercase()
            } else {
                base
            }
        })
        .collect()
}

fn lookup(table: &[&str], word: &str) -> Option<usize> {
    let word = fold(word).to_lowercase();
    table
        .iter()
        .position(|names| names.split(' ').any(|name| name == word))
}

/// Month number (1-12) of a month name in any supported language, e.g. "Févr" -> 2.
pub(super) fn month_number(word: &str) -> Option<u32> {
    lookup(&MONTHS, word).and_then(|i| u32::try_from(i + 1).ok())
}

/// All month names as a regex alternation, longest first.
pub(super) fn month_pattern() -> String {
    let mut names: Vec<&str> = MONTHS.iter().flat_map(|m| m.split(' ')).collect();
    names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    names.dedup();
    names.join("|")
}

/// Rewrites month names (if `months`) and weekday names (if `weekdays`) in
/// `text` as English three-letter abbreviations, leaving everything else as is.
pub(super) fn to_english(text: &str, months: bool, weekdays: bool) -> String {
    WORD.replace_all(text, |caps: &regex::Captures| {
        let word = &caps[0];
        let month = months.then(|| lookup(&MONTHS, word)).flatten();
        let weekday = weekdays.then(|| lookup(&WEEKDAYS, word)).flatten();
        match (month, weekday) {
            (Some(m), _) => ENGLISH_MONTHS[m].to_string(),
            (None, Some(d)) => ENGLISH_WEEKDAYS[d].to_string(),
            (None, None) => word.to_string(),
        }
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_keeping_case() {
        assert_eq!(fold("Février décembre MÄRZ 1º"), "Fevrier decembre MARZ 1o");
    }

    #[test]
    fn looks_up_months_in_every_language() {
        for (word, n) in [
            ("Januar", 1),
            ("févr", 2),
            ("März", 3),
            ("mrt", 3),
            ("Maj", 5),
        ] {
            assert_eq!(month_number(word), Some(n), "{word}");
        }
        for (word, n) in [("août", 8), ("Sept", 9), ("outubro", 10), ("desember", 12)] {
            assert_eq!(month_number(word), Some(n), "{word}");
        }
        assert_eq!(month_number("Uhr"), None);
    }

    #[test]
    fn translates_names_to_english() {
        assert_eq!(
            to_english("segunda-feira, 3 de março", true, true),
            "Mon, 3 de Mar"
        );
        assert_eq!(to_english("Lördag 1 maj", false, true), "Sat 1 maj");
    }
}
