//! The soak run: `cargo bench --bench soak -- [calls]` (default 20,000) at 64 concurrent calls against the fault-injecting server; prints the figures for README "Reliability".

#[path = "../tests/common/faulty.rs"]
mod faulty;
#[path = "../tests/common/soak_run.rs"]
mod soak_run;

use std::time::Duration;

fn main() {
    let calls = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<usize>().ok())
        .unwrap_or(20_000);
    let config = soak_run::SoakConfig {
        calls,
        concurrency: 64,
        operation_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(1),
        faults: faulty::Faults {
            // Tokens that live a second: renewed in the background all through the run.
            token_lifetime: Duration::from_secs(1),
            ..faulty::Faults::soak()
        },
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let report = runtime.block_on(soak_run::run(config));
    println!("{report}");
    let (sent, received, most) = report
        .creates
        .get(&soak_run::Kind::Create)
        .copied()
        .unwrap_or_default();
    let broken = report.panics > 0 || report.hung > 0 || most > 1 || received != sent;
    if broken {
        eprintln!("an invariant does not hold");
        std::process::exit(1);
    }
}
