//! Following checkout's event feed (decision 13).
//!
//! `checkout.event_feed` is read by `(tx, seq)` after the position this
//! service keeps in `notifier.feed_position`, and only below
//! `pg_snapshot_xmin(pg_current_snapshot())`: events of transactions older than
//! every running one, whose order is final (see the outbox's migration). Each
//! batch is turned into one delivery per subscribed, enabled webhook of the
//! event's site, and the position moves in the same transaction, so an event
//! is processed exactly once, whichever replica does it and whenever it dies.
//! The replica that processes holds the position row's lock; the others skip
//! that round (`SKIP LOCKED`) instead of waiting.
//!
//! The follower is woken by `LISTEN checkout_events` (NOTIFY at commit) and
//! polls as well, so a lost notification (a dropped connection, a restart of
//! PostgreSQL) only delays.

use std::time::Duration;

use serde_json::Value;
use sqlx::postgres::PgListener;
use sqlx::{PgPool, Postgres, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::wants;
use crate::worker::Wake;

/// The channel checkout's outbox notifies at commit.
pub const CHANNEL: &str = "checkout_events";

/// Events turned into deliveries per transaction.
const BATCH: i64 = 200;

/// How soon to look again when events are committed but still held back by
/// an older running transaction (they pass the xmin line when it ends).
const HELD_BACK_RETRY: Duration = Duration::from_millis(20);

/// The least time between the starts of two rounds woken by commits. Under
/// load every checkout commits events and wakes every replica; rounds this
/// far apart take all that committed meanwhile in one batch, so a replica
/// makes at most 50 rounds a second whatever the order rate (it made two per
/// order, each a transaction, at 280 orders a second), for at most 20 ms more
/// delay (the benchmark's webhook row measures it).
const ROUND_GAP: Duration = Duration::from_millis(20);

/// What one round of the follower did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    /// Events processed.
    pub events: usize,
    /// Deliveries made.
    pub deliveries: u64,
    /// Whether a whole batch was read (more may follow at once).
    pub full: bool,
    /// Whether committed events wait behind an older running transaction.
    pub held_back: bool,
    /// Whether another replica held the position, so this one did nothing.
    pub busy: bool,
}

struct FeedEvent {
    tx: i64,
    seq: i64,
    xmin: i64,
    id: Uuid,
    site_id: Uuid,
    kind: String,
    payload: Value,
    created_at: OffsetDateTime,
}

struct Subscriber {
    id: Uuid,
    site_id: Uuid,
    events: Vec<String>,
}

/// Follows the feed until the task is dropped.
pub(crate) async fn follow(pool: PgPool, poll: Duration, wake: Wake) {
    let mut listener: Option<PgListener> = None;
    let mut failures: u32 = 0;
    // Rounds in a row that found events held back: a long transaction
    // elsewhere keeps the xmin line still, so look less and less often
    // (20 ms, 40 ms… up to the poll interval) rather than scan every 20 ms.
    let mut held: u32 = 0;
    loop {
        if listener.is_none() {
            listener = listen(&pool).await;
        }
        let mut wait = poll;
        let started = tokio::time::Instant::now();
        match process(&pool).await {
            Ok(round) => {
                if failures > 0 {
                    tracing::info!("the event feed is reachable again");
                    failures = 0;
                }
                if round.deliveries > 0 {
                    wake.notify();
                }
                if round.full {
                    continue;
                }
                if round.held_back || round.busy {
                    wait = wait.min(HELD_BACK_RETRY * 2_u32.pow(held.min(6)));
                    held = held.saturating_add(1);
                } else {
                    held = 0;
                }
            }
            Err(err) => {
                failures = failures.saturating_add(1);
                // Once per outage at warn, then quietly: PostgreSQL may be restarting.
                if failures == 1 {
                    tracing::warn!(error = %err, "reading the event feed failed; retrying");
                } else {
                    tracing::debug!(error = %err, failures, "reading the event feed failed again");
                }
            }
        }
        match listener.as_mut() {
            None => tokio::time::sleep(wait).await,
            Some(active) => match tokio::time::timeout(wait, active.try_recv()).await {
                // Woken by a commit: let the round gap pass (commits keep
                // coming under load), drain what was buffered, read the feed.
                Ok(Ok(Some(_))) => {
                    tokio::time::sleep_until(started + ROUND_GAP).await;
                    while active.next_buffered().is_some() {}
                }
                // Timed out (poll), or the connection was lost and re-made:
                // either way, read the feed (notifications may have been missed).
                Err(_) | Ok(Ok(None)) => {}
                Ok(Err(err)) => {
                    tracing::debug!(error = %err, "lost the LISTEN connection; polling until it is back");
                    listener = None;
                    tokio::time::sleep(wait).await;
                }
            },
        }
    }
}

async fn listen(pool: &PgPool) -> Option<PgListener> {
    let mut listener = PgListener::connect_with(pool).await.ok()?;
    match listener.listen(CHANNEL).await {
        Ok(()) => Some(listener),
        Err(err) => {
            tracing::debug!(error = %err, "LISTEN failed; polling");
            None
        }
    }
}

/// One round: the next batch of settled events becomes deliveries, and the
/// position moves past it, in one transaction.
pub async fn process(pool: &PgPool) -> Result<Round, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some((after_tx, after_seq)) = lock_position(&mut tx).await? else {
        return Ok(Round { busy: true, ..Round::default() });
    };
    let rows = read_feed(&mut *tx, after_tx, after_seq, BATCH).await?;
    let full = rows.len() as i64 == BATCH;
    let held_back = rows.iter().any(|row| row.tx >= row.xmin);
    let events: Vec<FeedEvent> = rows.into_iter().take_while(|row| row.tx < row.xmin).collect();
    let Some(last) = events.last() else {
        tx.rollback().await?;
        return Ok(Round { held_back, ..Round::default() });
    };
    let (last_tx, last_seq) = (last.tx, last.seq);

    let mut sites: Vec<Uuid> = events.iter().map(|e| e.site_id).collect();
    sites.sort_unstable();
    sites.dedup();
    let subscribers = subscribers(&mut *tx, &sites).await?;
    let mut new = NewDeliveries::default();
    for event in &events {
        for hook in subscribers.iter().filter(|h| h.site_id == event.site_id && wants(&h.events, &event.kind)) {
            new.push(hook.id, event);
        }
    }
    let deliveries = new.insert(&mut *tx).await?;
    move_position(&mut *tx, last_tx, last_seq).await?;
    tx.commit().await?;

    for event in &events {
        log_event(event);
    }
    Ok(Round { events: events.len(), deliveries, full: full && !held_back, held_back, busy: false })
}

/// The one log line per event: `event`, `site`, `order` (number), `total`.
fn log_event(event: &FeedEvent) {
    let data = &event.payload["data"];
    let order = data["number"].as_i64();
    let total = data["total"].as_str().unwrap_or_default();
    let currency = data["currency"].as_str().unwrap_or_default();
    tracing::info!(
        event = %event.kind,
        site = %event.site_id,
        order,
        total = %format!("{total} {currency}").trim(),
        event_id = %event.id,
        "order event"
    );
    metrics::counter!("vitrine_notifier_events_total", "type" => event.kind.clone()).increment(1);
}

#[tracing::instrument(level = "debug", skip(tx))]
async fn lock_position(tx: &mut Transaction<'_, Postgres>) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let row = sqlx::query!("SELECT tx, seq FROM notifier.feed_position WHERE singleton FOR UPDATE SKIP LOCKED")
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(|r| (r.tx, r.seq)))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn read_feed(
    db: impl sqlx::PgExecutor<'_>,
    after_tx: i64,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<FeedEvent>, sqlx::Error> {
    // Rows at or above the xmin line come back too (they end the batch): they
    // tell the follower that committed events wait behind a running transaction.
    sqlx::query_as!(
        FeedEvent,
        r#"SELECT f.tx AS "tx!", f.seq AS "seq!",
                  pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS "xmin!",
                  f.id AS "id!", f.site_id AS "site_id!", f.type AS "kind!", f.payload AS "payload!",
                  f.created_at AS "created_at!"
           FROM checkout.event_feed f
           WHERE (f.tx, f.seq) > ($1, $2)
           ORDER BY f.tx, f.seq
           LIMIT $3"#,
        after_tx,
        after_seq,
        limit
    )
    .fetch_all(db)
    .await
}

#[tracing::instrument(level = "debug", skip(db))]
async fn subscribers(db: impl sqlx::PgExecutor<'_>, sites: &[Uuid]) -> Result<Vec<Subscriber>, sqlx::Error> {
    sqlx::query_as!(
        Subscriber,
        r#"SELECT w.id, w.site_id, w.events
           FROM notifier.webhooks w
           JOIN builder.site_directory d ON d.id = w.site_id
           WHERE w.site_id = ANY($1) AND w.enabled"#,
        sites
    )
    .fetch_all(db)
    .await
}

#[tracing::instrument(level = "debug", skip(db))]
async fn move_position(db: impl sqlx::PgExecutor<'_>, tx: i64, seq: i64) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE notifier.feed_position SET tx = $1, seq = $2, updated_at = now() WHERE singleton", tx, seq)
        .execute(db)
        .await?;
    Ok(())
}

/// Deliveries to insert in one statement.
#[derive(Default)]
struct NewDeliveries {
    ids: Vec<Uuid>,
    webhooks: Vec<Uuid>,
    events: Vec<Uuid>,
    kinds: Vec<String>,
    payloads: Vec<Value>,
    created: Vec<OffsetDateTime>,
}

impl NewDeliveries {
    fn push(&mut self, webhook: Uuid, event: &FeedEvent) {
        self.ids.push(Uuid::now_v7());
        self.webhooks.push(webhook);
        self.events.push(event.id);
        self.kinds.push(event.kind.clone());
        self.payloads.push(event.payload.clone());
        self.created.push(event.created_at);
    }

    async fn insert(self, db: impl sqlx::PgExecutor<'_>) -> Result<u64, sqlx::Error> {
        if self.ids.is_empty() {
            return Ok(0);
        }
        let done = sqlx::query!(
            r#"INSERT INTO notifier.deliveries (id, webhook_id, event_id, event_type, payload, event_created_at, next_attempt_at)
               SELECT id, webhook_id, event_id, event_type, payload, event_created_at, now()
               FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[], $6::timestamptz[])
                    AS n (id, webhook_id, event_id, event_type, payload, event_created_at)
               ON CONFLICT ON CONSTRAINT deliveries_webhook_event_key DO NOTHING"#,
            &self.ids,
            &self.webhooks,
            &self.events,
            &self.kinds,
            &self.payloads,
            &self.created
        )
        .execute(db)
        .await?;
        Ok(done.rows_affected())
    }
}
