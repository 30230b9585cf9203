//! The trawl plugin boundary, and an SDK for writing plugins in Rust.
//!
//! A plugin is a shared library exporting four C functions. Only C types cross the boundary:
//! NUL-terminated UTF-8 strings holding JSON, and a `u32`. So a plugin built with another
//! rustc than the host's, or written in C, works the same.
//!
//! | symbol | signature | what it does |
//! |---|---|---|
//! | [`ABI_VERSION_SYMBOL`] | `uint32_t trawl_plugin_abi_version(void)` | returns [`ABI_VERSION`] |
//! | [`INFO_SYMBOL`] | `const char *trawl_plugin_info(void)` | static JSON `{"name", "version", "description"}` |
//! | [`PROCESS_SYMBOL`] | `char *trawl_plugin_process(const char *record, const char *config)` | returns `{"record": {...}}` or `{"error": "..."}` |
//! | [`FREE_SYMBOL`] | `void trawl_plugin_free(char *)` | frees what `process` returned |
//!
//! In Rust, implement [`Plugin`] and export it with [`export_plugin!`]:
//!
//! ```
//! use serde_json::{json, Value};
//! use trawl_plugin::{export_plugin, Plugin};
//!
//! struct Shout;
//!
//! impl Plugin for Shout {
//!     const NAME: &'static str = "shout";
//!     const VERSION: &'static str = "0.1.0";
//!     const DESCRIPTION: &'static str = "Upper-cases titles.";
//!
//!     fn process(mut record: Value, _config: &Value) -> Result<Value, String> {
//!         let title = record["title"].as_str().unwrap_or_default().to_uppercase();
//!         record["title"] = json!(title);
//!         Ok(record)
//!     }
//! }
//!
//! export_plugin!(Shout);
//! ```
//!
//! The macro catches panics, so a panic becomes an error the host reports; it never crosses
//! the boundary.

#![allow(unsafe_code)] // The C boundary is the point of this crate; each unsafe block says why.

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::{json, Value};

/// The version of this boundary; the host refuses plugins reporting another.
pub const ABI_VERSION: u32 = 1;

/// `uint32_t trawl_plugin_abi_version(void)`
pub const ABI_VERSION_SYMBOL: &str = "trawl_plugin_abi_version";
/// `const char *trawl_plugin_info(void)`
pub const INFO_SYMBOL: &str = "trawl_plugin_info";
/// `char *trawl_plugin_process(const char *record, const char *config)`
pub const PROCESS_SYMBOL: &str = "trawl_plugin_process";
/// `void trawl_plugin_free(char *)`
pub const FREE_SYMBOL: &str = "trawl_plugin_free";

/// The C signature of [`ABI_VERSION_SYMBOL`].
pub type AbiVersionFn = unsafe extern "C" fn() -> u32;
/// The C signature of [`INFO_SYMBOL`].
pub type InfoFn = unsafe extern "C" fn() -> *const c_char;
/// The C signature of [`PROCESS_SYMBOL`].
pub type ProcessFn = unsafe extern "C" fn(*const c_char, *const c_char) -> *mut c_char;
/// The C signature of [`FREE_SYMBOL`].
pub type FreeFn = unsafe extern "C" fn(*mut c_char);

/// A post-processing step for records, written in Rust.
pub trait Plugin {
    /// The name rules use to ask for it, e.g. `syndication`.
    const NAME: &'static str;
    /// Its version, e.g. `0.1.0`.
    const VERSION: &'static str;
    /// One sentence on what it does.
    const DESCRIPTION: &'static str;

    /// Takes a record and the plugin's configuration from the rule (`null` when none), and
    /// returns the new record or an error message.
    fn process(record: Value, config: &Value) -> Result<Value, String>;
}

/// Reads a list of non-empty strings from a plugin's config, for error messages that name
/// the place: `what` is its path, e.g. `config.phrases`.
///
/// ```
/// use serde_json::json;
/// use trawl_plugin::config_strings;
///
/// assert_eq!(config_strings(&json!(["a", "b"]), "config.hosts").unwrap(), ["a", "b"]);
/// assert_eq!(config_strings(&json!(["a", ""]), "config.hosts").unwrap_err(), "config.hosts[1] must be a non-empty string");
/// ```
pub fn config_strings(value: &Value, what: &str) -> Result<Vec<String>, String> {
    let list = value
        .as_array()
        .ok_or_else(|| format!("{what} must be a list of strings"))?;
    list.iter()
        .enumerate()
        .map(|(i, item)| match item.as_str() {
            Some(text) if !text.trim().is_empty() => Ok(text.to_owned()),
            _ => Err(format!("{what}[{i}] must be a non-empty string")),
        })
        .collect()
}

/// The info JSON for a plugin, NUL-terminated.
pub fn info_json<P: Plugin>() -> CString {
    let info = json!({"name": P::NAME, "version": P::VERSION, "description": P::DESCRIPTION});
    CString::new(info.to_string()).expect("JSON has no NUL bytes")
}

/// Runs a plugin on C strings: parses, calls, catches panics, and returns the answer JSON as a
/// string to hand back with [`into_raw`]. Used by [`export_plugin!`].
///
/// # Safety
/// `record` and `config` must be null or valid NUL-terminated strings.
pub unsafe fn process_raw<P: Plugin>(record: *const c_char, config: *const c_char) -> CString {
    let answer = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the caller promises valid NUL-terminated strings or null.
        let record = unsafe { read_json(record) }
            .map_err(|e| format!("the record is not valid JSON: {e}"))?;
        // SAFETY: as above.
        let config = unsafe { read_json(config) }
            .map_err(|e| format!("the config is not valid JSON: {e}"))?;
        P::process(record, &config)
    }));
    let answer = match answer {
        Ok(Ok(record)) => json!({ "record": record }),
        Ok(Err(error)) => json!({ "error": error }),
        Err(panic) => json!({ "error": format!("panicked: {}", panic_message(&*panic)) }),
    };
    CString::new(answer.to_string())
        .unwrap_or_else(|_| c"{\"error\":\"the answer held a NUL byte\"}".to_owned())
}

/// Hands a string to the host; it comes back through [`free_raw`].
pub fn into_raw(answer: CString) -> *mut c_char {
    answer.into_raw()
}

/// Frees a string made by [`into_raw`].
///
/// # Safety
/// `ptr` must be null or come from [`into_raw`] in this same library, and be freed once.
pub unsafe fn free_raw(ptr: *mut c_char) {
    if !ptr.is_null() {
        // SAFETY: the caller promises the pointer came from CString::into_raw here.
        drop(unsafe { CString::from_raw(ptr) });
    }
}

/// # Safety
/// `ptr` must be null or a valid NUL-terminated string.
unsafe fn read_json(ptr: *const c_char) -> Result<Value, String> {
    if ptr.is_null() {
        return Ok(Value::Null);
    }
    // SAFETY: the caller promises a valid NUL-terminated string.
    let text = unsafe { CStr::from_ptr(ptr) }
        .to_str()
        .map_err(|e| e.to_string())?;
    serde_json::from_str(text).map_err(|e| e.to_string())
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".to_owned())
}

/// Exports a [`Plugin`] as the four C functions of the trawl ABI.
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        /// The ABI version this plugin speaks.
        #[unsafe(no_mangle)]
        pub extern "C" fn trawl_plugin_abi_version() -> u32 {
            $crate::ABI_VERSION
        }

        /// The plugin's name, version and description as JSON.
        #[unsafe(no_mangle)]
        pub extern "C" fn trawl_plugin_info() -> *const ::std::ffi::c_char {
            static INFO: ::std::sync::OnceLock<::std::ffi::CString> = ::std::sync::OnceLock::new();
            INFO.get_or_init($crate::info_json::<$plugin>).as_ptr()
        }

        /// Processes one record.
        ///
        /// # Safety
        /// Both arguments must be null or valid NUL-terminated strings.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn trawl_plugin_process(
            record: *const ::std::ffi::c_char,
            config: *const ::std::ffi::c_char,
        ) -> *mut ::std::ffi::c_char {
            // SAFETY: forwarded from the host, which passes valid strings.
            $crate::into_raw(unsafe { $crate::process_raw::<$plugin>(record, config) })
        }

        /// Frees an answer of `trawl_plugin_process`.
        ///
        /// # Safety
        /// `ptr` must come from `trawl_plugin_process` and be freed once.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn trawl_plugin_free(ptr: *mut ::std::ffi::c_char) {
            // SAFETY: forwarded from the host, which frees each answer once.
            unsafe { $crate::free_raw(ptr) }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo;

    impl Plugin for Echo {
        const NAME: &'static str = "echo";
        const VERSION: &'static str = "1.0.0";
        const DESCRIPTION: &'static str = "Returns the record, or panics when told to.";

        fn process(record: Value, config: &Value) -> Result<Value, String> {
            if config["panic"] == json!(true) {
                panic!("told to");
            }
            if config["fail"] == json!(true) {
                return Err("told to fail".into());
            }
            Ok(record)
        }
    }

    fn run(record: &str, config: &str) -> Value {
        let record = CString::new(record).unwrap();
        let config = CString::new(config).unwrap();
        // SAFETY: valid NUL-terminated strings.
        let answer = unsafe { process_raw::<Echo>(record.as_ptr(), config.as_ptr()) };
        serde_json::from_str(answer.to_str().unwrap()).unwrap()
    }

    #[test]
    fn answers_wrap_records_and_errors() {
        assert_eq!(
            run(r#"{"title":"x"}"#, "null"),
            json!({"record": {"title": "x"}})
        );
        assert_eq!(
            run("{}", r#"{"fail":true}"#),
            json!({"error": "told to fail"})
        );
        assert!(run("not json", "null")["error"]
            .as_str()
            .unwrap()
            .starts_with("the record is not valid JSON"));
    }

    #[test]
    fn panics_become_errors() {
        assert_eq!(
            run("{}", r#"{"panic":true}"#),
            json!({"error": "panicked: told to"})
        );
    }

    #[test]
    fn info_is_json() {
        let info: Value = serde_json::from_str(info_json::<Echo>().to_str().unwrap()).unwrap();
        assert_eq!(info["name"], "echo");
    }
}
