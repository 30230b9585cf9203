"""Shared test inputs: the CLI binary (TRAWL_BIN), the repository (TRAWL_ROOT), the fixture
pages with their URLs, and the CLI's records for them."""

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

ROOT = Path(os.environ.get("TRAWL_ROOT", Path(__file__).resolve().parents[3]))
FIXTURES = ROOT / "tests" / "fixtures"


def trawl_bin() -> str:
    binary = os.environ.get("TRAWL_BIN")
    if not binary:
        pytest.fail("TRAWL_BIN is not set: run crates/trawl-python/tests/run.sh")
    return binary


def fixture_pages() -> List[Tuple[Path, str]]:
    """Every fixture page with the URL written beside it, sorted."""
    pages = []
    for html in sorted(FIXTURES.glob("*/*.html")):
        url = html.with_suffix(".url")
        pages.append((html, url.read_text().strip()))
    return pages


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The CLI run outside the checkout, so that it uses the bundled pack as the Python package
    does (in the checkout, ./rules would be layered over it and named in "no rule" messages)."""
    return subprocess.run([trawl_bin(), *args], capture_output=True, cwd=tempfile.gettempdir())


@pytest.fixture(scope="session")
def cli_lines() -> Dict[str, str]:
    """The CLI's JSON line for each fixture page, by URL (one run over the folder)."""
    out = run_cli("extract", "--no-generic", "--quiet", str(FIXTURES))
    assert out.returncode == 0, out.stderr.decode()
    lines = out.stdout.decode("utf-8").splitlines()
    by_url = {json.loads(line)["url"]: line for line in lines}
    assert len(by_url) == len(lines) == len(fixture_pages()), "one record per fixture, URLs unique"
    return by_url
