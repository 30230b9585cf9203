//! Reading a FiveFilters site config: one `key: value` directive a line, `#` comments,
//! some keys with an argument (`replace_string(old): new`, `http_header(user-agent): x`).

/// One directive of a site config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Its line, from 1.
    pub line: usize,
    /// The key, lowercase: `body`, `strip_id_or_class`, `http_header`.
    pub key: String,
    /// The argument in parentheses after the key, if any.
    pub argument: Option<String>,
    /// The value, trimmed.
    pub value: String,
}

/// Reads the directives of a config, in order. Lines that are no directive (a stray word,
/// a key without a colon) are returned apart with their line, never an error.
///
/// ```
/// let (directives, unreadable) = trawl_import::ftr::read("# a site\nbody: //article\nreplace_string(<br>): <p>\nnonsense\n");
/// assert_eq!(directives[0].key, "body");
/// assert_eq!(directives[1].argument.as_deref(), Some("<br>"));
/// assert_eq!(unreadable, [4]);
/// ```
pub fn read(text: &str) -> (Vec<Directive>, Vec<usize>) {
    let mut directives = Vec::new();
    let mut unreadable = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match directive(trimmed) {
            Some((key, argument, value)) => directives.push(Directive {
                line: line_number,
                key,
                argument,
                value,
            }),
            None => unreadable.push(line_number),
        }
    }
    (directives, unreadable)
}

fn directive(line: &str) -> Option<(String, Option<String>, String)> {
    let key_end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let key = line[..key_end].to_ascii_lowercase();
    if key.is_empty() {
        return None;
    }
    let rest = &line[key_end..];
    let (argument, rest) = match rest.strip_prefix('(') {
        Some(inner) => {
            // The argument runs to the `):` that ends it (it may hold parentheses itself).
            let end = inner.find("):")?;
            (Some(inner[..end].to_owned()), &inner[end + 1..])
        }
        None => (None, rest),
    };
    let value = rest.trim_start().strip_prefix(':')?;
    Some((key, argument, value.trim().to_owned()))
}
