//! The pack's loading, layering and lazy compilation.

use super::*;
use std::path::Path;

fn source(path: &str, text: &str) -> SourceText {
    SourceText {
        path: path.into(),
        text: text.into(),
    }
}

fn rule(name: &str, hosts: &str) -> String {
    format!("name: {name}\nhosts: {hosts}\nfields:\n  title: h1\n")
}

// Two rules for one host: which one ran depended on file order, silently.
#[test]
fn a_host_claimed_twice_is_an_error_at_the_second_claim() {
    let sources = vec![
        source("a.yaml", &rule("A", "[x.com]")),
        source("b.yaml", &rule("B", "[y.com, X.com]")),
    ];
    let (pack, errors) = Pack::partial_from_sources(sources, &Registry::standard());
    assert_eq!(pack.rules().len(), 1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let error = &errors[0];
    assert_eq!(error.file, Path::new("b.yaml"));
    assert_eq!((error.line, error.column), (2, 16));
    assert!(error
        .message
        .contains("`x.com` is already claimed by the rule `A` (a.yaml)"));
}

// `''`, `https://x.com/`, a path or a port in `hosts` never matched any page, silently.
#[test]
fn host_entries_that_never_match_are_errors_with_their_place() {
    let text = rule(
        "A",
        "\n  - ''\n  - https://x.com/\n  - x.com/news\n  - x.com:8080\n  - ok.com",
    );
    let errors = match Pack::from_sources(vec![source("a.yaml", &text)], &Registry::standard()) {
        Err(PackError::Invalid(errors)) => errors,
        other => panic!("expected errors, got {:?}", other.err()),
    };
    let places: Vec<(usize, usize)> = errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(places, [(2, 1), (4, 5), (5, 5), (6, 5)], "{errors:?}");
    assert!(errors[1]
        .message
        .contains("write the host alone, e.g. `x.com`"));
}

// A broken rule file made every other rule unusable.
#[test]
fn a_partial_pack_keeps_the_good_rules() {
    let sources = vec![
        source("a.yaml", &rule("A", "[a.com]")),
        source(
            "b.yaml",
            "name: B\nhosts: [b.com]\nfields:\n  title: h1 | nope\n",
        ),
    ];
    let (pack, errors) = Pack::partial_from_sources(sources.clone(), &Registry::standard());
    assert_eq!(pack.rules().len(), 1);
    assert_eq!(pack.rules()[0].name, "A");
    assert!(errors.iter().all(|e| e.file == Path::new("b.yaml")));
    assert!(Pack::from_sources(sources, &Registry::standard()).is_err());
}

#[test]
fn sources_a_crawl_cannot_use_are_errors_at_their_place() {
    let mut text = rule("A", "[a.com]");
    text.push_str(
        "sources:\n  feeds: [https://a.com/rss.xml, a.com/rss.xml]\n  sitemaps:\n    - url: ftp://a.com/sitemap.xml\n      filter: '(news'\n  articles: /news/\n",
    );
    let (pack, errors) =
        Pack::partial_from_sources(vec![source("a.yaml", &text)], &Registry::standard());
    assert!(pack.rules().is_empty());
    let messages: Vec<(usize, &str)> = errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|(line, m)| *line == 6 && m.contains("`a.com/rss.xml` is not a URL")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(line, m)| *line == 8 && m.contains("ftp URL")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|(line, _)| *line == 9), "{messages:?}");
}

// 20,000 fields took 36 s to check: every expression was looked for from the file's start.
// How long they take now is measured by `benches/compile.rs`; here, that they compile.
#[test]
fn twenty_thousand_fields_compile() {
    let mut text = rule("A", "[a.com]");
    text.push_str("extra:\n");
    for i in 0..20_000 {
        text.push_str(&format!("  f{i}: h1 | text\n"));
    }
    let pack = Pack::from_sources(vec![source("a.yaml", &text)], &Registry::standard());
    assert_eq!(pack.unwrap().rules()[0].versions.len(), 1);
}

// A folder's rules replaced the whole bundled pack: a project with two rules lost every
// other site.
#[test]
fn an_upper_layer_wins_for_its_hosts_and_the_lower_serves_the_rest() {
    let registry = Registry::standard();
    let (upper, _) = Pack::index(vec![source("a.yaml", &rule("Mine", "[a.com]"))], &registry);
    let (lower, _) = Pack::index(
        vec![
            source("a.yaml", &rule("Theirs", "[news.a.com]")),
            source("b.yaml", &rule("B", "[b.com]")),
        ],
        &registry,
    );
    let pack = upper
        .labelled("mine".into())
        .over(lower.labelled("bundled".into()));
    let name = |url: &str| {
        let url = Url::parse(url).unwrap();
        pack.rule_for(&url).unwrap().map(|rule| rule.name.clone())
    };
    // Even a more specific host of the lower layer does not beat the upper layer's rule.
    assert_eq!(name("https://news.a.com/x").as_deref(), Some("Mine"));
    assert_eq!(name("https://b.com/x").as_deref(), Some("B"));
    assert_eq!(name("https://c.com/x"), None);
    assert_eq!(pack.searched(), "mine, then bundled");
    assert_eq!(pack.rule_named("b").unwrap().name, "B");
    let first: Vec<&str> = pack
        .rules_of_layer(0)
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(first, ["Mine"]);
    assert_eq!(pack.rules().len(), 3);
}

// Every rule was compiled at start-up, so start-up grew with the pack.
#[test]
fn a_rule_is_compiled_on_first_use_and_its_errors_are_found_then() {
    let registry = Registry::standard();
    let broken = "name: Broken\nhosts: [broken.com]\nfields:\n  title: h1 | nosuchfilter\n";
    let (pack, errors) = Pack::index(
        vec![
            source("a.yaml", &rule("A", "[a.com]")),
            source("broken.yaml", broken),
        ],
        &registry,
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(pack.len(), 2);
    let url = |text: &str| Url::parse(text).unwrap();
    assert_eq!(
        pack.rule_for(&url("https://a.com/")).unwrap().unwrap().name,
        "A"
    );
    match pack.rule_for(&url("https://broken.com/")) {
        Err(Unusable::Invalid(why)) => {
            assert!(why.contains("broken.yaml has errors"), "{why}");
            assert!(why.contains("nosuchfilter"), "{why}");
        }
        other => panic!(
            "expected the rule's errors, got {:?}",
            other.map(|r| r.map(|r| r.name.clone()))
        ),
    }
    let all = pack.check_all();
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].file, Path::new("broken.yaml"));
    assert_eq!(pack.rules().len(), 1);
}
