//! The page's `<meta>` tags, read once: Open Graph, Twitter cards, Dublin Core, article
//! tags and microdata `itemprop` metas, looked up by any of their names.

use scraper::{Html, Selector};
use trawl_engine::normalize_text;

/// Every `<meta>` tag with a name (`name`, `property`, `itemprop` or `http-equiv`) and
/// non-empty content, names lower-cased, in document order.
pub struct Metas {
    tags: Vec<(String, String)>,
}

impl Metas {
    /// Reads the meta tags of a page.
    pub fn of(html: &Html) -> Self {
        let selector = Selector::parse("meta[content]").expect("a valid selector");
        let mut tags = Vec::new();
        for meta in html.select(&selector) {
            let element = meta.value();
            let content = normalize_text(element.attr("content").unwrap_or_default());
            if content.is_empty() {
                continue;
            }
            for key in ["name", "property", "itemprop", "http-equiv"] {
                if let Some(name) = element.attr(key) {
                    // `property="og:title article:title"` names the tag twice.
                    for name in name.split_ascii_whitespace() {
                        tags.push((name.to_ascii_lowercase(), content.clone()));
                    }
                }
            }
        }
        Self { tags }
    }

    /// The content of the first tag with the first of `names` that the page has.
    pub fn first(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|name| {
            self.tags
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, content)| content.as_str())
        })
    }

    /// The contents of every tag named `name`, in document order.
    pub fn all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.tags
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, content)| content.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_properties_and_itemprops_are_looked_up_in_order_of_preference() {
        let html = Html::parse_document(
            r#"<meta property="og:title" content=" OG  title "><meta name="Description" content="d">
               <meta itemprop="datePublished" content="2024-05-14"><meta name="keywords" content="">"#,
        );
        let metas = Metas::of(&html);
        assert_eq!(
            metas.first(&["twitter:title", "og:title"]),
            Some("OG title")
        );
        assert_eq!(metas.first(&["description"]), Some("d"));
        assert_eq!(metas.first(&["datepublished"]), Some("2024-05-14"));
        assert_eq!(metas.first(&["keywords"]), None);
    }
}
