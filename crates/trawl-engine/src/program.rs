//! Compiled expressions and how they run on a page.

use scraper::{ElementRef, Selector};
use trawl_selector::{ParseError, Pipeline, SourceKind, Span};

use crate::css::parse_css;
use crate::filters::{Args, FilterFn, Registry};
use crate::jsonld;
use crate::observe::{Observer, Silent};
use crate::page::Page;
use crate::value::Value;

/// A compiled expression: alternatives whose CSS is parsed and filters resolved.
pub struct Program {
    /// The expression as written.
    pub text: String,
    /// The alternatives, tried in order.
    pub alternatives: Vec<Step>,
    /// The record fields it reads (`without(authors)`), with where each is named.
    pub references: Vec<(String, Span)>,
    /// Where it calls `raw`, which only a field with its own normaliser may.
    pub raw_calls: Vec<Span>,
}

/// One compiled alternative.
pub struct Step {
    /// The source as written.
    pub source_text: String,
    source: Source,
    filters: Vec<(String, FilterFn)>,
}

enum Source {
    Css(Selector),
    Scope,
    Meta(Selector),
    JsonLd {
        type_pattern: String,
        path: Vec<String>,
    },
    Url,
    Const(String),
    /// `(a || b)`: the first alternative that yields something.
    Group(Vec<Step>),
}

impl Program {
    /// Parses and compiles `text`, reporting every problem in it (not just the first), with
    /// spans relative to `text`.
    ///
    /// ```
    /// use trawl_engine::{Program, Registry};
    ///
    /// let errors = Program::compile("h1 | txt | nth(x)", &Registry::standard()).err().unwrap();
    /// assert_eq!(errors[0].message, "unknown filter `txt`");
    /// assert_eq!(errors[0].help.as_deref(), Some("did you mean `text`?"));
    /// assert_eq!(errors[1].message, "expected a whole number, found `x`");
    /// ```
    pub fn compile(text: &str, registry: &Registry) -> Result<Program, Vec<ParseError>> {
        let expr = trawl_selector::parse(text).map_err(|error| vec![error])?;
        let mut errors = Vec::new();
        let alternatives = compile_steps(text, &expr.alternatives, registry, &mut errors);
        let mut references = Vec::new();
        collect_references(&expr.alternatives, &mut references);
        let mut raw_calls = Vec::new();
        collect_calls(&expr.alternatives, "raw", &mut raw_calls);
        if errors.is_empty() {
            Ok(Program {
                text: text.to_owned(),
                alternatives,
                references,
                raw_calls,
            })
        } else {
            Err(errors)
        }
    }

    /// Runs the expression: the values of the first alternative that yields something.
    /// `scope` restricts CSS sources to an element's descendants.
    pub fn eval<'a>(&self, page: &Page<'a>, scope: Option<ElementRef<'a>>) -> Vec<Value<'a>> {
        self.eval_with(page, scope, &mut Silent)
    }

    /// [`Program::eval`], telling `observer` each alternative tried and each step's values.
    pub fn eval_with<'a>(
        &self,
        page: &Page<'a>,
        scope: Option<ElementRef<'a>>,
        observer: &mut dyn Observer,
    ) -> Vec<Value<'a>> {
        observer.expression(self);
        for (index, step) in self.alternatives.iter().enumerate() {
            observer.alternative(index);
            let values = step.eval(page, scope, observer);
            if !values.is_empty() {
                observer.matched(&values);
                return values;
            }
        }
        Vec::new()
    }

    /// The first value's text, if any.
    pub fn first_text(&self, page: &Page<'_>, scope: Option<ElementRef<'_>>) -> Option<String> {
        self.first_text_with(page, scope, &mut Silent)
    }

    /// [`Program::first_text`], observed.
    pub fn first_text_with(
        &self,
        page: &Page<'_>,
        scope: Option<ElementRef<'_>>,
        observer: &mut dyn Observer,
    ) -> Option<String> {
        self.eval_with(page, scope, observer)
            .first()
            .map(Value::to_text)
    }
}

impl Step {
    /// The values of this alternative alone, empty values dropped.
    fn eval<'a>(
        &self,
        page: &Page<'a>,
        scope: Option<ElementRef<'a>>,
        observer: &mut dyn Observer,
    ) -> Vec<Value<'a>> {
        let mut values = self.source_values(page, scope, observer);
        observer.step(0, &values);
        for (index, (_, filter)) in self.filters.iter().enumerate() {
            values = filter(values, page);
            observer.step(index + 1, &values);
        }
        values.retain(|value| !value.is_empty());
        values
    }

    /// The filter calls as written (`attr(href)`), in order.
    pub fn filter_texts(&self) -> impl Iterator<Item = &str> {
        self.filters.iter().map(|(name, _)| name.as_str())
    }

    fn source_values<'a>(
        &self,
        page: &Page<'a>,
        scope: Option<ElementRef<'a>>,
        observer: &mut dyn Observer,
    ) -> Vec<Value<'a>> {
        match &self.source {
            Source::Css(selector) => match scope {
                Some(element) => element.select(selector).map(Value::Node).collect(),
                None => page.html.select(selector).map(Value::Node).collect(),
            },
            Source::Scope => scope.map(Value::Node).into_iter().collect(),
            Source::Meta(selector) => {
                let mut sources = Vec::new();
                let values = page
                    .html
                    .select(selector)
                    .filter_map(|meta| {
                        let content = meta.attr("content")?;
                        sources.push(meta.id());
                        Some(Value::text(content.to_owned()))
                    })
                    .collect();
                observer.sources(&sources);
                values
            }
            Source::JsonLd { type_pattern, path } => {
                let mut out = Vec::new();
                let mut sources = Vec::new();
                for (object, script) in page.jsonld().iter().zip(page.jsonld_scripts()) {
                    if jsonld::type_matches(object, type_pattern) {
                        let before = out.len();
                        jsonld::resolve(object, path, &mut out);
                        if out.len() > before && !sources.contains(script) {
                            sources.push(*script);
                        }
                    }
                }
                observer.sources(&sources);
                out.into_iter()
                    .map(|json| Value::Json(jsonld::decode_entities(json)))
                    .collect()
            }
            Source::Url => page
                .url
                .map(|url| Value::text(url.to_string()))
                .into_iter()
                .collect(),
            Source::Const(text) => vec![Value::text(text.clone())],
            Source::Group(steps) => steps
                .iter()
                .map(|step| step.eval(page, scope, &mut Silent))
                .find(|values| !values.is_empty())
                .unwrap_or_default(),
        }
    }
}

/// The fields named by `without(...)` calls, groups included.
fn collect_references(pipelines: &[Pipeline], out: &mut Vec<(String, Span)>) {
    for pipeline in pipelines {
        if let SourceKind::Group(inner) = &pipeline.source.kind {
            collect_references(inner, out);
        }
        for call in pipeline
            .filters
            .iter()
            .filter(|call| call.name == "without")
        {
            out.extend(
                call.args
                    .iter()
                    .map(|arg| (arg.value.clone(), arg.span.clone())),
            );
        }
    }
}

/// Where the filter `name` is called, groups included.
fn collect_calls(pipelines: &[Pipeline], name: &str, out: &mut Vec<Span>) {
    for pipeline in pipelines {
        if let SourceKind::Group(inner) = &pipeline.source.kind {
            collect_calls(inner, name, out);
        }
        out.extend(
            pipeline
                .filters
                .iter()
                .filter(|call| call.name == name)
                .map(|call| call.span.clone()),
        );
    }
}

/// Compiles pipelines (the alternatives of an expression or of a group), collecting errors.
fn compile_steps(
    text: &str,
    pipelines: &[Pipeline],
    registry: &Registry,
    errors: &mut Vec<ParseError>,
) -> Vec<Step> {
    let mut steps = Vec::new();
    for pipeline in pipelines {
        let source_text = text[pipeline.source.span.clone()].to_owned();
        let source = match &pipeline.source.kind {
            SourceKind::Css(css) => match parse_css(css) {
                Ok(selector) => Source::Css(selector),
                Err(message) => {
                    errors.push(ParseError::new(message, pipeline.source.span.clone()));
                    continue;
                }
            },
            SourceKind::Current => Source::Scope,
            SourceKind::Group(inner) => Source::Group(compile_steps(text, inner, registry, errors)),
            SourceKind::Meta(name) => Source::Meta(meta_selector(name)),
            SourceKind::JsonLd { type_pattern, path } => Source::JsonLd {
                type_pattern: type_pattern.clone(),
                path: path.clone(),
            },
            SourceKind::Url => Source::Url,
            SourceKind::Const(text) => Source::Const(text.clone()),
        };
        let mut filters = Vec::new();
        for call in &pipeline.filters {
            let Some(spec) = registry.get(&call.name) else {
                let names = registry.specs().iter().map(|spec| spec.name);
                let error = ParseError::new(
                    format!("unknown filter `{}`", call.name),
                    call.name_span.clone(),
                );
                errors.push(match trawl_rules::did_you_mean(&call.name, names) {
                    Some(help) => error.with_help(help),
                    None => error.with_help("see the filter reference in the README"),
                });
                continue;
            };
            let required = spec.required_args();
            let given = call.args.len();
            if given < required || given > spec.params.len() {
                errors.push(
                    ParseError::new(
                        format!(
                            "`{}` takes {}, found {given}",
                            call.name,
                            arity(required, spec.params.len())
                        ),
                        call.span.clone(),
                    )
                    .with_help(format!("usage: {}", spec.usage())),
                );
                continue;
            }
            match (spec.build)(&Args::new(&call.args)) {
                Ok(f) => filters.push((text[call.span.clone()].to_owned(), f)),
                Err(error) => errors.push(ParseError::new(
                    error.message,
                    call.args[error.index].span.clone(),
                )),
            }
        }
        steps.push(Step {
            source_text,
            source,
            filters,
        });
    }
    steps
}

fn meta_selector(name: &str) -> Selector {
    let quoted = css_string(name);
    let css = format!(
        r#"meta[name="{quoted}" i], meta[property="{quoted}" i], meta[itemprop="{quoted}" i]"#
    );
    Selector::parse(&css).expect("meta names are quoted, so the selector is valid")
}

/// `text` escaped for a double-quoted CSS string: quotes, backslashes and control characters
/// (a line break would end the string) as CSS escapes.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\{:x} ", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

fn arity(required: usize, total: usize) -> String {
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    match (required, total) {
        (0, 0) => "no arguments".to_owned(),
        (r, t) if r == t => format!("{r} {}", plural(r)),
        (0, t) => format!("at most {t} {}", plural(t)),
        (r, t) => format!("{r} to {t} {}", plural(t)),
    }
}
