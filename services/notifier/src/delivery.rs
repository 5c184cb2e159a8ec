//! Sending deliveries: claiming due ones, POSTing them signed, recording the outcome.
//!
//! A claim is one short statement: due pending deliveries of enabled webhooks
//! are locked `FOR UPDATE SKIP LOCKED` (so replicas claiming at the same time
//! take different rows), get one more attempt counted, a claim token, and a
//! lease: `next_attempt_at` moves past the end of the request's time limit.
//! No transaction stays open while a receiver answers. The outcome is recorded
//! only by the claim's holder; a replica that dies mid-attempt leaves the
//! delivery due again when the lease ends, and another replica retries it.
//! So the same attempt is never in flight twice, and nothing is lost.

use std::time::Duration;

use serde_json::Value;
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::config::{DeliveryConfig, RetrySchedule};
use crate::domain::{sign, truncate};
use crate::guard::{Guard, GuardedResolver};

/// How much of a receiver's answer is kept (in `last_error`), in characters.
const EXCERPT: usize = 200;
/// How much of a receiver's answer is read at all, in bytes.
const READ_AT_MOST: usize = 1024;
/// Beyond twice the request's time limit, the rest of an attempt's lease:
/// time to record the outcome (21 s with the default 10 s limit).
const LEASE_MARGIN: Duration = Duration::from_secs(1);

/// A delivery claimed for one attempt.
#[derive(Debug)]
pub(crate) struct Claimed {
    id: Uuid,
    claim: Uuid,
    webhook_id: Uuid,
    attempts: i32,
    event_id: Uuid,
    payload: Value,
    url: String,
    secret: String,
}

/// How an attempt ended.
#[derive(Debug)]
enum Outcome {
    /// A 2xx answer.
    Delivered(u16),
    /// Another answer, with an excerpt of its body.
    Answered(u16, String),
    /// No answer: refused by the guard, no connection, a timeout…
    Unreachable(String),
}

/// Sends deliveries with one HTTP client.
#[derive(Debug, Clone)]
pub(crate) struct Sender {
    pool: PgPool,
    client: reqwest::Client,
    guard: Guard,
    schedule: RetrySchedule,
    timeout: Duration,
}

impl Sender {
    /// A sender for `config`: rustls (ring), no redirects, no proxies from
    /// the environment, names resolved through the guard.
    pub(crate) fn new(pool: PgPool, config: &DeliveryConfig) -> anyhow::Result<Self> {
        let guard = Guard { allow_insecure: config.allow_insecure_urls, allow_private: config.allow_private_targets };
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(GuardedResolver::shared(guard))
            .timeout(config.delivery_timeout())
            .connect_timeout(config.delivery_timeout().min(Duration::from_secs(5)))
            .user_agent(concat!("Vitrine-Webhooks/", env!("CARGO_PKG_VERSION")))
            .pool_idle_timeout(Duration::from_secs(30))
            .build()?;
        Ok(Self { pool, client, guard, schedule: config.retry_schedule.clone(), timeout: config.delivery_timeout() })
    }

    /// Claims up to `limit` due deliveries.
    pub(crate) async fn claim(&self, limit: usize) -> Result<Vec<Claimed>, sqlx::Error> {
        let lease = (self.timeout * 2 + LEASE_MARGIN).as_secs_f64();
        sqlx::query_as!(
            Claimed,
            r#"UPDATE notifier.deliveries d
               SET attempts = d.attempts + 1, claim = $1, next_attempt_at = now() + make_interval(secs => $2)
               FROM (SELECT due.id
                     FROM notifier.deliveries due
                     JOIN notifier.webhooks hook ON hook.id = due.webhook_id
                     WHERE due.status = 'pending' AND due.next_attempt_at <= now() AND hook.enabled
                     ORDER BY due.next_attempt_at
                     LIMIT $3
                     FOR UPDATE OF due SKIP LOCKED) picked,
                    notifier.webhooks w
               WHERE d.id = picked.id AND w.id = d.webhook_id
               RETURNING d.id, d.claim AS "claim!", d.webhook_id, d.attempts, d.event_id, d.payload, w.url, w.secret"#,
            Uuid::now_v7(),
            lease,
            i64::try_from(limit).unwrap_or(i64::MAX)
        )
        .fetch_all(&self.pool)
        .await
    }

    /// How many deliveries are pending to enabled webhooks (those of disabled
    /// ones wait until they are enabled again), and when the next one is due.
    pub(crate) async fn backlog(&self) -> Result<(i64, Option<OffsetDateTime>), sqlx::Error> {
        let row = sqlx::query!(
            r#"SELECT count(*) AS "pending!", min(d.next_attempt_at) AS next
               FROM notifier.deliveries d
               JOIN notifier.webhooks w ON w.id = d.webhook_id
               WHERE d.status = 'pending' AND w.enabled"#
        )
        .fetch_one(&self.pool)
        .await?;
        Ok((row.pending, row.next))
    }

    /// One attempt of a claimed delivery, and its outcome recorded.
    #[tracing::instrument(level = "debug", skip_all, fields(delivery.id = %delivery.id, webhook.id = %delivery.webhook_id, attempt = delivery.attempts))]
    pub(crate) async fn attempt(&self, delivery: Claimed) {
        let outcome = self.send(&delivery).await;
        if let Err(err) = self.record(&delivery, &outcome).await {
            // The lease ends, and the delivery is attempted again: at least once.
            tracing::warn!(error = %err, "could not record a delivery's outcome; it will be retried");
        }
    }

    async fn send(&self, delivery: &Claimed) -> Outcome {
        let url = match self.guard.parse(&delivery.url) {
            Ok(url) => url,
            Err(refused) => return Outcome::Unreachable(format!("refused: {refused}")),
        };
        let body = match serde_json::to_vec(&delivery.payload) {
            Ok(body) => body,
            Err(err) => return Outcome::Unreachable(format!("cannot serialize the event: {err}")),
        };
        let id = delivery.event_id.to_string();
        let timestamp = OffsetDateTime::now_utc().unix_timestamp();
        let signature = match sign(&delivery.secret, &id, timestamp, &body) {
            Ok(signature) => signature,
            Err(err) => return Outcome::Unreachable(format!("cannot sign: {err}")),
        };
        let sent = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(body)
            .send()
            .await;
        match sent {
            Ok(response) => {
                let status = response.status().as_u16();
                if response.status().is_success() {
                    Outcome::Delivered(status)
                } else {
                    Outcome::Answered(status, excerpt(response).await)
                }
            }
            Err(err) => Outcome::Unreachable(describe(&err, self.timeout)),
        }
    }

    async fn record(&self, delivery: &Claimed, outcome: &Outcome) -> Result<(), sqlx::Error> {
        let (result, recorded) = match outcome {
            Outcome::Delivered(status) => ("delivered", self.delivered(delivery, *status).await?),
            Outcome::Answered(410, excerpt) => {
                let error = format!("HTTP 410 Gone: the webhook was disabled. {excerpt}");
                ("failed", self.gone(delivery, truncate(error.trim(), 1000)).await?)
            }
            Outcome::Answered(status, excerpt) => {
                let error = format!("HTTP {status}: {excerpt}");
                self.failed(delivery, Some(*status), truncate(error.trim(), 1000)).await?
            }
            Outcome::Unreachable(error) => self.failed(delivery, None, truncate(error, 1000)).await?,
        };
        if recorded {
            metrics::counter!("vitrine_webhook_deliveries_total", "result" => result).increment(1);
            tracing::info!(result, outcome = ?outcome, "webhook delivery attempt");
        } else {
            tracing::warn!("the delivery's lease ended before its outcome was recorded; another attempt owns it now");
        }
        Ok(())
    }

    async fn delivered(&self, delivery: &Claimed, status: u16) -> Result<bool, sqlx::Error> {
        let row = sqlx::query!(
            r#"UPDATE notifier.deliveries
               SET status = 'delivered', delivered_at = now(), next_attempt_at = NULL, claim = NULL,
                   last_status_code = $3, last_error = NULL
               WHERE id = $1 AND claim = $2
               RETURNING EXTRACT(EPOCH FROM (delivered_at - event_created_at))::float8 AS "delay!""#,
            delivery.id,
            delivery.claim,
            i32::from(status)
        )
        .fetch_optional(&self.pool)
        .await?;
        if let Some(row) = &row {
            metrics::histogram!("vitrine_webhook_delivery_delay_seconds").record(row.delay.max(0.0));
        }
        Ok(row.is_some())
    }

    /// A failed attempt: retried after the schedule's next delay, or `failed` after the last.
    async fn failed(
        &self,
        delivery: &Claimed,
        status: Option<u16>,
        error: &str,
    ) -> Result<(&'static str, bool), sqlx::Error> {
        let attempts = usize::try_from(delivery.attempts).unwrap_or(usize::MAX);
        let retry_in = self.schedule.after(attempts);
        let done = sqlx::query!(
            r#"UPDATE notifier.deliveries
               SET status = CASE WHEN $3::float8 IS NULL THEN 'failed' ELSE 'pending' END,
                   next_attempt_at = now() + make_interval(secs => $3::float8),
                   claim = NULL, last_status_code = $4, last_error = $5
               WHERE id = $1 AND claim = $2"#,
            delivery.id,
            delivery.claim,
            retry_in.map(|d| d.as_secs_f64()),
            status.map(i32::from),
            error
        )
        .execute(&self.pool)
        .await?;
        let result = if retry_in.is_some() { "retry" } else { "failed" };
        Ok((result, done.rows_affected() == 1))
    }

    /// 410 Gone: the receiver asks for nothing more; the webhook is disabled.
    async fn gone(&self, delivery: &Claimed, error: &str) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query!(
            r#"UPDATE notifier.deliveries
               SET status = 'failed', next_attempt_at = NULL, claim = NULL, last_status_code = 410, last_error = $3
               WHERE id = $1 AND claim = $2"#,
            delivery.id,
            delivery.claim,
            error
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "UPDATE notifier.webhooks SET enabled = false, updated_at = now() WHERE id = $1",
            delivery.webhook_id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::warn!("the receiver answered 410 Gone: webhook disabled");
        Ok(done.rows_affected() == 1)
    }
}

/// The start of an answer's body, read no further than needed.
async fn excerpt(mut response: reqwest::Response) -> String {
    let mut bytes = Vec::new();
    while bytes.len() < READ_AT_MOST {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            Ok(None) | Err(_) => break,
        }
    }
    bytes.truncate(READ_AT_MOST);
    let text = String::from_utf8_lossy(&bytes);
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    truncate(flat.trim(), EXCERPT).to_owned()
}

/// A transport error in words, with its causes, without the URL (already known).
fn describe(err: &reqwest::Error, timeout: Duration) -> String {
    if err.is_timeout() {
        return format!("no answer within {} s", timeout.as_secs());
    }
    let mut text = if err.is_connect() { "could not connect".to_owned() } else { "request failed".to_owned() };
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
