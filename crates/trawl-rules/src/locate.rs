//! Finding where a YAML value sits in its file.
//!
//! serde_yaml gives positions for syntax errors but not for values, so expressions are found
//! again in the text: an expression written on one line (plain or quoted) appears verbatim
//! after its key or list dash. Errors inside it then point at the exact character; when it
//! does not appear verbatim (block scalars, escapes), errors point at its key.

use crate::diagnostic::SourceText;

/// Where a value starts in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Byte offset in the file.
    pub offset: usize,
    /// Whether the value's text appears there exactly, so offsets inside it can be added.
    pub verbatim: bool,
}

impl SourceText {
    /// Finds the value `value` written under `key`, preferring the first occurrence at or
    /// after byte `from` (values are compiled in file order, so repeated expressions resolve
    /// to the right line).
    ///
    /// The search starts at `from`, so locating every value of a file in order reads it about
    /// once rather than once per value (20,000 fields took 36 s to check).
    pub fn locate(&self, key: &str, value: &str, from: usize) -> Location {
        let found = if value.is_empty() {
            None
        } else {
            let prefix = format!("{key}:");
            let introduced = |offset: &usize| introduced_by(&self.text, *offset, &prefix);
            let from = floor_boundary(&self.text, from);
            self.text[from..]
                .match_indices(value)
                .map(|(offset, _)| from + offset)
                .find(introduced)
                .or_else(|| {
                    let end = floor_boundary(&self.text, from + value.len());
                    self.text[..end]
                        .match_indices(value)
                        .map(|(offset, _)| offset)
                        .take_while(|offset| *offset < from)
                        .find(introduced)
                })
        };
        match found {
            Some(offset) => Location {
                offset,
                verbatim: true,
            },
            None => Location {
                offset: self.key_offset(key, from).unwrap_or(0),
                verbatim: false,
            },
        }
    }

    /// The offset of `key:` at or after `from`, else anywhere.
    pub fn key_offset(&self, key: &str, from: usize) -> Option<usize> {
        let pattern = format!("{key}:");
        // Only spaces and list dashes before it on its line.
        let is_key = |offset: &usize| {
            let before = self.text[..*offset].trim_end_matches([' ', '-']);
            before.is_empty() || before.ends_with('\n')
        };
        let from = floor_boundary(&self.text, from);
        self.text[from..]
            .match_indices(&pattern)
            .map(|(offset, _)| from + offset)
            .find(is_key)
            .or_else(|| {
                let end = floor_boundary(&self.text, from + pattern.len());
                self.text[..end]
                    .match_indices(&pattern)
                    .map(|(offset, _)| offset)
                    .take_while(|offset| *offset < from)
                    .find(is_key)
            })
    }
}

/// `offset`, moved back to a character boundary of `text` (and into it).
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Whether the text before `offset` on its line ends with `key_colon` (`key:`), a list dash
/// or a flow list's `[` or `,`, possibly followed by an opening quote. Only the end of the
/// line before `offset` is read, so a long line costs no more than a short one.
fn introduced_by(text: &str, offset: usize, key_colon: &str) -> bool {
    let before = text[..offset]
        .trim_end_matches(['\'', '"'])
        .trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
    before.ends_with(key_colon)
        || before.ends_with('[')
        || before.ends_with(',')
        || before.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceText {
        SourceText {
            path: "x.yaml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn finds_plain_and_quoted_values_after_their_key() {
        let src = source("title: h1 | text\nsubtitle: 'h2 | text'\n");
        assert_eq!(src.locate("title", "h1 | text", 0).offset, 7);
        assert_eq!(src.locate("subtitle", "h2 | text", 0).offset, 28);
    }

    #[test]
    fn repeated_values_resolve_in_file_order() {
        let src = source("a:\n  title: h1\nb:\n  title: h1\n");
        let first = src.locate("title", "h1", 0).offset;
        let second = src.locate("title", "h1", first + 1).offset;
        assert!(second > first);
        assert_eq!(&src.text[second - 7..second], "title: ");
    }

    #[test]
    fn list_items_are_found() {
        let src = source("remove:\n  - .ad\n  - aside\ntopics: [a, b]\n");
        assert_eq!(src.locate("remove", "aside", 0).offset, 20);
        assert_eq!(src.locate("topics", "b", 0).offset, 38);
    }

    #[test]
    fn values_not_written_verbatim_point_at_their_key() {
        let src = source("title: |\n  h1\n  | text\n");
        let location = src.locate("title", "h1\n| text", 0);
        assert_eq!(
            location,
            Location {
                offset: 0,
                verbatim: false
            }
        );
    }

    // Locating each of 20,000 values scanned the file from the start (36 s to check); each
    // search now starts at the cursor (`benches/compile.rs` in trawl-engine measures it).
    #[test]
    fn locating_every_value_in_order_finds_each_after_the_last() {
        let text: String = (0..20_000)
            .map(|i| format!("  f{i}: h1 | text\n"))
            .collect();
        let src = source(&text);
        let mut cursor = 0;
        for i in 0..20_000 {
            let location = src.locate(&format!("f{i}"), "h1 | text", cursor);
            assert!(location.verbatim);
            cursor = location.offset + "h1 | text".len();
        }
        assert_eq!(src.locate("f19999", "h1 | text", 0).offset, text.len() - 10);
    }
}
