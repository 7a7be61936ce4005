//! Retry policy as data: which failures are retried, how often, and how long to wait between tries.

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How the client retries failed requests.
///
/// Retried: connection failures, timeouts, and 408, 429, 502, 503 and 504 replies. GET, HEAD,
/// PUT and DELETE are retried by default; POST and PATCH only when writes are opted in
/// ([`RetryPolicy::retry_writes`] for a whole client, [`Client::retrying_writes`] for a
/// handle), because a create that reached Palette before the connection broke would run twice.
/// A `Retry-After` reply header (seconds or an HTTP date) is honoured, capped by
/// [`max_delay`](RetryPolicy::max_delay). The client never sleeps after its last attempt.
///
/// ```
/// use std::time::Duration;
/// use palette_sdk::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .max_attempts(5)
///     .base_delay(Duration::from_millis(100))
///     .max_delay(Duration::from_secs(5))
///     .budget(Duration::from_secs(20));
/// assert_eq!(policy.attempts(), 5);
/// ```
///
/// [`Client::retrying_writes`]: crate::Client::retrying_writes
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    budget: Duration,
    jitter: bool,
    retry_writes: bool,
}

impl Default for RetryPolicy {
    /// Three attempts, 200 ms doubling up to 10 s, with jitter, within 30 s of waiting in all;
    /// writes are not retried.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            budget: Duration::from_secs(30),
            jitter: true,
            retry_writes: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that sends every request once.
    pub fn never() -> Self {
        RetryPolicy::default().max_attempts(1)
    }

    /// How many times a request is sent at most, the first time included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; later waits double.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest single wait, also the cap on a server's `Retry-After`.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The most time spent waiting between attempts of one request, in all.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// Whether waits are randomised so that many clients do not retry in step (default on).
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Whether POST and PATCH are retried too. Only opt in when sending the request twice is
    /// harmless, or when a duplicate would be rejected (a create with a unique name).
    pub fn retry_writes(mut self, retry: bool) -> Self {
        self.retry_writes = retry;
        self
    }

    /// How many times a request is sent at most.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether POST and PATCH are retried.
    pub fn retries_writes(&self) -> bool {
        self.retry_writes
    }

    /// The waits between the attempts of one request.
    pub(crate) fn schedule(&self) -> Schedule {
        let mut builder = ExponentialBuilder::new()
            .with_min_delay(self.base_delay)
            .with_max_delay(self.max_delay)
            .with_factor(2.0)
            .with_max_times((self.max_attempts - 1) as usize);
        if self.jitter {
            builder = builder.with_jitter();
        }
        Schedule {
            delays: builder.build(),
            max_delay: self.max_delay,
            budget_left: self.budget,
        }
    }
}

/// The waits left for one request.
pub(crate) struct Schedule {
    delays: backon::ExponentialBackoff,
    max_delay: Duration,
    budget_left: Duration,
}

impl Schedule {
    /// The wait before the next attempt, or `None` when no attempt is left. `retry_after` is
    /// the server's `Retry-After`, which replaces the computed wait.
    pub(crate) fn next_delay(&mut self, retry_after: Option<Duration>) -> Option<Duration> {
        let computed = self.delays.next()?;
        let delay = retry_after.map_or(computed, |d| d.min(self.max_delay));
        self.budget_left = self.budget_left.checked_sub(delay)?;
        Some(delay)
    }
}

impl crate::Client {
    /// A handle that also retries POST and PATCH under the client's retry policy, sharing this
    /// client's pool, credentials and scope. Use it for writes that are safe to send twice.
    ///
    /// ```no_run
    /// # async fn example(client: palette_sdk::Client, body: palette_sdk::types::WorkspaceBackupConfigEntity) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::prelude::*;
    /// // Updating backup settings twice leaves the same settings: safe to retry.
    /// client.retrying_writes().workspace_ops_backup_update().uid("5f3c").body(body).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn retrying_writes(&self) -> crate::Client {
        let mut state = self.inner.clone();
        state.retry_writes = true;
        self.with_state(state)
    }
}

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

/// Reads `Retry-After` as seconds or as an HTTP date (relative to `now`).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        h
    }

    #[test]
    fn retry_after_in_seconds() {
        let now = SystemTime::now();
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
    }

    #[test]
    fn retry_after_as_an_http_date() {
        let now = httpdate::parse_http_date("Sun, 22 Nov 2026 08:00:00 GMT").unwrap();
        let h = headers("Sun, 22 Nov 2026 08:00:03 GMT");
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(3)));
        let past = headers("Sun, 22 Nov 2026 07:00:00 GMT");
        assert_eq!(retry_after(&past, now), Some(Duration::ZERO));
    }

    #[test]
    fn a_garbled_retry_after_is_ignored() {
        assert_eq!(retry_after(&headers("soon"), SystemTime::now()), None);
        assert_eq!(retry_after(&HeaderMap::new(), SystemTime::now()), None);
    }

    #[test]
    fn the_schedule_allows_attempts_minus_one_waits() {
        let policy = RetryPolicy::default().max_attempts(4).jitter(false);
        let mut schedule = policy.schedule();
        let waits: Vec<u128> = std::iter::from_fn(|| schedule.next_delay(None))
            .map(|d| d.as_millis())
            .collect();
        assert_eq!(
            waits,
            [200, 400, 800],
            "three waits for four attempts, doubling"
        );
    }

    #[test]
    fn retry_after_replaces_the_wait_but_is_capped() {
        let policy = RetryPolicy::default()
            .max_delay(Duration::from_secs(2))
            .jitter(false);
        let mut schedule = policy.schedule();
        assert_eq!(
            schedule.next_delay(Some(Duration::from_secs(60))),
            Some(Duration::from_secs(2))
        );
    }

    #[test]
    fn the_budget_stops_retries_early() {
        let policy = RetryPolicy::default()
            .max_attempts(10)
            .base_delay(Duration::from_secs(1))
            .budget(Duration::from_millis(2500))
            .jitter(false);
        let mut schedule = policy.schedule();
        assert_eq!(schedule.next_delay(None), Some(Duration::from_secs(1)));
        assert_eq!(
            schedule.next_delay(None),
            None,
            "1 s + 2 s would pass 2.5 s"
        );
    }

    #[test]
    fn one_attempt_means_no_wait() {
        assert_eq!(RetryPolicy::never().schedule().next_delay(None), None);
    }
}
