//! A rule pack: every compiled rule, and choosing the one for a page.

use std::collections::HashMap;
use std::path::Path;

use trawl_rules::{did_you_mean, parse_rule, read_dir, Diagnostic, SourceText};
use url::Url;

use crate::compile::{compile_rule, expression_errors};
use crate::extract::Probes;
use crate::filters::Registry;
use crate::rule::Rule;

/// Every rule of a pack, compiled and ready.
pub struct Pack {
    rules: Vec<Rule>,
    probes: Probes,
}

/// Why a pack could not be loaded.
#[derive(Debug)]
pub enum PackError {
    /// The rules folder could not be read.
    Io(std::io::Error),
    /// Rule files have problems; every one is listed.
    Invalid(Vec<Diagnostic>),
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackError::Io(error) => write!(f, "cannot read the rules: {error}"),
            PackError::Invalid(errors) => {
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    writeln!(f, "{error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for PackError {}

impl Pack {
    /// Loads and compiles every rule file under `dir`; all problems are reported together,
    /// and any problem makes the pack unusable (see [`Pack::partial_from_dir`] to keep the
    /// good rules).
    pub fn load_dir(dir: &Path, registry: &Registry) -> Result<Pack, PackError> {
        let (pack, errors) = Self::partial_from_dir(dir, registry).map_err(PackError::Io)?;
        if errors.is_empty() {
            Ok(pack)
        } else {
            Err(PackError::Invalid(errors))
        }
    }

    /// Compiles rule files given as text (e.g. embedded in a binary); any problem makes the
    /// pack unusable.
    pub fn from_sources(sources: Vec<SourceText>, registry: &Registry) -> Result<Pack, PackError> {
        let (pack, errors) = Self::partial_from_sources(sources, registry);
        if errors.is_empty() {
            Ok(pack)
        } else {
            Err(PackError::Invalid(errors))
        }
    }

    /// Loads every rule file under `dir` that has no problem, and returns the problems of the
    /// others (files that cannot be read, are not UTF-8, have a BOM, do not parse or compile,
    /// or claim a host an earlier file claims), in file order. Only a `dir` that cannot be read
    /// is an error.
    pub fn partial_from_dir(
        dir: &Path,
        registry: &Registry,
    ) -> Result<(Pack, Vec<Diagnostic>), std::io::Error> {
        let (sources, mut errors) = read_dir(dir)?;
        let (pack, more) = Self::partial_from_sources(sources, registry);
        errors.extend(more);
        // Stable: a file's own errors keep their order.
        errors.sort_by(|a, b| a.file.cmp(&b.file));
        Ok((pack, errors))
    }

    /// Compiles every rule file of `sources` that has no problem, and returns the problems of
    /// the others. A file that reuses an earlier file's rule name or host is left out.
    pub fn partial_from_sources(
        sources: Vec<SourceText>,
        registry: &Registry,
    ) -> (Pack, Vec<Diagnostic>) {
        let mut rules: Vec<Rule> = Vec::new();
        let mut errors = Vec::new();
        // Each host entry (and whether it is exact), with the rule that claimed it first.
        let mut claimed: HashMap<(String, bool), usize> = HashMap::new();
        for source in &sources {
            let compiled = parse_rule(source)
                .map_err(|error| {
                    let mut errors = vec![error];
                    errors.extend(expression_errors(source, registry));
                    errors
                })
                .and_then(|loaded| compile_rule(&loaded, registry));
            let rule = match compiled {
                Ok(rule) => rule,
                Err(more) => {
                    errors.extend(more);
                    continue;
                }
            };
            let mut clashes = Vec::new();
            if let Some(other) = rules.iter().find(|r| r.name == rule.name) {
                let offset = source.key_offset("name", 0).unwrap_or(0);
                clashes.push(Diagnostic::at(
                    source,
                    offset..offset + 4,
                    format!(
                        "the rule name `{}` is already used by {}",
                        rule.name,
                        other.path.display()
                    ),
                ));
            }
            for (entry, (host, exact)) in rule.hosts.iter().zip(rule.matcher.hosts()) {
                let Some(&index) = claimed.get(&(host.clone(), *exact)) else {
                    continue;
                };
                let other = &rules[index];
                // Rules narrowed by `paths` may share a host.
                if other.matcher.has_paths() && rule.matcher.has_paths() {
                    continue;
                }
                let location = source.locate("hosts", entry, 0);
                let width = if location.verbatim { entry.len() } else { 5 };
                clashes.push(
                    Diagnostic::at(
                        source,
                        location.offset..location.offset + width,
                        format!(
                            "the host `{host}` is already claimed by the rule `{}` ({})",
                            other.name,
                            other.path.display()
                        ),
                    )
                    .with_help(Some(
                        "one host, one rule: remove it from one of them, or narrow both with `paths:`"
                            .to_owned(),
                    )),
                );
            }
            if clashes.is_empty() {
                for host in rule.matcher.hosts() {
                    claimed.entry(host.clone()).or_insert(rules.len());
                }
                rules.push(rule);
            } else {
                errors.extend(clashes);
            }
        }
        let pack = Pack {
            rules,
            probes: Probes::new(registry),
        };
        (pack, errors)
    }

    pub(crate) fn probes(&self) -> &Probes {
        &self.probes
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule serving `url`: the one with the most specific matching host.
    pub fn rule_for(&self, url: &Url) -> Option<&Rule> {
        self.rules
            .iter()
            .filter_map(|rule| rule.matcher.score(url).map(|score| (score, rule)))
            .max_by_key(|(score, _)| *score)
            .map(|(_, rule)| rule)
    }

    /// The rule called `name` (its name or its file stem, any case), or a suggestion.
    pub fn rule_named(&self, name: &str) -> Result<&Rule, Option<String>> {
        let matches = |rule: &&Rule| {
            rule.name.eq_ignore_ascii_case(name)
                || rule
                    .path
                    .file_stem()
                    .and_then(|stem| stem.to_str())
                    .is_some_and(|stem| stem.eq_ignore_ascii_case(name))
        };
        self.rules.iter().find(matches).ok_or_else(|| {
            let stems = self
                .rules
                .iter()
                .filter_map(|rule| rule.path.file_stem()?.to_str());
            let names = self.rules.iter().map(|rule| rule.name.as_str());
            did_you_mean(&name.to_lowercase(), stems.chain(names))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let errors = match Pack::from_sources(vec![source("a.yaml", &text)], &Registry::standard())
        {
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
}
