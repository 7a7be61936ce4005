//! Which failures are worth sending again, by status, by transport error, and by Palette's `Retry-After`.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// True for the statuses worth sending again: 408, 429, 502, 503 and 504.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::REQUEST_TIMEOUT
            | StatusCode::TOO_MANY_REQUESTS
            | StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
}

/// True for transport failures worth sending again: the request may not have reached Palette,
/// Palette did not answer in time, or its reply broke off.
pub(crate) fn is_retryable_transport(error: &reqwest::Error) -> bool {
    error.is_connect()
        || error.is_timeout()
        || error.is_request()
        || error.is_body()
        || error.is_decode()
}

/// Reads `Retry-After` as seconds or as an HTTP date (relative to `now`; a date past is
/// zero), as [`RetryPolicy`] describes: a decimal number of seconds is read as written, one too
/// large for a `Duration` is `Duration::MAX`, and anything else is `None` (ignored).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Some(wait) = seconds(value) {
        return Some(wait);
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// `digits` or `digits.digits` as seconds (to the nanosecond; saturating at `Duration::MAX`),
/// else `None`: no sign, exponent, unit or missing digits.
fn seconds(value: &str) -> Option<Duration> {
    let (whole, fraction) = match value.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (value, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return None;
    }
    // Only ASCII digits: the one way to fail is a number too large.
    let Ok(whole) = whole.parse::<u64>() else {
        return Some(Duration::MAX);
    };
    // The first nine digits of the fraction, as nanoseconds ("5" is 500,000,000).
    let nanos = fraction.map_or(0, |f| {
        let f = f.as_bytes();
        (0..9).fold(0u64, |n, i| {
            n * 10 + f.get(i).map_or(0, |b| u64::from(b - b'0'))
        })
    });
    Some(Duration::from_secs(whole).saturating_add(Duration::from_nanos(nanos)))
}
