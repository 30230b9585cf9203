//! `trawl.Extractor`: a rule pack and its plugins, applied to one page, a list of pages or a
//! WARC file, the GIL released while pages are extracted.

use std::path::{Path, PathBuf};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;
use trawl::parallel::{default_jobs, for_each_ordered};
use trawl::{load_pack, load_plugins, Failure, Mode, PackOrigin, PluginMode, Plugins};
use trawl::{Pack, PageInput, Record};

use crate::convert::Output;
use crate::errors::{page_err, page_error, trawl_error};
use crate::page::{date_of, html_bytes, page_of};
use crate::warc::WarcRecords;

/// Applies a rule pack (the bundled one by default) and the plugins its rules name to pages,
/// returning each record as a dict with the keys, in the order, of `trawl extract`'s JSON.
#[pyclass(frozen, module = "trawl", name = "Extractor")]
pub struct PyExtractor {
    pack: Pack,
    plugins: Plugins,
    origin: PackOrigin,
    /// The arguments it was made with, so that a pickled extractor is rebuilt from them.
    args: Args,
}

/// `Extractor(rules, plugins, plugin_dir, generic)` as given.
type Args = (Option<PathBuf>, Vec<PathBuf>, Option<PathBuf>, bool);

/// What to do with a page that gives no record, in a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    /// Raise its `PageError` (after the batch is done).
    Raise,
    /// Put the `PageError` instance in its place.
    Return,
    /// Leave it out.
    Skip,
}

impl OnError {
    /// Reads `"raise"`, `"return"` or `"skip"`.
    pub fn parse(name: &str) -> PyResult<OnError> {
        match name {
            "raise" => Ok(OnError::Raise),
            "return" => Ok(OnError::Return),
            "skip" => Ok(OnError::Skip),
            other => Err(PyValueError::new_err(format!(
                "errors must be \"raise\", \"return\" or \"skip\", not {other:?}"
            ))),
        }
    }
}

/// What came of one page.
pub type Outcome = Result<Output, Failure>;

#[pymethods]
impl PyExtractor {
    /// Loads the rule pack and the plugins.
    ///
    /// `rules`: a folder of `*.yaml` rules, else the pack bundled in trawl.
    /// `plugins`: plugin libraries run on every record, in order (the CLI's `--plugin`); one
    /// that does not load raises `TrawlError`.
    /// `plugin_dir`: where the plugins that rules name are found (the CLI's `--plugin-dir`);
    /// default: the package's folder, which holds the bundled plugins. Libraries there that
    /// fail are reported with `warnings.warn`, and rules that name them run without them.
    /// `generic`: read pages no rule serves, and the title or body a rule left empty, with the
    /// generic extractor (as `trawl extract` does); `False` raises `PageError` with cause
    /// `no_rule` for such pages instead (as `--no-generic`).
    #[new]
    #[pyo3(signature = (rules=None, plugins=None, plugin_dir=None, generic=true))]
    fn new(
        py: Python<'_>,
        rules: Option<PathBuf>,
        plugins: Option<Vec<PathBuf>>,
        plugin_dir: Option<PathBuf>,
        generic: bool,
    ) -> PyResult<Self> {
        let paths = plugins.unwrap_or_default();
        let args = (rules.clone(), paths.clone(), plugin_dir.clone(), generic);
        let origin = match rules {
            Some(dir) => PackOrigin::Flag(dir),
            None => PackOrigin::Bundled,
        };
        let (pack, problems) = py
            .detach(|| load_pack(&origin))
            .map_err(|error| trawl_error(error.explain()))?;
        for problem in &problems {
            warn(
                py,
                &format!("{problem}; the pack goes on without that file"),
            )?;
        }
        let plugin_dir = match plugin_dir {
            Some(dir) => Some(dir),
            None => package_dir(py)?,
        };
        // In process: the Python interpreter cannot serve as trawl's plugin host.
        let plugins = py.detach(|| {
            load_plugins(
                &paths,
                plugin_dir.as_deref(),
                &pack.plugin_names(),
                PluginMode::InProcess,
            )
        });
        let mut refused = Vec::new();
        for error in &plugins.errors {
            if paths.contains(&error.path) {
                refused.push(format!("plugin {error}"));
            } else {
                warn(
                    py,
                    &format!("plugin {error}; rules that name it run without it"),
                )?;
            }
        }
        if !refused.is_empty() {
            return Err(trawl_error(refused.join("\n")));
        }
        Ok(PyExtractor {
            pack,
            plugins,
            origin,
            args,
        })
    }

    /// The record of one page, as a dict (or, with `as_json=True`, as the CLI's JSON line).
    ///
    /// `html`: the page as `bytes` (any encoding; the charset is found as the CLI finds it)
    /// or `str`. `url`: the page URL; without it, the page's canonical link or og:url.
    /// `date`: when the page was fetched (`"YYYY-MM-DD"` or a `datetime.date`), to choose
    /// among a rule's versions. `rule`: use this rule (name or file stem) instead of matching
    /// by host. A page that gives no record raises `PageError` with the CLI's message.
    #[pyo3(signature = (html, url=None, date=None, *, rule=None, as_json=false))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        html: &Bound<'py, PyAny>,
        url: Option<String>,
        date: Option<&Bound<'py, PyAny>>,
        rule: Option<String>,
        as_json: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let bytes = html_bytes(html)?;
        let date = date_of(date)?;
        let label = url.as_deref().unwrap_or("<page>");
        let outcome = py.detach(|| {
            let page = PageInput {
                bytes: &bytes,
                url: url.as_deref(),
                content_type: None,
                date,
                rule: rule.as_deref(),
            };
            self.outcome(page, label, as_json)
        });
        match outcome {
            Ok(output) => output.into_py(py),
            Err(failure) => Err(page_err(py, &failure)),
        }
    }

    /// The records of many pages, in their order, extracted on `jobs` threads (default: one
    /// per core) with the GIL released.
    ///
    /// `pages`: an iterable of `html`, `(html, url)`, `(html, url, date)` or dicts with the
    /// keys `html`, `url`, `date`. `errors`: for a page that gives no record, `"raise"` its
    /// `PageError` once all are done (the default), `"return"` the `PageError` in its place,
    /// or `"skip"` it.
    #[pyo3(signature = (pages, *, jobs=None, errors="raise", rule=None, as_json=false))]
    fn extract_many<'py>(
        &self,
        py: Python<'py>,
        pages: &Bound<'py, PyAny>,
        jobs: Option<usize>,
        errors: &str,
        rule: Option<String>,
        as_json: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let on_error = OnError::parse(errors)?;
        let args = pages
            .try_iter()?
            .map(|item| page_of(&item?))
            .collect::<PyResult<Vec<_>>>()?;
        let htmls = args
            .iter()
            .map(|arg| html_bytes(&arg.html))
            .collect::<PyResult<Vec<_>>>()?;
        let labels: Vec<String> = args
            .iter()
            .enumerate()
            .map(|(i, arg)| arg.url.clone().unwrap_or_else(|| format!("<page {i}>")))
            .collect();
        let inputs: Vec<PageInput<'_>> = args
            .iter()
            .zip(&htmls)
            .map(|(arg, html)| PageInput {
                bytes: html,
                url: arg.url.as_deref(),
                content_type: None,
                date: arg.date,
                rule: rule.as_deref(),
            })
            .collect();
        let jobs = jobs.unwrap_or_else(default_jobs);
        let outcomes = py.detach(|| {
            let mut outcomes = Vec::with_capacity(inputs.len());
            let indexed: Vec<usize> = (0..inputs.len()).collect();
            let work = |&i: &usize| self.outcome(inputs[i], &labels[i], as_json);
            for_each_ordered(&indexed, jobs, work, |_, outcome| outcomes.push(outcome));
            outcomes
        });
        collect(py, outcomes, on_error)
    }

    /// The records of a WARC file (`.warc` or `.warc.gz`, CC-NEWS as it is), read and
    /// extracted in Rust a batch at a time on `jobs` threads; the HTML never reaches Python.
    ///
    /// Each page's URL is its `WARC-Target-URI`, its date its `WARC-Date` (unless `date` is
    /// given), its charset from the HTTP Content-Type; records that are not HTML responses
    /// with status 200 are counted in `.skipped`. `errors` as for `extract_many`, but
    /// `"skip"` by default: failed pages are kept in `.failures`, as the CLI goes on.
    #[pyo3(signature = (path, *, date=None, rule=None, jobs=None, errors="skip", as_json=false))]
    #[allow(clippy::too_many_arguments)]
    fn extract_warc(
        slf: Bound<'_, Self>,
        path: PathBuf,
        date: Option<&Bound<'_, PyAny>>,
        rule: Option<String>,
        jobs: Option<usize>,
        errors: &str,
        as_json: bool,
    ) -> PyResult<WarcRecords> {
        let options = crate::warc::Options {
            date: date_of(date)?,
            rule,
            jobs: jobs.unwrap_or_else(default_jobs),
            on_error: OnError::parse(errors)?,
            as_json,
        };
        WarcRecords::open(slf.py(), slf.unbind(), path, options)
    }

    /// The names of the pack's rules (each record's `site` is one of them).
    #[getter]
    fn rules(&self) -> Vec<String> {
        self.pack.rules().iter().map(|r| r.name.clone()).collect()
    }

    /// The names of the plugins loaded.
    #[getter]
    fn plugins(&self) -> Vec<String> {
        let host = &self.plugins.host;
        host.plugins().iter().map(|p| p.info.name.clone()).collect()
    }

    /// Pickling (Spark, Dask and Ray send closures to workers): the extractor is rebuilt from
    /// its arguments on the other side, the rules and plugins loaded there.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyAny>, Args) {
        (slf.get_type().into_any(), slf.get().args.clone())
    }

    fn __repr__(&self) -> String {
        format!(
            "<trawl.Extractor: {} rule(s) from {}, {} plugin(s)>",
            self.pack.rules().len(),
            self.origin,
            self.plugins.host.plugins().len()
        )
    }
}

impl PyExtractor {
    /// One page's record, serialised, or why it has none (off the GIL).
    pub fn outcome(&self, page: PageInput<'_>, label: &str, as_json: bool) -> Outcome {
        self.record(page, label)
            .map(|record| Output::of(&record, as_json))
    }

    /// The record of a page, as `trawl extract` makes it ([`trawl::Extractor`]).
    pub fn record(&self, page: PageInput<'_>, label: &str) -> Result<Record, Failure> {
        let mode = match self.args.3 {
            true => Mode::Fallback,
            false => Mode::Never,
        };
        trawl::Extractor::new(&self.pack)
            .with_plugins(&self.plugins)
            .with_mode(mode)
            .extract(page, label)
    }
}

/// The outcomes as a list, failures raised, returned or skipped.
pub fn collect<'py>(
    py: Python<'py>,
    outcomes: Vec<Outcome>,
    on_error: OnError,
) -> PyResult<Bound<'py, PyList>> {
    if on_error == OnError::Raise {
        if let Some(Err(failure)) = outcomes.iter().find(|o| o.is_err()) {
            return Err(page_err(py, failure));
        }
    }
    let list = PyList::empty(py);
    for outcome in outcomes {
        match outcome {
            Ok(output) => list.append(output.into_py(py)?)?,
            Err(failure) if on_error == OnError::Return => {
                list.append(page_error(py, &failure)?)?
            }
            Err(_) => {}
        }
    }
    Ok(list)
}

/// The folder of the installed package (where the extension module is), which holds the
/// bundled plugins.
fn package_dir(py: Python<'_>) -> PyResult<Option<PathBuf>> {
    let module = py.import("trawl._trawl")?;
    let file: Option<PathBuf> = module.getattr("__file__")?.extract().ok();
    Ok(file.and_then(|f| f.parent().map(Path::to_owned)))
}

/// `warnings.warn(message)`.
fn warn(py: Python<'_>, message: &str) -> PyResult<()> {
    py.import("warnings")?.call_method1("warn", (message,))?;
    Ok(())
}
