//! Finding and loading plugins for a run: the plugins rules name (in `--plugin-dir DIR`) and
//! `--plugin PATH`, out of process unless asked otherwise.

use std::path::{Path, PathBuf};
use std::time::Duration;

use trawl_engine::{
    find_plugin, name_from_file, plugin_files, IsolatedConfig, LoadedPlugin, PluginError,
    PluginHost,
};

/// The hidden subcommand that makes the `trawl` binary a plugin host.
pub const PLUGIN_HOST_COMMAND: &str = "plugin-host";

/// The default time a plugin may take on one record, out of process.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// Where plugins run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PluginMode {
    /// In plugin host child processes (the default): a plugin that crashes, exits or takes
    /// longer than `timeout` on a record costs that record a warning.
    Isolated {
        /// The limit per call.
        timeout: Duration,
    },
    /// In this process (`--plugins-in-process`): faster, for trusted plugins only.
    InProcess,
}

/// The plugins of a run.
pub struct Plugins {
    /// The plugins loaded.
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

/// Loads the plugins that `names` ask for (from `dir`, found by file name; no other library
/// there is loaded) and the libraries in `paths` (run on every record). Libraries that fail
/// are reported, the rest still load.
pub fn load_plugins(
    paths: &[PathBuf],
    dir: Option<&Path>,
    names: &[&str],
    mode: PluginMode,
) -> Plugins {
    let mut errors = Vec::new();
    let mut found = Vec::new();
    if let Some(dir) = dir {
        for name in names {
            match find_plugin(dir, name) {
                Ok(Some(path)) => found.push(path),
                Ok(None) => {}
                Err(error) => errors.push(error),
            }
        }
    }
    load(paths, found, errors, mode)
}

/// Loads every plugin library in `dir`, and the libraries in `paths`: for `trawl plugins`.
pub fn list_plugins(paths: &[PathBuf], dir: Option<&Path>, mode: PluginMode) -> Plugins {
    let mut errors = Vec::new();
    let mut found = Vec::new();
    if let Some(dir) = dir {
        match plugin_files(dir) {
            Ok(files) => found = files,
            Err(error) => errors.push(error),
        }
    }
    load(paths, found, errors, mode)
}

fn load(
    paths: &[PathBuf],
    from_dir: Vec<PathBuf>,
    mut errors: Vec<PluginError>,
    mode: PluginMode,
) -> Plugins {
    let mut libraries: Vec<PathBuf> = Vec::new();
    let same = |a: &Path, b: &Path| {
        a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
    };
    for path in from_dir.iter().chain(paths) {
        if !libraries.iter().any(|known| same(known, path)) {
            libraries.push(path.clone());
        }
    }
    let host = match mode {
        PluginMode::InProcess => {
            let mut host = PluginHost::new();
            for path in &libraries {
                if let Err(error) = LoadedPlugin::load(path).and_then(|p| host.add(p)) {
                    errors.push(error);
                }
            }
            host
        }
        PluginMode::Isolated { timeout } => match std::env::current_exe() {
            Ok(program) => {
                let config = IsolatedConfig {
                    program,
                    args: vec![PLUGIN_HOST_COMMAND.into()],
                    timeout,
                };
                let (host, failed) = PluginHost::isolated(&config, &libraries);
                errors.extend(failed);
                host
            }
            Err(error) => {
                errors.extend(libraries.iter().map(|path| PluginError {
                    path: path.clone(),
                    reason: format!("cannot start the plugin host: where is trawl? {error}"),
                }));
                PluginHost::new()
            }
        },
    };
    // A library found by its file name must answer to that name, or rules never reach it.
    for path in &from_dir {
        let Some(plugin) = host.plugins().iter().find(|p| same(&p.path, path)) else {
            continue;
        };
        let name = plugin.info.name.replace('-', "_");
        if name_from_file(path).is_some_and(|key| key != name) {
            errors.push(PluginError {
                path: path.clone(),
                reason: format!(
                    "reports the plugin name `{}`, which its file name does not say; rename the file to {}trawl_plugin_{name}{}",
                    plugin.info.name,
                    std::env::consts::DLL_PREFIX,
                    std::env::consts::DLL_SUFFIX
                ),
            });
        }
    }
    let always = paths
        .iter()
        .filter_map(|path| {
            host.plugins()
                .iter()
                .find(|p| same(&p.path, path))
                .map(|p| p.info.name.clone())
        })
        .collect();
    Plugins {
        host,
        always,
        errors,
    }
}
