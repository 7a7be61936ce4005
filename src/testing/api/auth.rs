//! The fake's Auth operations: login, token renewal, organisations, SSO, passwords.

use std::collections::HashMap;

use axum::routing::{get, patch, post};

use crate::enums::LoginResponseAuthType;
use crate::testing::http::coverage::Routes;
use crate::testing::http::{Reply, Req, State, body, json, no_content, serve};
use crate::testing::refusal::refuse;
use crate::testing::seed;
use crate::types;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/v1/auth/authenticate", post(serve(login)))
        .route("/v1/auth/refresh/{token}", get(serve(refresh)))
        .route("/v1/auth/mfa/devices", get(serve(mfa_devices)))
        .route("/v1/auth/org", get(serve(org)))
        .route("/v1/auth/orgs", get(serve(orgs)))
        .route(
            "/v1/auth/org/{org}/oidc/callback",
            get(serve(sso_callback_by_org)),
        )
        .route("/v1/auth/org/{org}/oidc/logout", get(serve(logout)))
        .route(
            "/v1/auth/org/{org}/saml/callback",
            post(serve(saml_callback)),
        )
        .route("/v1/auth/org/{org}/saml/logout", post(serve(logout)))
        .route(
            "/v1/auth/password/{token}/activate",
            patch(serve(set_password)),
        )
        .route(
            "/v1/auth/password/{token}/reset",
            patch(serve(set_password)),
        )
        .route("/v1/auth/sso/idps", get(serve(idps)))
        .route("/v1/auth/sso/logins", get(serve(sso_logins)))
        .route("/v1/auth/sso/providers", get(serve(sso_providers)))
        .route("/v1/auth/sso/{app}/callback", get(serve(sso_callback)))
        .route("/v1/auth/user/org/forgot", get(serve(accepted)))
        .route("/v1/auth/user/password/reset", post(serve(reset_request)))
}

fn login(req: Req) -> Reply {
    let login: types::AuthLogin = body(&req.body)?;
    let org_ok = login
        .org
        .as_deref()
        .is_none_or(|org| org.is_empty() || org == seed::ORG);
    let right = login.email_id.as_deref() == Some(seed::USER_EMAIL)
        && login.password.as_deref() == Some(seed::USER_PASSWORD)
        && org_ok;
    if !right {
        return Err(refuse(
            401,
            "InvalidCredentials",
            "the email, organisation or password is wrong",
        ));
    }
    let token = req.model().issue_token();
    json(200, &user_token(token))
}

fn refresh(req: Req) -> Reply {
    let [token] = req.path()?;
    let fresh = req.model().renew_token(&token)?;
    json(200, &user_token(fresh))
}

fn user_token(token: String) -> types::UserToken {
    types::UserToken {
        authorization: Some(token),
        is_mfa: Some(false),
    }
}

fn mfa_devices(req: Req) -> Reply {
    req.authenticate()?;
    json(200, &types::MfaDevices(Some(Vec::new())))
}

fn login_response() -> types::LoginResponse {
    types::LoginResponse {
        app_env: Some("fake".into()),
        auth_type: Some(LoginResponseAuthType::Password),
        org_name: Some(seed::ORG.into()),
        redirect_url: Some(String::new()),
        root_domain: Some("127.0.0.1".into()),
        security_mode: Some(String::new()),
        sso_logins: Some(types::SsoLogins(Some(Vec::new()))),
        total_tenants: Some(1),
    }
}

fn org(req: Req) -> Reply {
    let params = req.query();
    match params.get("orgName").map(String::as_str) {
        Some(seed::ORG) | None => json(200, &login_response()),
        Some(other) => Err(refuse(
            404,
            "OrganizationNotFound",
            format!("organisation '{other}' not found"),
        )),
    }
}

fn orgs(req: Req) -> Reply {
    req.authenticate()?;
    json(
        200,
        &types::Organizations {
            organizations: Some(vec![types::Organization {
                auth_type: Some("password".into()),
                name: Some(seed::ORG.into()),
                redirect_url: Some(String::new()),
                sso_logins: Some(types::SsoLogins(Some(Vec::new()))),
            }]),
        },
    )
}

fn exchange_code(state: &State, code: Option<&String>) -> Reply {
    if code.map(String::as_str) != Some(seed::SSO_CODE) {
        return Err(refuse(
            401,
            "InvalidSsoCallback",
            "the identity provider's code is not valid",
        ));
    }
    let token = state.model().issue_token();
    json(200, &user_token(token))
}

fn sso_callback_by_org(req: Req) -> Reply {
    let [org] = req.path()?;
    let params = req.query();
    if org != seed::ORG {
        return Err(refuse(
            404,
            "OrganizationNotFound",
            format!("organisation '{org}' not found"),
        ));
    }
    exchange_code(&req.state, params.get("code"))
}

fn sso_callback(req: Req) -> Reply {
    let [_app] = req.path()?;
    let params = req.query();
    exchange_code(&req.state, params.get("code"))
}

fn saml_callback(req: Req) -> Reply {
    let [org] = req.path()?;
    let form: HashMap<String, String> = url::form_urlencoded::parse(&req.body)
        .into_owned()
        .collect();
    if org != seed::ORG || form.get("SAMLResponse").map(String::as_str) != Some(seed::SAML_RESPONSE)
    {
        return Err(refuse(
            401,
            "InvalidSamlResponse",
            "the SAML response is not valid",
        ));
    }
    let token = req.model().issue_token();
    json(200, &user_token(token))
}

fn logout(_req: Req) -> Reply {
    no_content()
}

fn set_password(req: Req) -> Reply {
    let [token] = req.path()?;
    let bytes = req.body;
    let change: types::PasswordActivateBody = body(&bytes)?;
    if token != seed::PASSWORD_TOKEN {
        return Err(refuse(
            401,
            "InvalidPasswordToken",
            "the password token is invalid or has expired",
        ));
    }
    if change.password.len() < 8 {
        return Err(refuse(
            400,
            "PasswordTooShort",
            "the password needs at least 8 characters",
        ));
    }
    no_content()
}

fn sso_login(name: &str, display: &str) -> types::SsoLogin {
    types::SsoLogin {
        display_name: Some(display.into()),
        logo: Some(String::new()),
        name: Some(name.into()),
        redirect_uri: Some(format!("/v1/auth/sso/{name}/callback")),
    }
}

fn idps(_req: Req) -> Reply {
    let idp = |id: &str, name: &str| types::IdentityProvider {
        id: Some(id.into()),
        name: Some(name.into()),
    };
    json(
        200,
        &types::IdentityProviders(Some(vec![idp("okta", "Okta"), idp("keycloak", "Keycloak")])),
    )
}

fn sso_logins(_req: Req) -> Reply {
    json(200, &types::SsoLogins(Some(Vec::new())))
}

fn sso_providers(_req: Req) -> Reply {
    json(
        200,
        &types::SsoLogins(Some(vec![
            sso_login("github", "GitHub"),
            sso_login("google", "Google"),
        ])),
    )
}

fn accepted(_req: Req) -> Reply {
    no_content()
}

fn reset_request(req: Req) -> Reply {
    let bytes = req.body;
    let _: types::PasswordResetRequestBody = body(&bytes)?;
    no_content()
}
