#!/usr/bin/env bash
# The Python package's tests: build the wheel with maturin, install it in a fresh virtualenv,
# then pytest: `extract` gives byte for byte the CLI's record on every fixture, errors carry
# the CLI's messages, and a local Dask job over a WARC of the fixtures gives exactly the
# records of a direct run.
#
#   crates/trawl-python/tests/run.sh             # dev profile (reuses `cargo test`'s build)
#   crates/trawl-python/tests/run.sh --release   # release profile (for measuring)
#   TRAWL_TEST_SPARK=1 crates/trawl-python/tests/run.sh   # also Spark local (installs pyspark; Java 17+)
#   TRAWL_TEST_RAY=1 crates/trawl-python/tests/run.sh     # also Ray Data local (installs ray[data])
#
# Needs python3 (3.9+) with venv, and PyPI for maturin, pytest and dask. Timing is separate:
# crates/trawl-python/tests/bench.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
crate="$root/crates/trawl-python"
cd "$root"

profile=debug
cargo_profile=()
maturin_profile=()
if [ "${1:-}" = "--release" ]; then
  profile=release
  cargo_profile=(--release)
  maturin_profile=(--release)
  shift
fi
target="${CARGO_TARGET_DIR:-$root/target}"
# TRAWL_PY_WORK=DIR keeps the virtualenv and the wheel there (to rerun pytest by hand).
if [ -n "${TRAWL_PY_WORK:-}" ]; then
  work="$TRAWL_PY_WORK"
  rm -rf "$work"
  mkdir -p "$work"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/trawl-python-tests.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi

# The CLI to compare with, and the bundled plugins, which the wheel carries in its package
# folder as the CLI finds them beside its binary.
cargo build --locked "${cargo_profile[@]}" -p trawl-cli -p syndication -p reading-time -p boilerplate
rm -f "$crate"/python/trawl/*trawl_plugin_*
cp "$target/$profile"/libtrawl_plugin_*.so "$crate/python/trawl/"

python3 -m venv "$work/venv"
py="$work/venv/bin/python"
extras=()
[ -n "${TRAWL_TEST_SPARK:-}" ] && extras+=(pyspark)
[ -n "${TRAWL_TEST_RAY:-}" ] && extras+=("ray[data]")
"$py" -m pip install --quiet --disable-pip-version-check "maturin>=1.9,<2" pytest dask "${extras[@]}"
"$work/venv/bin/maturin" build --quiet "${maturin_profile[@]}" --locked \
  -m "$crate/Cargo.toml" -i "$py" -o "$work/wheels"
rm -f "$crate"/python/trawl/*trawl_plugin_*
"$py" -m pip install --quiet --disable-pip-version-check "$work"/wheels/trawl-*.whl

# Run from outside the source tree, so `import trawl` is the installed wheel.
cd "$work"
TRAWL_BIN="$target/$profile/trawl" TRAWL_ROOT="$root" \
  "$py" -m pytest -q -p no:cacheprovider "$crate/tests" "$@"
