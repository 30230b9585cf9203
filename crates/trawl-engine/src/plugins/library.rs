//! One plugin library loaded into this process: checking it speaks the ABI, and calling it.

#![allow(unsafe_code)] // Calling into loaded libraries is unsafe by nature; each block says why.

use std::ffi::{CStr, CString};
use std::path::{Path, PathBuf};

use libloading::Library;
use trawl_plugin::{
    AbiVersionFn, FreeFn, InfoFn, ProcessFn, ABI_VERSION, ABI_VERSION_SYMBOL, FREE_SYMBOL,
    INFO_SYMBOL, PROCESS_SYMBOL,
};

use super::answer::interpret;
use super::{PluginError, PluginInfo, PluginSummary};
use crate::record::Record;

/// A plugin library loaded into this process.
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

impl LoadedPlugin {
    /// Loads the library at `path` and checks that it is a trawl plugin of this ABI version.
    ///
    /// Loading a library runs its initialisation code in this process, so only load files the
    /// user chose; [`PluginHost::isolated`](super::PluginHost::isolated) loads them in a child
    /// process instead.
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
        let info_bytes = unsafe { CStr::from_ptr(info_ptr) }.to_bytes();
        let info_text = std::str::from_utf8(info_bytes).map_err(|e| {
            error(format!(
                "`{INFO_SYMBOL}` returned invalid UTF-8 (at byte {})",
                e.valid_up_to()
            ))
        })?;
        let info: PluginInfo = serde_json::from_str(info_text).map_err(|e| {
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

    /// What the plugin says about itself, and where it was loaded from.
    pub fn summary(&self) -> PluginSummary {
        PluginSummary {
            info: self.info.clone(),
            abi: self.abi,
            path: self.path.clone(),
        }
    }

    /// Calls the plugin's process function on a record and a config, both JSON text: the
    /// bytes of its answer (not yet checked), or `None` when it returned nothing.
    pub fn call(&self, record: &str, config: &str) -> Result<Option<Vec<u8>>, String> {
        let input = CString::new(record).map_err(|_| "the record holds a NUL byte".to_owned())?;
        let config = CString::new(config).map_err(|_| "the config holds a NUL byte".to_owned())?;
        // SAFETY: both arguments are valid NUL-terminated strings that outlive the call.
        let answer = unsafe { (self.process)(input.as_ptr(), config.as_ptr()) };
        if answer.is_null() {
            return Ok(None);
        }
        // SAFETY: non-null, NUL-terminated per the ABI; copied before it is freed.
        let bytes = unsafe { CStr::from_ptr(answer) }.to_bytes().to_vec();
        // SAFETY: the answer came from this plugin's process call and is freed once, here.
        unsafe { (self.free)(answer) };
        Ok(Some(bytes))
    }

    /// Runs the plugin on `record`: the new record, or why it could not be used.
    pub fn run(&self, record: &Record, config: &serde_json::Value) -> Result<Record, String> {
        let input =
            serde_json::to_string(record).map_err(|e| format!("cannot encode the record: {e}"))?;
        let answer = self.call(&input, &config.to_string())?;
        interpret(answer.as_deref(), record)
    }
}
