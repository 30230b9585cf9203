//! Finding and loading the rule pack: `--rules`, then `TRAWL_RULES`, then `./rules` when it
//! holds rule files, layered over the pack built into the binary (a folder's rule for a host
//! wins; other hosts keep the bundled rules), unless `--rules-only` asks for the folder alone.

use std::fmt;
use std::path::{Path, PathBuf};

use trawl_engine::{Pack, PackError, Registry};
use trawl_rules::{Diagnostic, SourceText};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// The environment variable naming a rules folder when `--rules` is not given.
pub const RULES_ENV: &str = "TRAWL_RULES";

/// The bundled rules as source texts, labelled `<bundled>/<file>`.
pub fn bundled_sources() -> Vec<SourceText> {
    embedded::RULES
        .iter()
        .map(|(path, text)| SourceText {
            path: PathBuf::from("<bundled>").join(path),
            text: (*text).into(),
        })
        .collect()
}

/// Where the rule pack in use comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackOrigin {
    /// A folder given with `--rules`.
    Flag(PathBuf),
    /// A folder named by `TRAWL_RULES`.
    Env(PathBuf),
    /// `./rules` in the current folder, which holds rule files.
    Local(PathBuf),
    /// A folder alone, without the bundled pack below it (`--rules-only`).
    Only(PathBuf),
    /// The pack built into the binary.
    Bundled,
}

impl PackOrigin {
    /// Decides where the pack comes from: `flag`, else `env` (the value of `TRAWL_RULES`),
    /// else `local` (`./rules`) when it holds `*.yaml` files, else the bundled pack.
    pub fn choose(flag: Option<&Path>, env: Option<PathBuf>, local: &Path) -> PackOrigin {
        if let Some(dir) = flag {
            return PackOrigin::Flag(dir.to_owned());
        }
        if let Some(dir) = env.filter(|dir| !dir.as_os_str().is_empty()) {
            return PackOrigin::Env(dir);
        }
        if holds_rules(local) {
            return PackOrigin::Local(local.to_owned());
        }
        PackOrigin::Bundled
    }

    /// The origin for this process: `flag`, `TRAWL_RULES`, `./rules`, bundled. With
    /// `alone` (`--rules-only`), the folder found is used without the bundled pack below.
    pub fn discover(flag: Option<&Path>, alone: bool) -> PackOrigin {
        let origin = PackOrigin::choose(
            flag,
            std::env::var_os(RULES_ENV).map(PathBuf::from),
            Path::new("rules"),
        );
        match alone {
            true => origin.alone(),
            false => origin,
        }
    }

    /// The folder's rules alone (what `trawl check` checks), or the bundled pack.
    pub fn alone(&self) -> PackOrigin {
        match self.dir() {
            Some(dir) => PackOrigin::Only(dir.to_owned()),
            None => PackOrigin::Bundled,
        }
    }

    /// The pack's rule files as text, unparsed (what scrubbing keeps phrases from). Files
    /// that cannot be read are skipped; `trawl check` reports them.
    pub fn sources(&self) -> Result<Vec<SourceText>, LoadError> {
        match self.dir() {
            None => Ok(bundled_sources()),
            Some(dir) if !dir.is_dir() => Err(LoadError::NotAFolder(self.clone())),
            Some(dir) => trawl_rules::read_dir(dir)
                .map(|(sources, _)| sources)
                .map_err(|error| LoadError::Pack(self.clone(), PackError::Io(error))),
        }
    }

    /// The folder, unless the pack is the bundled one.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            PackOrigin::Flag(dir)
            | PackOrigin::Env(dir)
            | PackOrigin::Local(dir)
            | PackOrigin::Only(dir) => Some(dir),
            PackOrigin::Bundled => None,
        }
    }
}

impl fmt::Display for PackOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackOrigin::Flag(dir) => write!(f, "{} (--rules)", dir.display()),
            PackOrigin::Env(dir) => write!(f, "{} ({RULES_ENV})", dir.display()),
            PackOrigin::Local(dir) => write!(f, "{} (the rules folder here)", dir.display()),
            PackOrigin::Only(dir) => write!(f, "{} (alone)", dir.display()),
            PackOrigin::Bundled => write!(f, "the bundled pack"),
        }
    }
}

/// Why a pack could not be used.
#[derive(Debug)]
pub enum LoadError {
    /// The folder does not exist or is not a folder.
    NotAFolder(PackOrigin),
    /// The folder holds no rule files.
    Empty(PackOrigin),
    /// Reading or compiling the rules failed.
    Pack(PackOrigin, PackError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotAFolder(origin) => write!(
                f,
                "rules folder {origin} does not exist or is not a folder; give a folder of *.yaml rules"
            ),
            LoadError::Empty(origin) => write!(
                f,
                "rules folder {origin} holds no rule files (*.yaml); add one with `trawl new`, or leave out --rules for the bundled pack"
            ),
            LoadError::Pack(origin, error) => write!(f, "rules {origin}: {error}"),
        }
    }
}

impl LoadError {
    /// The whole account for a person: every diagnostic of an invalid pack, then what to do.
    pub fn explain(&self) -> String {
        match self {
            LoadError::Pack(origin, PackError::Invalid(errors)) => {
                let mut message = String::new();
                for diagnostic in errors {
                    message.push_str(&format!("{diagnostic}\n\n"));
                }
                message.push_str(&format!(
                    "the rule pack {origin} has {} error(s); fix them or check with `trawl check`",
                    errors.len()
                ));
                message
            }
            other => format!("error: {other}"),
        }
    }
}

/// Loads the pack from `origin`, as every command does: a folder's rules over the bundled
/// pack (or alone). The
/// folder's rules are compiled at once, so every problem of an author's own files is
/// reported now (those files are left out); the bundled rules, checked by the test suite,
/// are indexed by host and compiled on first use, so start-up does not grow with them.
/// When the folder has no usable rule file, that is an error.
pub fn load_pack(origin: &PackOrigin) -> Result<(Pack, Vec<Diagnostic>), LoadError> {
    let registry = Registry::standard();
    let bundled = || {
        let (pack, _) = Pack::index(bundled_sources(), &registry);
        pack.labelled(PackOrigin::Bundled.to_string())
    };
    let Some(dir) = origin.dir() else {
        return Ok((bundled(), Vec::new()));
    };
    if !dir.is_dir() {
        return Err(LoadError::NotAFolder(origin.clone()));
    }
    if !holds_rules(dir) {
        return Err(LoadError::Empty(origin.clone()));
    }
    let (sources, mut errors) = trawl_rules::read_dir(dir)
        .map_err(|error| LoadError::Pack(origin.clone(), PackError::Io(error)))?;
    let (pack, more) = Pack::partial_from_sources(sources, &registry);
    errors.extend(more);
    errors.sort_by(|a, b| a.file.cmp(&b.file));
    if pack.is_empty() && !errors.is_empty() {
        return Err(LoadError::Pack(origin.clone(), PackError::Invalid(errors)));
    }
    let pack = pack.labelled(origin.to_string());
    match origin {
        PackOrigin::Only(_) => Ok((pack, errors)),
        _ => Ok((pack.over(bundled()), errors)),
    }
}

/// The rule files that `errors` are about, each once, in order, with its errors.
pub fn by_file(errors: &[Diagnostic]) -> Vec<(&Path, Vec<&Diagnostic>)> {
    let mut files: Vec<(&Path, Vec<&Diagnostic>)> = Vec::new();
    for error in errors {
        match files.iter_mut().find(|(file, _)| *file == error.file) {
            Some((_, list)) => list.push(error),
            None => files.push((&error.file, vec![error])),
        }
    }
    files
}

/// Loads exactly the rules of `origin` (a folder alone, or the bundled pack), every one
/// compiled now: any error in any rule is an error. For tests and tools that must see
/// exactly these rules, all sound.
pub fn load_pack_strict(origin: &PackOrigin) -> Result<Pack, LoadError> {
    let registry = Registry::standard();
    let pack = match origin.dir() {
        Some(dir) if !dir.is_dir() => return Err(LoadError::NotAFolder(origin.clone())),
        Some(dir) => Pack::load_dir(dir, &registry),
        None => Pack::from_sources(bundled_sources(), &registry),
    };
    pack.map_err(|error| LoadError::Pack(origin.clone(), error))
}

/// Whether `dir` holds at least one `*.yaml` / `*.yml` file (at any depth).
fn holds_rules(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .any(|entry| {
            entry.file_type().is_file()
                && entry
                    .path()
                    .extension()
                    .is_some_and(|ext| ext == "yaml" || ext == "yml")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_then_the_environment_then_the_local_folder() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
        let nowhere = Path::new("/nonexistent/rules");
        assert_eq!(
            PackOrigin::choose(Some(Path::new("a")), Some("b".into()), &here),
            PackOrigin::Flag("a".into())
        );
        assert_eq!(
            PackOrigin::choose(None, Some("b".into()), &here),
            PackOrigin::Env("b".into())
        );
        assert_eq!(
            PackOrigin::choose(None, Some("".into()), &here),
            PackOrigin::Local(here.clone())
        );
        assert_eq!(PackOrigin::choose(None, None, nowhere), PackOrigin::Bundled);
    }

    #[test]
    fn a_missing_or_empty_folder_is_an_error_naming_it() {
        let missing = PackOrigin::Flag("/nonexistent".into());
        let error = load_pack(&missing).err().expect("an error").to_string();
        assert!(error.contains("/nonexistent") && error.contains("does not exist"));
        let empty = std::env::temp_dir().join(format!("trawl-empty-rules-{}", std::process::id()));
        std::fs::create_dir_all(&empty).unwrap();
        let error = load_pack(&PackOrigin::Flag(empty.clone()))
            .err()
            .expect("an error")
            .to_string();
        assert!(error.contains("holds no rule files"), "{error}");
        std::fs::remove_dir_all(&empty).unwrap();
    }
}
