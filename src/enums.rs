//! Open enums for the server-sent strings the document lists values for.
//!
//! Palette adds values over time (a real workspace carries an RBAC object kind outside the
//! documented list), so each enum keeps the values it knows as variants and anything else as
//! `Unknown(String)`. Decoding never fails on a new value, and encoding writes it back unchanged.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept as Palette sent it.
            Unknown(String),
        }

        impl $name {
            /// Every value this version of the SDK knows.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The value as Palette writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )+
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match $name::from(value.as_str()) {
                    $name::Unknown(_) => $name::Unknown(value),
                    known => known,
                }
            }
        }

        impl FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok($name::from(value))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map($name::from)
            }
        }
    };
}

open_enum! {
    /// How an organisation's members log in.
    AuthType {
        /// Email and password.
        Password = "password",
        /// Single sign-on through an identity provider.
        Sso = "sso",
    }
}

open_enum! {
    /// Whether a binding grants a namespaced `Role` or a `ClusterRole`.
    ClusterRoleKind {
        /// A namespaced Kubernetes Role.
        Role = "Role",
        /// A cluster-wide Kubernetes ClusterRole.
        ClusterRole = "ClusterRole",
    }
}

open_enum! {
    /// The GPU vendor a limit applies to.
    GpuProvider {
        /// NVIDIA GPUs.
        Nvidia = "nvidia",
    }
}

open_enum! {
    /// Whether a backup or restore takes cluster-scoped resources along.
    IncludeClusterResourceMode {
        /// Always include them.
        Always = "Always",
        /// Let Velero decide from the selected namespaces.
        Auto = "Auto",
        /// Never include them.
        Never = "Never",
    }
}

open_enum! {
    /// Whether a binding is namespaced or cluster-wide.
    RbacBindingType {
        /// A namespaced RoleBinding.
        RoleBinding = "RoleBinding",
        /// A cluster-wide ClusterRoleBinding.
        ClusterRoleBinding = "ClusterRoleBinding",
    }
}

open_enum! {
    /// The kind of Kubernetes subject a role is bound to.
    RbacSubjectType {
        /// A user.
        User = "User",
        /// A group of users.
        Group = "Group",
        /// A service account.
        ServiceAccount = "ServiceAccount",
    }
}

open_enum! {
    /// The kind of Palette object a cluster RBAC entry belongs to.
    RelatedObjectKind {
        /// A cluster.
        Spectrocluster = "spectrocluster",
        /// A machine of a cluster.
        Machine = "machine",
        /// A cluster's cloud configuration.
        Cloudconfig = "cloudconfig",
        /// A cluster profile.
        Clusterprofile = "clusterprofile",
        /// A pack.
        Pack = "pack",
        /// An app profile.
        Appprofile = "appprofile",
        /// An app deployment.
        Appdeployment = "appdeployment",
        /// An edge host.
        Edgehost = "edgehost",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_map_to_named_variants_and_back() {
        for kind in RelatedObjectKind::KNOWN {
            let json = serde_json::to_string(kind).unwrap();
            let back: RelatedObjectKind = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, kind);
            assert!(!matches!(back, RelatedObjectKind::Unknown(_)));
        }
    }

    #[test]
    fn a_new_value_decodes_as_unknown_and_encodes_unchanged() {
        let kind: RelatedObjectKind = serde_json::from_str("\"virtualcluster\"").unwrap();
        assert_eq!(kind, RelatedObjectKind::Unknown("virtualcluster".into()));
        assert_eq!(serde_json::to_string(&kind).unwrap(), "\"virtualcluster\"");
        assert_eq!(kind.to_string(), "virtualcluster");
    }

    #[test]
    fn parsing_is_exact_about_case() {
        assert_eq!(
            "Role".parse::<ClusterRoleKind>().unwrap(),
            ClusterRoleKind::Role
        );
        assert_eq!(
            "role".parse::<ClusterRoleKind>().unwrap(),
            ClusterRoleKind::Unknown("role".into())
        );
    }
}
