//! Named header fields, as WARC records and HTTP messages carry them: ordered, repeatable,
//! looked up without regard to case.

/// Header fields in the order they were read or will be written.
///
/// ```
/// use trawl_warc::Headers;
///
/// let mut headers = Headers::default();
/// headers.push("Content-Type", "text/html; charset=utf-8");
/// assert_eq!(headers.get("content-type"), Some("text/html; charset=utf-8"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers(pub Vec<(String, String)>);

impl Headers {
    /// The value of the first field named `name` (any case).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Adds a field at the end.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// Sets a field: replaces the first of that name, or adds it.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        match self
            .0
            .iter_mut()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
        {
            Some((_, old)) => *old = value.into(),
            None => self.push(name, value),
        }
    }

    /// Whether a field of that name is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Every field, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Parses `Name: value` lines (CRLF or LF), folding continuation lines into the field
    /// before them; lines without a colon are ignored.
    pub fn parse_lines(text: &str) -> Headers {
        let mut headers = Headers::default();
        for line in text.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.starts_with([' ', '\t']) {
                if let Some((_, value)) = headers.0.last_mut() {
                    value.push(' ');
                    value.push_str(line.trim());
                }
                continue;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push(name.trim(), value.trim());
            }
        }
        headers
    }

    /// The fields as `Name: value\r\n` lines.
    pub fn to_lines(&self) -> String {
        self.iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_lines_fold_into_the_field_before() {
        let headers = Headers::parse_lines("A: one\r\n  two\r\nB:three\r\nnonsense\r\n");
        assert_eq!(headers.get("a"), Some("one two"));
        assert_eq!(headers.get("B"), Some("three"));
        assert_eq!(headers.0.len(), 2);
    }

    #[test]
    fn set_replaces_the_first_of_a_name() {
        let mut headers = Headers::parse_lines("X: 1\nx: 2\n");
        headers.set("X", "3");
        assert_eq!(headers.to_lines(), "X: 3\r\nx: 2\r\n");
    }
}
