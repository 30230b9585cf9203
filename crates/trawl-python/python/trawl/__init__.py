"""trawl: rule-driven news article extraction.

Three lines give a record::

    import trawl
    extractor = trawl.Extractor()              # the bundled rule pack and plugins
    record = extractor.extract(html, url="https://www.bbc.co.uk/news/articles/x")

``extract_many`` extracts a list of pages on threads with the GIL released;
``extract_warc`` iterates the records of a WARC file read in Rust. Records are dicts with
the keys, in the order, of ``trawl extract``'s JSON lines; ``as_json=True`` gives the JSON
line itself. See the README's "Scale out" section for Spark, Ray and Dask jobs.
"""

from ._trawl import (
    Extractor,
    PageError,
    TrawlError,
    WarcRecords,
    __version__,
    write_warc,
)

__all__ = [
    "Extractor",
    "PageError",
    "TrawlError",
    "WarcRecords",
    "__version__",
    "write_warc",
]
