//! Entry points for the fuzz targets and the replay of their corpus; not part of the API.

use crate::client::reply;
use crate::{operation, types};

/// A secret the checks look for: it must never survive error-body normalization.
const SECRET: &str = "fuzz-secret-0123456789";

/// A reply checker made by [`reply_check!`](crate::reply_check) in the calling crate.
pub type ReplyCheck = fn(&'static operation::Operation, &[u8]) -> Result<(), crate::DecodeError>;

/// Decodes `data` as the success reply of every operation (with `check`) and as an error body,
/// checking what must always hold: nothing panics, a normalized error body always decodes as
/// Palette's error shape, and the `SECRET` constant never survives normalization.
pub fn decode_everything(data: &[u8], check: ReplyCheck) {
    for op in operation::all() {
        let _ = check(op, data);
    }
    let (json, _) = reply::error_body(data, &[SECRET]);
    let decoded: types::ApiError = match serde_json::from_str(&json) {
        Ok(decoded) => decoded,
        Err(e) => panic!("a normalized error body does not decode ({e}): {json}"),
    };
    let shown = format!("{decoded:?}");
    assert!(!shown.contains(SECRET), "the secret survived: {shown}");
}
