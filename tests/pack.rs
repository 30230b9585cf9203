//! Tests over the whole bundled rule pack: every rule guarded by a fixture and a snapshot,
//! names consistent, the seed page's record as the project promised it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use trawl::inputs::Input;
use trawl::{bundled_sources, load_pack_strict, PackOrigin};
use trawl_engine::{Pack, PageInput, Record, Registry};

fn workspace() -> PathBuf {
    trawl_tests::workspace().to_owned()
}

fn pack() -> Pack {
    Pack::load_dir(&workspace().join("rules"), &Registry::standard())
        .unwrap_or_else(|error| panic!("the bundled rules must compile:\n{error}"))
}

fn files(dir: &Path, suffix: &str) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .filter(|name| name.ends_with(suffix))
                .collect()
        })
        .unwrap_or_default()
}

fn rule_domains() -> Vec<String> {
    files(&workspace().join("rules"), ".yaml")
        .into_iter()
        .filter(|name| !name.contains("schema"))
        .map(|name| name.trim_end_matches(".yaml").to_owned())
        .collect()
}

#[test]
fn every_rule_has_a_fixture_and_every_fixture_a_snapshot() {
    let snapshots = files(&workspace().join("snapshots"), ".snap");
    let mut problems = Vec::new();
    for domain in rule_domains() {
        let dir = workspace().join("tests/fixtures").join(&domain);
        let pages: Vec<String> = files(&dir, ".html")
            .into_iter()
            .chain(files(&dir, ".html.gz"))
            .collect();
        if pages.is_empty() {
            problems.push(format!(
                "rules/{domain}.yaml has no fixture page in tests/fixtures/{domain}/"
            ));
        }
        for page in pages {
            let stem = page.trim_end_matches(".gz").trim_end_matches(".html");
            if !dir.join(format!("{stem}.url")).exists() {
                problems.push(format!(
                    "tests/fixtures/{domain}/{page} has no {stem}.url beside it"
                ));
            }
            if !snapshots.contains(&format!("{domain}@{stem}.snap")) {
                problems.push(format!("tests/fixtures/{domain}/{page} has no snapshot snapshots/{domain}@{stem}.snap (run cargo test, then cargo insta review)"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_snapshot_belongs_to_a_fixture_or_a_broken_rule() {
    let mut orphans = Vec::new();
    for snapshot in files(&workspace().join("snapshots"), ".snap") {
        let (group, name) = snapshot
            .trim_end_matches(".snap")
            .split_once('@')
            .expect("snapshots are named <group>@<name>.snap");
        let exists = if group == "errors" {
            workspace()
                .join("tests/errors")
                .join(format!("{name}.yaml"))
                .exists()
        } else {
            let dir = workspace().join("tests/fixtures").join(group);
            dir.join(format!("{name}.html")).exists()
                || dir.join(format!("{name}.html.gz")).exists()
        };
        if !exists {
            orphans.push(snapshot);
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture: {orphans:?}"
    );
}

#[test]
fn every_fixture_folder_belongs_to_a_rule() {
    let domains = rule_domains();
    let folders = std::fs::read_dir(workspace().join("tests/fixtures")).unwrap();
    for folder in folders {
        let name = folder.unwrap().file_name().into_string().unwrap();
        assert!(
            domains.contains(&name),
            "tests/fixtures/{name}/ has no rules/{name}.yaml"
        );
    }
}

#[test]
fn rule_files_are_named_after_one_of_their_hosts() {
    for rule in pack().rules() {
        let stem = rule
            .path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            rule.hosts
                .iter()
                .any(|host| host.trim_start_matches('=') == stem),
            "{}: the file name must be one of its hosts {:?}",
            rule.path.display(),
            rule.hosts
        );
    }
}

#[test]
fn the_embedded_pack_is_the_rules_folder() {
    let embedded = load_pack_strict(&PackOrigin::Bundled).expect("the embedded pack compiles");
    let names = |pack: &Pack| {
        pack.rules()
            .iter()
            .map(|rule| rule.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&embedded), names(&pack()));
    assert_eq!(bundled_sources().len(), rule_domains().len());
}

fn seed_record() -> Record {
    let page = workspace().join("tests/fixtures/yahoo.com/seed-2022-01-28.html");
    let bytes = std::fs::read(&page).unwrap();
    let url = Input::File(page).sidecar_url().unwrap();
    pack()
        .extract(&PageInput {
            bytes: &bytes,
            url: Some(&url),
            ..PageInput::default()
        })
        .unwrap()
        .record
}

/// The page this project started from: a Reuters story syndicated on Yahoo News.
#[test]
fn the_seed_page_gives_the_promised_record() {
    let record = seed_record();
    assert_eq!(
        record.url,
        "https://news.yahoo.com/dont-want-wars-russia-sends-093000000.html"
    );
    assert_eq!(
        record.title,
        "'We don't want wars': Russia sends less hawkish message on Ukraine"
    );
    assert_eq!(record.authors, ["Vladimir Soldatkin", "Alexander Marrow"]);
    assert_eq!(record.publisher.as_deref(), Some("Reuters"));
    assert!(
        record
            .published
            .as_deref()
            .unwrap()
            .starts_with("2022-01-28"),
        "{:?}",
        record.published
    );
    let paragraphs: Vec<&str> = record.body.paragraphs().collect();
    assert!(
        paragraphs[0].starts_with("MOSCOW (Reuters) - "),
        "{paragraphs:?}"
    );
    assert!(
        paragraphs.iter().any(|p| p.contains("presses demands for")),
        "the link's text stays"
    );
    let body = paragraphs.join("\n");
    for banned in [
        "http",
        "Oops!",
        "In this article",
        "min read",
        "By Vladimir Soldatkin",
        "temporarily suspending article commenting",
        "Recommended Stories",
        "Ugg Robe",
        "Denmark pulls",
    ] {
        assert!(
            !body.contains(banned),
            "the body must not contain {banned:?}"
        );
    }
}

#[test]
fn the_seed_page_keeps_related_stories_and_mentions_out_of_the_body() {
    let record = seed_record();
    let titles: Vec<&str> = record.related.iter().map(|r| r.title.as_str()).collect();
    assert!(titles.contains(&"Denmark pulls Mali troops out as junta takes swipe at France"));
    assert!(
        titles
            .iter()
            .all(|t| !t.contains("Ugg Robe") && !t.contains("Hollywood Big Shots")),
        "sponsored items are not related stories: {titles:?}"
    );
    assert_eq!(
        record.extra["mentions"],
        serde_json::json!([
            {"name": "Vladimir Putin", "description": "President of Russia"},
            {"name": "Sergey Lavrov", "description": "Russian politician and Foreign Minister"}
        ])
    );
}

/// The filter reference and the sites table in the README are generated (one test, so that
/// updating them never races).
#[test]
fn the_readme_generated_sections_are_current() {
    use trawl_cli::docs::{
        filter_reference, replace_between, sites_table, FILTERS_END, FILTERS_START, SITES_END,
        SITES_START,
    };
    let path = workspace().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let markers: Vec<(usize, &str)> = readme
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            ["<<<<<<< ", "=======", ">>>>>>> "]
                .iter()
                .any(|m| line.starts_with(m))
        })
        .map(|(number, line)| (number + 1, line))
        .collect();
    assert!(
        markers.is_empty(),
        "README.md keeps merge-conflict markers: {markers:?}"
    );
    let current = replace_between(
        &readme,
        FILTERS_START,
        FILTERS_END,
        &filter_reference(&Registry::standard()),
    )
    .and_then(|text| replace_between(&text, SITES_START, SITES_END, &sites_table(&pack())))
    .expect("README.md has the filter reference and sites table markers");
    if std::env::var_os("TRAWL_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &current).unwrap();
        return;
    }
    assert!(
        current == readme,
        "generated sections of README.md are stale: run TRAWL_UPDATE_DOCS=1 cargo test --test pack"
    );
}

#[test]
fn the_committed_rule_schema_is_current() {
    let path = workspace().join("rules/rule.schema.json");
    let current = trawl_cli::docs::schema_text();
    if std::env::var_os("TRAWL_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &current).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == current, "rules/rule.schema.json is stale: run `trawl schema -o rules/rule.schema.json` or TRAWL_UPDATE_DOCS=1 cargo test --test pack");
}

#[test]
fn every_rule_file_points_editors_at_the_schema() {
    for domain in rule_domains() {
        let text =
            std::fs::read_to_string(workspace().join("rules").join(format!("{domain}.yaml")))
                .unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=./rule.schema.json\n"),
            "rules/{domain}.yaml must start with `# yaml-language-server: $schema=./rule.schema.json`"
        );
    }
}
