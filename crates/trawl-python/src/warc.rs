//! WARC files from Python: `Extractor.extract_warc` iterates records, the pages read and
//! extracted in Rust a batch at a time; `write_warc` writes pages as a WARC (for tests and
//! small crawls).

use std::collections::VecDeque;
use std::path::PathBuf;

use chrono::{NaiveDate, TimeZone, Utc};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use trawl::archive::{page_input, page_label, skipped_line, ArchivePages, BATCH};
use trawl::parallel::for_each_ordered;
use trawl::{Cause, Failure};
use trawl_engine::DEFAULT_MAX_PAGE_SIZE;
use trawl_warc::{Exchange, WarcPage, WarcWriter};

use crate::errors::{cause_name, page_err, page_error, trawl_error};
use crate::extractor::{OnError, Outcome, PyExtractor};
use crate::page::{html_bytes, page_of};

/// How `extract_warc` was asked to run.
pub struct Options {
    /// Overrides each page's `WARC-Date` for choosing rule versions.
    pub date: Option<NaiveDate>,
    /// Use this rule instead of matching by host.
    pub rule: Option<String>,
    /// Extraction threads.
    pub jobs: usize,
    /// What to do with pages that give no record.
    pub on_error: OnError,
    /// Records as JSON lines instead of dicts.
    pub as_json: bool,
}

/// The records of one WARC file, in file order; iterate it once. While and after iterating,
/// `.failures`, `.pages` and `.skipped` tell what the file held.
#[pyclass(module = "trawl")]
pub struct WarcRecords {
    extractor: Py<PyExtractor>,
    path: PathBuf,
    pages: ArchivePages,
    options: Options,
    ready: VecDeque<Outcome>,
    failures: Vec<Failure>,
    count: u64,
    finished: bool,
}

impl WarcRecords {
    /// Opens `path`; a file that cannot be opened raises `PageError` (cause `unreadable`).
    pub fn open(
        py: Python<'_>,
        extractor: Py<PyExtractor>,
        path: PathBuf,
        options: Options,
    ) -> PyResult<Self> {
        let pages = ArchivePages::open(&path, DEFAULT_MAX_PAGE_SIZE).map_err(|error| {
            let label = path.display().to_string();
            let failure = Failure::new(
                label,
                Cause::Unreadable,
                format_args!("cannot read: {error}"),
            );
            page_err(py, &failure)
        })?;
        Ok(WarcRecords {
            extractor,
            path,
            pages,
            options,
            ready: VecDeque::new(),
            failures: Vec::new(),
            count: 0,
            finished: false,
        })
    }

    /// Reads and extracts the next batch (off the GIL); false at the end of the file.
    fn fill(&mut self, py: Python<'_>) -> bool {
        if self.finished {
            return false;
        }
        let extractor = self.extractor.get();
        let (pages, options, path) = (&mut self.pages, &self.options, &self.path);
        let (outcomes, read, pages_read) = py.detach(|| {
            let batch = pages.next_batch(BATCH * options.jobs.max(1));
            let mut outcomes = Vec::with_capacity(batch.len());
            let work = |page: &Result<WarcPage, Failure>| match page {
                Ok(page) => {
                    let input = page_input(page, options.rule.as_deref(), options.date);
                    extractor.outcome(input, &page_label(path, page), options.as_json)
                }
                Err(failure) => Err(failure.clone()),
            };
            for_each_ordered(&batch, options.jobs, work, |_, o| outcomes.push(o));
            (
                outcomes,
                batch.len(),
                batch.iter().filter(|p| p.is_ok()).count(),
            )
        });
        self.count += pages_read as u64;
        self.ready.extend(outcomes);
        if read == 0 {
            self.finished = true;
        }
        !self.ready.is_empty()
    }
}

#[pymethods]
impl WarcRecords {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        loop {
            let Some(outcome) = self.ready.pop_front() else {
                if self.fill(py) {
                    continue;
                }
                return Ok(None);
            };
            match outcome {
                Ok(output) => return output.into_py(py).map(Some),
                Err(failure) => {
                    let result = match self.options.on_error {
                        OnError::Raise => Err(page_err(py, &failure)),
                        OnError::Return => page_error(py, &failure).map(Some),
                        OnError::Skip => Ok(None),
                    };
                    self.failures.push(failure);
                    if let Ok(None) = result {
                        continue;
                    }
                    return result;
                }
            }
        }
    }

    /// The pages that gave no record so far: dicts with `input`, `cause` and `message` (the
    /// CLI's line), as `trawl extract --errors` writes them.
    #[getter]
    fn failures<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for failure in &self.failures {
            let dict = PyDict::new(py);
            dict.set_item("input", &failure.input)?;
            dict.set_item("cause", cause_name(failure))?;
            dict.set_item("message", &failure.message)?;
            list.append(dict)?;
        }
        Ok(list)
    }

    /// How many HTML pages have been read so far.
    #[getter]
    fn pages(&self) -> u64 {
        self.count
    }

    /// The records passed over so far, by reason: `not_response`, `not_html`, `status`
    /// (not 200), `not_http`.
    #[getter]
    fn skipped<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let skipped = self.pages.skipped();
        let dict = PyDict::new(py);
        dict.set_item("not_response", skipped.not_response)?;
        dict.set_item("not_html", skipped.not_html)?;
        dict.set_item("status", skipped.status)?;
        dict.set_item("not_http", skipped.not_http)?;
        Ok(dict)
    }

    /// The CLI's line for the file: pages read and records skipped, by reason.
    #[getter]
    fn summary(&self) -> String {
        skipped_line(&self.path, self.count, self.pages.skipped())
    }
}

/// Appends pages to a WARC file (creating it; gzip, one member per record, when the name ends
/// in `.gz`) as `response` and `request` records, returning how many were written.
///
/// `pages`: an iterable of `(html, url)`, `(html, url, date)` or dicts with `html`, `url`,
/// `date`. The `WARC-Date` is the date at noon UTC, or now; `str` HTML is written as UTF-8
/// with that charset in the HTTP Content-Type, `bytes` with none.
#[pyfunction]
pub fn write_warc(py: Python<'_>, path: PathBuf, pages: &Bound<'_, PyAny>) -> PyResult<usize> {
    let io_error = |error: std::io::Error| trawl_error(format!("{}: {error}", path.display()));
    let mut writer = WarcWriter::append(&path).map_err(io_error)?;
    let mut written = 0;
    for item in pages.try_iter()? {
        let page = page_of(&item?)?;
        let Some(url) = page.url.as_deref() else {
            return Err(trawl_error("write_warc needs a URL for every page"));
        };
        let head: &[u8] = if page.html.is_instance_of::<pyo3::types::PyString>() {
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        } else {
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        };
        let date = match page.date.and_then(|d| d.and_hms_opt(12, 0, 0)) {
            Some(noon) => Utc.from_utc_datetime(&noon),
            None => Utc::now(),
        };
        let payload = html_bytes(&page.html)?;
        let exchange = Exchange {
            url,
            date,
            request: b"GET / HTTP/1.1\r\n\r\n",
            response_head: head,
            payload: &payload,
            ip: None,
            truncated: false,
        };
        py.detach(|| writer.write_exchange(&exchange))
            .map_err(io_error)?;
        written += 1;
    }
    Ok(written)
}
