//! The filter registry: every filter's name, parameters, documentation and implementation.
//!
//! A [`Registry`] is a value built from lists of [`FilterSpec`]s; the standard filters come
//! from the modules below and callers may append their own. Names and argument counts are
//! checked when rules are compiled, never when a page is scraped.

mod fields;
mod lists;
mod nodes;
mod strings;

use regex::Regex;

use crate::page::Page;
use crate::value::Value;

/// A compiled filter: values in, values out.
pub type FilterFn = Box<dyn for<'a> Fn(Vec<Value<'a>>, &Page<'a>) -> Vec<Value<'a>> + Send + Sync>;

/// One filter: its name, parameters, documentation and how to build it from arguments.
#[derive(Clone)]
pub struct FilterSpec {
    /// The name rule authors write, e.g. `strip_prefix`.
    pub name: &'static str,
    /// The parameter names, in order; a trailing `?` marks an optional one (`"group?"`).
    pub params: &'static [&'static str],
    /// One sentence on what it does.
    pub summary: &'static str,
    /// A worked example; the test suite runs every one.
    pub example: Example,
    /// Builds the filter from checked arguments.
    pub build: fn(&Args<'_>) -> Result<FilterFn, ArgError>,
}

impl FilterSpec {
    /// How many arguments must be given.
    pub fn required_args(&self) -> usize {
        self.params
            .iter()
            .filter(|param| !param.ends_with('?'))
            .count()
    }

    /// The call as documented, e.g. `capture(regex, group?)`.
    pub fn usage(&self) -> String {
        if self.params.is_empty() {
            self.name.to_owned()
        } else {
            format!("{}({})", self.name, self.params.join(", "))
        }
    }
}

/// A documented example: `expr` on the page `html` yields `output`.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// A small HTML page.
    pub html: &'static str,
    /// An expression using the filter.
    pub expr: &'static str,
    /// The values it yields, as text.
    pub output: &'static [&'static str],
}

/// A bad argument, by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgError {
    /// Which argument (0-based).
    pub index: usize,
    /// What is wrong with it.
    pub message: String,
}

/// The arguments of one filter call, with typed accessors.
pub struct Args<'s> {
    args: &'s [trawl_selector::Arg],
}

impl<'s> Args<'s> {
    /// Wraps parsed arguments.
    pub fn new(args: &'s [trawl_selector::Arg]) -> Self {
        Self { args }
    }

    /// Argument `index` as a string, if given.
    pub fn opt_str(&self, index: usize) -> Option<&'s str> {
        self.args.get(index).map(|arg| arg.value.as_str())
    }

    /// Argument `index` as a string (required arguments are checked before building).
    pub fn str(&self, index: usize) -> &'s str {
        self.opt_str(index).unwrap_or_default()
    }

    /// Argument `index` as an integer.
    pub fn int(&self, index: usize) -> Result<i64, ArgError> {
        self.str(index).trim().parse().map_err(|_| ArgError {
            index,
            message: format!("expected a whole number, found `{}`", self.str(index)),
        })
    }

    /// Argument `index` as a count (a non-negative integer).
    pub fn count(&self, index: usize) -> Result<usize, ArgError> {
        let n = self.int(index)?;
        usize::try_from(n).map_err(|_| ArgError {
            index,
            message: format!("expected a count of 0 or more, found {n}"),
        })
    }

    /// Argument `index` as a regular expression.
    pub fn regex(&self, index: usize) -> Result<Regex, ArgError> {
        Regex::new(self.str(index)).map_err(|error| ArgError {
            index,
            message: format!("invalid regex: {}", regex_error(&error)),
        })
    }
}

fn regex_error(error: &regex::Error) -> String {
    error
        .to_string()
        .lines()
        .last()
        .unwrap_or("")
        .trim()
        .trim_start_matches("error: ")
        .to_owned()
}

/// The set of filters rules may use.
#[derive(Clone)]
pub struct Registry {
    specs: Vec<FilterSpec>,
}

impl Registry {
    /// The standard filters.
    pub fn standard() -> Self {
        Self { specs: Vec::new() }
            .with(nodes::filters())
            .with(lists::filters())
            .with(strings::filters())
            .with(fields::filters())
    }

    /// Adds filters; a later filter with the same name replaces the earlier one.
    pub fn with(mut self, specs: impl IntoIterator<Item = FilterSpec>) -> Self {
        for spec in specs {
            self.specs.retain(|old| old.name != spec.name);
            self.specs.push(spec);
        }
        self
    }

    /// The filter called `name`.
    pub fn get(&self, name: &str) -> Option<&FilterSpec> {
        self.specs.iter().find(|spec| spec.name == name)
    }

    /// Every filter, in registration order.
    pub fn specs(&self) -> &[FilterSpec] {
        &self.specs
    }
}

/// Wraps a closure as a [`FilterFn`], fixing its lifetimes.
pub fn filter<F>(f: F) -> FilterFn
where
    F: for<'a> Fn(Vec<Value<'a>>, &Page<'a>) -> Vec<Value<'a>> + Send + Sync + 'static,
{
    Box::new(f)
}

/// A filter that maps each value's text, dropping values for which `f` gives `None`.
pub fn map_text<F>(f: F) -> FilterFn
where
    F: Fn(&str) -> Option<String> + Send + Sync + 'static,
{
    filter(move |values, _| {
        values
            .into_iter()
            .filter_map(|value| f(&value.to_text()).map(|text| value.with_text(text)))
            .collect()
    })
}

/// A filter that keeps the values whose text passes `f`, unchanged (elements stay elements).
pub fn keep<F>(f: F) -> FilterFn
where
    F: Fn(&str) -> bool + Send + Sync + 'static,
{
    filter(move |values, _| {
        values
            .into_iter()
            .filter(|value| f(&value.to_text()))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use scraper::Html;
    use url::Url;

    use super::*;
    use crate::program::Program;

    /// Every filter's documented example runs and gives the documented output.
    #[test]
    fn every_example_holds() {
        let registry = Registry::standard();
        let url = Url::parse("https://example.com/news/").unwrap();
        for spec in registry.specs() {
            let example = spec.example;
            assert!(
                example.expr.contains(spec.name),
                "{}: the example must use the filter",
                spec.name
            );
            let html = Html::parse_document(example.html);
            let fragments = crate::page::Fragments::new();
            let page = Page::new(&html, Some(&url), chrono_tz::UTC).with_fragments(&fragments);
            // An example's record fields (for `without`) come from its meta tags of that name
            // (`author` for the authors).
            for field in crate::fields::REFERABLE.iter() {
                let name = field.strip_suffix('s').unwrap_or(field);
                let meta = Program::compile(&format!("meta({name})"), &registry).unwrap();
                let values = meta.eval(&page, None).iter().map(Value::to_text).collect();
                page.set_field(field, values);
            }
            let program = Program::compile(example.expr, &registry)
                .unwrap_or_else(|errors| panic!("{}: {errors:?}", spec.name));
            let output: Vec<String> = program
                .eval(&page, None)
                .iter()
                .map(Value::to_text)
                .collect();
            assert_eq!(output, example.output, "example of `{}`", spec.name);
        }
    }

    #[test]
    fn filter_names_are_unique_and_snake_case() {
        let registry = Registry::standard();
        let mut names: Vec<&str> = registry.specs().iter().map(|spec| spec.name).collect();
        assert!(names
            .iter()
            .all(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
    }

    #[test]
    fn wrong_argument_counts_are_compile_errors() {
        let registry = Registry::standard();
        let errors = Program::compile("a | attr | nth(1, 2) | text(x)", &registry)
            .err()
            .unwrap();
        let messages: Vec<&str> = errors.iter().map(|error| error.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`attr` takes 1 argument, found 0",
                "`nth` takes 1 argument, found 2",
                "`text` takes no arguments, found 1"
            ]
        );
        let errors = Program::compile("p | capture('(unclosed')", &registry)
            .err()
            .unwrap();
        assert!(
            errors[0].message.starts_with("invalid regex"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[0].span, 12..23);
    }
}
