//! Extractors whose rejections are problem+json answers.
//!
//! axum's own `Json`, `Path` and `Query` answer malformed input with plain
//! text; these wrap them so a client always gets the same error shape:
//! 415 for a body that is not JSON, 400 for malformed JSON, 422 with the
//! offending field for JSON of the wrong shape, 413 for an oversized body.
//!
//! They are also the one place that refuses NUL characters (`\u0000` in JSON,
//! `%00` in a path or query string) with a 400: PostgreSQL cannot store them in
//! `text`, and no name, code or slug has a use for them.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::ApiError;

/// A JSON request body (or response). Rejections are problems.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !has_json_content_type(req.headers()) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
            )
            .detail("Send the body as JSON with `Content-Type: application/json`."));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| body_rejection(&rejection))?;
        let value = parse_json(&bytes)?;
        if json_has_nul(&bytes) {
            return Err(nul_refused("The body"));
        }
        Ok(Json(value))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Parses a JSON body, naming the offending field when the shape is wrong.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let inner = err.inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let message = inner.to_string();
                let field = missing_field(&message).map_or_else(|| err.path().to_string(), str::to_owned);
                let field = if field == "." { "body".to_owned() } else { field };
                ApiError::invalid_field(&field, strip_position(&message))
            }
            _ => malformed(inner),
        }
    })?;
    deserializer.end().map_err(|err| malformed(&err))?;
    Ok(value)
}

/// Whether a JSON text (already parsed, so well formed) holds a `\u0000`
/// escape: the only way a NUL gets into JSON, as raw control characters are
/// invalid in its strings. A backslash always starts an escape there, so
/// skipping each escaped character tells `\\u0000` (text) from `\u0000`.
fn json_has_nul(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            if bytes.get(i + 1) == Some(&b'u') && bytes.get(i + 2..i + 6) == Some(b"0000".as_slice()) {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// Whether a raw path or query string holds a percent-encoded NUL.
fn uri_part_has_nul(raw: &str) -> bool {
    raw.as_bytes().windows(3).any(|window| window == b"%00")
}

/// 400: NUL characters are refused wherever they come from.
fn nul_refused(what: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "nul-character", "NUL character")
        .detail(format!("{what} contains a NUL character (U+0000), which is not accepted."))
}

fn malformed(err: &serde_json::Error) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "malformed-json", "Malformed JSON")
        .detail(format!("The body is not valid JSON: {err}."))
}

/// serde reports a missing field on its parent ("."): name the field itself.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

/// serde_json appends " at line 1 column 17": useful for syntax errors, noise for field errors.
fn strip_position(message: &str) -> String {
    message.split(" at line ").next().unwrap_or(message).to_owned()
}

fn has_json_content_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn body_rejection(rejection: &BytesRejection) -> ApiError {
    let status = rejection.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(status, "payload-too-large", "Payload too large").detail("The request body is too large.")
    } else {
        ApiError::status(StatusCode::BAD_REQUEST).detail("The request body could not be read.")
    }
}

/// Path parameters. A malformed id names no resource, so it is a 404.
#[derive(Debug, Clone, Copy)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if uri_part_has_nul(parts.uri.path()) {
            return Err(nul_refused("The path"));
        }
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(PathRejection::FailedToDeserializePathParams(err)) => {
                tracing::debug!(error = %err.body_text(), "malformed path parameter");
                Err(ApiError::not_found("resource at this path"))
            }
            Err(err) => {
                tracing::error!(error = %err.body_text(), "path extraction misconfigured");
                Err(ApiError::internal())
            }
        }
    }
}

/// Query-string parameters; malformed ones are a 400 that names them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if parts.uri.query().is_some_and(uri_part_has_nul) {
            return Err(nul_refused("The query string"));
        }
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(err)) => {
                let text = err.body_text();
                let detail = text.strip_prefix("Failed to deserialize query string: ").unwrap_or(&text);
                Err(ApiError::new(StatusCode::BAD_REQUEST, "invalid-query", "Invalid query parameters")
                    .detail(detail.to_owned()))
            }
            Err(err) => Err(ApiError::status(StatusCode::BAD_REQUEST).detail(err.body_text())),
        }
    }
}

/// A JSON answer serialized into a buffer of `capacity` bytes reserved up
/// front: a large listing (tens of KB) then never regrows and copies its
/// buffer while it is written, as axum's `Json` (starting at 128 bytes) does.
pub fn json_answer<T: Serialize>(value: &T, capacity: usize) -> Response {
    let mut body = Vec::with_capacity(capacity);
    match serde_json::to_writer(&mut body, value) {
        Ok(()) => {
            ([(header::CONTENT_TYPE, axum::http::HeaderValue::from_static("application/json"))], body).into_response()
        }
        Err(err) => {
            tracing::error!(error = %err, "cannot serialize an answer");
            ApiError::internal().into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        count: u32,
    }

    #[test]
    fn wrong_types_name_the_field() {
        let error = parse_json::<Body>(br#"{"name": "x", "count": "three"}"#).unwrap_err();
        assert_eq!(error.status_code(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error.body().errors[0].field, "count");
    }

    #[test]
    fn missing_fields_name_the_field() {
        let error = parse_json::<Body>(br#"{"name": "x"}"#).unwrap_err();
        assert_eq!(error.body().errors[0].field, "count");
    }

    #[test]
    fn syntax_errors_are_bad_requests() {
        let error = parse_json::<Body>(br#"{"name": "#).unwrap_err();
        assert_eq!(error.status_code(), StatusCode::BAD_REQUEST);
        let error = parse_json::<Body>(br#"{"name": "x", "count": 1} trailing"#).unwrap_err();
        assert_eq!(error.status_code(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn deeply_nested_json_is_refused_cheaply() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let error = parse_json::<serde_json::Value>(deep.as_bytes()).unwrap_err();
        assert_eq!(error.status_code(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn nul_escapes_are_found_and_escaped_backslashes_are_not() {
        assert!(json_has_nul(br#"{"name": "a\u0000b"}"#));
        assert!(json_has_nul(br#"{"a\u0000": 1}"#));
        assert!(json_has_nul(br#"["\\\u0000"]"#));
        assert!(!json_has_nul(br#"{"name": "a\\u0000b"}"#));
        assert!(uri_part_has_nul("/api/site/public/a%00b/products"));
        assert!(!uri_part_has_nul("/api/site/public/a%2500b/products"));
    }

    async fn extract(uri: &str, body: &'static str) -> StatusCode {
        use axum::routing::post;
        use tower::ServiceExt as _;

        #[derive(serde::Deserialize)]
        struct Id {
            #[allow(dead_code)]
            slug: String,
        }
        #[derive(serde::Deserialize)]
        struct Q {
            #[allow(dead_code)]
            q: Option<String>,
        }
        async fn handler(Path(_): Path<Id>, Query(_): Query<Q>, Json(_): Json<serde_json::Value>) -> StatusCode {
            StatusCode::NO_CONTENT
        }
        let app = axum::Router::new().route("/things/{slug}", post(handler));
        let request = axum::http::Request::builder()
            .method("POST")
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(axum::body::Body::from(body))
            .unwrap();
        app.oneshot(request).await.unwrap().status()
    }

    #[tokio::test]
    async fn nul_characters_are_refused_with_400_in_paths_queries_and_bodies() {
        assert_eq!(extract("/things/ok?q=fine", r#"{"name": "fine"}"#).await, StatusCode::NO_CONTENT);
        assert_eq!(extract("/things/a%00b?q=fine", r#"{"name": "fine"}"#).await, StatusCode::BAD_REQUEST);
        assert_eq!(extract("/things/ok?q=a%00", r#"{"name": "fine"}"#).await, StatusCode::BAD_REQUEST);
        assert_eq!(extract("/things/ok?q=fine", r#"{"name": "a\u0000"}"#).await, StatusCode::BAD_REQUEST);
        assert_eq!(extract("/things/ok?q=fine", r#"{"name": "a\\u0000"}"#).await, StatusCode::NO_CONTENT);
    }

    #[test]
    fn json_suffix_media_types_are_json() {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, "application/merge-patch+json".parse().unwrap());
        assert!(has_json_content_type(&headers));
        headers.insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
        assert!(!has_json_content_type(&headers));
    }
}
