//! The checkout's background work, in every replica (each step is safe to
//! run concurrently: rows are claimed with `FOR UPDATE SKIP LOCKED` or
//! deleted by one statement):
//!
//! - stale `pending_payment` orders of checkouts that never finished (a crash
//!   between placing the order and recording the payment) are discarded after
//!   [`STALE_PENDING`], their stock and promotion use given back and their
//!   cart reopened (manual orders wait for the merchant and are left alone);
//! - carts idle for 30 days are removed;
//! - idempotency keys older than 24 hours are forgotten, and keys whose
//!   request never recorded an answer (the process died while it ran) are
//!   released after [`STALE_PENDING`], once the order such a request may have
//!   placed was discarded, so a retry with the same key runs again instead of
//!   answering "still running" for a day;
//! - events older than [`EVENT_RETENTION_DAYS`] leave the outbox (the notifier
//!   turned them into deliveries within seconds of their commit);
//! - the rows of deleted sites are removed;
//! - the `vitrine_orders_pending_payment` gauge is refreshed.

use std::time::Duration;

use sqlx::PgPool;

use crate::carts::IDLE_DAYS;
use crate::idempotency::KEEP_HOURS;
use crate::store;

/// A checkout's order still `pending_payment` after this was abandoned.
pub const STALE_PENDING: Duration = Duration::from_secs(15 * 60);

/// How long the outbox keeps an event. The notifier follows the feed within
/// seconds; the margin covers a notifier stopped for weeks (its position then
/// resumes where it was, as long as the events are still here).
pub const EVENT_RETENTION_DAYS: i32 = 30;

/// How often the sweeper runs.
pub const INTERVAL: Duration = Duration::from_secs(60);

/// Starts the sweeper on the current runtime (none outside one).
pub fn spawn(pool: PgPool) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        let mut ticks = tokio::time::interval(INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(err) = sweep(&pool, STALE_PENDING).await {
                tracing::warn!(error = %err, "checkout sweep failed; will retry");
            }
        }
    });
}

/// One pass of every sweep.
pub async fn sweep(pool: &PgPool, stale_after: Duration) -> Result<(), sqlx::Error> {
    let discarded = discard_stale_orders(pool, stale_after).await?;
    let carts = remove_idle_carts(pool).await?;
    let keys = forget_idempotency_keys(pool).await? + release_abandoned_keys(pool, stale_after).await?;
    let gone = remove_deleted_sites(pool).await? + prune_events(pool).await?;
    if discarded + carts + keys + gone > 0 {
        tracing::info!(discarded, carts, keys, gone, "checkout sweep");
    }
    let pending =
        sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM checkout.orders WHERE status = 'pending_payment'"#)
            .fetch_one(pool)
            .await?;
    crate::metrics::pending_payment(pending);
    Ok(())
}

/// Discards checkout orders left `pending_payment` for longer than `stale_after`.
pub async fn discard_stale_orders(pool: &PgPool, stale_after: Duration) -> Result<u64, sqlx::Error> {
    let seconds = stale_after.as_secs_f64();
    let mut discarded = 0;
    loop {
        let mut tx = pool.begin().await?;
        let ids = sqlx::query!(
            r#"SELECT id, site_id FROM checkout.orders
               WHERE status = 'pending_payment' AND cart_id IS NOT NULL
                 AND created_at < now() - make_interval(secs => $1)
               ORDER BY created_at
               LIMIT 50
               FOR UPDATE SKIP LOCKED"#,
            seconds
        )
        .fetch_all(&mut *tx)
        .await?;
        if ids.is_empty() {
            return Ok(discarded);
        }
        for id in ids {
            if let Some(order) = store::lock_order(&mut *tx, id.site_id, id.id).await? {
                tracing::warn!(order.id = %order.id, order.number = order.number, "discarding an abandoned checkout");
                store::discard(&mut tx, &order).await?;
                discarded += 1;
            }
        }
        tx.commit().await?;
    }
}

/// Removes carts idle for 30 days.
pub async fn remove_idle_carts(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query!("DELETE FROM checkout.carts WHERE updated_at <= now() - make_interval(days => $1)", IDLE_DAYS)
            .execute(pool)
            .await?;
    Ok(done.rows_affected())
}

/// Forgets idempotency keys older than 24 hours.
pub async fn forget_idempotency_keys(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM checkout.idempotency_keys WHERE created_at <= now() - make_interval(hours => $1)",
        KEEP_HOURS
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Releases keys claimed more than `stale_after` ago that never recorded an
/// answer. No request runs that long (the request timeout is far shorter), so
/// the one that claimed the key died. Whatever it did is settled by then: an
/// order it left `pending_payment` was discarded (its cart reopened) by
/// [`discard_stale_orders`] in this same pass, and an order it paid makes a
/// retry answer "already an order" with the receipt. A retry therefore never
/// does the work twice.
pub async fn release_abandoned_keys(pool: &PgPool, stale_after: Duration) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM checkout.idempotency_keys
         WHERE status_code IS NULL AND created_at < now() - make_interval(secs => $1)",
        stale_after.as_secs_f64()
    )
    .execute(pool)
    .await?;
    if done.rows_affected() > 0 {
        tracing::warn!(keys = done.rows_affected(), "released idempotency keys whose request never answered");
    }
    Ok(done.rows_affected())
}

/// Removes the outbox's events older than [`EVENT_RETENTION_DAYS`], in batches
/// so no single statement holds many row locks or a long transaction.
pub async fn prune_events(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let mut pruned = 0;
    loop {
        let done = sqlx::query!(
            "DELETE FROM checkout.events WHERE seq IN (
                 SELECT seq FROM checkout.events WHERE created_at < now() - make_interval(days => $1) LIMIT 5000)",
            EVENT_RETENTION_DAYS
        )
        .execute(pool)
        .await?;
        pruned += done.rows_affected();
        if done.rows_affected() < 5000 {
            return Ok(pruned);
        }
    }
}

/// Removes the carts, orders and keys of sites no longer in the directory
/// (they already vanished from every read).
pub async fn remove_deleted_sites(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let mut removed = 0;
    removed += sqlx::query!(
        "DELETE FROM checkout.carts c WHERE NOT EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = c.site_id)"
    )
    .execute(pool)
    .await?
    .rows_affected();
    removed += sqlx::query!(
        "DELETE FROM checkout.orders o WHERE NOT EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = o.site_id)"
    )
    .execute(pool)
    .await?
    .rows_affected();
    removed += sqlx::query!(
        r#"DELETE FROM checkout.idempotency_keys k
           WHERE NOT EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = k.site_id)"#
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(removed)
}
