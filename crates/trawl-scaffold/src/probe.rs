//! Reading one page for `trawl new`: which expressions yield something on it, and the
//! site-wide facts (name, language, time zone) a rule starts with.

use scraper::{ElementRef, Html, Selector};
use serde_json::Value as Json;
use trawl_engine::{Page, Program, Registry};

/// A parsed page and the filter registry, to try expressions on.
pub(super) struct Probe<'a> {
    /// The page, as every expression sees it.
    pub page: Page<'a>,
    registry: Registry,
}

impl<'a> Probe<'a> {
    /// A probe over `html`; dates without a zone are read as UTC.
    pub fn new(html: &'a Html) -> Option<Self> {
        let zone = "UTC".parse().ok()?;
        Some(Self {
            page: Page::new(html, None, zone),
            registry: Registry::standard(),
        })
    }

    /// Whether `expr` compiles.
    pub fn compiles(&self, expr: &str) -> bool {
        Program::compile(expr, &self.registry).is_ok()
    }

    /// The first value of `expr` on the page, when it compiles and yields non-blank text.
    pub fn first(&self, expr: &str) -> Option<String> {
        let program = Program::compile(expr, &self.registry).ok()?;
        program
            .first_text(&self.page, None)
            .filter(|text| !text.trim().is_empty())
    }

    /// The elements matching a CSS selector (none when it does not parse).
    pub fn select(&self, css: &str) -> Vec<ElementRef<'a>> {
        match Selector::parse(css) {
            Ok(selector) => self.page.html.select(&selector).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// The `@type` of the first JSON-LD object that is an article with a headline.
    pub fn article_type(&self) -> Option<String> {
        self.page.jsonld().iter().find_map(|object| {
            object.get("headline")?;
            types(object).into_iter().find(|kind| is_article(kind))
        })
    }
}

fn types(object: &Json) -> Vec<String> {
    match object.get("@type") {
        Some(Json::String(kind)) => vec![kind.clone()],
        Some(Json::Array(kinds)) => kinds
            .iter()
            .filter_map(Json::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

fn is_article(kind: &str) -> bool {
    kind.ends_with("Article") || matches!(kind, "BlogPosting" | "LiveBlogPosting" | "Report")
}

/// The site's name: og:site_name, else the JSON-LD publisher's name, with where it came from.
pub(super) fn site_name(probe: &Probe<'_>, kind: Option<&str>) -> Option<(String, String)> {
    let publisher = kind.map(|kind| format!("ld({kind}.publisher.name)"));
    ["meta(og:site_name)".to_owned()]
        .into_iter()
        .chain(publisher)
        .find_map(|expr| probe.first(&expr).map(|name| (name, expr)))
}

/// The primary language subtag from `<html lang>`, og:locale or JSON-LD inLanguage.
pub(super) fn language(probe: &Probe<'_>, kind: Option<&str>) -> Option<(String, String)> {
    let in_language = kind.map(|kind| format!("ld({kind}.inLanguage)"));
    ["html | attr(lang)".to_owned(), "meta(og:locale)".to_owned()]
        .into_iter()
        .chain(in_language)
        .find_map(|expr| {
            let text = probe.first(&expr)?;
            let primary = text.split(['-', '_']).next()?.trim().to_ascii_lowercase();
            let valid = (2..=3).contains(&primary.len())
                && primary.chars().all(|c| c.is_ascii_alphabetic());
            valid.then_some((primary, expr))
        })
}

/// The UTC offset, in minutes, written at the end of a date such as `2024-05-14T09:12:00+02:00`.
pub(super) fn offset_minutes(date: &str) -> Option<i32> {
    let date = date.trim();
    if date.ends_with(['Z', 'z']) || date.ends_with("GMT") || date.ends_with("UTC") {
        return Some(0);
    }
    let at = date.rfind(['+', '-'])?;
    let (head, tail) = date.split_at(at);
    let digits: String = tail[1..].chars().filter(|c| *c != ':').collect();
    // A trailing `-14` could be the day of a bare date: an offset needs a time before it.
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) || !head.contains(':') {
        return None;
    }
    let sign = if tail.starts_with('-') { -1 } else { 1 };
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    Some(sign * (hours * 60 + minutes))
}

/// A representative IANA zone for an offset, the site's language and its top-level domain.
pub(super) fn zone_for(offset: i32, language: &str, tld: &str) -> Option<&'static str> {
    Some(match (offset, language) {
        (0, "en") if matches!(tld, "uk" | "ie") => "Europe/London",
        (0, "pt") => "Europe/Lisbon",
        (0, _) => "UTC",
        (60, "en") => "Europe/London",
        (60 | 120, "de" | "fr" | "it") if tld == "ch" => "Europe/Zurich",
        (60 | 120, "de") if tld == "at" => "Europe/Vienna",
        (60 | 120, "fr" | "nl") if tld == "be" => "Europe/Brussels",
        (60 | 120, "fr") => "Europe/Paris",
        (60 | 120, "es" | "ca") => "Europe/Madrid",
        (60 | 120, "it") => "Europe/Rome",
        (60 | 120, "nl") => "Europe/Amsterdam",
        (60 | 120, "pl") => "Europe/Warsaw",
        (60 | 120, "cs") => "Europe/Prague",
        (60 | 120, "da") => "Europe/Copenhagen",
        (60 | 120, "sv") => "Europe/Stockholm",
        (60 | 120, "no" | "nb" | "nn") => "Europe/Oslo",
        (60 | 120, "hu") => "Europe/Budapest",
        (120 | 180, "uk") => "Europe/Kyiv",
        (120 | 180, "el") => "Europe/Athens",
        (120 | 180, "fi") => "Europe/Helsinki",
        (60 | 120, _) => "Europe/Berlin",
        (180, "ru") => "Europe/Moscow",
        (180, "ar") => "Asia/Riyadh",
        (180, _) => "Europe/Istanbul",
        (330, _) => "Asia/Kolkata",
        (345, _) => "Asia/Kathmandu",
        (480, "zh") => "Asia/Shanghai",
        (480, _) => "Asia/Singapore",
        (540, "ko") => "Asia/Seoul",
        (540, _) => "Asia/Tokyo",
        (600 | 660, _) => "Australia/Sydney",
        (720 | 780, _) => "Pacific/Auckland",
        (-180, "es") => "America/Argentina/Buenos_Aires",
        (-180, _) => "America/Sao_Paulo",
        (-240 | -300, _) => "America/New_York",
        (-360, _) => "America/Chicago",
        (-420 | -480, _) => "America/Los_Angeles",
        _ => return None,
    })
}
