//! Reading rule files into [`RuleFile`]s, with every YAML problem as a [`Diagnostic`].

use std::path::{Path, PathBuf};

use crate::diagnostic::{did_you_mean, Diagnostic, SourceText};
use crate::schema::RuleFile;

/// A rule file read from disk (or embedded), not yet compiled.
#[derive(Debug, Clone)]
pub struct LoadedRule {
    /// The file's path and text, for diagnostics.
    pub source: SourceText,
    /// Its parsed contents.
    pub rule: RuleFile,
}

/// Parses one rule file's text.
///
/// ```
/// use trawl_rules::{parse_rule, SourceText};
///
/// let source = SourceText { path: "x.com.yaml".into(), text: "name: X\nhosts: [x.com]\n".into() };
/// assert_eq!(parse_rule(&source).unwrap().rule.name, "X");
///
/// let bad = SourceText { path: "x.com.yaml".into(), text: "name: X\nhost: [x.com]\n".into() };
/// let error = parse_rule(&bad).unwrap_err();
/// assert_eq!((error.line, error.column), (2, 1));
/// ```
pub fn parse_rule(source: &SourceText) -> Result<LoadedRule, Diagnostic> {
    match serde_yaml::from_str::<RuleFile>(&source.text) {
        Ok(rule) => Ok(LoadedRule {
            source: source.clone(),
            rule,
        }),
        Err(error) => Err(yaml_diagnostic(source, &error)),
    }
}

/// Turns a serde_yaml error into a diagnostic, with a suggestion for misspelt keys.
fn yaml_diagnostic(source: &SourceText, error: &serde_yaml::Error) -> Diagnostic {
    let message = error.to_string();
    // serde_yaml appends " at line L column C"; the diagnostic shows the position itself.
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_owned();
    let help = unknown_field_help(&message).or_else(|| yaml_help(&message));
    let diagnostic = match error.location() {
        Some(location) => Diagnostic::at_line(source, location.line(), location.column(), message),
        None => Diagnostic::at(source, 0..0, message),
    };
    let width = diagnostic
        .source_line
        .chars()
        .skip(diagnostic.column - 1)
        .take_while(|c| *c != ':')
        .count();
    Diagnostic {
        width: width.max(1),
        ..diagnostic
    }
    .with_help(help)
}

/// "unknown field `titel`, expected one of `title`, ..." gives "did you mean `title`?".
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (name, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    did_you_mean(name, candidates)
}

/// Hints for the YAML mistakes rule authors make most.
fn yaml_help(message: &str) -> Option<String> {
    let hint = if message.contains("expected ',' or ']'") {
        "a `[...]` list is not closed, or an item in it holds a comma: quote that item ('...')"
    } else if message.contains("mapping values are not allowed") {
        "a value contains `: `; quote the whole value with single quotes"
    } else if message.contains("found character that cannot start any token") {
        "a value starts with a special character (`@`, `` ` ``, `%`); quote it"
    } else if message.contains("did not find expected key") {
        "check the indentation of this line and the one before"
    } else {
        return None;
    };
    Some(hint.to_owned())
}

/// Reads every `*.yaml` rule file under `dir`, sorted by path; files that fail to parse
/// become diagnostics and the others still load.
pub fn load_dir(dir: &Path) -> Result<(Vec<LoadedRule>, Vec<Diagnostic>), std::io::Error> {
    let mut paths = Vec::new();
    collect_yaml(dir, &mut paths)?;
    paths.sort();
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path)?;
        let source = SourceText {
            path,
            text: text.into(),
        };
        match parse_rule(&source) {
            Ok(rule) => rules.push(rule),
            Err(error) => errors.push(error),
        }
    }
    Ok((rules, errors))
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_yaml(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
            && !is_schema(&path)
        {
            out.push(path);
        }
    }
    Ok(())
}

/// The JSON schema that sits beside the rules is not a rule.
fn is_schema(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.contains("schema"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceText {
        SourceText {
            path: "rules/x.com.yaml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn unknown_keys_are_errors_with_a_suggestion() {
        let error =
            parse_rule(&source("name: X\nhosts: [x.com]\nfields:\n  titel: h1\n")).unwrap_err();
        assert_eq!((error.line, error.column), (4, 3));
        assert!(
            error.message.starts_with("fields: unknown field `titel`"),
            "{}",
            error.message
        );
        assert_eq!(error.help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(error.width, 5);
    }

    #[test]
    fn yaml_syntax_errors_have_a_position() {
        let error = parse_rule(&source("name: X\nhosts: [x.com\n")).unwrap_err();
        assert!(error.line >= 2, "{error}");
    }

    #[test]
    fn missing_required_keys_are_named() {
        let error = parse_rule(&source("name: X\n")).unwrap_err();
        assert!(
            error.message.contains("missing field `hosts`"),
            "{}",
            error.message
        );
    }
}
