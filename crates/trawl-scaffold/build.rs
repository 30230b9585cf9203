//! Sets `cfg(trawl_corpus)` when `../shared/corpus/fundus-dev` is beside the workspace, so the
//! scaffold's corpus floor test is marked ignored (with the reason) where it is absent.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    println!("cargo::rustc-check-cfg=cfg(trawl_corpus)");
    let corpus = manifest.join("../../../shared/corpus/fundus-dev/index.json");
    println!("cargo:rerun-if-changed={}", corpus.display());
    if corpus.is_file() {
        println!("cargo:rustc-cfg=trawl_corpus");
    }
}
