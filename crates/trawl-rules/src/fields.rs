//! The table of record fields that rules fill from expressions: the one list the schema,
//! the compiler, the filling and `trawl explain` all read.

/// How a field's expressions become its value in the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// The first value's text, normalised; empty is none.
    Text,
    /// Every value's text, normalised, empty and repeated values dropped.
    Texts,
    /// Person names: every value split and cleaned as the `authors` filter does with its
    /// default options, then like [`FieldKind::Texts`] (repeats dropped in any case). Values
    /// the expression already settled, with `authors(...)` or `raw`, are kept as they are.
    Authors,
    /// The first value read as a date, written RFC 3339; a value that is no date is a warning.
    Date,
    /// Like [`FieldKind::Text`], else the rule's `language`.
    Language,
    /// The first value as yes/no: `false`, `no`, `0` and `off` are no, anything else yes.
    Flag,
}

/// One record field a rule fills with expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// Its name, under `fields:` and in the record.
    pub name: &'static str,
    /// How its value is read.
    pub kind: FieldKind,
    /// When it is filled, from 0: referable fields first, each able to name only those
    /// filled before it.
    pub filled: usize,
    /// Whether other expressions may name it (`without(authors)`).
    pub referable: bool,
}

/// [`RECORD_FIELDS`](crate::RECORD_FIELDS) in the order they are filled.
pub fn fill_order() -> impl Iterator<Item = &'static FieldSpec> {
    let fields = crate::RECORD_FIELDS;
    (0..fields.len()).filter_map(move |n| fields.iter().find(|spec| spec.filled == n))
}

/// The record fields that rules fill from expressions, declared once: calls the macro
/// `$callback` with each field's doc comment, name, [`FieldKind`], fill position and whether
/// other expressions may name it. This crate makes the rule schema's
/// [`Fields`](crate::Fields) and [`RECORD_FIELDS`](crate::RECORD_FIELDS) from it; the engine
/// makes the code that stores each value in its `Record` member, so a field declared here
/// that the record lacks, or holds in a member of the wrong type, does not compile.
///
/// A new field is one entry here plus its member in the engine's `Record`.
#[macro_export]
macro_rules! for_record_fields {
    ($callback:ident) => {
        $callback! {
            /// The headline.
            title: Text, filled 0, referable;
            /// The dek or standfirst.
            subtitle: Text, filled 1, referable;
            /// Who wrote it: each value is split into person names as the `authors` filter does
            /// (write `authors(...)` for its options, `raw` to keep a value whole).
            authors: Authors, filled 3, referable;
            /// Who published it, e.g. a news agency for syndicated stories.
            publisher: Text, filled 2, referable;
            /// When it was published, read as a date (`date(%d.%m.%Y)` for an explicit format).
            published: Date, filled 5;
            /// When it was last changed, read as a date like `published`.
            modified: Date, filled 6;
            /// The page's language, overriding the rule's.
            language: Language, filled 7;
            /// Sections, keywords, tags.
            topics: Texts, filled 4, referable;
            /// Whether the article is free to read: `true`/`false`, or anything = true, nothing = unknown.
            free_access: Flag, filled 8;
        }
    };
}

/// Makes, from [`for_record_fields!`], the [`Fields`](crate::Fields) struct serde reads (and
/// the JSON Schema is made from, keys in this order), and [`RECORD_FIELDS`].
macro_rules! record_fields {
    ($( $(#[doc = $doc:literal])* $name:ident: $kind:ident, filled $filled:literal $(, $referable:ident)?; )*) => {
        /// How to fill the record's fields. Each is optional.
        #[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Fields {
            $( $(#[doc = $doc])* pub $name: Option<Exprs>, )*
            /// Images: a cover and the figures of the article.
            pub images: Option<Images>,
            /// Recommended stories and the like, kept out of the body.
            pub related: Option<Related>,
        }

        impl Fields {
            /// The expressions written for the record field `name` (one of [`RECORD_FIELDS`]).
            pub fn exprs(&self, name: &str) -> Option<&Exprs> {
                match name {
                    $( stringify!($name) => self.$name.as_ref(), )*
                    _ => None,
                }
            }
        }

        /// The record fields filled from expressions, in the order rule files list them
        /// (see [`fill_order`](crate::fill_order) for the order they are filled).
        pub const RECORD_FIELDS: &[$crate::FieldSpec] = &[
            $( $crate::FieldSpec {
                name: stringify!($name),
                kind: $crate::FieldKind::$kind,
                filled: $filled,
                referable: record_fields!(@referable $($referable)?),
            }, )*
        ];
    };
    (@referable referable) => { true };
    (@referable) => { false };
}

pub(crate) use record_fields;

#[cfg(test)]
mod tests {
    use crate::{fill_order, Fields, RECORD_FIELDS};

    #[test]
    fn every_field_is_filled_once_referable_ones_first() {
        let order: Vec<_> = fill_order().collect();
        assert_eq!(order.len(), RECORD_FIELDS.len());
        let first_other = order.iter().position(|f| !f.referable);
        let last_referable = order.iter().rposition(|f| f.referable);
        assert!(last_referable < first_other);
    }

    #[test]
    fn every_field_is_read_from_its_key() {
        for spec in RECORD_FIELDS {
            let yaml = format!("{}: h1 | text\n", spec.name);
            let fields: Fields = serde_yaml::from_str(&yaml).unwrap();
            assert!(fields.exprs(spec.name).is_some(), "{}", spec.name);
        }
    }
}
