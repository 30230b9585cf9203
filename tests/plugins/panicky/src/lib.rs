//! A plugin that panics on every record: the SDK must turn the panic into an error.

use serde_json::Value;
use trawl_plugin::{export_plugin, Plugin};

/// Panics.
pub struct Panicky;

impl Plugin for Panicky {
    const NAME: &'static str = "panicky";
    const VERSION: &'static str = "0.1.0";
    const DESCRIPTION: &'static str = "Panics on every record.";

    fn process(_record: Value, _config: &Value) -> Result<Value, String> {
        // The SDK turns the panic into an error; a silent hook keeps the default message and
        // backtrace out of every passing test run (the plugin's std is its own, so this
        // hook touches only the plugin's panics).
        std::panic::set_hook(Box::new(|_| {}));
        panic!("index out of bounds in the plugin")
    }
}

export_plugin!(Panicky);
