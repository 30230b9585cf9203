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
    pub fn locate(&self, key: &str, value: &str, from: usize) -> Location {
        let candidates = || {
            self.text
                .match_indices(value)
                .map(|(offset, _)| offset)
                .filter(|&offset| !value.is_empty() && introduced_by(&self.text, offset, key))
        };
        let found = candidates()
            .find(|&offset| offset >= from)
            .or_else(|| candidates().next());
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
        let is_key = |&(offset, _): &(usize, &str)| {
            self.text[..offset]
                .rsplit('\n')
                .next()
                .is_some_and(|before| before.trim_start_matches([' ', '-']).is_empty())
        };
        let mut all = self.text.match_indices(&pattern).filter(is_key);
        all.clone()
            .find(|(offset, _)| *offset >= from)
            .or_else(|| all.next())
            .map(|(offset, _)| offset)
    }
}

/// Whether the text before `offset` on its line is `key:`, a list dash or a flow list,
/// possibly followed by an opening quote.
fn introduced_by(text: &str, offset: usize, key: &str) -> bool {
    let before = text[..offset].rsplit('\n').next().unwrap_or("");
    let before = before.trim_end_matches(['\'', '"']).trim_end();
    before.ends_with(&format!("{key}:"))
        || before.trim_start().starts_with('-') && before.trim_start_matches([' ', '-']).is_empty()
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
}
