//! A path parameter is one path segment, whatever it holds: the server decodes exactly the
//! caller's string there, and nothing in it reaches another resource.
//!
//! The URL parser under reqwest reads `\` as `/` in http(s) URLs and then resolves `.` and
//! `..` segments (`%2e` included), drops tabs and newlines, and ends the path at `?` or `#`.
//! Each property below sends arbitrary strings, and strings built from exactly those pieces,
//! through a generated operation and a hand-written upload to a local server, and reads the
//! path the server received: the same prefix, one segment more, and that segment
//! percent-decoded (as Palette's Go server does) is the string that was set.

mod common;

use std::sync::{Mutex, OnceLock};

use common::scripted::{Reply, Scripted};
use palette_sdk::hand_written::FilePart;
use palette_sdk::prelude::*;
use palette_sdk::{Client, Error};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};

/// What a URL parser, a router or a percent-decoder may treat specially in a path.
const PIECES: &[&str] = &[
    "\\", "/", "%", "%2e", "%2E", "%2f", "%5c", ".", "..", "?", "#", ";", "&", "=", "+", " ", "\t",
    "\n", "\r", "\0", "\u{7f}", "\u{85}", "\u{2028}", "ü", "😀", "@", ":", "~", "-", "_", "[", "]",
    "|", "^", "`", "{", "}", "\"", "'", "<", ">", "*", "(", ")", "!", "$", ",", "a", "Z", "0",
    "p-victim", "v1", "projects",
];

/// A string of those pieces, or any string at all.
fn tricky() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(PIECES), 1..10).prop_map(|p| p.concat()),
        any::<String>(),
    ]
}

/// The runtime and server every case uses: one for the whole file.
struct World {
    runtime: tokio::runtime::Runtime,
    server: Scripted,
    client: Client,
    /// One call at a time, so that the last request the server saw is the call's.
    one_at_a_time: Mutex<()>,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(Scripted::start(vec![Reply::empty(204)]));
        let client = common::client_for(server.url());
        World {
            runtime,
            server,
            client,
            one_at_a_time: Mutex::new(()),
        }
    })
}

/// Sends with the parameter set to `value` and returns the path the server received (`None`
/// when nothing was sent) with the call's result.
fn sent_path<F>(send: F) -> (Option<String>, Result<(), Error>)
where
    F: AsyncFnOnce(&Client) -> Result<(), Error>,
{
    let world = world();
    let _turn = world
        .one_at_a_time
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let before = world.server.hits();
    let result = world.runtime.block_on(send(&world.client));
    let requests = world.server.requests();
    let path = (requests.len() > before).then(|| {
        let target = &requests.last().unwrap().target;
        target.split('?').next().unwrap().to_string()
    });
    (path, result)
}

/// The value's segment, if `path` is `prefix` followed by exactly one more segment.
fn only_segment_after<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = path.strip_prefix(prefix)?.strip_prefix('/')?;
    (!rest.contains('/')).then_some(rest)
}

/// Checks one call: a value that can be a segment arrives as exactly that segment; `""`, `.`
/// and `..` (which no URL can carry as a segment) are refused before anything is sent.
fn check(
    value: &str,
    prefix: &str,
    suffix: &str,
    sent: (Option<String>, Result<(), Error>),
) -> Result<(), TestCaseError> {
    let (path, result) = sent;
    if matches!(value, "" | "." | "..") {
        prop_assert!(path.is_none(), "{value:?} was sent as {path:?}");
        prop_assert!(
            matches!(result, Err(Error::Request(_))),
            "{value:?}: {result:?}"
        );
        return Ok(());
    }
    prop_assert!(result.is_ok(), "{value:?}: {result:?}");
    let path = path.expect("the request reached the server");
    let Some(rest) = path.strip_suffix(suffix) else {
        return Err(TestCaseError::fail(format!("{value:?} sent {path}")));
    };
    let Some(segment) = only_segment_after(rest, prefix) else {
        return Err(TestCaseError::fail(format!(
            "{value:?} sent {path}, not one segment after {prefix}"
        )));
    };
    let decoded = percent_decode_str(segment).decode_utf8();
    prop_assert_eq!(decoded.as_deref().ok(), Some(value), "sent as {}", path);
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 512, failure_persistence: None, ..Config::default() })]

    #[test]
    fn a_generated_operation_sends_any_parameter_as_one_segment(value in tricky()) {
        let sent = sent_path(async |client| {
            client.workspaces_uid_delete().uid(value.as_str()).send().await
        });
        check(&value, "/v1/workspaces", "", sent)?;
    }

    #[test]
    fn a_hand_written_upload_sends_any_parameter_as_one_segment(value in tricky()) {
        let sent = sent_path(async |client| {
            client
                .cluster_feature_log_fetcher_log_update()
                .uid(value.as_str())
                .file_name(FilePart::new("logs.tgz", b"x".to_vec()))
                .send()
                .await
        });
        check(&value, "/v1/spectroclusters/features/logFetcher", "/log", sent)?;
    }
}

/// The review's case: a uid made of `..\` steps must not delete a project.
#[test]
fn backslashes_and_dot_steps_stay_inside_the_parameter() {
    let value = "..\\..\\v1\\projects\\p-victim";
    let (path, result) =
        sent_path(async |client| client.workspaces_uid_delete().uid(value).send().await);
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        path.as_deref(),
        Some("/v1/workspaces/..%5C..%5Cv1%5Cprojects%5Cp-victim")
    );
}
