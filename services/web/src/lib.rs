//! The web service: the merchant dashboard's static files (the SPA built in
//! `web/`), served at `/`.
//!
//! Every path that is not a file falls back to `index.html`, so the SPA's
//! client-side routes (`/sites/…/products/…`) survive a reload, except the
//! paths that belong to the APIs, the storefronts and the probes: those keep
//! their problem+json 404, so a typo in an API call never gets an HTML page.
//!
//! Vite names the files under `assets/` by their content hash, so they are
//! cached for a year; everything else (`index.html` above all) is revalidated
//! on each load, so a deploy shows at once.
//!
//! The all-in-one binary mounts [`router`] too, with its own answer for a
//! dashboard that is not built yet.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use tower::ServiceExt as _;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use vitrine_common::ApiError;

/// Path prefixes the SPA never answers: they belong to the APIs, the
/// storefront pages and the probes, whose unknown paths are problem+json 404s.
pub const RESERVED: &[&str] = &["/api", "/site", "/healthz", "/readyz", "/metrics"];

/// The answer when the dashboard has no `index.html` (not built yet).
pub type Missing = Arc<dyn Fn() -> Response + Send + Sync>;

/// Serves the SPA in `root` at `/` with the client-side route fallback.
/// `missing` answers page loads while `root/index.html` does not exist.
pub fn router(root: PathBuf, missing: Missing) -> Router {
    let spa = Spa { index: root.join("index.html"), root, missing };
    let handler = move |request: Request| {
        let spa = spa.clone();
        async move { spa.answer(request).await }
    };
    // GET and HEAD only: any other method is a 405 naming the allowed ones,
    // answered before the handler runs.
    let pages = || -> MethodRouter {
        get(handler.clone()).fallback(|request: Request| async move {
            if is_reserved(request.uri().path()) {
                return ApiError::status(StatusCode::NOT_FOUND).detail("There is nothing at this path.");
            }
            ApiError::status(StatusCode::METHOD_NOT_ALLOWED).detail("The dashboard's pages accept GET and HEAD only.")
        })
    };
    Router::new()
        .route("/", pages())
        .route("/{*path}", pages())
        .layer(middleware::from_fn(headers))
        .layer(CompressionLayer::new().gzip(true))
}

/// Whether `path` belongs to the APIs, storefronts or probes.
pub fn is_reserved(path: &str) -> bool {
    RESERVED.iter().any(|prefix| path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
}

#[derive(Clone)]
struct Spa {
    root: PathBuf,
    index: PathBuf,
    missing: Missing,
}

impl Spa {
    async fn answer(&self, request: Request) -> Response {
        let path = request.uri().path();
        if is_reserved(path) {
            return ApiError::status(StatusCode::NOT_FOUND).detail("There is nothing at this path.").into_response();
        }
        // A missing hashed asset is a stale page asking for an old build: a 404, not the app.
        let is_asset = path.starts_with("/assets/");
        if !is_asset && !file_exists(&self.index).await {
            return (self.missing)();
        }
        let files = ServeDir::new(&self.root).append_index_html_on_directories(true);
        let result = if is_asset {
            files.oneshot(request).await
        } else {
            files.fallback(ServeFile::new(&self.index)).oneshot(request).await
        };
        match result {
            Ok(response) => response.into_response(),
            Err(never) => match never {},
        }
    }
}

async fn file_exists(path: &Path) -> bool {
    tokio::fs::metadata(path).await.is_ok_and(|meta| meta.is_file())
}

/// Content hashes in `assets/` make those files immutable; the rest is revalidated.
/// The CSP allows product images from anywhere (merchants paste image URLs).
async fn headers(request: Request, next: Next) -> Response {
    let immutable = request.uri().path().starts_with("/assets/");
    let mut response = next.run(request).await;
    let ok = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    let cache = if immutable && ok { "public, max-age=31536000, immutable" } else { "no-cache" };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' https: http: data:; style-src 'self'; script-src 'self'; \
             connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.entry(header::X_CONTENT_TYPE_OPTIONS).or_insert(HeaderValue::from_static("nosniff"));
    headers.entry(header::REFERRER_POLICY).or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    response
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Method;
    use http_body_util::BodyExt as _;

    use super::*;

    fn dist() -> (tempdir::Dir, Router) {
        let dir = tempdir::Dir::new();
        std::fs::create_dir_all(dir.path().join("assets")).unwrap();
        std::fs::write(dir.path().join("index.html"), "<!doctype html><title>Vitrine</title>").unwrap();
        std::fs::write(dir.path().join("assets/app-abc123.js"), "console.log(1)").unwrap();
        let missing: Missing = Arc::new(|| (StatusCode::SERVICE_UNAVAILABLE, "not built").into_response());
        let app = router(dir.path().to_owned(), missing);
        (dir, app)
    }

    async fn get(app: &Router, method: Method, path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
        let request = Request::builder().method(method).uri(path).body(Body::empty()).unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = String::from_utf8(body.collect().await.unwrap().to_bytes().to_vec()).unwrap();
        (parts.status, parts.headers, body)
    }

    #[tokio::test]
    async fn client_side_routes_get_the_index_page() {
        let (_dir, app) = dist();
        for path in ["/", "/login", "/sites/0190/products/42"] {
            let (status, headers, body) = get(&app, Method::GET, path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(body.contains("<title>Vitrine</title>"), "{path}");
            assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
            assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
        }
    }

    #[tokio::test]
    async fn hashed_assets_are_cached_for_a_year_and_missing_ones_are_404() {
        let (_dir, app) = dist();
        let (status, headers, body) = get(&app, Method::GET, "/assets/app-abc123.js").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "console.log(1)");
        assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
        let (status, headers, _) = get(&app, Method::GET, "/assets/app-old.js").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    }

    #[tokio::test]
    async fn api_storefront_and_probe_paths_keep_their_problem_404() {
        let (_dir, app) = dist();
        for (method, path) in [
            (Method::GET, "/api"),
            (Method::GET, "/api/nope"),
            (Method::POST, "/api/nope"),
            (Method::GET, "/site/gone"),
            (Method::DELETE, "/site/gone"),
            (Method::GET, "/healthz/x"),
            (Method::GET, "/metrics"),
        ] {
            let (status, headers, body) = get(&app, method, path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json", "{path}");
            assert!(body.contains("\"status\":404"), "{path}");
        }
        // Only whole segments are reserved.
        assert!(!is_reserved("/sites/1") && !is_reserved("/apis") && !is_reserved("/"));
    }

    #[tokio::test]
    async fn only_get_and_head_are_served_and_an_unbuilt_dashboard_says_so() {
        let (dir, app) = dist();
        let (status, headers, _) = get(&app, Method::HEAD, "/login").await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
        let made_up = Method::from_bytes(b"MADEUP").unwrap();
        for method in [Method::POST, Method::DELETE, Method::OPTIONS, made_up] {
            for path in ["/", "/login", "/assets/app-abc123.js"] {
                let (status, headers, body) = get(&app, method.clone(), path).await;
                assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                assert_eq!(headers[header::ALLOW], "GET,HEAD", "{method} {path}");
                assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json", "{method} {path}");
                assert!(body.contains("\"status\":405"), "{method} {path}");
            }
        }
        std::fs::remove_file(dir.path().join("index.html")).unwrap();
        let (status, _, body) = get(&app, Method::GET, "/login").await;
        assert_eq!((status, body.as_str()), (StatusCode::SERVICE_UNAVAILABLE, "not built"));
    }

    /// A directory removed when dropped (no extra dependency for four tests).
    mod tempdir {
        pub struct Dir(std::path::PathBuf);

        impl Dir {
            pub fn new() -> Self {
                let path = std::env::temp_dir().join(format!("vitrine-web-test-{}", uuid_like()));
                std::fs::create_dir_all(&path).unwrap();
                Self(path)
            }

            pub fn path(&self) -> &std::path::Path {
                &self.0
            }
        }

        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }

        fn uuid_like() -> String {
            use std::sync::atomic::{AtomicU32, Ordering};
            static NEXT: AtomicU32 = AtomicU32::new(0);
            format!("{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
        }
    }
}
