//! The fake's list pages, as Palette serves them: at most 50 items, an opaque `continue` token for the next page, the total count; and the name filters of list bodies.

use std::collections::HashMap;

use crate::testing::refusal::{Refusal, refuse};
use crate::types;

/// Palette's largest page, and the size of a page when `limit` is not given.
const MAX_PAGE: usize = 50;

/// Mixed into every token so that it reads as opaque, as Palette's do.
const TOKEN_MASK: u64 = 0x5eed_c0de_f00d_cafe;

/// Whether `value` passes a list body's string filter (`eq`, `ne`, `contains`, `beginsWith`,
/// each ignoring case when `ignoreCase` is set).
#[cfg(any(feature = "projects", feature = "clusterprofiles", feature = "packs"))]
pub(crate) fn passes(filter: &types::FilterString, value: &str) -> bool {
    let fold = |s: &str| {
        if filter.ignore_case == Some(true) {
            s.to_lowercase()
        } else {
            s.to_string()
        }
    };
    let value = fold(value);
    filter.eq.as_deref().is_none_or(|v| value == fold(v))
        && filter.ne.as_deref().is_none_or(|v| value != fold(v))
        && filter
            .contains
            .as_deref()
            .is_none_or(|v| value.contains(&fold(v)))
        && filter
            .begins_with
            .as_deref()
            .is_none_or(|v| value.starts_with(&fold(v)))
}

fn token(offset: usize) -> String {
    format!("fake{:016x}", offset as u64 ^ TOKEN_MASK)
}

fn offset_of(token: &str) -> Option<usize> {
    let hex = token.strip_prefix("fake").filter(|h| h.len() == 16)?;
    let offset = u64::from_str_radix(hex, 16).ok()? ^ TOKEN_MASK;
    usize::try_from(offset).ok()
}

fn number(params: &HashMap<String, String>, name: &str) -> Result<Option<i64>, Refusal> {
    match params.get(name).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => value.parse().map(Some).map_err(|_| {
            refuse(
                400,
                "InvalidQueryParameter",
                format!("{name} '{value}' is not a number"),
            )
        }),
    }
}

/// The page of `items` that the query's `limit`, `offset` and `continue` ask for, and its
/// `listmeta`: `continue` names the next page and is empty on the last one; `count` is the
/// number of items in the whole list. A `continue` the fake did not issue is refused.
pub(crate) fn page<T>(
    items: Vec<T>,
    params: &HashMap<String, String>,
) -> Result<(Vec<T>, types::ListMetaData), Refusal> {
    let limit = match number(params, "limit")? {
        Some(n) if n > 0 => usize::try_from(n).unwrap_or(MAX_PAGE).min(MAX_PAGE),
        _ => MAX_PAGE,
    };
    let start = match params.get("continue").filter(|t| !t.is_empty()) {
        Some(t) => offset_of(t).ok_or_else(|| {
            refuse(
                400,
                "InvalidContinueToken",
                format!("continue token '{t}' is not one this list issued"),
            )
        })?,
        None => usize::try_from(number(params, "offset")?.unwrap_or(0).max(0)).unwrap_or(0),
    };
    let total = items.len();
    let start = start.min(total);
    let end = start.saturating_add(limit).min(total);
    let next = if end < total {
        token(end)
    } else {
        String::new()
    };
    let page: Vec<T> = items.into_iter().skip(start).take(end - start).collect();
    let meta = types::ListMetaData {
        continue_: Some(next),
        count: Some(i64::try_from(total).unwrap_or(i64::MAX)),
        limit: Some(i64::try_from(limit).unwrap_or(i64::MAX)),
        offset: Some(i64::try_from(start).unwrap_or(i64::MAX)),
    };
    Ok((page, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn pages_hold_at_most_fifty_and_the_last_has_no_continue() {
        let items: Vec<u32> = (0..120).collect();
        let (first, meta) = page(items.clone(), &query(&[("limit", "500")])).unwrap();
        assert_eq!(first.len(), 50);
        assert_eq!(meta.count, Some(120));
        let next = meta.continue_.unwrap();
        assert!(!next.is_empty());
        assert_ne!(next, "50", "the token is opaque");

        let (second, meta) = page(items.clone(), &query(&[("continue", &next)])).unwrap();
        assert_eq!(second.first(), Some(&50));
        let (third, meta) = page(items, &query(&[("continue", &meta.continue_.unwrap())])).unwrap();
        assert_eq!(third.len(), 20);
        assert_eq!(meta.continue_.as_deref(), Some(""));
    }

    #[test]
    fn a_small_limit_and_an_offset_are_honoured() {
        let items: Vec<u32> = (0..10).collect();
        let (got, meta) = page(items, &query(&[("limit", "3"), ("offset", "8")])).unwrap();
        assert_eq!(got, [8, 9]);
        assert_eq!((meta.limit, meta.offset), (Some(3), Some(8)));
        assert_eq!(meta.continue_.as_deref(), Some(""));
    }

    #[test]
    fn a_made_up_token_or_limit_is_refused() {
        let err = page(vec![1], &query(&[("continue", "page-2")])).unwrap_err();
        assert_eq!((err.status, err.code), (400, "InvalidContinueToken"));
        let err = page(vec![1], &query(&[("limit", "many")])).unwrap_err();
        assert_eq!(err.code, "InvalidQueryParameter");
    }
}
