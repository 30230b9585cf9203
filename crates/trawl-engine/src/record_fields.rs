//! Where the fields of the rule table ([`trawl_rules::for_record_fields!`]) land in the
//! [`Record`]: the code that stores a value and reads it back is generated from the table,
//! so the table and the record cannot disagree. A field the record lacks, or holds in a
//! member its kind cannot fill (a date in a `Vec`), is a compile error here.

use crate::record::Record;

/// The value of one of the fields in [`RECORD_FIELDS`](trawl_rules::RECORD_FIELDS).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldValue {
    /// One string, or none.
    Text(Option<String>),
    /// A list of strings.
    Texts(Vec<String>),
    /// Yes, no, or unknown.
    Flag(Option<bool>),
}

/// How a field kind fills a record member of type `T`, and reads it back as texts (what
/// `without(...)` compares with). Implemented for exactly the member types each kind may use.
trait Slot<T> {
    /// Stores `value` in `slot`.
    ///
    /// # Panics
    /// When `value` is not of the kind's shape: the filling code made the wrong value.
    fn fill(slot: &mut T, value: FieldValue);

    /// The member's value as texts.
    fn texts(slot: &T) -> Vec<String>;
}

/// The field kinds of [`trawl_rules::FieldKind`], as types, one per variant.
mod kinds {
    pub struct Text;
    pub struct Texts;
    pub struct Authors;
    pub struct Date;
    pub struct Language;
    pub struct Flag;
}

/// A text kind fills an optional string, or a string where none is empty (the title).
macro_rules! text_slots {
    ($($kind:ident),*) => {$(
        impl Slot<Option<String>> for kinds::$kind {
            fn fill(slot: &mut Option<String>, value: FieldValue) {
                match value {
                    FieldValue::Text(text) => *slot = text,
                    other => panic!("a text field given {other:?}"),
                }
            }
            fn texts(slot: &Option<String>) -> Vec<String> {
                slot.iter().cloned().collect()
            }
        }
        impl Slot<String> for kinds::$kind {
            fn fill(slot: &mut String, value: FieldValue) {
                match value {
                    FieldValue::Text(text) => *slot = text.unwrap_or_default(),
                    other => panic!("a text field given {other:?}"),
                }
            }
            fn texts(slot: &String) -> Vec<String> {
                vec![slot.clone()]
            }
        }
    )*};
}
text_slots!(Text, Date, Language);

/// A list kind fills a list of strings.
macro_rules! list_slots {
    ($($kind:ident),*) => {$(
        impl Slot<Vec<String>> for kinds::$kind {
            fn fill(slot: &mut Vec<String>, value: FieldValue) {
                match value {
                    FieldValue::Texts(texts) => *slot = texts,
                    other => panic!("a list field given {other:?}"),
                }
            }
            fn texts(slot: &Vec<String>) -> Vec<String> {
                slot.clone()
            }
        }
    )*};
}
list_slots!(Texts, Authors);

impl Slot<Option<bool>> for kinds::Flag {
    fn fill(slot: &mut Option<bool>, value: FieldValue) {
        match value {
            FieldValue::Flag(flag) => *slot = flag,
            other => panic!("a yes/no field given {other:?}"),
        }
    }
    fn texts(_: &Option<bool>) -> Vec<String> {
        Vec::new()
    }
}

/// `Record::set` and `Record::texts_of`, one arm per field of the table.
macro_rules! record_access {
    ($( $(#[doc = $doc:literal])* $name:ident: $kind:ident, filled $filled:literal $(, $referable:ident)?; )*) => {
        impl Record {
            /// Sets the record field `name` (one of `RECORD_FIELDS`). The title is never
            /// absent: no title is an empty one.
            ///
            /// # Panics
            /// When `name` is not in the table, or the value is not of its kind.
            pub(crate) fn set(&mut self, name: &str, value: FieldValue) {
                match name {
                    $( stringify!($name) => kinds::$kind::fill(&mut self.$name, value), )*
                    other => panic!("the record has no field `{other}`"),
                }
            }

            /// The text values of a field of the table, for `without(...)`; none for others.
            pub(crate) fn texts_of(&self, name: &str) -> Vec<String> {
                match name {
                    $( stringify!($name) => kinds::$kind::texts(&self.$name), )*
                    _ => Vec::new(),
                }
            }
        }
    };
}
trawl_rules::for_record_fields!(record_access);

#[cfg(test)]
mod tests {
    use trawl_rules::{FieldKind, RECORD_FIELDS};

    use super::FieldValue;
    use crate::record::Record;

    /// Every field of the table has its place in the record, of the kind the table says.
    #[test]
    fn every_table_field_can_be_set_and_read_back() {
        for spec in RECORD_FIELDS {
            let mut record = Record::default();
            let value = match spec.kind {
                FieldKind::Texts | FieldKind::Authors => FieldValue::Texts(vec!["x".into()]),
                FieldKind::Flag => FieldValue::Flag(Some(true)),
                _ => FieldValue::Text(Some("x".into())),
            };
            record.set(spec.name, value);
            assert!(!record.json_of(spec.name).is_null(), "{}", spec.name);
            if spec.referable {
                assert_eq!(record.texts_of(spec.name), ["x"], "{}", spec.name);
            }
        }
    }
}
