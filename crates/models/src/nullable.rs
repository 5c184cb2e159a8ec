//! PATCH bodies tell an absent field ("leave it") from `null` ("clear it"):
//! such fields are `Option<Option<T>>` with `#[serde(default, deserialize_with = …)]`,
//! absent → `None`, `null` → `Some(None)`, a value → `Some(Some(value))`.

use serde::{Deserialize, Deserializer};
use time::OffsetDateTime;

/// A nullable field of a PATCH body.
pub fn field<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A nullable RFC 3339 timestamp of a PATCH body.
pub fn rfc3339<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<OffsetDateTime>>, D::Error> {
    time::serde::rfc3339::option::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Patch {
        #[serde(default, deserialize_with = "field")]
        alt: Option<Option<String>>,
        #[serde(default, deserialize_with = "rfc3339")]
        end_at: Option<Option<OffsetDateTime>>,
    }

    #[test]
    fn absent_null_and_values_are_three_different_things() {
        let absent: Patch = serde_json::from_str("{}").unwrap();
        assert_eq!((absent.alt, absent.end_at), (None, None));
        let null: Patch = serde_json::from_str(r#"{"alt": null, "end_at": null}"#).unwrap();
        assert_eq!((null.alt, null.end_at), (Some(None), Some(None)));
        let set: Patch = serde_json::from_str(r#"{"alt": "x", "end_at": "2030-01-01T00:00:00Z"}"#).unwrap();
        assert_eq!(set.alt, Some(Some("x".to_owned())));
        assert!(set.end_at.is_some_and(|at| at.is_some()));
    }
}
