//! The conversion behind every generated request builder's setters: the value given into the parameter's type, or an error naming the parameter.

/// Converts a setter's argument into its parameter's type. A failure is kept in the builder
/// and reported when the request is sent, as `Error::InvalidRequest` naming the parameter.
///
/// One function for all of them: the codegen replaces the closure each setter had with a call
/// here (see `openapi/codegen/edits.rs`).
pub(crate) fn convert<V, T>(value: V, parameter: &'static str) -> Result<T, String>
where
    V: TryInto<T>,
{
    value
        .try_into()
        .map_err(|_| format!("the value given for `{parameter}` cannot be converted to its type"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_that_converts_is_kept() {
        assert_eq!(convert::<&str, String>("w1", "uid"), Ok("w1".to_string()));
    }

    #[test]
    fn a_value_that_does_not_convert_names_the_parameter() {
        let refused = convert::<i64, u8>(300, "limit").unwrap_err();
        assert_eq!(
            refused,
            "the value given for `limit` cannot be converted to its type"
        );
    }
}
