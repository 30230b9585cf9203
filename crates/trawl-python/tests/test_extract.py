"""`trawl.Extractor` gives the CLI's records and the CLI's error messages."""

import datetime
import json
import threading

import pytest

import trawl
from conftest import FIXTURES, ROOT, fixture_pages, run_cli

PAGES = fixture_pages()


@pytest.fixture(scope="module")
def extractor() -> trawl.Extractor:
    return trawl.Extractor(generic=False)


def cli_json(record: dict) -> str:
    """A dict written as serde_json writes the record."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def test_three_lines_give_a_record():
    html = (FIXTURES / "yahoo.com" / "seed-2022-01-28.html").read_bytes()
    record = trawl.Extractor(generic=False).extract(html, url=(FIXTURES / "yahoo.com" / "seed-2022-01-28.url").read_text().strip())
    assert record["site"] == "Yahoo News" and record["title"]


def test_the_bundled_pack_and_plugins_are_loaded(extractor):
    assert "Yahoo News" in extractor.rules
    # Only the plugins a rule names are loaded (the Yahoo rule: syndication, reading-time).
    assert {"syndication", "reading-time"} <= set(extractor.plugins)


@pytest.mark.parametrize("page,url", PAGES, ids=[f"{p.parent.name}/{p.stem}" for p, _ in PAGES])
def test_extract_is_byte_for_byte_the_cli_record(extractor, cli_lines, page, url):
    html = page.read_bytes()
    record = extractor.extract(html, url=url)
    expected = cli_lines[record["url"]]
    assert cli_json(record) == expected
    assert extractor.extract(html, url=url, as_json=True) == expected
    # The same page as str: the same record.
    assert extractor.extract(html.decode("utf-8"), url=url, as_json=True) == expected


def test_extract_many_gives_the_records_of_extract_in_order(extractor, cli_lines):
    pages = [(p.read_bytes(), url) for p, url in PAGES]
    one_by_one = [extractor.extract(h, url=u, as_json=True) for h, u in pages]
    assert sorted(one_by_one) == sorted(cli_lines.values())
    for jobs in (1, 2, 4):
        assert extractor.extract_many(pages, jobs=jobs, as_json=True) == one_by_one
    dicts = extractor.extract_many([{"html": h, "url": u} for h, u in pages])
    assert [cli_json(d) for d in dicts] == one_by_one


def no_rule_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><h1>Hello</h1><p>Text.</p></html>")
    return page


def test_a_page_with_no_rule_raises_the_cli_message(extractor, tmp_path):
    page = no_rule_page(tmp_path)
    url = "https://unknown.example.org/story"
    out = run_cli("extract", "--no-generic", "--url", url, str(page))
    assert out.returncode == 1
    cli_line = out.stderr.decode().splitlines()[0]
    assert cli_line.startswith(f"{page}: ")
    with pytest.raises(trawl.PageError) as error:
        extractor.extract(page.read_bytes(), url=url)
    assert str(error.value) == f"{url}: " + cli_line[len(f"{page}: "):]
    assert error.value.cause == "no_rule" and error.value.input == url
    assert isinstance(error.value, trawl.TrawlError)


def test_batch_errors_are_raised_returned_or_skipped(extractor, tmp_path):
    html, url = PAGES[0][0].read_bytes(), PAGES[0][1]
    bad = (no_rule_page(tmp_path).read_bytes(), "https://unknown.example.org/story")
    pages = [(html, url), bad, (html, url)]
    with pytest.raises(trawl.PageError, match="no rule for"):
        extractor.extract_many(pages)
    returned = extractor.extract_many(pages, errors="return")
    assert isinstance(returned[1], trawl.PageError) and returned[1].cause == "no_rule"
    assert returned[0] == returned[2] and isinstance(returned[0], dict)
    assert extractor.extract_many(pages, errors="skip") == [returned[0], returned[2]]
    with pytest.raises(ValueError):
        extractor.extract_many(pages, errors="ignore")


def test_a_page_without_url_or_article_gives_the_cli_cause(extractor):
    with pytest.raises(trawl.PageError) as error:
        extractor.extract(b"<p>no canonical link</p>")
    assert error.value.cause == "no_url" and "no URL" in str(error.value)
    with pytest.raises(trawl.PageError) as error:
        extractor.extract(b"<html></html>", url="https://www.bbc.co.uk/news/x")
    assert error.value.cause == "no_article"


def test_a_broken_rules_folder_raises_the_cli_message(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "example.com.yaml").write_text("name: Example\nhosts: [example.com]\nfields:\n  title: h1 | nosuchfilter\n")
    out = run_cli("check", "--rules", str(rules))
    assert out.returncode != 0
    with pytest.raises(trawl.TrawlError) as error:
        trawl.Extractor(generic=False, rules=rules)
    message = str(error.value)
    assert "nosuchfilter" in message and "example.com.yaml" in message
    extract = run_cli("extract", "--no-generic", "--rules", str(rules), str(PAGES[0][0]))
    assert extract.stderr.decode().strip() == message.strip()
    with pytest.raises(trawl.TrawlError, match="does not exist"):
        trawl.Extractor(generic=False, rules=tmp_path / "missing")


def test_a_plugin_that_does_not_load_raises(tmp_path):
    bogus = tmp_path / "libtrawl_plugin_bogus.so"
    bogus.write_bytes(b"not a library")
    with pytest.raises(trawl.TrawlError, match="plugin"):
        trawl.Extractor(generic=False, plugins=[bogus])


def test_dates_choose_rule_versions_as_the_cli_does(extractor):
    for page, url in PAGES:
        html = page.read_bytes()
        expected = run_cli("extract", "--no-generic", "--quiet", "--date", "2019-06-01", "--url", url, str(page))
        if expected.returncode != 0:
            continue
        assert extractor.extract(html, url, "2019-06-01", as_json=True) == expected.stdout.decode().rstrip("\n")
        assert extractor.extract(html, url, datetime.date(2019, 6, 1), as_json=True) == expected.stdout.decode().rstrip("\n")
        break
    with pytest.raises(ValueError, match="invalid date"):
        extractor.extract(b"", "https://www.bbc.co.uk/x", "June 2019")


def test_extract_releases_the_gil(extractor):
    pages = [(p.read_bytes(), url) for p, url in PAGES] * 2
    results = []

    def work(part):
        results.extend(extractor.extract(h, u, as_json=True) for h, u in part)

    threads = [threading.Thread(target=work, args=(pages[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == len(pages)


def test_extractors_and_page_errors_pickle(extractor):
    # Spark, Dask and Ray pickle what a task's closure holds; an extractor is rebuilt there.
    import pickle

    copy = pickle.loads(pickle.dumps(extractor))
    page, url = PAGES[0]
    assert copy.extract(page.read_bytes(), url, as_json=True) == extractor.extract(page.read_bytes(), url, as_json=True)
    assert copy.plugins == extractor.plugins
    failed = extractor.extract_many([(b"<h1>x</h1>", "https://unknown.example.org/a")], errors="return")[0]
    error = pickle.loads(pickle.dumps(failed))
    assert (type(error), error.cause, error.input, str(error)) == (trawl.PageError, failed.cause, failed.input, str(failed))
