//! A rule pack: the rules of one or more folders, layered, each compiled on first use, and
//! choosing the one for a page.
//!
//! Choosing a rule reads only each file's head (name, hosts, paths, plugins), so start-up
//! does not grow with the pack; [`Pack::check_all`] compiles every rule, as `trawl check`
//! does.

mod head;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use trawl_rules::{did_you_mean, parse_rule, read_dir, Diagnostic, SiteMatcher, SourceText};
use url::Url;

use crate::compile::{compile_rule, expression_errors};
use crate::extract::Probes;
use crate::filters::Registry;
use crate::rule::Rule;
use head::Head;

/// The rules of a pack: indexed by host at once, compiled on first use.
pub struct Pack {
    entries: Vec<Entry>,
    /// Where each layer came from, the one consulted first first.
    layers: Vec<String>,
    registry: Registry,
    probes: Probes,
}

/// One rule file of a pack.
struct Entry {
    source: SourceText,
    /// Its layer: 0 is consulted first.
    layer: usize,
    name: String,
    plugins: Vec<String>,
    matcher: SiteMatcher,
    compiled: OnceLock<Result<Rule, Vec<Diagnostic>>>,
}

impl Entry {
    /// The compiled rule, compiling it the first time.
    fn rule(&self, registry: &Registry) -> Result<&Rule, &[Diagnostic]> {
        self.compiled
            .get_or_init(|| compile_source(&self.source, registry))
            .as_ref()
            .map_err(Vec::as_slice)
    }

    fn is_named(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
            || self
                .stem()
                .is_some_and(|stem| stem.eq_ignore_ascii_case(name))
    }

    fn stem(&self) -> Option<&str> {
        self.source.path.file_stem()?.to_str()
    }
}

/// Why a pack could not be loaded.
#[derive(Debug)]
pub enum PackError {
    /// The rules folder could not be read.
    Io(std::io::Error),
    /// Rule files have problems; every one is listed.
    Invalid(Vec<Diagnostic>),
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackError::Io(error) => write!(f, "cannot read the rules: {error}"),
            PackError::Invalid(errors) => {
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    writeln!(f, "{error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for PackError {}

/// Why the rule for a page cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// No rule of the pack has this name; a close name, if any.
    Unknown(Option<String>),
    /// The rule file has errors (found when it was first used); the first one.
    Invalid(String),
}

impl Pack {
    /// Loads and compiles every rule file under `dir`; all problems are reported together,
    /// and any problem makes the pack unusable (see [`Pack::index`] to keep the good rules).
    pub fn load_dir(dir: &Path, registry: &Registry) -> Result<Pack, PackError> {
        let (sources, mut errors) = read_dir(dir).map_err(PackError::Io)?;
        let (pack, more) = Self::partial_from_sources(sources, registry);
        errors.extend(more);
        if errors.is_empty() {
            Ok(pack.labelled(dir.display().to_string()))
        } else {
            errors.sort_by(|a, b| a.file.cmp(&b.file));
            Err(PackError::Invalid(errors))
        }
    }

    /// Compiles rule files given as text (e.g. embedded in a binary); any problem makes the
    /// pack unusable.
    pub fn from_sources(sources: Vec<SourceText>, registry: &Registry) -> Result<Pack, PackError> {
        let (pack, errors) = Self::partial_from_sources(sources, registry);
        if errors.is_empty() {
            Ok(pack)
        } else {
            Err(PackError::Invalid(errors))
        }
    }

    /// Compiles every rule file of `sources` that has no problem, and returns the problems of
    /// the others, which are left out. A file that reuses an earlier file's rule name or host
    /// is left out.
    pub fn partial_from_sources(
        sources: Vec<SourceText>,
        registry: &Registry,
    ) -> (Pack, Vec<Diagnostic>) {
        let (pack, mut errors) = Self::build(sources, registry, true);
        errors.sort_by(|a, b| a.file.cmp(&b.file));
        (pack, errors)
    }

    /// Indexes rule files by host without compiling them: each is compiled when a page first
    /// needs it. Returns the problems found in the heads (the name, hosts and paths), whose
    /// files are left out; the rest of a file is checked by [`Pack::check_all`] or on first use.
    pub fn index(sources: Vec<SourceText>, registry: &Registry) -> (Pack, Vec<Diagnostic>) {
        Self::build(sources, registry, false)
    }

    /// Indexes `sources`; when `eager`, compiles each first, and a file that does not compile
    /// is left out before it claims a host.
    fn build(
        sources: Vec<SourceText>,
        registry: &Registry,
        eager: bool,
    ) -> (Pack, Vec<Diagnostic>) {
        let mut entries: Vec<Entry> = Vec::new();
        let mut errors = Vec::new();
        // Each host entry (and whether it is exact), with the rule that claimed it first.
        let mut claimed: HashMap<(String, bool), usize> = HashMap::new();
        for source in sources {
            let Some((head, matcher)) = Head::read(&source) else {
                errors.extend(compile_source(&source, registry).err().unwrap_or_else(|| {
                    vec![Diagnostic::whole_file(
                        source.path.clone(),
                        "the rule's name and hosts cannot be read".to_owned(),
                    )]
                }));
                continue;
            };
            let compiled = OnceLock::new();
            if eager {
                match compile_source(&source, registry) {
                    Ok(rule) => {
                        let _ = compiled.set(Ok(rule));
                    }
                    Err(more) => {
                        errors.extend(more);
                        continue;
                    }
                }
            }
            let clashes = clashes(&source, &head, &matcher, &entries, &claimed);
            if !clashes.is_empty() {
                errors.extend(clashes);
                continue;
            }
            for host in matcher.hosts() {
                claimed.entry(host.clone()).or_insert(entries.len());
            }
            entries.push(Entry {
                source,
                layer: 0,
                name: head.name,
                plugins: head.plugins.into_iter().map(|p| p.name).collect(),
                matcher,
                compiled,
            });
        }
        let pack = Pack {
            entries,
            layers: vec!["the rules given".to_owned()],
            registry: registry.clone(),
            probes: Probes::new(registry),
        };
        (pack, errors)
    }

    /// Names this pack's (single) layer, as "no rule" messages show it.
    pub fn labelled(mut self, label: String) -> Pack {
        if let [only] = self.layers.as_mut_slice() {
            *only = label;
        }
        self
    }

    /// This pack layered over `lower`: a page whose host one of this pack's rules serves gets
    /// that rule; other pages get `lower`'s.
    pub fn over(mut self, lower: Pack) -> Pack {
        let offset = self.layers.len();
        self.layers.extend(lower.layers);
        self.entries
            .extend(lower.entries.into_iter().map(|entry| Entry {
                layer: entry.layer + offset,
                ..entry
            }));
        self
    }

    /// Where the rules come from, the layer consulted first first.
    pub fn layers(&self) -> &[String] {
        &self.layers
    }

    /// The layers as one phrase for messages: `rules (--rules), then the bundled pack`.
    pub fn searched(&self) -> String {
        self.layers.join(", then ")
    }

    /// Compiles every rule not compiled yet and returns every problem, by file.
    pub fn check_all(&self) -> Vec<Diagnostic> {
        let mut errors: Vec<Diagnostic> = self
            .entries
            .iter()
            .filter_map(|entry| entry.rule(&self.registry).err())
            .flatten()
            .cloned()
            .collect();
        errors.sort_by(|a, b| a.file.cmp(&b.file));
        errors
    }

    pub(crate) fn probes(&self) -> &Probes {
        &self.probes
    }

    /// How many rule files the pack holds (compiled or not).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the pack holds no rule file.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every rule that compiles, by layer then file order (this compiles them all).
    pub fn rules(&self) -> Vec<&Rule> {
        self.entries
            .iter()
            .filter_map(|entry| entry.rule(&self.registry).ok())
            .collect()
    }

    /// Every rule of one layer that compiles (0: the layer consulted first), in file order.
    pub fn rules_of_layer(&self, layer: usize) -> Vec<&Rule> {
        self.entries
            .iter()
            .filter(|entry| entry.layer == layer)
            .filter_map(|entry| entry.rule(&self.registry).ok())
            .collect()
    }

    /// The names of the plugins the rules run, each once, without compiling the rules.
    pub fn plugin_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .entries
            .iter()
            .flat_map(|entry| entry.plugins.iter().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The rule serving `url`: from the first layer with a rule for its host, the one with
    /// the most specific matching host. `Ok(None)` when no rule serves it; an error when the
    /// rule's file has errors.
    pub fn rule_for(&self, url: &Url) -> Result<Option<&Rule>, Unusable> {
        let best = self
            .entries
            .iter()
            .filter_map(|entry| entry.matcher.score(url).map(|score| (entry, score)))
            .max_by_key(|(entry, score)| (std::cmp::Reverse(entry.layer), *score));
        match best {
            None => Ok(None),
            Some((entry, _)) => self.compiled(entry).map(Some),
        }
    }

    /// The rule called `name` (its name or its file stem, any case; the first layer's first),
    /// or why it cannot be used.
    pub fn rule_named(&self, name: &str) -> Result<&Rule, Unusable> {
        match self.entries.iter().find(|entry| entry.is_named(name)) {
            Some(entry) => self.compiled(entry),
            None => {
                let stems = self.entries.iter().filter_map(Entry::stem);
                let names = self.entries.iter().map(|entry| entry.name.as_str());
                Err(Unusable::Unknown(did_you_mean(
                    &name.to_lowercase(),
                    stems.chain(names),
                )))
            }
        }
    }

    fn compiled<'a>(&'a self, entry: &'a Entry) -> Result<&'a Rule, Unusable> {
        entry.rule(&self.registry).map_err(|errors| {
            let first = errors
                .first()
                .map_or_else(String::new, |error| format!(": {}", error.message));
            Unusable::Invalid(format!(
                "the rule file {} has errors{first}; `trawl check` shows them",
                entry.source.path.display()
            ))
        })
    }
}

/// Parses and compiles one rule file.
fn compile_source(source: &SourceText, registry: &Registry) -> Result<Rule, Vec<Diagnostic>> {
    parse_rule(source)
        .map_err(|error| {
            let mut errors = vec![error];
            errors.extend(expression_errors(source, registry));
            errors
        })
        .and_then(|loaded| compile_rule(&loaded, registry))
}

/// The errors of a file whose name or hosts an earlier file of the same layer claims.
fn clashes(
    source: &SourceText,
    head: &Head,
    matcher: &SiteMatcher,
    entries: &[Entry],
    claimed: &HashMap<(String, bool), usize>,
) -> Vec<Diagnostic> {
    let mut clashes = Vec::new();
    if let Some(other) = entries.iter().find(|e| e.name == head.name) {
        let offset = source.key_offset("name", 0).unwrap_or(0);
        clashes.push(Diagnostic::at(
            source,
            offset..offset + 4,
            format!(
                "the rule name `{}` is already used by {}",
                head.name,
                other.source.path.display()
            ),
        ));
    }
    for (entry, (host, exact)) in head.hosts.iter().zip(matcher.hosts()) {
        let Some(&index) = claimed.get(&(host.clone(), *exact)) else {
            continue;
        };
        let other = &entries[index];
        // Rules narrowed by `paths` may share a host.
        if other.matcher.has_paths() && matcher.has_paths() {
            continue;
        }
        let location = source.locate("hosts", entry, 0);
        let width = if location.verbatim { entry.len() } else { 5 };
        clashes.push(
            Diagnostic::at(
                source,
                location.offset..location.offset + width,
                format!(
                    "the host `{host}` is already claimed by the rule `{}` ({})",
                    other.name,
                    other.source.path.display()
                ),
            )
            .with_help(Some(
                "one host, one rule: remove it from one of them, or narrow both with `paths:`"
                    .to_owned(),
            )),
        );
    }
    clashes
}
