//! Translating the XPath subset site configs use into CSS selectors.
//!
//! Paths of element steps (`//div/p`, `/html/body/div[3]`), unions (`a | b`) and predicates
//! on attributes (`@id='x'`, `contains(@class,'x')`, the `concat(' ',normalize-space(@class),' ')`
//! class test, `starts-with`), positions (`[2]`, `[last()]`), child elements (`[p]`),
//! `and`/`or`/`not()` become CSS. A final `@attr` or `text()` step is returned apart, for the
//! caller to read the attribute or the text. Anything else is an [`Untranslatable`] naming why.

/// A selector translated from XPath.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Css {
    /// The CSS selector (a comma-separated list for a union).
    pub selector: String,
    /// What the path ends on after its elements.
    pub tail: Tail,
    /// Only the first element in document order (`(//article)[1]`).
    pub first: bool,
}

/// What an XPath selects after its element steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tail {
    /// The elements themselves.
    Elements,
    /// An attribute of them (`/@content`).
    Attribute(String),
    /// Their own text nodes (`/text()`); read as the elements' text, an approximation.
    Text,
}

/// Why an XPath has no CSS translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untranslatable(pub String);

/// Translates `xpath` to CSS.
///
/// ```
/// use trawl_import::xpath::{translate, Tail};
///
/// let css = translate("//div[contains(concat(' ',normalize-space(@class),' '),' story ')]/p[1]").unwrap();
/// assert_eq!(css.selector, "div[class~=\"story\"] > p:nth-of-type(1)");
/// let meta = translate("//meta[@name='author']/@content").unwrap();
/// assert_eq!((meta.selector.as_str(), meta.tail), ("meta[name=\"author\"]", Tail::Attribute("content".into())));
/// assert!(translate("//p[contains(text(), 'By')]").is_err());
/// ```
pub fn translate(xpath: &str) -> Result<Css, Untranslatable> {
    let xpath = xpath.trim();
    // `(path)[1]`: the first match in the document.
    if let Some(inner) = xpath
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(")[1]"))
    {
        let css = translate(inner)?;
        return Ok(Css { first: true, ..css });
    }
    let mut parser = Parser { text: xpath, at: 0 };
    let mut selectors = Vec::new();
    let mut tail = None;
    loop {
        let (selector, path_tail) = parser.path()?;
        if tail.as_ref().is_some_and(|t| *t != path_tail) {
            return Err(why("a union of paths ending on different things"));
        }
        tail = Some(path_tail);
        selectors.push(selector);
        parser.skip_space();
        if !parser.eat("|") {
            break;
        }
    }
    parser.skip_space();
    if parser.at < parser.text.len() {
        return Err(why(&format!("cannot read `{}`", &parser.text[parser.at..])));
    }
    Ok(Css {
        selector: selectors.join(", "),
        tail: tail.unwrap_or(Tail::Elements),
        first: false,
    })
}

fn why(reason: &str) -> Untranslatable {
    Untranslatable(reason.to_owned())
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn skip_space(&mut self) {
        let trimmed = self.rest().trim_start();
        self.at = self.text.len() - trimmed.len();
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_space();
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    fn name(&mut self) -> Option<String> {
        self.skip_space();
        let len = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_')))
            .unwrap_or(self.rest().len());
        let name = self.rest()[..len].to_owned();
        if name.is_empty() {
            return None;
        }
        self.at += len;
        Some(name)
    }

    fn literal(&mut self) -> Result<String, Untranslatable> {
        self.skip_space();
        let quote = self
            .rest()
            .chars()
            .next()
            .filter(|c| *c == '\'' || *c == '"');
        let Some(quote) = quote else {
            return Err(why("expected a quoted string"));
        };
        let body = &self.rest()[1..];
        let end = body.find(quote).ok_or_else(|| why("an unclosed string"))?;
        let value = body[..end].to_owned();
        self.at += end + 2;
        Ok(value)
    }

    /// One path: its CSS and what it ends on.
    fn path(&mut self) -> Result<(String, Tail), Untranslatable> {
        self.skip_space();
        let mut css = String::new();
        // Relative, descendant or absolute: each starts from the document here.
        let _ = self.eat(".//") || self.eat("./") || self.eat("//") || self.eat("/");
        let mut combinator = "";
        loop {
            self.skip_space();
            if self.eat("@") {
                let name = self
                    .name()
                    .ok_or_else(|| why("an attribute without a name"))?;
                return finish(css, Tail::Attribute(name));
            }
            if self.eat("text()") {
                return finish(css, Tail::Text);
            }
            if self.rest().starts_with("..") {
                return Err(why("a step to the parent (`..`)"));
            }
            if self.eat("parent::") {
                if css.contains(' ') || css.is_empty() {
                    return Err(why("an axis (`parent::`) after several steps"));
                }
                let tag = if self.eat("*") {
                    String::new()
                } else {
                    self.name()
                        .ok_or_else(|| why("`parent::` without a name"))?
                };
                css = format!("{tag}:has(> {css})");
                self.skip_space();
                if self.rest().is_empty() || self.rest().starts_with('|') {
                    return finish(css, Tail::Elements);
                }
                return Err(why("steps after `parent::`"));
            }
            let mut sibling = false;
            if self.eat("descendant::") || self.eat("descendant-or-self::") {
                if !css.is_empty() {
                    combinator = " ";
                }
            } else if self.eat("following-sibling::") {
                if css.is_empty() || combinator != " > " {
                    return Err(why("a sibling step without a parent step"));
                }
                combinator = " ~ ";
                sibling = true;
            } else {
                let _ = self.eat("child::");
            }
            let tag =
                if self.eat("*") {
                    None
                } else if self.eat("node()") {
                    return Err(why("a `node()` step"));
                } else {
                    Some(self.name().ok_or_else(|| {
                        why(&format!("cannot read the step at `{}`", self.rest()))
                    })?)
                };
            if self.rest().starts_with("::") {
                return Err(why("an axis (`name::`)"));
            }
            if self.rest().starts_with('(') {
                return Err(why("a function as a step"));
            }
            let mut step = tag.clone().unwrap_or_default();
            let mut predicates = String::new();
            while self.eat("[") {
                predicates.push_str(&self.predicate(tag.is_some())?);
                if !self.eat("]") {
                    return Err(why("an unclosed predicate"));
                }
            }
            if sibling && (predicates.contains(":nth-") || predicates.contains(":last-")) {
                return Err(why("a position on the sibling axis"));
            }
            if step.is_empty() && predicates.is_empty() {
                step.push('*');
            }
            step.push_str(&predicates);
            css.push_str(combinator);
            css.push_str(&step);
            self.skip_space();
            if self.rest().starts_with("//") {
                self.at += 2;
                while self.rest().starts_with('/') {
                    self.at += 1;
                }
                combinator = " ";
            } else if self.rest().starts_with('/') {
                self.at += 1;
                combinator = " > ";
            } else {
                return finish(css, Tail::Elements);
            }
        }
    }

    /// One predicate, as CSS to append to its step.
    fn predicate(&mut self, named: bool) -> Result<String, Untranslatable> {
        self.skip_space();
        let digits: String = self
            .rest()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() {
            self.at += digits.len();
            let kind = if named { "of-type" } else { "child" };
            return Ok(format!(":nth-{kind}({digits})"));
        }
        if self.eat("last()-") || self.eat("last() -") {
            self.skip_space();
            let digits: String = self
                .rest()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let back: usize = digits
                .parse()
                .map_err(|_| why("`last()-` without a number"))?;
            self.at += digits.len();
            let kind = if named { "of-type" } else { "child" };
            return Ok(format!(":nth-last-{kind}({})", back + 1));
        }
        if self.eat("last()") {
            return Ok(if named {
                ":last-of-type"
            } else {
                ":last-child"
            }
            .to_owned());
        }
        self.or()
    }

    fn or(&mut self) -> Result<String, Untranslatable> {
        let mut parts = vec![self.and()?];
        while self.eat(" or ") || self.eat("or ") {
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            format!(":is({})", parts.join(", "))
        })
    }

    fn and(&mut self) -> Result<String, Untranslatable> {
        let mut css = self.test()?;
        while self.eat(" and ") || self.eat("and ") {
            css.push_str(&self.test()?);
        }
        Ok(css)
    }

    /// One test: an attribute comparison, a function, `not(...)`, a child element.
    fn test(&mut self) -> Result<String, Untranslatable> {
        self.skip_space();
        if self.eat("not(") {
            let inner = self.or()?;
            if !self.eat(")") {
                return Err(why("an unclosed not()"));
            }
            return Ok(format!(":not({})", anchored(&inner)));
        }
        if self.eat("(") {
            let inner = self.or()?;
            if !self.eat(")") {
                return Err(why("an unclosed parenthesis"));
            }
            return Ok(inner);
        }
        if self.eat("@") {
            let name = attribute(self.name())?;
            if self.eat("!=") {
                let value = self.literal()?;
                return Ok(format!(":not([{name}={}])", quote(&value)));
            }
            if self.eat("=") {
                let value = self.literal()?;
                return Ok(format!("[{name}={}]", quote(&value)));
            }
            return Ok(format!("[{name}]"));
        }
        for (function, operator) in [("contains(", "*="), ("starts-with(", "^=")] {
            if self.eat(function) {
                return self.contains(operator);
            }
        }
        if self.eat("normalize-space(") {
            self.expect("@")?;
            let name = attribute(self.name())?;
            self.expect(")")?;
            self.expect("=")?;
            let value = self.literal()?;
            return Ok(format!("[{name}={}]", quote(value.trim())));
        }
        if self.rest().starts_with("text()")
            || (self.rest().starts_with('.') && !self.rest().starts_with(".//"))
        {
            return Err(why("a test of the element's text"));
        }
        if self.eat("self::") {
            let name = self.name().ok_or_else(|| why("`self::` without a name"))?;
            return Ok(format!(":is({name})"));
        }
        for (axis, combinator) in [
            ("following-sibling::", "~ "),
            ("descendant::", ""),
            ("child::", "> "),
        ] {
            if self.eat(axis) {
                let name = self.name().ok_or_else(|| why("an axis without a name"))?;
                return Ok(format!(":has({combinator}{name})"));
            }
        }
        // A child element: `[p]`, `[.//img]`.
        let descendant = self.eat(".//");
        if let Some(child) = self.name() {
            if self.rest().trim_start().starts_with('(') {
                return Err(why(&format!("the function `{child}()`")));
            }
            let mut child = child;
            while self.eat("[") {
                child.push_str(&self.predicate(true)?);
                self.expect("]")?;
            }
            let combinator = if descendant { "" } else { "> " };
            return Ok(format!(":has({combinator}{child})"));
        }
        Err(why(&format!(
            "cannot read the predicate at `{}`",
            self.rest()
        )))
    }

    fn expect(&mut self, token: &str) -> Result<(), Untranslatable> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(why(&format!("expected `{token}` at `{}`", self.rest())))
        }
    }

    /// The rest of `contains(` or `starts-with(`.
    fn contains(&mut self, operator: &str) -> Result<String, Untranslatable> {
        self.skip_space();
        // The class-token idiom: contains(concat(' ', normalize-space(@class), ' '), ' x ').
        if self.eat("concat(") {
            self.literal()?;
            self.expect(",")?;
            self.expect("normalize-space(")?;
            self.expect("@")?;
            let name = attribute(self.name())?;
            self.expect(")")?;
            self.expect(",")?;
            self.literal()?;
            self.expect(")")?;
            self.expect(",")?;
            let value = self.literal()?;
            self.expect(")")?;
            let token = value.trim();
            if token.contains(' ') || token.is_empty() {
                return Err(why("a class test of several words"));
            }
            return Ok(format!("[{name}~={}]", quote(token)));
        }
        let name = if self.eat("normalize-space(@") {
            let name = attribute(self.name())?;
            self.expect(")")?;
            name
        } else if self.eat("@") {
            attribute(self.name())?
        } else {
            return Err(why("a test of the element's text"));
        };
        self.expect(",")?;
        let value = self.literal()?;
        self.expect(")")?;
        if value.is_empty() {
            return Ok(format!("[{name}]"));
        }
        Ok(format!("[{name}{operator}{}]", quote(&value)))
    }
}

/// A predicate's CSS as a selector of its own, for `:not()`.
fn anchored(css: &str) -> String {
    if css.starts_with(':') && !css.starts_with(":is(") && !css.starts_with(":not(") {
        format!("*{css}")
    } else {
        css.to_owned()
    }
}

fn attribute(name: Option<String>) -> Result<String, Untranslatable> {
    let name = name.ok_or_else(|| why("an attribute without a name"))?;
    Ok(name)
}

fn finish(css: String, tail: Tail) -> Result<(String, Tail), Untranslatable> {
    if css.is_empty() {
        return Err(why("a path with no element step"));
    }
    Ok((css, tail))
}

/// A CSS string literal.
fn quote(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn css(xpath: &str) -> String {
        translate(xpath)
            .unwrap_or_else(|e| panic!("{xpath}: {}", e.0))
            .selector
    }

    #[test]
    fn paths_and_predicates() {
        assert_eq!(css("//h1"), "h1");
        assert_eq!(
            css("/html/body/div[3]/p"),
            "html > body > div:nth-of-type(3) > p"
        );
        assert_eq!(css("//div[@id='main']//p"), "div[id=\"main\"] p");
        assert_eq!(css("//*[@class='a b']"), "[class=\"a b\"]");
        assert_eq!(
            css("//div[contains(@class, 'entry')]"),
            "div[class*=\"entry\"]"
        );
        assert_eq!(
            css("//div[@class='x'] | //section[starts-with(@id,'post')]"),
            "div[class=\"x\"], section[id^=\"post\"]"
        );
        assert_eq!(
            css("//div[contains(@class,'a') or @id='b']"),
            "div:is([class*=\"a\"], [id=\"b\"])"
        );
        assert_eq!(
            css("//div[not(contains(@class,'ad'))][last()]"),
            "div:not([class*=\"ad\"]):last-of-type"
        );
        assert_eq!(css("//figure[.//img]"), "figure:has(img)");
        assert_eq!(css("//div[@data-x]"), "div[data-x]");
        assert_eq!(css("//h2/following-sibling::p"), "h2 ~ p");
        assert_eq!(css("//article/descendant::p"), "article p");
        assert_eq!(
            css("//div[@id='x']/parent::div"),
            "div:has(> div[id=\"x\"])"
        );
        assert_eq!(css("//figure[div[img]]"), "figure:has(> div:has(> img))");
        assert_eq!(css("//div/h4[last()-1]"), "div > h4:nth-last-of-type(2)");
        assert!(translate("(//article)[1]").unwrap().first);
        assert_eq!(css("//*[self::h1 or self::h2]"), ":is(:is(h1), :is(h2))");
    }

    #[test]
    fn what_css_cannot_say_is_named() {
        for (xpath, reason) in [
            ("//p[contains(., 'Read more')]", "text"),
            ("//h1/..", "parent"),
            ("//div/ancestor::p", "axis"),
            ("//h2/following-sibling::p[1]", "sibling"),
            ("//p[position()>2]", "position"),
        ] {
            let error = translate(xpath).unwrap_err();
            assert!(error.0.contains(reason), "{xpath}: {}", error.0);
        }
    }
}
