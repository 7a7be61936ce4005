//! One contract test per operation: method, encoded path, query, headers, exact body, decoded reply.
//!
//! Each test sends its operation three times against a local server that records the raw
//! request: from a project handle and a tenant handle with the API key, and from a tenant
//! handle with a session token. The meta-test at the end fails, naming the operation, when an
//! operation of the document has no test here.

mod common;

use std::future::Future;

use common::scripted::{Recorded, Reply, Scripted};
use common::{API_KEY, builder_for, fixture};
use palette_sdk::prelude::*;
use palette_sdk::{Error, operation, types};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// A path parameter with a space, a slash, a percent sign and a non-ASCII letter.
const AWKWARD: &str = "a b/c%d-ü";
/// How it must appear in the request path.
const AWKWARD_ENCODED: &str = "a%20b%2Fc%25d-%C3%BC";
const PROJECT: &str = "project-7";
const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.contract.sig";

/// What one operation must put on the wire, and what it answers.
struct Contract {
    id: &'static str,
    /// The request target: encoded path and query.
    target: String,
    /// The JSON body, if any.
    body: Option<Value>,
    /// The reply: a fixture for the success body, or an empty 204.
    reply: Reply,
    fixture: Option<&'static str>,
}

impl Contract {
    fn new(id: &'static str, target: impl Into<String>) -> Self {
        Contract {
            id,
            target: target.into(),
            body: None,
            reply: Reply::empty(204),
            fixture: None,
        }
    }

    fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    fn replies(mut self, status: u16, fixture_name: &'static str) -> Self {
        self.reply = Reply::json(status, &fixture(fixture_name));
        self.fixture = Some(fixture_name);
        self
    }

    /// Sends the operation from each kind of handle and checks every request and reply.
    async fn check<T, F, Fut>(self, call: F)
    where
        T: DeserializeOwned + PartialEq + std::fmt::Debug,
        F: Fn(palette_sdk::Client) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let op = operation::find(self.id).expect("the operation is in the document");
        let server = Scripted::start(vec![self.reply.clone()]).await;
        let with_key = builder_for(server.url()).build().unwrap();
        let with_token = palette_sdk::Client::builder()
            .base_url(server.url())
            .token(TOKEN)
            .proxy_from_env(false)
            .build()
            .unwrap();
        let handles = [
            ("project", with_key.with_project(PROJECT).unwrap()),
            ("tenant", with_key.tenant()),
            ("session", with_token),
        ];
        let expected: Option<T> = self
            .fixture
            .map(|name| serde_json::from_value(fixture(name)).unwrap());
        for (kind, handle) in handles {
            let got = call(handle)
                .await
                .unwrap_or_else(|e| panic!("{} from the {kind} handle: {e}", self.id));
            if let Some(expected) = &expected {
                assert_eq!(&got, expected, "{}: the decoded reply", self.id);
            }
        }
        let sent = server.requests();
        assert_eq!(sent.len(), 3, "{}: each call is sent once", self.id);
        for (request, kind) in sent.iter().zip(["project", "tenant", "session"]) {
            let at = format!("{} from the {kind} handle", self.id);
            assert_eq!(request.method, op.method, "{at}: method");
            assert_eq!(request.target, self.target, "{at}: path and query");
            self.check_headers(request, kind, op.scoped, &at);
            self.check_body(request, &at);
        }
    }

    fn check_headers(&self, request: &Recorded, kind: &str, scoped: bool, at: &str) {
        let (key, auth) = match kind {
            "session" => (None, Some(TOKEN)),
            _ => (Some(API_KEY), None),
        };
        assert_eq!(request.header("ApiKey"), key, "{at}: ApiKey");
        assert_eq!(request.header("Authorization"), auth, "{at}: Authorization");
        let project = (kind == "project" && scoped).then_some(PROJECT);
        assert_eq!(request.header("ProjectUid"), project, "{at}: ProjectUid");
        assert_eq!(
            request.header("api-version"),
            None,
            "{at}: no header Palette does not define"
        );
        assert!(
            request
                .header("User-Agent")
                .unwrap_or_default()
                .starts_with("palette-sdk/"),
            "{at}: User-Agent"
        );
    }

    fn check_body(&self, request: &Recorded, at: &str) {
        match &self.body {
            None => assert!(request.body.is_empty(), "{at}: no body expected"),
            Some(Value::String(form)) => {
                assert_eq!(
                    request.header("Content-Type"),
                    Some("application/x-www-form-urlencoded"),
                    "{at}: form content type"
                );
                let pairs = |bytes: &[u8]| {
                    let mut pairs: Vec<(String, String)> =
                        url::form_urlencoded::parse(bytes).into_owned().collect();
                    pairs.sort();
                    pairs
                };
                assert_eq!(
                    pairs(&request.body),
                    pairs(form.as_bytes()),
                    "{at}: form body"
                );
            }
            Some(expected) => {
                assert_eq!(
                    request.header("Content-Type"),
                    Some("application/json"),
                    "{at}: content type"
                );
                let got: Value = serde_json::from_slice(&request.body).expect("a JSON body");
                assert_eq!(&got, expected, "{at}: JSON body");
            }
        }
    }
}

/// A typed request body built from the JSON the wire must carry.
fn typed<T: DeserializeOwned + Serialize>(body: &Value) -> T {
    let typed: T = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(
        &serde_json::to_value(&typed).unwrap(),
        body,
        "the body survives typing"
    );
    typed
}

fn awkward(path: &str) -> String {
    path.replace("{}", AWKWARD_ENCODED)
}

// ---------------------------------------------------------------- Auth

#[tokio::test]
async fn authenticate() {
    let body = json!({"emailId": "ops@example.com", "org": "acme", "password": "pw-123456"});
    let login: types::AuthLogin = typed(&body);
    Contract::new("authenticate", "/v1/auth/authenticate?setCookie=false")
        .body(body)
        .replies(200, "user_token")
        .check(|c| {
            let login = login.clone();
            async move { c.authenticate().set_cookie(false).body(login).send().await }
        })
        .await;
}

#[tokio::test]
async fn auth_mfa_devices_list() {
    Contract::new("authMfaDevicesList", "/v1/auth/mfa/devices")
        .replies(200, "mfa_devices")
        .check(|c| async move { c.auth_mfa_devices_list().send().await })
        .await;
}

#[tokio::test]
async fn auth_org() {
    Contract::new("authOrg", "/v1/auth/org?orgName=acme+labs%26co")
        .replies(200, "login_response")
        .check(|c| async move { c.auth_org().org_name("acme labs&co").send().await })
        .await;
}

#[tokio::test]
async fn oidc_callback() {
    Contract::new(
        "oidcCallback",
        awkward("/v1/auth/org/{}/oidc/callback?code=c-1&error=denied&error_description=user+said+no&state=s%2F1"),
    )
    .replies(200, "user_token")
    .check(|c| async move {
        c.oidc_callback()
            .org(AWKWARD)
            .code("c-1")
            .state("s/1")
            .error("denied")
            .error_description("user said no")
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn oidc_logout() {
    Contract::new(
        "oidcLogout",
        awkward("/v1/auth/org/{}/oidc/logout?state=s-1"),
    )
    .check(|c| async move { c.oidc_logout().org(AWKWARD).state("s-1").send().await })
    .await;
}

#[tokio::test]
async fn saml_callback() {
    Contract::new(
        "samlCallback",
        awkward("/v1/auth/org/{}/saml/callback?authToken=t-1"),
    )
    .body(Value::String(
        "SAMLResponse=PHNhbWw%2B&RelayState=r+1".into(),
    ))
    .replies(200, "user_token")
    .check(|c| async move {
        let form = types::SamlCallbackForm {
            saml_response: Some("PHNhbWw+".into()),
            relay_state: Some("r 1".into()),
        };
        c.saml_callback()
            .org(AWKWARD)
            .auth_token("t-1")
            .body(form)
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn saml_logout() {
    Contract::new(
        "samlLogout",
        awkward("/v1/auth/org/{}/saml/logout?authToken=t-1"),
    )
    .body(Value::String("SAMLResponse=PHNhbWw%2B".into()))
    .check(|c| async move {
        let form = types::SamlLogoutForm {
            saml_response: Some("PHNhbWw+".into()),
        };
        c.saml_logout()
            .org(AWKWARD)
            .auth_token("t-1")
            .body(form)
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn auth_orgs() {
    Contract::new("authOrgs", "/v1/auth/orgs")
        .replies(200, "organizations")
        .check(|c| async move { c.auth_orgs().send().await })
        .await;
}

#[tokio::test]
async fn password_activate() {
    let body = json!({"password": "n3w-passw0rd"});
    let change: types::PasswordChange = typed(&body);
    Contract::new("passwordActivate", awkward("/v1/auth/password/{}/activate"))
        .body(body)
        .check(|c| {
            let change = change.clone();
            async move {
                c.password_activate()
                    .password_token(AWKWARD)
                    .body(change)
                    .send()
                    .await
            }
        })
        .await;
}

#[tokio::test]
async fn password_reset() {
    let body = json!({"password": "n3w-passw0rd"});
    let change: types::PasswordChange = typed(&body);
    Contract::new("passwordReset", awkward("/v1/auth/password/{}/reset"))
        .body(body)
        .check(|c| {
            let change = change.clone();
            async move {
                c.password_reset()
                    .password_token(AWKWARD)
                    .body(change)
                    .send()
                    .await
            }
        })
        .await;
}

#[tokio::test]
async fn auth_refresh() {
    Contract::new(
        "authRefresh",
        awkward("/v1/auth/refresh/{}?setCookie=false"),
    )
    .replies(200, "user_token")
    .check(|c| async move {
        c.auth_refresh()
            .token(AWKWARD)
            .set_cookie(false)
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn sso_idps() {
    Contract::new("ssoIdps", "/v1/auth/sso/idps")
        .replies(200, "identity_providers")
        .check(|c| async move { c.sso_idps().send().await })
        .await;
}

#[tokio::test]
async fn sso_logins() {
    Contract::new("ssoLogins", "/v1/auth/sso/logins?org=acme")
        .replies(200, "sso_logins")
        .check(|c| async move { c.sso_logins().org("acme").send().await })
        .await;
}

#[tokio::test]
async fn auth_sso_providers() {
    Contract::new("authSsoProviders", "/v1/auth/sso/providers")
        .replies(200, "sso_logins")
        .check(|c| async move { c.auth_sso_providers().send().await })
        .await;
}

#[tokio::test]
async fn sso_callback() {
    Contract::new(
        "ssoCallback",
        awkward("/v1/auth/sso/{}/callback?code=c-1&state=s-1"),
    )
    .replies(200, "user_token")
    .check(|c| async move {
        c.sso_callback()
            .sso_app(AWKWARD)
            .code("c-1")
            .state("s-1")
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn auth_user_org_forgot() {
    Contract::new(
        "authUserOrgForgot",
        "/v1/auth/user/org/forgot?emailId=ops%40example.com",
    )
    .check(|c| async move {
        c.auth_user_org_forgot()
            .email_id("ops@example.com")
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn password_reset_request() {
    let body = json!({"emailId": "ops@example.com"});
    let request: types::PasswordResetRequest = typed(&body);
    Contract::new("passwordResetRequest", "/v1/auth/user/password/reset")
        .body(body)
        .check(|c| {
            let request = request.clone();
            async move { c.password_reset_request().body(request).send().await }
        })
        .await;
}

// ---------------------------------------------------------------- Dashboard and Users

#[tokio::test]
async fn dashboard_workspaces_list() {
    Contract::new("dashboardWorkspacesList", "/v1/dashboard/workspaces")
        .replies(200, "dashboard_workspaces")
        .check(|c| async move { c.dashboard_workspaces_list().send().await })
        .await;
}

#[tokio::test]
async fn projects_metadata() {
    Contract::new(
        "projectsMetadata",
        "/v1/dashboard/projects/metadata?name=Team+B%2FC",
    )
    .replies(200, "projects_metadata")
    .check(|c| async move { c.projects_metadata().name("Team B/C").send().await })
    .await;
}

#[tokio::test]
async fn users_info_get() {
    Contract::new("usersInfoGet", "/v1/users/info")
        .replies(200, "user_info")
        .check(|c| async move { c.users_info_get().send().await })
        .await;
}

// ---------------------------------------------------------------- Workspaces

fn workspace_entity() -> Value {
    json!({
        "metadata": {"name": "payments-prod", "labels": {"team": "payments"}},
        "spec": {
            "clusterRefs": [{"clusterName": "prod-east", "clusterUid": "c-1"}],
            "clusterNamespaces": [{
                "name": "payments",
                "isRegex": false,
                "image": {"blackListedImages": ["busybox:latest"]},
                "namespaceResourceAllocation": {
                    "defaultResourceAllocation": {"cpuCores": 2.0, "memoryMiB": 4096.0},
                    "clusterResourceAllocations": [
                        {"clusterUid": "c-1", "resourceAllocation": {"cpuCores": 4.0, "memoryMiB": 8192.0,
                            "gpuConfig": {"limit": 1, "provider": "nvidia"}}}
                    ]
                }
            }],
            "quota": {"resourceAllocation": {"cpuCores": 16.0, "memoryMiB": 32768.0}},
            "clusterRbacs": [cluster_rbac()],
            "policies": {"backupPolicy": backup_config()}
        }
    })
}

fn cluster_rbac() -> Value {
    json!({
        "metadata": {"name": "payments-admins"},
        "spec": {
            "bindings": [{
                "namespace": "payments",
                "role": {"kind": "ClusterRole", "name": "admin"},
                "subjects": [{"name": "payments-oncall", "type": "Group"}],
                "type": "RoleBinding"
            }],
            "relatedObject": {"kind": "spectrocluster", "name": "prod-east", "uid": "c-1"}
        }
    })
}

fn backup_config() -> Value {
    json!({
        "backupConfig": {
            "backupLocationName": "s3-backups",
            "backupLocationUid": "loc-1",
            "backupName": "nightly",
            "backupPrefix": "payments",
            "durationInHours": 720,
            "includeAllDisks": true,
            "includeClusterResourceMode": "Auto",
            "includeClusterResources": true,
            "locationType": "aws",
            "namespaces": ["payments"],
            "schedule": {"scheduledRunTime": "0 2 * * *"}
        },
        "clusterUids": ["c-1"],
        "includeAllClusters": false
    })
}

fn roles_patch() -> Value {
    json!({"workspaces": [{"uid": "w-1", "roles": ["r-1", "r-2"]}]})
}

#[tokio::test]
async fn workspaces_create() {
    let body = workspace_entity();
    let entity: types::WorkspaceEntity = typed(&body);
    Contract::new("workspacesCreate", "/v1/workspaces")
        .body(body)
        .replies(201, "uid")
        .check(|c| {
            let entity = entity.clone();
            async move { c.workspaces_create().body(entity).send().await }
        })
        .await;
}

#[tokio::test]
async fn teams_workspace_get_roles() {
    Contract::new(
        "teamsWorkspaceGetRoles",
        awkward("/v1/workspaces/teams/{}/roles"),
    )
    .replies(200, "workspace_scope_roles")
    .check(|c| async move { c.teams_workspace_get_roles().team_uid(AWKWARD).send().await })
    .await;
}

#[tokio::test]
async fn teams_workspace_roles_put() {
    let body = roles_patch();
    let patch: types::WorkspacesRolesPatch = typed(&body);
    Contract::new(
        "teamsWorkspaceRolesPut",
        awkward("/v1/workspaces/teams/{}/roles"),
    )
    .body(body)
    .check(|c| {
        let patch = patch.clone();
        async move {
            c.teams_workspace_roles_put()
                .team_uid(AWKWARD)
                .body(patch)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn users_workspace_get_roles() {
    Contract::new(
        "usersWorkspaceGetRoles",
        awkward("/v1/workspaces/users/{}/roles"),
    )
    .replies(200, "workspace_scope_roles")
    .check(|c| async move { c.users_workspace_get_roles().user_uid(AWKWARD).send().await })
    .await;
}

#[tokio::test]
async fn users_workspace_roles_put() {
    let body = roles_patch();
    let patch: types::WorkspacesRolesPatch = typed(&body);
    Contract::new(
        "usersWorkspaceRolesPut",
        awkward("/v1/workspaces/users/{}/roles"),
    )
    .body(body)
    .check(|c| {
        let patch = patch.clone();
        async move {
            c.users_workspace_roles_put()
                .user_uid(AWKWARD)
                .body(patch)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn workspaces_validate_name() {
    Contract::new(
        "workspacesValidateName",
        "/v1/workspaces/validate/name?name=payments+%C3%BC%2F1",
    )
    .check(|c| async move {
        c.workspaces_validate_name()
            .name("payments ü/1")
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn workspaces_uid_delete() {
    Contract::new("workspacesUidDelete", awkward("/v1/workspaces/{}"))
        .check(|c| async move { c.workspaces_uid_delete().uid(AWKWARD).send().await })
        .await;
}

#[tokio::test]
async fn workspaces_uid_get() {
    Contract::new("workspacesUidGet", awkward("/v1/workspaces/{}"))
        .replies(200, "workspace")
        .check(|c| async move { c.workspaces_uid_get().uid(AWKWARD).send().await })
        .await;
}

#[tokio::test]
async fn workspace_ops_backup_delete() {
    let body = json!({"requestUid": "req-1", "clusterConfigs": [{"clusterUid": "c-1", "backupName": "nightly-c-1"}]});
    let delete: types::WorkspaceBackupDeleteEntity = typed(&body);
    Contract::new(
        "workspaceOpsBackupDelete",
        awkward("/v1/workspaces/{}/backup"),
    )
    .body(body)
    .check(|c| {
        let delete = delete.clone();
        async move {
            c.workspace_ops_backup_delete()
                .uid(AWKWARD)
                .body(delete)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn workspace_ops_backup_get() {
    Contract::new(
        "workspaceOpsBackupGet",
        awkward("/v1/workspaces/{}/backup?backupRequestUid=req-1"),
    )
    .replies(200, "workspace_backup")
    .check(|c| async move {
        c.workspace_ops_backup_get()
            .uid(AWKWARD)
            .backup_request_uid("req-1")
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn workspace_ops_backup_create() {
    let body = backup_config();
    let config: types::WorkspaceBackupConfigEntity = typed(&body);
    Contract::new(
        "workspaceOpsBackupCreate",
        awkward("/v1/workspaces/{}/backup"),
    )
    .body(body)
    .replies(201, "uid")
    .check(|c| {
        let config = config.clone();
        async move {
            c.workspace_ops_backup_create()
                .uid(AWKWARD)
                .body(config)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn workspace_ops_backup_update() {
    let body = backup_config();
    let config: types::WorkspaceBackupConfigEntity = typed(&body);
    Contract::new(
        "workspaceOpsBackupUpdate",
        awkward("/v1/workspaces/{}/backup"),
    )
    .body(body)
    .check(|c| {
        let config = config.clone();
        async move {
            c.workspace_ops_backup_update()
                .uid(AWKWARD)
                .body(config)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn workspace_ops_backup_on_demand_create() {
    let body = backup_config();
    let config: types::WorkspaceBackupConfigEntity = typed(&body);
    Contract::new(
        "workspaceOpsBackupOnDemandCreate",
        awkward("/v1/workspaces/{}/backup/onDemand"),
    )
    .body(body)
    .replies(201, "uid")
    .check(|c| {
        let config = config.clone();
        async move {
            c.workspace_ops_backup_on_demand_create()
                .uid(AWKWARD)
                .body(config)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn workspaces_uid_cluster_namespaces_update() {
    let mut body = workspace_entity()["spec"].clone();
    let spec = body.as_object_mut().unwrap();
    spec.remove("clusterRbacs");
    spec.remove("policies");
    let namespaces: types::WorkspaceClusterNamespacesEntity = typed(&body);
    Contract::new(
        "workspacesUidClusterNamespacesUpdate",
        awkward("/v1/workspaces/{}/clusterNamespaces"),
    )
    .body(body)
    .check(|c| {
        let namespaces = namespaces.clone();
        async move {
            c.workspaces_uid_cluster_namespaces_update()
                .uid(AWKWARD)
                .body(namespaces)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn workspaces_cluster_rbac_create() {
    let body = cluster_rbac();
    let rbac: types::ClusterRbac = typed(&body);
    Contract::new(
        "workspacesClusterRbacCreate",
        awkward("/v1/workspaces/{}/clusterRbacs"),
    )
    .body(body)
    .replies(201, "uid")
    .check(|c| {
        let rbac = rbac.clone();
        async move {
            c.workspaces_cluster_rbac_create()
                .uid(AWKWARD)
                .body(rbac)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn workspaces_uid_cluster_rbac_delete() {
    Contract::new(
        "workspacesUidClusterRbacDelete",
        format!("/v1/workspaces/{AWKWARD_ENCODED}/clusterRbacs/rbac%201"),
    )
    .check(|c| async move {
        c.workspaces_uid_cluster_rbac_delete()
            .uid(AWKWARD)
            .cluster_rbac_uid("rbac 1")
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn workspaces_uid_cluster_rbac_update() {
    let body = cluster_rbac();
    let rbac: types::ClusterRbac = typed(&body);
    Contract::new(
        "workspacesUidClusterRbacUpdate",
        format!("/v1/workspaces/{AWKWARD_ENCODED}/clusterRbacs/rbac-1"),
    )
    .body(body)
    .check(|c| {
        let rbac = rbac.clone();
        async move {
            c.workspaces_uid_cluster_rbac_update()
                .uid(AWKWARD)
                .cluster_rbac_uid("rbac-1")
                .body(rbac)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn workspaces_uid_meta_update() {
    let body = json!({"name": "payments-prod", "labels": {"team": "payments"}, "annotations": {"owner": "ops"}});
    let meta: types::ObjectMeta = typed(&body);
    Contract::new("workspacesUidMetaUpdate", awkward("/v1/workspaces/{}/meta"))
        .body(body)
        .check(|c| {
            let meta = meta.clone();
            async move {
                c.workspaces_uid_meta_update()
                    .uid(AWKWARD)
                    .body(meta)
                    .send()
                    .await
            }
        })
        .await;
}

#[tokio::test]
async fn workspaces_uid_resource_allocations_update() {
    let mut body = workspace_entity()["spec"].clone();
    let spec = body.as_object_mut().unwrap();
    spec.remove("clusterRbacs");
    spec.remove("policies");
    let allocations: types::WorkspaceResourceAllocationsEntity = typed(&body);
    Contract::new(
        "workspacesUidResourceAllocationsUpdate",
        awkward("/v1/workspaces/{}/resourceAllocations"),
    )
    .body(body)
    .check(|c| {
        let allocations = allocations.clone();
        #[allow(deprecated)]
        async move {
            c.workspaces_uid_resource_allocations_update()
                .uid(AWKWARD)
                .body(allocations)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn workspace_ops_restore_get() {
    Contract::new(
        "workspaceOpsRestoreGet",
        awkward("/v1/workspaces/{}/restore?restoreRequestUid=req-2"),
    )
    .replies(200, "workspace_restore")
    .check(|c| async move {
        c.workspace_ops_restore_get()
            .uid(AWKWARD)
            .restore_request_uid("req-2")
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn workspace_ops_restore_on_demand_create() {
    let body = json!({
        "backupRequestUid": "req-1",
        "restoreConfigs": [{
            "backupName": "nightly-c-1",
            "sourceClusterUid": "c-1",
            "includeClusterResourceMode": "Never",
            "includeClusterResources": false,
            "includeNamespaces": ["payments"],
            "preserveNodePorts": true,
            "restorePVs": true
        }]
    });
    let restore: types::WorkspaceRestoreConfigEntity = typed(&body);
    Contract::new(
        "workspaceOpsRestoreOnDemandCreate",
        awkward("/v1/workspaces/{}/restore/onDemand"),
    )
    .body(body)
    .replies(201, "uid")
    .check(|c| {
        let restore = restore.clone();
        async move {
            c.workspace_ops_restore_on_demand_create()
                .uid(AWKWARD)
                .body(restore)
                .send()
                .await
        }
    })
    .await;
}

// ---------------------------------------------------------------- coverage

#[test]
fn every_operation_of_the_document_has_a_contract_test() {
    let source = include_str!("contract.rs");
    let missing: Vec<String> = operation::all()
        .iter()
        .filter(|op| !source.contains(&format!("async fn {}()", op.fn_name)))
        .map(|op| op.to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "operations without a contract test:\n  {}",
        missing.join("\n  ")
    );
}
