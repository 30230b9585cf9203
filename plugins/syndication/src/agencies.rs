//! The news agencies the plugin knows, and matching names against them.
//!
//! Names are compared whole, after [`normalize`]: case and surrounding punctuation are ignored,
//! and so are a leading "The", "By" or "©" and a trailing "Staff" or "News", so "The
//! Associated Press", "By AP" and "AP News" all name the Associated Press. A part of a longer
//! text ("Reuters via Yahoo", "dpa/AFP", "Jane Doe (Reuters)") is found by [`Agencies::find_in`].

use std::collections::HashMap;

/// A news agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    /// The canonical name, written to `publisher`, e.g. `Associated Press`.
    pub name: String,
    /// Hosts of the agency's own site; their subdomains count too.
    pub hosts: Vec<String>,
}

/// The built-in agencies: canonical name, other names, own hosts.
const DEFAULTS: &[(&str, &[&str], &[&str])] = &[
    (
        "Reuters",
        &["Thomson Reuters", "Reuters Health", "Reuters Breakingviews"],
        &["reuters.com"],
    ),
    ("Associated Press", &["AP"], &["apnews.com", "ap.org"]),
    (
        "AFP",
        &["Agence France-Presse", "Agence France Presse"],
        &["afp.com"],
    ),
    ("dpa", &["Deutsche Presse-Agentur"], &["dpa.com"]),
    ("ANP", &["Algemeen Nederlands Persbureau"], &["anp.nl"]),
    ("EFE", &["Agencia EFE"], &["efe.com"]),
    ("Bloomberg", &["Bloomberg L.P."], &["bloomberg.com"]),
    (
        "PA Media",
        &["PA", "Press Association", "PA Wire"],
        &["pamediagroup.com", "pa.media"],
    ),
    ("Kyodo", &[], &["kyodonews.net", "kyodonews.jp"]),
];

/// Characters that separate the parts of a provider, byline or dateline credit.
const SEPARATORS: &[char] = &['/', '|', ',', ';', '(', ')', '&', '+'];

/// A set of agencies, looked up by any of their names.
#[derive(Debug, Clone)]
pub struct Agencies {
    list: Vec<Agency>,
    index: HashMap<String, usize>,
}

impl Default for Agencies {
    fn default() -> Self {
        let mut agencies = Agencies {
            list: Vec::new(),
            index: HashMap::new(),
        };
        for (name, aliases, hosts) in DEFAULTS {
            let aliases = aliases.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
            let hosts = hosts.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>();
            agencies.add(name, &aliases, &hosts);
        }
        agencies
    }
}

impl Agencies {
    /// Adds an agency, or more names and hosts to the one already known by `name`.
    pub fn add(&mut self, name: &str, aliases: &[String], hosts: &[String]) {
        let id = match self.index.get(&normalize(name)) {
            Some(&id) => id,
            None => {
                self.list.push(Agency {
                    name: name.trim().to_owned(),
                    hosts: Vec::new(),
                });
                self.list.len() - 1
            }
        };
        for alias in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
            self.index.entry(normalize(alias)).or_insert(id);
        }
        let agency = &mut self.list[id];
        agency.hosts.extend(hosts.iter().map(|h| normalize_host(h)));
    }

    /// The agency `text` names as a whole, e.g. "The Associated Press".
    pub fn find(&self, text: &str) -> Option<&Agency> {
        self.index.get(&normalize(text)).map(|&id| &self.list[id])
    }

    /// The agency `text` names as a whole or, failing that, in its first part that names one:
    /// "Reuters via Yahoo" and "dpa/AFP" give Reuters and dpa.
    pub fn find_in(&self, text: &str) -> Option<&Agency> {
        self.find(text).or_else(|| {
            text.split(SEPARATORS)
                .flat_map(|part| part.split(" via ").flat_map(|p| p.split(" and ")))
                .find_map(|part| self.find(part))
        })
    }

    /// The author entry without a trailing agency credit: "Jane Doe (Reuters)" and
    /// "Jane Doe, AP" give "Jane Doe"; `None` when the entry is just an agency's name.
    pub fn strip_from_author(&self, author: &str) -> Option<String> {
        if self.find(author).is_some() {
            return None;
        }
        let trimmed = author.trim().trim_end_matches(')').trim_end();
        if let Some(at) = trimmed.rfind(SEPARATORS) {
            let (name, credit) = trimmed.split_at(at);
            let name = name.trim().trim_end_matches(SEPARATORS).trim();
            if !name.is_empty() && self.find(&credit[1..]).is_some() {
                return Some(name.to_owned());
            }
        }
        Some(author.to_owned())
    }
}

impl Agency {
    /// Whether `host` is the agency's own site or a subdomain of it.
    pub fn owns(&self, host: &str) -> bool {
        self.hosts.iter().any(|own| host_matches(host, own))
    }
}

/// Whether `host` is `suffix` or a subdomain of it (`news.yahoo.com` matches `yahoo.com`;
/// `notyahoo.com` does not).
pub fn host_matches(host: &str, suffix: &str) -> bool {
    let host = normalize_host(host);
    let suffix = normalize_host(suffix);
    host == suffix
        || host
            .strip_suffix(&suffix)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// A host lower-cased, without surrounding dots.
fn normalize_host(host: &str) -> String {
    host.trim().trim_matches('.').to_lowercase()
}

/// The key a name is looked up by: lower case, single spaces, no surrounding punctuation, no
/// leading "the", "by", "©" or "copyright", no trailing "staff" or "news".
pub fn normalize(name: &str) -> String {
    let lower = name.to_lowercase().replace('©', " ").replace("(c)", " ");
    let mut words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-'))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1 && matches!(words[0], "the" | "by" | "copyright") {
        words.remove(0);
    }
    while words.len() > 1 && matches!(words[words.len() - 1], "staff" | "news") {
        words.pop();
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(found: Option<&Agency>) -> Option<&str> {
        found.map(|agency| agency.name.as_str())
    }

    #[test]
    fn names_match_whole_in_any_form() {
        let agencies = Agencies::default();
        for text in [
            "Reuters",
            "REUTERS",
            "Reuters Staff",
            "© Reuters",
            "Thomson Reuters.",
        ] {
            assert_eq!(name_of(agencies.find(text)), Some("Reuters"), "{text}");
        }
        for text in ["The Associated Press", "AP", "By AP", "AP News"] {
            assert_eq!(name_of(agencies.find(text)), Some("Associated Press"));
        }
        assert_eq!(name_of(agencies.find("Agence France-Presse")), Some("AFP"));
        assert_eq!(name_of(agencies.find("Kyodo News")), Some("Kyodo"));
        for text in ["Yahoo News", "Reutersville", "APA", "Jane Doe", ""] {
            assert_eq!(agencies.find(text), None, "{text}");
        }
    }

    #[test]
    fn parts_name_agencies() {
        let agencies = Agencies::default();
        assert_eq!(name_of(agencies.find_in("dpa/AFP")), Some("dpa"));
        assert_eq!(
            name_of(agencies.find_in("Reuters via Yahoo")),
            Some("Reuters")
        );
        assert_eq!(agencies.find_in("Yahoo Finance Video"), None);
    }

    #[test]
    fn authors_lose_agency_credits() {
        let agencies = Agencies::default();
        assert_eq!(agencies.strip_from_author("Reuters"), None);
        assert_eq!(agencies.strip_from_author("The Associated Press"), None);
        assert_eq!(
            agencies.strip_from_author("Jane Doe (Reuters)").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            agencies.strip_from_author("Jane Doe, AP").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            agencies.strip_from_author("Doe, Jane").as_deref(),
            Some("Doe, Jane")
        );
    }

    #[test]
    fn added_agencies_extend_or_join() {
        let mut agencies = Agencies::default();
        agencies.add(
            "ANSA",
            &["Agenzia ANSA".to_owned()],
            &["ansa.it".to_owned()],
        );
        agencies.add("reuters", &["RTRS".to_owned()], &[]);
        assert_eq!(name_of(agencies.find("agenzia ansa")), Some("ANSA"));
        assert_eq!(name_of(agencies.find("RTRS")), Some("Reuters"));
        assert!(agencies.find("ANSA").unwrap().owns("www.ansa.it"));
    }

    #[test]
    fn hosts_match_on_label_boundaries() {
        assert!(host_matches("news.yahoo.com", "yahoo.com"));
        assert!(host_matches("Yahoo.com", ".yahoo.com"));
        assert!(!host_matches("notyahoo.com", "yahoo.com"));
        assert!(Agencies::default()
            .find("Reuters")
            .unwrap()
            .owns("www.reuters.com"));
    }
}
