//! Runs the fake Palette on its own, for other tools to point at: `cargo run --example fake-palette -- --port 8080`.

use palette_sdk::testing::{FakePalette, seed};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let port = match args.as_slice() {
        [] => 8080,
        [flag, port] if flag == "--port" => match port.parse::<u16>() {
            Ok(port) => port,
            Err(_) => return usage(&format!("not a port: {port}")),
        },
        _ => return usage("unexpected arguments"),
    };
    let fake = match FakePalette::builder().port(port).start().await {
        Ok(fake) => fake,
        Err(e) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("Fake Palette listening at {}", fake.url());
    println!("  PALETTE_HOST={}", fake.url());
    println!("  PALETTE_API_KEY={}", seed::API_KEY);
    println!(
        "  login: {} / {} (org {})",
        seed::USER_EMAIL,
        seed::USER_PASSWORD,
        seed::ORG
    );
    for (uid, name) in seed::PROJECTS {
        println!("  project {name}: {uid}");
    }
    for (uid, name, _) in seed::CLUSTERS {
        println!("  cluster {name}: {uid}");
    }
    println!("Press Ctrl-C to stop.");
    let _ = tokio::signal::ctrl_c().await;
    drop(fake);
    std::process::ExitCode::SUCCESS
}

fn usage(problem: &str) -> std::process::ExitCode {
    eprintln!(
        "{problem}\nusage: cargo run --example fake-palette -- [--port PORT]  (default 8080)"
    );
    std::process::ExitCode::from(2)
}
