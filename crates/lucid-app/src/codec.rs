//! How messages cross the page ⇄ worker boundary.
//!
//! gloo-worker encodes messages with bincode, which is compact for the bundle's bytes but cannot
//! decode internally tagged enums such as the core's [`lucid_core::replay::Step`]. Values of those
//! types travel wrapped in [`Json`]: as JSON text inside the bincode message.

use serde::{de::DeserializeOwned, Deserialize, Deserializer, Serialize, Serializer};

/// A value that crosses the worker boundary as JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T: Serialize> Serialize for Json<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(&self.0).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Json<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        serde_json::from_str(&text).map(Json).map_err(serde::de::Error::custom)
    }
}
