//! The customer service's errors, and the one place that maps them to answers.

use axum::http::StatusCode;
use vitrine_common::ApiError;

/// What a customer handler can fail with, beyond validation and the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such customer in this site (or the site is not the caller's).
    #[error("customer not found")]
    NotFound,
    /// Another account of the site has this e-mail, without regard to case.
    #[error("e-mail taken")]
    EmailTaken,
    /// Unknown e-mail or wrong password: one answer for both, so accounts cannot be discovered.
    #[error("invalid credentials")]
    InvalidCredentials,
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::NotFound => ApiError::not_found("customer"),
            Error::EmailTaken => ApiError::conflict("email", "an account of this shop already has this e-mail"),
            Error::InvalidCredentials => {
                ApiError::new(StatusCode::UNAUTHORIZED, "invalid-credentials", "Invalid credentials")
                    .detail("Unknown e-mail or wrong password.")
            }
        }
    }
}

impl Error {
    /// The deliberate answer to a violated named constraint, if it is one of ours.
    pub(crate) fn on_constraint(name: &str) -> Option<ApiError> {
        match name {
            "customers_site_email_key" => Some(Error::EmailTaken.into()),
            // The service checks these first: reaching them is a bug in the
            // checks, but still the client's input, so a 422, not a 500.
            "customers_email_length" => Some(ApiError::invalid_field("email", "must be 3 to 254 characters")),
            "customers_name_length" => Some(ApiError::invalid_field("name", "must be 1 to 100 characters")),
            "customers_default_address_object" => {
                Some(ApiError::invalid_field("default_address", "must be an address object"))
            }
            _ => None,
        }
    }
}
