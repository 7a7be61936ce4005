//! Each client's own TLS configuration (ring, the platform's roots plus extra PEM roots, or no checks by opt-in), never a process-wide crypto provider.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};

use crate::error::config::ConfigError;

/// The TLS configuration of one client.
///
/// It names its crypto provider (ring) itself instead of reading or installing rustls's
/// process-wide default, so a program that installs another provider, before or after
/// building clients, is not affected. Server certificates are checked against the platform's
/// root certificates plus `extra_roots_pem` (each a PEM bundle), or not at all when
/// `accept_invalid_certs` is set.
pub(crate) fn client_config(
    extra_roots_pem: &[Vec<u8>],
    accept_invalid_certs: bool,
) -> Result<ClientConfig, ConfigError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = parse_roots(extra_roots_pem)?;
    let verifier: Arc<dyn ServerCertVerifier> = if accept_invalid_certs {
        Arc::new(AcceptAnyCertificate {
            algorithms: provider.signature_verification_algorithms,
        })
    } else {
        Arc::new(platform_verifier(roots, provider.clone())?)
    };
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(http_client)?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    // What reqwest offers when it builds the configuration itself: HTTP/2, then HTTP/1.1.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

fn http_client(e: impl std::fmt::Display) -> ConfigError {
    ConfigError::HttpClient {
        reason: format!("TLS: {e}"),
    }
}

/// Every certificate of every PEM bundle; a bundle without one is an error.
fn parse_roots(bundles: &[Vec<u8>]) -> Result<Vec<CertificateDer<'static>>, ConfigError> {
    let mut roots = Vec::new();
    for pem in bundles {
        let before = roots.len();
        for cert in CertificateDer::pem_slice_iter(pem) {
            roots.push(cert.map_err(|e| ConfigError::InvalidCertificate {
                reason: e.to_string(),
            })?);
        }
        if roots.len() == before {
            return Err(ConfigError::InvalidCertificate {
                reason: "the bundle holds no certificate".into(),
            });
        }
    }
    Ok(roots)
}

/// The platform's verifier (its root store and, where the platform has one, its revocation
/// checks), trusting `extra_roots` too.
#[cfg(any(all(unix, not(target_os = "android")), windows))]
fn platform_verifier(
    extra_roots: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
) -> Result<rustls_platform_verifier::Verifier, ConfigError> {
    rustls_platform_verifier::Verifier::new_with_extra_roots(extra_roots, provider)
        .map_err(http_client)
}

/// The platform's verifier; this platform's cannot take extra roots.
#[cfg(not(any(all(unix, not(target_os = "android")), windows)))]
fn platform_verifier(
    extra_roots: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
) -> Result<rustls_platform_verifier::Verifier, ConfigError> {
    if !extra_roots.is_empty() {
        return Err(http_client(
            "this platform's certificate verifier cannot take extra root certificates",
        ));
    }
    rustls_platform_verifier::Verifier::new(provider).map_err(http_client)
}

/// Accepts any server certificate (`danger_accept_invalid_certs`). Handshake signatures are
/// still checked, so the connection is at least with the holder of the certificate's key.
#[derive(Debug)]
struct AcceptAnyCertificate {
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn building_a_configuration_installs_no_process_wide_provider() {
        client_config(&[], false).unwrap();
        client_config(&[], true).unwrap();
        assert!(CryptoProvider::get_default().is_none());
    }

    #[test]
    fn a_bundle_without_certificates_is_refused() {
        for bad in [&b"not a pem"[..], b""] {
            assert!(matches!(
                parse_roots(&[bad.to_vec()]),
                Err(ConfigError::InvalidCertificate { .. })
            ));
        }
    }
}
