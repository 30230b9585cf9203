"""The example job (examples/python/cc_news.py) on a local Dask, over WARC files made from
the fixtures, gives exactly the records of a direct run and of `trawl extract`."""

import hashlib
import importlib
import os
import re
import sys
from pathlib import Path
from typing import List

import pytest

import trawl
from conftest import ROOT, fixture_pages, run_cli

EXAMPLES = ROOT / "examples" / "python"
PARTS = 3


def digest(lines: List[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def warcs(tmp_path_factory) -> List[str]:
    """The fixture pages in three WARC files, with one page no rule serves."""
    folder = tmp_path_factory.mktemp("warcs")
    pages = []
    for html, url in fixture_pages():
        day = re.match(r"\d{4}-\d{2}-\d{2}", html.name)
        pages.append({"html": html.read_bytes(), "url": url, "date": day and day.group(0)})
    pages.insert(len(pages) // 2, {"html": "<h1>Hi</h1><p>Text.</p>", "url": "https://unknown.example.org/a"})
    paths = [str(folder / f"part-{i}.warc.gz") for i in range(PARTS)]
    for i, path in enumerate(paths):
        assert trawl.write_warc(path, pages[i::PARTS]) == len(pages[i::PARTS])
    return paths


@pytest.fixture(scope="module")
def direct(warcs) -> List[str]:
    extractor = trawl.Extractor(generic=False)
    lines = []
    for path in warcs:
        lines.extend(extractor.extract_warc(path, as_json=True))
    return lines


@pytest.fixture(scope="module")
def direct_generic(warcs) -> List[str]:
    """The records of a direct run as the example job makes them (generic extractor on)."""
    extractor = trawl.Extractor()
    lines = []
    for path in warcs:
        lines.extend(extractor.extract_warc(path, as_json=True))
    return lines


@pytest.fixture(scope="module")
def cc_news():
    sys.path.insert(0, str(EXAMPLES))
    # Worker processes (Dask's "processes" scheduler) import the example module too.
    os.environ["PYTHONPATH"] = os.pathsep.join([str(EXAMPLES), os.environ.get("PYTHONPATH", "")])
    return importlib.import_module("cc_news")


def test_a_warc_gives_the_cli_records_and_failures(warcs, direct):
    assert len(direct) == len(fixture_pages())
    out = run_cli("extract", "--no-generic", *warcs)
    assert out.returncode == 1  # the page no rule serves
    assert out.stdout.decode("utf-8").splitlines() == direct
    failures = []
    for path in warcs:
        records = trawl.Extractor(generic=False).extract_warc(path)
        count = sum(1 for _ in records)
        assert records.pages == count + len(records.failures)
        assert records.skipped["not_response"] == records.pages  # the request records
        assert records.summary in out.stderr.decode()
        failures.extend(records.failures)
    assert [f["cause"] for f in failures] == ["no_rule"]
    assert failures[0]["message"] in out.stderr.decode().splitlines()


def test_warc_errors_can_be_returned_or_raised(warcs):
    extractor = trawl.Extractor(generic=False)
    returned = [r for path in warcs for r in extractor.extract_warc(path, errors="return")]
    assert sum(isinstance(r, trawl.PageError) for r in returned) == 1
    with pytest.raises(trawl.PageError, match="no rule for https://unknown.example.org/a"):
        for path in warcs:
            list(extractor.extract_warc(path, errors="raise"))
    with pytest.raises(trawl.PageError, match="cannot read"):
        extractor.extract_warc("/nonexistent.warc.gz")


@pytest.mark.parametrize("scheduler", ["threads", "processes"])
def test_the_dask_job_gives_the_records_of_a_direct_run(cc_news, warcs, direct_generic, tmp_path, scheduler):
    pytest.importorskip("dask.bag")
    out = tmp_path / "records"
    cc_news.main(["dask", *warcs, "--out", str(out), "--scheduler", scheduler])
    parts = sorted(out.glob("part-*.jsonl"), key=lambda p: int(p.stem.split("-")[1]))
    assert len(parts) == PARTS
    # Each part ends with a newline, so `cat part-*` never glues two records together.
    assert [part.read_bytes()[-1:] for part in parts] == [b"\n"] * PARTS
    lines = [line for part in parts for line in part.read_text("utf-8").splitlines()]
    assert digest(lines) == digest(direct_generic)


@pytest.mark.skipif(not os.environ.get("TRAWL_TEST_SPARK"), reason="Spark is opt-in: TRAWL_TEST_SPARK=1 with pyspark installed")
def test_the_spark_job_gives_the_records_of_a_direct_run(cc_news, warcs, direct_generic, tmp_path):
    pytest.importorskip("pyspark")
    # Spark's workers run `python3` unless told; they need the virtualenv's, with trawl.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    out = tmp_path / "records"
    cc_news.main(["spark", *warcs, "--out", str(out)])
    parts = sorted(out.glob("part-*"))
    lines = [line for part in parts for line in part.read_text("utf-8").splitlines()]
    assert digest(lines) == digest(direct_generic)


@pytest.mark.skipif(not os.environ.get("TRAWL_TEST_RAY"), reason="Ray is opt-in: TRAWL_TEST_RAY=1 with ray[data] installed")
def test_the_ray_job_gives_the_records_of_a_direct_run(cc_news, warcs, direct_generic, tmp_path):
    pytest.importorskip("ray.data")
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "records"
    cc_news.main(["ray", *warcs, "--out", str(out)])
    lines = pq.read_table(out).column("record").to_pylist()
    # Ray writes blocks in no fixed order: compare the sorted records.
    assert digest(sorted(lines)) == digest(sorted(direct))
