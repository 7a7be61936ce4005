//! Query arrays Palette reads as one comma-joined value (`?ids=a,b`), not the key repeated.

use std::fmt::Display;

use serde::{Serialize, Serializer};

/// A list parameter, present or not, that can be written as one comma-joined value.
pub(crate) trait CommaList {
    /// The values joined with commas, or `None` when the parameter is not set.
    fn joined(&self) -> Option<String>;
}

impl<T: Display> CommaList for Vec<T> {
    fn joined(&self) -> Option<String> {
        Some(
            self.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
        )
    }
}

impl<T: Display> CommaList for Option<Vec<T>> {
    fn joined(&self) -> Option<String> {
        self.as_ref().and_then(CommaList::joined)
    }
}

/// Serializes a list parameter as one comma-joined value. The generated code of an operation
/// whose document gives a query array `explode: false` wraps the parameter in it.
pub(crate) struct CommaJoined<'a, L>(pub(crate) &'a L);

impl<L: CommaList> Serialize for CommaJoined<'_, L> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.joined().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query<T: Serialize>(name: &str, value: &T) -> String {
        let param = progenitor_client::QueryParam::new(name, value);
        serde_urlencoded::to_string(param).unwrap()
    }

    #[test]
    fn a_list_goes_out_as_one_comma_joined_value() {
        let ids = Some(vec!["a b".to_string(), "c".to_string()]);
        assert_eq!(query("ids", &CommaJoined(&ids)), "ids=a+b%2Cc");
        assert_eq!(
            query("ids", &ids),
            "ids=a+b&ids=c",
            "what progenitor would send"
        );
    }

    #[test]
    fn an_unset_list_is_left_out_and_a_required_one_is_sent() {
        let none: Option<Vec<String>> = None;
        assert_eq!(query("ids", &CommaJoined(&none)), "");
        assert_eq!(query("ids", &CommaJoined(&vec![1, 2])), "ids=1%2C2");
    }
}
