//! A fault-injecting Palette on 127.0.0.1 for the soak runs: workspaces and sessions over raw HTTP/1.1, misbehaving at random.
//!
//! It serves login and renewal (`authenticate`, `authRefresh`, tokens that expire, and can all
//! be revoked at once mid-run), and get, create, update and delete of workspaces. Every
//! workspace request, once read whole and authenticated, draws a fault: a reset before the
//! reply, a reset or an early close partway through the body, a 5xx, a 429 with or without
//! `Retry-After`, a slow reply or a reply that never comes. Creates are counted by the name
//! in their body when they arrive (before the fault), so a run can tell how often Palette saw
//! each create.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The login the server accepts.
pub const EMAIL: &str = "soak@example.com";
pub const ORG: &str = "soak-org";
pub const PASSWORD: &str = "soak-password-0123456789";

/// How often each fault happens (the shares of workspace requests; the rest are answered
/// well), and how tokens behave.
#[derive(Clone, Debug)]
pub struct Faults {
    /// Read the request, then reset the connection without a reply.
    pub reset_before_reply: f64,
    /// Send the head and half the body, then reset.
    pub reset_during_reply: f64,
    /// Announce a longer body than is sent, then close.
    pub truncated_body: f64,
    /// 500, 502, 503 or 504 with Palette's error body.
    pub server_error: f64,
    /// 429 with `Retry-After: 0` or `1`.
    pub rate_limited_with_retry_after: f64,
    /// 429 without `Retry-After`.
    pub rate_limited: f64,
    /// A good reply after `slow_delay`.
    pub slow: f64,
    /// No reply at all: the connection is held until the client gives up.
    pub stalled: f64,
    /// How long a slow reply takes.
    pub slow_delay: Duration,
    /// How long a session token is good for (and renewable).
    pub token_lifetime: Duration,
}

impl Faults {
    /// Every fault the soak knows, at a rate that keeps most calls successful.
    pub fn soak() -> Self {
        Faults {
            reset_before_reply: 0.01,
            reset_during_reply: 0.01,
            truncated_body: 0.01,
            server_error: 0.03,
            rate_limited_with_retry_after: 0.01,
            rate_limited: 0.01,
            slow: 0.02,
            stalled: 0.01,
            slow_delay: Duration::from_millis(150),
            token_lifetime: Duration::from_secs(4),
        }
    }
}

/// What the server saw.
#[derive(Default)]
pub struct Stats {
    pub requests: AtomicU64,
    pub logins: AtomicU64,
    pub renewals: AtomicU64,
    pub refused_renewals: AtomicU64,
    pub unauthorized: AtomicU64,
    pub faults: Mutex<HashMap<&'static str, u64>>,
    /// Creates received, by the number `n` in their name `soak-<n>` (allocated up front, so
    /// that counting takes no memory during a run).
    pub creates: Vec<AtomicU32>,
    /// Creates received with a name that is not `soak-<n>` for an `n` in range.
    pub unnamed_creates: AtomicU64,
}

impl Stats {
    fn fault(&self, name: &'static str) {
        *self.faults.lock().unwrap().entry(name).or_default() += 1;
    }

    /// How many times the create named `soak-<n>` arrived.
    pub fn creates_of(&self, n: usize) -> u32 {
        self.creates
            .get(n)
            .map_or(0, |count| count.load(Ordering::Relaxed))
    }

    fn count_create(&self, name: Option<&str>) {
        let n = name
            .and_then(|name| name.strip_prefix("soak-"))
            .and_then(|n| n.parse::<usize>().ok());
        match n.and_then(|n| self.creates.get(n)) {
            Some(count) => {
                count.fetch_add(1, Ordering::Relaxed);
            }
            None => {
                self.unnamed_creates.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// Tokens and their expiry.
#[derive(Default)]
struct Tokens {
    live: Mutex<HashMap<String, Instant>>,
    next: AtomicU64,
}

impl Tokens {
    fn issue(&self, lifetime: Duration) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let token = format!("soak.token.{n:08}.{:016x}", fastrand::u64(..));
        self.live
            .lock()
            .unwrap()
            .insert(token.clone(), Instant::now() + lifetime);
        token
    }

    fn valid(&self, token: &str) -> bool {
        self.live
            .lock()
            .unwrap()
            .get(token)
            .is_some_and(|expiry| Instant::now() < *expiry)
    }

    fn revoke_all(&self) {
        self.live.lock().unwrap().clear();
    }
}

struct Shared {
    faults: Faults,
    stats: Arc<Stats>,
    tokens: Tokens,
    workspace: Vec<u8>,
    stopping: AtomicBool,
}

/// A running fault-injecting server.
pub struct FaultyPalette {
    url: String,
    shared: Arc<Shared>,
}

impl FaultyPalette {
    /// Starts the server on the current tokio runtime, counting creates named `soak-0` up to
    /// `soak-<creates - 1>`.
    pub async fn start(faults: Faults, creates: usize) -> FaultyPalette {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let workspace = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/workspace.json"
        ))
        .unwrap();
        let stats = Stats {
            creates: (0..creates).map(|_| AtomicU32::new(0)).collect(),
            ..Stats::default()
        };
        let shared = Arc::new(Shared {
            faults,
            stats: Arc::new(stats),
            tokens: Tokens::default(),
            workspace,
            stopping: AtomicBool::new(false),
        });
        let serving = shared.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                if serving.stopping.load(Ordering::Relaxed) {
                    return;
                }
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve(stream, serving.clone()));
            }
        });
        FaultyPalette { url, shared }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn stats(&self) -> Arc<Stats> {
        self.shared.stats.clone()
    }

    /// Expires every token now, as if the session had ended server-side: calls get 401, and
    /// the tokens can no longer be renewed.
    pub fn revoke_all_tokens(&self) {
        self.shared.tokens.revoke_all();
    }
}

impl Drop for FaultyPalette {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::Relaxed);
    }
}

struct Request {
    method: String,
    path: String,
    authorization: Option<String>,
    body: Vec<u8>,
}

async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        shared.stats.requests.fetch_add(1, Ordering::Relaxed);
        if !answer(&mut stream, &shared, request).await {
            return;
        }
    }
}

/// Answers one request; false when the connection is to be dropped.
async fn answer(stream: &mut TcpStream, shared: &Shared, request: Request) -> bool {
    let path = request
        .path
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    if request.method == "POST" && path == "/v1/auth/authenticate" {
        return login(stream, shared, &request.body).await;
    }
    if let Some(old) = path.strip_prefix("/v1/auth/refresh/") {
        return if shared.tokens.valid(old) {
            shared.stats.renewals.fetch_add(1, Ordering::Relaxed);
            let token = shared.tokens.issue(shared.faults.token_lifetime);
            let body = serde_json::json!({"Authorization": token, "isMfa": false});
            write_json(stream, 200, &[], &serde_json::to_vec(&body).unwrap()).await
        } else {
            shared
                .stats
                .refused_renewals
                .fetch_add(1, Ordering::Relaxed);
            write_error(stream, 401, "AuthTokenExpired", &[]).await
        };
    }
    let authorized = request
        .authorization
        .as_deref()
        .is_some_and(|token| shared.tokens.valid(token));
    if !authorized {
        shared.stats.unauthorized.fetch_add(1, Ordering::Relaxed);
        return write_error(stream, 401, "InvalidAuthToken", &[]).await;
    }
    let is_create = request.method == "POST" && path == "/v1/workspaces";
    if is_create {
        let body = serde_json::from_slice::<serde_json::Value>(&request.body).ok();
        let name = body.as_ref().and_then(|b| b["metadata"]["name"].as_str());
        shared.stats.count_create(name);
    }
    let good = || -> (u16, Vec<u8>) {
        match request.method.as_str() {
            "GET" => (200, shared.workspace.clone()),
            "POST" => (
                201,
                format!(
                    "{{\"uid\":\"6560{:020x}\"}}",
                    shared.stats.requests.load(Ordering::Relaxed)
                )
                .into_bytes(),
            ),
            _ => (204, Vec::new()),
        }
    };
    let f = &shared.faults;
    let mut draw = fastrand::f64();
    let mut hit = |share: f64| {
        draw -= share;
        draw < 0.0
    };
    if hit(f.reset_before_reply) {
        shared.stats.fault("reset before the reply");
        let _ = stream.set_zero_linger();
        return false;
    }
    if hit(f.reset_during_reply) {
        shared.stats.fault("reset during the reply");
        // Half of the reply: within the body, or within the head of a reply without one.
        let (status, body) = good();
        let mut reply =
            head(status, body.len(), &[("content-type", "application/json")]).into_bytes();
        reply.extend_from_slice(&body);
        let _ = stream.write_all(&reply[..reply.len() / 2]).await;
        let _ = stream.flush().await;
        let _ = stream.set_zero_linger();
        return false;
    }
    if hit(f.truncated_body) {
        shared.stats.fault("truncated body");
        let (status, body) = good();
        let head = head(
            status,
            body.len() + 100,
            &[("content-type", "application/json")],
        );
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.write_all(&body).await;
        let _ = stream.shutdown().await;
        return false;
    }
    if hit(f.server_error) {
        shared.stats.fault("5xx");
        let status = [500, 502, 503, 504][fastrand::usize(..4)];
        return write_error(stream, status, "Boom", &[]).await;
    }
    if hit(f.rate_limited_with_retry_after) {
        shared.stats.fault("429 with Retry-After");
        let after = if fastrand::bool() { "0" } else { "1" };
        return write_error(stream, 429, "TooManyRequests", &[("retry-after", after)]).await;
    }
    if hit(f.rate_limited) {
        shared.stats.fault("429 without Retry-After");
        return write_error(stream, 429, "TooManyRequests", &[]).await;
    }
    if hit(f.slow) {
        shared.stats.fault("slow reply");
        tokio::time::sleep(f.slow_delay).await;
    } else if hit(f.stalled) {
        shared.stats.fault("stalled reply");
        // Hold the connection (reading nothing) until the client drops it, or a minute.
        let mut sink = [0u8; 512];
        let _ = tokio::time::timeout(Duration::from_secs(60), stream.read(&mut sink)).await;
        return false;
    }
    let (status, body) = good();
    write_json(stream, status, &[], &body).await
}

async fn login(stream: &mut TcpStream, shared: &Shared, body: &[u8]) -> bool {
    let login: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    if login["emailId"] != EMAIL || login["password"] != PASSWORD {
        return write_error(stream, 401, "InvalidCredentials", &[]).await;
    }
    shared.stats.logins.fetch_add(1, Ordering::Relaxed);
    let token = shared.tokens.issue(shared.faults.token_lifetime);
    let body = serde_json::json!({"Authorization": token, "isMfa": false});
    write_json(stream, 200, &[], &serde_json::to_vec(&body).unwrap()).await
}

fn head(status: u16, length: usize, headers: &[(&str, &str)]) -> String {
    let mut head = format!("HTTP/1.1 {status} X\r\ncontent-length: {length}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head
}

async fn write_json(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> bool {
    let mut all = headers.to_vec();
    if !body.is_empty() {
        all.push(("content-type", "application/json"));
    }
    let mut out = head(status, body.len(), &all).into_bytes();
    out.extend_from_slice(body);
    stream.write_all(&out).await.is_ok()
}

async fn write_error(
    stream: &mut TcpStream,
    status: u16,
    code: &str,
    headers: &[(&str, &str)],
) -> bool {
    let body = serde_json::json!({"code": code, "message": "injected by the soak server"});
    write_json(stream, status, headers, &serde_json::to_vec(&body).unwrap()).await
}

async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Request> {
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_string(), first.next()?.to_string());
    let mut length = 0;
    let mut authorization = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.eq_ignore_ascii_case("content-length") {
            length = value.trim().parse().ok()?;
        } else if name.eq_ignore_ascii_case("authorization") {
            authorization = Some(value.trim().to_string());
        }
    }
    while buffer.len() < head_end + length {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[head_end..head_end + length].to_vec();
    buffer.drain(..head_end + length);
    Some(Request {
        method,
        path,
        authorization,
        body,
    })
}
