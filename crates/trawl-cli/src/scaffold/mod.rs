//! `trawl new`: a starting rule for a new site, written from one of its pages.
//!
//! Each field gets the reliable sources that yield something on the page (JSON-LD, meta tags,
//! then markup), and the body gets the element holding most of the page's long paragraphs.
//! The rule is compiled before it is returned; an entry that does not compile is left out.

mod body;
mod fields;
mod probe;
mod selector;
#[cfg(test)]
mod tests;
mod units;

use trawl_engine::{parse_html, Pack, Registry};
use trawl_rules::SourceText;

use self::probe::Probe;

/// A starting rule for a site, and why each field was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    /// The rule file's text (YAML), ready to write to `rules/<domain>.yaml`.
    pub yaml: String,
    /// One line per decision, e.g. `title: ld(NewsArticle.headline), then meta(og:title)`.
    pub notes: Vec<String>,
}

/// The title when no source yields one on the page.
const DEFAULT_TITLE: &str = "meta(og:title) || h1 | text";

/// One line of the rule below its header: a section, a key and a YAML value.
struct Entry {
    section: &'static str,
    key: String,
    value: String,
}

/// Builds a starting rule for `domain` from one page's HTML (`url` is the page's URL, if known).
pub fn scaffold_rule(domain: &str, html: &str, url: Option<&str>) -> Scaffold {
    let domain = domain.trim().to_ascii_lowercase();
    let document = parse_html(html);
    let mut notes = Vec::new();
    let mut entries = Vec::new();
    let Some(probe) = Probe::new(&document) else {
        return render_checked(
            &domain,
            url,
            &header(&domain, &domain, "", "UTC"),
            entries,
            notes,
        );
    };
    let kind = probe.article_type();
    notes.push(match &kind {
        Some(kind) => format!("JSON-LD article type: {kind}"),
        None => "JSON-LD: no article with a headline".to_owned(),
    });
    let name = probe::site_name(&probe, kind.as_deref()).map_or_else(
        || (domain.clone(), "the domain".to_owned()),
        |(name, source)| {
            (
                name.split_whitespace().collect::<Vec<_>>().join(" "),
                source,
            )
        },
    );
    notes.push(format!("name: {} ({})", name.0, name.1));
    let language = probe::language(&probe, kind.as_deref());
    if let Some((language, source)) = &language {
        notes.push(format!("language: {language} ({source})"));
    }
    let language = language.map(|(language, _)| language);
    let mut chosen = fields::choose_fields(&probe, kind.as_deref());
    if !chosen.iter().any(|choice| choice.key == "title") {
        chosen.insert(
            0,
            fields::Choice {
                key: "title",
                expr: DEFAULT_TITLE.into(),
                note: format!(
                    "title: {DEFAULT_TITLE}, a common default; nothing on the page gave one"
                ),
            },
        );
    }
    let zone = time_zone(
        &probe,
        &chosen,
        language.as_deref().unwrap_or(""),
        &domain,
        &mut notes,
    );
    for choice in chosen {
        notes.push(choice.note);
        entries.push(Entry {
            section: "fields",
            key: choice.key.into(),
            value: quoted(&choice.expr),
        });
    }
    match body::choose_body(&probe) {
        Some(body) => {
            let mut push = |key: &str, value: String| {
                entries.push(Entry {
                    section: "body",
                    key: key.into(),
                    value,
                })
            };
            if let Some(root) = body.root {
                push("root", quoted(&root));
            }
            if !body.remove.is_empty() {
                let items: Vec<String> = body
                    .remove
                    .iter()
                    .map(|css| format!("\n    - {}", quoted(css)))
                    .collect();
                push("remove", items.concat());
            }
            push("paragraphs", quoted(&body.paragraphs));
            if let Some(headlines) = body.headlines {
                push("headlines", quoted(&headlines));
            }
            notes.extend(body.notes);
        }
        None => notes.push("body: no long text found; the default (every <p> in <body>)".into()),
    }
    let head = header(&name.0, &domain, language.as_deref().unwrap_or(""), zone);
    render_checked(&domain, url, &head, entries, notes)
}

/// The rule's time zone, guessed from the UTC offset of the publication date.
fn time_zone(
    probe: &Probe<'_>,
    chosen: &[fields::Choice],
    language: &str,
    domain: &str,
    notes: &mut Vec<String>,
) -> &'static str {
    let tld = domain.rsplit('.').next().unwrap_or_default();
    let published = chosen.iter().find(|choice| choice.key == "published");
    // Read the date as the page writes it: the `date` filter would add the probe's own UTC.
    let offset = published
        .and_then(|choice| probe.first(choice.expr.trim_end_matches(" | date")))
        .and_then(|date| probe::offset_minutes(&date));
    let Some(offset) = offset else {
        // No offset to go by: the language's usual zone where it has one (Central Europe).
        const CENTRAL_EUROPE: &[&str] = &[
            "de", "fr", "it", "es", "nl", "pl", "cs", "da", "sv", "no", "nb", "hu",
        ];
        if let Some(zone) = CENTRAL_EUROPE
            .contains(&language)
            .then(|| probe::zone_for(60, language, tld))
            .flatten()
        {
            notes.push(format!("timezone: {zone}, a guess from the language ({language}); no date with an offset on the page; check it"));
            return zone;
        }
        notes.push("timezone: UTC (no publication date with an offset on the page)".into());
        return "UTC";
    };
    let written = format!(
        "{}{:02}:{:02}",
        if offset < 0 { '-' } else { '+' },
        offset.abs() / 60,
        offset.abs() % 60
    );
    match probe::zone_for(offset, language, tld) {
        Some(zone) => {
            notes.push(format!(
                "timezone: {zone}, a guess from the date's offset {written}; check it"
            ));
            zone
        }
        None => {
            notes.push(format!(
                "timezone: UTC; the date's offset {written} has no zone on file"
            ));
            "UTC"
        }
    }
}

/// The site-wide keys: name, hosts, language and time zone.
fn header(name: &str, domain: &str, language: &str, zone: &str) -> String {
    let mut head = format!("name: {}\nhosts: [{}]\n", quoted(name), quoted(domain));
    if !language.is_empty() {
        head.push_str(&format!("language: {language}\n"));
    }
    head.push_str(&format!("timezone: {zone}\n"));
    head
}

/// Renders the rule, leaving out entries until it compiles.
fn render_checked(
    domain: &str,
    url: Option<&str>,
    head: &str,
    mut entries: Vec<Entry>,
    mut notes: Vec<String>,
) -> Scaffold {
    let from = url.map_or_else(
        || "a saved page".to_owned(),
        |url| url.chars().filter(|c| !c.is_control()).collect(),
    );
    let comment = format!(
        "# yaml-language-server: $schema=./rule.schema.json\n# Generated by `trawl new` from {from}.\n# A starting point: review every field, add a fixture, and run `trawl check`.\n"
    );
    loop {
        let yaml = format!("{comment}{}", render(head, &entries));
        if compiles(domain, &yaml) || entries.is_empty() {
            return Scaffold { yaml, notes };
        }
        // Leave out the first entry that fails on its own, else the last one.
        let culprit = (0..entries.len())
            .find(|&i| !compiles(domain, &render(head, &entries[i..=i])))
            .unwrap_or(entries.len() - 1);
        let entry = entries.remove(culprit);
        notes.push(format!(
            "left out {}.{}: it did not compile",
            entry.section, entry.key
        ));
    }
}

fn render(head: &str, entries: &[Entry]) -> String {
    let mut yaml = head.to_owned();
    let mut section = "";
    let mut in_images = false;
    for entry in entries {
        if entry.section != section {
            section = entry.section;
            yaml.push_str(&format!("{section}:\n"));
        }
        match entry.key.strip_prefix("images.") {
            Some(key) => {
                if !in_images {
                    yaml.push_str("  images:\n");
                    in_images = true;
                }
                yaml.push_str(&format!("    {key}: {}\n", entry.value));
            }
            None if entry.value.starts_with('\n') => {
                yaml.push_str(&format!("  {}:{}\n", entry.key, entry.value));
            }
            None => yaml.push_str(&format!("  {}: {}\n", entry.key, entry.value)),
        }
    }
    yaml
}

fn compiles(domain: &str, yaml: &str) -> bool {
    let source = SourceText {
        path: format!("{domain}.yaml").into(),
        text: yaml.into(),
    };
    Pack::from_sources(vec![source], &Registry::standard()).is_ok()
}

/// A YAML single-quoted scalar, whitespace collapsed.
fn quoted(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("'{}'", text.replace('\'', "''"))
}
