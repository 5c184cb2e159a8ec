//! Wire types of the promotion service: a site's discount codes.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// How a promotion's `value` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PromotionType {
    /// `value` percent off, in (0, 100].
    Percentage,
    /// `value` off, an amount > 0 in `currency`.
    FixedAmount,
}

impl PromotionType {
    /// The wire (and database) name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Percentage => "percentage",
            Self::FixedAmount => "fixed_amount",
        }
    }
}

/// A discount code of a site.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Promotion {
    pub id: Uuid,
    /// As the merchant spelled it; unique per site without regard to case.
    #[schema(example = "SUMMER10")]
    pub code: String,
    #[serde(rename = "type")]
    pub kind: PromotionType,
    /// An exact decimal string, never a float: a percentage, or an amount with
    /// exactly the decimals of `currency`.
    #[schema(example = "10.00")]
    pub value: String,
    /// The ISO 4217 currency of a fixed amount; `null` for a percentage.
    #[schema(example = "EUR")]
    pub currency: Option<String>,
    /// When it starts to apply (`null`: already).
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub start_at: Option<OffsetDateTime>,
    /// When it stops applying (`null`: never).
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub end_at: Option<OffsetDateTime>,
    /// An inactive code is unknown to shoppers.
    pub active: bool,
    /// How many orders may use the code (`null`: unlimited).
    #[schema(example = 100, minimum = 1)]
    pub usage_limit: Option<i32>,
    /// How many orders use it now (read-only: checkout counts a use when an
    /// order is placed and gives it back when the order is canceled or its
    /// payment declined).
    #[schema(example = 0, minimum = 0)]
    pub times_used: i32,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// A promotion to create.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreatePromotion {
    /// 3 to 32 of `A-Z a-z 0-9 _ -`.
    #[schema(example = "SUMMER10", min_length = 3, max_length = 32, pattern = "^[A-Za-z0-9_-]+$")]
    pub code: String,
    #[serde(rename = "type")]
    pub kind: PromotionType,
    /// A decimal string: a percentage in (0, 100] with at most 4 decimals, or
    /// an amount > 0 with at most the decimals of `currency`.
    #[schema(example = "10")]
    pub value: String,
    /// Required for a fixed amount (an active ISO 4217 code in upper case); absent or `null` for a percentage.
    #[serde(default)]
    #[schema(example = "EUR", pattern = "^[A-Z]{3}$")]
    pub currency: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub start_at: Option<OffsetDateTime>,
    /// After `start_at`.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub end_at: Option<OffsetDateTime>,
    /// Default `true`.
    #[serde(default)]
    pub active: Option<bool>,
    /// How many orders may use the code: an integer ≥ 1, or absent or `null` for unlimited.
    #[serde(default)]
    #[schema(example = 100, minimum = 1, maximum = 2147483647)]
    pub usage_limit: Option<i32>,
}

/// Changes to a promotion: absent fields stay as they are; `null` clears `start_at` or `end_at`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UpdatePromotion {
    #[schema(min_length = 3, max_length = 32, pattern = "^[A-Za-z0-9_-]+$")]
    pub code: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<PromotionType>,
    pub value: Option<String>,
    /// Absent: kept, or dropped when `type` becomes `percentage`.
    #[serde(default, deserialize_with = "crate::nullable::field")]
    #[schema(value_type = Option<String>, pattern = "^[A-Z]{3}$")]
    pub currency: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::nullable::rfc3339")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub start_at: Option<Option<OffsetDateTime>>,
    #[serde(default, deserialize_with = "crate::nullable::rfc3339")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub end_at: Option<Option<OffsetDateTime>>,
    pub active: Option<bool>,
    /// An integer ≥ 1, or `null` for unlimited; not below the code's `times_used` (422).
    #[serde(default, deserialize_with = "crate::nullable::field")]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 2147483647)]
    pub usage_limit: Option<Option<i32>>,
}

/// Why an active code does not apply now (the public look-up answers only `ended`: a code not started yet is a 404 there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotApplying {
    /// Before `start_at`.
    NotStarted,
    /// At or after `end_at`.
    Ended,
    /// Its `usage_limit` is reached.
    UsedUp,
}

/// What a shopper may know of an active code: whether it applies now, and if not, why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PromotionCheck {
    /// As the merchant spelled it.
    pub code: String,
    #[serde(rename = "type")]
    pub kind: PromotionType,
    #[schema(example = "10.00")]
    pub value: String,
    /// The currency of a fixed amount; `null` for a percentage.
    pub currency: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub start_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub end_at: Option<OffsetDateTime>,
    /// Whether the code applies at the time of the request.
    pub applies_now: bool,
    /// `null` when it applies.
    pub reason: Option<NotApplying>,
}
