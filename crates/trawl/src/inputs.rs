//! Turning command-line inputs (files, folders, `-`) into pages to extract.

use std::path::{Path, PathBuf};

use trawl_engine::{read_limited, read_page_limited, DEFAULT_MAX_PAGE_SIZE};

/// One input page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file: `*.html`, `*.htm` or `*.html.gz`.
    File(PathBuf),
    /// A web archive (`*.warc`, `*.warc.gz`): many pages, read by `trawl extract`.
    Warc(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    /// A name for messages: the path, or `<stdin>`.
    pub fn label(&self) -> String {
        match self {
            Input::File(path) | Input::Warc(path) => path.display().to_string(),
            Input::Stdin => "<stdin>".to_owned(),
        }
    }

    /// The page's bytes.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        self.read_limited(DEFAULT_MAX_PAGE_SIZE)
    }

    /// The page's bytes; a page of more than `max_size` bytes (as stored, from stdin, or
    /// once gunzipped) is a [`PageTooLarge`](trawl_engine::PageTooLarge) error.
    pub fn read_limited(&self, max_size: u64) -> std::io::Result<Vec<u8>> {
        match self {
            Input::File(path) => read_page_limited(path, max_size),
            Input::Warc(path) => Err(std::io::Error::other(format!(
                "{} is a web archive of many pages; read it with `trawl extract`",
                path.display()
            ))),
            Input::Stdin => read_limited(std::io::stdin().lock(), max_size),
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

/// Whether a file name looks like a web archive: `*.warc` or `*.warc.gz`.
pub fn is_warc(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// The input a file is: a web archive or a page.
fn file_input(path: PathBuf) -> Input {
    if is_warc(&path) {
        Input::Warc(path)
    } else {
        Input::File(path)
    }
}

/// Expands the arguments: files as given, folders recursively (pages and web archives,
/// sorted within each folder argument), `-` for standard input.
///
/// Folders are walked with symbolic links followed but never in a loop, and each file is
/// taken once however many links lead to it. What cannot be used is returned with its own
/// path and the reason, and the rest still runs: arguments that do not exist
/// (`NotFound`), entries that cannot be read (permissions), symbolic link loops, and files
/// that are not regular files (a FIFO named `x.html` would block the run).
pub fn expand(args: &[PathBuf]) -> (Vec<Input>, Vec<(PathBuf, std::io::Error)>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut once =
        |path: &Path| seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()));
    for arg in args {
        if arg.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let metadata = match std::fs::metadata(arg) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                errors.push((
                    arg.clone(),
                    std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
                ));
                continue;
            }
            Err(error) => {
                errors.push((arg.clone(), error));
                continue;
            }
        };
        if metadata.is_dir() {
            let mut found = Vec::new();
            for entry in walkdir::WalkDir::new(arg).follow_links(true) {
                match entry {
                    Ok(entry) if entry.file_type().is_dir() => {}
                    Ok(entry) => {
                        let path = entry.path();
                        if !(is_page(path) || is_warc(path)) {
                            continue;
                        }
                        if !entry.file_type().is_file() {
                            errors.push((path.to_owned(), not_a_regular_file()));
                        } else if once(path) {
                            found.push(path.to_owned());
                        }
                    }
                    Err(error) => {
                        let path = error.path().map_or_else(|| arg.clone(), Path::to_owned);
                        let reason = match error.loop_ancestor() {
                            Some(ancestor) => std::io::Error::other(format!(
                                "a symbolic link loop back to {}; not followed",
                                ancestor.display()
                            )),
                            None => error
                                .into_io_error()
                                .unwrap_or_else(|| std::io::Error::other("cannot be read")),
                        };
                        errors.push((path, reason));
                    }
                }
            }
            found.sort();
            inputs.extend(found.into_iter().map(file_input));
        } else if !metadata.is_file() {
            errors.push((arg.clone(), not_a_regular_file()));
        } else if once(arg) {
            inputs.push(file_input(arg.clone()));
        }
    }
    (inputs, errors)
}

fn not_a_regular_file() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        "not a regular file (a FIFO, socket or device); skipped",
    )
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
        assert!(is_warc(Path::new("CC-NEWS-20240101.warc.gz")));
        assert!(!is_page(Path::new("x.warc.gz")));
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("trawl-inputs-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_not_followed_and_each_page_is_read_once() {
        let dir = scratch("loops");
        std::fs::write(dir.join("a.html"), "<p>a</p>").unwrap();
        std::fs::create_dir(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/b.html"), "<p>b</p>").unwrap();
        std::os::unix::fs::symlink(".", dir.join("self")).unwrap();
        std::os::unix::fs::symlink("..", dir.join("sub/up")).unwrap();
        std::os::unix::fs::symlink("sub", dir.join("again")).unwrap();
        let (inputs, errors) = expand(std::slice::from_ref(&dir));
        assert_eq!(inputs.len(), 2, "{inputs:?}");
        assert!(
            errors.iter().all(|(_, e)| e.to_string().contains("loop")),
            "{errors:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn fifos_are_skipped_with_a_reason_and_the_rest_still_runs() {
        let dir = scratch("fifo");
        std::fs::write(dir.join("a.html"), "<p>a</p>").unwrap();
        let fifo = dir.join("x.html");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|status| status.success()) {
            return;
        }
        let (inputs, errors) = expand(std::slice::from_ref(&dir));
        assert_eq!(inputs, [Input::File(dir.join("a.html"))]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, fifo);
        assert!(errors[0].1.to_string().contains("not a regular file"));
        let (_, direct) = expand(std::slice::from_ref(&fifo));
        assert_eq!(direct.len(), 1, "a FIFO given directly is skipped too");
    }

    #[cfg(unix)]
    #[test]
    fn an_unreadable_folder_is_reported_by_its_own_path() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("unreadable");
        std::fs::create_dir(dir.join("a-closed")).unwrap();
        std::fs::write(dir.join("a-closed/p.html"), "<p>p</p>").unwrap();
        std::fs::write(dir.join("b.html"), "<p>b</p>").unwrap();
        let closed = dir.join("a-closed");
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
        let readable_anyway = std::fs::read_dir(&closed).is_ok(); // root reads everything
        let (inputs, errors) = expand(std::slice::from_ref(&dir));
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(
            inputs.contains(&Input::File(dir.join("b.html"))),
            "pages after it are kept"
        );
        if !readable_anyway {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].0, closed);
        }
    }
}
