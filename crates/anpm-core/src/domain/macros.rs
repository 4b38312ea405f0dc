//! Declarative helpers for the two shapes that repeat across the domain: closed string enumerations whose
//! spelling is stored in SQLite and printed by the CLI, and UUID-backed ids with one newtype per entity.

/// Declares a closed enumeration with a stable string form per variant.
///
/// The string form is what SQLite stores, what `--json` prints and what the CLI accepts; parsing an unknown
/// value yields an [`Error::Invalid`](crate::Error::Invalid) that lists the accepted values.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident as $field:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash,
            serde::Serialize, serde::Deserialize, ts_rs::TS,
        )]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every string form, in declaration order: the CLI's help and the UI's pickers list these.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The accepted values as one line for help texts: `a | b | c`.
            pub const CHOICES: &'static str = $crate::domain::macros::choices!($($text),+);

            /// The stable string form.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text, )+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::Error;

            fn from_str(raw: &str) -> crate::Result<Self> {
                match raw.trim() {
                    $( $text => Ok($name::$variant), )+
                    other => Err(crate::Error::invalid(
                        $field,
                        format!(
                            "unknown value `{}`; expected one of: {}",
                            other,
                            [$($text),+].join(", ")
                        ),
                    )),
                }
            }
        }
    };
}

/// Joins string literals with ` | ` at compile time.
macro_rules! choices {
    ($first:literal $(, $rest:literal)*) => {
        concat!($first $(, " | ", $rest)*)
    };
}

/// Declares a UUID-backed id newtype for one entity.
macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident, $entity:literal) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, ts_rs::TS,
        )]
        #[serde(transparent)]
        #[ts(type = "string")]
        pub struct $name(uuid::Uuid);

        impl $name {
            /// The entity name used in messages ("project", "task"…).
            pub const ENTITY: &'static str = $entity;

            /// A fresh random (v4) id.
            pub fn new() -> Self {
                Self(uuid::Uuid::new_v4())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::Error;

            fn from_str(raw: &str) -> crate::Result<Self> {
                uuid::Uuid::parse_str(raw.trim()).map(Self).map_err(|_| {
                    crate::Error::invalid(
                        concat!($entity, " id"),
                        format!("`{}` is not a valid id (expected a UUID)", raw.trim()),
                    )
                })
            }
        }
    };
}

pub(crate) use choices;
pub(crate) use id_type;
pub(crate) use string_enum;
