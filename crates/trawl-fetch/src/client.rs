//! One HTTP GET, no retries, no redirects followed: what came back, as bytes for WARC.

use std::io::Read;
use std::time::Duration;

use chrono::{DateTime, Utc};
use url::Url;

use crate::Politeness;

/// Validators of an earlier response, for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    /// The `ETag` it had.
    pub etag: Option<String>,
    /// The `Last-Modified` it had.
    pub last_modified: Option<String>,
}

/// A response as received.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The headers, as received (names lower-cased).
    pub headers: Vec<(String, String)>,
    /// The body, transfer coding undone, cut at the size limit.
    pub body: Vec<u8>,
    /// Whether the body was cut at the size limit.
    pub truncated: bool,
    /// When it arrived.
    pub date: DateTime<Utc>,
    /// The request as sent, for the WARC request record.
    pub request: Vec<u8>,
}

impl Response {
    /// The first header of a name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The status line and headers as a WARC response record holds them. The body is
    /// stored without transfer coding, so `Transfer-Encoding` is kept under another name
    /// (as Common Crawl does).
    pub fn head_bytes(&self) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            let name = if name.eq_ignore_ascii_case("transfer-encoding") {
                "X-Crawler-Transfer-Encoding"
            } else {
                name
            };
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        head.into_bytes()
    }

    /// The validators to send next time.
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.header("etag").map(str::to_owned),
            last_modified: self.header("last-modified").map(str::to_owned),
        }
    }
}

/// Why a request gave no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetError {
    /// The request took longer than the timeout.
    Timeout,
    /// The host could not be reached (DNS, refused, reset, TLS).
    Connection(String),
}

impl std::fmt::Display for NetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NetError::Timeout => write!(f, "timeout"),
            NetError::Connection(why) => write!(f, "connection failed: {why}"),
        }
    }
}

/// A blocking HTTP client: one agent, so one kept-alive connection per host.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    user_agent: String,
    max_bytes: u64,
}

impl Client {
    /// A client with the settings' user agent, timeout and size limit.
    pub fn new(politeness: &Politeness) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(politeness.timeout))
            .timeout_connect(Some(politeness.timeout.min(Duration::from_secs(10))))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(politeness.user_agent.as_str())
            .max_idle_connections_per_host(1)
            .build()
            .new_agent();
        Client {
            agent,
            user_agent: politeness.user_agent.clone(),
            max_bytes: politeness.max_bytes,
        }
    }

    /// GETs `url`, conditionally when `validators` are given.
    pub fn get(&self, url: &Url, validators: Option<&Validators>) -> Result<Response, NetError> {
        let mut request = self.agent.get(url.as_str()).header("Accept", ACCEPT);
        let mut extra = Vec::new();
        if let Some(validators) = validators {
            if let Some(etag) = &validators.etag {
                extra.push(("If-None-Match", etag.clone()));
            }
            if let Some(date) = &validators.last_modified {
                extra.push(("If-Modified-Since", date.clone()));
            }
        }
        for (name, value) in &extra {
            request = request.header(*name, value.as_str());
        }
        let sent = request_bytes(url, &self.user_agent, &extra);
        let mut response = request.call().map_err(net_error)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .reader()
            .take(self.max_bytes + 1)
            .read_to_end(&mut body)
            .map_err(|e| net_error(ureq::Error::Io(e)))?;
        let truncated = body.len() as u64 > self.max_bytes;
        body.truncate(self.max_bytes as usize);
        Ok(Response {
            status,
            headers,
            body,
            truncated,
            date: Utc::now(),
            request: sent,
        })
    }
}

const ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// The request as it goes out, for the WARC request record.
fn request_bytes(url: &Url, user_agent: &str, extra: &[(&str, String)]) -> Vec<u8> {
    let mut target = url.path().to_owned();
    if let Some(query) = url.query() {
        target.push('?');
        target.push_str(query);
    }
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    };
    let mut text = format!(
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {user_agent}\r\nAccept: {ACCEPT}\r\n"
    );
    for (name, value) in extra {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.into_bytes()
}

fn net_error(error: ureq::Error) -> NetError {
    match error {
        ureq::Error::Timeout(_) => NetError::Timeout,
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => NetError::Timeout,
        other => NetError::Connection(other.to_string()),
    }
}

/// The reason phrase of common status codes.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}
