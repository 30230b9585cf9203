//! Loading the rule pack: the one embedded in the binary, or a folder given with `--rules`.

use std::path::{Path, PathBuf};

use trawl_engine::{Pack, PackError, Registry};
use trawl_rules::SourceText;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// The bundled rules as source texts, labelled `<bundled>/<file>`.
pub fn bundled_sources() -> Vec<SourceText> {
    embedded::RULES
        .iter()
        .map(|(path, text)| SourceText {
            path: PathBuf::from("<bundled>").join(path),
            text: (*text).into(),
        })
        .collect()
}

/// Loads the pack in `dir`, or the bundled one when `dir` is `None`.
pub fn load_pack(dir: Option<&Path>) -> Result<Pack, PackError> {
    let registry = Registry::standard();
    match dir {
        Some(dir) => Pack::load_dir(dir, &registry),
        None => Pack::from_sources(bundled_sources(), &registry),
    }
}
