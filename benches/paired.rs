//! SDK against plain reqwest in alternating rounds, so that a shared machine's drift hits both
//! alike: `cargo bench --bench paired [-- ROUNDS]`. Prints, per case, the mean time per call and
//! the median of the per-round SDK/plain ratios with its quartiles; asserts nothing.

mod common;

use std::time::Instant;

use futures_util::future::join_all;
use palette_sdk::prelude::*;
use palette_sdk::types;

const UID: &str = "651aa2f7e4b0c3d2a1f09e88";
/// Calls per side in one round (the 1 MB list: a twentieth of it).
const CALLS: usize = 320;
/// Requests in flight at once in the concurrent cases.
const CONCURRENCY: usize = 32;

/// What one round sends, through one side.
#[derive(Clone, Copy)]
enum Case {
    Get,
    GetConcurrent,
    Post,
    PostConcurrent,
    List,
}

impl Case {
    fn name(self) -> &'static str {
        match self {
            Case::Get => "GET workspace 4 KB, sequential",
            Case::GetConcurrent => "GET workspace 4 KB, 32 concurrent",
            Case::Post => "POST create, sequential",
            Case::PostConcurrent => "POST create, 32 concurrent",
            Case::List => "GET 1 MB workspace list",
        }
    }

    fn calls(self) -> usize {
        match self {
            Case::List => CALLS / 20,
            _ => CALLS,
        }
    }

    fn concurrency(self) -> usize {
        match self {
            Case::Get | Case::Post | Case::List => 1,
            Case::GetConcurrent | Case::PostConcurrent => CONCURRENCY,
        }
    }
}

struct Sides {
    base: String,
    sdk: palette_sdk::Client,
    plain: reqwest::Client,
    entity: types::WorkspaceEntity,
}

impl Sides {
    async fn sdk_call(&self, case: Case) {
        match case {
            Case::Get | Case::GetConcurrent => {
                std::hint::black_box(self.sdk.workspaces_uid_get().uid(UID).send().await.unwrap());
            }
            Case::Post | Case::PostConcurrent => {
                let body = self.entity.clone();
                std::hint::black_box(
                    self.sdk
                        .workspaces_create()
                        .body(body)
                        .send()
                        .await
                        .unwrap(),
                );
            }
            Case::List => {
                std::hint::black_box(self.sdk.dashboard_workspaces_list().send().await.unwrap());
            }
        }
    }

    async fn plain_call(&self, case: Case) {
        match case {
            Case::Get | Case::GetConcurrent => {
                std::hint::black_box(common::plain_get(&self.plain, &self.base).await);
            }
            Case::Post | Case::PostConcurrent => {
                let body = self.entity.clone();
                std::hint::black_box(common::plain_create(&self.plain, &self.base, body).await);
            }
            Case::List => {
                std::hint::black_box(common::plain_list(&self.plain, &self.base).await);
            }
        }
    }

    /// Microseconds per call for one round's calls through one side.
    async fn round(&self, case: Case, through_sdk: bool) -> f64 {
        let started = Instant::now();
        for _ in 0..case.calls() / case.concurrency() {
            join_all((0..case.concurrency()).map(|_| async {
                if through_sdk {
                    self.sdk_call(case).await
                } else {
                    self.plain_call(case).await
                }
            }))
            .await;
        }
        started.elapsed().as_secs_f64() * 1e6 / case.calls() as f64
    }
}

fn quartiles(mut values: Vec<f64>) -> [f64; 3] {
    values.sort_by(f64::total_cmp);
    let at = |p: f64| values[((values.len() - 1) as f64 * p).round() as usize];
    [at(0.25), at(0.5), at(0.75)]
}

fn main() {
    // `cargo bench` passes `--bench`; a number sets the rounds.
    let rounds = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<usize>().ok())
        .unwrap_or(40);
    let base = common::start_server();
    let sides = Sides {
        sdk: common::sdk(&base),
        plain: common::plain(&base),
        entity: common::entity(),
        base,
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    println!(
        "{rounds} rounds of {CALLS} calls a side ({} for the list), sides alternating first",
        Case::List.calls()
    );
    println!(
        "{:<36} {:>9} {:>9} {:>8} {:>17}",
        "case", "sdk µs", "plain µs", "ratio", "quartiles"
    );
    rt.block_on(async {
        for case in [
            Case::Get,
            Case::GetConcurrent,
            Case::Post,
            Case::PostConcurrent,
            Case::List,
        ] {
            // Warm both pools to the case's concurrency.
            sides.round(case, true).await;
            sides.round(case, false).await;
            let (mut sdk, mut plain, mut ratios) = (0.0, 0.0, Vec::new());
            for r in 0..rounds {
                let sdk_first = r % 2 == 0;
                let first = sides.round(case, sdk_first).await;
                let second = sides.round(case, !sdk_first).await;
                let (s, p) = if sdk_first {
                    (first, second)
                } else {
                    (second, first)
                };
                sdk += s;
                plain += p;
                ratios.push(s / p);
            }
            let [q1, median, q3] = quartiles(ratios);
            println!(
                "{:<36} {:>9.1} {:>9.1} {:>8.3} {:>8.3}–{:.3}",
                case.name(),
                sdk / rounds as f64,
                plain / rounds as f64,
                median,
                q1,
                q3
            );
        }
    });
}
