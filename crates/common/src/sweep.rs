//! Removing the rows of deleted sites, "soon after".
//!
//! A deleted site vanishes at once from every service, because every read
//! joins `builder.site_directory`. Its rows in the other schemas are then
//! garbage: each service runs a sweeper that deletes rows whose site is no
//! longer in the directory. It is idempotent and safe to run in every replica.

use std::future::Future;
use std::time::Duration;

use sqlx::PgPool;

/// How often sweepers run by default.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(60);

/// Runs `sweep` now and then every `every`, for as long as the runtime lives.
/// `sweep` returns how many rows it removed. Does nothing outside a runtime.
pub fn spawn_sweeper<F, Fut>(service: &'static str, every: Duration, pool: PgPool, sweep: F)
where
    F: Fn(PgPool) -> Fut + Send + 'static,
    Fut: Future<Output = Result<u64, sqlx::Error>> + Send + 'static,
{
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match sweep(pool.clone()).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(service, removed, "removed the rows of deleted sites"),
                Err(err) => tracing::warn!(service, error = %err, "sweeping deleted sites failed; will retry"),
            }
        }
    });
}
