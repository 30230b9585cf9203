//! Text normalisation for record fields: whitespace collapsing plus NFC.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// U+200B ZERO WIDTH SPACE: an invisible break hint inside words, removed entirely.
const ZERO_WIDTH_SPACE: char = '\u{200B}';
/// U+00AD SOFT HYPHEN: an invisible break hint, removed entirely.
const SOFT_HYPHEN: char = '\u{00AD}';
/// U+FEFF BYTE ORDER MARK / ZWNBSP: a stray BOM inside text, removed entirely.
const BYTE_ORDER_MARK: char = '\u{FEFF}';

/// Collapses every run of Unicode whitespace (including NBSP U+00A0, U+2009
/// and U+202F) into one ASCII space, removes soft hyphens (U+00AD), zero-width
/// spaces (U+200B), stray BOMs (U+FEFF) and control characters (ESC, NUL, BEL, DEL,
/// U+0080-U+009F), trims both ends and applies
/// Unicode NFC. ZWJ/ZWNJ (U+200D/U+200C) are kept: they carry meaning.
pub fn normalize_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        match c {
            SOFT_HYPHEN | BYTE_ORDER_MARK | ZERO_WIDTH_SPACE => {}
            c if c.is_whitespace() => {
                pending_space = !out.is_empty();
            }
            // ESC, NUL, BEL, DEL and the C1 controls: never text, and ESC starts terminal
            // escape sequences.
            c if c.is_control() => {}
            c => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
        }
    }
    if is_nfc_quick(out.chars()) == IsNormalized::Yes {
        out
    } else {
        out.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_ascii_whitespace_and_trims() {
        assert_eq!(normalize_text("  Hello,\t\n  world \r\n"), "Hello, world");
    }

    #[test]
    fn unicode_spaces_become_one_space() {
        let s = "10\u{00A0}km\u{2009}\u{202F}away\u{3000}from\u{2028}here";
        assert_eq!(normalize_text(s), "10 km away from here");
    }

    // ESC, NUL and BEL from a page reached the records and the terminal.
    #[test]
    fn control_characters_are_removed() {
        assert_eq!(
            normalize_text("\u{1b}[31mRed\u{1b}[0m\0 alert\u{7}\u{7f}\u{9b}2J"),
            "[31mRed[0m alert2J"
        );
    }

    #[test]
    fn zero_width_space_is_removed() {
        assert_eq!(normalize_text("\u{200B}one\u{200B}two\u{200B}"), "onetwo");
    }

    #[test]
    fn soft_hyphen_and_bom_removed() {
        assert_eq!(
            normalize_text("\u{FEFF}Bundes\u{AD}kanzler"),
            "Bundeskanzler"
        );
        assert_eq!(normalize_text("a \u{AD} b"), "a b");
        assert_eq!(normalize_text("\u{AD}"), "");
    }

    #[test]
    fn joiners_are_kept() {
        assert_eq!(normalize_text("می\u{200C}خواهم"), "می\u{200C}خواهم");
    }

    #[test]
    fn decomposed_becomes_nfc() {
        assert_eq!(normalize_text("caf e\u{301}"), "caf é");
        assert_eq!(normalize_text("Mu\u{308}ller"), "Müller");
        assert_eq!(normalize_text("\u{1100}\u{1161}"), "\u{AC00}");
    }

    #[test]
    fn combining_mark_after_collapsed_space() {
        assert_eq!(normalize_text("e \u{301}"), "e \u{301}");
    }

    #[test]
    fn empty_and_blank() {
        assert_eq!(normalize_text(""), "");
        assert_eq!(normalize_text(" \u{00A0}\t\n"), "");
    }

    #[test]
    fn already_clean_is_unchanged() {
        let s = "Ünïcödé text — already NFC.";
        assert_eq!(normalize_text(s), s);
    }

    #[test]
    fn non_latin_scripts_survive() {
        let s = "\u{3000}東京\u{00A0}\u{00A0}Москва\tالقاهرة ";
        assert_eq!(normalize_text(s), "東京 Москва القاهرة");
    }
}
