//! RFC 9457 problem details, the body of every error answer of every service.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An error answer (`application/problem+json`, RFC 9457).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:vitrine:problem:validation",
    "title": "Invalid request",
    "status": 422,
    "detail": "One or more fields are invalid.",
    "errors": [{"field": "username", "message": "must be 3 to 32 characters"}]
}))]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code of this answer.
    pub status: u16,
    /// What went wrong in this occurrence, for a human.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The fields that failed validation, one entry per failure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Extension members that a problem kind defines (e.g. `suggested_slug`).
    #[serde(flatten)]
    #[schema(additional_properties)]
    pub extensions: BTreeMap<String, serde_json::Value>,
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The field's name as sent, dotted for nested fields (`variants.0.price`).
    pub field: String,
    /// Why the value is not accepted.
    pub message: String,
}

impl FieldError {
    /// An error on `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}
