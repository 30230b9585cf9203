//! Build script of the root package (`trawl-tests`): marks which optional test inputs exist.

use std::path::{Path, PathBuf};

/// Sets `cfg(trawl_corpus)` when `../shared/corpus/fundus-dev` is beside the workspace and
/// `cfg(trawl_chromium)` when a Chromium is installed, `cfg(trawl_cargo_insta)` when
/// cargo-insta is, so the tests that need them are marked
/// ignored (with the reason) instead of passing silently; and passes the target triple on, so
/// the tests find binaries built with `--target`.
fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    println!("cargo::rustc-check-cfg=cfg(trawl_corpus)");
    println!("cargo::rustc-check-cfg=cfg(trawl_chromium)");
    println!("cargo::rustc-check-cfg=cfg(trawl_cargo_insta)");
    println!("cargo:rerun-if-changed=tests/support/build.rs");
    let corpus = manifest.join("../shared/corpus/fundus-dev/index.json");
    println!("cargo:rerun-if-changed={}", corpus.display());
    if corpus.is_file() {
        println!("cargo:rustc-cfg=trawl_corpus");
    }
    for browser in CHROMIUM {
        println!("cargo:rerun-if-changed={browser}");
    }
    if CHROMIUM.iter().any(|path| Path::new(path).exists()) {
        println!("cargo:rustc-cfg=trawl_chromium");
    }
    let insta = cargo_insta_places();
    for place in &insta {
        println!("cargo:rerun-if-changed={}", place.display());
    }
    if insta.iter().any(|place| place.is_file()) {
        println!("cargo:rustc-cfg=trawl_cargo_insta");
    }
    let target = std::env::var("TARGET").expect("set by cargo");
    println!("cargo:rustc-env=TRAWL_TESTS_TARGET={target}");
}

/// Where `cargo insta` would be found: `$CARGO_HOME/bin` (or `~/.cargo/bin`) and `PATH`.
fn cargo_insta_places() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    home.map(|home| home.join("bin"))
        .into_iter()
        .chain(
            std::env::var_os("PATH")
                .iter()
                .flat_map(std::env::split_paths),
        )
        .map(|dir| dir.join("cargo-insta"))
        .collect()
}

/// Where the headless report test looks for a browser.
const CHROMIUM: [&str; 3] = [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
];
