//! One macro for the core's tables of named things (error classes, causes,
//! actions): each row is a variant and its stable kebab-case id, and the
//! enum, the list of all values and the mapping both ways are derived from
//! the rows and nowhere restated.

/// Declares `enum $name` from rows `Variant = "id";` with `ALL`, `id()`,
/// `from_id()`, `Display`, and serde as the id string.
///
/// Serde by hand rather than derived: the id table already maps both ways,
/// and the derived code (a variant visitor per deserializer, a match per
/// serializer) was ~6 KB of a wasm module per enum.
macro_rules! id_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal);
        $( $(#[doc = $doc:literal])* $variant:ident = $id:literal; )*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl $name {
            /// Every value, in table order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// Its stable kebab-case id: in reports, attributes and message keys.
            pub const fn id(self) -> &'static str {
                match self { $($name::$variant => $id,)* }
            }

            /// The value whose id is `id`, if any.
            pub fn from_id(id: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|value| value.id() == id)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.id())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                struct Id;
                impl serde::de::Visitor<'_> for Id {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<$name, E> {
                        $name::from_id(id)
                            .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(id), &self))
                    }
                }
                deserializer.deserialize_str(Id)
            }
        }
    };
}
