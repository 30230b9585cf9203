//! Pages as Python gives them: HTML as `bytes` (used in place, never copied) or `str`, a URL,
//! a fetch date; and lists of them as `(html, url)` tuples or dicts.

use std::borrow::Cow;

use chrono::NaiveDate;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString, PyTuple};

/// One page of a list, its HTML still a Python object (so `bytes` can be borrowed).
pub struct PageArg<'py> {
    /// The HTML: `bytes`, `bytearray` or `str`.
    pub html: Bound<'py, PyAny>,
    /// The page URL.
    pub url: Option<String>,
    /// When the page was fetched.
    pub date: Option<NaiveDate>,
}

/// The bytes of `html`: borrowed from `bytes`, encoded as UTF-8 from `str`.
pub fn html_bytes<'a>(html: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(bytes) = html.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(bytes.as_bytes()));
    }
    if let Ok(text) = html.cast::<PyString>() {
        return Ok(match text.to_cow()? {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        });
    }
    if let Ok(array) = html.cast::<PyByteArray>() {
        return Ok(Cow::Owned(array.to_vec()));
    }
    Err(PyTypeError::new_err(format!(
        "html must be bytes or str, not {}",
        html.get_type().name()?
    )))
}

/// A date given as `"YYYY-MM-DD"`, a `datetime.date` or a `datetime.datetime` (its day).
pub fn date_of(date: Option<&Bound<'_, PyAny>>) -> PyResult<Option<NaiveDate>> {
    let Some(date) = date.filter(|d| !d.is_none()) else {
        return Ok(None);
    };
    let text: String = match date.cast::<PyString>() {
        Ok(text) => text.to_cow()?.into_owned(),
        Err(_) => date.call_method0("isoformat")?.extract()?,
    };
    let day = text.get(..10).unwrap_or(&text);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(Some)
        .map_err(|error| {
            PyValueError::new_err(format!("invalid date `{text}`: {error}; give YYYY-MM-DD"))
        })
}

/// One item of a page list: `html`, `(html, url)`, `(html, url, date)` or a dict with the
/// keys `html`, `url`, `date`.
pub fn page_of<'py>(item: &Bound<'py, PyAny>) -> PyResult<PageArg<'py>> {
    let (html, url, date) = if let Ok(dict) = item.cast::<PyDict>() {
        let html = dict
            .get_item("html")?
            .ok_or_else(|| PyValueError::new_err("a page dict needs an `html` key"))?;
        (html, dict.get_item("url")?, dict.get_item("date")?)
    } else if let Ok(tuple) = item.cast::<PyTuple>() {
        if tuple.is_empty() || tuple.len() > 3 {
            return Err(PyValueError::new_err(format!(
                "a page tuple is (html, url) or (html, url, date), not {} item(s)",
                tuple.len()
            )));
        }
        let at = |i: usize| tuple.get_item(i).ok();
        (tuple.get_item(0)?, at(1), at(2))
    } else {
        (item.clone(), None, None)
    };
    let url = match url.filter(|u| !u.is_none()) {
        Some(url) => Some(url.str()?.to_cow()?.into_owned()),
        None => None,
    };
    Ok(PageArg {
        html,
        url,
        date: date_of(date.as_ref())?,
    })
}
