//! Compiling a rule file into a [`Rule`]: every expression parsed, every filter resolved,
//! every problem reported with file:line:col.

use std::str::FromStr;

use chrono::NaiveDate;
use chrono_tz::Tz;
use regex::Regex;
use trawl_rules::{
    did_you_mean, Diagnostic, Exprs, FieldKind, LoadedRule, SiteMatcher, SourceText, RECORD_FIELDS,
};

use trawl_selector::ParseError;

use crate::fields::REFERABLE;
use crate::filters::Registry;
use crate::program::Program;
use crate::rule::{
    BodyProgram, CustomProgram, FieldPrograms, ImagesProgram, Programs, RelatedProgram, Rule,
    RuleVersion,
};

/// Compiles a loaded rule file, returning every problem found in it.
pub fn compile_rule(loaded: &LoadedRule, registry: &Registry) -> Result<Rule, Vec<Diagnostic>> {
    let mut compiler = Compiler {
        source: &loaded.source,
        registry,
        errors: Vec::new(),
        cursor: 0,
        filled: &REFERABLE,
        normalised: false,
    };
    let raw = &loaded.rule;
    let zone = compiler.timezone(raw.timezone.as_deref());
    let paths = raw
        .paths
        .iter()
        .filter_map(|path| compiler.regex("paths", path))
        .collect();
    if let Some(sources) = &raw.sources {
        // Checked here so a crawl never starts with a broken pattern or address.
        if let Some(articles) = &sources.articles {
            compiler.regex("articles", articles);
        }
        for filter in sources.sitemaps.iter().filter_map(|s| s.filter()) {
            compiler.regex("filter", filter);
        }
        let feeds = sources.feeds.iter().map(|url| ("feeds", url));
        let news = sources
            .news_sitemaps
            .iter()
            .map(|url| ("news_sitemaps", url));
        let sitemaps = sources.sitemaps.iter().map(|sitemap| match sitemap {
            trawl_rules::SitemapSource::Url(url) => ("sitemaps", url),
            trawl_rules::SitemapSource::Filtered { url, .. } => ("url", url),
        });
        for (key, url) in feeds.chain(news).chain(sitemaps) {
            if let Some(problem) = source_url_problem(url) {
                let help = "write the full address, e.g. `https://www.example.com/rss.xml`";
                compiler.error_at_value(key, url, problem, Some(help.into()));
            }
        }
    }
    for host in &raw.hosts {
        if let Some(problem) = trawl_rules::host_problem(host) {
            compiler.error_at_value("hosts", host, problem, None);
        }
    }
    if raw.hosts.is_empty() {
        compiler.error_at_key(
            "hosts",
            "a rule needs at least one host, e.g. `hosts: [example.com]`",
        );
    }
    let mut versions = Vec::new();
    let shorthand = raw.fields.is_some() || raw.body.is_some() || !raw.extra.is_empty();
    if shorthand && !raw.versions.is_empty() {
        // The shorthand would come first and fit every page, so the versions would never run.
        compiler.error_at_key(
            "versions",
            "a rule has either `versions` or top-level `fields`/`body`/`extra`, not both; move the top-level ones into a version",
        );
    }
    if shorthand {
        let single = trawl_rules::Version {
            name: None,
            since: None,
            until: None,
            when: None,
            fields: raw.fields.clone().unwrap_or_default(),
            body: raw.body.clone(),
            extra: raw.extra.clone(),
        };
        versions.push(compiler.version(&single, 0));
    }
    for version in &raw.versions {
        versions.push(compiler.version(version, versions.len()));
    }
    if versions.is_empty() {
        compiler.error_at_key(
            "name",
            "the rule has no `fields` or `versions`, so it extracts nothing",
        );
    }
    if compiler.errors.is_empty() {
        Ok(Rule {
            name: raw.name.clone(),
            path: loaded.source.path.clone(),
            matcher: SiteMatcher::new(&raw.hosts, paths),
            hosts: raw.hosts.clone(),
            language: raw.language.clone(),
            zone,
            plugins: raw.plugins.clone(),
            sources: raw.sources.clone(),
            origin: raw.origin.clone(),
            versions,
        })
    } else {
        Err(compiler.errors)
    }
}

/// Why a feed or sitemap address cannot be fetched, if it cannot: it must be an absolute
/// http(s) URL.
fn source_url_problem(url: &str) -> Option<String> {
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => None,
        Ok(parsed) => Some(format!(
            "`{url}` is a {} URL; feeds and sitemaps are fetched over http(s)",
            parsed.scheme()
        )),
        Err(error) => Some(format!("`{url}` is not a URL: {error}")),
    }
}

/// The expression errors of a rule file whose YAML does not fit the schema (an unknown key, a
/// wrong type), so one structural mistake does not hide them: every string under `fields`,
/// `body`, `extra` and `when` (in `versions` too) is compiled as an expression.
pub fn expression_errors(source: &SourceText, registry: &Registry) -> Vec<Diagnostic> {
    let Ok(yaml) = serde_yaml::from_str::<serde_yaml::Value>(&source.text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    expressions_in(&yaml, None, false, &mut found);
    let mut compiler = Compiler {
        source,
        registry,
        errors: Vec::new(),
        cursor: 0,
        filled: &REFERABLE,
        normalised: false,
    };
    for (key, text) in found {
        compiler.normalised = RECORD_FIELDS
            .iter()
            .any(|spec| spec.name == key && spec.kind == FieldKind::Authors);
        compiler.expr(&key, &text);
    }
    compiler.errors
}

/// Collects `(key, text)` for the expression strings in `yaml`, in file order.
fn expressions_in(
    yaml: &serde_yaml::Value,
    key: Option<&str>,
    inside: bool,
    out: &mut Vec<(String, String)>,
) {
    use serde_yaml::Value as Yaml;
    match yaml {
        Yaml::String(text) if inside => {
            if let Some(key) = key {
                out.push((key.to_owned(), text.clone()));
            }
        }
        Yaml::Sequence(items) => {
            for item in items {
                expressions_in(item, key, inside || key == Some("versions"), out);
            }
        }
        Yaml::Mapping(map) => {
            for (name, value) in map {
                let Some(name) = name.as_str() else { continue };
                let holds = matches!(name, "fields" | "body" | "extra" | "when");
                let skip = !inside && matches!(name, "plugins");
                if !skip {
                    let inside = (inside && key != Some("versions") || holds)
                        && !matches!(name, "since" | "until" | "name" | "plugins");
                    expressions_in(value, Some(name), inside, out);
                }
            }
        }
        _ => {}
    }
}

struct Compiler<'r> {
    source: &'r SourceText,
    registry: &'r Registry,
    errors: Vec<Diagnostic>,
    cursor: usize,
    /// The fields filled before the expression being compiled, which `without(...)` may name.
    filled: &'static [&'static str],
    /// Whether the expression being compiled fills a field with its own normaliser, which
    /// `raw` may skip.
    normalised: bool,
}

impl Compiler<'_> {
    fn version(&mut self, raw: &trawl_rules::Version, index: usize) -> RuleVersion {
        let fields = &raw.fields;
        RuleVersion {
            label: raw
                .name
                .clone()
                .unwrap_or_else(|| format!("version {}", index + 1)),
            since: raw.since.as_deref().and_then(|day| self.day("since", day)),
            until: raw.until.as_deref().and_then(|day| self.day("until", day)),
            when: {
                // `when` runs before any field is filled.
                self.filled = &[];
                let when = raw.when.as_deref().and_then(|text| self.expr("when", text));
                self.filled = &REFERABLE;
                when
            },
            fields: FieldPrograms {
                values: RECORD_FIELDS
                    .iter()
                    .filter_map(|spec| {
                        let exprs = fields.exprs(spec.name);
                        self.normalised = spec.kind == FieldKind::Authors;
                        let programs = if spec.referable {
                            self.field(spec.name, exprs)
                        } else {
                            self.exprs(spec.name, exprs)
                        };
                        self.normalised = false;
                        Some((*spec, programs?))
                    })
                    .collect(),
                images: fields.images.as_ref().map(|images| ImagesProgram {
                    cover: self.exprs("cover", images.cover.as_ref()),
                    each: images
                        .each
                        .as_deref()
                        .and_then(|each| self.expr("each", each)),
                    url: self
                        .exprs("url", images.url.as_ref())
                        .unwrap_or_else(|| self.default_program("img | attr(src) | absolute")),
                    caption: self.exprs("caption", images.caption.as_ref()),
                    alt: self.exprs("alt", images.alt.as_ref()),
                    credit: self.exprs("credit", images.credit.as_ref()),
                }),
                related: fields.related.as_ref().and_then(|related| {
                    // Compile every part before giving up, so all errors are reported.
                    let each = self.expr("each", &related.each);
                    let title = self.exprs("title", Some(&related.title));
                    let url = self.exprs("url", related.url.as_ref());
                    let summary = self.exprs("summary", related.summary.as_ref());
                    Some(RelatedProgram {
                        each: each?,
                        title: title?,
                        url,
                        summary,
                    })
                }),
            },
            body: raw.body.as_ref().and_then(|body| {
                let root = body.root.as_deref().unwrap_or("body");
                let paragraphs = body.paragraphs.as_deref().unwrap_or("p");
                let root = self.expr("root", root);
                let remove = body
                    .remove
                    .iter()
                    .filter_map(|r| self.expr("remove", r))
                    .collect();
                let summary = self.exprs("summary", body.summary.as_ref());
                let paragraphs = self.expr("paragraphs", paragraphs);
                let headlines = body
                    .headlines
                    .as_deref()
                    .and_then(|h| self.expr("headlines", h));
                Some(BodyProgram {
                    root: root?,
                    remove,
                    summary,
                    paragraphs: paragraphs?,
                    headlines,
                })
            }),
            extra: {
                // Compiled in file order (each expression is found after the one before),
                // kept in key order.
                let mut extra: Vec<(String, CustomProgram)> = raw
                    .extra
                    .iter()
                    .filter_map(|(key, custom)| Some((key.clone(), self.custom(key, custom)?)))
                    .collect();
                extra.sort_by(|a, b| a.0.cmp(&b.0));
                extra
            },
        }
    }

    fn custom(&mut self, key: &str, custom: &trawl_rules::Custom) -> Option<CustomProgram> {
        Some(match custom {
            trawl_rules::Custom::One(text) => CustomProgram::One(self.expr(key, text)?),
            trawl_rules::Custom::All(all) => CustomProgram::All(self.exprs("all", Some(&all.all))?),
            trawl_rules::Custom::Each(each) => CustomProgram::Each {
                each: self.expr("each", &each.each)?,
                fields: each
                    .fields
                    .iter()
                    .filter_map(|(name, text)| Some((name.clone(), self.expr(name, text)?)))
                    .collect(),
            },
        })
    }

    /// Compiles a record field that others may name: it can name only the fields before it.
    fn field(&mut self, key: &str, exprs: Option<&Exprs>) -> Option<Programs> {
        let position = REFERABLE
            .iter()
            .position(|known| *known == key)
            .unwrap_or(0);
        self.filled = &REFERABLE[..position];
        let programs = self.exprs(key, exprs);
        self.filled = &REFERABLE;
        programs
    }

    fn exprs(&mut self, key: &str, exprs: Option<&Exprs>) -> Option<Programs> {
        let programs: Vec<Program> = exprs?
            .iter()
            .filter_map(|text| self.expr(key, text))
            .collect();
        (!programs.is_empty()).then_some(Programs(programs))
    }

    /// Compiles one expression, turning its errors into diagnostics at their place in the file.
    fn expr(&mut self, key: &str, text: &str) -> Option<Program> {
        let location = self.source.locate(key, text, self.cursor);
        if location.verbatim {
            self.cursor = location.offset + text.len();
        }
        let compiled = Program::compile(text, self.registry).and_then(|program| {
            let early: Vec<ParseError> = program
                .references
                .iter()
                .filter(|(name, _)| !self.filled.contains(&name.as_str()))
                .map(|(name, span)| {
                    ParseError::new(
                        format!("`{name}` is not filled yet when `{key}` is read"),
                        span.clone(),
                    )
                    .with_help(format!(
                        "fields are filled in the order {}, then the others; `{key}` can name {}",
                        REFERABLE.join(", "),
                        if self.filled.is_empty() {
                            "none of them".to_owned()
                        } else {
                            self.filled.join(", ")
                        }
                    ))
                })
                .collect();
            let raw = program
                .raw_calls
                .iter()
                .filter(|_| !self.normalised)
                .map(|span| {
                    ParseError::new(format!("`raw` has no effect in `{key}`"), span.clone())
                        .with_help("only `authors` has a normaliser for `raw` to skip")
                });
            let early: Vec<ParseError> = early.into_iter().chain(raw).collect();
            if early.is_empty() {
                Ok(program)
            } else {
                Err(early)
            }
        });
        match compiled {
            Ok(program) => Some(program),
            Err(errors) => {
                for error in errors {
                    let span = if location.verbatim {
                        location.offset + error.span.start..location.offset + error.span.end
                    } else {
                        location.offset..location.offset + key.len()
                    };
                    let diagnostic = Diagnostic::at(self.source, span, error.message);
                    self.errors.push(diagnostic.with_help(error.help));
                }
                None
            }
        }
    }

    fn default_program(&self, text: &str) -> Programs {
        let program = Program::compile(text, self.registry).unwrap_or_else(|errors| {
            panic!("built-in expression `{text}` must compile: {errors:?}")
        });
        Programs(vec![program])
    }

    fn timezone(&mut self, zone: Option<&str>) -> Tz {
        let Some(zone) = zone else { return Tz::UTC };
        Tz::from_str(zone).unwrap_or_else(|_| {
            let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
            let help = did_you_mean(zone, names)
                .or_else(|| Some("use an IANA zone name such as `Europe/Berlin`".to_owned()));
            self.error_at_value(
                "timezone",
                zone,
                format!("unknown time zone `{zone}`"),
                help,
            );
            Tz::UTC
        })
    }

    fn day(&mut self, key: &str, day: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
            .map_err(|_| {
                let help = Some("write days as YYYY-MM-DD, e.g. 2024-01-31".to_owned());
                self.error_at_value(key, day, format!("`{day}` is not a day"), help);
            })
            .ok()
    }

    fn regex(&mut self, key: &str, pattern: &str) -> Option<Regex> {
        Regex::new(pattern)
            .map_err(|error| {
                let detail = error.to_string();
                let detail = detail
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .trim_start_matches("error: ");
                self.error_at_value(key, pattern, format!("invalid regex: {detail}"), None);
            })
            .ok()
    }

    fn error_at_value(&mut self, key: &str, value: &str, message: String, help: Option<String>) {
        let location = self.source.locate(key, value, 0);
        let width = if location.verbatim {
            value.len()
        } else {
            key.len()
        };
        let diagnostic = Diagnostic::at(
            self.source,
            location.offset..location.offset + width,
            message,
        );
        self.errors.push(diagnostic.with_help(help));
    }

    fn error_at_key(&mut self, key: &str, message: &str) {
        let offset = self.source.key_offset(key, 0).unwrap_or(0);
        self.errors.push(Diagnostic::at(
            self.source,
            offset..offset + key.len(),
            message,
        ));
    }
}
