//! The rule file format, as written in YAML.
//!
//! These are the raw, unvalidated types serde reads; the engine compiles them into rules it
//! can run. Unknown keys are errors, so a typo never silently turns a field off.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::fields::record_fields;
use crate::for_record_fields;

/// One rule file: a site, the hosts it serves and how to read its pages.
///
/// ```yaml
/// name: Example Times
/// hosts: [example-times.com]
/// language: en
/// timezone: Europe/London
/// fields:
///   title: meta(og:title) || h1 | text
/// body:
///   root: article
///   paragraphs: p
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// The site's name, e.g. `Yahoo News`. Records carry it as `site`.
    pub name: String,
    /// Hosts served: each entry matches that host and all its subdomains (`bbc.co.uk` matches
    /// `www.bbc.co.uk`); `=news.example.com` matches that host only. When several rules
    /// match, the longest host wins.
    pub hosts: Vec<String>,
    /// Optional regexes over the URL path; when given, one must match.
    #[serde(default)]
    pub paths: Vec<String>,
    /// The site's language as BCP 47 (`en`, `de`), used when a page does not say.
    #[serde(default)]
    pub language: Option<String>,
    /// The IANA time zone (`Europe/Berlin`) for dates written without one. Default: UTC.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Plugins to run on this rule's records, in order.
    #[serde(default)]
    pub plugins: Vec<PluginUse>,
    /// Layouts of the site over time; the first that fits a page is used.
    #[serde(default)]
    pub versions: Vec<Version>,
    /// Shorthand for a rule with one version: its fields.
    #[serde(default)]
    pub fields: Option<Fields>,
    /// Shorthand for a rule with one version: its body.
    #[serde(default)]
    pub body: Option<Body>,
    // In file order, so their expressions are located in one pass; records list them by key.
    /// Shorthand for a rule with one version: its custom fields.
    #[serde(default)]
    pub extra: IndexMap<String, Custom>,
    /// Where `trawl crawl` finds the site's articles: feeds, sitemaps, news sitemaps.
    #[serde(default)]
    pub sources: Option<Sources>,
    /// Where the rule came from when a tool wrote it (`trawl import`); `trawl check` shows it.
    #[serde(default)]
    pub origin: Option<Origin>,
}

/// Where an imported rule came from.
///
/// ```yaml
/// origin:
///   from: ftr-site-config/example.com.txt
///   by: trawl import ftr
///   tier: partial
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    /// The file it was translated from.
    pub from: String,
    /// The command that wrote it.
    pub by: String,
    /// How much of the source was translated: `full`, `partial` or `none`.
    pub tier: String,
}

/// Where a crawler finds a site's articles.
///
/// ```yaml
/// sources:
///   feeds: [https://www.example-times.com/rss.xml]
///   news_sitemaps: [https://www.example-times.com/sitemap-news.xml]
///   sitemaps:
///     - url: https://www.example-times.com/sitemap-index.xml
///       filter: /sitemap-articles-
///   articles: ^https://www\.example-times\.com/[a-z-]+/\d{4}/
/// ```
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    /// RSS, Atom or JSON feeds; each entry's link is an article.
    #[serde(default)]
    pub feeds: Vec<String>,
    /// Google News sitemaps: the articles of the last two days, with publication dates.
    #[serde(default)]
    pub news_sitemaps: Vec<String>,
    /// Sitemaps or sitemap indexes, each a URL or `{url, filter}`.
    #[serde(default)]
    pub sitemaps: Vec<SitemapSource>,
    /// Also read the sitemaps the site's robots.txt lists.
    #[serde(default)]
    pub robots_sitemaps: bool,
    /// A regex that article URLs match; URLs from the sources that do not are skipped
    /// (section fronts, videos, galleries).
    #[serde(default)]
    pub articles: Option<String>,
}

/// A sitemap to read.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum SitemapSource {
    /// `https://example.com/sitemap.xml`
    Url(String),
    /// A sitemap index whose child sitemaps are read only when their URL matches `filter`.
    Filtered {
        /// The sitemap's URL.
        url: String,
        /// A regex over the URLs of the child sitemaps of an index.
        filter: String,
    },
}

impl SitemapSource {
    /// The sitemap's URL.
    pub fn url(&self) -> &str {
        match self {
            SitemapSource::Url(url) | SitemapSource::Filtered { url, .. } => url,
        }
    }

    /// The filter over child sitemaps, if any.
    pub fn filter(&self) -> Option<&str> {
        match self {
            SitemapSource::Url(_) => None,
            SitemapSource::Filtered { filter, .. } => Some(filter),
        }
    }
}

/// A plugin a rule runs, with its configuration.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PluginUse {
    /// The plugin's name, as it reports it.
    pub name: String,
    /// Any configuration, handed to the plugin as JSON.
    #[serde(default)]
    pub config: serde_json::Value,
}

/// One layout of a site.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// A label shown by `trawl explain`, e.g. `2022 layout`.
    #[serde(default)]
    pub name: Option<String>,
    /// Used for pages dated on or after this day (`2022-01-01`).
    #[serde(default)]
    pub since: Option<String>,
    /// Used for pages dated before this day.
    #[serde(default)]
    pub until: Option<String>,
    /// Used when this expression yields something on the page, e.g. `div.caas-body`.
    #[serde(default)]
    pub when: Option<String>,
    /// The record's fields.
    #[serde(default)]
    pub fields: Fields,
    /// The article body.
    #[serde(default)]
    pub body: Option<Body>,
    /// Custom fields, landing in the record's `extra`.
    #[serde(default)]
    pub extra: IndexMap<String, Custom>,
}

/// One expression, or several whose values are concatenated.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum Exprs {
    /// `title: h1 | text`
    One(String),
    /// `topics: [meta(article:section), meta(keywords) | split(",")]`
    Many(Vec<String>),
}

impl Exprs {
    /// The expressions in order.
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        match self {
            Exprs::One(one) => std::slice::from_ref(one).iter(),
            Exprs::Many(many) => many.iter(),
        }
    }
}

for_record_fields!(record_fields);

/// How to find images.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Images {
    /// The cover image URL, e.g. `meta(og:image)`.
    pub cover: Option<Exprs>,
    /// Each image element or figure, e.g. `article figure`.
    pub each: Option<String>,
    /// The image URL, relative to each: default `img | attr(src) | absolute`.
    pub url: Option<Exprs>,
    /// The caption, relative to each.
    pub caption: Option<Exprs>,
    /// The alt text, relative to each.
    pub alt: Option<Exprs>,
    /// The credit, relative to each.
    pub credit: Option<Exprs>,
}

/// How to find related stories.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Related {
    /// Each story, e.g. `#recommended-stories li`.
    pub each: String,
    /// The story's title, relative to each.
    pub title: Exprs,
    /// The story's link, relative to each.
    pub url: Option<Exprs>,
    /// The story's teaser, relative to each.
    pub summary: Option<Exprs>,
}

/// How to assemble the body, in document order.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// The element(s) holding the article text. Default: `body`.
    pub root: Option<String>,
    /// Elements to drop before reading paragraphs: ads, share bars, widgets.
    #[serde(default)]
    pub remove: Vec<String>,
    /// The summary or lede paragraphs, searched in the whole page.
    pub summary: Option<Exprs>,
    /// The paragraphs, relative to the root. Default: `p`.
    pub paragraphs: Option<String>,
    /// The sub-headlines that start a new section, relative to the root.
    pub headlines: Option<String>,
}

/// A custom field, landing in the record's `extra` under its key.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum Custom {
    /// `section: meta(article:section)`: the first value, as a string.
    One(String),
    /// A list of objects, one per element.
    Each(CustomEach),
    /// A list of strings: `{all: .tags a | text}`.
    All(CustomAll),
}

/// `{each: <expr>, fields: {key: <expr>}}`: one object per element.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomEach {
    /// The elements, one object each.
    pub each: String,
    /// The object's keys and how to fill them, relative to each element, in file order.
    pub fields: IndexMap<String, String>,
}

/// `{all: <expr>}`: every value, as a list of strings.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomAll {
    /// The expression whose values are all kept.
    pub all: Exprs,
}

/// The JSON Schema of rule files, for editors (`# yaml-language-server: $schema=...`).
pub fn rule_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(RuleFile);
    serde_json::to_value(schema).expect("a schema is JSON")
}
