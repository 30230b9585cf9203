//! Turning command-line inputs (files, folders, `-`) into pages to extract.

use std::io::Read;
use std::path::{Path, PathBuf};

use trawl_engine::{read_page_limited, DEFAULT_MAX_PAGE_SIZE};

/// One input page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file: `*.html`, `*.htm` or `*.html.gz`.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    /// A name for messages: the path, or `<stdin>`.
    pub fn label(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "<stdin>".to_owned(),
        }
    }

    /// The page's bytes.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        self.read_limited(DEFAULT_MAX_PAGE_SIZE)
    }

    /// The page's bytes; a `.gz` page expanding to more than `max_size` bytes is an error.
    pub fn read_limited(&self, max_size: u64) -> std::io::Result<Vec<u8>> {
        match self {
            Input::File(path) => read_page_limited(path, max_size),
            Input::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin().read_to_end(&mut bytes)?;
                Ok(bytes)
            }
        }
    }

    /// The URL written beside a page file as `<name>.url`, if there is one.
    pub fn sidecar_url(&self) -> Option<String> {
        let Input::File(path) = self else { return None };
        let text = std::fs::read_to_string(url_file(path)).ok()?;
        let url = text.trim();
        (!url.is_empty()).then(|| url.to_owned())
    }
}

/// The `<name>.url` file beside a page `<name>.html` or `<name>.html.gz`.
pub fn url_file(page: &Path) -> PathBuf {
    let name = page
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".gz")
        .unwrap_or(name)
        .trim_end_matches(".html")
        .trim_end_matches(".htm");
    page.with_file_name(format!("{stem}.url"))
}

/// Whether a file name looks like a page.
pub fn is_page(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".html.gz")
}

/// Expands the arguments: files as given, folders recursively (pages only, sorted), `-` for
/// standard input. Arguments that do not exist are returned as errors, the rest still run.
pub fn expand(args: &[PathBuf]) -> (Vec<Input>, Vec<(PathBuf, std::io::Error)>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if arg.is_dir() {
            let mut found = Vec::new();
            if let Err(error) = walk(arg, &mut found) {
                errors.push((arg.clone(), error));
            }
            found.sort();
            inputs.extend(found.into_iter().map(Input::File));
        } else if arg.exists() {
            inputs.push(Input::File(arg.clone()));
        } else {
            errors.push((
                arg.clone(),
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            ));
        }
    }
    (inputs, errors)
}

/// Reads the one page `arg` names (a file, or `-` for stdin), for commands that take one
/// page; the error says what went wrong, with the file name.
pub fn read_one(arg: &Path) -> Result<(Input, Vec<u8>), String> {
    let (inputs, missing) = expand(std::slice::from_ref(&arg.to_owned()));
    if let Some((path, error)) = missing.first() {
        return Err(format!("{}: {error}", path.display()));
    }
    let [input] = inputs.as_slice() else {
        return Err(format!(
            "expected one page, found {} under {}",
            inputs.len(),
            arg.display()
        ));
    };
    let bytes = input
        .read()
        .map_err(|error| format!("{}: cannot read: {error}", input.label()))?;
    Ok((input.clone(), bytes))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if is_page(&path) {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_files_sit_beside_pages() {
        assert_eq!(
            url_file(Path::new("a/b/seed.html")),
            Path::new("a/b/seed.url")
        );
        assert_eq!(
            url_file(Path::new("a/seed.html.gz")),
            Path::new("a/seed.url")
        );
    }

    #[test]
    fn pages_are_recognised_by_extension() {
        assert!(is_page(Path::new("x.HTML")));
        assert!(is_page(Path::new("x.html.gz")));
        assert!(!is_page(Path::new("x.url")));
    }
}
