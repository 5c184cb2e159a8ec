//! The error answer every service sends: RFC 9457 `application/problem+json`.
//!
//! Each service keeps its own error enum and converts it into [`ApiError`] in
//! one place; extractor rejections, the fallback route and panics all end up
//! here too, so every error of every service has the same shape.

use std::collections::BTreeMap;

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use vitrine_models::{FieldError, Problem};

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answer, ready to send. Boxed: errors travel in every `Result`
/// of every handler, and the happy path should not pay for their size.
#[derive(Debug, Clone)]
pub struct ApiError(Box<Answer>);

#[derive(Debug, Clone)]
struct Answer {
    status: StatusCode,
    body: Problem,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl ApiError {
    /// A problem of kind `urn:vitrine:problem:<kind>`.
    pub fn new(status: StatusCode, kind: &str, title: impl Into<String>) -> Self {
        Self(Box::new(Answer {
            status,
            body: Problem {
                kind: format!("urn:vitrine:problem:{kind}"),
                title: title.into(),
                status: status.as_u16(),
                detail: None,
                errors: Vec::new(),
                extensions: BTreeMap::new(),
            },
            headers: Vec::new(),
        }))
    }

    /// A problem that its status code says all about (`type: about:blank`).
    pub fn status(status: StatusCode) -> Self {
        let mut error = Self::new(status, "", status.canonical_reason().unwrap_or("Error"));
        error.0.body.kind = "about:blank".to_owned();
        error
    }

    /// Adds the human explanation of this occurrence.
    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.0.body.detail = Some(detail.into());
        self
    }

    /// Adds an extension member (RFC 9457 §3.2).
    #[must_use]
    pub fn extension(mut self, name: &str, value: impl Into<serde_json::Value>) -> Self {
        self.0.body.extensions.insert(name.to_owned(), value.into());
        self
    }

    /// Adds a response header (`WWW-Authenticate`, `Retry-After`…).
    #[must_use]
    pub fn header(mut self, name: HeaderName, value: &'static str) -> Self {
        self.0.headers.push((name, HeaderValue::from_static(value)));
        self
    }

    /// 422 with one entry per invalid field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let mut error = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation", "Invalid request")
            .detail("One or more fields are invalid; see `errors`.");
        error.0.body.errors = errors;
        error
    }

    /// 422 for a single invalid field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, message)])
    }

    /// 404: the resource does not exist, or exists but is not the caller's
    /// (the two are answered alike so no one learns what others own).
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found").detail(format!("No such {what}."))
    }

    /// 409: the request conflicts with what exists (a taken name…).
    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        let mut error = Self::new(StatusCode::CONFLICT, "conflict", "Conflict");
        let message = message.into();
        error.0.body.detail = Some(message.clone());
        error.0.body.errors = vec![FieldError::new(field, message)];
        error
    }

    /// 401 with the bearer challenge. The reason is for the debug log only.
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "Unauthorized")
            .detail("A valid bearer token is required.")
            .header(header::WWW_AUTHENTICATE, r#"Bearer realm="vitrine""#)
    }

    /// 503 the client may retry: the database is out of reach, or the service is saturated.
    pub fn unavailable(detail: &str) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "Service unavailable")
            .detail(detail)
            .header(header::RETRY_AFTER, "1")
    }

    /// 503 "busy": no database connection could be had in time: every one is
    /// in use, or (the pool cannot tell these apart) new ones cannot be opened
    /// just now. `Retry-After` is 1 to 3 seconds, at random, so the clients
    /// told to wait do not all come back in the same second. `/readyz` is what
    /// tells an unreachable database from a busy pool.
    pub fn busy() -> Self {
        let mut error = Self::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "Service busy")
            .detail("The service is busy or cannot reach its database just now; retry in a moment.");
        let seconds = rand::Rng::gen_range(&mut rand::thread_rng(), 1..=3u16);
        error.0.headers.push((header::RETRY_AFTER, HeaderValue::from(seconds)));
        error
    }

    /// 500 with nothing internal in the body. Call sites log the cause first.
    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal server error")
            .detail("Something went wrong on our side; it has been logged.")
    }

    /// A database error that no handler turned into a deliberate answer:
    /// the database being out of reach is a 503 the client can retry; anything
    /// else is a bug, logged here once with its cause and answered as a 500.
    pub fn from_db(err: &sqlx::Error) -> Self {
        if is_unrepresentable_text(err) {
            // The extractors refuse NULs; text from elsewhere (a cursor, a form) may still hold one.
            tracing::debug!(error = %err, "text the database cannot store");
            return Self::new(StatusCode::BAD_REQUEST, "unrepresentable-text", "Unrepresentable text")
                .detail("The request contains characters that cannot be stored (such as U+0000).");
        }
        let timed_out = err.as_database_error().and_then(|db| db.code()).is_some_and(|code| code == "57014");
        if timed_out {
            // statement_timeout (a bounded public read): the service is overloaded, not broken.
            tracing::warn!(error = %err, "statement cancelled by its timeout");
            return Self::busy();
        }
        if matches!(err, sqlx::Error::PoolTimedOut) {
            tracing::warn!("database pool saturated: every connection stayed in use for the whole acquire timeout");
            return Self::busy();
        }
        if is_unavailable(err) {
            tracing::warn!(error = %err, "database unavailable");
            Self::unavailable("The database is unreachable; retry shortly.")
        } else {
            tracing::error!(error = %err, error.debug = ?err, "unexpected database error");
            Self::internal()
        }
    }

    /// The HTTP status of this answer.
    pub fn status_code(&self) -> StatusCode {
        self.0.status
    }

    /// The body of this answer.
    pub fn body(&self) -> &Problem {
        &self.0.body
    }
}

/// Whether `err` means "the database is out of reach" rather than "this query is wrong".
pub fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => {
            // Class 08 (connection exception), 57P01..57P03 (admin shutdown,
            // crash shutdown, cannot connect now), 53300 (too many connections).
            db.code().is_some_and(|code| {
                code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03" | "53300")
            })
        }
        _ => false,
    }
}

/// Whether `err` is text PostgreSQL cannot hold: SQLSTATE 22021
/// (character_not_in_repertoire: a NUL in `text`) or 22P05
/// (untranslatable_character: `\u0000` in `jsonb`). The client's input, never a bug.
pub fn is_unrepresentable_text(err: &sqlx::Error) -> bool {
    err.as_database_error().and_then(|db| db.code()).is_some_and(|code| matches!(code.as_ref(), "22021" | "22P05"))
}

/// The name of the constraint a database error violated, if any: handlers
/// match on it to turn named constraints into deliberate 409/422 answers.
pub fn violated_constraint(err: &sqlx::Error) -> Option<&str> {
    err.as_database_error()?.constraint()
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        Self::from_db(&err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let Answer { status, body, headers: extra } = *self.0;
        let body = serde_json::to_vec(&body).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        for (name, value) in extra {
            headers.append(name, value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_problems_list_their_fields() {
        let error = ApiError::invalid_field("name", "must not be empty");
        assert_eq!(error.status_code(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error.body().errors, vec![FieldError::new("name", "must not be empty")]);
        assert_eq!(error.body().kind, "urn:vitrine:problem:validation");
    }

    #[test]
    fn plain_statuses_are_about_blank() {
        let error = ApiError::status(StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(error.body().kind, "about:blank");
        assert_eq!(error.body().title, "Method Not Allowed");
    }

    #[test]
    fn a_saturated_pool_is_busy_with_a_jittered_retry_after() {
        let mut waits = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let error = ApiError::from(sqlx::Error::PoolTimedOut);
            assert_eq!(error.status_code(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(error.body().kind, "urn:vitrine:problem:busy");
            assert!(error.body().detail.as_deref().is_some_and(|detail| detail.contains("busy")));
            let response = error.into_response();
            let wait: u16 = response.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
            assert!((1..=3).contains(&wait), "{wait}");
            waits.insert(wait);
        }
        assert!(waits.len() > 1, "Retry-After never varies: {waits:?}");
        // The database being down is still "unreachable".
        let down = ApiError::from(sqlx::Error::PoolClosed);
        assert_eq!(down.body().kind, "urn:vitrine:problem:unavailable");
    }

    #[test]
    fn pool_timeouts_are_retryable_not_internal() {
        assert!(is_unavailable(&sqlx::Error::PoolTimedOut));
        assert!(!is_unavailable(&sqlx::Error::RowNotFound));
    }
}
