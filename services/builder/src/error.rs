//! The builder's errors, and the one place that maps them to answers.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vitrine_common::ApiError;

/// Everything a builder handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Unknown username or wrong password: one answer for both, so accounts cannot be discovered.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The username is taken (without regard to case).
    #[error("username taken")]
    UsernameTaken,
    /// The slug is another site's; `suggestion` is free.
    #[error("slug {slug} taken")]
    SlugTaken { slug: String, suggestion: String },
    /// No such site, or not the caller's.
    #[error("site not found")]
    SiteNotFound,
    /// An answer built elsewhere (validation, extractors).
    #[error("{}", .0.body().title)]
    Api(ApiError),
    /// A database error no handler turned into a deliberate answer.
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// A bug or an environment failure.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Self::Api(error)
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::InvalidCredentials => {
                ApiError::new(StatusCode::UNAUTHORIZED, "invalid-credentials", "Invalid credentials")
                    .detail("Unknown username or wrong password.")
            }
            Error::UsernameTaken => ApiError::conflict("username", "is already taken"),
            Error::SlugTaken { slug, suggestion } => {
                ApiError::conflict("name", format!("the address /site/{slug} is taken; /site/{suggestion} is free"))
                    .extension("suggested_slug", suggestion)
            }
            Error::SiteNotFound => ApiError::not_found("site"),
            Error::Api(error) => error,
            Error::Database(err) => ApiError::from_db(&err),
            Error::Internal(err) => {
                tracing::error!(error = format!("{err:#}"), "internal error");
                ApiError::internal()
            }
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        ApiError::from(self).into_response()
    }
}
