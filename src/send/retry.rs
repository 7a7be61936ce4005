//! Retry policy as data: which failures are retried, how often, and how long to wait between tries.

use std::time::Duration;

/// How the client retries failed requests.
///
/// Retried: connection failures, timeouts, and 408, 429, 502, 503 and 504 replies. GET, HEAD,
/// PUT and DELETE are retried by default; POST and PATCH only when writes are opted in
/// ([`RetryPolicy::retry_writes`] for a whole client, [`Client::retrying_writes`] for a
/// handle), because a create that reached Palette before the connection broke would run twice.
/// A `Retry-After` reply header (seconds or an HTTP date) replaces the computed wait; when it
/// asks for longer than [`max_delay`](RetryPolicy::max_delay), the budget left or the
/// operation timeout left, the call ends at once with that reply's error, whose
/// [`retry_after`](crate::Error::retry_after) says how long the server asked for. The client
/// never sleeps after its last attempt, and never sleeps past the operation timeout.
/// `Duration::MAX` is accepted everywhere (for "no limit").
///
/// `Retry-After` values outside the standard never panic and never stretch a wait past
/// these bounds:
///
/// - a decimal number of seconds (`1.5`) is waited for as written, to the nanosecond;
/// - a number of seconds too large for a `Duration` (`99999999999999999999999`) counts as
///   `Duration::MAX`: like any wait longer than `max_delay`, it ends the call at once (under a
///   policy without limits, the operation timeout still ends it);
/// - anything else (a negative number such as `-5`, a sign, an exponent, a unit, `NaN`, text
///   that is no HTTP date) is ignored, and the computed wait applies;
/// - an HTTP date in the past is no wait.
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

    /// The wait before the first retry; later waits double, up to
    /// [`max_delay`](Self::max_delay).
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest single wait, jitter included. A server's `Retry-After` longer than this
    /// ends the call instead of being waited for.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The most time spent waiting between attempts of one request, in all.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// Whether waits are randomised so that many clients do not retry in step (default on):
    /// each wait is then between half and all of the computed one, never more.
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
        Schedule {
            retries_left: self.max_attempts - 1,
            next: self.base_delay,
            max_delay: self.max_delay,
            budget_left: self.budget,
            jitter: self.jitter,
        }
    }
}

/// The waits left for one request.
#[derive(Debug)]
pub(crate) struct Schedule {
    retries_left: u32,
    /// The computed wait before the next retry, before the cap and jitter.
    next: Duration,
    max_delay: Duration,
    budget_left: Duration,
    jitter: bool,
}

impl Schedule {
    /// The wait before the next attempt, or `None` when the call should end now: no attempt
    /// is left, the wait does not fit in the budget left or in `time_left` (the operation
    /// timeout left, `None` for no limit), or the server's `retry_after` asks for longer than
    /// `max_delay`. A `retry_after` replaces the computed wait.
    pub(crate) fn next_delay(
        &mut self,
        retry_after: Option<Duration>,
        time_left: Option<Duration>,
    ) -> Option<Duration> {
        if self.retries_left == 0 {
            return None;
        }
        let delay = match retry_after {
            Some(asked) if asked > self.max_delay => return None,
            Some(asked) => asked,
            None => self.computed(),
        };
        if delay > self.budget_left || time_left.is_some_and(|left| delay >= left) {
            return None;
        }
        self.retries_left -= 1;
        self.budget_left -= delay;
        self.next = self.next.saturating_mul(2);
        Some(delay)
    }

    /// The exponential wait, capped, with jitter within its upper half.
    fn computed(&self) -> Duration {
        let capped = self.next.min(self.max_delay);
        if !self.jitter {
            return capped;
        }
        let half = capped / 2;
        let share = fastrand::f64();
        let extra = Duration::try_from_secs_f64(half.as_secs_f64() * share).unwrap_or(half);
        (half + extra.min(capped - half)).min(capped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::retryable::retry_after;
    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
    use std::time::SystemTime;

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
    fn a_fractional_retry_after_is_read_as_written() {
        let now = SystemTime::now();
        let read = |v: &str| retry_after(&headers(v), now);
        assert_eq!(read("1.5"), Some(Duration::from_millis(1500)));
        assert_eq!(read("0.25"), Some(Duration::from_millis(250)));
        assert_eq!(read(" 2.0 "), Some(Duration::from_secs(2)));
        assert_eq!(
            read("2.0000000019"),
            Some(Duration::new(2, 1)),
            "to the nanosecond"
        );
    }

    #[test]
    fn a_negative_or_garbled_retry_after_is_ignored() {
        let now = SystemTime::now();
        for garbled in [
            "-5", "-0", "-1.5", "+5", "1e3", "NaN", "inf", "0x10", "1,5", "1.", ".5", ".", "1..2",
            "1.2.3", "1.5s", "5 s", "", "   ",
        ] {
            assert_eq!(retry_after(&headers(garbled), now), None, "{garbled:?}");
        }
    }

    #[test]
    fn a_huge_retry_after_saturates_instead_of_overflowing() {
        let now = SystemTime::now();
        let read = |v: &str| retry_after(&headers(v), now);
        assert_eq!(
            read("99999999999"),
            Some(Duration::from_secs(99_999_999_999))
        );
        assert_eq!(
            read("18446744073709551615"),
            Some(Duration::from_secs(u64::MAX))
        );
        for huge in [
            "18446744073709551616",
            "99999999999999999999999999999999999999",
            "18446744073709551615.999999999",
            "99999999999999999999999999999999999999.5",
        ] {
            assert_eq!(read(huge), Some(Duration::MAX), "{huge}");
        }
        let mut schedule = RetryPolicy::default().schedule();
        assert_eq!(
            schedule.next_delay(read("99999999999999999999999"), None),
            None,
            "longer than max_delay: the call ends"
        );
    }

    #[test]
    fn no_retry_after_value_panics() {
        let now = SystemTime::now();
        let long_digits = "9".repeat(10_000);
        let long_fraction = format!("1.{}", "9".repeat(10_000));
        for value in [
            long_digits.as_str(),
            long_fraction.as_str(),
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Mon, 01 Jan 0000 00:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 99 Nov 1994 99:99:99 GMT",
            "0",
            "00000000000000000000000000001",
        ] {
            let asked = retry_after(&headers(value), now);
            let mut schedule = RetryPolicy::default()
                .max_delay(Duration::MAX)
                .budget(Duration::MAX)
                .schedule();
            let _ = schedule.next_delay(asked, Some(Duration::from_secs(30)));
        }
    }

    #[test]
    fn the_schedule_allows_attempts_minus_one_waits() {
        let policy = RetryPolicy::default().max_attempts(4).jitter(false);
        let mut schedule = policy.schedule();
        let waits: Vec<u128> = std::iter::from_fn(|| schedule.next_delay(None, None))
            .map(|d| d.as_millis())
            .collect();
        assert_eq!(
            waits,
            [200, 400, 800],
            "three waits for four attempts, doubling"
        );
    }

    #[test]
    fn retry_after_replaces_the_wait() {
        let mut schedule = RetryPolicy::default().jitter(false).schedule();
        assert_eq!(
            schedule.next_delay(Some(Duration::from_secs(3)), None),
            Some(Duration::from_secs(3))
        );
    }

    #[test]
    fn a_retry_after_beyond_max_delay_budget_or_time_left_ends_the_retries() {
        let policy = RetryPolicy::default()
            .max_delay(Duration::from_secs(2))
            .budget(Duration::from_secs(5))
            .jitter(false);
        let beyond_max = Some(Duration::from_secs(60));
        assert_eq!(policy.schedule().next_delay(beyond_max, None), None);
        let policy = policy.max_delay(Duration::from_secs(10));
        let beyond_budget = Some(Duration::from_secs(6));
        assert_eq!(policy.schedule().next_delay(beyond_budget, None), None);
        let time_left = Some(Duration::from_secs(4));
        assert_eq!(
            policy
                .schedule()
                .next_delay(Some(Duration::from_secs(4)), time_left),
            None
        );
        assert_eq!(
            policy
                .schedule()
                .next_delay(None, Some(Duration::from_millis(150))),
            None,
            "a computed wait past the operation timeout ends the call too"
        );
    }

    #[test]
    fn jitter_never_makes_a_wait_longer_than_max_delay() {
        let policy = RetryPolicy::default()
            .max_attempts(8)
            .base_delay(Duration::from_millis(300))
            .max_delay(Duration::from_secs(1))
            .budget(Duration::MAX)
            .jitter(true);
        for _ in 0..2000 {
            let mut schedule = policy.schedule();
            let mut nominal = Duration::from_millis(300);
            while let Some(wait) = schedule.next_delay(None, None) {
                let capped = nominal.min(Duration::from_secs(1));
                assert!(wait <= capped, "{wait:?} > {capped:?}");
                assert!(wait >= capped / 2, "{wait:?} < half of {capped:?}");
                nominal *= 2;
            }
        }
    }

    #[test]
    fn duration_max_anywhere_in_the_policy_never_panics() {
        let max = Duration::MAX;
        for policy in [
            RetryPolicy::default().base_delay(max),
            RetryPolicy::default().max_delay(max).base_delay(max),
            RetryPolicy::default()
                .budget(max)
                .max_delay(max)
                .base_delay(max),
            RetryPolicy::default().budget(max).max_delay(max),
            RetryPolicy::default()
                .budget(max)
                .max_delay(max)
                .base_delay(max)
                .jitter(false),
        ] {
            let mut schedule = policy.max_attempts(u32::MAX).schedule();
            for _ in 0..80 {
                let _ = schedule.next_delay(None, Some(max));
                let _ = schedule.next_delay(Some(max), None);
            }
        }
        let mut schedule = RetryPolicy::default()
            .base_delay(max)
            .budget(max)
            .max_delay(max)
            .jitter(false)
            .schedule();
        assert_eq!(schedule.next_delay(None, None), Some(max));
    }

    #[test]
    fn the_budget_stops_retries_early() {
        let policy = RetryPolicy::default()
            .max_attempts(10)
            .base_delay(Duration::from_secs(1))
            .budget(Duration::from_millis(2500))
            .jitter(false);
        let mut schedule = policy.schedule();
        assert_eq!(
            schedule.next_delay(None, None),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            schedule.next_delay(None, None),
            None,
            "1 s + 2 s would pass 2.5 s"
        );
    }

    #[test]
    fn one_attempt_means_no_wait() {
        assert_eq!(RetryPolicy::never().schedule().next_delay(None, None), None);
    }
}
