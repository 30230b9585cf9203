//! Reading rule files into [`RuleFile`]s, with every YAML problem as a [`Diagnostic`].

use std::path::Path;

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

/// Reads every `*.yaml` rule file under `dir`, sorted by path; files that cannot be read or
/// fail to parse become diagnostics and the others still load.
pub fn load_dir(dir: &Path) -> Result<(Vec<LoadedRule>, Vec<Diagnostic>), std::io::Error> {
    let (sources, mut errors) = read_dir(dir)?;
    let mut rules = Vec::new();
    for source in sources {
        match parse_rule(&source) {
            Ok(rule) => rules.push(rule),
            Err(error) => errors.push(error),
        }
    }
    Ok((rules, errors))
}

/// Reads the text of every `*.yaml` / `*.yml` file under `dir` (symlinks followed, loops
/// not), sorted by path. A file or folder that cannot be read, is not UTF-8 or starts with
/// a byte order mark is a diagnostic naming it, and the other files are still read; only a
/// `dir` that cannot be read at all is an error.
pub fn read_dir(dir: &Path) -> Result<(Vec<SourceText>, Vec<Diagnostic>), std::io::Error> {
    std::fs::read_dir(dir)?;
    let mut paths = Vec::new();
    let mut errors = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true) {
        match entry {
            Ok(entry) if entry.file_type().is_file() && is_rule_file(entry.path()) => {
                paths.push(entry.into_path());
            }
            Ok(_) => {}
            Err(error) => {
                let path = error.path().unwrap_or(dir).to_owned();
                let reason = error
                    .io_error()
                    .map_or_else(|| error.to_string(), ToString::to_string);
                errors.push(Diagnostic::whole_file(
                    path,
                    format!("cannot read this rule file or folder: {reason}"),
                ));
            }
        }
    }
    paths.sort();
    let mut sources = Vec::new();
    for path in paths {
        match read_source(&path) {
            Ok(source) => sources.push(source),
            Err(error) => errors.push(error),
        }
    }
    errors.sort_by(|a, b| a.file.cmp(&b.file));
    Ok((sources, errors))
}

/// Reads one rule file: its text, or why it cannot be used (unreadable, not UTF-8, a byte
/// order mark).
///
/// ```
/// let dir = std::env::temp_dir().join(format!("trawl-read-source-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("x.com.yaml");
/// std::fs::write(&path, b"name: X\nhosts: [x\xe9.com]\n").unwrap();
/// let error = trawl_rules::read_source(&path).unwrap_err();
/// assert_eq!((error.line, error.column), (2, 10));
/// assert!(error.message.contains("not UTF-8"));
/// std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn read_source(path: &Path) -> Result<SourceText, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|error| {
        Diagnostic::whole_file(
            path.to_owned(),
            format!("cannot read this rule file: {error}"),
        )
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let byte = error.as_bytes()[at];
            let source = SourceText {
                path: path.to_owned(),
                text: String::from_utf8_lossy(error.as_bytes()).into(),
            };
            return Err(Diagnostic::at(
                &source,
                at..at + 1,
                format!("this rule file is not UTF-8 (byte 0x{byte:02x})"),
            )
            .with_help(Some("save the file as UTF-8".to_owned())));
        }
    };
    let source = SourceText {
        path: path.to_owned(),
        text: text.into(),
    };
    if source.text.starts_with('\u{feff}') {
        return Err(Diagnostic::at(
            &source,
            0..3,
            "this rule file starts with a byte order mark (BOM)",
        )
        .with_help(Some("save the file as UTF-8 without BOM".to_owned())));
    }
    Ok(source)
}

/// Rule files are `*.yaml` and `*.yml`; the schema beside them (`rule.schema.json`) is not
/// one, and no other file is skipped for its name.
fn is_rule_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml")
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

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("trawl-load-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    // A rule file in Latin-1, one with a BOM and a dangling link each stopped the whole pack.
    #[test]
    fn unusable_files_are_named_and_the_others_still_load() {
        let dir = scratch("unusable");
        std::fs::write(dir.join("a.com.yaml"), "name: A\nhosts: [a.com]\n").unwrap();
        std::fs::write(dir.join("b.com.yaml"), b"name: B\xe9\nhosts: [b.com]\n").unwrap();
        std::fs::write(dir.join("c.com.yaml"), "\u{feff}name: C\nhosts: [c.com]\n").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("d.com.yaml")).unwrap();
        let (rules, errors) = load_dir(&dir).unwrap();
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].rule.name, "A");
        let named = |file: &str| {
            errors
                .iter()
                .find(|e| e.file.ends_with(file))
                .unwrap_or_else(|| panic!("no error for {file}: {errors:?}"))
        };
        let latin = named("b.com.yaml");
        assert!(latin.message.contains("not UTF-8"), "{latin}");
        assert_eq!((latin.line, latin.column), (1, 8));
        assert!(named("c.com.yaml").message.contains("byte order mark"));
        #[cfg(unix)]
        assert!(named("d.com.yaml").message.contains("cannot read"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    // Any file with "schema" in its name was skipped silently, broken or not.
    #[test]
    fn files_named_schema_are_rules_too() {
        let dir = scratch("schema");
        std::fs::write(dir.join("schema.org.yaml"), "name: S\nhost: [schema.org]\n").unwrap();
        std::fs::write(dir.join("rule.schema.json"), "{}").unwrap();
        let (rules, errors) = load_dir(&dir).unwrap();
        assert!(rules.is_empty());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].file.ends_with("schema.org.yaml"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
