//! The media service's errors, and the one place that maps them to answers.

use vitrine_common::ApiError;

/// What a media handler can fail with, beyond validation and the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such product in this site (or the site is not the caller's).
    #[error("product not found")]
    ProductNotFound,
    /// No such image of this product.
    #[error("media not found")]
    NotFound,
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::ProductNotFound => ApiError::not_found("product"),
            Error::NotFound => ApiError::not_found("media"),
        }
    }
}

impl Error {
    /// The deliberate answer to a violated named constraint, if it is one of ours.
    /// The service checks each first; reaching one is still the client's input, so a 422.
    pub(crate) fn on_constraint(name: &str) -> Option<ApiError> {
        match name {
            "media_url_format" => {
                Some(ApiError::invalid_field("url", "must be an absolute http(s) URL of at most 2048 characters"))
            }
            "media_alt_length" => Some(ApiError::invalid_field("alt", "must be at most 500 characters")),
            "media_sort_order_nonnegative" => Some(ApiError::invalid_field("sort_order", "must be 0 or more")),
            _ => None,
        }
    }
}
