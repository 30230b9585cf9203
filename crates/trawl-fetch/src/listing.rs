//! Reading the URLs out of feeds (RSS, Atom, JSON Feed) and sitemaps (plain, index, news).

use std::io::Read;

use chrono::{DateTime, NaiveDate, Utc};
use quick_xml::events::Event;
use quick_xml::Reader;

/// A URL a feed or sitemap lists, with the date it gives for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The URL.
    pub url: String,
    /// Its publication date (feed entry, `news:publication_date`) or last change
    /// (`lastmod`, feed `updated`), when given.
    pub date: Option<DateTime<Utc>>,
}

/// What a sitemap lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sitemap {
    /// Pages (`<urlset>`).
    pub pages: Vec<Listed>,
    /// Further sitemaps (`<sitemapindex>`).
    pub sitemaps: Vec<Listed>,
}

/// The entries of an RSS, Atom or JSON feed: each entry's first link.
pub fn read_feed(bytes: &[u8]) -> Result<Vec<Listed>, String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("not a feed: {e}"))?;
    Ok(feed
        .entries
        .into_iter()
        .filter_map(|entry| {
            let url = entry.links.first()?.href.clone();
            Some(Listed {
                url,
                date: entry.published.or(entry.updated),
            })
        })
        .collect())
}

/// The URLs of a sitemap or sitemap index (gzip-compressed or not), with `news:` dates
/// preferred to `lastmod`.
///
/// ```
/// let xml = br#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
///   <url><loc>https://example.com/a?x=1&amp;y=2</loc><lastmod>2024-05-14</lastmod></url>
/// </urlset>"#;
/// let sitemap = trawl_fetch::read_sitemap(xml).unwrap();
/// assert_eq!(sitemap.pages[0].url, "https://example.com/a?x=1&y=2");
/// assert_eq!(sitemap.pages[0].date.unwrap().to_rfc3339(), "2024-05-14T00:00:00+00:00");
/// ```
pub fn read_sitemap(bytes: &[u8]) -> Result<Sitemap, String> {
    let mut unzipped = Vec::new();
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_end(&mut unzipped)
            .map_err(|e| format!("bad gzip: {e}"))?;
        &unzipped
    } else {
        bytes
    };
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut sitemap = Sitemap::default();
    let mut path: Vec<String> = Vec::new();
    let mut entry = Entry::default();
    let mut text = String::new();
    let mut buf = Vec::new();
    let mut root = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("bad XML at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                root.get_or_insert_with(|| name.clone());
                path.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::CData(t) => text.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    text.push_str(predefined(&name));
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                match name.as_str() {
                    "loc" if path.last().is_some_and(|p| p == "url" || p == "sitemap") => {
                        entry.loc = Some(text.trim().to_owned());
                    }
                    "lastmod" => entry.lastmod = parse_date(text.trim()),
                    "publication_date" => entry.published = parse_date(text.trim()),
                    "url" | "sitemap" => {
                        let done = std::mem::take(&mut entry);
                        if let Some(url) = done.loc.filter(|u| !u.is_empty()) {
                            let listed = Listed {
                                url,
                                date: done.published.or(done.lastmod),
                            };
                            if name == "url" {
                                sitemap.pages.push(listed);
                            } else {
                                sitemap.sitemaps.push(listed);
                            }
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    match root.as_deref() {
        Some("urlset" | "sitemapindex") => Ok(sitemap),
        Some(other) => Err(format!("not a sitemap: the root element is <{other}>")),
        None => Err("not a sitemap: no XML element".to_owned()),
    }
}

#[derive(Default)]
struct Entry {
    loc: Option<String>,
    lastmod: Option<DateTime<Utc>>,
    published: Option<DateTime<Utc>>,
}

fn predefined(name: &str) -> &'static str {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
}

/// A W3C datetime as sitemaps write it: a day, or a full RFC 3339 time.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    if let Ok(date) = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M%:z") {
        return Some(date.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_sitemaps_give_the_publication_date() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://example.com/news/1</loc><lastmod>2024-06-01</lastmod>
    <news:news><news:publication><news:name>Example</news:name><news:language>en</news:language></news:publication>
    <news:publication_date>2024-05-14T08:30:00+02:00</news:publication_date><news:title>One</news:title></news:news>
  </url>
</urlset>"#;
        let sitemap = read_sitemap(xml).unwrap();
        assert_eq!(sitemap.pages.len(), 1);
        assert_eq!(
            sitemap.pages[0].date.unwrap().to_rfc3339(),
            "2024-05-14T06:30:00+00:00"
        );
    }

    #[test]
    fn sitemap_indexes_list_sitemaps() {
        let xml = br#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://example.com/sitemap-2024-05.xml</loc><lastmod>2024-05-31T23:00:00Z</lastmod></sitemap>
  <sitemap><loc><![CDATA[https://example.com/sitemap-2024-06.xml]]></loc></sitemap>
</sitemapindex>"#;
        let sitemap = read_sitemap(xml).unwrap();
        let urls: Vec<_> = sitemap.sitemaps.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://example.com/sitemap-2024-05.xml",
                "https://example.com/sitemap-2024-06.xml"
            ]
        );
        assert!(sitemap.pages.is_empty());
    }

    #[test]
    fn other_xml_is_not_a_sitemap() {
        assert!(read_sitemap(b"<rss><channel/></rss>").is_err());
    }

    #[test]
    fn rss_items_give_their_link_and_date() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>A</title><link>https://example.com/a</link><pubDate>Tue, 14 May 2024 08:00:00 GMT</pubDate></item>
<item><title>B</title><link>https://example.com/b</link></item>
</channel></rss>"#;
        let items = read_feed(rss).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].url, "https://example.com/a");
        assert_eq!(
            items[0].date.unwrap().to_rfc3339(),
            "2024-05-14T08:00:00+00:00"
        );
        assert_eq!(items[1].date, None);
    }
}
