//! Plain helpers every layer of the fake uses: Palette's refusals, Go's zero time and the DNS-label check of names; no dependency on the rest of the fake.

use crate::types;

/// A rejection, as Palette would send it: status, code, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) status: u16,
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

pub(crate) fn refuse(status: u16, code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        status,
        code,
        message: message.into(),
    }
}

/// Whether `name` can name a workspace or a cluster: 1 to 63 lowercase letters, digits or
/// `-`, starting and ending with a letter or digit (a DNS label, as Kubernetes names are).
pub(crate) fn is_dns_label(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// Go's zero time, which Palette writes for unset times.
pub(crate) fn zero_time() -> types::Time {
    const GO_ZERO_SECONDS: i64 = -62_135_596_800; // 0001-01-01T00:00:00Z
    let zero = chrono::DateTime::from_timestamp(GO_ZERO_SECONDS, 0);
    types::Time(zero.unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zero_time_is_gos() {
        assert_eq!(zero_time().0.to_rfc3339(), "0001-01-01T00:00:00+00:00");
    }
}
