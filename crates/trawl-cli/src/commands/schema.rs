//! `trawl schema`: the JSON Schema of rule files, for editors with YAML support.

use super::out;
use std::process::ExitCode;

use trawl_cli::docs::schema_text;

use crate::args::SchemaArgs;

/// Runs the command.
pub fn run(args: SchemaArgs) -> ExitCode {
    let text = schema_text();
    match &args.output {
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: cannot write {}: {error}", path.display());
                ExitCode::FAILURE
            }
        },
        None => {
            out!("{text}");
            ExitCode::SUCCESS
        }
    }
}
