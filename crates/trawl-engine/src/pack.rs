//! A rule pack: every compiled rule, and choosing the one for a page.

use std::path::Path;

use trawl_rules::{did_you_mean, load_dir, parse_rule, Diagnostic, SourceText};
use url::Url;

use crate::compile::{compile_rule, expression_errors};
use crate::extract::Probes;
use crate::filters::Registry;
use crate::rule::Rule;

/// Every rule of a pack, compiled and ready.
pub struct Pack {
    rules: Vec<Rule>,
    probes: Probes,
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

impl Pack {
    /// Loads and compiles every rule file under `dir`; all problems are reported together.
    pub fn load_dir(dir: &Path, registry: &Registry) -> Result<Pack, PackError> {
        let (loaded, yaml_errors) = load_dir(dir).map_err(PackError::Io)?;
        let mut errors = Vec::new();
        for error in yaml_errors {
            // A structural mistake does not hide the file's expression errors.
            let more = std::fs::read_to_string(&error.file)
                .map(|text| {
                    let source = SourceText {
                        path: error.file.clone(),
                        text: text.into(),
                    };
                    expression_errors(&source, registry)
                })
                .unwrap_or_default();
            errors.push(error);
            errors.extend(more);
        }
        let sources = loaded
            .into_iter()
            .map(|rule| rule.source)
            .collect::<Vec<_>>();
        match Self::from_sources(sources, registry) {
            Ok(pack) if errors.is_empty() => Ok(pack),
            Ok(_) => Err(PackError::Invalid(errors)),
            Err(PackError::Invalid(more)) => {
                errors.extend(more);
                Err(PackError::Invalid(errors))
            }
            Err(other) => Err(other),
        }
    }

    /// Compiles rule files given as text (e.g. embedded in a binary).
    pub fn from_sources(sources: Vec<SourceText>, registry: &Registry) -> Result<Pack, PackError> {
        let mut rules: Vec<Rule> = Vec::new();
        let mut errors = Vec::new();
        for source in &sources {
            let compiled = parse_rule(source)
                .map_err(|error| {
                    let mut errors = vec![error];
                    errors.extend(expression_errors(source, registry));
                    errors
                })
                .and_then(|loaded| compile_rule(&loaded, registry));
            match compiled {
                Ok(rule) => {
                    if let Some(other) = rules.iter().find(|r| r.name == rule.name) {
                        let offset = source.key_offset("name", 0).unwrap_or(0);
                        errors.push(Diagnostic::at(
                            source,
                            offset..offset + 4,
                            format!(
                                "the rule name `{}` is already used by {}",
                                rule.name,
                                other.path.display()
                            ),
                        ));
                    }
                    rules.push(rule);
                }
                Err(more) => errors.extend(more),
            }
        }
        if errors.is_empty() {
            Ok(Pack {
                rules,
                probes: Probes::new(registry),
            })
        } else {
            Err(PackError::Invalid(errors))
        }
    }

    pub(crate) fn probes(&self) -> &Probes {
        &self.probes
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule serving `url`: the one with the most specific matching host.
    pub fn rule_for(&self, url: &Url) -> Option<&Rule> {
        self.rules
            .iter()
            .filter_map(|rule| rule.matcher.score(url).map(|score| (score, rule)))
            .max_by_key(|(score, _)| *score)
            .map(|(_, rule)| rule)
    }

    /// The rule called `name` (its name or its file stem, any case), or a suggestion.
    pub fn rule_named(&self, name: &str) -> Result<&Rule, Option<String>> {
        let matches = |rule: &&Rule| {
            rule.name.eq_ignore_ascii_case(name)
                || rule
                    .path
                    .file_stem()
                    .and_then(|stem| stem.to_str())
                    .is_some_and(|stem| stem.eq_ignore_ascii_case(name))
        };
        self.rules.iter().find(matches).ok_or_else(|| {
            let stems = self
                .rules
                .iter()
                .filter_map(|rule| rule.path.file_stem()?.to_str());
            let names = self.rules.iter().map(|rule| rule.name.as_str());
            did_you_mean(&name.to_lowercase(), stems.chain(names))
        })
    }
}
