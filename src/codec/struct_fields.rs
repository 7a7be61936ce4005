//! The shared half of the generated structs' `Deserialize`: a JSON object read field by field into the type's `Default`.
//!
//! Nearly every type of the document has only optional fields. serde's derive writes a field
//! enum, its visitor, a sequence visitor and a map visitor for each of them, about 1,800 times;
//! that code was the largest part of the crate's compile time and memory. Such a type instead
//! implements [`OptionalFields`] (its name, its wire field names and one `match` that reads a
//! field), and everything else lives here once. What it accepts is what the derive accepts from
//! a JSON object: unknown fields are skipped, a field given twice is an error, `null` or a
//! missing field is `None`. A JSON array in place of an object is refused (the derive would
//! read it positionally; Palette never sends one).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A generated struct whose fields are all `Option`s, decoded into its `Default` one field at
/// a time. The code generator implements it; nothing else needs to.
pub trait OptionalFields: Default {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The fields' names on the wire, in declaration order; at most 64.
    const FIELDS: &'static [&'static str];

    /// Reads the value of the field at `index` in [`Self::FIELDS`] from `map` into `self`.
    fn read<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
}

/// Decodes `T` from `deserializer`; the body of every [`OptionalFields`] type's `deserialize`.
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: OptionalFields,
    D: Deserializer<'de>,
{
    deserializer.deserialize_struct(T::NAME, T::FIELDS, Fields::<T>(PhantomData))
}

/// The visitor of an object of `T`'s fields.
struct Fields<T>(PhantomData<T>);

impl<'de, T: OptionalFields> Visitor<'de> for Fields<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        let mut seen = 0u64;
        while let Some(key) = map.next_key_seed(Key(T::FIELDS))? {
            let Some(index) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let bit = 1u64 << index;
            if seen & bit != 0 {
                return Err(de::Error::duplicate_field(T::FIELDS[index]));
            }
            seen |= bit;
            out.read(index, &mut map)?;
        }
        Ok(out)
    }
}

/// Reads a key as its position among the known field names, `None` for any other key.
struct Key(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|field| *field == name))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|field| field.as_bytes() == name))
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Self::Value, E> {
        Ok(usize::try_from(index).ok().filter(|i| *i < self.0.len()))
    }
}

#[cfg(test)]
mod tests {
    //! serde's derive is the reference: a type decoded through `OptionalFields` must accept,
    //! refuse and report exactly what the derive does for a JSON object.

    use serde::Deserialize;
    use serde::de::MapAccess;

    use super::OptionalFields;

    /// Decoded the way the generated types are.
    #[derive(Debug, Default, PartialEq)]
    struct Lean {
        name: Option<String>,
        kind: Option<i64>,
        labels: Option<Vec<String>>,
    }

    impl OptionalFields for Lean {
        const NAME: &'static str = "Widget";
        const FIELDS: &'static [&'static str] = &["name", "type", "labels"];

        fn read<'de, A: MapAccess<'de>>(
            &mut self,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match index {
                0 => self.name = map.next_value()?,
                1 => self.kind = map.next_value()?,
                2 => self.labels = map.next_value()?,
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }

    impl<'de> Deserialize<'de> for Lean {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::deserialize(deserializer)
        }
    }

    mod derived {
        /// The same fields through serde's derive, as the generated types had them before;
        /// named as `Lean` calls itself, since the derive's messages name the Rust type.
        #[derive(Debug, Default, PartialEq, serde::Deserialize)]
        pub struct Widget {
            pub name: Option<String>,
            #[serde(rename = "type")]
            pub kind: Option<i64>,
            pub labels: Option<Vec<String>>,
        }
    }
    use derived::Widget as Derived;

    fn both(json: &str) -> (Result<Lean, String>, Result<Lean, String>) {
        let lean = serde_json::from_str::<Lean>(json).map_err(|e| e.to_string());
        let derived = serde_json::from_str::<Derived>(json)
            .map(|d| Lean {
                name: d.name,
                kind: d.kind,
                labels: d.labels,
            })
            .map_err(|e| e.to_string());
        (lean, derived)
    }

    #[test]
    fn an_object_decodes_as_the_derive_decodes_it() {
        for json in [
            r#"{}"#,
            r#"{"name": "edge-1"}"#,
            r#"{"name": null, "type": null, "labels": null}"#,
            r#"{"type": 3, "labels": ["a", "b"], "name": "x"}"#,
            r#"{"status": {"deep": [1, {"x": null}]}, "name": "kept"}"#,
            r#"{"Name": "case matters", "name": "x"}"#,
        ] {
            let (lean, derived) = both(json);
            assert_eq!(lean, derived, "{json}");
            assert!(lean.is_ok(), "{json}: {lean:?}");
        }
    }

    #[test]
    fn a_bad_object_is_refused_with_the_derives_message() {
        for json in [
            r#"{"name": "a", "name": "b"}"#,
            r#"{"type": "three"}"#,
            r#"{"labels": "a"}"#,
            r#"{"name": "x""#,
            r#""widget""#,
            r#"null"#,
            r#"7"#,
        ] {
            let (lean, derived) = both(json);
            assert!(lean.is_err(), "{json}: {lean:?}");
            assert_eq!(lean, derived, "{json}");
        }
    }

    #[test]
    fn a_value_decodes_as_text_does() {
        let value = serde_json::json!({"name": "v", "type": 2, "extra": true});
        let lean: Lean = serde_json::from_value(value.clone()).unwrap();
        let text: Lean = serde_json::from_str(&value.to_string()).unwrap();
        assert_eq!(lean, text);
        assert_eq!(lean.kind, Some(2));
        let twice = serde_json::from_value::<Lean>(serde_json::json!({"type": "x"}));
        assert_eq!(
            twice.unwrap_err().to_string(),
            serde_json::from_value::<Derived>(serde_json::json!({"type": "x"}))
                .unwrap_err()
                .to_string()
        );
    }

    /// The one difference from the derive: it reads an array positionally, this refuses it.
    #[test]
    fn an_array_is_not_an_object() {
        let err = serde_json::from_str::<Lean>(r#"["x", 1, []]"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid type: sequence, expected struct Widget at line 1 column 1"
        );
    }
}
