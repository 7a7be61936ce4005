//! Sends one kind of call N times and exits: the workload `scripts/instructions.sh` runs under
//! callgrind to count instructions per call. `cargo bench --bench repeat -- sdk-get 200`.

mod common;

use palette_sdk::prelude::*;

const CASES: [&str; 4] = ["sdk-get", "plain-get", "sdk-post", "plain-post"];
const UID: &str = "651aa2f7e4b0c3d2a1f09e88";

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (Some(case), Some(Ok(calls))) = (args.first(), args.get(1).map(|n| n.parse::<u32>()))
    else {
        // `cargo bench` runs every bench with no case: nothing to do.
        println!("usage: repeat <{}> <calls>", CASES.join("|"));
        return;
    };
    if !CASES.contains(&case.as_str()) {
        println!("unknown case {case}; one of {}", CASES.join(", "));
        std::process::exit(2);
    }
    let base = common::start_server();
    let sdk = common::sdk(&base);
    let plain = common::plain(&base);
    let entity = common::entity();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        // One of each first, so that both pools hold a connection before counting starts.
        sdk.workspaces_uid_get().uid(UID).send().await.unwrap();
        common::plain_get(&plain, &base).await;
        for _ in 0..calls {
            match case.as_str() {
                "sdk-get" => {
                    std::hint::black_box(sdk.workspaces_uid_get().uid(UID).send().await.unwrap());
                }
                "plain-get" => {
                    std::hint::black_box(common::plain_get(&plain, &base).await);
                }
                "sdk-post" => {
                    let body = entity.clone();
                    std::hint::black_box(sdk.workspaces_create().body(body).send().await.unwrap());
                }
                _ => {
                    let body = entity.clone();
                    std::hint::black_box(common::plain_create(&plain, &base, body).await);
                }
            }
        }
    });
}
