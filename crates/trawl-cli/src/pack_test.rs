//! Testing a rule pack against its reviewed records: each fixture page
//! (`fixtures/<host>/<name>.html` with `<name>.url` beside it) is extracted with the pack and
//! its record compared with `snapshots/<host>@<name>.snap`.
//!
//! The snapshot files are insta's: the same header, the record serialized as insta's
//! `assert_yaml_snapshot!` does, compared after the same normalisation. So `trawl test` and
//! this repository's snapshot test (which takes its records from here) read and write the same
//! files, and `cargo insta review` works on them in this repository.

use std::path::{Path, PathBuf};

use trawl_engine::{Extraction, Pack, PageInput};

use trawl::inputs::Input;

/// Where a pack keeps its fixtures and snapshots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The fixture pages: `<fixtures>/<host>/<name>.html`.
    pub fixtures: PathBuf,
    /// The snapshots: `<snapshots>/<host>@<name>.snap`.
    pub snapshots: PathBuf,
}

impl Layout {
    /// The layout of the pack in `rules`: `fixtures` and `snapshots` when given; else
    /// `<rules>/fixtures` and `<rules>/snapshots`, except for a rules folder laid out as this
    /// repository's (`tests/fixtures` and `snapshots` beside it, no `fixtures` inside).
    pub fn of(rules: &Path, fixtures: Option<&Path>, snapshots: Option<&Path>) -> Layout {
        let above = rules
            .parent()
            .filter(|above| !above.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let repository = !rules.join("fixtures").is_dir()
            && above.join("tests/fixtures").is_dir()
            && above.join("snapshots").is_dir();
        let (default_fixtures, default_snapshots) = if repository {
            (above.join("tests/fixtures"), above.join("snapshots"))
        } else {
            (rules.join("fixtures"), rules.join("snapshots"))
        };
        Layout {
            fixtures: fixtures.map_or(default_fixtures, Path::to_owned),
            snapshots: snapshots.map_or(default_snapshots, Path::to_owned),
        }
    }
}

/// One fixture page of a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixture {
    /// The folder it sits in: the host whose rule serves it.
    pub host: String,
    /// The file name without `.html` / `.html.gz`.
    pub name: String,
    /// Where the page is.
    pub path: PathBuf,
}

impl Fixture {
    /// The fixture at `path` (`<dir>/<host>/<name>.html` or `.html.gz`).
    pub fn at(path: &Path) -> Result<Fixture, String> {
        let host = path
            .parent()
            .and_then(Path::file_name)
            .and_then(|name| name.to_str())
            .ok_or_else(|| format!("{}: fixtures live in <fixtures>/<host>/", path.display()))?;
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .ok_or_else(|| format!("{}: a fixture needs a file name", path.display()))?
            .trim_end_matches(".gz")
            .trim_end_matches(".html");
        Ok(Fixture {
            host: host.to_owned(),
            name: name.to_owned(),
            path: path.to_owned(),
        })
    }

    /// The snapshot's name: `<host>@<name>`.
    pub fn snapshot_name(&self) -> String {
        format!("{}@{}", self.host, self.name)
    }

    /// The snapshot's file in `snapshots`.
    pub fn snapshot_path(&self, snapshots: &Path) -> PathBuf {
        snapshots.join(format!("{}.snap", self.snapshot_name()))
    }
}

/// Every fixture page under `dir` (`<dir>/<host>/*.html` and `*.html.gz`), sorted by path.
pub fn fixtures(dir: &Path) -> Result<Vec<Fixture>, String> {
    let mut found = Vec::new();
    let hosts =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for host in hosts.flatten().filter(|entry| entry.path().is_dir()) {
        let pages = std::fs::read_dir(host.path())
            .map_err(|e| format!("cannot read {}: {e}", host.path().display()))?;
        for page in pages.flatten() {
            let path = page.path();
            let name = path.to_string_lossy();
            if name.ends_with(".html") || name.ends_with(".html.gz") {
                found.push(Fixture::at(&path)?);
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

/// A fixture's record as its snapshot holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    /// The rule file that made it, as the header's `description` names it (`rules/x.yaml`).
    pub rule: String,
    /// The page's URL, the header's `info`.
    pub url: String,
    /// The record, serialized as insta's YAML snapshots are.
    pub contents: String,
}

/// Extracts `fixture` with `pack`; `rules_label` is how the header names the rules folder
/// (`rules` in this repository).
pub fn take(pack: &Pack, fixture: &Fixture, rules_label: &str) -> Result<Taken, String> {
    let input = Input::File(fixture.path.clone());
    let url = input.sidecar_url().ok_or_else(|| {
        format!(
            "{} needs its URL beside it in {}.url",
            fixture.path.display(),
            fixture.name
        )
    })?;
    let bytes = input
        .read()
        .map_err(|e| format!("cannot read {}: {e}", fixture.path.display()))?;
    let Extraction { record, rule, .. } = pack
        .extract(&PageInput {
            bytes: &bytes,
            url: Some(&url),
            ..PageInput::default()
        })
        .map_err(|e| format!("{}: {e}", fixture.path.display()))?;
    let file = rule
        .path
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    Ok(Taken {
        rule: format!("{rules_label}/{file}"),
        url,
        contents: serialize(&record),
    })
}

/// A value serialized as `insta::assert_yaml_snapshot!` stores it. insta keeps this function
/// public for its macros; using it keeps the files byte for byte what insta writes.
pub fn serialize<T: serde::Serialize>(value: &T) -> String {
    insta::_macro_support::serialize_value(value, insta::_macro_support::SerializationFormat::Yaml)
}

/// How a fixture's record compares with its snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The same record (after insta's normalisation).
    Same,
    /// A different record; the snapshot's contents.
    Changed(String),
    /// No snapshot yet.
    New,
}

/// Compares `taken` with the snapshot file at `path`.
pub fn compare(path: &Path, taken: &Taken) -> Result<Verdict, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Verdict::New),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let (_, old) = split(&text);
    Ok(if normalize(old) == normalize(&taken.contents) {
        Verdict::Same
    } else {
        Verdict::Changed(normalize(old))
    })
}

/// Writes `taken` as the snapshot at `path`, keeping the header of the one there (insta
/// does not compare headers, so a review changes only the record).
pub fn accept(path: &Path, taken: &Taken) -> Result<(), String> {
    let header = std::fs::read_to_string(path)
        .ok()
        .map(|text| split(&text).0.to_owned())
        .filter(|header| !header.is_empty())
        .unwrap_or_else(|| header(taken));
    write(path, &format!("{header}{}\n", normalize(&taken.contents)))
}

/// Writes `taken` as a pending snapshot beside `path` (`.snap.new`, as insta does), for
/// `cargo insta review` or `trawl test --review`.
pub fn pend(path: &Path, taken: &Taken) -> Result<PathBuf, String> {
    let pending = path.with_extension("snap.new");
    write(
        &pending,
        &format!("{}{}\n", header(taken), normalize(&taken.contents)),
    )?;
    Ok(pending)
}

/// The header insta writes for a fixture's record.
fn header(taken: &Taken) -> String {
    format!(
        "---\nsource: tests/snapshots.rs\ndescription: {}\ninfo: {}\n---\n",
        taken.rule,
        serde_json::to_string(&taken.url).unwrap_or_default()
    )
}

/// A snapshot file's header (with its `---` lines) and contents.
fn split(text: &str) -> (&str, &str) {
    const OPEN: &str = "---\n";
    const CLOSE: &str = "\n---\n";
    text.strip_prefix(OPEN)
        .and_then(|rest| rest.find(CLOSE))
        .map_or(("", text), |end| {
            text.split_at(OPEN.len() + end + CLOSE.len())
        })
}

/// insta's normalisation of file snapshots: trailing whitespace trimmed, CRLF as LF.
fn normalize(contents: &str) -> String {
    contents.trim_end().replace("\r\n", "\n")
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// A readable diff of two records: changed lines with `-` (the snapshot) and `+` (now), and
/// two lines of context around each change.
pub fn diff(old: &str, new: &str) -> String {
    let new = normalize(new);
    let diff = similar::TextDiff::from_lines(old, new.as_str());
    let mut out = String::new();
    for group in diff.grouped_ops(2) {
        if !out.is_empty() {
            out.push_str("  ...\n");
        }
        for op in group {
            for change in diff.iter_changes(&op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                    similar::ChangeTag::Equal => ' ',
                };
                out.push(sign);
                out.push(' ');
                out.push_str(change.value().trim_end_matches('\n'));
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_keeps_its_fixtures_inside_and_this_repository_beside_its_rules() {
        let dir = std::env::temp_dir().join(format!("trawl-layout-{}", std::process::id()));
        let pack = dir.join("pack");
        std::fs::create_dir_all(&pack).expect("a temporary folder");
        assert_eq!(
            Layout::of(&pack, None, None),
            Layout {
                fixtures: pack.join("fixtures"),
                snapshots: pack.join("snapshots"),
            }
        );
        std::fs::create_dir_all(dir.join("tests/fixtures")).expect("a temporary folder");
        std::fs::create_dir_all(dir.join("snapshots")).expect("a temporary folder");
        let repository = Layout::of(&pack, None, Some(Path::new("elsewhere")));
        assert_eq!(repository.fixtures, dir.join("tests/fixtures"));
        assert_eq!(repository.snapshots, Path::new("elsewhere"));
        std::fs::remove_dir_all(&dir).expect("removable");
    }

    #[test]
    fn the_header_is_split_from_the_record() {
        let text = "---\nsource: tests/snapshots.rs\ninfo: \"u\"\n---\nurl: u\ntitle: T\n";
        let (header, contents) = split(text);
        assert_eq!(
            header,
            "---\nsource: tests/snapshots.rs\ninfo: \"u\"\n---\n"
        );
        assert_eq!(contents, "url: u\ntitle: T\n");
    }

    #[test]
    fn a_changed_line_shows_both_versions_with_context() {
        let old = "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6";
        let new = "a: 1\nb: 2\nc: 3\nd: four\ne: 5\nf: 6\n";
        assert_eq!(
            diff(old, new),
            "  b: 2\n  c: 3\n- d: 4\n+ d: four\n  e: 5\n  f: 6\n"
        );
    }

    #[test]
    fn accepting_keeps_the_reviewed_header_and_compares_as_insta_does() {
        let dir = std::env::temp_dir().join(format!("trawl-pack-test-{}", std::process::id()));
        let path = dir.join("example.com@a.snap");
        let taken = Taken {
            rule: "rules/example.com.yaml".into(),
            url: "https://example.com/a".into(),
            contents: "url: \"https://example.com/a\"\ntitle: A\n".into(),
        };
        assert_eq!(compare(&path, &taken), Ok(Verdict::New));
        accept(&path, &taken).expect("writable");
        assert_eq!(compare(&path, &taken), Ok(Verdict::Same));
        let text = std::fs::read_to_string(&path).expect("written");
        assert!(text.starts_with("---\nsource: tests/snapshots.rs\ndescription: rules/example.com.yaml\ninfo: \"https://example.com/a\"\n---\nurl:"), "{text}");
        let edited = text.replace("source: tests/snapshots.rs", "source: elsewhere");
        std::fs::write(&path, edited).expect("writable");
        let changed = Taken {
            contents: "url: \"https://example.com/a\"\ntitle: B\n".into(),
            ..taken
        };
        assert!(
            matches!(compare(&path, &changed), Ok(Verdict::Changed(old)) if old.ends_with("title: A"))
        );
        accept(&path, &changed).expect("writable");
        let text = std::fs::read_to_string(&path).expect("written");
        assert!(
            text.contains("source: elsewhere") && text.ends_with("title: B\n"),
            "{text}"
        );
        std::fs::remove_dir_all(&dir).expect("removable");
    }
}
