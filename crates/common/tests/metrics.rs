//! Metric cardinality: what clients send must not create series.
//!
//! Its own test binary, so the process-wide recorder holds only what these
//! requests recorded.

#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::routing::{any, get};
use tower::ServiceExt as _;
use vitrine_common::server::stack;
use vitrine_common::telemetry::metrics_handle;

fn series(metrics: &str, name: &str) -> usize {
    metrics.lines().filter(|line| line.starts_with(name)).count()
}

/// Resident memory of this process in KiB (Linux).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|line| line.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test]
async fn thousands_of_made_up_methods_leave_the_series_count_and_memory_flat() {
    metrics_handle();
    // A catch-all route (like the dashboard's, before it was GET-only) and a GET-only one.
    let app = stack(
        Router::new().route("/any", any(|| async { "ok" })).route("/get", get(|| async { "ok" })),
        Duration::from_secs(5),
    );
    let send = |method: Method, path: &'static str| {
        let app = app.clone();
        async move {
            let request = Request::builder().method(method).uri(path).body(Body::empty()).unwrap();
            app.oneshot(request).await.unwrap().status()
        }
    };
    // Warm up: every label value a normal client produces.
    for method in [Method::GET, Method::HEAD, Method::POST, Method::DELETE] {
        send(method.clone(), "/any").await;
        send(method, "/get").await;
    }
    send(Method::from_bytes(b"WARMUP").unwrap(), "/any").await;
    send(Method::from_bytes(b"WARMUP").unwrap(), "/get").await;
    let before = metrics_handle().render();
    let rss_before = rss_kib();

    // 3,000 distinct 1 KiB methods (the attack sent 16 KiB ones).
    for n in 0..3_000 {
        let method = Method::from_bytes(format!("X{n:0>1023}").as_bytes()).unwrap();
        let status = send(method.clone(), "/any").await;
        assert_eq!(status, StatusCode::OK);
        let status = send(method, "/get").await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    }

    let after = metrics_handle().render();
    let grown = rss_kib().saturating_sub(rss_before);
    eprintln!(
        "figures: http_requests_total series {} -> {}, /metrics {} -> {} bytes, RSS +{grown} KiB",
        series(&before, "http_requests_total"),
        series(&after, "http_requests_total"),
        before.len(),
        after.len()
    );
    for name in ["http_requests_total", "http_request_duration_seconds_count"] {
        assert_eq!(series(&after, name), series(&before, name), "{name}: new series appeared");
    }
    assert!(after.len() < before.len() + 1024, "/metrics grew from {} to {} bytes", before.len(), after.len());
    assert!(after.contains("method=\"other\""), "{after}");
    // Without the fix the label values alone hold 3,000 × 1 KiB × 2 metrics.
    assert!(grown < 4 * 1024, "RSS grew by {grown} KiB");
}
