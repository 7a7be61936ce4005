//! Version order for the lookups by name and version (cluster profiles, packs): semver precedence, and picking one version or the newest.

use std::cmp::Ordering;

/// Orders two versions by semantic-versioning precedence (semver.org, rule 11): a pre-release
/// comes before its release (`1.0.0-rc.1` < `1.0.0`), pre-release identifiers compare one by
/// one, numeric ones as numbers (`beta.2` < `beta.11`) and before alphanumeric ones, and build
/// metadata (`+...`) is ignored, so `1.0.0+a` and `1.0.0+b` are equal here.
///
/// A version that is not semver (`1.0`, `v2`, `latest`, `22.04`) comes before every semver
/// version: "newest" is a real release whenever there is one. Such versions compare part by
/// part (split at `.`, `-` and `+`), numbers as numbers (`1.9` < `1.10`) and before other
/// parts, which compare as text; a version with fewer parts comes first (`1.0` < `1.0.1`, and
/// no version at all comes first of all).
pub(crate) fn precedence(a: &str, b: &str) -> Ordering {
    match (semver::Version::parse(a), semver::Version::parse(b)) {
        (Ok(a), Ok(b)) => a.cmp_precedence(&b),
        (Ok(_), Err(_)) => Ordering::Greater,
        (Err(_), Ok(_)) => Ordering::Less,
        (Err(_), Err(_)) => part_by_part(a, b),
    }
}

/// The order versions are listed in: [`precedence`], then the text, so that versions of equal
/// precedence always come in the same order.
pub(crate) fn listing_order(a: &str, b: &str) -> Ordering {
    precedence(a, b).then_with(|| a.cmp(b))
}

/// What a lookup by name keeps of `items` (each with its version): those at `wanted`, compared
/// exactly, or for `None` those whose version has the highest [`precedence`] (several when
/// versions differ only in build metadata, or when two objects share the newest version).
pub(crate) fn at_version<T>(
    items: impl IntoIterator<Item = (String, T)>,
    wanted: Option<&str>,
) -> Vec<T> {
    let items: Vec<(String, T)> = items.into_iter().collect();
    let newest = match wanted {
        Some(_) => None,
        None => items
            .iter()
            .map(|(version, _)| version.as_str())
            .max_by(|a, b| precedence(a, b))
            .map(str::to_string),
    };
    items
        .into_iter()
        .filter(|(version, _)| match (wanted, &newest) {
            (Some(wanted), _) => version == wanted,
            (None, Some(newest)) => precedence(version, newest).is_eq(),
            (None, None) => false,
        })
        .map(|(_, item)| item)
        .collect()
}

/// Compares versions that are not semver: part by part, numbers as numbers and before text.
fn part_by_part(a: &str, b: &str) -> Ordering {
    let parts = |v: &str| -> Vec<Result<u64, String>> {
        v.split(['.', '-', '+'])
            .filter(|p| !p.is_empty())
            .map(|p| p.parse::<u64>().map_err(|_| p.to_string()))
            .collect()
    };
    let order = |x: &Result<u64, String>, y: &Result<u64, String>| match (x, y) {
        (Ok(x), Ok(y)) => x.cmp(y),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(x), Err(y)) => x.cmp(y),
    };
    let (a, b) = (parts(a), parts(b));
    a.iter()
        .zip(&b)
        .map(|(x, y)| order(x, y))
        .find(|o| o.is_ne())
        .unwrap_or_else(|| a.len().cmp(&b.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The precedence example of semver.org (rule 11), then a release with a higher minor.
    const SPEC_ORDER: [&str; 9] = [
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
        "1.10.0",
    ];

    #[test]
    fn versions_follow_semver_precedence() {
        for (i, a) in SPEC_ORDER.iter().enumerate() {
            for (j, b) in SPEC_ORDER.iter().enumerate() {
                assert_eq!(precedence(a, b), i.cmp(&j), "{a} against {b}");
            }
        }
        assert_eq!(precedence("1.0.0-rc1", "1.0.0"), Ordering::Less);
        assert_eq!(precedence("1.9.0", "1.10.0"), Ordering::Less);
    }

    #[test]
    fn build_metadata_does_not_count_but_still_orders_the_listing() {
        assert_eq!(
            precedence("1.0.0+build.2", "1.0.0+build.1"),
            Ordering::Equal
        );
        assert_eq!(precedence("1.0.0-rc.1+zzz", "1.0.0"), Ordering::Less);
        assert_eq!(
            listing_order("1.0.0+build.1", "1.0.0+build.2"),
            Ordering::Less
        );
    }

    #[test]
    fn versions_that_are_not_semver_come_first_and_compare_part_by_part() {
        assert_eq!(precedence("1.10", "1.0.0-alpha"), Ordering::Less);
        assert_eq!(precedence("latest", "0.0.1"), Ordering::Less);
        assert_eq!(precedence("1.9", "1.10"), Ordering::Less);
        assert_eq!(precedence("1.0", "1.0.x"), Ordering::Less);
        assert_eq!(precedence("", "1.0"), Ordering::Less);
        assert_eq!(precedence("22.04", "24.04"), Ordering::Less);
    }

    fn items(versions: &[&str]) -> Vec<(String, usize)> {
        versions
            .iter()
            .enumerate()
            .map(|(i, v)| (v.to_string(), i))
            .collect()
    }

    #[test]
    fn a_wanted_version_is_matched_exactly() {
        let got = at_version(items(&["1.30.9", "1.30.10", "1.30.9+b"]), Some("1.30.9"));
        assert_eq!(got, [0]);
        assert!(at_version(items(&["1.30.9"]), Some("1.30")).is_empty());
    }

    #[test]
    fn no_version_means_every_item_at_the_newest() {
        let got = at_version(items(&["1.30.10", "1.32.0-rc.1", "1.31.4", "1.30.9"]), None);
        assert_eq!(
            got,
            [1],
            "a pre-release of 1.32.0 has precedence over 1.31.4"
        );
        let got = at_version(items(&["1.0.0+a", "0.9.0", "1.0.0+b"]), None);
        assert_eq!(got, [0, 2], "build metadata does not tell them apart");
        let got = at_version(items(&["24.04", "22.04"]), None);
        assert_eq!(got, [0]);
        assert!(at_version(Vec::<(String, usize)>::new(), None).is_empty());
    }
}
