//! Credentials in Palette's request and reply types print as `***` in `Debug`: the ones an
//! outside review found printing in clear, written out here by hand.
//!
//! Which fields are secrets is decided by `openapi/secrets.yaml`, and the generated contract
//! tests check every type that list names; this file is the second source: each case is a
//! Palette field that carries a credential (a kubeconfig, a TLS private key, a pairing code,
//! a SAML response, ...), whatever the list says.

use palette_sdk::types;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// What each credential holds in these tests.
const MARKER: &str = "s3cr3t-0f9e8d7c6b5a";

/// Decodes `json` as `T` and checks that the marker it carries is in the value (it encodes
/// back with it) but in none of its `Debug` renderings.
fn masked<T: DeserializeOwned + Serialize + std::fmt::Debug>(what: &str, json: Value) -> T {
    let value: T = serde_json::from_value(json).unwrap_or_else(|e| panic!("{what}: {e}"));
    let sent = serde_json::to_string(&value).unwrap();
    assert!(
        sent.contains(MARKER),
        "{what}: the marker is not in the value: {sent}"
    );
    for shown in [format!("{value:?}"), format!("{value:#?}")] {
        assert!(
            !shown.contains(MARKER),
            "{what} prints a credential: {shown}"
        );
        assert!(shown.contains("***"), "{what}: {shown}");
    }
    value
}

#[test]
fn kubeconfigs_are_masked() {
    masked::<types::SpectroClusterAssetKubeConfig>("kubeconfig", json!({"kubeconfig": MARKER}));
    masked::<types::SpectroClusterAssetKubeConfigClient>(
        "client kubeconfig",
        json!({"kubeconfigclient": MARKER}),
    );
    masked::<types::SpectroClusterAssetFrpKubeConfig>(
        "FRP kubeconfig",
        json!({"frpKubeconfig": MARKER}),
    );
    for field in ["kubeconfig", "kubeconfigclient", "frpKubeconfig"] {
        masked::<types::SpectroClusterAssetEntitySpec>(field, json!({ field: MARKER }));
    }
}

#[test]
fn ssh_keys_activation_codes_and_cloud_init_data_are_masked() {
    masked::<types::SshUserCredentials>(
        "an SSH user's private key",
        json!({"username": "ubuntu", "sshKey": MARKER}),
    );
    masked::<types::SystemsManager>(
        "an AWS Systems Manager activation code",
        json!({"activationId": "id-1", "activationCode": MARKER}),
    );
    let cloud_init = masked::<types::VmCloudInitNoCloudSource>(
        "cloud-init user data",
        json!({"userData": MARKER}),
    );
    assert!(cloud_init.user_data.is_some());
}

#[test]
fn profile_variable_values_are_masked_when_sensitive_only() {
    let sensitive = json!({"name": "db_password", "isSensitive": true, "value": MARKER, "defaultValue": MARKER});
    masked::<types::SpectroClusterVariableResponse>("a sensitive variable", sensitive);
    let plain: types::SpectroClusterVariableResponse =
        serde_json::from_value(json!({"name": "region", "isSensitive": false, "value": MARKER}))
            .unwrap();
    assert!(
        format!("{plain:?}").contains(MARKER),
        "a variable that is not sensitive shows its value"
    );
}

#[cfg(any(feature = "registries", feature = "system"))]
#[test]
fn registry_passwords_tokens_and_tls_keys_are_masked() {
    let auth = masked::<types::RegistryAuth>(
        "a registry's TLS private key",
        json!({"type": "basic", "username": "robot", "tls": {"certificate": "cert", "key": MARKER}}),
    );
    assert_eq!(auth.username.as_deref(), Some("robot"));
    masked::<types::RegistryAuth>("a registry password", json!({"password": MARKER}));
    masked::<types::RegistryAuth>("a registry token", json!({"token": MARKER}));
}

#[cfg(feature = "registries")]
#[test]
fn an_ecr_registrys_credentials_and_tls_key_are_masked() {
    masked::<types::EcrRegistrySpec>(
        "an ECR registry's secret key",
        json!({"endpoint": "e", "credentials": {"accessKey": "AKIA", "secretKey": MARKER}}),
    );
    masked::<types::EcrRegistrySpec>(
        "an ECR registry's TLS key",
        json!({"endpoint": "e", "tls": {"key": MARKER}}),
    );
}

#[cfg(feature = "tenants")]
#[test]
fn a_tenant_certificates_key_is_masked() {
    masked::<types::Cert>(
        "a certificate's private key",
        json!({"certificate": "cert", "key": MARKER}),
    );
}

#[cfg(feature = "system")]
#[test]
fn system_keys_are_masked() {
    masked::<types::SystemCertificatesSpec>(
        "a system certificate's key",
        json!({"certificateBase64": "c", "keyBase64": MARKER}),
    );
    masked::<types::SystemAzureStorageSpec>(
        "an Azure storage access key",
        json!({"accessKey": MARKER}),
    );
}

#[cfg(feature = "cloudaccounts")]
#[test]
fn a_custom_cloud_accounts_credentials_are_masked() {
    masked::<types::CustomCloudAccount>(
        "a custom cloud account's credentials",
        json!({"credentials": {"password": MARKER}}),
    );
}

#[cfg(feature = "users")]
#[test]
fn revoked_tokens_and_activation_links_are_masked() {
    masked::<types::AuthTokenRevoke>("tokens to revoke", json!({"tokens": [MARKER]}));
    masked::<types::UserStatus>(
        "a user's activation link",
        json!({"activationLink": format!("https://palette.example/activate/{MARKER}")}),
    );
}

#[cfg(any(feature = "overlords", feature = "pcg"))]
#[test]
fn a_gateways_pairing_code_is_masked() {
    masked::<types::PairingCode>("a pairing code", json!({"pairingCode": MARKER}));
}

#[cfg(feature = "auth")]
#[test]
fn a_saml_response_is_masked() {
    masked::<types::SamlCallbackForm>(
        "a SAML response",
        json!({"SAMLResponse": MARKER, "RelayState": "r"}),
    );
}

#[cfg(any(feature = "projects", feature = "system"))]
#[test]
fn a_notification_channels_http_headers_are_masked() {
    masked::<types::ChannelHttp>(
        "a webhook's authorization header",
        json!({"url": "https://hooks.example", "headers": {"Authorization": MARKER}}),
    );
}

/// The builders hold what they will send: a secret set on one prints masked too.
#[cfg(all(feature = "auth", feature = "overlords"))]
#[test]
fn builders_mask_codes_set_on_them() {
    let client = palette_sdk::Client::builder()
        .base_url("http://127.0.0.1:9")
        .api_key("test-key-0f9e8d7c6b5a")
        .build()
        .unwrap();
    use palette_sdk::prelude::*;
    let shown = format!("{:?}", client.oidc_callback().code(MARKER));
    assert!(!shown.contains(MARKER), "{shown}");
    let shown = format!(
        "{:?}",
        client.overlords_maas_manifest().pairing_code(MARKER)
    );
    assert!(!shown.contains(MARKER), "{shown}");
}
