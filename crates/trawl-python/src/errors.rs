//! The exceptions: `TrawlError` for anything trawl refuses, `PageError` for a page that gave
//! no record, each carrying the message the CLI prints.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use trawl::Failure;

create_exception!(
    trawl,
    TrawlError,
    PyException,
    "Anything trawl refuses: a rule pack that does not load, a --plugin library that cannot \
     be used, a bad argument. The message is the one `trawl extract` prints."
);

create_exception!(
    trawl,
    PageError,
    TrawlError,
    "A page that gave no record. `str(error)` is the CLI's line for it (`input: why`); \
     `error.input` is the page's label, `error.cause` the CLI summary's cause (`no_rule`, \
     `no_url`, `invalid_url`, `no_version`, `no_article`, `unreadable`)."
);

/// A `TrawlError` with `message`.
pub fn trawl_error(message: impl Into<String>) -> PyErr {
    TrawlError::new_err(message.into())
}

/// The name of a failure's cause as the `--errors` file writes it (`no_rule`).
pub fn cause_name(failure: &Failure) -> String {
    match serde_json::to_value(failure.cause) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::from("unknown"),
    }
}

/// The `PageError` instance for a failed page, its `input` and `cause` set.
pub fn page_error<'py>(py: Python<'py>, failure: &Failure) -> PyResult<Bound<'py, PyAny>> {
    let error = PageError::new_err(failure.message.clone()).into_value(py);
    let error = error.into_bound(py).into_any();
    error.setattr("input", &failure.input)?;
    error.setattr("cause", cause_name(failure))?;
    Ok(error)
}

/// The `PageError` for a failed page, ready to raise.
pub fn page_err(py: Python<'_>, failure: &Failure) -> PyErr {
    match page_error(py, failure) {
        Ok(error) => PyErr::from_value(error),
        Err(error) => error,
    }
}
