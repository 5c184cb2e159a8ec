//! The notifier service's errors, and the one place that maps them to answers.

use axum::http::StatusCode;
use vitrine_common::ApiError;

/// What a notifier handler can fail with, beyond validation and the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such webhook in this site (or the site is not the caller's).
    #[error("webhook not found")]
    WebhookNotFound,
    /// No such delivery of this webhook.
    #[error("delivery not found")]
    DeliveryNotFound,
    /// The webhook is disabled: nothing is sent to it until it is enabled again.
    #[error("webhook disabled")]
    Disabled,
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::WebhookNotFound => ApiError::not_found("webhook"),
            Error::DeliveryNotFound => ApiError::not_found("delivery"),
            Error::Disabled => ApiError::new(StatusCode::CONFLICT, "webhook-disabled", "Webhook disabled")
                .detail("This webhook is disabled: enable it (PATCH {\"enabled\": true}) to send to it."),
        }
    }
}

impl Error {
    /// The deliberate answer to a violated named constraint, if it is one of ours.
    pub(crate) fn on_constraint(name: &str) -> Option<ApiError> {
        // The service checks these first: reaching them is a race or a bug in
        // the checks, but still the client's input, so a 422, not a 500.
        match name {
            "webhooks_url_length" | "webhooks_url_scheme" => {
                Some(ApiError::invalid_field("url", "must be an http(s) URL of at most 2048 characters"))
            }
            "webhooks_events_count" => Some(ApiError::invalid_field("events", "must list 1 to 16 event types")),
            "webhooks_description_length" => {
                Some(ApiError::invalid_field("description", "must be at most 500 characters"))
            }
            // The webhook was deleted between the look-up and the insert.
            "deliveries_webhook_fkey" => Some(Error::WebhookNotFound.into()),
            _ => None,
        }
    }
}
