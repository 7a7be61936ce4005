//! The soak run shared by `tests/soak.rs` and `benches/soak.rs`: many concurrent calls through a login session against the fault-injecting server, tallied.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use palette_sdk::prelude::*;
use palette_sdk::{Error, LoginCredentials, RetryPolicy, SessionPolicy, types};

use super::faulty::{self, Faults, FaultyPalette};

/// What to run.
#[derive(Clone, Debug)]
pub struct SoakConfig {
    /// Calls in all.
    pub calls: usize,
    /// Calls in flight at once.
    pub concurrency: usize,
    /// The client's operation timeout.
    pub operation_timeout: Duration,
    /// The client's timeout for one attempt.
    pub request_timeout: Duration,
    /// The faults and token lifetime of the server.
    pub faults: Faults,
}

/// The kinds of call, in the mix: 40% get, 20% create, 15% create that opted into retries,
/// 15% update, 10% delete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Get,
    Create,
    CreateRetried,
    Update,
    Delete,
}

impl Kind {
    fn of(n: usize) -> Kind {
        match n % 20 {
            0..=7 => Kind::Get,
            8..=11 => Kind::Create,
            12..=14 => Kind::CreateRetried,
            15..=17 => Kind::Update,
            _ => Kind::Delete,
        }
    }
}

/// What a run saw.
#[derive(Debug, Default)]
pub struct SoakReport {
    /// Calls by kind and outcome.
    pub outcomes: BTreeMap<(Kind, String), u64>,
    /// Per create kind: (calls, creates the server received, the most receipts of one create).
    pub creates: BTreeMap<Kind, (u64, u64, u32)>,
    /// The longest call.
    pub longest: Duration,
    /// Calls still running at three times the operation timeout (abandoned and counted).
    pub hung: u64,
    /// Panics anywhere in the process during the run.
    pub panics: u64,
    /// Resident memory in KiB: before the first call, after 10% (warm), at 50% and at 100%.
    pub rss_kib: [u64; 4],
    pub wall: Duration,
    pub config: Option<SoakConfig>,
    /// The server's view: requests, logins, renewals, refused renewals, 401s, faults.
    pub server: BTreeMap<String, u64>,
}

impl SoakReport {
    pub fn calls(&self) -> u64 {
        self.outcomes.values().sum()
    }

    /// Calls by outcome, all kinds together.
    pub fn by_outcome(&self) -> BTreeMap<&str, u64> {
        let mut all = BTreeMap::new();
        for ((_, outcome), n) in &self.outcomes {
            *all.entry(outcome.as_str()).or_default() += n;
        }
        all
    }
}

/// Resident memory of this process, in KiB (Linux; 0 elsewhere).
pub fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

static PANICS: AtomicU64 = AtomicU64::new(0);

/// Counts every panic of the process (the SDK's background tasks included), then reports it
/// as usual.
fn count_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            report(info);
        }));
    });
}

fn outcome<T>(result: &Result<T, Error>) -> String {
    match result {
        Ok(_) => "ok".into(),
        Err(Error::Api(e)) => format!("{} reply", e.status.as_u16()),
        Err(Error::Transport(e)) => format!("transport: {:?}", e.kind).to_lowercase(),
        Err(Error::Timeout(_)) => "operation timeout".into(),
        Err(Error::Decode(_)) => "decode error".into(),
        Err(Error::Session(e)) if e.expired => "session expired".into(),
        Err(Error::Session(_)) => "session renewal failed".into(),
        Err(other) => format!("other: {other}"),
    }
}

/// Runs the soak: starts the server on the current runtime, logs in with a callback (so that
/// the mid-run revocation of every token is survived by logging in again), and sends
/// `config.calls` calls, `config.concurrency` at a time. Every token is revoked when half
/// the calls have started.
pub async fn run(config: SoakConfig) -> SoakReport {
    count_panics();
    let panics_before = PANICS.load(Ordering::SeqCst);
    let server = Arc::new(FaultyPalette::start(config.faults.clone(), config.calls).await);
    let lifetime = config.faults.token_lifetime;
    let anonymous = palette_sdk::Client::builder()
        .base_url(server.url())
        .proxy_from_env(false)
        .request_timeout(config.request_timeout)
        .operation_timeout(config.operation_timeout)
        .retry(
            RetryPolicy::default()
                .base_delay(Duration::from_millis(20))
                .max_delay(Duration::from_millis(500))
                .budget(Duration::from_secs(1)),
        )
        .session_policy(SessionPolicy {
            token_lifetime: lifetime,
            margin: lifetime / 4,
            keep_alive: true,
        })
        .build()
        .expect("client");
    let session = anonymous
        .login_with(|| async {
            Some(LoginCredentials::new(
                faulty::EMAIL,
                faulty::ORG,
                faulty::PASSWORD,
            ))
        })
        .await
        .expect("login");

    let mut report = SoakReport {
        config: Some(config.clone()),
        ..SoakReport::default()
    };
    report.rss_kib[0] = rss_kib();
    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let finished = Arc::new(AtomicUsize::new(0));
    let rss = Arc::new([AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)]);
    let hang_guard = config.operation_timeout * 3;
    let mut workers = Vec::new();
    for _ in 0..config.concurrency {
        let (session, server, next, finished, rss) = (
            session.clone(),
            server.clone(),
            next.clone(),
            finished.clone(),
            rss.clone(),
        );
        let calls = config.calls;
        workers.push(tokio::spawn(async move {
            // Tallies only (a few keys), so that the run itself takes no memory as it goes.
            let mut outcomes: BTreeMap<(Kind, String), u64> = BTreeMap::new();
            let mut longest = Duration::ZERO;
            let mut hung = 0;
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= calls {
                    break;
                }
                if n == calls / 2 {
                    server.revoke_all_tokens();
                }
                let kind = Kind::of(n);
                let start = Instant::now();
                let call = one_call(&session, kind, n);
                match tokio::time::timeout(hang_guard, call).await {
                    Ok(result) => {
                        *outcomes.entry((kind, result)).or_default() += 1;
                        longest = longest.max(start.elapsed());
                    }
                    Err(_) => hung += 1,
                }
                let done = finished.fetch_add(1, Ordering::Relaxed) + 1;
                for (i, at) in [calls / 10, calls / 2, calls].into_iter().enumerate() {
                    if done == at {
                        rss[i].store(rss_kib(), Ordering::Relaxed);
                    }
                }
            }
            (outcomes, longest, hung)
        }));
    }
    for worker in workers {
        // A worker that panicked has no tallies; the panic hook counted it.
        if let Ok((outcomes, longest, hung)) = worker.await {
            report.hung += hung;
            report.longest = report.longest.max(longest);
            for (key, n) in outcomes {
                *report.outcomes.entry(key).or_default() += n;
            }
        }
    }
    report.wall = started.elapsed();
    for i in 0..3 {
        report.rss_kib[i + 1] = rss[i].load(Ordering::Relaxed);
    }
    let stats = server.stats();
    for n in 0..config.calls {
        let kind = Kind::of(n);
        if !matches!(kind, Kind::Create | Kind::CreateRetried) {
            continue;
        }
        let received = stats.creates_of(n);
        let entry = report.creates.entry(kind).or_default();
        entry.0 += 1;
        entry.1 += u64::from(received);
        entry.2 = entry.2.max(received);
    }
    let load = |n: &AtomicU64| n.load(Ordering::Relaxed);
    report
        .server
        .insert("requests".into(), load(&stats.requests));
    report.server.insert("logins".into(), load(&stats.logins));
    report
        .server
        .insert("renewals".into(), load(&stats.renewals));
    report
        .server
        .insert("refused renewals".into(), load(&stats.refused_renewals));
    report
        .server
        .insert("401 replies".into(), load(&stats.unauthorized));
    report.server.insert(
        "creates not named soak-<n>".into(),
        load(&stats.unnamed_creates),
    );
    for (fault, n) in stats.faults.lock().unwrap().iter() {
        report.server.insert(format!("fault: {fault}"), *n);
    }
    report.panics = PANICS.load(Ordering::SeqCst) - panics_before;
    report
}

/// Call number `n`, of `kind`; a create is named `soak-<n>`, so that the server can count it.
async fn one_call(session: &palette_sdk::Client, kind: Kind, n: usize) -> String {
    let uid = "651aa2f7e4b0c3d2a1f09e88";
    let name = &format!("soak-{n}");
    match kind {
        Kind::Get => outcome(&session.workspaces_uid_get().uid(uid).send().await),
        Kind::Create => outcome(&session.workspaces_create().body(entity(name)).send().await),
        Kind::CreateRetried => outcome(
            &session
                .retrying_writes()
                .workspaces_create()
                .body(entity(name))
                .send()
                .await,
        ),
        Kind::Update => outcome(
            &session
                .workspaces_uid_meta_update()
                .uid(uid)
                .body(types::ObjectMeta {
                    name: Some(name.to_string()),
                    ..Default::default()
                })
                .send()
                .await,
        ),
        Kind::Delete => outcome(&session.workspaces_uid_delete().uid(uid).send().await),
    }
}

fn entity(name: &str) -> types::WorkspaceEntity {
    types::WorkspaceEntity {
        metadata: Some(types::ObjectMeta {
            name: Some(name.to_string()),
            ..Default::default()
        }),
        spec: None,
    }
}

impl fmt::Display for SoakReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(c) = &self.config {
            writeln!(
                f,
                "{} calls, {} at a time, operation timeout {:?}, attempt timeout {:?}",
                c.calls, c.concurrency, c.operation_timeout, c.request_timeout
            )?;
        }
        writeln!(
            f,
            "wall time {:.1} s ({:.0} calls/s)",
            self.wall.as_secs_f64(),
            self.calls() as f64 / self.wall.as_secs_f64()
        )?;
        writeln!(f, "calls by outcome:")?;
        for (outcome, n) in self.by_outcome() {
            writeln!(f, "  {outcome:<28} {n:>7}")?;
        }
        writeln!(f, "calls by kind and outcome:")?;
        for ((kind, outcome), n) in &self.outcomes {
            writeln!(f, "  {:<28} {n:>7}", format!("{kind:?} {outcome}"))?;
        }
        for (kind, (sent, received, most)) in &self.creates {
            writeln!(
                f,
                "{kind:?}: {sent} sent, {received} received ({:.4} per create sent, at most {most} of one)",
                *received as f64 / (*sent).max(1) as f64
            )?;
        }
        let timeout = self
            .config
            .as_ref()
            .map(|c| c.operation_timeout)
            .unwrap_or_default();
        writeln!(
            f,
            "longest call {:.3} s against an operation timeout of {:.3} s; calls hung: {}",
            self.longest.as_secs_f64(),
            timeout.as_secs_f64(),
            self.hung
        )?;
        writeln!(f, "panics: {}", self.panics)?;
        let [start, warm, middle, end] = self.rss_kib;
        writeln!(
            f,
            "RSS: start {:.1} MiB, after 10% {:.1} MiB, middle {:.1} MiB, end {:.1} MiB",
            start as f64 / 1024.0,
            warm as f64 / 1024.0,
            middle as f64 / 1024.0,
            end as f64 / 1024.0
        )?;
        writeln!(f, "server:")?;
        for (what, n) in &self.server {
            writeln!(f, "  {what:<28} {n:>7}")?;
        }
        Ok(())
    }
}
