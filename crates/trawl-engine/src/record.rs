//! The canonical article record: one JSON object per page.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::warning::Warning;

/// One article, as every rule produces it. Field names are fixed by the design.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The page URL (given or found in the page).
    pub url: String,
    /// The rule that produced it (its name), or `generic`.
    pub site: String,
    /// Which extractor made the record: absent when the rule made all of it.
    #[serde(default, skip_serializing_if = "MadeBy::is_rule")]
    pub extractor: MadeBy,
    /// Who wrote it, e.g. "Reuters" for a Reuters story syndicated on Yahoo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The headline.
    pub title: String,
    /// The dek or standfirst.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// One name per entry, no "By", no roles, no duplicates.
    #[serde(default)]
    pub authors: Vec<String>,
    /// RFC 3339 with offset, e.g. `2022-01-28T10:31:00Z`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// RFC 3339 with offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// BCP 47, e.g. `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The article text.
    #[serde(default)]
    pub body: Body,
    /// Sections, keywords, tags.
    #[serde(default)]
    pub topics: Vec<String>,
    /// The cover image and the article's figures.
    #[serde(default)]
    pub images: Vec<Image>,
    /// Recommended stories and the like, kept out of the body.
    #[serde(default)]
    pub related: Vec<Related>,
    /// Whether the article is free to read, when the page says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_access: Option<bool>,
    /// Custom fields from the rule and fields added by plugins.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// What went wrong without stopping the record.
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

/// Which extractor made a record (its `extractor` field).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MadeBy {
    /// The site's rule made every field (the field is then left out of the JSON).
    #[default]
    #[serde(rename = "rule")]
    Rule,
    /// The generic extractor made the record: no rule serves the page, or `--generic`.
    #[serde(rename = "generic")]
    Generic,
    /// The rule made the record, but fields it left empty (title, body) came from the
    /// generic extractor: the stale-rule guard.
    #[serde(rename = "rule+generic")]
    RuleAndGeneric,
}

impl MadeBy {
    /// Whether the rule alone made the record.
    pub fn is_rule(&self) -> bool {
        *self == MadeBy::Rule
    }
}

/// The article text: a summary and sections in document order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Body {
    /// Lede or summary paragraphs.
    pub summary: Vec<String>,
    /// Sections, each opened by zero or more sub-headlines.
    pub sections: Vec<Section>,
}

impl Body {
    /// Every paragraph, summary first, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.summary
            .iter()
            .chain(self.sections.iter().flat_map(|section| &section.paragraphs))
            .map(String::as_str)
    }

    /// Whether the body has no paragraph at all.
    pub fn is_empty(&self) -> bool {
        self.paragraphs().next().is_none()
    }
}

/// A run of paragraphs under its sub-headline(s).
///
/// Every block of text in reading order is one entry of `paragraphs`: prose paragraphs, list
/// items, table rows (cells joined by ` | `), quotes, code and the text of embedded posts.
/// `kinds` says which is which: it is empty when every entry is a plain paragraph (and then
/// left out of the JSON), else it has one entry per paragraph.
///
/// ```
/// use trawl_engine::{ParagraphKind, Section};
///
/// let mut section = Section::default();
/// section.push("Three things to pack:".into(), ParagraphKind::Paragraph);
/// section.push("A torch".into(), ParagraphKind::ListItem);
/// assert_eq!(section.kind(0), ParagraphKind::Paragraph);
/// assert_eq!(section.kind(1), ParagraphKind::ListItem);
/// assert_eq!(section.kinds.len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The sub-headlines; empty for the first section.
    pub headline: Vec<String>,
    /// The paragraphs.
    pub paragraphs: Vec<String>,
    /// What each paragraph is: empty when all are plain paragraphs, else one per paragraph.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<ParagraphKind>,
}

impl Section {
    /// Appends a paragraph of the given kind, keeping `kinds` empty while every paragraph
    /// is a plain one.
    ///
    /// ```
    /// use trawl_engine::{ParagraphKind, Section};
    ///
    /// let mut section = Section::default();
    /// section.push("A quote first".into(), ParagraphKind::Quote);
    /// section.push("then prose".into(), ParagraphKind::Paragraph);
    /// assert_eq!(section.kinds, [ParagraphKind::Quote, ParagraphKind::Paragraph]);
    /// ```
    pub fn push(&mut self, text: String, kind: ParagraphKind) {
        if kind != ParagraphKind::Paragraph || !self.kinds.is_empty() {
            self.kinds
                .resize(self.paragraphs.len(), ParagraphKind::Paragraph);
            self.kinds.push(kind);
        }
        self.paragraphs.push(text);
    }

    /// The kind of paragraph `index` (a plain paragraph where `kinds` says nothing).
    pub fn kind(&self, index: usize) -> ParagraphKind {
        self.kinds.get(index).copied().unwrap_or_default()
    }
}

/// What a paragraph of the body is, for readers that render structure (Markdown, HTML).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    /// Prose.
    #[default]
    Paragraph,
    /// An item of a bulleted list.
    ListItem,
    /// An item of a numbered list.
    NumberedItem,
    /// A block quote.
    Quote,
    /// A table row, its cells joined by ` | `.
    TableRow,
    /// Preformatted code, its line breaks kept.
    Code,
    /// The text of an embedded post (a tweet, an Instagram caption).
    Embed,
}

/// An image of the article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// Absolute URL.
    pub url: String,
    /// The caption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// The alt text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    /// Photographer or agency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
    /// Whether this is the cover (lead) image.
    pub is_cover: bool,
}

/// A story the page recommends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Related {
    /// Its headline.
    pub title: String,
    /// Its link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its teaser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

impl Record {
    /// Whether the record holds an article: a title or a body. A page from which neither
    /// came is not an article page (a section front, an error page), and gives no record.
    pub fn has_article(&self) -> bool {
        !self.title.is_empty() || !self.body.is_empty()
    }

    /// The field `name` as the record's JSON has it (null when left out).
    pub(crate) fn json_of(&self, name: &str) -> serde_json::Value {
        let mut json = serde_json::to_value(self).expect("records are JSON");
        json.get_mut(name)
            .map(serde_json::Value::take)
            .unwrap_or_default()
    }
}
