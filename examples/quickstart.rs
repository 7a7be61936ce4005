//! Who am I, and which workspaces can I see? Uses PALETTE_API_KEY (and PALETTE_HOST) from the environment.

use palette_sdk::config::EnvConfig;
use palette_sdk::prelude::*;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let env = EnvConfig::from_process_env();
    if !env.has_api_key() {
        eprintln!(
            "No Palette credentials found. Set PALETTE_API_KEY (or SPECTROCLOUD_APIKEY) to an API key,\n\
             and optionally PALETTE_HOST (default api.spectrocloud.com) and PALETTE_PROJECT_UID."
        );
        return std::process::ExitCode::from(2);
    }
    match run(&env).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(env: &EnvConfig) -> Result<(), palette_sdk::Error> {
    let client = env.connect().await?;
    let me = client.users_info_get().call().await?;
    println!(
        "signed in as user {} of {} (tenant {})",
        me.user_uid.as_deref().unwrap_or("?"),
        me.org_name.as_deref().unwrap_or("?"),
        me.tenant_uid.as_deref().unwrap_or("?"),
    );
    let list = client.dashboard_workspaces_list().call().await?;
    let workspaces = list.items.unwrap_or_default();
    println!("{} workspace(s):", workspaces.len());
    for ws in workspaces {
        let meta = ws.metadata.unwrap_or_default();
        println!(
            "  {}  {}",
            meta.uid.as_deref().unwrap_or("?"),
            meta.name.as_deref().unwrap_or("?")
        );
    }
    Ok(())
}
