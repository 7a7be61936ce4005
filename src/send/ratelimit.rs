//! An optional client-side token bucket per resource prefix, so a busy program stays under Palette's limits.

use std::num::NonZeroU32;
use std::ops::Add;
use std::time::Duration;

use governor::clock::{Clock, Reference};
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use tokio::time::Instant;

use crate::error::config::ConfigError;

/// A client-side rate limit, counted per resource prefix (`/v1/workspaces`, `/v1/dashboard`, ...)
/// the way Palette counts its own.
///
/// Palette documents about 10 requests per second per source IP and prefix, with a burst of 5,
/// and answers `429` past that. The client has no limit unless one is set; with one, requests
/// wait for a token instead of drawing 429s.
///
/// ```
/// use palette_sdk::RateLimit;
/// let limit = RateLimit::palette_default();
/// assert_eq!((limit.per_second(), limit.burst()), (10, 5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    per_second: u32,
    burst: u32,
}

impl RateLimit {
    /// A limit of `per_second` requests each second with bursts of up to `burst`.
    /// Both must be at least 1.
    pub fn new(per_second: u32, burst: u32) -> Result<Self, ConfigError> {
        if per_second == 0 || burst == 0 {
            return Err(ConfigError::InvalidRateLimit { per_second, burst });
        }
        Ok(RateLimit { per_second, burst })
    }

    /// The limit Palette documents: 10 requests a second, bursts of 5.
    pub fn palette_default() -> Self {
        RateLimit {
            per_second: 10,
            burst: 5,
        }
    }

    /// Requests allowed each second, on average.
    pub fn per_second(&self) -> u32 {
        self.per_second
    }

    /// Requests allowed at once after a quiet spell.
    pub fn burst(&self) -> u32 {
        self.burst
    }
}

/// The shared limiter of one client and all its handles. It reads tokio's clock, so its waits
/// follow a paused test clock and sit with the call's other timers.
pub(crate) struct Limiter {
    inner: RateLimiter<
        &'static str,
        DefaultKeyedStateStore<&'static str>,
        TokioClock,
        NoOpMiddleware<TokioInstant>,
    >,
}

impl Limiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        let nonzero = |n: u32| NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        let period = Duration::from_secs(1) / limit.per_second.max(1);
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(nonzero(limit.per_second)))
            .allow_burst(nonzero(limit.burst));
        Limiter {
            inner: RateLimiter::new(quota, DefaultKeyedStateStore::default(), TokioClock),
        }
    }

    /// Waits until a request to `prefix` may go. Fails at once, taking no token, when that
    /// would be after `deadline`.
    pub(crate) async fn wait(
        &self,
        prefix: &'static str,
        deadline: Option<Instant>,
    ) -> Result<(), TooLate> {
        while let Err(not_until) = self.inner.check_key(&prefix) {
            let now = Instant::now();
            let wait = not_until.wait_time_from(TokioClock.now());
            if deadline.is_some_and(|d| now.checked_add(wait).is_none_or(|ready| ready > d)) {
                return Err(TooLate);
            }
            tokio::time::sleep(wait).await;
        }
        Ok(())
    }
}

/// A rate-limit wait that would end past the call's deadline.
#[derive(Debug)]
pub(crate) struct TooLate;

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter").finish_non_exhaustive()
    }
}

/// tokio's clock, as governor reads clocks.
#[derive(Debug, Clone, Copy, Default)]
struct TokioClock;

/// A reading of [`TokioClock`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct TokioInstant(Instant);

impl Clock for TokioClock {
    type Instant = TokioInstant;

    fn now(&self) -> TokioInstant {
        TokioInstant(Instant::now())
    }
}

impl Add<Nanos> for TokioInstant {
    type Output = TokioInstant;

    fn add(self, later: Nanos) -> TokioInstant {
        let later = Duration::from(later);
        TokioInstant(self.0.checked_add(later).unwrap_or(self.0))
    }
}

impl Reference for TokioInstant {
    fn duration_since(&self, earlier: Self) -> Nanos {
        Nanos::from(self.0.saturating_duration_since(earlier.0))
    }

    fn saturating_sub(&self, duration: Nanos) -> Self {
        TokioInstant(
            self.0
                .checked_sub(Duration::from(duration))
                .unwrap_or(self.0),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palettes_documented_limit_is_the_default_to_opt_into() {
        let limit = RateLimit::palette_default();
        assert_eq!(limit, RateLimit::new(10, 5).unwrap());
        assert_eq!((limit.per_second(), limit.burst()), (10, 5));
        assert_eq!(format!("{:?}", Limiter::new(limit)), "Limiter { .. }");
    }

    #[tokio::test(start_paused = true)]
    async fn waiting_for_a_free_bucket_returns_at_once() {
        let limiter = Limiter::new(RateLimit::new(1000, 10).unwrap());
        let start = Instant::now();
        for _ in 0..10 {
            limiter.wait("/v1/workspaces", None).await.unwrap();
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn after_the_burst_requests_go_one_period_apart() {
        let limiter = Limiter::new(RateLimit::new(2, 3).unwrap());
        let start = Instant::now();
        let mut released = Vec::new();
        for _ in 0..6 {
            limiter.wait("/v1/workspaces", None).await.unwrap();
            released.push(start.elapsed().as_millis());
        }
        assert_eq!(released, [0, 0, 0, 500, 1000, 1500]);
        limiter.wait("/v1/dashboard", None).await.unwrap();
        assert_eq!(
            start.elapsed().as_millis(),
            1500,
            "another prefix has its own bucket"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_wait_past_the_deadline_fails_at_once_and_takes_no_token() {
        let limiter = Limiter::new(RateLimit::new(1, 1).unwrap());
        limiter.wait("/v1/workspaces", None).await.unwrap();
        let start = Instant::now();
        let soon = Some(start + Duration::from_millis(300));
        assert!(limiter.wait("/v1/workspaces", soon).await.is_err());
        assert_eq!(start.elapsed(), Duration::ZERO);
        let later = Some(start + Duration::from_secs(2));
        limiter.wait("/v1/workspaces", later).await.unwrap();
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    #[test]
    fn zero_is_not_a_limit() {
        assert!(RateLimit::new(0, 5).is_err());
        assert!(RateLimit::new(10, 0).is_err());
        assert!(RateLimit::new(1, 1).is_ok());
    }

    #[test]
    fn a_burst_passes_at_once_and_the_next_request_must_wait() {
        let limiter = Limiter::new(RateLimit::new(1, 3).unwrap());
        for _ in 0..3 {
            assert!(limiter.inner.check_key(&"/v1/workspaces").is_ok());
        }
        assert!(limiter.inner.check_key(&"/v1/workspaces").is_err());
        assert!(
            limiter.inner.check_key(&"/v1/dashboard").is_ok(),
            "other prefixes have their own bucket"
        );
    }
}
