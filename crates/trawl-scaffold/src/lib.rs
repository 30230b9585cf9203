//! `trawl new`: a starting rule for a new site, written from one of its pages.
//!
//! Each field gets the reliable sources that yield something on the page (JSON-LD, meta tags,
//! then markup), and the body gets the element holding most of the page's long paragraphs.
//! The rule is compiled before it is returned; an entry that does not compile is left out.

mod body;
mod fields;
mod probe;
#[cfg(test)]
mod quality;
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
    /// The layout a body entry belongs to; `None` for the fields all layouts share.
    layout: Option<usize>,
    key: String,
    value: String,
}

/// One page of the site to learn from.
#[derive(Debug, Clone, Copy)]
pub struct SamplePage<'a> {
    /// The page's HTML, decoded.
    pub html: &'a str,
    /// The page's URL, if known.
    pub url: Option<&'a str>,
}

/// Builds a starting rule for `domain` from one page's HTML (`url` is the page's URL, if known).
/// The rule header points at `./rule.schema.json`, the schema beside the bundled rules.
pub fn scaffold_rule(domain: &str, html: &str, url: Option<&str>) -> Scaffold {
    scaffold_site(
        domain,
        &[SamplePage { html, url }],
        Some("./rule.schema.json"),
    )
}

/// Builds a starting rule for `domain` from several pages of the site: fields and selectors
/// that hold on all of them, and one version per layout when no body root does.
/// `schema` is the rule schema's path relative to where the rule is written, if there is one.
pub fn scaffold_site(domain: &str, pages: &[SamplePage<'_>], schema: Option<&str>) -> Scaffold {
    let domain = domain.trim().to_ascii_lowercase();
    let documents: Vec<scraper::Html> = pages.iter().map(|page| parse_html(page.html)).collect();
    let urls: Vec<&str> = pages.iter().filter_map(|page| page.url).collect();
    let mut notes = Vec::new();
    let mut entries = Vec::new();
    let probes: Vec<Probe<'_>> = documents.iter().filter_map(Probe::new).collect();
    let header = |head: &str| Header {
        schema,
        from: urls.clone(),
        head: head.to_owned(),
        layouts: Vec::new(),
    };
    if probes.is_empty() {
        let head = header(&site_keys(&domain, &hosts(&domain, &urls), "", "UTC"));
        return render_checked(&domain, &head, entries, notes);
    }
    if probes.len() > 1 {
        notes.push(format!("learnt from {} pages", probes.len()));
    }
    let kind = article_type(&probes);
    notes.push(match &kind {
        Some(kind) => format!("JSON-LD article type: {kind}"),
        None => "JSON-LD: no article with a headline".to_owned(),
    });
    let name = probes
        .iter()
        .find_map(|probe| probe::site_name(probe, kind.as_deref()))
        .map_or_else(
            || (domain.clone(), "the domain".to_owned()),
            |(name, source)| {
                (
                    name.split_whitespace().collect::<Vec<_>>().join(" "),
                    source,
                )
            },
        );
    notes.push(format!("name: {} ({})", name.0, name.1));
    let language = probes
        .iter()
        .find_map(|probe| probe::language(probe, kind.as_deref()));
    if let Some((language, source)) = &language {
        notes.push(format!("language: {language} ({source})"));
    }
    let language = language.map(|(language, _)| language);
    let mut chosen = fields::choose_fields(&probes, kind.as_deref());
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
        &probes,
        &chosen,
        language.as_deref().unwrap_or(""),
        &domain,
        &mut notes,
    );
    for choice in chosen {
        notes.push(choice.note);
        entries.push(Entry {
            section: "fields",
            layout: None,
            key: choice.key.into(),
            value: quoted(&choice.expr),
        });
    }
    let layouts = body::choose_layouts(&probes);
    if layouts.is_empty() {
        notes.push("body: no long text found; the default (every <p> in <body>)".into());
    }
    let mut head = header(&site_keys(
        &name.0,
        &hosts(&domain, &urls),
        language.as_deref().unwrap_or(""),
        zone,
    ));
    if layouts.len() > 1 {
        notes.push(format!(
            "no body root holds on every page: {} versions, one per layout",
            layouts.len()
        ));
    }
    for (n, layout) in layouts.into_iter().enumerate() {
        let body = layout.body;
        let mut push = |key: &str, value: String| {
            entries.push(Entry {
                section: "body",
                layout: Some(n),
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
        if let Some(summary) = body.summary {
            push("summary", quoted(&summary));
        }
        push("paragraphs", quoted(&body.paragraphs));
        if let Some(headlines) = body.headlines {
            push("headlines", quoted(&headlines));
        }
        notes.extend(body.notes);
        let pages: Vec<String> = layout
            .pages
            .iter()
            .map(|&i| {
                pages[i]
                    .url
                    .map_or_else(|| format!("page {}", i + 1), str::to_owned)
            })
            .collect();
        head.layouts.push(Version {
            name: format!("layout {}", n + 1),
            when: layout.when,
            pages,
        });
    }
    render_checked(&domain, &head, entries, notes)
}

/// The pages' JSON-LD article type: the one they share, `*Article` when they differ but all
/// are articles, else the first page's.
fn article_type(probes: &[Probe<'_>]) -> Option<String> {
    let kinds: Vec<String> = probes.iter().filter_map(Probe::article_type).collect();
    let first = kinds.first()?;
    if kinds.iter().all(|kind| kind == first) {
        Some(first.clone())
    } else if kinds.iter().all(|kind| kind.ends_with("Article")) {
        Some("*Article".to_owned())
    } else {
        Some(first.clone())
    }
}

/// The `$schema` path for a rule written in `rules_dir`: `./rule.schema.json` when the schema
/// is there, else the relative path to the nearest `rules/rule.schema.json` above it (the
/// repository's), else `None`. `rules_dir` must exist.
pub fn schema_reference(rules_dir: &std::path::Path) -> Option<String> {
    let dir = rules_dir.canonicalize().ok()?;
    if dir.join("rule.schema.json").is_file() {
        return Some("./rule.schema.json".to_owned());
    }
    dir.ancestors()
        .enumerate()
        .skip(1)
        .find(|(_, above)| above.join("rules/rule.schema.json").is_file())
        .map(|(up, _)| format!("{}rules/rule.schema.json", "../".repeat(up)))
}

/// The rule's time zone, guessed from the UTC offset of the publication date.
fn time_zone(
    probes: &[Probe<'_>],
    chosen: &[fields::Choice],
    language: &str,
    domain: &str,
    notes: &mut Vec<String>,
) -> &'static str {
    let tld = domain.rsplit('.').next().unwrap_or_default();
    let published = chosen.iter().find(|choice| choice.key == "published");
    // Read the date as the page writes it: the `date` filter would add the probe's own UTC.
    let offset = published.and_then(|choice| {
        probes.iter().find_map(|probe| {
            let date = probe.first(choice.expr.trim_end_matches(" | date"))?;
            probe::offset_minutes(&date)
        })
    });
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

/// The hosts the rule serves: `domain`, then each page's host that it does not cover (a
/// host covers its subdomains), `www.` left out.
fn hosts(domain: &str, urls: &[&str]) -> Vec<String> {
    let mut hosts = vec![domain.to_owned()];
    for url in urls {
        let host = url.split('/').nth(2).unwrap_or_default();
        let host = host
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
        let covered = hosts
            .iter()
            .any(|known| host == *known || host.ends_with(&format!(".{known}")));
        if !host.is_empty() && !covered {
            hosts.push(host);
        }
    }
    hosts
}

/// The site-wide keys: name, hosts, language and time zone.
fn site_keys(name: &str, hosts: &[String], language: &str, zone: &str) -> String {
    let listed: Vec<String> = hosts.iter().map(|host| quoted(host)).collect();
    let mut head = format!("name: {}\nhosts: [{}]\n", quoted(name), listed.join(", "));
    if !language.is_empty() {
        head.push_str(&format!("language: {language}\n"));
    }
    head.push_str(&format!("timezone: {zone}\n"));
    head
}

/// What the rule says before its fields: the comment, the site-wide keys, the layouts.
struct Header<'a> {
    /// The schema's path relative to the rule file.
    schema: Option<&'a str>,
    /// The pages' URLs.
    from: Vec<&'a str>,
    /// The site-wide keys.
    head: String,
    /// One version per layout when there are several.
    layouts: Vec<Version>,
}

/// A version of the rule, for one layout.
struct Version {
    name: String,
    when: Option<String>,
    /// The pages it was learnt from.
    pages: Vec<String>,
}

/// Renders the rule, leaving out entries until it compiles.
fn render_checked(
    domain: &str,
    header: &Header<'_>,
    mut entries: Vec<Entry>,
    mut notes: Vec<String>,
) -> Scaffold {
    let clean = |url: &str| -> String { url.chars().filter(|c| !c.is_control()).collect() };
    let from = match header.from.as_slice() {
        [] => "a saved page".to_owned(),
        [url] => clean(url),
        urls => format!("{} pages ({} and others)", urls.len(), clean(urls[0])),
    };
    let schema = header.schema.map_or_else(String::new, |path| {
        format!("# yaml-language-server: $schema={}\n", clean(path))
    });
    let comment = format!(
        "{schema}# Generated by `trawl new` from {from}.\n# A starting point: review every field, add a fixture, and run `trawl check`.\n"
    );
    loop {
        let yaml = format!("{comment}{}", render(header, &entries));
        if compiles(domain, &yaml) || entries.is_empty() {
            return Scaffold { yaml, notes };
        }
        // Leave out the first entry that fails on its own, else the last one.
        let culprit = (0..entries.len())
            .find(|&i| !compiles(domain, &render(header, &entries[i..=i])))
            .unwrap_or(entries.len() - 1);
        let entry = entries.remove(culprit);
        notes.push(format!(
            "left out {}.{}: it did not compile",
            entry.section, entry.key
        ));
    }
}

/// The rule's YAML: the site-wide keys, then `fields` and `body`, or one version per layout.
fn render(header: &Header<'_>, entries: &[Entry]) -> String {
    let mut yaml = header.head.clone();
    if header.layouts.len() <= 1 {
        yaml.push_str(&render_sections(entries, ""));
        return yaml;
    }
    yaml.push_str("versions:\n");
    for (n, version) in header.layouts.iter().enumerate() {
        yaml.push_str(&format!("  # learnt from {}\n", version.pages.join(", ")));
        yaml.push_str(&format!("  - name: {}\n", quoted(&version.name)));
        if let Some(when) = &version.when {
            yaml.push_str(&format!("    when: {}\n", quoted(when)));
        }
        let mine: Vec<&Entry> = entries
            .iter()
            .filter(|entry| entry.layout.is_none_or(|layout| layout == n))
            .collect();
        yaml.push_str(&render_sections(&mine, "    "));
    }
    yaml
}

fn render_sections<E: std::borrow::Borrow<Entry>>(entries: &[E], indent: &str) -> String {
    let mut yaml = String::new();
    let mut section = "";
    let mut in_images = false;
    for entry in entries {
        let entry = entry.borrow();
        if entry.section != section {
            section = entry.section;
            yaml.push_str(&format!("{indent}{section}:\n"));
        }
        match entry.key.strip_prefix("images.") {
            Some(key) => {
                if !in_images {
                    yaml.push_str(&format!("{indent}  images:\n"));
                    in_images = true;
                }
                yaml.push_str(&format!("{indent}    {key}: {}\n", entry.value));
            }
            None if entry.value.starts_with('\n') => {
                let value = entry.value.replace('\n', &format!("\n{indent}"));
                yaml.push_str(&format!("{indent}  {}:{value}\n", entry.key));
            }
            None => yaml.push_str(&format!("{indent}  {}: {}\n", entry.key, entry.value)),
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
