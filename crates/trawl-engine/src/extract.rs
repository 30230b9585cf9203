//! From page bytes to a record: decode, parse, choose the rule and its version, fill fields.

use std::fmt;

use chrono::NaiveDate;
use scraper::Html;
use url::Url;

use crate::decode::decode_html;
use crate::fields::fill_record;
use crate::observe::{Observer, Silent};
use crate::pack::{Pack, Unusable};
use crate::page::{Fragments, Page};
use crate::parse::parse_html;
use crate::program::Program;
use crate::record::Record;
use crate::rule::{Rule, RuleVersion};
use crate::sanitise::web_link;

/// One page to extract.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageInput<'a> {
    /// The raw bytes, in any encoding.
    pub bytes: &'a [u8],
    /// The page URL; when absent, the page's canonical link or og:url is used.
    pub url: Option<&'a str>,
    /// The HTTP Content-Type header, for its charset.
    pub content_type: Option<&'a str>,
    /// When the page was fetched; chooses among rule versions by date. When absent, the
    /// page's own publication date is used.
    pub date: Option<NaiveDate>,
    /// Use this rule (by name or file stem) instead of matching by host.
    pub rule: Option<&'a str>,
}

/// Why a page gave no record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageError {
    /// The URL given is not a URL.
    InvalidUrl(String),
    /// No URL was given and the page names none (no canonical link, no og:url).
    NoUrl,
    /// No rule serves the page's host.
    NoRule {
        /// The page URL.
        url: String,
        /// The page's own canonical URL, when it is on another host than the URL given.
        canonical: Option<String>,
        /// The rule folders searched, e.g. `rules (--rules), then the bundled pack`.
        searched: String,
    },
    /// `--rule` named a rule that is not in the pack.
    UnknownRule {
        /// The name asked for.
        name: String,
        /// A close name, if any.
        help: Option<String>,
        /// The rule folders searched.
        searched: String,
    },
    /// The rule for the page has errors, found when it was first compiled.
    InvalidRule(String),
    /// None of the rule's versions fits the page.
    NoVersion {
        /// The rule.
        rule: String,
    },
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageError::InvalidUrl(url) => write!(f, "`{url}` is not a valid http(s) URL"),
            PageError::NoUrl => write!(
                f,
                "no URL: the page has no canonical link or og:url; pass --url or --rule"
            ),
            PageError::NoRule {
                url,
                canonical,
                searched,
            } => {
                let host = Url::parse(url)
                    .ok()
                    .and_then(|u| {
                        u.host_str()
                            .map(|h| h.trim_start_matches("www.").to_owned())
                    })
                    .unwrap_or_else(|| "example.com".to_owned());
                write!(
                    f,
                    "no rule for {url} in {searched}; start one with `trawl new {host} --from PAGE`, or pass --rule NAME"
                )?;
                match canonical {
                    Some(canonical) => write!(
                        f,
                        " (the page's own canonical URL {canonical} is on another host: is the URL given for it right?)"
                    ),
                    None => Ok(()),
                }
            }
            PageError::InvalidRule(why) => write!(f, "{why}"),
            PageError::UnknownRule {
                name,
                help,
                searched,
            } => {
                write!(f, "no rule named `{name}` in {searched}")?;
                match help {
                    Some(help) => write!(f, "; {help}"),
                    None => Ok(()),
                }
            }
            PageError::NoVersion { rule } => write!(
                f,
                "no version of rule `{rule}` fits this page (check its since/until/when)"
            ),
        }
    }
}

impl std::error::Error for PageError {}

/// Where a page's URL came from, when it was not given.
const URL_IN_PAGE: &str = r#"link[rel="canonical"] | attr(href) || meta(og:url)"#;

/// The page's own date, for choosing a version when no fetch date is given.
const DATE_IN_PAGE: &str = "ld(*.datePublished) || meta(article:published_time) || meta(datePublished) || time[datetime] | attr(datetime)";

/// A page's record, and the rule and version that made it.
pub struct Extraction<'p> {
    /// The record.
    pub record: Record,
    /// The rule chosen for the page.
    pub rule: &'p Rule,
    /// The version of the rule that fit the page.
    pub version: &'p RuleVersion,
}

impl Pack {
    /// Extracts the record of one page.
    pub fn extract(&self, input: &PageInput<'_>) -> Result<Extraction<'_>, PageError> {
        let decoded = decode_html(input.bytes, input.content_type);
        let html = parse_html(&decoded.text);
        self.extract_parsed(&html, input, &mut Silent)
    }

    /// Extracts the record of an already parsed page, telling `observer` every step
    /// (`trawl explain` records them; pass [`Silent`] to just extract).
    pub fn extract_parsed(
        &self,
        html: &Html,
        input: &PageInput<'_>,
        observer: &mut dyn Observer,
    ) -> Result<Extraction<'_>, PageError> {
        let url = self.page_url(html, input)?;
        self.extract_at(html, input, url.as_ref(), observer)
    }

    /// [`Pack::extract_parsed`] with the page's URL already resolved by [`Pack::page_url`],
    /// so a caller that needs the URL too works it out once.
    pub fn extract_at(
        &self,
        html: &Html,
        input: &PageInput<'_>,
        url: Option<&Url>,
        observer: &mut dyn Observer,
    ) -> Result<Extraction<'_>, PageError> {
        let rule = self
            .choose_rule(url, input)
            .map_err(|error| self.with_canonical(error, html, input))?;
        let fragments = Fragments::new();
        let page = Page::new(html, url, rule.zone).with_fragments(&fragments);
        let version = self
            .choose_version(rule, &page, input.date)
            .ok_or_else(|| PageError::NoVersion {
                rule: rule.name.clone(),
            })?;
        let mut record = fill_record(rule, version, &page, observer);
        if url.is_none() {
            // A `javascript:` canonical link is no URL for the record; say it was there.
            let own = self
                .probes()
                .url
                .eval(&Page::new(html, None, rule.zone), None);
            if let Some(warning) = own
                .iter()
                .find_map(|value| web_link(value.to_text().trim(), "url").err())
            {
                record.warnings.push(warning.into());
            }
        }
        Ok(Extraction {
            record,
            rule,
            version,
        })
    }

    /// The URL given, else the page's canonical link or og:url; http(s) URLs only (a page
    /// URL given with another scheme is an error, the page's own are passed over).
    pub fn page_url(&self, html: &Html, input: &PageInput<'_>) -> Result<Option<Url>, PageError> {
        let web = |url: &Url| matches!(url.scheme(), "http" | "https");
        if let Some(text) = input.url {
            return Url::parse(text.trim())
                .ok()
                .filter(web)
                .map(Some)
                .ok_or_else(|| PageError::InvalidUrl(text.to_owned()));
        }
        let page = Page::new(html, None, chrono_tz::UTC);
        Ok(self
            .probes()
            .url
            .eval(&page, None)
            .iter()
            .find_map(|value| Url::parse(value.to_text().trim()).ok().filter(web)))
    }

    /// Adds the page's canonical URL to a "no rule" error when it names another host than the
    /// URL given: a wrong `.url` file is then the likely cause.
    fn with_canonical(&self, error: PageError, html: &Html, input: &PageInput<'_>) -> PageError {
        let PageError::NoRule { url, searched, .. } = error else {
            return error;
        };
        let canonical = input.url.and_then(|_| {
            let given = Url::parse(&url).ok()?;
            let own = self
                .page_url(
                    html,
                    &PageInput {
                        url: None,
                        ..*input
                    },
                )
                .ok()??;
            (own.host_str() != given.host_str()).then(|| own.to_string())
        });
        PageError::NoRule {
            url,
            canonical,
            searched,
        }
    }

    /// The rule named by `input.rule`, else the one serving the URL's host.
    pub fn choose_rule(
        &self,
        url: Option<&Url>,
        input: &PageInput<'_>,
    ) -> Result<&Rule, PageError> {
        let unusable = |error| match error {
            Unusable::Invalid(why) => PageError::InvalidRule(why),
            Unusable::Unknown(help) => PageError::UnknownRule {
                name: input.rule.unwrap_or_default().to_owned(),
                help,
                searched: self.searched(),
            },
        };
        if let Some(name) = input.rule {
            return self.rule_named(name).map_err(unusable);
        }
        let url = url.ok_or(PageError::NoUrl)?;
        self.rule_for(url)
            .map_err(unusable)?
            .ok_or_else(|| PageError::NoRule {
                url: url.to_string(),
                canonical: None,
                searched: self.searched(),
            })
    }
}

/// Whether `version` fits the page dated `date`.
pub fn version_fits(version: &RuleVersion, page: &Page<'_>, date: Option<NaiveDate>) -> bool {
    let in_range = match date {
        Some(day) => {
            version.since.is_none_or(|since| day >= since)
                && version.until.is_none_or(|until| day < until)
        }
        None => true,
    };
    in_range
        && version
            .when
            .as_ref()
            .is_none_or(|when| !when.eval(page, None).is_empty())
}

impl Pack {
    /// The first version whose date range and condition fit the page. Date ranges are checked
    /// against the fetch date, else the page's own date; a page with no date passes them.
    pub fn choose_version<'r>(
        &self,
        rule: &'r Rule,
        page: &Page<'_>,
        date: Option<NaiveDate>,
    ) -> Option<&'r RuleVersion> {
        let dated = rule
            .versions
            .iter()
            .any(|v| v.since.is_some() || v.until.is_some());
        let date = date.or_else(|| dated.then(|| self.page_date(page)).flatten());
        rule.versions
            .iter()
            .find(|version| version_fits(version, page, date))
    }

    /// The page's own publication day, from JSON-LD, meta tags or `<time>`.
    pub fn page_date(&self, page: &Page<'_>) -> Option<NaiveDate> {
        self.probes()
            .date
            .eval(page, None)
            .iter()
            .find_map(|value| {
                crate::date::parse_date(&value.to_text(), None, page.zone)
                    .ok()
                    .map(|date| date.date_naive())
            })
    }
}

/// Built-in expressions every page may need, compiled once per pack.
pub(crate) struct Probes {
    /// Where a page names its own URL.
    pub url: Program,
    /// Where a page names its publication date.
    pub date: Program,
}

impl Probes {
    pub(crate) fn new(registry: &crate::filters::Registry) -> Self {
        let compile = |text| {
            Program::compile(text, registry)
                .unwrap_or_else(|errors| panic!("built-in expression `{text}`: {errors:?}"))
        };
        Self {
            url: compile(URL_IN_PAGE),
            date: compile(DATE_IN_PAGE),
        }
    }
}
