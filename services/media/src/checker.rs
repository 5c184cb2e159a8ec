//! The broken-URL checker: a background worker of the media service that
//! fetches every image given by URL (new ones within seconds, then again
//! every `MEDIA_CHECK_EVERY_SECS`) and records whether an image answered:
//! `ok` (a 2xx with an `image/*` content type) or `broken` (another status,
//! another content type, or no answer), with the status and content type.
//!
//! It fetches through the notifier's SSRF guard ([`crate::guard`]): names
//! resolving to private, loopback or link-local addresses are refused unless
//! `MEDIA_CHECK_ALLOW_PRIVATE_TARGETS` is set, redirects are followed at most
//! three times and each is checked again, and no body is read beyond the
//! headers. Several replicas share the queue with `FOR UPDATE SKIP LOCKED`.

use std::time::Duration;

use sqlx::PgPool;
use uuid::Uuid;

use crate::config::CheckerConfig;
use crate::guard::{Guard, GuardedResolver};

/// How long one URL may take to answer.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
/// How many URLs one round claims.
const BATCH: i64 = 8;
/// How often the queue is looked at when it was empty.
const IDLE: Duration = Duration::from_secs(2);
/// A claimed URL whose verdict never came (a crash) is claimed again after this.
const LEASE_SECS: f64 = 60.0;

/// The checker: an HTTP client behind the guard, and its settings.
#[derive(Debug, Clone)]
pub struct Checker {
    pool: PgPool,
    client: reqwest::Client,
    guard: Guard,
    every: Duration,
}

/// What a fetch found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub ok: bool,
    pub http_status: Option<i32>,
    pub content_type: Option<String>,
    pub error: Option<String>,
}

impl Checker {
    /// A checker for `config`; `None` when the checker is off.
    pub fn new(pool: PgPool, config: &CheckerConfig) -> anyhow::Result<Option<Self>> {
        if config.media_check_every_secs == 0 {
            return Ok(None);
        }
        let guard = Guard { allow_insecure: true, allow_private: config.media_check_allow_private_targets };
        let redirect_guard = guard;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::custom(move |attempt| {
                if attempt.previous().len() >= 3 {
                    attempt.error("more than 3 redirects")
                } else if redirect_guard.parse(attempt.url().as_str()).is_err() {
                    attempt.error("redirected to an address that is not allowed")
                } else {
                    attempt.follow()
                }
            }))
            .no_proxy()
            .dns_resolver(GuardedResolver::shared(guard))
            .timeout(FETCH_TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("Vitrine-Media-Checker/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Some(Self { pool, client, guard, every: Duration::from_secs(config.media_check_every_secs) }))
    }

    /// Runs until the process ends.
    pub fn spawn(self) {
        tokio::spawn(async move {
            loop {
                match self.round().await {
                    Ok(0) => tokio::time::sleep(IDLE).await,
                    Ok(_) => {}
                    Err(err) => {
                        tracing::warn!(error = %err, "the image URL checker could not read its queue");
                        tokio::time::sleep(IDLE * 5).await;
                    }
                }
            }
        });
    }

    /// Checks the URLs that are due; returns how many.
    pub async fn round(&self) -> Result<usize, sqlx::Error> {
        let due = self.claim().await?;
        let count = due.len();
        for (id, url) in due {
            let verdict = self.fetch(&url).await;
            record(&self.pool, id, &url, &verdict).await?;
            if !verdict.ok {
                tracing::info!(media.id = %id, status = ?verdict.http_status, error = ?verdict.error, "image URL broken");
            }
        }
        Ok(count)
    }

    /// Claims due URLs: never checked, or checked longer than `every` ago.
    /// Claiming moves `checked_at` forward, so another replica skips them.
    async fn claim(&self) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
        let every = self.every.as_secs_f64();
        let rows = sqlx::query!(
            r#"UPDATE media.media m SET checked_at = now()
               FROM (SELECT id FROM media.media
                     WHERE storage_key IS NULL
                       AND (checked_at IS NULL
                            OR (check_status = 'unchecked' AND checked_at < now() - make_interval(secs => $2))
                            OR checked_at < now() - make_interval(secs => $3))
                     ORDER BY checked_at NULLS FIRST, id
                     LIMIT $1
                     FOR UPDATE SKIP LOCKED) due
               WHERE m.id = due.id
               RETURNING m.id, m.url"#,
            BATCH,
            LEASE_SECS,
            every
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|row| (row.id, row.url)).collect())
    }

    /// Fetches `url`'s headers.
    pub async fn fetch(&self, url: &str) -> Verdict {
        let refused = |error: String| Verdict { ok: false, http_status: None, content_type: None, error: Some(error) };
        let url = match self.guard.check(url).await {
            Ok(url) => url,
            Err(refused_by_guard) => return refused(refused_by_guard.0),
        };
        let response = match self.client.get(url).header(reqwest::header::ACCEPT, "image/*").send().await {
            Ok(response) => response,
            Err(err) if err.is_timeout() => return refused("did not answer within 10 seconds".to_owned()),
            Err(err) if err.is_redirect() => return refused("redirects too often or to a refused address".to_owned()),
            Err(err) if err.is_connect() => return refused("could not be reached".to_owned()),
            Err(_) => return refused("could not be fetched".to_owned()),
        };
        let status = response.status();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| value.chars().take(200).collect::<String>());
        let is_image = content_type.as_deref().is_some_and(|ct| ct.trim().to_ascii_lowercase().starts_with("image/"));
        let error = if !status.is_success() {
            Some(format!("answered HTTP {}", status.as_u16()))
        } else if !is_image {
            Some(format!("is not an image ({})", content_type.as_deref().unwrap_or("no content type")))
        } else {
            None
        };
        Verdict { ok: error.is_none(), http_status: Some(i32::from(status.as_u16())), content_type, error }
    }
}

/// Records `verdict` unless the URL changed meanwhile (then it is checked again).
async fn record(pool: &PgPool, id: Uuid, url: &str, verdict: &Verdict) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE media.media
         SET check_status = $3, check_http_status = $4, check_content_type = $5, check_error = $6, checked_at = now()
         WHERE id = $1 AND url = $2",
        id,
        url,
        if verdict.ok { "ok" } else { "broken" },
        verdict.http_status,
        verdict.content_type,
        verdict.error
    )
    .execute(pool)
    .await?;
    Ok(())
}
