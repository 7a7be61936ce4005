//! Helpers shared by the integration tests: fixtures and a client for a local server.
#![allow(dead_code)]

pub mod scripted;

use palette_sdk::{Client, RetryPolicy};
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

/// The default policy with millisecond waits, so retry tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .base_delay(std::time::Duration::from_millis(1))
        .max_delay(std::time::Duration::from_millis(20))
}

/// A plain reqwest client. reqwest is built without a default TLS crypto provider; building
/// any SDK client installs ring as the process default first.
pub fn plain_http() -> reqwest::Client {
    let _ = Client::builder().build();
    reqwest::Client::new()
}
