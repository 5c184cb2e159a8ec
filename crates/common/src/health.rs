//! Probes and metrics, unprefixed and not routed by the ingress:
//! `/healthz` (the process is alive), `/readyz` (every database pool it needs
//! answers), `/metrics` (Prometheus text, with each pool's state).

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use sqlx::PgPool;

use crate::ApiError;

/// The pools a process reports on, by service name.
#[derive(Clone, Debug)]
pub struct Pools(pub Vec<(&'static str, PgPool)>);

/// `/healthz`, `/readyz` and `/metrics` for the given pools.
pub fn router(pools: Pools) -> Router {
    // Install the recorder now: requests served before the first scrape count too.
    crate::telemetry::metrics_handle();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(pools)
}

async fn healthz() -> &'static str {
    "ok"
}

/// Ready while each pool's database answers. A pool whose every connection
/// is in use is busy, not down (its database is answering those requests):
/// still ready, so a burst of slow requests does not get every replica taken
/// out of the load balancer at once.
async fn readyz(State(pools): State<Pools>) -> Result<&'static str, ApiError> {
    for (service, pool) in &pools.0 {
        if saturated(pool) {
            continue;
        }
        let ping = tokio::time::timeout(Duration::from_secs(2), sqlx::query("SELECT 1").execute(pool)).await;
        if !matches!(ping, Ok(Ok(_))) && !saturated(pool) {
            tracing::warn!(service, "not ready: database unreachable");
            return Err(ApiError::unavailable("The database is unreachable."));
        }
    }
    Ok("ready")
}

/// Every connection the pool may open is open and in use.
fn saturated(pool: &PgPool) -> bool {
    pool.num_idle() == 0 && pool.size() >= pool.options().get_max_connections()
}

async fn metrics(State(pools): State<Pools>) -> impl IntoResponse {
    for (service, pool) in &pools.0 {
        let size = f64::from(pool.size());
        #[allow(clippy::cast_precision_loss)]
        let idle = pool.num_idle() as f64;
        metrics::gauge!("db_pool_connections", "service" => *service, "state" => "idle").set(idle);
        metrics::gauge!("db_pool_connections", "service" => *service, "state" => "in_use").set(size - idle);
        metrics::gauge!("db_pool_max_connections", "service" => *service)
            .set(f64::from(pool.options().get_max_connections()));
    }
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; version=0.0.4")], crate::telemetry::metrics_handle().render())
}
