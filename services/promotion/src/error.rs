//! The promotion service's errors, and the one place that maps them to answers.

use vitrine_common::ApiError;

/// What a promotion handler can fail with, beyond validation and the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such promotion in this site (or the site is not the caller's).
    #[error("promotion not found")]
    NotFound,
    /// Another promotion of the site has this code, without regard to case.
    #[error("code taken")]
    CodeTaken,
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::NotFound => ApiError::not_found("promotion"),
            Error::CodeTaken => ApiError::conflict("code", "another promotion of this site has this code"),
        }
    }
}

impl Error {
    /// The deliberate answer to a violated named constraint, if it is one of ours.
    pub(crate) fn on_constraint(name: &str) -> Option<ApiError> {
        match name {
            "promotions_site_code_key" => Some(Error::CodeTaken.into()),
            // The service checks these first: reaching them is a race or a bug
            // in the checks, but still the client's input, so a 422, not a 500.
            "promotions_code_format" => Some(ApiError::invalid_field("code", "must be 3 to 32 of A-Z a-z 0-9 _ -")),
            "promotions_value_positive" | "promotions_percentage_at_most_100" => {
                Some(ApiError::invalid_field("value", "is out of range for this type"))
            }
            "promotions_currency_iff_fixed_amount" => {
                Some(ApiError::invalid_field("currency", "is required for a fixed amount and null for a percentage"))
            }
            "promotions_window" => Some(ApiError::invalid_field("end_at", "must be after start_at")),
            "promotions_usage_limit_positive" => {
                Some(ApiError::invalid_field("usage_limit", "must be at least 1, or null for unlimited"))
            }
            // Checked against the row as it is when the update runs (checkout
            // may have counted a use meanwhile), so only the table can say it.
            "promotions_times_used_within_limit" => {
                Some(ApiError::invalid_field("usage_limit", "must not be below times_used, the uses already counted"))
            }
            _ => None,
        }
    }
}
