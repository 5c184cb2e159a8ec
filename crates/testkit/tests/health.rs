//! Readiness says whether the database answers, not whether the pool is idle.

#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt as _;
use vitrine_common::db::{PoolSettings, ServiceDb};
use vitrine_common::health::{Pools, router};
use vitrine_testkit::TestDb;

#[tokio::test]
async fn a_saturated_pool_leaves_readyz_ready() {
    let db = TestDb::new().await;
    let settings = PoolSettings { max_connections: 2, acquire_timeout: Duration::from_millis(300) };
    let pool = vitrine_common::db::pool(db.login_options(ServiceDb::new("site", "vitrine_site")), settings);
    // Every connection held by "requests" (slow searches, say).
    let held = [pool.acquire().await.unwrap(), pool.acquire().await.unwrap()];

    let started = Instant::now();
    let request = Request::builder().uri("/readyz").body(Body::empty()).unwrap();
    let response = router(Pools(vec![("site", pool.clone())])).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "a busy pool made /readyz fail");
    assert!(started.elapsed() < Duration::from_secs(1), "readyz waited {:?}", started.elapsed());

    // A request that needs a connection now gets the "busy" 503, not "unreachable".
    let err = sqlx::query("SELECT 1").execute(&pool).await.unwrap_err();
    let answer = vitrine_common::ApiError::from(err);
    assert_eq!(answer.status_code(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.body().kind, "urn:vitrine:problem:busy");
    drop(held);
}

#[tokio::test]
async fn readyz_fails_when_the_database_is_unreachable() {
    // A port nothing listens on: no connection can be made.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let options = sqlx::postgres::PgConnectOptions::new().host("127.0.0.1").port(closed).username("nobody");
    let pool = vitrine_common::db::pool(options, PoolSettings::default());
    let request = Request::builder().uri("/readyz").body(Body::empty()).unwrap();
    let response = router(Pools(vec![("site", pool)])).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}
