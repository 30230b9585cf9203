//! The account of an import run: files per tier, and directives per missing feature.

use std::collections::BTreeMap;
use std::fmt;

use crate::rule::{Imported, Tier};

/// Counts over the configs of a run.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Files per tier.
    pub tiers: BTreeMap<Tier, usize>,
    /// Directives dropped or approximated, per the feature they needed.
    pub missing: BTreeMap<String, usize>,
    /// Files per missing feature (a file counted once per feature).
    pub files_missing: BTreeMap<String, usize>,
}

impl Report {
    /// Counts one imported config.
    pub fn add(&mut self, imported: &Imported) {
        *self.tiers.entry(imported.tier).or_default() += 1;
        let mut seen: Vec<&String> = Vec::new();
        for feature in &imported.missing {
            *self.missing.entry(feature.clone()).or_default() += 1;
            if !seen.contains(&feature) {
                seen.push(feature);
                *self.files_missing.entry(feature.clone()).or_default() += 1;
            }
        }
    }

    /// How many files were counted.
    pub fn files(&self) -> usize {
        self.tiers.values().sum()
    }

    /// How many files are of `tier`.
    pub fn count(&self, tier: Tier) -> usize {
        self.tiers.get(&tier).copied().unwrap_or(0)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.files().max(1);
        writeln!(f, "{} config(s) imported", self.files())?;
        for tier in [Tier::Full, Tier::Partial, Tier::None] {
            let count = self.count(tier);
            writeln!(
                f,
                "  {:<8} {count:>5} ({:.1}%)",
                tier.label(),
                count as f64 * 100.0 / total as f64
            )?;
        }
        if !self.files_missing.is_empty() {
            writeln!(f, "what the rest needs (files, directives):")?;
            let mut features: Vec<(&String, &usize)> = self.files_missing.iter().collect();
            features.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (feature, files) in features {
                let directives = self.missing.get(feature).copied().unwrap_or(0);
                writeln!(f, "  {files:>5} {directives:>6}  {feature}")?;
            }
        }
        Ok(())
    }
}
