//! The crawl state, kept in an embedded database (redb) so a run stopped at any point can
//! go on: each URL's status, each host's robots.txt and last request, each feed's and
//! sitemap's validators, and how much of each WARC file is accounted for.

use std::path::Path;

use chrono::{DateTime, Utc};
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use crate::client::Validators;

const URLS: TableDefinition<&str, &[u8]> = TableDefinition::new("urls");
const HOSTS: TableDefinition<&str, &[u8]> = TableDefinition::new("hosts");
const SOURCES: TableDefinition<&str, &[u8]> = TableDefinition::new("sources");
const WARCS: TableDefinition<&str, u64> = TableDefinition::new("warcs");

/// What is known of a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlState {
    /// Where it stands.
    pub status: UrlStatus,
    /// When it got there.
    pub time: DateTime<Utc>,
    /// The site (rule name) it was found for, if any.
    pub site: Option<String>,
}

/// Where a URL stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum UrlStatus {
    /// Found in a source, not fetched yet.
    Queued,
    /// Fetched: the response is in a WARC file at an offset.
    Done {
        /// The HTTP status.
        code: u16,
        /// The WARC file.
        warc: String,
        /// The response record's offset in it.
        offset: u64,
    },
    /// Not fetched, for a reason that may pass (tried again next run).
    Failed {
        /// Why.
        cause: String,
    },
}

/// What is known of a host.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HostState {
    /// Its robots.txt, when one was read (empty for "allow all").
    pub robots: Option<String>,
    /// When robots.txt was read.
    pub robots_time: Option<DateTime<Utc>>,
    /// When the last request to it was sent, or answered once it was.
    pub last_request: Option<DateTime<Utc>>,
    /// Whether that request was still waiting for its answer when the state last heard of
    /// it: the run stopped mid-request, so the request may have lasted until then.
    #[serde(default)]
    pub in_flight: bool,
}

/// An error of the state database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError(pub String);

impl std::fmt::Display for StateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "state database: {}", self.0)
    }
}

impl std::error::Error for StateError {}

fn db<E: Into<redb::Error>>(error: E) -> StateError {
    StateError(error.into().to_string())
}

/// The state database.
pub struct State {
    db: Database,
}

impl State {
    /// Opens (or creates) the database at `path`.
    pub fn open(path: &Path) -> Result<State, StateError> {
        let database = Database::create(path).map_err(db)?;
        let txn = database.begin_write().map_err(db)?;
        txn.open_table(URLS).map_err(db)?;
        txn.open_table(HOSTS).map_err(db)?;
        txn.open_table(SOURCES).map_err(db)?;
        txn.open_table(WARCS).map_err(db)?;
        txn.commit().map_err(db)?;
        Ok(State { db: database })
    }

    fn get<T: for<'de> Deserialize<'de>>(
        &self,
        table: TableDefinition<&str, &[u8]>,
        key: &str,
    ) -> Result<Option<T>, StateError> {
        let txn = self.db.begin_read().map_err(db)?;
        let table = txn.open_table(table).map_err(db)?;
        let Some(value) = table.get(key).map_err(db)? else {
            return Ok(None);
        };
        Ok(serde_json::from_slice(value.value()).ok())
    }

    fn put<T: Serialize>(
        &self,
        table: TableDefinition<&str, &[u8]>,
        key: &str,
        value: &T,
    ) -> Result<(), StateError> {
        let bytes = serde_json::to_vec(value).map_err(|e| StateError(e.to_string()))?;
        let txn = self.db.begin_write().map_err(db)?;
        txn.open_table(table)
            .map_err(db)?
            .insert(key, bytes.as_slice())
            .map_err(db)?;
        txn.commit().map_err(db)
    }

    /// A URL's state.
    pub fn url(&self, url: &str) -> Result<Option<UrlState>, StateError> {
        self.get(URLS, url)
    }

    /// Whether a URL has been fetched.
    pub fn is_done(&self, url: &str) -> Result<bool, StateError> {
        Ok(matches!(
            self.url(url)?,
            Some(UrlState {
                status: UrlStatus::Done { .. },
                ..
            })
        ))
    }

    /// Records URLs found for a site, in one transaction; those already known are left as
    /// they are. Returns the ones that were new.
    pub fn queue(&self, urls: &[String], site: Option<&str>) -> Result<Vec<String>, StateError> {
        let state = UrlState {
            status: UrlStatus::Queued,
            time: Utc::now(),
            site: site.map(str::to_owned),
        };
        let bytes = serde_json::to_vec(&state).map_err(|e| StateError(e.to_string()))?;
        let txn = self.db.begin_write().map_err(db)?;
        let mut new = Vec::new();
        {
            let mut table = txn.open_table(URLS).map_err(db)?;
            for url in urls {
                if table.get(url.as_str()).map_err(db)?.is_none() {
                    table.insert(url.as_str(), bytes.as_slice()).map_err(db)?;
                    new.push(url.clone());
                }
            }
        }
        txn.commit().map_err(db)?;
        Ok(new)
    }

    /// Records a fetched URL and how far its WARC file is accounted for, in one transaction.
    pub fn done(
        &self,
        url: &str,
        site: Option<&str>,
        code: u16,
        warc: &str,
        offset: u64,
        warc_len: u64,
    ) -> Result<(), StateError> {
        let state = UrlState {
            status: UrlStatus::Done {
                code,
                warc: warc.to_owned(),
                offset,
            },
            time: Utc::now(),
            site: site.map(str::to_owned),
        };
        let bytes = serde_json::to_vec(&state).map_err(|e| StateError(e.to_string()))?;
        let txn = self.db.begin_write().map_err(db)?;
        txn.open_table(URLS)
            .map_err(db)?
            .insert(url, bytes.as_slice())
            .map_err(db)?;
        txn.open_table(WARCS)
            .map_err(db)?
            .insert(warc, warc_len)
            .map_err(db)?;
        txn.commit().map_err(db)
    }

    /// Records a URL that could not be fetched this time.
    pub fn failed(&self, url: &str, site: Option<&str>, cause: &str) -> Result<(), StateError> {
        let state = UrlState {
            status: UrlStatus::Failed {
                cause: cause.to_owned(),
            },
            time: Utc::now(),
            site: site.map(str::to_owned),
        };
        self.put(URLS, url, &state)
    }

    /// The URLs found or tried but not fetched yet, with their site.
    pub fn pending(&self) -> Result<Vec<(String, Option<String>)>, StateError> {
        let txn = self.db.begin_read().map_err(db)?;
        let table = txn.open_table(URLS).map_err(db)?;
        let mut out = Vec::new();
        for entry in table.iter().map_err(db)? {
            let (key, value) = entry.map_err(db)?;
            if let Ok(state) = serde_json::from_slice::<UrlState>(value.value()) {
                if !matches!(state.status, UrlStatus::Done { .. }) {
                    out.push((key.value().to_owned(), state.site));
                }
            }
        }
        Ok(out)
    }

    /// A host's state.
    pub fn host(&self, host: &str) -> Result<HostState, StateError> {
        Ok(self.get(HOSTS, host)?.unwrap_or_default())
    }

    /// Stores a host's state.
    pub fn set_host(&self, host: &str, state: &HostState) -> Result<(), StateError> {
        self.put(HOSTS, host, state)
    }

    /// A feed's or sitemap's validators from its last fetch.
    pub fn validators(&self, source: &str) -> Result<Option<Validators>, StateError> {
        self.get(SOURCES, source)
    }

    /// Stores a feed's or sitemap's validators.
    pub fn set_validators(&self, source: &str, validators: &Validators) -> Result<(), StateError> {
        self.put(SOURCES, source, validators)
    }

    /// How many bytes of a WARC file are accounted for.
    pub fn warc_len(&self, warc: &str) -> Result<u64, StateError> {
        let txn = self.db.begin_read().map_err(db)?;
        let table = txn.open_table(WARCS).map_err(db)?;
        Ok(table.get(warc).map_err(db)?.map_or(0, |v| v.value()))
    }

    /// Sets how many bytes of a WARC file are accounted for.
    pub fn set_warc_len(&self, warc: &str, len: u64) -> Result<(), StateError> {
        let txn = self.db.begin_write().map_err(db)?;
        txn.open_table(WARCS)
            .map_err(db)?
            .insert(warc, len)
            .map_err(db)?;
        txn.commit().map_err(db)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_keeps_its_last_request_and_whether_it_was_answered() {
        let dir = std::env::temp_dir().join(format!("trawl-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.redb");
        let _ = std::fs::remove_file(&path);
        let state = State::open(&path).unwrap();
        let asked = HostState {
            last_request: Some(Utc::now()),
            in_flight: true,
            ..HostState::default()
        };
        state.set_host("example.com", &asked).unwrap();
        drop(state);
        let state = State::open(&path).unwrap();
        assert_eq!(state.host("example.com").unwrap(), asked);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_host_stored_before_in_flight_existed_reads_as_answered() {
        let old = r#"{"robots":null,"robots_time":null,"last_request":"2024-01-01T00:00:00Z"}"#;
        let host: HostState = serde_json::from_str(old).unwrap();
        assert!(!host.in_flight);
        assert!(host.last_request.is_some());
    }
}
