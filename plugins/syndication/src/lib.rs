//! `syndication`: recognises agency stories republished by aggregators.
//!
//! A Reuters, Associated Press, AFP, dpa, ANP, EFE, Bloomberg, PA Media or Kyodo story on
//! Yahoo, MSN, AOL and the like is recognised by, strongest first:
//!
//! 1. `dateline`: the first paragraph opens "MOSCOW (Reuters) - ", "WASHINGTON (AP) — ",
//!    "(Bloomberg) -- " or "Madrid, 5 mar (EFE).- ";
//! 2. `provider`: `publisher` or `extra.provider` names an agency ("The Associated Press");
//! 3. `byline`: an author entry is an agency ("Reuters") or credits one ("Jane Doe (AP)");
//! 4. `credit`: one of the last paragraphs is a Reuters credit, "(Reporting by ...; Editing
//!    by ...)", or an AP one, "Associated Press writer ... contributed to this report".
//!
//! Then `publisher` becomes the agency's canonical name, author entries naming an agency are
//! removed (a trailing credit, as in "Jane Doe (Reuters)", is cut off), and
//! `extra.syndication = {"agency", "host", "site", "evidence"}` is added, `host` being the
//! host of `url` (`null` if the URL has none). On the agency's own site (reuters.com for
//! Reuters) the story is not a copy: `publisher` and `authors` are still cleaned, but no
//! `extra.syndication` is added. A record with no evidence is returned unchanged.
//!
//! Config (all optional):
//! - `{"agencies": {"ANSA": ["Agenzia ANSA"]}}` adds agencies, or names to a known one;
//!   `{"agencies": {"ANSA": {"aliases": [...], "hosts": ["ansa.it"]}}}` also gives its sites.
//! - `{"hosts": ["yahoo.com", "msn.com"]}` looks only at records on those hosts or their
//!   subdomains; others are returned unchanged.

pub mod agencies;
pub mod config;
pub mod evidence;

use serde_json::{json, Map, Value};
use trawl_plugin::{export_plugin, Plugin};

use crate::agencies::Agencies;
use crate::config::Config;

/// The plugin.
pub struct Syndication;

impl Plugin for Syndication {
    const NAME: &'static str = "syndication";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const DESCRIPTION: &'static str =
        "Recognises agency stories (Reuters, AP, AFP, dpa, ...) on aggregators; sets publisher and extra.syndication.";

    fn process(mut record: Value, config: &Value) -> Result<Value, String> {
        let config = Config::parse(config)?;
        let object = record
            .as_object_mut()
            .ok_or("the record is not a JSON object")?;
        let host = object
            .get("url")
            .and_then(Value::as_str)
            .and_then(|url| url::Url::parse(url).ok())
            .and_then(|url| url.host_str().map(str::to_owned));
        if !config.allows(host.as_deref()) {
            return Ok(record);
        }
        let Some((agency, evidence)) = evidence::strongest(object, &config.agencies) else {
            return Ok(record);
        };
        let agency = agency.clone();
        object.insert("publisher".to_owned(), json!(agency.name));
        clean_authors(object, &config.agencies);
        if host.as_deref().is_some_and(|host| agency.owns(host)) {
            return Ok(record);
        }
        let site = object.get("site").cloned().unwrap_or(Value::Null);
        let extra = object
            .entry("extra")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .ok_or("extra is not an object")?;
        extra.insert(
            "syndication".to_owned(),
            json!({"agency": agency.name, "host": host, "site": site, "evidence": evidence.as_str()}),
        );
        Ok(record)
    }
}

export_plugin!(Syndication);

/// Removes author entries that are an agency's name, cuts agency credits off the others, and
/// drops the duplicates that leaves.
fn clean_authors(record: &mut Map<String, Value>, agencies: &Agencies) {
    let Some(Value::Array(authors)) = record.get_mut("authors") else {
        return;
    };
    let mut cleaned: Vec<Value> = Vec::with_capacity(authors.len());
    for author in authors.drain(..) {
        let author = match author.as_str() {
            Some(name) => match agencies.strip_from_author(name) {
                Some(name) => json!(name),
                None => continue,
            },
            None => author,
        };
        if !cleaned.contains(&author) {
            cleaned.push(author);
        }
    }
    *authors = cleaned;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(record: Value, config: Value) -> Value {
        Syndication::process(record, &config).unwrap()
    }

    fn yahoo_seed(publisher: Option<&str>) -> Value {
        let mut record = json!({
            "url": "https://news.yahoo.com/dont-want-wars-russia-sends-093000000.html",
            "site": "Yahoo News",
            "title": "'We don't want wars': Russia sends less hawkish message on Ukraine",
            "authors": ["Vladimir Soldatkin", "Alexander Marrow"],
            "body": {"summary": [], "sections": [{"headline": [], "paragraphs": [
                "MOSCOW (Reuters) - Moscow gave its clearest sign yet on Friday that it is prepared to keep negotiating.",
                "Russia has gathered a large force close to the Ukrainian frontier.",
                "(Additional reporting by Reuters bureaux, Writing by Mark Trevelyan, Editing by Timothy Heritage)",
            ]}]},
            "extra": {"mentions": []},
        });
        if let Some(publisher) = publisher {
            record["publisher"] = json!(publisher);
        }
        record
    }

    #[test]
    fn yahoo_seed_is_a_reuters_copy() {
        for publisher in [Some("Reuters"), None] {
            let out = run(yahoo_seed(publisher), Value::Null);
            assert_eq!(out["publisher"], "Reuters");
            assert_eq!(
                out["extra"]["syndication"],
                json!({"agency": "Reuters", "host": "news.yahoo.com", "site": "Yahoo News", "evidence": "dateline"})
            );
            assert_eq!(
                out["authors"],
                json!(["Vladimir Soldatkin", "Alexander Marrow"])
            );
            assert_eq!(out["extra"]["mentions"], json!([]));
            assert_eq!(out["title"], yahoo_seed(None)["title"]);
        }
    }

    #[test]
    fn ap_story_on_msn_by_byline() {
        let record = json!({
            "url": "https://www.msn.com/en-us/news/us/senate-passes-bill/ar-AA1abc",
            "site": "MSN",
            "publisher": "MSN",
            "title": "Senate passes bill",
            "authors": ["Lisa Mascaro", "The Associated Press", "Associated Press"],
            "body": {"summary": [], "sections": [{"headline": [], "paragraphs": ["The Senate passed the bill."]}]},
        });
        let out = run(record, Value::Null);
        assert_eq!(out["publisher"], "Associated Press");
        assert_eq!(out["authors"], json!(["Lisa Mascaro"]));
        assert_eq!(out["extra"]["syndication"]["evidence"], "byline");
        assert_eq!(out["extra"]["syndication"]["host"], "www.msn.com");
        assert_eq!(out["extra"]["syndication"]["site"], "MSN");
    }

    #[test]
    fn afp_dateline_with_en_dash() {
        let record = json!({
            "url": "https://www.aol.com/news/france-strike-120000.html",
            "site": "AOL",
            "title": "Strike in France",
            "authors": ["AFP"],
            "body": {"summary": ["PARIS (AFP) – Unions called a strike on Tuesday."], "sections": []},
        });
        let out = run(record, Value::Null);
        assert_eq!(out["publisher"], "AFP");
        assert_eq!(out["authors"], json!([]));
        assert_eq!(out["extra"]["syndication"]["agency"], "AFP");
        assert_eq!(out["extra"]["syndication"]["evidence"], "dateline");
    }

    #[test]
    fn the_agency_site_is_no_copy() {
        let record = json!({
            "url": "https://www.reuters.com/world/europe/harbour-crane-strike-2024-05-14/",
            "site": "Reuters",
            "publisher": "Thomson Reuters",
            "title": "Harbour crane strike",
            "authors": ["Jane Doe"],
            "body": {"summary": [], "sections": [{"headline": [], "paragraphs": ["ROTTERDAM (Reuters) - Crane operators walked out."]}]},
        });
        let out = run(record, Value::Null);
        assert_eq!(out["publisher"], "Reuters");
        assert!(out.get("extra").is_none());
    }

    #[test]
    fn ordinary_records_are_unchanged() {
        let record = json!({
            "url": "https://www.theguardian.com/uk/2024/may/09/allotments",
            "site": "The Guardian",
            "publisher": "The Guardian",
            "title": "Allotment waiting lists grow",
            "authors": ["Jane Doe"],
            "body": {"summary": [], "sections": [{"headline": [], "paragraphs": [
                "LONDON - Waiting lists for allotments have grown (again).",
                "A Reuters poll found nothing of the kind.",
                "Additional reporting by John Roe",
            ]}]},
            "extra": {},
        });
        assert_eq!(run(record.clone(), Value::Null), record);
    }

    #[test]
    fn hosts_and_added_agencies_from_config() {
        let record = json!({
            "url": "https://www.msn.com/it-it/notizie/roma/ar-1",
            "site": "MSN",
            "title": "Roma",
            "body": {"summary": ["ROMA (ANSA) - Il sindaco ha detto."], "sections": []},
        });
        let config = json!({"agencies": {"ANSA": ["Agenzia ANSA"]}, "hosts": ["msn.com"]});
        let out = run(record.clone(), config);
        assert_eq!(out["publisher"], "ANSA");
        assert_eq!(out["extra"]["syndication"]["evidence"], "dateline");
        let config = json!({"agencies": {"ANSA": []}, "hosts": ["yahoo.com"]});
        assert_eq!(run(record.clone(), config), record);
        assert_eq!(run(record.clone(), Value::Null), record);
    }

    #[test]
    fn bad_config_is_an_error() {
        let error = Syndication::process(yahoo_seed(None), &json!({"hosts": "yahoo.com"}));
        assert_eq!(error.unwrap_err(), "config.hosts must be a list of strings");
        let error = Syndication::process(json!([]), &Value::Null);
        assert_eq!(error.unwrap_err(), "the record is not a JSON object");
    }
}
