//! What the integration tests in `tests/` share: the workspace folder and the binaries they run.
//!
//! The tests belong to the root package (`trawl-tests`) so that `cargo insta review` run from
//! the workspace root finds the pending snapshots in `snapshots/`. A package's tests only get
//! `CARGO_BIN_EXE_*` for its own binaries, so [`trawl`] builds the `trawl` binary of
//! `trawl-cli` with the same cargo, profile and target folder as the running test, once per
//! test binary; an unchanged binary costs a no-op `cargo build`.

pub mod server;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The workspace root: rules, fixtures, snapshots and the shared corpus beside it.
pub fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpus/fundus-dev` beside the workspace (present or not).
pub fn corpus() -> PathBuf {
    workspace().join("../shared/corpus/fundus-dev")
}

/// A fresh, empty scratch folder for one test: `name` within this test binary's folder under
/// the system's temporary folder (the binary's name and the process id keep runs apart).
pub fn scratch(name: &str) -> PathBuf {
    let binary = std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "tests".to_owned());
    let dir = std::env::temp_dir()
        .join(format!("trawl-{binary}-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the temporary folder is writable");
    dir
}

/// The `trawl` binary, built and current.
pub fn trawl() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        cargo_build(&["-p", "trawl-cli", "--bin", "trawl"])
            .join(format!("trawl{}", std::env::consts::EXE_SUFFIX))
    })
}

/// Runs `cargo build ARGS` for the running test's profile and target folder, and returns the
/// folder the artifacts land in (`target/debug` for `cargo test`).
///
/// Panics when the build fails: every test that needs a binary would fail anyway.
pub fn cargo_build(args: &[&str]) -> PathBuf {
    let build = Build::of_this_test();
    let mut command = Command::new(env!("CARGO"));
    command
        .arg("build")
        .arg("--quiet")
        .args(args)
        .arg("--profile")
        .arg(&build.profile)
        .arg("--target-dir")
        .arg(&build.target_dir)
        .current_dir(workspace());
    if let Some(triple) = &build.triple {
        command.arg("--target").arg(triple);
    }
    let status = command.status().expect("cargo runs");
    assert!(status.success(), "`cargo build {}` failed", args.join(" "));
    build.out_dir
}

/// Where and how the running test binary was built, read off its own path:
/// `<target-dir>[/<triple>]/<profile-dir>/deps/<test>-<hash>`.
struct Build {
    target_dir: PathBuf,
    triple: Option<String>,
    profile: String,
    out_dir: PathBuf,
}

impl Build {
    fn of_this_test() -> Build {
        let exe = std::env::current_exe().expect("the test knows its path");
        let out_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("tests run from <target>/<profile>/deps")
            .to_owned();
        let profile = match out_dir.file_name().and_then(|name| name.to_str()) {
            Some("debug") => "dev".to_owned(),
            Some(name) => name.to_owned(),
            None => panic!("no profile folder above {}", exe.display()),
        };
        let above = out_dir.parent().expect("a target folder");
        let host = env!("TRAWL_TESTS_TARGET");
        let (target_dir, triple) = if above.file_name().is_some_and(|name| name == host) {
            (
                above.parent().expect("a target folder"),
                Some(host.to_owned()),
            )
        } else {
            (above, None)
        };
        Build {
            target_dir: target_dir.to_owned(),
            triple,
            profile,
            out_dir,
        }
    }
}
