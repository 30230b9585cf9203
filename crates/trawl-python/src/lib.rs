//! trawl as a Python package: `trawl.Extractor` applies the rule pack (the bundled one by
//! default) to pages, lists of pages and WARC files, and returns records exactly as
//! `trawl extract` writes them.
//!
//! Everything here is glue over the `trawl` crate, which owns page to record for every front
//! end: the pack, the plugins, the threads, the archives and the records. The GIL is released while pages are
//! extracted, so Python threads (Dask's threaded scheduler, a thread pool) run in parallel,
//! and `extract_many` / `extract_warc` use threads of their own.
//!
//! ```python
//! import trawl
//! record = trawl.Extractor().extract(html, url="https://www.bbc.co.uk/news/articles/x")
//! print(record["title"])
//! ```

mod convert;
mod errors;
mod extractor;
mod page;
mod warc;

use pyo3::prelude::*;

/// The module `trawl._trawl`, re-exported by `trawl/__init__.py`.
#[pymodule]
mod _trawl {
    #[pymodule_export]
    use crate::errors::{PageError, TrawlError};
    #[pymodule_export]
    use crate::extractor::PyExtractor;
    #[pymodule_export]
    use crate::warc::{write_warc, WarcRecords};

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
