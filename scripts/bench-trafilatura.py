#!/usr/bin/env python3
"""Score trafilatura on the measuring corpus with trawl's own metrics.

Usage: python3 scripts/bench-trafilatura.py [CORPUS] [--out RECORDS.jsonl]

CORPUS defaults to ../shared/corpus/fundus-dev. The first run makes a virtual environment in
target/trafilatura-venv and installs trafilatura there from PyPI (this is not part of the
test suite). Every page is read by trafilatura.bare_extraction with its URL and metadata; its
body (<head>, <p>, <list>/<item>, <quote>, <table>) becomes a trawl record (headings open
sections, the rest are paragraphs), written as JSON Lines with the page id. Then
`trawl eval --records` scores the records exactly as it scores trawl's own, so both sides
share one implementation of every metric (body token F1, paragraph F1, title exact,
published same day, authors exact).
"""

import json
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def main():
    ensure_venv()
    import trafilatura

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    corpus = Path(args[0]) if args else ROOT.parent / "shared" / "corpus" / "fundus-dev"
    out = ROOT / "target" / "trafilatura-records.jsonl"
    if "--out" in sys.argv:
        out = Path(sys.argv[sys.argv.index("--out") + 1])
    index = json.loads((corpus / "index.json").read_text())
    elapsed = 0.0
    with out.open("w") as lines:
        for item in index["items"]:
            html = (corpus / item["html"]).read_text(encoding="utf-8", errors="replace")
            start = time.perf_counter()
            document = trafilatura.bare_extraction(html, url=item["url"], with_metadata=True)
            elapsed += time.perf_counter() - start
            lines.write(json.dumps(record_of(item, document), ensure_ascii=False) + "\n")
    pages = len(index["items"])
    print(f"trafilatura {trafilatura.__version__}: {pages} pages in {elapsed:.1f} s "
          f"({elapsed / pages * 1e3:.1f} ms a page, one thread); records in {out}")
    trawl = ROOT / "target" / "release" / "trawl"
    if trawl.exists():
        subprocess.run([str(trawl), "eval", "--corpus", str(corpus), "--records", str(out)], check=False)
    else:
        print(f"build trawl (cargo build --release -p trawl-cli), then: trawl eval --corpus {corpus} --records {out}")


if __name__ == "__main__":
    main()
