//! The builder's errors, and the one place that maps them to answers.

use axum::http::StatusCode;
use vitrine_common::ApiError;

/// What a builder handler can fail with, beyond validation and the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Unknown username or wrong password: one answer for both, so accounts cannot be discovered.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// A valid token whose account no longer exists: the token is no longer valid.
    #[error("account gone")]
    AccountGone,
    /// The username is taken (without regard to case).
    #[error("username taken")]
    UsernameTaken,
    /// The slug is another site's; `suggestion` is free.
    #[error("slug {slug} taken")]
    SlugTaken { slug: String, suggestion: String },
    /// The token endpoint was sent something other than a form.
    #[error("token request is not a form")]
    TokenRequestNotAForm,
    /// The token endpoint's form is malformed.
    #[error("invalid token request")]
    InvalidTokenRequest,
    /// A `grant_type` other than `password`.
    #[error("unsupported grant type")]
    UnsupportedGrantType,
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::InvalidCredentials => {
                ApiError::new(StatusCode::UNAUTHORIZED, "invalid-credentials", "Invalid credentials")
                    .detail("Unknown username or wrong password.")
            }
            Error::AccountGone => ApiError::unauthorized(),
            Error::UsernameTaken => ApiError::conflict("username", "is already taken"),
            Error::SlugTaken { slug, suggestion } => {
                ApiError::conflict("name", format!("the address /site/{slug} is taken; /site/{suggestion} is free"))
                    .extension("suggested_slug", suggestion)
            }
            Error::TokenRequestNotAForm => {
                ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type")
                    .detail("Send the form as `application/x-www-form-urlencoded`.")
            }
            Error::InvalidTokenRequest => {
                ApiError::new(StatusCode::BAD_REQUEST, "invalid-request", "Invalid token request")
                    .detail("Send grant_type=password, username and password.")
            }
            Error::UnsupportedGrantType => {
                ApiError::new(StatusCode::BAD_REQUEST, "unsupported-grant-type", "Unsupported grant type")
                    .detail("Only grant_type=password is supported.")
            }
        }
    }
}

impl Error {
    /// The deliberate answer to a violated named constraint, if it is one of ours.
    /// (`sites_slug_key` is not here: its answer needs a free slug, looked up by the handler.)
    pub(crate) fn on_constraint(name: &str) -> Option<ApiError> {
        match name {
            "users_username_key" => Some(Error::UsernameTaken.into()),
            // The user was deleted while holding a valid token.
            "sites_owner_id_fkey" => Some(Error::AccountGone.into()),
            _ => None,
        }
    }
}
