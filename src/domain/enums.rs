//! Closed sets of values stored as text: each has a stored form, a label and a parser that
//! refuses anything else.

/// A stored value that is not one of the known variants.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value: {0}")]
pub struct UnknownValue(pub String);

macro_rules! text_enum {
    ($ty:ident { $($variant:ident => $text:literal, $label:literal),+ $(,)? }) => {
        impl $ty {
            /// Every variant, in order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stored form.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),+ }
            }

            /// The label people read.
            pub fn label(self) -> &'static str {
                match self { $($ty::$variant => $label),+ }
            }

            /// Reads the stored form.
            pub fn parse(text: &str) -> Result<Self, $crate::domain::enums::UnknownValue> {
                match text {
                    $($text => Ok($ty::$variant),)+
                    other => Err($crate::domain::enums::UnknownValue(other.to_owned())),
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

pub(crate) use text_enum;
