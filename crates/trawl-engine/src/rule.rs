//! Compiled rules: what a rule file becomes once every expression is checked.

use std::path::PathBuf;

use chrono::NaiveDate;
use chrono_tz::Tz;
use scraper::ElementRef;
use trawl_rules::{FieldSpec, Origin, PluginUse, SiteMatcher, Sources};

use crate::observe::{Observer, Silent};
use crate::page::Page;
use crate::program::Program;
use crate::value::Value;

/// A site rule, ready to run.
pub struct Rule {
    /// The site's name.
    pub name: String,
    /// The file it was read from.
    pub path: PathBuf,
    /// Which URLs it serves.
    pub matcher: SiteMatcher,
    /// The hosts as written, for listings.
    pub hosts: Vec<String>,
    /// The site's language.
    pub language: Option<String>,
    /// The zone for dates written without one.
    pub zone: Tz,
    /// Plugins to run after it.
    pub plugins: Vec<PluginUse>,
    /// Where a crawl finds the site's articles (feeds, sitemaps), when the rule says.
    pub sources: Option<Sources>,
    /// Its layouts, tried in order.
    pub versions: Vec<RuleVersion>,
    /// Where it came from, when a tool wrote it.
    pub origin: Option<Origin>,
}

/// One layout of a site.
pub struct RuleVersion {
    /// Its label: the `name` given, or `version N`.
    pub label: String,
    /// Used for pages dated on or after this day.
    pub since: Option<NaiveDate>,
    /// Used for pages dated before this day.
    pub until: Option<NaiveDate>,
    /// Used when this yields something.
    pub when: Option<Program>,
    /// The record's fields.
    pub fields: FieldPrograms,
    /// The body.
    pub body: Option<BodyProgram>,
    /// Custom fields for `extra`, in key order.
    pub extra: Vec<(String, CustomProgram)>,
}

/// One or more expressions whose values are concatenated.
#[derive(Default)]
pub struct Programs(pub Vec<Program>);

impl Programs {
    /// Every value of every expression, in order.
    pub fn eval<'a>(&self, page: &Page<'a>, scope: Option<ElementRef<'a>>) -> Vec<Value<'a>> {
        self.eval_with(page, scope, &mut Silent)
    }

    /// [`Programs::eval`], observed.
    pub fn eval_with<'a>(
        &self,
        page: &Page<'a>,
        scope: Option<ElementRef<'a>>,
        observer: &mut dyn Observer,
    ) -> Vec<Value<'a>> {
        self.0
            .iter()
            .flat_map(|program| program.eval_with(page, scope, observer))
            .collect()
    }

    /// The first value's text.
    pub fn first_text(&self, page: &Page<'_>, scope: Option<ElementRef<'_>>) -> Option<String> {
        self.first_text_with(page, scope, &mut Silent)
    }

    /// [`Programs::first_text`], observed: the expressions after the first that yields
    /// something are not run.
    pub fn first_text_with(
        &self,
        page: &Page<'_>,
        scope: Option<ElementRef<'_>>,
        observer: &mut dyn Observer,
    ) -> Option<String> {
        self.0
            .iter()
            .find_map(|program| program.first_text_with(page, scope, observer))
    }
}

/// The compiled record fields.
#[derive(Default)]
pub struct FieldPrograms {
    /// The fields of [`RECORD_FIELDS`](trawl_rules::RECORD_FIELDS) the rule fills, in that
    /// order (compiled in it, so errors come in the order rule files list the fields).
    pub values: Vec<(FieldSpec, Programs)>,
    /// `images`
    pub images: Option<ImagesProgram>,
    /// `related`
    pub related: Option<RelatedProgram>,
}

impl FieldPrograms {
    /// The expressions of the record field `name`, when the rule fills it.
    pub fn get(&self, name: &str) -> Option<&Programs> {
        self.values
            .iter()
            .find(|(spec, _)| spec.name == name)
            .map(|(_, programs)| programs)
    }
}

/// The compiled `images` section.
pub struct ImagesProgram {
    /// The cover image URL.
    pub cover: Option<Programs>,
    /// Each figure.
    pub each: Option<Program>,
    /// URL, relative to each.
    pub url: Programs,
    /// Caption, relative to each.
    pub caption: Option<Programs>,
    /// Alt text, relative to each.
    pub alt: Option<Programs>,
    /// Credit, relative to each.
    pub credit: Option<Programs>,
}

/// The compiled `related` section.
pub struct RelatedProgram {
    /// Each story.
    pub each: Program,
    /// Title, relative to each.
    pub title: Programs,
    /// Link, relative to each.
    pub url: Option<Programs>,
    /// Teaser, relative to each.
    pub summary: Option<Programs>,
}

/// The compiled body section.
pub struct BodyProgram {
    /// The root element(s).
    pub root: Program,
    /// What to drop.
    pub remove: Vec<Program>,
    /// Summary paragraphs, searched in the whole page.
    pub summary: Option<Programs>,
    /// Paragraphs, relative to the root.
    pub paragraphs: Program,
    /// Sub-headlines, relative to the root.
    pub headlines: Option<Program>,
}

/// A compiled custom field.
pub enum CustomProgram {
    /// The first value as a string.
    One(Program),
    /// Every value as a list of strings.
    All(Programs),
    /// One object per element.
    Each {
        /// The elements.
        each: Program,
        /// Keys and how to fill them, relative to each element.
        fields: Vec<(String, Program)>,
    },
}
