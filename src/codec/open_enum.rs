//! The `open_enum!` macro behind every generated enum: known values as variants, anything else kept as `Unknown(String)`.
//!
//! Palette adds values over time (a real workspace carries an RBAC object kind outside the
//! documented list), so decoding never fails on a new value, and encoding writes it back
//! unchanged. Two values are equal when Palette would write them the same way, so
//! `Unknown("Role".into())` equals the `Role` variant.

/// Defines an open enum. The generated `enums` module invokes it once per string enum of the
/// document (a build with no such enum among its categories has none).
#[allow(unused_macros)]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+ }
    ) => {
        $(#[$meta])*
        #[derive(Clone)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept as Palette sent it.
            Unknown(::std::string::String),
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

            /// True when the value is one this version of the SDK knows.
            pub fn is_known(&self) -> bool {
                !matches!(<$name>::from(self.as_str()), $name::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )+
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match $name::from(value.as_str()) {
                    $name::Unknown(_) => $name::Unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::convert::From<&::std::string::String> for $name {
            fn from(value: &::std::string::String) -> Self {
                $name::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok($name::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $( $name::$variant => f.write_str(stringify!($variant)), )+
                    $name::Unknown(other) => f.debug_tuple("Unknown").field(other).finish(),
                }
            }
        }

        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::std::cmp::Eq for $name {}

        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }

        impl ::std::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl ::std::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                ::std::string::String::deserialize(deserializer).map($name::from)
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use open_enum;

#[cfg(test)]
mod tests {
    open_enum! {
        /// A test enum.
        Kind {
            /// `Role`
            Role = "Role",
            /// `ClusterRole`
            ClusterRole = "ClusterRole",
        }
    }

    #[test]
    fn known_values_map_to_named_variants_and_back() {
        for kind in Kind::KNOWN {
            let json = serde_json::to_string(kind).unwrap();
            let back: Kind = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, kind);
            assert!(back.is_known());
        }
    }

    #[test]
    fn a_new_value_decodes_as_unknown_and_encodes_unchanged() {
        let kind: Kind = serde_json::from_str("\"Group\"").unwrap();
        assert_eq!(kind, Kind::Unknown("Group".into()));
        assert!(!kind.is_known());
        assert_eq!(serde_json::to_string(&kind).unwrap(), "\"Group\"");
        assert_eq!(kind.to_string(), "Group");
    }

    #[test]
    fn values_compare_by_what_palette_writes() {
        assert_eq!(Kind::Unknown("Role".into()), Kind::Role);
        assert_ne!(Kind::Unknown("role".into()), Kind::Role);
        let mut set = std::collections::HashSet::new();
        set.insert(Kind::Role);
        assert!(set.contains(&Kind::Unknown("Role".into())));
    }

    #[test]
    fn parsing_is_exact_about_case() {
        assert_eq!("Role".parse::<Kind>().unwrap(), Kind::Role);
        assert_eq!(
            "role".parse::<Kind>().unwrap(),
            Kind::Unknown("role".into())
        );
    }
}
