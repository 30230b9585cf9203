//! The plugin host end to end: the bundled plugins load and run; a plain-C plugin works; a
//! library that is not a plugin, a wrong ABI version, a panicking plugin, one returning
//! garbage, one that errors and one that drops required fields each give a clear message and
//! cost no record. Out of process (the default), a plugin that exits, aborts, segfaults, is
//! killed, loops or sleeps costs a warning on each record it touched and nothing else; what a
//! plugin prints never reaches the records in either mode; only the plugins named are loaded.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use trawl_engine::{LoadedPlugin, PluginHost, Record};

fn workspace() -> PathBuf {
    trawl_tests::workspace().to_owned()
}

fn dll(stem: &str) -> String {
    format!(
        "{}{stem}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )
}

/// Builds the bundled plugins once, beside the `trawl` binary the tests run.
fn bundled_plugin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        trawl_tests::cargo_build(&[
            "-p",
            "reading-time",
            "-p",
            "syndication",
            "-p",
            "boilerplate",
        ])
    })
}

/// Builds the faulty and C plugins once into a scratch folder; `None` without a C compiler.
#[allow(clippy::print_stderr)] // the notice is the point when there is no C compiler
fn c_plugins() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let out = workspace().join("target/plugin-tests");
        std::fs::create_dir_all(&out).unwrap();
        let source = workspace().join("tests/plugins");
        let builds: &[(&str, &str, &[&str])] = &[
            ("c_plugin", "c_plugin.c", &[]),
            ("wrong_abi", "c_plugin.c", &["-DABI=99"]),
            ("no_info", "c_plugin.c", &["-DNO_INFO"]),
            ("garbage", "c_plugin.c", &["-DFAULT_GARBAGE"]),
            ("errors", "c_plugin.c", &["-DFAULT_ERROR"]),
            ("drops_title", "c_plugin.c", &["-DFAULT_DROPS_TITLE"]),
            (
                "hostile",
                "c_plugin.c",
                &["-DFAULT_HOSTILE", "-DNAME=\"hostile\""],
            ),
            (
                "exit0",
                "c_plugin.c",
                &["-DFAULT_EXIT0", "-DNAME=\"exit0\""],
            ),
            (
                "abort",
                "c_plugin.c",
                &["-DFAULT_ABORT", "-DNAME=\"abort\""],
            ),
            ("segv", "c_plugin.c", &["-DFAULT_SEGV", "-DNAME=\"segv\""]),
            ("kill", "c_plugin.c", &["-DFAULT_KILL", "-DNAME=\"kill\""]),
            ("loop", "c_plugin.c", &["-DFAULT_LOOP", "-DNAME=\"loop\""]),
            (
                "sleep",
                "c_plugin.c",
                &["-DFAULT_SLEEP", "-DNAME=\"sleep\""],
            ),
            (
                "bad_utf8",
                "c_plugin.c",
                &["-DFAULT_BAD_UTF8", "-DNAME=\"bad-utf8\""],
            ),
            (
                "prints",
                "c_plugin.c",
                &["-DFAULT_PRINTS", "-DNAME=\"prints\""],
            ),
            (
                "ctor_abort",
                "c_plugin.c",
                &["-DFAULT_CTOR_ABORT", "-DNAME=\"ctor-abort\""],
            ),
            ("not_a_plugin", "not_a_plugin.c", &[]),
        ];
        for (name, file, flags) in builds {
            let status = Command::new("cc")
                .args(["-shared", "-fPIC", "-O1", "-o"])
                .arg(out.join(dll(&format!("trawl_plugin_{name}"))))
                .arg(source.join(file))
                .args(*flags)
                .status();
            match status {
                Ok(status) if status.success() => {}
                _ => {
                    eprintln!("notice: no working C compiler (cc); the C plugin tests did not run");
                    return None;
                }
            }
        }
        Some(out)
    })
    .as_deref()
}

fn c_plugin(name: &str) -> Option<PathBuf> {
    c_plugins().map(|dir| dir.join(dll(&format!("trawl_plugin_{name}"))))
}

fn record() -> Record {
    Record {
        url: "https://news.yahoo.com/story-093000000.html".into(),
        site: "Yahoo News".into(),
        title: "A title".into(),
        language: Some("en".into()),
        ..Record::default()
    }
}

#[test]
fn the_bundled_plugins_load_and_describe_themselves() {
    for (stem, name) in [
        ("trawl_plugin_reading_time", "reading-time"),
        ("trawl_plugin_syndication", "syndication"),
        ("trawl_plugin_boilerplate", "boilerplate"),
    ] {
        let plugin = LoadedPlugin::load(&bundled_plugin_dir().join(dll(stem)))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plugin.info.name, name);
        assert_eq!(plugin.abi, trawl_plugin::ABI_VERSION);
        assert!(!plugin.info.description.is_empty());
    }
}

#[test]
fn a_plugin_in_plain_c_runs() {
    let Some(path) = c_plugin("c_plugin") else {
        return;
    };
    let plugin = LoadedPlugin::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plugin.info.name, "c-plugin");
    let out = plugin.run(&record(), &serde_json::Value::Null).unwrap();
    assert_eq!(out.extra["checked_by"], "c-plugin");
    assert_eq!(out.title, "A title");
}

#[test]
fn libraries_that_are_not_plugins_are_refused_clearly() {
    let Some(dir) = c_plugins() else { return };
    let load = |name: &str| {
        LoadedPlugin::load(&dir.join(dll(&format!("trawl_plugin_{name}"))))
            .err()
            .unwrap()
            .reason
    };
    assert!(load("not_a_plugin")
        .starts_with("not a trawl plugin: it does not export `trawl_plugin_abi_version`"));
    assert!(
        load("no_info").starts_with("not a trawl plugin: it does not export `trawl_plugin_info`")
    );
    assert_eq!(load("wrong_abi"), format!("speaks plugin ABI version 99, but this trawl speaks version {0}; rebuild the plugin against trawl-plugin {0}", trawl_plugin::ABI_VERSION));
}

#[test]
fn failing_plugins_leave_the_record_as_it_was_with_a_warning() {
    let Some(dir) = c_plugins() else { return };
    let mut host = PluginHost::new();
    for name in ["garbage", "errors", "drops_title"] {
        let mut plugin =
            LoadedPlugin::load(&dir.join(dll(&format!("trawl_plugin_{name}")))).unwrap();
        plugin.info.name = name.to_owned();
        host.add(plugin).unwrap();
    }
    let always = [
        "garbage".to_owned(),
        "errors".to_owned(),
        "drops_title".to_owned(),
    ];
    let out = host.apply(record(), &[], &always);
    assert_eq!(out.title, "A title");
    assert_eq!(out.url, record().url);
    assert_eq!(out.warnings.len(), 3, "{:?}", out.warnings);
    assert!(
        out.warnings[0]
            .to_string()
            .starts_with("plugin `garbage`: returned invalid JSON"),
        "{}",
        out.warnings[0]
    );
    assert_eq!(
        out.warnings[1],
        "plugin `errors`: failed: the upstream service is down"
    );
    assert_eq!(
        out.warnings[2],
        "plugin `drops_title`: removed the required field `title`"
    );
}

#[test]
fn a_panicking_plugin_is_an_error_not_a_crash() {
    let target = workspace().join("target/plugin-tests/panicky");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--manifest-path"])
        .arg(workspace().join("tests/plugins/panicky/Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .status()
        .expect("cargo runs");
    assert!(status.success());
    let plugin =
        LoadedPlugin::load(&target.join("debug").join(dll("trawl_plugin_panicky"))).unwrap();
    let error = plugin.run(&record(), &serde_json::Value::Null).unwrap_err();
    assert_eq!(error, "failed: panicked: index out of bounds in the plugin");
}

#[test]
fn the_cli_runs_rule_plugins_and_keeps_every_record_when_a_plugin_is_bad() {
    let dir = bundled_plugin_dir();
    let seed = workspace().join("tests/fixtures/yahoo.com/seed-2022-01-28.html");
    let mut command = Command::new(trawl_tests::trawl());
    command
        .arg("extract")
        .arg("--plugin-dir")
        .arg(dir)
        .arg(&seed);
    if let Some(bad) = c_plugin("garbage") {
        command.arg("--plugin").arg(bad);
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["publisher"], "Reuters");
    assert_eq!(record["extra"]["syndication"]["host"], "news.yahoo.com");
    assert!(record["extra"]["reading_time"]["minutes"].as_u64().unwrap() >= 1);
    if c_plugins().is_some() {
        let warnings = record["warnings"].to_string();
        assert!(
            warnings.contains("plugin `c-plugin`: returned invalid JSON"),
            "{warnings}"
        );
    }
}

#[test]
fn the_plugins_command_lists_the_bundled_plugins() {
    let out = Command::new(trawl_tests::trawl())
        .arg("plugins")
        .arg("--plugin-dir")
        .arg(bundled_plugin_dir())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    for name in ["boilerplate", "reading-time", "syndication"] {
        assert!(stdout.contains(name), "{stdout}");
    }
    let header = stdout
        .lines()
        .find(|line| line.contains("version") && line.contains("abi"))
        .unwrap_or_default();
    assert!(header.contains("description"), "{stdout}");
    let row = stdout
        .lines()
        .find(|line| line.contains("syndication"))
        .unwrap_or_default();
    let abi = format!(" {} ", trawl_plugin::ABI_VERSION);
    assert!(row.contains(&abi), "{stdout}");
}

/// Two pages whose rule names no plugin: a batch, so that the record after a crash shows the
/// host was restarted.
fn two_pages() -> [PathBuf; 2] {
    let bbc = workspace().join("tests/fixtures/bbc.co.uk");
    [
        bbc.join("2024-06-12-canal-lock-explainer.html"),
        bbc.join("2026-03-02-scilly-ferry-fares.html"),
    ]
}

fn extract(args: &[&std::ffi::OsStr]) -> (std::process::Output, Vec<serde_json::Value>) {
    let out = Command::new(trawl_tests::trawl())
        .arg("extract")
        .arg("--plugin-dir")
        .arg(workspace().join("target/plugin-tests/none"))
        .args(args)
        .output()
        .unwrap();
    let records = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: a broken record: {line}"))
        })
        .collect();
    (out, records)
}

// Each of these ended or hung the whole run when plugins ran inside trawl.
#[test]
fn a_plugin_that_exits_crashes_or_hangs_costs_a_warning_and_the_batch_goes_on() {
    let Some(good) = c_plugin("c_plugin") else {
        return;
    };
    let cases = [
        ("exit0", "crashed the plugin host on this record (it exited with status 0)"),
        ("abort", "crashed the plugin host on this record (it was killed by signal 6 (SIGABRT, an abort))"),
        ("segv", "crashed the plugin host on this record (it was killed by signal 11 (SIGSEGV, a segmentation fault))"),
        ("kill", "crashed the plugin host on this record (it was killed by signal 9 (SIGKILL))"),
        ("loop", "took longer than 0.5 s on this record, the limit per call"),
        ("sleep", "took longer than 0.5 s on this record, the limit per call"),
    ];
    for (fault, cause) in cases {
        let bad = c_plugin(fault).unwrap();
        let [page1, page2] = two_pages();
        let (out, records) = extract(&[
            "--plugin-timeout".as_ref(),
            "0.5".as_ref(),
            "--plugin".as_ref(),
            bad.as_os_str(),
            "--plugin".as_ref(),
            good.as_os_str(),
            page1.as_os_str(),
            page2.as_os_str(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{fault}: {stderr}");
        assert_eq!(records.len(), 2, "{fault}: {stderr}");
        for record in &records {
            let warnings = record["warnings"].as_array().unwrap();
            let warning = warnings[0].as_str().unwrap();
            assert!(
                warning.starts_with(&format!("plugin `{fault}`: {cause}")),
                "{fault}: {warning}"
            );
            // The plugin after it ran on a restarted host, and the record kept its title.
            assert_eq!(
                record["extra"]["checked_by"], "c-plugin",
                "{fault}: {record}"
            );
            assert!(!record["title"].as_str().unwrap().is_empty());
        }
    }
}

#[test]
fn what_a_plugin_prints_never_reaches_the_records_in_either_mode() {
    let Some(prints) = c_plugin("prints") else {
        return;
    };
    for mode in [None, Some("--plugins-in-process")] {
        let [page1, page2] = two_pages();
        let mut args = vec![
            "--plugin".as_ref(),
            prints.as_os_str(),
            page1.as_os_str(),
            page2.as_os_str(),
        ];
        args.extend(mode.map(std::ffi::OsStr::new));
        let (out, records) = extract(&args);
        assert!(out.status.success(), "{mode:?}");
        assert_eq!(records.len(), 2, "{mode:?}");
        assert!(records.iter().all(|r| r["extra"]["checked_by"] == "prints"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("{\"not\": \"a record\"}"),
            "{mode:?}: {stderr}"
        );
    }
}

// A plugin's record kept its javascript: URL, data: image and U+202E / ESC in the title.
#[test]
fn records_a_plugin_returns_are_sanitised_again() {
    let Some(hostile) = c_plugin("hostile") else {
        return;
    };
    let [page, _] = two_pages();
    let (out, records) = extract(&["--plugin".as_ref(), hostile.as_os_str(), page.as_os_str()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record = &records[0];
    assert_eq!(record["url"], "");
    assert_eq!(record["title"], "eviltxt.exe[2J");
    assert_eq!(record["images"], serde_json::json!([]));
    assert_eq!(record["related"][0].get("url"), None);
    let warnings = record["warnings"].to_string();
    for scheme in ["javascript:", "data:", "vbscript:"] {
        assert!(warnings.contains(scheme), "{warnings}");
    }
}

#[test]
fn invalid_utf8_from_a_plugin_is_a_warning_not_replacement_characters() {
    let Some(bad) = c_plugin("bad_utf8") else {
        return;
    };
    let [page, _] = two_pages();
    let (out, records) = extract(&["--plugin".as_ref(), bad.as_os_str(), page.as_os_str()]);
    assert!(out.status.success());
    assert_eq!(
        records[0]["warnings"][0],
        "plugin `bad-utf8`: returned invalid UTF-8 (at byte 13); its answer was not used"
    );
}

// Every *trawl_plugin_* library in the folder was loaded, its initialisation code run, on
// every run: here one that aborts when loaded, which no rule names.
#[test]
fn only_the_plugins_a_rule_or_plugin_names_are_loaded() {
    let Some(ctor) = c_plugin("ctor_abort") else {
        return;
    };
    let dir = workspace().join("target/plugin-tests/folder-with-a-bomb");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(&ctor, dir.join(dll("trawl_plugin_ctor_abort"))).unwrap();
    for mode in [None, Some("--plugins-in-process")] {
        let mut command = Command::new(trawl_tests::trawl());
        command
            .arg("extract")
            .arg("--plugin-dir")
            .arg(&dir)
            .arg(workspace().join("tests/fixtures/bbc.co.uk/2024-06-12-canal-lock-explainer.html"));
        command.args(mode);
        let out = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{mode:?}: {stderr}");
        assert!(!stderr.contains("ctor"), "{mode:?}: {stderr}");
    }
    // Listing the folder loads it, out of process: the crash is reported, not suffered.
    let out = Command::new(trawl_tests::trawl())
        .arg("plugins")
        .arg("--plugin-dir")
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("trawl_plugin_ctor_abort")
            && stderr.contains("loading it crashed the plugin host: it was killed by signal 6"),
        "{stderr}"
    );
}

// A library reporting an existing plugin's name silently replaced it.
#[test]
fn two_libraries_reporting_one_name_are_an_error_naming_both() {
    let (Some(first), Some(second)) = (c_plugin("c_plugin"), c_plugin("garbage")) else {
        return;
    };
    let [page, _] = two_pages();
    for mode in [None, Some("--plugins-in-process")] {
        let mut args = vec![
            "--plugin".as_ref(),
            first.as_os_str(),
            "--plugin".as_ref(),
            second.as_os_str(),
            page.as_os_str(),
        ];
        args.extend(mode.map(std::ffi::OsStr::new));
        let (out, records) = extract(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{mode:?}: {stderr}");
        assert!(records.is_empty());
        assert!(
            stderr.contains(&format!(
                "{}: reports the plugin name `c-plugin`, which {} already reports",
                second.display(),
                first.display()
            )),
            "{mode:?}: {stderr}"
        );
    }
}
