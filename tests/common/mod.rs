//! Helpers shared by the integration tests: fixtures and a client for a local server.
#![allow(dead_code)]

pub mod faulty;
pub mod scripted;
pub mod soak_run;

use palette_sdk::{Client, RetryPolicy, types};
use serde_json::Value;

/// The API key every test client sends.
pub const API_KEY: &str = "test-key-0f9e8d7c6b5a";

/// A fixture from `tests/fixtures/<name>.json`.
pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A fixture decoded as `T`.
pub fn fixture_as<T: serde::de::DeserializeOwned>(name: &str) -> T {
    serde_json::from_value(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A client for a local test server with the test key, retrying quickly.
pub fn client_for(base_url: &str) -> Client {
    builder_for(base_url).build().expect("test client")
}

/// A builder for a local test server with the test key and fast retries.
pub fn builder_for(base_url: &str) -> palette_sdk::ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .api_key(API_KEY)
        .proxy_from_env(false)
        .retry(fast_retries())
}

/// A builder for tests on a paused tokio clock: no connect, request or operation timeout
/// (`Duration::MAX`), so that the only timers are the waits under test. (A paused clock jumps
/// to the next timer whenever the runtime is idle, a request in flight included.)
pub fn paused_builder(base_url: &str) -> palette_sdk::ClientBuilder {
    builder_for(base_url)
        .connect_timeout(std::time::Duration::MAX)
        .request_timeout(std::time::Duration::MAX)
        .operation_timeout(std::time::Duration::MAX)
}

/// The default policy with millisecond waits, so retry tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .base_delay(std::time::Duration::from_millis(1))
        .max_delay(std::time::Duration::from_millis(20))
}

/// A plain reqwest client for the tests' http:// servers. reqwest is built without a TLS
/// crypto provider and nothing installs a process-wide one, so it gets a TLS configuration of
/// its own, as every SDK client does (ring, and no roots: it never speaks TLS here).
pub fn plain_http() -> reqwest::Client {
    reqwest::Client::builder()
        .tls_backend_preconfigured(plain_tls())
        .build()
        .expect("plain reqwest client")
}

/// A rustls client configuration that names its crypto provider instead of reading the
/// process-wide default, trusting no root.
pub fn plain_tls() -> rustls::ClientConfig {
    let ring = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    rustls::ClientConfig::builder_with_provider(ring)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth()
}

/// The uid in an object's metadata; the test fails if it has none.
pub fn uid(meta: &Option<types::ObjectMeta>) -> String {
    meta.as_ref()
        .and_then(|m| m.uid.clone())
        .expect("the object has a uid")
}

/// The name in an object's metadata; the test fails if it has none.
pub fn name(meta: &Option<types::ObjectMeta>) -> String {
    meta.as_ref()
        .and_then(|m| m.name.clone())
        .expect("the object has a name")
}

/// A client of the fake Palette scoped to the project named `project`.
#[cfg(feature = "testing")]
pub async fn in_project(fake: &palette_sdk::testing::FakePalette, project: &str) -> Client {
    fake.client()
        .unwrap()
        .with_project_name(project)
        .await
        .unwrap()
}

/// An hour: how long the fake's clusters of [`hourly`] spend in each state.
pub const HOUR: std::time::Duration = std::time::Duration::from_secs(3600);

/// Cluster timings of an hour a state: real time never moves a cluster on during a test,
/// only `FakePalette::advance` does.
#[cfg(feature = "testing")]
pub fn hourly() -> palette_sdk::testing::ClusterTiming {
    palette_sdk::testing::ClusterTiming {
        pending: HOUR,
        provisioning: HOUR,
        deleting: HOUR,
        step: HOUR,
    }
}

/// A fake Palette whose clusters move with `timing`.
#[cfg(feature = "testing")]
pub async fn fake_with(
    timing: palette_sdk::testing::ClusterTiming,
) -> palette_sdk::testing::FakePalette {
    palette_sdk::testing::FakePalette::builder()
        .cluster_timing(timing)
        .start()
        .await
        .unwrap()
}
