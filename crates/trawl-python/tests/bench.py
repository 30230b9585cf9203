"""Timing the Python package over a corpus of real pages (not a test; prints figures).

    python crates/trawl-python/tests/bench.py ../shared/corpus/fundus-dev [--rounds 5]

- threads: `extract_many` on two threads against one, best of N rounds each;
- overhead: one `extract()` call a page (bytes in, dict out) against the extraction alone
  (`extract_many(jobs=1, as_json=True)`: one call for all pages, records as JSON lines),
  as a share of the extraction time.
"""

import argparse
import json
import os
import time
from pathlib import Path

import trawl


def corpus(folder: Path):
    pages = []
    for expected in sorted(folder.glob("*/*/*.expected.json")):
        html = expected.with_name(expected.name.replace(".expected.json", ".html"))
        if not html.exists():
            continue
        meta = json.loads(expected.read_text("utf-8"))
        day = (meta.get("crawl_date") or "")[:10] or None
        pages.append((html.read_bytes(), meta.get("url"), day))
    return pages


def best(rounds, fn):
    """The best wall time and the best CPU time (this process, all threads) of `rounds` runs:
    on a loaded machine the CPU time is the steadier figure."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def one_by_one(extractor, pages):
    for html, url, day in pages:
        try:
            extractor.extract(html, url, day)
        except trawl.PageError:
            pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    pages = corpus(args.corpus)
    extractor = trawl.Extractor()
    size = sum(len(h) for h, _, _ in pages)
    ok = sum(isinstance(r, dict) for r in extractor.extract_many(pages, errors="return"))
    print(f"{len(pages)} pages, {size / 1e6:.1f} MB, {ok} records; load average {os.getloadavg()[0]:.1f}")

    (one, one_cpu) = best(args.rounds, lambda: extractor.extract_many(pages, jobs=1, errors="skip"))
    (two, two_cpu) = best(args.rounds, lambda: extractor.extract_many(pages, jobs=2, errors="skip"))
    print(
        f"extract_many: 1 thread {one * 1e3:.0f} ms, 2 threads {two * 1e3:.0f} ms: {one / two:.2f}x "
        f"(CPU {one_cpu * 1e3:.0f} ms vs {two_cpu * 1e3:.0f} ms: 2 threads do {two_cpu / one_cpu:.2f}x "
        f"the work of one, so {2 * one_cpu / two_cpu:.2f}x on two free cores)"
    )

    alone, alone_cpu = best(args.rounds, lambda: extractor.extract_many(pages, jobs=1, errors="skip", as_json=True))
    calls, calls_cpu = best(args.rounds, lambda: one_by_one(extractor, pages))
    for name, a, c in (("wall", alone, calls), ("CPU", alone_cpu, calls_cpu)):
        print(
            f"{name}: extraction alone {a / len(pages) * 1e3:.2f} ms/page; extract() a page "
            f"{c / len(pages) * 1e3:.2f} ms/page; overhead {(c - a) / len(pages) * 1e6:.0f} us/page = "
            f"{(c - a) / a * 100:.1f}% of the extraction"
        )


if __name__ == "__main__":
    main()
