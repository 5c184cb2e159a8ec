//! The checkout service's errors, and the one place that maps them to answers.

use axum::http::StatusCode;
use serde::Serialize;
use uuid::Uuid;
use vitrine_common::ApiError;

/// A line that cannot be served from the stock now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortage {
    pub variant_id: Uuid,
    pub requested: i64,
    pub available: i64,
}

/// What a checkout handler can fail with, beyond validation and the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such cart on this site (or it expired).
    #[error("cart not found")]
    CartNotFound,
    /// No such line in this cart.
    #[error("cart line not found")]
    LineNotFound,
    /// No such order on this site (or it is not the caller's).
    #[error("order not found")]
    OrderNotFound,
    /// The variant is not sold on this site (missing, deleted, or another site's).
    #[error("variant unavailable")]
    VariantUnavailable,
    /// A cart holds one currency.
    #[error("currency mismatch")]
    CurrencyMismatch { cart: String, variant: String },
    /// A cart holds at most [`crate::carts::MAX_LINES`] lines.
    #[error("too many lines")]
    TooManyLines,
    /// A line may hold 1 to 999 units.
    #[error("quantity out of range")]
    QuantityOutOfRange,
    /// Not enough stock now for these lines.
    #[error("out of stock")]
    OutOfStock(Vec<Shortage>),
    /// Checking out an empty cart.
    #[error("cart empty")]
    CartEmpty,
    /// The cart became an order already; `receipt` is its public URL in this API.
    #[error("cart already checked out")]
    AlreadyCheckedOut { receipt: String },
    /// The discount code does not apply now.
    #[error("discount not applicable: {0}")]
    DiscountNotApplicable(String),
    /// The card was declined; the code says why.
    #[error("payment declined: {0}")]
    Declined(&'static str),
    /// The payment provider did not answer usefully; nothing was charged.
    #[error("payment provider failed")]
    ProviderFailed,
    /// `Idempotency-Key` is required on checkout.
    #[error("idempotency key missing")]
    IdempotencyKeyMissing,
    /// The key was used with another request.
    #[error("idempotency key reused")]
    IdempotencyKeyReused,
    /// The first request with this key is still running.
    #[error("idempotency key in flight")]
    IdempotencyKeyInFlight,
    /// The order is not in a state that allows this.
    #[error("wrong order status: {0}")]
    WrongStatus(String),
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::CartNotFound => ApiError::not_found("cart"),
            Error::LineNotFound => ApiError::not_found("cart line"),
            Error::OrderNotFound => ApiError::not_found("order"),
            Error::VariantUnavailable => ApiError::invalid_field("variant_id", "is not a variant sold on this site"),
            Error::CurrencyMismatch { cart, variant } => ApiError::invalid_field(
                "variant_id",
                format!("is priced in {variant} and this cart holds {cart}: a cart holds one currency"),
            ),
            Error::TooManyLines => ApiError::invalid_field("lines", "a cart holds at most 100 lines"),
            Error::QuantityOutOfRange => ApiError::invalid_field("quantity", "must be 1 to 999 per line"),
            Error::OutOfStock(lines) => ApiError::new(StatusCode::CONFLICT, "out-of-stock", "Out of stock")
                .detail("Some lines ask for more than the stock now; see `lines`.")
                .extension("lines", serde_json::to_value(lines).unwrap_or_default()),
            Error::CartEmpty => ApiError::invalid_field("lines", "the cart is empty"),
            Error::AlreadyCheckedOut { receipt } => {
                ApiError::new(StatusCode::CONFLICT, "already-checked-out", "Already checked out")
                    .detail("This cart is already an order; its receipt is at `receipt` (and `Location`).")
                    .extension("receipt", receipt)
            }
            Error::DiscountNotApplicable(why) => ApiError::invalid_field("code", why),
            Error::Declined(code) => {
                ApiError::new(StatusCode::PAYMENT_REQUIRED, "payment-declined", "Payment declined")
                    .detail(match code {
                        "insufficient_funds" => "The card has insufficient funds. Nothing was charged.",
                        "expired_card" => "The card has expired. Nothing was charged.",
                        "incorrect_cvc" => "The card's security code is incorrect. Nothing was charged.",
                        _ => "The card was declined. Nothing was charged.",
                    })
                    .extension("code", code)
            }
            Error::ProviderFailed => ApiError::new(
                StatusCode::BAD_GATEWAY,
                "payment-provider",
                "Payment provider unavailable",
            )
            .detail(
                "The payment could not be completed and nothing was charged; the cart is open again. Retry shortly.",
            ),
            Error::IdempotencyKeyMissing => {
                ApiError::new(StatusCode::BAD_REQUEST, "idempotency-key-missing", "Idempotency-Key required").detail(
                    "Send an `Idempotency-Key` header (1 to 255 characters, e.g. a UUID) so a retry cannot pay twice.",
                )
            }
            Error::IdempotencyKeyReused => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "idempotency-key-reused", "Idempotency-Key reused")
                    .detail("This Idempotency-Key was used with another request body; use a new key for a new request.")
            }
            Error::IdempotencyKeyInFlight => {
                ApiError::new(StatusCode::CONFLICT, "idempotency-key-in-flight", "Request in progress")
                    .detail("The first request with this Idempotency-Key is still running; retry shortly.")
                    .header(axum::http::header::RETRY_AFTER, "1")
            }
            Error::WrongStatus(message) => {
                ApiError::new(StatusCode::CONFLICT, "wrong-status", "Conflict").detail(message)
            }
        }
    }
}

impl Error {
    /// The deliberate answer to a violated named constraint, if it is one of ours.
    pub(crate) fn on_constraint(name: &str) -> Option<ApiError> {
        match name {
            "cart_lines_quantity_range" => Some(Error::QuantityOutOfRange.into()),
            "carts_discount_code_length" => Some(ApiError::invalid_field("code", "must be 1 to 64 characters")),
            "orders_email_length" => Some(ApiError::invalid_field("email", "must be 3 to 254 characters")),
            "orders_note_length" => Some(ApiError::invalid_field("note", "must be at most 2000 characters")),
            "orders_tracking_number_length" => {
                Some(ApiError::invalid_field("tracking_number", "must be 1 to 100 characters"))
            }
            "orders_cancel_reason_length" => Some(ApiError::invalid_field("reason", "must be at most 500 characters")),
            "idempotency_keys_key_length" => {
                Some(ApiError::new(StatusCode::BAD_REQUEST, "idempotency-key-invalid", "Invalid Idempotency-Key"))
            }
            // A cart becomes one order: a racing second checkout lost.
            "orders_cart_key" => Some(Error::WrongStatus("this cart is already an order".to_owned()).into()),
            _ => None,
        }
    }
}
