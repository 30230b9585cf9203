//! One site config into one trawl rule, with every directive's fate written beside it.

use std::fmt::Write as _;

use trawl_engine::{Program, Registry};

use crate::ftr::{self, Directive};
use crate::xpath::{translate, Tail};

/// How much of a config became rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    /// Every directive that shapes the record was translated exactly.
    Full,
    /// A rule was written, but some directive was approximated or dropped.
    Partial,
    /// Nothing that shapes the record could be translated; no rule is written.
    None,
}

impl Tier {
    /// `full`, `partial` or `none`.
    pub fn label(self) -> &'static str {
        match self {
            Tier::Full => "full",
            Tier::Partial => "partial",
            Tier::None => "none",
        }
    }
}

/// One config, imported.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The host, from the file name (`example.com.txt`).
    pub host: String,
    /// The rule file's name: the config's, `.yaml` for `.txt` (`.example.com.yaml`).
    pub file_name: String,
    /// How much was translated.
    pub tier: Tier,
    /// The rule file's text; `None` for [`Tier::None`].
    pub rule: Option<String>,
    /// Every directive's fate, one line each, as the rule's comments give them.
    pub notes: Vec<String>,
    /// The features a dropped or approximated directive needed, one entry per directive.
    pub missing: Vec<String>,
}

/// What became of one directive.
enum Fate {
    Translated,
    Approximated(String),
    Dropped(String),
    /// No effect on a record (tests, tidying, fetching): kept as a comment only.
    Noted(&'static str),
}

/// The parts of the rule being built.
#[derive(Default)]
struct Parts {
    title: Vec<String>,
    authors: Vec<String>,
    published: Vec<String>,
    roots: Vec<String>,
    remove: Vec<String>,
}

/// Translates the config `file_name` (e.g. `example.com.txt`, `.example.com.txt` for every
/// subdomain) with text `text`. Never fails: what cannot be translated is said.
pub fn import_ftr(file_name: &str, text: &str) -> Imported {
    let registry = Registry::standard();
    let stem = file_name.strip_suffix(".txt").unwrap_or(file_name);
    let every_subdomain = stem.starts_with('.');
    let host = stem.trim_start_matches('.').to_ascii_lowercase();
    let (directives, unreadable) = ftr::read(text);
    let mut parts = Parts::default();
    let mut notes = Vec::new();
    let mut missing = Vec::new();
    let mut exact = true;
    for line in unreadable {
        notes.push(format!("line {line}: not a directive; left out"));
    }
    for directive in &directives {
        let fate = fate(directive, &mut parts, &registry);
        let shown = shorten(&directive.value);
        let what = match &directive.argument {
            Some(argument) => format!("{}({})", directive.key, shorten(argument)),
            None => directive.key.clone(),
        };
        let (verdict, feature) = match fate {
            Fate::Translated => ("translated".to_owned(), None),
            Fate::Approximated(why) => {
                exact = false;
                (format!("approximated: {why}"), Some(why))
            }
            Fate::Dropped(why) => {
                exact = false;
                (format!("dropped: {why}"), Some(why))
            }
            Fate::Noted(why) => (format!("noted: {why}"), None),
        };
        if let Some(feature) = feature {
            missing.push(feature_of(&directive.key, &feature));
        }
        notes.push(format!(
            "line {}: {what}: {shown} -> {verdict}",
            directive.line
        ));
    }
    let useful = !(parts.title.is_empty()
        && parts.roots.is_empty()
        && parts.authors.is_empty()
        && parts.published.is_empty());
    let hosts_ok = trawl_rules::host_problem(&host).is_none() && host.contains('.');
    let tier = match (useful && hosts_ok, exact) {
        (false, _) => Tier::None,
        (true, true) => Tier::Full,
        (true, false) => Tier::Partial,
    };
    if !hosts_ok {
        notes.push(format!(
            "the file name `{file_name}` names no host; no rule"
        ));
        missing.push("a host in the file name".to_owned());
    }
    let rule = (tier != Tier::None).then(|| {
        write_rule(
            file_name,
            &host,
            every_subdomain,
            tier,
            &parts,
            &notes,
            &directives,
        )
    });
    Imported {
        file_name: format!("{stem}.yaml"),
        host,
        tier,
        rule,
        notes,
        missing,
    }
}

/// What becomes of `directive`, adding what it translates to to `parts`.
fn fate(directive: &Directive, parts: &mut Parts, registry: &Registry) -> Fate {
    let value = directive.value.as_str();
    match directive.key.as_str() {
        "title" => field(value, &mut parts.title, registry),
        "author" => field(value, &mut parts.authors, registry),
        "date" => field(value, &mut parts.published, registry),
        "body" => elements(value, &mut parts.roots, registry),
        "strip" => elements(value, &mut parts.remove, registry),
        "strip_id_or_class" => {
            let token = value.trim_matches(|c| c == '"' || c == '\'');
            if token.is_empty() || token.contains(['"', '\\']) {
                return Fate::Dropped("an id or class that CSS cannot quote".to_owned());
            }
            let css = format!("[id*=\"{token}\"], [class*=\"{token}\"]");
            checked(css, &mut parts.remove, registry, Fate::Translated)
        }
        "strip_image_src" => {
            if value.is_empty() || value.contains(['"', '\\']) {
                return Fate::Dropped("an image address that CSS cannot quote".to_owned());
            }
            checked(
                format!("img[src*=\"{value}\"]"),
                &mut parts.remove,
                registry,
                Fate::Translated,
            )
        }
        "find_string" | "replace_string" => {
            Fate::Dropped("needs find/replace on the raw HTML (`replace:`)".to_owned())
        }
        "next_page_link" | "autodetect_next_page" => {
            Fate::Dropped("needs multi-page joining (`next_page:`)".to_owned())
        }
        "single_page_link" => Fate::Dropped("needs the one-page view (`single_page:`)".to_owned()),
        "wrap_in" | "move_into" | "dissolve" => {
            Fate::Dropped("needs restructuring (`wrap_in`/`move_into`/`dissolve`)".to_owned())
        }
        "strip_attr" => Fate::Dropped("needs removing attributes".to_owned()),
        "if_page_contains" => Fate::Dropped("needs conditional directives".to_owned()),
        "convert_double_br_tags" => Fate::Dropped("needs <br><br> as paragraphs".to_owned()),
        "native_ad_clue" => Fate::Dropped("needs marking native ads".to_owned()),
        "footnotes" | "strip_comments" | "skip_id_or_class" | "src_lazy_load_attr" => {
            Fate::Dropped(format!("`{}` has no trawl equivalent", directive.key))
        }
        "http_header"
        | "requires_login"
        | "login_uri"
        | "login_username_field"
        | "login_password_field"
        | "login_extra_fields"
        | "not_logged_in_xpath" => {
            Fate::Noted("fetching only; trawl's fetch sends its own headers")
        }
        "test_url" | "test_contains" => Fate::Noted("a test page; see the origin"),
        "tidy"
        | "prune"
        | "parser"
        | "autodetect_on_failure"
        | "insert_detected_image"
        | "skip_json_ld" => {
            Fate::Noted("trawl always parses with html5ever and falls back to the generic reading")
        }
        _ => Fate::Dropped(format!("unknown directive `{}`", directive.key)),
    }
}

/// A field's XPath as an expression: its elements' text, or an attribute; a
/// `substring-after(X, 'a')` / `substring-before(X, 'b')` around it becomes a `capture`.
fn field(xpath: &str, into: &mut Vec<String>, registry: &Registry) -> Fate {
    let (xpath, captures) = match strings(xpath.trim()) {
        Ok(split) => split,
        Err(why) => return Fate::Dropped(why),
    };
    let mut inner = Vec::new();
    let fate = path_field(xpath, &mut inner, registry);
    for expr in inner {
        let full = format!("{expr}{captures}");
        match checked(full, into, registry, Fate::Translated) {
            Fate::Translated => {}
            dropped => return dropped,
        }
    }
    fate
}

/// The path inside `substring-after(...)` / `substring-before(...)` calls, and the filters
/// that do what they do.
fn strings(xpath: &str) -> Result<(&str, String), String> {
    for (function, pattern) in [
        ("substring-after(", "{}(.*)"),
        ("substring-before(", "^(.*?){}"),
    ] {
        let Some(inside) = xpath
            .strip_prefix(function)
            .and_then(|rest| rest.strip_suffix(')'))
        else {
            continue;
        };
        let comma = inside
            .rfind(',')
            .ok_or("a string function without two arguments")?;
        let literal = inside[comma + 1..].trim();
        let text = literal
            .strip_prefix('\'')
            .and_then(|rest| rest.strip_suffix('\''))
            .or_else(|| {
                literal
                    .strip_prefix('"')
                    .and_then(|rest| rest.strip_suffix('"'))
            })
            .ok_or("a string function whose second argument is not a string")?;
        if text.contains(['\'', '"']) || text.is_empty() {
            return Err("a string function with quotes in its argument".to_owned());
        }
        let (path, before) = strings(inside[..comma].trim())?;
        let regex = pattern.replace("{}", &regex::escape(text));
        return Ok((path, format!("{before} | capture('(?s){regex}')")));
    }
    Ok((xpath, String::new()))
}

/// A path's elements' text or attribute, as an expression.
fn path_field(xpath: &str, into: &mut Vec<String>, registry: &Registry) -> Fate {
    match translate(xpath) {
        Err(error) => Fate::Dropped(error.0),
        Ok(css) => {
            let selector = if css.first {
                format!("{} | first", css.selector)
            } else {
                css.selector
            };
            let (expr, fate) = match css.tail {
                Tail::Elements => (format!("{selector} | text"), Fate::Translated),
                Tail::Attribute(name) => (format!("{selector} | attr({name})"), Fate::Translated),
                Tail::Text => (
                    format!("{selector} | text"),
                    Fate::Approximated(
                        "the text of the elements, not only their own text nodes".to_owned(),
                    ),
                ),
            };
            checked(expr, into, registry, fate)
        }
    }
}

/// An XPath naming elements (a body, a strip) as CSS.
fn elements(xpath: &str, into: &mut Vec<String>, registry: &Registry) -> Fate {
    match translate(xpath) {
        Err(error) => Fate::Dropped(error.0),
        Ok(css) => match css.tail {
            Tail::Elements if css.first => checked(
                format!("{} | first", css.selector),
                into,
                registry,
                Fate::Translated,
            ),
            Tail::Elements => checked(css.selector, into, registry, Fate::Translated),
            Tail::Text => Fate::Dropped("selects text nodes, which trawl cannot".to_owned()),
            Tail::Attribute(_) => Fate::Dropped("selects an attribute, not elements".to_owned()),
        },
    }
}

/// Keeps `expr` when trawl compiles it.
fn checked(expr: String, into: &mut Vec<String>, registry: &Registry, fate: Fate) -> Fate {
    if expr.chars().any(char::is_control) {
        return Fate::Dropped("a control character in the expression".to_owned());
    }
    match Program::compile(&expr, registry) {
        Ok(_) => {
            into.push(expr);
            fate
        }
        Err(errors) => Fate::Dropped(format!(
            "its CSS `{}` does not compile: {}",
            shorten(&expr),
            errors.first().map_or_else(String::new, ToString::to_string)
        )),
    }
}

/// The feature a directive's loss stands for, for the run's report.
fn feature_of(key: &str, why: &str) -> String {
    match key {
        "title" | "author" | "date" | "body" | "strip" => format!("XPath: {}", general(why)),
        _ => why.to_owned(),
    }
}

/// A reason without the particulars (`cannot read the step at ...` for every such step).
fn general(why: &str) -> String {
    why.split(" at `")
        .next()
        .unwrap_or(why)
        .split(": ")
        .next()
        .unwrap_or(why)
        .to_owned()
}

fn shorten(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() > 100 {
        format!("{}...", one_line.chars().take(100).collect::<String>())
    } else {
        one_line
    }
}

/// A YAML single-quoted scalar.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn write_rule(
    file_name: &str,
    host: &str,
    every_subdomain: bool,
    tier: Tier,
    parts: &Parts,
    notes: &[String],
    directives: &[Directive],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Imported by `trawl import ftr` from ftr-site-config/{file_name} (CC0)."
    );
    out.push_str("# Each directive of the config, and what became of it:\n");
    for note in notes {
        let _ = writeln!(out, "#   {note}");
    }
    let name = if every_subdomain {
        format!("*.{host}")
    } else {
        host.to_owned()
    };
    let _ = writeln!(out, "name: {}", quoted(&name));
    // `.example.com.txt` serves every subdomain; `example.com.txt` the host and www (as a
    // domain entry, so a `www.example.com.txt` config, written exact, wins for www).
    if every_subdomain {
        let _ = writeln!(out, "hosts: [{}]", quoted(host));
    } else if host.starts_with("www.") {
        let _ = writeln!(out, "hosts: [{}]", quoted(&format!("={host}")));
    } else {
        let _ = writeln!(
            out,
            "hosts: [{}, {}]",
            quoted(&format!("={host}")),
            quoted(&format!("www.{host}"))
        );
    }
    let alternatives = |exprs: &[String]| quoted(&exprs.join(" || "));
    let fields: Vec<(&str, &[String])> = [
        ("title", parts.title.as_slice()),
        ("authors", parts.authors.as_slice()),
        ("published", parts.published.as_slice()),
    ]
    .into_iter()
    .filter(|(_, exprs)| !exprs.is_empty())
    .collect();
    if !fields.is_empty() {
        out.push_str("fields:\n");
        for (key, exprs) in fields {
            let _ = writeln!(out, "  {key}: {}", alternatives(exprs));
        }
    }
    if !parts.roots.is_empty() || !parts.remove.is_empty() {
        out.push_str("body:\n");
        if !parts.roots.is_empty() {
            // The first body expression that matches is the body, as in Full-Text RSS.
            let _ = writeln!(out, "  root: {}", alternatives(&parts.roots));
        }
        if !parts.remove.is_empty() {
            out.push_str("  remove:\n");
            for remove in &parts.remove {
                let _ = writeln!(out, "    - {}", quoted(remove));
            }
        }
    }
    let tests: Vec<&str> = directives
        .iter()
        .filter(|d| d.key == "test_url")
        .map(|d| d.value.as_str())
        .collect();
    if !tests.is_empty() {
        out.push_str("# Test pages named by the config:\n");
        for url in tests {
            let _ = writeln!(out, "#   {}", shorten(url));
        }
    }
    out.push_str("origin:\n");
    let _ = writeln!(
        out,
        "  from: {}",
        quoted(&format!("ftr-site-config/{file_name}"))
    );
    out.push_str("  by: trawl import ftr\n");
    let _ = writeln!(out, "  tier: {}", tier.label());
    out
}
