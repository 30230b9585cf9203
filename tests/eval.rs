//! `trawl eval` end to end over a small corpus written here: totals over the pages a rule
//! serves only, publishers without a rule unscored, `--publisher`/`--country`, the legend,
//! and `--diff` naming the element an extra paragraph came from.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const RULE: &str = "name: Example Times\nhosts: [t.example]\nfields:\n  title: h1\nbody:\n  root: article\n  paragraphs: p\n";

const PAGE: &str = r#"<html><body><h1>Harbour strike ends</h1><article>
<p>The strike ended on Tuesday.</p><p class="promo">Subscribe for more harbour news.</p>
</article></body></html>"#;

/// A corpus of three pages in scratch folder `name`: two of a publisher with a rule
/// (countries `aa` and `bb`), one of a publisher without.
fn corpus(name: &str) -> (PathBuf, PathBuf) {
    let dir = trawl_tests::scratch(name);
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(rules.join("t.example.yaml"), RULE).unwrap();
    let page = |path: &str, url: &str, title: &str| {
        let file = dir.join("corpus").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file.with_extension("html"), PAGE).unwrap();
        let label = serde_json::json!({
            "url": url,
            "crawl_date": "2024-06-01 10:00:00",
            "expected": {
                "title": title,
                "body": {"summary": [], "sections": [{"headline": [], "paragraphs": ["The strike ended on Tuesday."]}]}
            }
        });
        std::fs::write(
            Path::new(&format!("{}.expected.json", file.display())),
            label.to_string(),
        )
        .unwrap();
    };
    page(
        "aa/Times/2024_06_01",
        "https://t.example/a",
        "Harbour strike ends",
    );
    page(
        "bb/Times/2024_06_02",
        "https://t.example/b",
        "Another title",
    );
    page(
        "aa/Herald/2024_06_01",
        "https://h.example/a",
        "Harbour strike ends",
    );
    (dir.join("corpus"), rules)
}

fn eval(corpus: &Path, rules: &Path, extra: &[&str]) -> (Output, String) {
    let out = Command::new(trawl_tests::trawl())
        .arg("eval")
        .arg("--corpus")
        .arg(corpus)
        .arg("--rules")
        .arg(rules)
        .args(extra)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, stdout)
}

/// The cells of the table row that starts with `name`, trimmed.
fn row(stdout: &str, name: &str) -> Option<Vec<String>> {
    let line = stdout
        .lines()
        .find(|line| line.starts_with(&format!("| {name}")))?;
    Some(
        line.trim_matches('|')
            .split('|')
            .map(|cell| cell.trim().to_owned())
            .collect(),
    )
}

#[test]
fn totals_count_the_pages_a_rule_serves_and_the_rest_stay_unscored() {
    let (corpus, rules) = corpus("totals");
    let (out, stdout) = eval(&corpus, &rules, &[]);
    assert!(out.status.success(), "{stdout}");
    let total = row(&stdout, "total").expect("a total line");
    assert_eq!(
        (total[1].as_str(), total[2].as_str()),
        ("2", "1/2"),
        "{stdout}"
    );
    assert!(row(&stdout, "Herald").is_none(), "{stdout}");
    assert!(stdout.contains("1 page(s) from 1 publisher(s) have no rule (--all lists them)"));
    assert!(
        stdout.contains("P, R, F1") && stdout.contains("averages per page"),
        "{stdout}"
    );

    let (_, all) = eval(&corpus, &rules, &["--all"]);
    let herald = row(&all, "Herald").expect("--all lists the publisher without a rule");
    assert_eq!(
        herald[1..10],
        ["1", "-", "-", "-", "-", "-", "-", "-", "-"],
        "{all}"
    );
    assert_eq!(herald[10], "1", "{all}");
    assert_eq!(row(&all, "total"), Some(total), "{all}");
}

#[test]
fn publisher_and_country_choose_the_pages() {
    let (corpus, rules) = corpus("select");
    let (_, stdout) = eval(&corpus, &rules, &["--country", "BB"]);
    let total = row(&stdout, "total").expect("a total line");
    assert_eq!(
        (total[1].as_str(), total[2].as_str()),
        ("1", "0/1"),
        "{stdout}"
    );
    let (_, stdout) = eval(
        &corpus,
        &rules,
        &["--publisher", "times", "--country", "aa"],
    );
    assert_eq!(row(&stdout, "total").unwrap()[2], "1/1", "{stdout}");
    let (out, _) = eval(&corpus, &rules, &["--publisher", "Nobody"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--publisher/--country"));
}

#[test]
fn diff_names_the_element_of_an_extra_paragraph() {
    let (corpus, rules) = corpus("diff");
    let (out, stdout) = eval(&corpus, &rules, &["--diff", "aa/Times/2024_06_01"]);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("title: same"), "{stdout}");
    assert!(
        stdout.contains("+ extra   [1]: Subscribe for more harbour news."),
        "{stdout}"
    );
    assert!(
        stdout.contains("from body > article > p.promo:nth-of-type(2)"),
        "{stdout}"
    );
}

/// A missing corpus says what a corpus is and where the project's lives (issue 24).
#[test]
fn a_missing_corpus_says_what_a_corpus_is_and_where_it_lives() {
    let missing = trawl_tests::scratch("no-corpus").join("corpus");
    let rules = trawl_tests::workspace().join("rules");
    let (out, _) = eval(&missing, &rules, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot read the corpus"), "{stderr}");
    assert!(
        stderr.contains("../shared/corpus/fundus-dev, is not part of the repository"),
        "{stderr}"
    );
}
