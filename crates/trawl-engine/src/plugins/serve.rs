//! The plugin host's side: the child process that loads the plugin libraries and answers
//! calls, so a plugin that crashes, exits or hangs takes only this process with it.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use serde_json::json;

use super::frame::{decode_call, read_frame, write_frame, ANSWER, CALL_ERROR, NOTHING};
use super::LoadedPlugin;

/// Loads the libraries at `paths`, reports on each (in order) over `output`, then answers
/// calls read from `input` until it ends.
///
/// The caller makes sure that `output` is not the process's standard output as plugins see
/// it, so that what a plugin prints never mixes with its answers.
pub fn serve_plugins(paths: &[PathBuf], input: impl Read, output: impl Write) -> io::Result<()> {
    let mut input = io::BufReader::new(input);
    let mut output = io::BufWriter::new(output);
    let mut plugins = Vec::new();
    let mut report = Vec::new();
    for path in paths {
        match LoadedPlugin::load(path) {
            Ok(plugin) => {
                report.push(json!({"info": plugin.info, "abi": plugin.abi}));
                plugins.push(Some(plugin));
            }
            Err(error) => {
                report.push(json!({"error": error.reason}));
                plugins.push(None);
            }
        }
    }
    write_frame(
        &mut output,
        serde_json::Value::from(report).to_string().as_bytes(),
    )?;
    while let Some(call) = read_frame(&mut input)? {
        let mut answer = Vec::new();
        let result = decode_call(&call)
            .ok_or_else(|| "a malformed call".to_owned())
            .and_then(|(index, record, config)| {
                let plugin = plugins
                    .get(index)
                    .and_then(Option::as_ref)
                    .ok_or_else(|| format!("no plugin number {index}"))?;
                let record = std::str::from_utf8(record).map_err(|e| e.to_string())?;
                let config = std::str::from_utf8(config).map_err(|e| e.to_string())?;
                plugin.call(record, config)
            });
        match result {
            Ok(Some(bytes)) => {
                answer.push(ANSWER);
                answer.extend_from_slice(&bytes);
            }
            Ok(None) => answer.push(NOTHING),
            Err(reason) => {
                answer.push(CALL_ERROR);
                answer.extend_from_slice(reason.as_bytes());
            }
        }
        write_frame(&mut output, &answer)?;
    }
    Ok(())
}
