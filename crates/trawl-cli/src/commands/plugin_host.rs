//! `trawl plugin-host LIB...` (hidden): the child process that runs plugins for `trawl
//! extract`, answering over its standard input and output.

use std::process::ExitCode;

use trawl_cli::plugin_stdio::take_stdio;
use trawl_engine::serve_plugins;

use crate::args::PluginHostArgs;

/// Runs the host until trawl closes its input: exit 0, or 1 when the streams fail.
pub fn run(args: PluginHostArgs) -> ExitCode {
    // Before any plugin is loaded: plugins then read /dev/null and print to stderr.
    let (input, output) = match take_stdio() {
        Ok(streams) => streams,
        Err(error) => {
            eprintln!("error: the plugin host cannot set up its streams: {error}");
            return ExitCode::FAILURE;
        }
    };
    match serve_plugins(&args.libraries, input, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}
