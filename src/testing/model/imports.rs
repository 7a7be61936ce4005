//! The fake's imported clusters: how each was imported, whether its agent manifest was fetched, and that manifest's YAML.

use std::collections::BTreeMap;

use crate::types;

/// How one cluster was imported.
#[derive(Debug, Clone)]
pub(crate) struct Imported {
    /// `importMode: read-only`: the agent gets read access only.
    pub(crate) read_only: bool,
    /// The proxy the agent reaches Palette through.
    pub(crate) proxy: Option<types::ClusterProxySpec>,
    /// True until the manifest is first fetched: the cluster waits `Pending` for its agent.
    /// False from the start for a cluster whose path the test scripted.
    pub(crate) waiting_for_manifest: bool,
}

/// The imported clusters, by uid.
#[derive(Debug, Default)]
pub(crate) struct Imports {
    pub(crate) all: BTreeMap<String, Imported>,
}

/// The import link Palette shows for cluster `uid`: the whole command that installs the
/// agent, its manifest served by the host `host` (as the caller reached it).
pub(crate) fn import_link(host: &str, uid: &str) -> String {
    format!("kubectl apply -f http://{host}/v1/spectroclusters/{uid}/import/manifest")
}

/// The manifest that installs Palette's agent on an imported cluster: a namespace, a service
/// account bound to `cluster-admin` (or, read-only, to a role that can only read), the
/// cluster's identity, and the agent with the proxy settings given at import.
pub(crate) fn manifest(uid: &str, name: &str, palette: &str, imported: &Imported) -> String {
    let namespace = format!("cluster-{uid}");
    let role = if imported.read_only {
        "palette-read-only"
    } else {
        "cluster-admin"
    };
    let read_only_role = if imported.read_only {
        "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  \
         name: palette-read-only\nrules:\n- apiGroups: [\"*\"]\n  resources: [\"*\"]\n  \
         verbs: [\"get\", \"list\", \"watch\"]\n"
    } else {
        ""
    };
    let proxy = imported.proxy.clone().unwrap_or_default();
    let env: String = [
        ("HTTP_PROXY", proxy.http_proxy),
        ("HTTPS_PROXY", proxy.https_proxy),
        ("NO_PROXY", proxy.no_proxy),
    ]
    .into_iter()
    .filter_map(|(key, value)| Some((key, value.filter(|v| !v.is_empty())?)))
    .map(|(key, value)| format!("        - name: {key}\n          value: \"{value}\"\n"))
    .collect();
    let mode = if imported.read_only {
        "read-only"
    } else {
        "full"
    };
    format!(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {namespace}\n\
         ---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: palette-agent\n  \
         namespace: {namespace}\n\
         {read_only_role}\
         ---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  \
         name: palette-agent-{uid}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  \
         kind: ClusterRole\n  name: {role}\nsubjects:\n- kind: ServiceAccount\n  \
         name: palette-agent\n  namespace: {namespace}\n\
         ---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: palette-cluster-info\n  \
         namespace: {namespace}\ndata:\n  clusterUid: \"{uid}\"\n  clusterName: \"{name}\"\n  \
         paletteEndpoint: \"{palette}\"\n  importMode: \"{mode}\"\n\
         ---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: palette-agent\n  \
         namespace: {namespace}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      \
         app: palette-agent\n  template:\n    metadata:\n      labels:\n        \
         app: palette-agent\n    spec:\n      serviceAccountName: palette-agent\n      \
         containers:\n      - name: agent\n        \
         image: fake-palette.invalid/palette-agent:latest\n        env:\n        \
         - name: CLUSTER_UID\n          value: \"{uid}\"\n{env}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imported(read_only: bool, https_proxy: Option<&str>) -> Imported {
        Imported {
            read_only,
            proxy: https_proxy.map(|p| types::ClusterProxySpec {
                https_proxy: Some(p.into()),
                ..Default::default()
            }),
            waiting_for_manifest: true,
        }
    }

    #[test]
    fn a_full_import_binds_the_agent_to_cluster_admin() {
        let yaml = manifest("c1", "legacy", "http://h", &imported(false, None));
        assert!(yaml.contains("name: cluster-admin"), "{yaml}");
        assert!(!yaml.contains("palette-read-only"), "{yaml}");
        assert!(!yaml.contains("HTTPS_PROXY"), "{yaml}");
        assert_eq!(
            yaml.matches("\n---\n").count(),
            4,
            "five documents:\n{yaml}"
        );
    }

    #[test]
    fn a_read_only_import_with_a_proxy_gets_a_reading_role_and_the_proxy() {
        let yaml = manifest(
            "c1",
            "legacy",
            "http://h",
            &imported(true, Some("http://p:3128")),
        );
        assert!(yaml.contains("name: palette-read-only"), "{yaml}");
        assert!(!yaml.contains("cluster-admin"), "{yaml}");
        assert!(
            yaml.contains("- name: HTTPS_PROXY\n          value: \"http://p:3128\""),
            "{yaml}"
        );
    }
}
