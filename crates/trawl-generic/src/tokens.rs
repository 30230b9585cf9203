//! The words of a text, as the agreement check and `trawl eval` count them.

use unicode_normalization::char::is_combining_mark;

/// The words of a text, lower-cased: runs of letters, digits and combining marks; each
/// Han, Hiragana or Katakana character is a word of its own (those scripts write no spaces).
///
/// ```
/// assert_eq!(trawl_generic::tokens("Harbour strike: ENDS"), ["harbour", "strike", "ends"]);
/// assert_eq!(trawl_generic::tokens("東京"), ["東", "京"]);
/// ```
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if is_ideograph(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() || is_combining_mark(c) {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0x20000..=0x2FFFF) // extensions B and later
}
