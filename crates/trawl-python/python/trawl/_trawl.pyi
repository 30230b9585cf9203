"""Type hints for the extension module ``trawl._trawl`` (re-exported by ``trawl``)."""

import datetime
import os
from typing import Any, Dict, Iterable, Iterator, List, Literal, Mapping, Optional, Sequence, Tuple, Union, overload

__version__: str

Html = Union[bytes, bytearray, str]
"""A page: bytes in any encoding (the charset is found as the CLI finds it) or str."""

Day = Union[str, datetime.date]
"""A fetch date: ``"YYYY-MM-DD"``, a ``datetime.date`` or a ``datetime.datetime`` (its day)."""

Page = Union[
    Html,
    Tuple[Html],
    Tuple[Html, Optional[str]],
    Tuple[Html, Optional[str], Optional[Day]],
    Mapping[str, Any],
]
"""One item of a page list: html, ``(html, url)``, ``(html, url, date)`` or a dict with the
keys ``html``, ``url``, ``date``."""

Record = Dict[str, Any]
"""An article record: url, site, publisher?, title, subtitle?, authors, published?, modified?,
language?, body {summary, sections [{headline, paragraphs}]}, topics, images, related,
free_access?, extra, warnings; keys in the order of ``trawl extract``'s JSON."""

Errors = Literal["raise", "return", "skip"]

class TrawlError(Exception):
    """Anything trawl refuses: a rule pack that does not load, a plugin library that cannot be
    used, a bad argument. The message is the one ``trawl extract`` prints."""

class PageError(TrawlError):
    """A page that gave no record; ``str(error)`` is the CLI's line for it."""

    input: str
    """The page's label: its URL, ``<page>``/``<page N>``, or ``file.warc@offset (url)``."""
    cause: str
    """The CLI summary's cause: ``no_rule``, ``no_url``, ``invalid_url``, ``no_version``,
    ``no_article`` or ``unreadable``."""

class Extractor:
    """A rule pack (the bundled one by default) and the plugins its rules name, applied to
    pages; records come out exactly as ``trawl extract`` writes them."""

    def __init__(
        self,
        rules: Optional[Union[str, os.PathLike[str]]] = None,
        plugins: Optional[Sequence[Union[str, os.PathLike[str]]]] = None,
        plugin_dir: Optional[Union[str, os.PathLike[str]]] = None,
        generic: bool = True,
    ) -> None:
        """Loads the rule pack and the plugins.

        rules: a folder of ``*.yaml`` rules, else the bundled pack.
        plugins: plugin libraries run on every record, in order (``--plugin``); one that does
            not load raises TrawlError.
        plugin_dir: where the plugins rules name are found (``--plugin-dir``); default: the
            package's folder, which holds the bundled plugins. Libraries there that fail are
            reported with ``warnings.warn``.
        generic: pages no rule serves, and a title or body a rule left empty, are read by the
            generic extractor (as ``trawl extract``); False raises PageError with cause
            ``no_rule`` for pages no rule serves (as ``--no-generic``).
        """

    def __reduce__(self) -> Tuple[type, Tuple[Any, ...]]:
        """Pickles as its arguments: unpickling loads the rules and plugins again."""

    @property
    def rules(self) -> List[str]:
        """The names of the pack's rules."""

    @property
    def plugins(self) -> List[str]:
        """The names of the plugins loaded."""

    @overload
    def extract(
        self,
        html: Html,
        url: Optional[str] = None,
        date: Optional[Day] = None,
        *,
        rule: Optional[str] = None,
        as_json: Literal[False] = False,
    ) -> Record: ...
    @overload
    def extract(
        self,
        html: Html,
        url: Optional[str] = None,
        date: Optional[Day] = None,
        *,
        rule: Optional[str] = None,
        as_json: Literal[True],
    ) -> str: ...
    def extract(
        self,
        html: Html,
        url: Optional[str] = None,
        date: Optional[Day] = None,
        *,
        rule: Optional[str] = None,
        as_json: bool = False,
    ) -> Union[Record, str]:
        """The record of one page (the GIL released meanwhile).

        url: the page URL; without it, the page's canonical link or og:url.
        date: when the page was fetched, to choose among a rule's versions.
        rule: use this rule (name or file stem) instead of matching by host.
        as_json: return the CLI's JSON line (no newline) instead of a dict.
        Raises PageError, with the CLI's message, when the page gives no record.
        """

    def extract_many(
        self,
        pages: Iterable[Page],
        *,
        jobs: Optional[int] = None,
        errors: Errors = "raise",
        rule: Optional[str] = None,
        as_json: bool = False,
    ) -> List[Union[Record, str, PageError]]:
        """The records of many pages, in their order, on ``jobs`` threads (default: one per
        core) with the GIL released.

        errors: for a page that gives no record, "raise" its PageError once all are done,
            "return" the PageError in its place, or "skip" it.
        """

    def extract_warc(
        self,
        path: Union[str, os.PathLike[str]],
        *,
        date: Optional[Day] = None,
        rule: Optional[str] = None,
        jobs: Optional[int] = None,
        errors: Errors = "skip",
        as_json: bool = False,
    ) -> "WarcRecords":
        """The records of a ``.warc`` or ``.warc.gz`` file (CC-NEWS as it is), read and
        extracted in Rust a batch at a time; the HTML never reaches Python.

        URL from WARC-Target-URI, date from WARC-Date (unless ``date``), charset from the
        HTTP Content-Type. errors: "skip" (default; failures kept in ``.failures``),
        "return" or "raise". A file that cannot be opened raises PageError.
        """

class WarcRecords(Iterator[Union[Record, str, PageError]]):
    """The records of one WARC file, in file order; iterate it once."""

    def __iter__(self) -> "WarcRecords": ...
    def __next__(self) -> Union[Record, str, PageError]: ...
    @property
    def failures(self) -> List[Dict[str, str]]:
        """Pages that gave no record so far: ``{input, cause, message}``."""
    @property
    def pages(self) -> int:
        """HTML pages read so far."""
    @property
    def skipped(self) -> Dict[str, int]:
        """Records passed over so far: not_response, not_html, status, not_http."""
    @property
    def summary(self) -> str:
        """The CLI's line for the file: pages read and records skipped, by reason."""

def write_warc(path: Union[str, os.PathLike[str]], pages: Iterable[Page]) -> int:
    """Appends pages to a WARC file (created if need be; gzip, one member per record, when
    the name ends in ``.gz``) as response and request records; returns how many."""
