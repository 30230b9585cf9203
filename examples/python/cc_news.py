"""Extract article records from WARC files (Common Crawl's CC-NEWS, or your own crawl) on
PySpark, Ray Data or Dask, with one function that every engine maps over partitions of paths.

    python examples/python/cc_news.py dask  --out records/ a.warc.gz b.warc.gz
    python examples/python/cc_news.py spark --out records/ --paths warc.paths
    python examples/python/cc_news.py ray   --out records/ --paths warc.paths

A path is a local file, or an http(s) URL that each worker downloads to a temporary file
(CC-NEWS paths from a `warc.paths` listing get the Common Crawl prefix with
`--prefix https://data.commoncrawl.org/`). Each WARC is read and extracted in Rust, on the
worker's cores; the HTML never crosses into Python. Output: JSON lines, one record a line,
exactly as `trawl extract` writes them (Spark and Dask), or Parquet (`--parquet` on Spark,
always on Ray) with `url`, `site` and the record's JSON.
"""

import argparse
import os
import shutil
import sys
import tempfile
import urllib.request
from typing import Iterable, Iterator, List, Optional

import trawl


def extract_partition(paths: Iterable[str], rules: Optional[str] = None) -> Iterator[str]:
    """The records of every WARC in ``paths``, as JSON lines (no newline), in file order.

    One ``trawl.Extractor`` per partition: loading the pack takes milliseconds (an extractor
    made on the driver also works: it pickles as its arguments and loads again on a worker). Failed pages are skipped (they are counted in
    each file's ``failures``), as ``trawl extract`` goes on.
    """
    extractor = trawl.Extractor(rules=rules)
    for path in paths:
        with local_copy(path) as local:
            records = extractor.extract_warc(local, as_json=True)
            yield from records
            print(records.summary, f"{len(records.failures)} failed", file=sys.stderr)


class local_copy:
    """A local path for ``path``: the file itself, or an http(s) URL downloaded to a
    temporary file removed afterwards."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.temp: Optional[str] = None

    def __enter__(self) -> str:
        if not self.path.startswith(("http://", "https://")):
            return self.path
        fd, self.temp = tempfile.mkstemp(suffix=".warc.gz")
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(self.path) as response:
            shutil.copyfileobj(response, out, 1 << 20)
        return self.temp

    def __exit__(self, *exc: object) -> None:
        if self.temp:
            os.unlink(self.temp)


def run_spark(paths: List[str], out: str, parquet: bool, rules: Optional[str]) -> None:
    """PySpark: one partition per WARC file, ``mapPartitions``, JSON lines or Parquet."""
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("trawl-cc-news").getOrCreate()
    lines = spark.sparkContext.parallelize(paths, len(paths)).mapPartitions(
        lambda part: extract_partition(part, rules)
    )
    if parquet:
        # Cached: inferring the schema and writing would each extract the files otherwise.
        spark.read.json(lines.cache()).write.mode("overwrite").parquet(out)
    else:
        lines.saveAsTextFile(out)
    spark.stop()


def run_ray(paths: List[str], out: str, rules: Optional[str]) -> None:
    """Ray Data: ``flat_map`` over the paths, one block per file, written as Parquet."""
    import json

    import ray

    def records(row: dict) -> List[dict]:
        return [
            {"url": r["url"], "site": r["site"], "record": line}
            for line in extract_partition([row["path"]], rules)
            for r in [json.loads(line)]
        ]

    ray.init(ignore_reinit_error=True)
    ds = ray.data.from_items([{"path": p} for p in paths], override_num_blocks=len(paths))
    ds.flat_map(records).write_parquet(out)


def run_dask(paths: List[str], out: str, rules: Optional[str], scheduler: str) -> None:
    """Dask: a bag of paths, ``map_partitions``, one JSON-lines file per partition."""
    import dask
    import dask.bag as db

    os.makedirs(out, exist_ok=True)
    bag = db.from_sequence(paths, npartitions=len(paths))
    lines = bag.map_partitions(lambda part: list(extract_partition(part, rules)))
    # last_endline: each part file ends with a newline, so `cat part-*` keeps one record a line.
    files = lines.to_textfiles(os.path.join(out, "part-*.jsonl"), compute=False, last_endline=True)
    dask.compute(*files, scheduler=scheduler)


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("engine", choices=["spark", "ray", "dask"])
    parser.add_argument("warcs", nargs="*", help="WARC files or URLs")
    parser.add_argument("--paths", help="a file listing WARC paths, one a line")
    parser.add_argument("--prefix", default="", help="put before every listed path")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--rules", help="a rules folder instead of the bundled pack")
    parser.add_argument("--parquet", action="store_true", help="Spark: write Parquet")
    parser.add_argument(
        "--scheduler", default="processes", help="Dask: threads, processes or synchronous"
    )
    args = parser.parse_intermixed_args(argv)
    paths = list(args.warcs)
    if args.paths:
        with open(args.paths) as listing:
            paths += [line.strip() for line in listing if line.strip()]
    paths = [args.prefix + p for p in paths]
    if not paths:
        parser.error("no WARC paths: give files or --paths")
    if args.engine == "spark":
        run_spark(paths, args.out, args.parquet, args.rules)
    elif args.engine == "ray":
        run_ray(paths, args.out, args.rules)
    else:
        run_dask(paths, args.out, args.rules, args.scheduler)


if __name__ == "__main__":
    main()
