//! Records into Python: serialised with serde_json as the CLI writes them, then turned into
//! dicts and lists with the same keys in the same order.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;
use trawl_engine::Record;

/// A record as it leaves the extractor: a dict or the CLI's JSON line.
pub enum Output {
    /// The record as a JSON value, to become a dict.
    Value(Value),
    /// The record as the CLI's JSON line, without the newline.
    Json(String),
}

impl Output {
    /// Serialises `record` (off the GIL): as a JSON line when `as_json`, else as a value.
    pub fn of(record: &Record, as_json: bool) -> Output {
        if as_json {
            Output::Json(serde_json::to_string(record).expect("a record serialises"))
        } else {
            Output::Value(serde_json::to_value(record).expect("a record serialises"))
        }
    }

    /// The Python object: a dict, or a str.
    pub fn into_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        match self {
            Output::Value(value) => to_python(py, &value),
            Output::Json(line) => Ok(line.into_pyobject(py)?.into_any()),
        }
    }
}

/// A JSON value as Python objects: objects as dicts (key order kept), arrays as lists.
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}
