//! `trawl plugins`: what plugins are found, and which libraries could not be used.

use super::outln;
use std::process::ExitCode;

use comfy_table::{presets, Table};
use trawl::{default_plugin_dir, list_plugins, PluginMode, DEFAULT_TIMEOUT};

use crate::args::PluginsArgs;

/// Runs the command: exit 0 when every library found is a usable plugin, 1 otherwise.
pub fn run(args: PluginsArgs) -> ExitCode {
    let dir = args.plugin_dir.clone().or_else(default_plugin_dir);
    let mode = PluginMode::Isolated {
        timeout: DEFAULT_TIMEOUT,
    };
    let plugins = list_plugins(&args.plugins, dir.as_deref(), mode);
    if let Some(dir) = &dir {
        outln!("plugin folder: {}", dir.display());
    }
    if plugins.host.plugins().is_empty() {
        outln!(
            "no plugins found (plugin files are named *trawl_plugin_*{})",
            std::env::consts::DLL_SUFFIX
        );
    } else {
        let mut table = Table::new();
        table.load_style(presets::NOTHING).set_header([
            "name",
            "version",
            "abi",
            "description",
            "file",
        ]);
        for plugin in plugins.host.plugins() {
            table.add_row([
                plugin.info.name.clone(),
                plugin.info.version.clone(),
                plugin.abi.to_string(),
                plugin.info.description.clone(),
                plugin.path.display().to_string(),
            ]);
        }
        outln!("{}", table.trim_fmt());
    }
    for error in &plugins.errors {
        eprintln!("error: {error}");
    }
    if plugins.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
