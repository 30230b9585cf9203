//! Finding plugin libraries in a folder by name, without loading any of them.
//!
//! The plugin a rule calls `reading-time` lives in `libtrawl_plugin_reading_time.so` (the
//! platform's prefix and suffix: `.dylib` on macOS, `trawl_plugin_reading_time.dll` on
//! Windows): `trawl_plugin_` and the name, `-` written `_`.

use std::path::{Path, PathBuf};

use super::PluginError;

/// Whether a file looks like a trawl plugin library: `*trawl_plugin_*` with the platform's
/// library extension (`.so`, `.dylib`, `.dll`).
pub fn is_plugin_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.contains("trawl_plugin_") && name.ends_with(std::env::consts::DLL_SUFFIX)
}

/// The plugin name a library's file name promises (what follows `trawl_plugin_`), `-` and
/// `_` alike written `_`: `libtrawl_plugin_reading_time.so` gives `reading_time`.
pub fn name_from_file(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(std::env::consts::DLL_SUFFIX)?;
    let key = &stem[stem.find("trawl_plugin_")? + "trawl_plugin_".len()..];
    (!key.is_empty()).then(|| key.replace('-', "_"))
}

/// Every plugin library directly in `dir` (not in subfolders), sorted by file name.
pub fn plugin_files(dir: &Path) -> Result<Vec<PathBuf>, PluginError> {
    let entries = std::fs::read_dir(dir).map_err(|e| PluginError {
        path: dir.to_owned(),
        reason: format!("cannot read the plugin folder: {e}"),
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && is_plugin_file(p))
        .collect();
    paths.sort();
    Ok(paths)
}

/// The library in `dir` that holds the plugin called `name`, found by its file name alone;
/// `None` when there is none. Two files for one name are an error naming both.
pub fn find_plugin(dir: &Path, name: &str) -> Result<Option<PathBuf>, PluginError> {
    let key = name.replace('-', "_");
    let found: Vec<PathBuf> = plugin_files(dir)?
        .into_iter()
        .filter(|p| name_from_file(p).as_deref() == Some(key.as_str()))
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        [first, second, ..] => Err(PluginError {
            path: second.clone(),
            reason: format!(
                "holds the plugin `{name}` by its file name, and so does {}; remove one of the two",
                first.display()
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dll(stem: &str) -> String {
        format!(
            "{}{stem}{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_SUFFIX
        )
    }

    #[test]
    fn plugin_files_are_recognised_by_name() {
        assert!(is_plugin_file(Path::new(&format!(
            "target/release/{}",
            dll("trawl_plugin_syndication")
        ))));
        assert!(!is_plugin_file(Path::new(&format!(
            "target/release/{}",
            dll("serde")
        ))));
        assert!(!is_plugin_file(Path::new("libtrawl_plugin_x.rlib")));
    }

    #[test]
    fn the_file_name_says_the_plugin_name() {
        let path = PathBuf::from(dll("trawl_plugin_reading_time"));
        assert_eq!(name_from_file(&path).as_deref(), Some("reading_time"));
        assert_eq!(name_from_file(Path::new(&dll("serde"))), None);
    }

    #[test]
    fn only_the_named_plugin_is_found_and_two_files_for_one_name_are_an_error() {
        let dir = std::env::temp_dir().join(format!("trawl_find_plugin_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let suffix = std::env::consts::DLL_SUFFIX;
        for file in [dll("trawl_plugin_a_b"), dll("trawl_plugin_other")] {
            std::fs::write(dir.join(file), b"").unwrap();
        }
        assert_eq!(
            find_plugin(&dir, "a-b").unwrap(),
            Some(dir.join(dll("trawl_plugin_a_b")))
        );
        assert_eq!(find_plugin(&dir, "missing").unwrap(), None);
        std::fs::write(dir.join(format!("x_trawl_plugin_a-b{suffix}")), b"").unwrap();
        let error = find_plugin(&dir, "a-b").unwrap_err();
        assert!(error.reason.contains("and so does"), "{error}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
