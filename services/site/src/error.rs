//! The site service's errors, and the one place that maps them to answers.

use axum::response::{IntoResponse, Response};
use vitrine_common::ApiError;

/// Everything a site handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such resource in this site (or the site is not the caller's).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// An answer built elsewhere (validation, conflicts, extractors).
    #[error("{}", .0.body().title)]
    Api(ApiError),
    /// A database error no handler turned into a deliberate answer.
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Self::Api(error)
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::NotFound(what) => ApiError::not_found(what),
            Error::Api(error) => error,
            Error::Database(err) => ApiError::from_db(&err),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        ApiError::from(self).into_response()
    }
}
