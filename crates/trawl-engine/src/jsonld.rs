//! JSON-LD: reading `<script type="application/ld+json">` blocks and walking paths in them.

use ego_tree::NodeId;
use scraper::{Html, Selector};
use serde_json::Value as Json;

/// Every object with an `@type` in the page's JSON-LD, in document order, including objects
/// nested in `@graph`, arrays and other objects, and beside them the `<script>` each came
/// from. Blocks that are not valid JSON are repaired where a common mistake explains it (raw
/// newlines or tabs inside strings), else skipped.
pub fn typed_objects(html: &Html) -> (Vec<Json>, Vec<NodeId>) {
    let selector =
        Selector::parse(r#"script[type="application/ld+json" i]"#).expect("a valid selector");
    let mut objects = Vec::new();
    let mut scripts = Vec::new();
    for script in html.select(&selector) {
        let text: String = script.text().collect();
        if let Some(json) = parse_lenient(&text) {
            collect_typed(&json, &mut objects);
            scripts.resize(objects.len(), script.id());
        }
    }
    (objects, scripts)
}

fn parse_lenient(text: &str) -> Option<Json> {
    let text = text.trim().trim_end_matches(';');
    serde_json::from_str(text).ok().or_else(|| {
        let repaired: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&repaired).ok()
    })
}

fn collect_typed(json: &Json, out: &mut Vec<Json>) {
    match json {
        Json::Array(items) => items.iter().for_each(|item| collect_typed(item, out)),
        Json::Object(map) => {
            if map.contains_key("@type") {
                out.push(json.clone());
            }
            for value in map.values() {
                if value.is_object() || value.is_array() {
                    collect_typed(value, out);
                }
            }
        }
        _ => {}
    }
}

/// Whether an object's `@type` (a string or a list) matches `pattern`, where `*` matches any
/// run of characters: `NewsArticle`, `*Article`, `*`.
pub fn type_matches(object: &Json, pattern: &str) -> bool {
    match object.get("@type") {
        Some(Json::String(kind)) => glob(pattern, kind),
        Some(Json::Array(kinds)) => kinds
            .iter()
            .filter_map(Json::as_str)
            .any(|kind| glob(pattern, kind)),
        _ => false,
    }
}

fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, tail)) => {
            text.len() >= head.len()
                && text.starts_with(head)
                && (0..=text.len() - head.len()).any(|skip| {
                    text.is_char_boundary(head.len() + skip)
                        && glob(tail, &text[head.len() + skip..])
                })
        }
    }
}

/// The values at `path` under `object`; arrays met on the way are walked, and arrays at the
/// end are flattened into their items.
pub fn resolve(object: &Json, path: &[String], out: &mut Vec<Json>) {
    match (object, path.split_first()) {
        (Json::Array(items), _) => items.iter().for_each(|item| resolve(item, path, out)),
        (Json::Null, _) => {}
        (value, None) => out.push(value.clone()),
        (Json::Object(map), Some((key, rest))) => {
            if let Some(value) = map.get(key.as_str()) {
                resolve(value, rest, out);
            }
        }
        (_, Some(_)) => {}
    }
}

/// `json` with HTML entities in its strings decoded: sites write `&quot;` and `&amp;` into
/// JSON-LD as if it were HTML. Markup in the strings stays as it is.
pub fn decode_entities(json: Json) -> Json {
    match json {
        Json::String(text) if text.contains('&') => Json::String(decode_text(&text)),
        Json::Array(items) => Json::Array(items.into_iter().map(decode_entities).collect()),
        Json::Object(map) => Json::Object(
            map.into_iter()
                .map(|(key, value)| (key, decode_entities(value)))
                .collect(),
        ),
        other => other,
    }
}

/// The text with its entities decoded, as an HTML parser reads them; `<` is escaped first, so
/// tags stay text.
fn decode_text(text: &str) -> String {
    let html = Html::parse_fragment(&text.replace('<', "&lt;"));
    html.root_element().text().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn graphs_and_arrays_are_walked() {
        let html = Html::parse_document(
            r#"<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":["NewsArticle"],"headline":"H"}]}</script>
               <script type="application/ld+json">[{"@type":"Person","name":"A"}]</script>"#,
        );
        let (objects, _) = typed_objects(&html);
        assert_eq!(objects.len(), 3);
        assert!(type_matches(&objects[1], "*Article"));
        assert!(!type_matches(&objects[0], "*Article"));
        assert!(type_matches(&objects[2], "*"));
    }

    #[test]
    fn broken_newlines_in_strings_are_repaired() {
        let html = Html::parse_document(
            "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"a\nb\"}</script>",
        );
        assert_eq!(typed_objects(&html).0.len(), 1);
    }

    #[test]
    fn paths_walk_arrays() {
        let object =
            json!({"author": [{"name": "A"}, {"name": "B"}], "image": {"url": ["u1", "u2"]}});
        let mut out = Vec::new();
        resolve(&object, &["author".into(), "name".into()], &mut out);
        assert_eq!(out, vec![json!("A"), json!("B")]);
        out.clear();
        resolve(&object, &["image".into(), "url".into()], &mut out);
        assert_eq!(out, vec![json!("u1"), json!("u2")]);
    }

    #[test]
    fn entities_in_strings_are_decoded_and_markup_kept() {
        let json =
            json!({"headline": "Say &quot;hi&quot; &amp; go", "n": 1, "a": ["<b>x</b> &lt;3"]});
        assert_eq!(
            decode_entities(json),
            json!({"headline": "Say \"hi\" & go", "n": 1, "a": ["<b>x</b> <3"]})
        );
    }

    #[test]
    fn globs_match_prefixes_and_suffixes() {
        assert!(glob("*Article", "ReportageNewsArticle"));
        assert!(glob("News*", "NewsArticle"));
        assert!(!glob("*Article", "WebPage"));
    }
}
