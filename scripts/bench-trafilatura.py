#!/usr/bin/env python3
"""Score trafilatura on the measuring corpus with trawl's own metrics.

Usage: python3 scripts/bench-trafilatura.py [CORPUS...] [--out RECORDS.jsonl]

Each CORPUS is a labelled set or a folder of sets, as `trawl eval --corpus` takes them: the
Fundus-style set (index.json with `expected`), the snippet set (index.json with `with` and
`without`, pages gzipped) and Readability's test pages (folders of source.html.gz; their URL is
the one Readability's tests give). CORPUS defaults to ../shared/corpus/fundus-dev. The first run makes a virtual environment in
target/trafilatura-venv and installs trafilatura there from PyPI (this is not part of the
test suite). Every page is read by trafilatura.bare_extraction with its URL and metadata; its
body (<head>, <p>, <list>/<item>, <quote>, <table>) becomes a trawl record (headings open
sections, the rest are paragraphs), written as JSON Lines with the page id. Then
`trawl eval --records` scores the records exactly as it scores trawl's own, so both sides
share one implementation of every metric (body token F1, paragraph F1, title exact,
published same day, authors exact).
"""

import gzip
import json
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READABILITY_URL = "http://fakehost/test/page.html"
VENV = ROOT / "target" / "trafilatura-venv"
PACKAGES = ["trafilatura==2.3.1", "lxml_html_clean"]


def ensure_venv():
    """Re-runs this script inside the venv, creating it first if needed."""
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not python.exists():
        print(f"creating {VENV} and installing {' '.join(PACKAGES)}", file=sys.stderr)
        venv.create(VENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PACKAGES], check=True)
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


def text_of(element):
    return " ".join("".join(element.itertext()).split())


def record_of(item, document):
    """A trawl record (the fields eval compares) from a trafilatura document."""
    sections = [{"headline": [], "paragraphs": []}]
    record = {"id": item["id"], "url": item["url"], "site": "trafilatura", "title": ""}
    if document is None:
        record["body"] = {"summary": [], "sections": sections}
        return record

    def paragraph(text):
        if text:
            sections[-1]["paragraphs"].append(text)

    for child in document.body if document.body is not None else []:
        tag = child.tag
        if tag == "head":
            text = text_of(child)
            if text:
                if sections[-1]["paragraphs"]:
                    sections.append({"headline": [], "paragraphs": []})
                sections[-1]["headline"].append(text)
        elif tag == "list":
            for entry in child.iter("item"):
                paragraph(text_of(entry))
        elif tag == "table":
            for row in child.iter("row"):
                paragraph(text_of(row))
        else:
            paragraph(text_of(child))
    record["title"] = " ".join((document.title or "").split())
    record["authors"] = [a.strip() for a in (document.author or "").split(";") if a.strip()]
    if document.date:
        record["published"] = document.date
    record["body"] = {"summary": [], "sections": sections}
    return record


def pages_of(folder):
    """The pages (id, url, html path) of a labelled set, or of every set inside a folder."""
    index = folder / "index.json"
    if index.exists():
        for item in json.loads(index.read_text())["items"]:
            yield item["id"], item["url"], folder / item["html"]
        return
    children = sorted(p for p in folder.iterdir() if p.is_dir())
    if any((child / "expected.html").exists() for child in children):
        for child in children:
            if (child / "source.html.gz").exists():
                yield child.name, READABILITY_URL, child / "source.html.gz"
        return
    for child in children:
        yield from pages_of(child)


def read(path):
    raw = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
    return raw.decode("utf-8", errors="replace")


def main():
    ensure_venv()
    import trafilatura

    args = sys.argv[1:]
    out = ROOT / "target" / "trafilatura-records.jsonl"
    if "--out" in args:
        at = args.index("--out")
        out = Path(args[at + 1])
        del args[at:at + 2]
    corpora = [Path(a) for a in args] or [ROOT.parent / "shared" / "corpus" / "fundus-dev"]
    elapsed = 0.0
    pages = 0
    with out.open("w") as lines:
        for corpus in corpora:
            for page_id, url, path in pages_of(corpus):
                html = read(path)
                start = time.perf_counter()
                try:
                    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
                except Exception as error:  # one bad page never stops the run
                    print(f"{page_id}: {error}", file=sys.stderr)
                    document = None
                elapsed += time.perf_counter() - start
                pages += 1
                item = {"id": page_id, "url": url}
                lines.write(json.dumps(record_of(item, document), ensure_ascii=False) + "\n")
    print(f"trafilatura {trafilatura.__version__}: {pages} pages in {elapsed:.1f} s "
          f"({elapsed / max(pages, 1) * 1e3:.1f} ms a page, one thread); records in {out}")
    trawl = ROOT / "target" / "release" / "trawl"
    command = [str(trawl), "eval", "--records", str(out)]
    for corpus in corpora:
        command += ["--corpus", str(corpus)]
    if trawl.exists():
        subprocess.run(command, check=False)
    else:
        print("build trawl (cargo build --release -p trawl-cli), then: " + " ".join(command))


if __name__ == "__main__":
    main()
