//! Drives a router in-process, as a client would over HTTP.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::Value;
use tower::ServiceExt as _;

/// A client for one app.
#[derive(Debug, Clone)]
pub struct TestClient {
    app: Router,
}

/// An answer, fully read.
#[derive(Debug)]
pub struct TestResponse {
    /// Status code.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Raw body.
    pub body: Vec<u8>,
}

impl TestResponse {
    /// The body as JSON (`Null` if empty or not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status and that an error body is problem+json with that status.
    #[track_caller]
    pub fn assert_problem(&self, status: StatusCode) -> Value {
        assert_eq!(self.status, status, "body: {}", self.text());
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "body: {}", self.text());
        let body = self.json();
        assert_eq!(body["status"], status.as_u16(), "body: {body}");
        assert!(body["title"].is_string() && body["type"].is_string(), "body: {body}");
        body
    }
}

impl TestClient {
    /// A client for `app`.
    pub fn new(app: Router) -> Self {
        Self { app }
    }

    /// Sends a request built by the caller.
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.app.clone().oneshot(request).await.expect("the router is infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.expect("reading the body").to_bytes().to_vec();
        TestResponse { status, headers, body }
    }

    /// Sends `method uri` with an optional bearer token and JSON body.
    pub async fn call(&self, method: Method, uri: &str, token: Option<&str>, body: Option<Value>) -> TestResponse {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
            None => builder.body(Body::empty()),
        };
        self.send(request.expect("a valid request")).await
    }

    /// GET.
    pub async fn get(&self, uri: &str, token: Option<&str>) -> TestResponse {
        self.call(Method::GET, uri, token, None).await
    }

    /// POST with a JSON body.
    pub async fn post(&self, uri: &str, token: Option<&str>, body: Value) -> TestResponse {
        self.call(Method::POST, uri, token, Some(body)).await
    }

    /// PATCH with a JSON body.
    pub async fn patch(&self, uri: &str, token: Option<&str>, body: Value) -> TestResponse {
        self.call(Method::PATCH, uri, token, Some(body)).await
    }

    /// DELETE.
    pub async fn delete(&self, uri: &str, token: Option<&str>) -> TestResponse {
        self.call(Method::DELETE, uri, token, None).await
    }
}
