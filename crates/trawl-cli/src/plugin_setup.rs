//! Finding and loading plugins for a run: `--plugin PATH` and `--plugin-dir DIR`.

use std::path::{Path, PathBuf};

use trawl_engine::{discover, LoadedPlugin, PluginError, PluginHost};

/// The plugins of a run.
pub struct Plugins {
    /// Every plugin loaded, from the folder and the paths given.
    pub host: PluginHost,
    /// The names of the plugins given with `--plugin`, run on every record in this order.
    pub always: Vec<String>,
    /// Libraries that could not be used, with why.
    pub errors: Vec<PluginError>,
}

/// The default plugin folder: the one the `trawl` binary is in.
pub fn default_plugin_dir() -> Option<PathBuf> {
    std::env::current_exe().ok()?.parent().map(Path::to_owned)
}

/// Loads the plugins in `dir` (available to rules that name them) and the libraries in
/// `paths` (run on every record). Libraries that fail are reported, the rest still load.
pub fn load_plugins(paths: &[PathBuf], dir: Option<&Path>) -> Plugins {
    let mut host = PluginHost::new();
    let mut errors = Vec::new();
    if let Some(dir) = dir {
        let (found, failed) = discover(dir);
        found.into_iter().for_each(|plugin| host.add(plugin));
        errors.extend(failed);
    }
    let mut always = Vec::new();
    for path in paths {
        match LoadedPlugin::load(path) {
            Ok(plugin) => {
                always.push(plugin.info.name.clone());
                host.add(plugin);
            }
            Err(error) => errors.push(error),
        }
    }
    Plugins {
        host,
        always,
        errors,
    }
}
