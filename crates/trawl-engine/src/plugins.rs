//! The plugin host: loading shared libraries that speak the trawl ABI and running them on
//! records, so that a failing plugin costs a warning, never a record.

#![allow(unsafe_code)] // Calling into loaded libraries is unsafe by nature; each block says why.

use std::ffi::{CStr, CString};
use std::fmt;
use std::path::{Path, PathBuf};

use libloading::Library;
use serde::Deserialize;
use trawl_plugin::{
    AbiVersionFn, FreeFn, InfoFn, ProcessFn, ABI_VERSION, ABI_VERSION_SYMBOL, FREE_SYMBOL,
    INFO_SYMBOL, PROCESS_SYMBOL,
};
use trawl_rules::PluginUse;

use crate::record::Record;

/// What a plugin says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PluginInfo {
    /// The name rules use, e.g. `syndication`.
    pub name: String,
    /// Its version.
    pub version: String,
    /// One sentence on what it does.
    #[serde(default)]
    pub description: String,
}

/// A loaded plugin.
pub struct LoadedPlugin {
    /// What it says about itself.
    pub info: PluginInfo,
    /// The ABI version it reported.
    pub abi: u32,
    /// Where it was loaded from.
    pub path: PathBuf,
    process: ProcessFn,
    free: FreeFn,
    // Keeps the library mapped while the function pointers above are in use; declared last
    // so it is dropped last.
    _library: Library,
}

/// Why a library could not be used as a plugin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginError {
    /// The library.
    pub path: PathBuf,
    /// What is wrong, and what to do.
    pub reason: String,
}

impl fmt::Display for PluginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for PluginError {}

impl LoadedPlugin {
    /// Loads the library at `path` and checks that it is a trawl plugin of this ABI version.
    ///
    /// Loading a library runs its initialisation code, so only load files the user chose.
    pub fn load(path: &Path) -> Result<LoadedPlugin, PluginError> {
        let error = |reason: String| PluginError {
            path: path.to_owned(),
            reason,
        };
        // SAFETY: loading runs the library's initialisers; the user chose this file to load.
        let library = unsafe { Library::new(path) }
            .map_err(|e| error(format!("cannot load the library: {e}")))?;
        let missing = |symbol: &str| {
            error(format!(
                "not a trawl plugin: it does not export `{symbol}` (plugins export {ABI_VERSION_SYMBOL}, {INFO_SYMBOL}, {PROCESS_SYMBOL} and {FREE_SYMBOL}; see trawl-plugin)"
            ))
        };
        // SAFETY: the symbol types are the ones the ABI fixes; a library exporting these names
        // with other signatures breaks the ABI contract.
        let (abi_version, info, process, free) = unsafe {
            (
                *library
                    .get::<AbiVersionFn>(ABI_VERSION_SYMBOL)
                    .map_err(|_| missing(ABI_VERSION_SYMBOL))?,
                *library
                    .get::<InfoFn>(INFO_SYMBOL)
                    .map_err(|_| missing(INFO_SYMBOL))?,
                *library
                    .get::<ProcessFn>(PROCESS_SYMBOL)
                    .map_err(|_| missing(PROCESS_SYMBOL))?,
                *library
                    .get::<FreeFn>(FREE_SYMBOL)
                    .map_err(|_| missing(FREE_SYMBOL))?,
            )
        };
        // SAFETY: the ABI version call takes nothing and returns an integer.
        let abi = unsafe { abi_version() };
        if abi != ABI_VERSION {
            return Err(error(format!(
                "speaks plugin ABI version {abi}, but this trawl speaks version {ABI_VERSION}; rebuild the plugin against trawl-plugin {ABI_VERSION}"
            )));
        }
        // SAFETY: info returns a static NUL-terminated string owned by the library (or null).
        let info_ptr = unsafe { info() };
        if info_ptr.is_null() {
            return Err(error(format!("`{INFO_SYMBOL}` returned nothing")));
        }
        // SAFETY: checked non-null above; the ABI says it is NUL-terminated.
        let info_text = unsafe { CStr::from_ptr(info_ptr) }
            .to_string_lossy()
            .into_owned();
        let info: PluginInfo = serde_json::from_str(&info_text).map_err(|e| {
            error(format!("`{INFO_SYMBOL}` did not return {{\"name\", \"version\", \"description\"}} as JSON: {e}"))
        })?;
        Ok(LoadedPlugin {
            info,
            abi,
            path: path.to_owned(),
            process,
            free,
            _library: library,
        })
    }

    /// Runs the plugin on `record`: the new record, or why it could not be used.
    pub fn run(&self, record: &Record, config: &serde_json::Value) -> Result<Record, String> {
        let input =
            serde_json::to_string(record).map_err(|e| format!("cannot encode the record: {e}"))?;
        let input = CString::new(input).map_err(|_| "the record holds a NUL byte".to_owned())?;
        let config = CString::new(config.to_string())
            .map_err(|_| "the config holds a NUL byte".to_owned())?;
        // SAFETY: both arguments are valid NUL-terminated strings that outlive the call.
        let answer = unsafe { (self.process)(input.as_ptr(), config.as_ptr()) };
        if answer.is_null() {
            return Err("returned nothing".to_owned());
        }
        // SAFETY: non-null, NUL-terminated per the ABI; copied before it is freed.
        let text = unsafe { CStr::from_ptr(answer) }
            .to_string_lossy()
            .into_owned();
        // SAFETY: the answer came from this plugin's process call and is freed once, here.
        unsafe { (self.free)(answer) };
        let answer: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| format!("returned invalid JSON ({e}): {}", preview(&text)))?;
        if let Some(error) = answer.get("error") {
            return Err(format!(
                "failed: {}",
                error
                    .as_str()
                    .map_or_else(|| error.to_string(), str::to_owned)
            ));
        }
        let new = answer.get("record").ok_or_else(|| {
            format!(
                "answered neither {{\"record\"}} nor {{\"error\"}}: {}",
                preview(&text)
            )
        })?;
        for field in ["url", "site", "title"] {
            if !new.get(field).is_some_and(serde_json::Value::is_string) {
                return Err(format!("removed the required field `{field}`"));
            }
        }
        let new: Record = serde_json::from_value(new.clone())
            .map_err(|e| format!("returned a record that does not fit the record format: {e}"))?;
        if !record.title.is_empty() && new.title.is_empty() {
            return Err("emptied the title".to_owned());
        }
        Ok(new)
    }
}

fn preview(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// The loaded plugins, and running them on records.
#[derive(Default)]
pub struct PluginHost {
    plugins: Vec<LoadedPlugin>,
}

impl PluginHost {
    /// A host with no plugins.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a plugin; a later plugin with the same name replaces the earlier one.
    pub fn add(&mut self, plugin: LoadedPlugin) {
        self.plugins.retain(|p| p.info.name != plugin.info.name);
        self.plugins.push(plugin);
    }

    /// The loaded plugins.
    pub fn plugins(&self) -> &[LoadedPlugin] {
        &self.plugins
    }

    /// The plugin called `name`.
    pub fn get(&self, name: &str) -> Option<&LoadedPlugin> {
        self.plugins.iter().find(|p| p.info.name == name)
    }

    /// Runs the rule's plugins (with their configs), then `always` (by name, no config), in
    /// order. A plugin that fails leaves the record as it was before it and adds a warning
    /// naming it.
    pub fn apply(
        &self,
        mut record: Record,
        rule_plugins: &[PluginUse],
        always: &[String],
    ) -> Record {
        let null = serde_json::Value::Null;
        let steps = rule_plugins
            .iter()
            .map(|u| (u.name.as_str(), &u.config))
            .chain(always.iter().map(|name| (name.as_str(), &null)));
        for (name, config) in steps {
            let Some(plugin) = self.get(name) else {
                record.warnings.push(format!(
                    "plugin `{name}`: not loaded (the rule asks for it; pass --plugin-dir DIR or --plugin PATH)"
                ));
                continue;
            };
            match plugin.run(&record, config) {
                Ok(new) => record = new,
                Err(reason) => record.warnings.push(format!("plugin `{name}`: {reason}")),
            }
        }
        record
    }
}

/// Whether a file looks like a trawl plugin library: `*trawl_plugin_*` with the platform's
/// library extension (`.so`, `.dylib`, `.dll`).
pub fn is_plugin_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.contains("trawl_plugin_") && name.ends_with(std::env::consts::DLL_SUFFIX)
}

/// Loads every plugin library directly in `dir` (not in subfolders), sorted by file name.
pub fn discover(dir: &Path) -> (Vec<LoadedPlugin>, Vec<PluginError>) {
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && is_plugin_file(p))
            .collect(),
        Err(e) => {
            return (
                Vec::new(),
                vec![PluginError {
                    path: dir.to_owned(),
                    reason: format!("cannot read the plugin folder: {e}"),
                }],
            )
        }
    };
    paths.sort();
    let mut plugins = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match LoadedPlugin::load(&path) {
            Ok(plugin) => plugins.push(plugin),
            Err(error) => errors.push(error),
        }
    }
    (plugins, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_files_are_recognised_by_name() {
        let ext = std::env::consts::DLL_SUFFIX;
        assert!(is_plugin_file(Path::new(&format!(
            "target/release/libtrawl_plugin_syndication{ext}"
        ))));
        assert!(!is_plugin_file(Path::new(&format!(
            "target/release/libserde{ext}"
        ))));
        assert!(!is_plugin_file(Path::new("libtrawl_plugin_x.rlib")));
    }

    #[test]
    fn a_file_that_is_not_a_library_is_refused_clearly() {
        let path = std::env::temp_dir().join(format!(
            "trawl_plugin_fake_{}{}",
            std::process::id(),
            std::env::consts::DLL_SUFFIX
        ));
        std::fs::write(&path, b"not a library").unwrap();
        let error = LoadedPlugin::load(&path).err().unwrap();
        assert!(
            error.reason.starts_with("cannot load the library"),
            "{error}"
        );
        std::fs::remove_file(path).unwrap();
    }

    #[test]
    fn missing_plugins_become_warnings() {
        let host = PluginHost::new();
        let uses = [PluginUse {
            name: "syndication".into(),
            config: serde_json::Value::Null,
        }];
        let record = host.apply(
            Record {
                title: "T".into(),
                ..Record::default()
            },
            &uses,
            &[],
        );
        assert_eq!(record.title, "T");
        assert!(record.warnings[0].starts_with("plugin `syndication`: not loaded"));
    }
}
