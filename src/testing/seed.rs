//! The fixed facts of the fake's tenant: credentials, projects, clusters, and the codes its SSO and password flows accept.

/// The API key the fake accepts (any other key gets a plain-text `403 Forbidden`).
pub const API_KEY: &str = "fake-palette-api-key-0123456789";
/// The organisation (tenant) name.
pub const ORG: &str = "demo-org";
/// The tenant's uid.
pub const TENANT_UID: &str = "64f0000000000000000000a1";
/// The one user's email.
pub const USER_EMAIL: &str = "demo@example.com";
/// The one user's password.
pub const USER_PASSWORD: &str = "demo-password-123";
/// The one user's uid.
pub const USER_UID: &str = "64f0000000000000000000b1";
/// The one user's name (first and last).
pub const USER_NAME: &str = "Demo User";
/// The one team's uid.
pub const TEAM_UID: &str = "64f0000000000000000000b9";
/// The one team's name; the user is its member.
pub const TEAM_NAME: &str = "Platform";
/// Workspace roles: (uid, name).
pub const ROLE_UIDS: &[(&str, &str)] = &[
    ("64f0000000000000000000e1", "Workspace Admin"),
    ("64f0000000000000000000e2", "Workspace Viewer"),
];
/// Palette's built-in roles: (uid, name, scope), the workspace roles of [`ROLE_UIDS`]
/// included. None of them can be deleted.
pub const BUILT_IN_ROLES: &[(&str, &str, &str)] = &[
    ("64f0000000000000000000f1", "Tenant Admin", "tenant"),
    ("64f0000000000000000000f2", "Project Admin", "project"),
    ("64f0000000000000000000f3", "Project Editor", "project"),
    ("64f0000000000000000000f4", "Project Viewer", "project"),
    (ROLE_UIDS[0].0, ROLE_UIDS[0].1, "resource"),
    (ROLE_UIDS[1].0, ROLE_UIDS[1].1, "resource"),
];
/// The projects the fake starts with: (uid, name). "Default" comes first. Projects
/// created through the API join them.
pub const PROJECTS: &[(&str, &str)] = &[
    ("64f0000000000000000000c1", "Default"),
    ("64f0000000000000000000c2", "Staging"),
];
/// Clusters: (uid, name, project uid).
pub const CLUSTERS: &[(&str, &str, &str)] = &[
    (
        "64f0000000000000000000d1",
        "demo-east",
        "64f0000000000000000000c1",
    ),
    (
        "64f0000000000000000000d2",
        "demo-west",
        "64f0000000000000000000c1",
    ),
    (
        "64f0000000000000000000d3",
        "staging-1",
        "64f0000000000000000000c2",
    ),
];
/// Cloud accounts, tenant-wide and visible from every scope: (uid, name, cloud type).
/// Two AWS accounts (either serves AWS and EKS clusters) and one for edge hosts.
pub const CLOUD_ACCOUNTS: &[(&str, &str, &str)] = &[
    ("64f0000000000000000000a5", "aws-main", "aws"),
    ("64f0000000000000000000a6", "aws-eks", "aws"),
    ("64f0000000000000000000a7", "edge-sites", "edge-native"),
];
/// The uid of `Public Repo`, the pack registry that holds the packs of AWS and edge
/// profiles ([`PACKS`]); a cluster profile's packs can name it as their `registryUid`.
pub const PUBLIC_REPO_UID: &str = "64f000000000000000001101";
/// Registries, tenant-wide and visible from every scope: (uid, name, kind), the kind
/// `pack`, `helm` or `oci` (a generic OCI registry; `ecr` is Amazon's). All are synced when
/// the fake starts.
pub const REGISTRIES: &[(&str, &str, &str)] = &[
    (PUBLIC_REPO_UID, "Public Repo", "pack"),
    ("64f000000000000000001102", "Bitnami", "helm"),
    ("64f000000000000000001103", "Palette OCI", "oci"),
];
/// Pack versions: (uid, registry uid, name, version, layer, cloud type or `all`). Each has
/// default values that start with `# <name> <version>`. The uids are what a cluster
/// profile's packs reference.
pub const PACKS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "64f000000000000000001201",
        PUBLIC_REPO_UID,
        "kubernetes",
        "1.30.9",
        "k8s",
        "all",
    ),
    (
        "64f000000000000000001202",
        PUBLIC_REPO_UID,
        "kubernetes",
        "1.30.10",
        "k8s",
        "all",
    ),
    (
        "64f000000000000000001203",
        PUBLIC_REPO_UID,
        "kubernetes",
        "1.31.4",
        "k8s",
        "all",
    ),
    (
        "64f000000000000000001204",
        PUBLIC_REPO_UID,
        "kubernetes",
        "1.32.2",
        "k8s",
        "all",
    ),
    (
        "64f000000000000000001205",
        PUBLIC_REPO_UID,
        "ubuntu-aws",
        "22.04",
        "os",
        "aws",
    ),
    (
        "64f000000000000000001206",
        PUBLIC_REPO_UID,
        "ubuntu-aws",
        "24.04",
        "os",
        "aws",
    ),
    (
        "64f000000000000000001207",
        PUBLIC_REPO_UID,
        "cni-calico",
        "3.28.2",
        "cni",
        "all",
    ),
    (
        "64f000000000000000001208",
        PUBLIC_REPO_UID,
        "cni-calico",
        "3.29.1",
        "cni",
        "all",
    ),
    (
        "64f000000000000000001209",
        PUBLIC_REPO_UID,
        "csi-aws-ebs",
        "1.35.0",
        "csi",
        "aws",
    ),
    (
        "64f00000000000000000120a",
        PUBLIC_REPO_UID,
        "csi-aws-ebs",
        "1.38.1",
        "csi",
        "aws",
    ),
    (
        "64f00000000000000000120b",
        PUBLIC_REPO_UID,
        "edge-k8s",
        "1.30.9",
        "k8s",
        "edge-native",
    ),
    (
        "64f00000000000000000120c",
        PUBLIC_REPO_UID,
        "edge-k8s",
        "1.31.4",
        "k8s",
        "edge-native",
    ),
    (
        "64f00000000000000000120d",
        PUBLIC_REPO_UID,
        "edge-native-byoi",
        "2.1.0",
        "os",
        "edge-native",
    ),
    (
        "64f00000000000000000120e",
        PUBLIC_REPO_UID,
        "edge-native-byoi",
        "2.2.0",
        "os",
        "edge-native",
    ),
    (
        "64f00000000000000000120f",
        "64f000000000000000001102",
        "nginx",
        "18.2.0",
        "addon",
        "all",
    ),
    (
        "64f000000000000000001210",
        "64f000000000000000001102",
        "nginx",
        "18.3.1",
        "addon",
        "all",
    ),
    (
        "64f000000000000000001211",
        "64f000000000000000001103",
        "hello-universe",
        "1.2.0",
        "addon",
        "all",
    ),
];
/// The tenant's backup location, an S3 bucket and the default, seen from every project:
/// (uid, name).
pub const BACKUP_LOCATION: (&str, &str) = ("64f0000000000000000000a8", "default-s3");
/// The system cluster group every project sees, where virtual clusters go: (uid, name).
pub const CLUSTER_GROUP: (&str, &str) = ("64f0000000000000000000a9", "beehive");
/// The code the OIDC and SSO callbacks accept.
pub const SSO_CODE: &str = "demo-sso-code";
/// The SAML response the SAML callback accepts.
pub const SAML_RESPONSE: &str = "demo-saml-response";
/// The token of the fake's password emails.
pub const PASSWORD_TOKEN: &str = "demo-password-token";
