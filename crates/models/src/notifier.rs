//! Wire types of the notifier service: a site's webhook endpoints and the
//! deliveries of order events to them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// An endpoint that receives a site's order events, signed as Standard Webhooks.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Webhook {
    pub id: Uuid,
    pub site_id: Uuid,
    /// Where events are POSTed: `https://` to a public address.
    #[schema(example = "https://example.com/hooks/vitrine")]
    pub url: String,
    /// The event types it receives, or `["*"]` for all of them.
    #[schema(example = json!(["order.paid", "order.canceled"]))]
    pub events: Vec<String>,
    pub description: Option<String>,
    /// A disabled endpoint gets nothing; the notifier disables one that answers 410.
    pub enabled: bool,
    /// The signing secret: `whsec_` + base64 of 24 random bytes. The HMAC-SHA256
    /// key is the base64-decoded part after `whsec_`.
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    pub secret: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A webhook to create (it starts enabled, with a new secret).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    /// `https://` to a public address (at most 2048 characters).
    #[schema(example = "https://example.com/hooks/vitrine")]
    pub url: String,
    /// One or more of `order.created`, `order.paid`, `order.fulfilled`,
    /// `order.canceled`, `order.deleted`; or `["*"]` for all.
    #[schema(example = json!(["*"]))]
    pub events: Vec<String>,
    /// What it is for (at most 500 characters).
    pub description: Option<String>,
}

/// Changes to a webhook: absent fields stay; `description: null` clears it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhook {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    #[serde(default, deserialize_with = "crate::nullable::field")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    pub enabled: Option<bool>,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not delivered yet: due at `next_attempt_at`.
    Pending,
    /// A 2xx answer came back.
    Delivered,
    /// Every attempt of the schedule failed (or the endpoint answered 410).
    Failed,
}

impl DeliveryStatus {
    /// The wire (and database) name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }
}

/// One event sent (or to be sent) to one webhook, with its attempts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Delivery {
    pub id: Uuid,
    /// The event's id: the `webhook-id` header of every attempt.
    pub event_id: Uuid,
    /// `order.created`, `order.paid`, … or `ping`.
    #[schema(example = "order.paid")]
    pub event_type: String,
    pub status: DeliveryStatus,
    /// Attempts made so far.
    pub attempts: i32,
    /// The HTTP status of the last answer, if one came.
    pub last_status_code: Option<i32>,
    /// Why the last attempt failed: a transport error, or the status with a
    /// short excerpt of the answer.
    pub last_error: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub next_attempt_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub delivered_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}
