//! A rule file's head: the keys that choose a rule for a page (`name`, `hosts`, `paths`,
//! `plugins`), read without parsing or compiling the rest, so a pack of thousands of rules
//! starts as fast as a pack of one.

use regex::Regex;
use serde::Deserialize;
use trawl_rules::{host_problem, parse_rule, PluginUse, SiteMatcher, SourceText};

/// What choosing a rule needs from its file.
#[derive(Debug, Deserialize)]
pub(crate) struct Head {
    /// The rule's name.
    pub name: String,
    /// Its hosts as written.
    pub hosts: Vec<String>,
    /// Its path regexes as written.
    #[serde(default)]
    pub paths: Vec<String>,
    /// The plugins it runs.
    #[serde(default)]
    pub plugins: Vec<PluginUse>,
}

/// The top-level keys a head is read from.
const KEYS: [&str; 4] = ["name", "hosts", "paths", "plugins"];

impl Head {
    /// Reads the head of `source` and builds its matcher. `None` when the head cannot be read
    /// on its own or names a host or path that cannot match: the caller then compiles the
    /// whole file, whose diagnostics say where the problem is.
    pub(crate) fn read(source: &SourceText) -> Option<(Head, SiteMatcher)> {
        let head = match head_text(&source.text) {
            Some(text) => serde_yaml::from_str::<Head>(&text).ok(),
            None => None,
        }
        .or_else(|| {
            let rule = parse_rule(source).ok()?.rule;
            Some(Head {
                name: rule.name,
                hosts: rule.hosts,
                paths: rule.paths,
                plugins: rule.plugins,
            })
        })?;
        if head.hosts.is_empty() || head.hosts.iter().any(|host| host_problem(host).is_some()) {
            return None;
        }
        let paths = head
            .paths
            .iter()
            .map(|path| Regex::new(path).ok())
            .collect::<Option<Vec<_>>>()?;
        let matcher = SiteMatcher::new(&head.hosts, paths);
        Some((head, matcher))
    }
}

/// The lines of the head's top-level keys, or `None` when the file is not plain block YAML
/// (a flow mapping, several documents): the whole file is read then.
fn head_text(text: &str) -> Option<String> {
    let mut head = String::new();
    let mut keep = false;
    for line in text.lines() {
        if line.starts_with("---") || line.starts_with("...") {
            return None;
        }
        match line.chars().next() {
            None | Some(' ' | '\t' | '#' | '-') => {}
            Some('{' | '%' | '&' | '!' | '?') => return None,
            Some(_) => {
                let key = line.split(':').next().unwrap_or("").trim();
                keep = KEYS.contains(&key);
            }
        }
        if keep {
            head.push_str(line);
            head.push('\n');
        }
    }
    Some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceText {
        SourceText {
            path: "x.yaml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn the_head_is_read_without_the_rest() {
        let text = "name: X\nfields:\n  title: h1 | nosuchfilter\nhosts:\n- x.com\n- =news.x.com\npaths: ['^/a/']\n";
        let (head, matcher) = Head::read(&source(text)).unwrap();
        assert_eq!(head.name, "X");
        assert_eq!(head.hosts, ["x.com", "=news.x.com"]);
        assert!(matcher.has_paths());
    }

    #[test]
    fn a_head_that_cannot_match_is_left_to_the_compiler() {
        assert!(Head::read(&source("name: X\nhosts: ['']\n")).is_none());
        assert!(Head::read(&source("name: X\nhost: [x.com]\n")).is_none());
        assert!(Head::read(&source("name: X\nhosts: [x.com]\npaths: ['(']\n")).is_none());
    }

    #[test]
    fn flow_and_multi_document_files_are_read_whole() {
        assert_eq!(head_text("{name: X, hosts: [x.com]}"), None);
        let (head, _) = Head::read(&source("{name: X, hosts: [x.com]}")).unwrap();
        assert_eq!(head.hosts, ["x.com"]);
    }
}
