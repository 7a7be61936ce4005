//! TLS for a self-hosted Palette: its own CA from PEM is trusted; an invalid certificate only by opt-in; no process-wide crypto provider is touched.

use std::sync::Arc;

use palette_sdk::prelude::*;
use palette_sdk::{Error, RetryPolicy};
use rcgen::{CertificateParams, KeyPair};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A certificate authority and a server certificate for 127.0.0.1 signed by it.
struct Pki {
    ca_pem: String,
    server_cert: CertificateDer<'static>,
    server_key: PrivateKeyDer<'static>,
}

fn pki() -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let server_key = KeyPair::generate().unwrap();
    let server = CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&server_key, &issuer)
        .unwrap();
    Pki {
        ca_pem: ca.pem(),
        server_cert: server.der().clone(),
        server_key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
    }
}

/// Serves `{"userUid":"u1"}` over TLS on 127.0.0.1; returns the https base URL. The server
/// names its crypto provider, so that nothing in this test binary installs a process-wide one.
async fn tls_server(pki: &Pki) -> String {
    let ring = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(ring)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![pki.server_cert.clone()], pki.server_key.clone_key())
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "https://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    );
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = vec![0u8; 4096];
                let _ = tls.read(&mut buf).await;
                let body = r#"{"userUid":"u1"}"#;
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(reply.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    url
}

fn builder(url: &str) -> palette_sdk::ClientBuilder {
    Client::builder()
        .base_url(url)
        .api_key("tls-test-key-0123456789")
        .proxy_from_env(false)
        .retry(RetryPolicy::never())
}

#[tokio::test]
async fn a_certificate_from_an_unknown_authority_is_refused_by_default() {
    let pki = pki();
    let url = tls_server(&pki).await;
    let err = builder(&url)
        .build()
        .unwrap()
        .users_info_get()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn the_self_hosted_authority_given_as_pem_is_trusted() {
    let pki = pki();
    let url = tls_server(&pki).await;
    let client = builder(&url)
        .add_root_certificates_pem(pki.ca_pem.clone())
        .build()
        .unwrap();
    let me = client.users_info_get().send().await.unwrap();
    assert_eq!(me.user_uid.as_deref(), Some("u1"));
}

#[tokio::test]
async fn accepting_invalid_certificates_is_an_explicit_opt_in_for_that_client_only() {
    let pki = pki();
    let url = tls_server(&pki).await;
    let lax = builder(&url)
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    lax.users_info_get().send().await.unwrap();
    let strict = builder(&url).build().unwrap();
    assert!(
        strict.users_info_get().send().await.is_err(),
        "other clients still check certificates"
    );
}

#[tokio::test]
async fn clients_leave_the_process_wide_crypto_provider_to_the_application() {
    use tokio_rustls::rustls::crypto::CryptoProvider;

    let pki = pki();
    let url = tls_server(&pki).await;
    let trusting = || {
        builder(&url)
            .add_root_certificates_pem(pki.ca_pem.clone())
            .build()
            .unwrap()
    };
    let before = trusting();
    before.users_info_get().send().await.unwrap();
    assert!(
        CryptoProvider::get_default().is_none(),
        "building and using a client installed a process-wide provider"
    );

    // The application installs a provider of its own afterwards (here ring limited to TLS 1.3
    // suites): that works, it stays the default, and clients built before or after still connect.
    let mut own = tokio_rustls::rustls::crypto::ring::default_provider();
    own.cipher_suites
        .retain(|suite| suite.version() == &tokio_rustls::rustls::version::TLS13);
    own.install_default()
        .expect("the application can install its provider");
    let installed = CryptoProvider::get_default().expect("installed");
    assert!(
        installed
            .cipher_suites
            .iter()
            .all(|suite| suite.version() == &tokio_rustls::rustls::version::TLS13)
    );
    before.users_info_get().send().await.unwrap();
    let after = trusting();
    let me = after.users_info_get().send().await.unwrap();
    assert_eq!(me.user_uid.as_deref(), Some("u1"));
    let lax = builder(&url)
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    lax.users_info_get().send().await.unwrap();
}
