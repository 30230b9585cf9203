//! `trawl plugins`: what plugins are found, and which libraries could not be used.

use super::outln;
use std::process::ExitCode;

use trawl_cli::plugin_setup::{default_plugin_dir, load_plugins};

use crate::args::PluginsArgs;

/// Runs the command: exit 0 when every library found is a usable plugin, 1 otherwise.
pub fn run(args: PluginsArgs) -> ExitCode {
    let dir = args.plugin_dir.clone().or_else(default_plugin_dir);
    let plugins = load_plugins(&args.plugins, dir.as_deref());
    if let Some(dir) = &dir {
        outln!("plugin folder: {}", dir.display());
    }
    for plugin in plugins.host.plugins() {
        outln!(
            "{:<16} {:<9} abi {}  {}\n{:<16} {}",
            plugin.info.name,
            plugin.info.version,
            plugin.abi,
            plugin.info.description,
            "",
            plugin.path.display()
        );
    }
    if plugins.host.plugins().is_empty() {
        outln!(
            "no plugins found (plugin files are named *trawl_plugin_*{})",
            std::env::consts::DLL_SUFFIX
        );
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
