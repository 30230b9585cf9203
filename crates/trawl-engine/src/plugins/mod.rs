//! The plugin host: loading shared libraries that speak the trawl ABI and running them on
//! records, so that a failing plugin costs a warning, never a record.

mod answer;
mod files;
mod frame;
mod isolated;
mod library;
mod serve;

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use trawl_rules::PluginUse;

pub use files::{find_plugin, name_from_file, plugin_files};
pub use isolated::IsolatedConfig;
pub use library::LoadedPlugin;
pub use serve::serve_plugins;

use crate::record::Record;

/// What a plugin says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginInfo {
    /// The name rules use, e.g. `syndication`.
    pub name: String,
    /// Its version.
    pub version: String,
    /// One sentence on what it does.
    #[serde(default)]
    pub description: String,
}

/// A plugin a host can run: what it says about itself and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginSummary {
    /// What it says about itself.
    pub info: PluginInfo,
    /// The ABI version it reported.
    pub abi: u32,
    /// Where it was loaded from.
    pub path: PathBuf,
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

/// Where the plugins run.
enum Runner {
    /// Loaded into this process: fastest, but a plugin that crashes or hangs takes the run
    /// with it.
    InProcess(Vec<LoadedPlugin>),
    /// In plugin host child processes, each call with a time limit.
    Isolated(isolated::Pool),
}

/// The plugins of a run, and running them on records.
pub struct PluginHost {
    plugins: Vec<PluginSummary>,
    runner: Runner,
}

impl Default for PluginHost {
    fn default() -> Self {
        Self {
            plugins: Vec::new(),
            runner: Runner::InProcess(Vec::new()),
        }
    }
}

impl PluginHost {
    /// A host with no plugins that runs the plugins [`add`](Self::add)ed in this process.
    pub fn new() -> Self {
        Self::default()
    }

    /// A host that runs the libraries at `paths` in child processes (see [`IsolatedConfig`]):
    /// a plugin that crashes, exits, or takes longer than the time limit on a record costs a
    /// warning on that record, and the child is replaced. Libraries that cannot be used are
    /// returned with why; the others still run.
    pub fn isolated(config: &IsolatedConfig, paths: &[PathBuf]) -> (PluginHost, Vec<PluginError>) {
        let mut errors = Vec::new();
        let mut reports = Vec::new();
        let mut pool = None;
        match isolated::Pool::start(config, paths) {
            Ok((started, loaded)) => {
                reports.extend(paths.iter().cloned().zip(loaded));
                pool = Some(started);
            }
            Err(reason) if paths.len() == 1 => errors.push(PluginError {
                path: paths[0].clone(),
                reason,
            }),
            // Loading them together crashed or hung: load each alone to name the culprits.
            Err(_) => {
                for path in paths {
                    match isolated::Pool::start(config, std::slice::from_ref(path)) {
                        Ok((_, loaded)) => {
                            reports.extend(loaded.into_iter().map(|l| (path.clone(), l)))
                        }
                        Err(reason) => errors.push(PluginError {
                            path: path.clone(),
                            reason,
                        }),
                    }
                }
            }
        }
        let mut good = Vec::new();
        for (path, loaded) in reports {
            match (loaded.info, loaded.abi, loaded.error) {
                (Some(info), Some(abi), None) => good.push(PluginSummary { info, abi, path }),
                (_, _, error) => errors.push(PluginError {
                    path,
                    reason: error.unwrap_or_else(|| "the plugin host said nothing of it".into()),
                }),
            }
        }
        let mut host = PluginHost::default();
        for summary in good {
            if let Err(error) = host.admit(summary) {
                errors.push(error);
            }
        }
        let paths: Vec<PathBuf> = host.plugins.iter().map(|p| p.path.clone()).collect();
        let pool = match pool {
            Some(pool) if pool.paths() == paths => pool,
            _ if paths.is_empty() => isolated::Pool::empty(config),
            _ => match isolated::Pool::start(config, &paths) {
                Ok((pool, _)) => pool,
                Err(reason) => {
                    errors.extend(host.plugins.drain(..).map(|p| PluginError {
                        path: p.path,
                        reason: reason.clone(),
                    }));
                    isolated::Pool::empty(config)
                }
            },
        };
        host.runner = Runner::Isolated(pool);
        (host, errors)
    }

    /// Adds a plugin loaded in this process. A second plugin with a name already taken is
    /// refused, naming both files. (A host made with [`isolated`](Self::isolated) refuses
    /// plugins loaded in this process.)
    pub fn add(&mut self, plugin: LoadedPlugin) -> Result<(), PluginError> {
        let summary = plugin.summary();
        self.admit_check(&summary)?;
        match &mut self.runner {
            Runner::InProcess(loaded) => {
                loaded.push(plugin);
                self.plugins.push(summary);
                Ok(())
            }
            Runner::Isolated(_) => Err(PluginError {
                path: summary.path,
                reason: "this host runs plugins in child processes, not in this one".into(),
            }),
        }
    }

    fn admit_check(&self, summary: &PluginSummary) -> Result<(), PluginError> {
        match self.get(&summary.info.name) {
            Some(first) => Err(PluginError {
                path: summary.path.clone(),
                reason: format!(
                    "reports the plugin name `{}`, which {} already reports; remove or rename one of the two",
                    summary.info.name,
                    first.path.display()
                ),
            }),
            None => Ok(()),
        }
    }

    fn admit(&mut self, summary: PluginSummary) -> Result<(), PluginError> {
        self.admit_check(&summary)?;
        self.plugins.push(summary);
        Ok(())
    }

    /// The plugins this host runs.
    pub fn plugins(&self) -> &[PluginSummary] {
        &self.plugins
    }

    /// The plugin called `name`.
    pub fn get(&self, name: &str) -> Option<&PluginSummary> {
        self.plugins.iter().find(|p| p.info.name == name)
    }

    /// Whether the plugins run in child processes.
    pub fn is_isolated(&self) -> bool {
        matches!(self.runner, Runner::Isolated(_))
    }

    /// Runs one plugin (by its index in [`plugins`](Self::plugins)) on a record.
    fn run(
        &self,
        index: usize,
        record: &Record,
        config: &serde_json::Value,
    ) -> Result<Record, String> {
        match &self.runner {
            Runner::InProcess(loaded) => loaded[index].run(record, config),
            Runner::Isolated(pool) => {
                let input = serde_json::to_string(record)
                    .map_err(|e| format!("cannot encode the record: {e}"))?;
                let answer = pool.call(index, &input, &config.to_string())?;
                answer::interpret(answer.as_deref(), record)
            }
        }
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
            let Some(index) = self.plugins.iter().position(|p| p.info.name == name) else {
                record.warnings.push(format!(
                    "plugin `{name}`: not loaded (the rule asks for it; pass --plugin-dir DIR or --plugin PATH)"
                ).into());
                continue;
            };
            match self.run(index, &record, config) {
                Ok(new) => record = new,
                Err(reason) => record
                    .warnings
                    .push(format!("plugin `{name}`: {reason}").into()),
            }
        }
        record
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(record.warnings[0]
            .to_string()
            .starts_with("plugin `syndication`: not loaded"));
    }
}
