//! A site's webhooks (merchant CRUD, secret rotation, a test ping) and their
//! deliveries (list, manual retry).

use std::time::Duration;

use axum::Json as AxumJson;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::pagination::{PageParams, paginate};
use vitrine_common::resource::{Created, SiteItem, created, deleted, found, on_constraint};
use vitrine_common::sites::OwnedSite;
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Json, Path, Query};
use vitrine_models::Page;
use vitrine_models::notifier::{CreateWebhook, Delivery, DeliveryStatus, UpdateWebhook, Webhook};

use crate::domain::{PING, Subscription, new_secret};
use crate::guard::Guard;
use crate::{AppState, Error};

/// How long registering a URL may wait for its name to resolve.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest description.
const DESCRIPTION_MAX: usize = 500;
/// Delivered and failed deliveries are kept this long, then swept.
const KEEP_DELIVERIES_DAYS: i32 = 30;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_webhooks, create_webhook))
        .routes(routes!(get_webhook, update_webhook, delete_webhook))
        .routes(routes!(rotate_secret))
        .routes(routes!(send_test))
        .routes(routes!(list_deliveries))
        .routes(routes!(retry_delivery))
}

struct WebhookRow {
    id: Uuid,
    site_id: Uuid,
    url: String,
    events: Vec<String>,
    description: Option<String>,
    enabled: bool,
    secret: String,
    created_at: OffsetDateTime,
}

impl From<WebhookRow> for Webhook {
    fn from(row: WebhookRow) -> Self {
        Self {
            id: row.id,
            site_id: row.site_id,
            url: row.url,
            events: row.events,
            description: row.description,
            enabled: row.enabled,
            secret: row.secret,
            created_at: row.created_at,
        }
    }
}

/// The status column, read back as the wire enum.
#[derive(Debug, Clone, Copy, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
enum Status {
    Pending,
    Delivered,
    Failed,
}

impl From<Status> for DeliveryStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Pending => Self::Pending,
            Status::Delivered => Self::Delivered,
            Status::Failed => Self::Failed,
        }
    }
}

struct DeliveryRow {
    id: Uuid,
    event_id: Uuid,
    event_type: String,
    status: Status,
    attempts: i32,
    last_status_code: Option<i32>,
    last_error: Option<String>,
    next_attempt_at: Option<OffsetDateTime>,
    delivered_at: Option<OffsetDateTime>,
    created_at: OffsetDateTime,
}

impl From<DeliveryRow> for Delivery {
    fn from(row: DeliveryRow) -> Self {
        Self {
            id: row.id,
            event_id: row.event_id,
            event_type: row.event_type,
            status: row.status.into(),
            attempts: row.attempts,
            last_status_code: row.last_status_code,
            last_error: row.last_error,
            next_attempt_at: row.next_attempt_at,
            delivered_at: row.delivered_at,
            created_at: row.created_at,
        }
    }
}

/// A URL the guard accepts now (its name resolved, every address allowed).
async fn check_url(guard: Guard, url: &str) -> Result<String, String> {
    match tokio::time::timeout(RESOLVE_TIMEOUT, guard.check(url)).await {
        Ok(Ok(url)) => Ok(url.to_string()),
        Ok(Err(refused)) => Err(refused.0),
        Err(_) => Err("its host did not resolve in time".to_owned()),
    }
}

fn check_description(description: Option<&str>) -> Result<Option<String>, String> {
    match description.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) if text.chars().count() > DESCRIPTION_MAX => {
            Err(format!("must be at most {DESCRIPTION_MAX} characters"))
        }
        Some(text) => Ok(Some(text.to_owned())),
    }
}

/// A site's webhooks, newest first.
#[utoipa::path(
    get,
    path = "/api/notifier/sites/{site_id}/webhooks",
    tag = "webhooks",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), PageParams),
    responses((status = 200, description = "A page of the site's webhooks", body = Page<Webhook>))
)]
async fn list_webhooks(
    State(state): State<AppState>,
    site: OwnedSite,
    Query(page): Query<PageParams>,
) -> Result<AxumJson<Page<Webhook>>, ApiError> {
    let request = page.parse::<Uuid>()?;
    let rows = list(&state.pool, site.id, request.after, request.fetch_limit()).await?;
    Ok(AxumJson(paginate(rows, request.limit, |row| row.id, Webhook::from)))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn list(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<WebhookRow>, sqlx::Error> {
    sqlx::query_as!(
        WebhookRow,
        r#"SELECT w.id, w.site_id, w.url, w.events, w.description, w.enabled, w.secret, w.created_at
           FROM notifier.webhooks w
           JOIN builder.site_directory d ON d.id = w.site_id
           WHERE w.site_id = $1 AND ($2::uuid IS NULL OR w.id < $2)
           ORDER BY w.id DESC
           LIMIT $3"#,
        site_id,
        after,
        limit
    )
    .fetch_all(db)
    .await
}

/// Register a webhook. It starts enabled, with a new secret. The URL must be
/// `https://` and resolve only to public addresses (checked now, and again on
/// every delivery).
#[utoipa::path(
    post,
    path = "/api/notifier/sites/{site_id}/webhooks",
    tag = "webhooks",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites")),
    request_body = CreateWebhook,
    responses(
        (status = 201, description = "Webhook registered; `secret` signs its deliveries", body = Webhook, headers(("location" = String, description = "The new webhook's URL in this API"))),
        (status = 422, description = "Invalid URL (scheme, private target), events or description", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn create_webhook(
    State(state): State<AppState>,
    site: OwnedSite,
    Json(body): Json<CreateWebhook>,
) -> Result<Created<Webhook>, ApiError> {
    let mut fields = Fields::default();
    let url = fields.check("url", check_url(state.guard, &body.url).await);
    let events = fields.check("events", Subscription::parse(&body.events));
    let description = fields.check("description", check_description(body.description.as_deref()));
    let (Some(url), Some(events), Some(description)) = (url, events, description) else {
        return Err(fields.into_error());
    };
    let row = insert(&state.pool, Uuid::now_v7(), site.id, &url, &events.into_inner(), description.as_deref())
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    tracing::info!(site.id = %site.id, webhook.id = %row.id, "webhook registered");
    let location = format!("/api/notifier/sites/{}/webhooks/{}", site.id, row.id);
    Ok(created(location, row.into()))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    site_id: Uuid,
    url: &str,
    events: &[String],
    description: Option<&str>,
) -> Result<WebhookRow, sqlx::Error> {
    sqlx::query_as!(
        WebhookRow,
        r#"INSERT INTO notifier.webhooks (id, site_id, url, events, description, secret)
           VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, site_id, url, events, description, enabled, secret, created_at"#,
        id,
        site_id,
        url,
        events,
        description,
        new_secret()
    )
    .fetch_one(db)
    .await
}

/// One webhook of a site.
#[utoipa::path(
    get,
    path = "/api/notifier/sites/{site_id}/webhooks/{id}",
    tag = "webhooks",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ("id" = Uuid, Path, description = "The webhook's id")),
    responses((status = 200, description = "The webhook", body = Webhook))
)]
async fn get_webhook(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<AxumJson<Webhook>, ApiError> {
    let row = found(fetch(&state.pool, site.id, id).await?, "webhook")?;
    Ok(AxumJson(row.into()))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn fetch(db: impl PgExecutor<'_>, site_id: Uuid, id: Uuid) -> Result<Option<WebhookRow>, sqlx::Error> {
    sqlx::query_as!(
        WebhookRow,
        r#"SELECT w.id, w.site_id, w.url, w.events, w.description, w.enabled, w.secret, w.created_at
           FROM notifier.webhooks w
           JOIN builder.site_directory d ON d.id = w.site_id
           WHERE w.site_id = $1 AND w.id = $2"#,
        site_id,
        id
    )
    .fetch_optional(db)
    .await
}

/// Change a webhook: absent fields stay; `description: null` clears it;
/// `enabled: false` stops its deliveries (pending ones wait until it is enabled again).
#[utoipa::path(
    patch,
    path = "/api/notifier/sites/{site_id}/webhooks/{id}",
    tag = "webhooks",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ("id" = Uuid, Path, description = "The webhook's id")),
    request_body = UpdateWebhook,
    responses(
        (status = 200, description = "The changed webhook", body = Webhook),
        (status = 422, description = "Invalid URL, events or description", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn update_webhook(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
    Json(body): Json<UpdateWebhook>,
) -> Result<AxumJson<Webhook>, ApiError> {
    // Checked before any lock: resolving a name may take a while.
    let mut fields = Fields::default();
    let url = match &body.url {
        Some(url) => fields.check("url", check_url(state.guard, url).await).map(Some),
        None => Some(None),
    };
    let events = fields.check_opt("events", body.events.as_deref().map(Subscription::parse));
    let description = match &body.description {
        Some(description) => fields.check("description", check_description(description.as_deref())).map(Some),
        None => Some(None),
    };
    let (Some(url), Some(events), Some(description)) = (url, events, description) else {
        return Err(fields.into_error());
    };
    let events = events.map(Subscription::into_inner);
    let row = update(
        &state.pool,
        site.id,
        id,
        url.as_deref(),
        events.as_deref(),
        description.is_some(),
        description.flatten().as_deref(),
        body.enabled,
    )
    .await
    .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    let row = found(row, "webhook")?;
    if body.enabled == Some(true) {
        state.wake.notify();
    }
    Ok(AxumJson(row.into()))
}

/// One conditional UPDATE: each field changes only when given.
#[tracing::instrument(level = "debug", skip(db))]
#[allow(clippy::too_many_arguments)]
async fn update(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    id: Uuid,
    url: Option<&str>,
    events: Option<&[String]>,
    set_description: bool,
    description: Option<&str>,
    enabled: Option<bool>,
) -> Result<Option<WebhookRow>, sqlx::Error> {
    sqlx::query_as!(
        WebhookRow,
        r#"UPDATE notifier.webhooks w
           SET url = COALESCE($3, w.url),
               events = COALESCE($4, w.events),
               description = CASE WHEN $5 THEN $6 ELSE w.description END,
               enabled = COALESCE($7, w.enabled),
               updated_at = now()
           FROM builder.site_directory d
           WHERE d.id = w.site_id AND w.site_id = $1 AND w.id = $2
           RETURNING w.id, w.site_id, w.url, w.events, w.description, w.enabled, w.secret, w.created_at"#,
        site_id,
        id,
        url,
        events,
        set_description,
        description,
        enabled
    )
    .fetch_optional(db)
    .await
}

/// Delete a webhook and its deliveries.
#[utoipa::path(
    delete,
    path = "/api/notifier/sites/{site_id}/webhooks/{id}",
    tag = "webhooks",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ("id" = Uuid, Path, description = "The webhook's id")),
    responses((status = 204, description = "Deleted"))
)]
async fn delete_webhook(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<StatusCode, ApiError> {
    let done = sqlx::query!("DELETE FROM notifier.webhooks WHERE site_id = $1 AND id = $2", site.id, id)
        .execute(&state.pool)
        .await?;
    deleted(done.rows_affected(), "webhook")
}

/// Replace a webhook's signing secret; the answer carries the new one. The
/// old secret stops signing at once (attempts already in flight excepted).
#[utoipa::path(
    post,
    path = "/api/notifier/sites/{site_id}/webhooks/{id}/rotate-secret",
    tag = "webhooks",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ("id" = Uuid, Path, description = "The webhook's id")),
    responses((status = 200, description = "The webhook with its new secret", body = Webhook))
)]
async fn rotate_secret(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<AxumJson<Webhook>, ApiError> {
    let row = sqlx::query_as!(
        WebhookRow,
        r#"UPDATE notifier.webhooks w
           SET secret = $3, updated_at = now()
           FROM builder.site_directory d
           WHERE d.id = w.site_id AND w.site_id = $1 AND w.id = $2
           RETURNING w.id, w.site_id, w.url, w.events, w.description, w.enabled, w.secret, w.created_at"#,
        site.id,
        id,
        new_secret()
    )
    .fetch_optional(&state.pool)
    .await?;
    let row = found(row, "webhook")?;
    tracing::info!(site.id = %site.id, webhook.id = %row.id, "webhook secret rotated");
    Ok(AxumJson(row.into()))
}

/// Send a `ping` event to the webhook now; the answer is its delivery, to follow.
#[utoipa::path(
    post,
    path = "/api/notifier/sites/{site_id}/webhooks/{id}/test",
    tag = "webhooks",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ("id" = Uuid, Path, description = "The webhook's id")),
    responses(
        (status = 202, description = "The ping is on its way", body = Delivery),
        (status = 409, description = "The webhook is disabled", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn send_test(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<(StatusCode, AxumJson<Delivery>), ApiError> {
    let hook = found(fetch(&state.pool, site.id, id).await?, "webhook")?;
    if !hook.enabled {
        return Err(Error::Disabled.into());
    }
    let event_id = Uuid::now_v7();
    let now = OffsetDateTime::now_utc();
    let payload = json!({
        "id": event_id,
        "type": PING,
        "site_id": site.id,
        "created_at": now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "data": {"webhook_id": hook.id, "message": "A test event from Vitrine: your endpoint is reachable."},
    });
    let row = sqlx::query_as!(
        DeliveryRow,
        r#"INSERT INTO notifier.deliveries (id, webhook_id, event_id, event_type, payload, event_created_at, next_attempt_at)
           VALUES ($1, $2, $3, $4, $5, $6, now())
           RETURNING id, event_id, event_type, status AS "status: Status", attempts, last_status_code, last_error,
                     next_attempt_at, delivered_at, created_at"#,
        Uuid::now_v7(),
        hook.id,
        event_id,
        PING,
        payload,
        now
    )
    .fetch_one(&state.pool)
    .await
    .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    state.wake.notify();
    Ok((StatusCode::ACCEPTED, AxumJson(row.into())))
}

/// `…/webhooks/{id}/deliveries/{delivery_id}`.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
struct DeliveryPath {
    /// One of your sites.
    #[allow(dead_code)] // read by OwnedSite
    site_id: Uuid,
    /// The webhook's id.
    id: Uuid,
    /// The delivery's id.
    delivery_id: Uuid,
}

/// A webhook's deliveries, newest first.
#[utoipa::path(
    get,
    path = "/api/notifier/sites/{site_id}/webhooks/{id}/deliveries",
    tag = "webhooks",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ("id" = Uuid, Path, description = "The webhook's id"), PageParams),
    responses((status = 200, description = "A page of the webhook's deliveries", body = Page<Delivery>))
)]
async fn list_deliveries(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
    Query(page): Query<PageParams>,
) -> Result<AxumJson<Page<Delivery>>, ApiError> {
    let request = page.parse::<Uuid>()?;
    found(fetch(&state.pool, site.id, id).await?, "webhook")?;
    let rows = sqlx::query_as!(
        DeliveryRow,
        r#"SELECT id, event_id, event_type, status AS "status: Status", attempts, last_status_code, last_error,
                  next_attempt_at, delivered_at, created_at
           FROM notifier.deliveries
           WHERE webhook_id = $1 AND ($2::uuid IS NULL OR id < $2)
           ORDER BY id DESC
           LIMIT $3"#,
        id,
        request.after,
        request.fetch_limit()
    )
    .fetch_all(&state.pool)
    .await?;
    Ok(AxumJson(paginate(rows, request.limit, |row| row.id, Delivery::from)))
}

/// Attempt a delivery again now, whatever its status (a failed one gets one
/// more attempt; a delivered one is sent again with the same `webhook-id`).
#[utoipa::path(
    post,
    path = "/api/notifier/sites/{site_id}/webhooks/{id}/deliveries/{delivery_id}/retry",
    tag = "webhooks",
    security(("bearer" = []), ("password" = [])),
    params(DeliveryPath),
    responses(
        (status = 202, description = "The delivery is due now", body = Delivery),
        (status = 409, description = "The webhook is disabled, or an attempt is in flight", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn retry_delivery(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(path): Path<DeliveryPath>,
) -> Result<(StatusCode, AxumJson<Delivery>), ApiError> {
    let hook = found(fetch(&state.pool, site.id, path.id).await?, "webhook")?;
    if !hook.enabled {
        return Err(Error::Disabled.into());
    }
    let mut tx = state.pool.begin().await?;
    let current = sqlx::query!(
        "SELECT claim FROM notifier.deliveries WHERE id = $1 AND webhook_id = $2 FOR UPDATE",
        path.delivery_id,
        hook.id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(Error::DeliveryNotFound)?;
    if current.claim.is_some() {
        return Err(ApiError::new(StatusCode::CONFLICT, "attempt-in-flight", "Attempt in flight")
            .detail("An attempt of this delivery is in flight; its outcome shows shortly."));
    }
    let row = sqlx::query_as!(
        DeliveryRow,
        r#"UPDATE notifier.deliveries
           SET status = 'pending', next_attempt_at = now(), delivered_at = NULL
           WHERE id = $1
           RETURNING id, event_id, event_type, status AS "status: Status", attempts, last_status_code, last_error,
                     next_attempt_at, delivered_at, created_at"#,
        path.delivery_id
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    state.wake.notify();
    Ok((StatusCode::ACCEPTED, AxumJson(row.into())))
}

/// Deletes the webhooks (and deliveries) of sites that no longer exist, and
/// finished deliveries older than 30 days; returns how many rows went.
#[tracing::instrument(level = "debug", skip(pool))]
pub async fn sweep(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let hooks = sqlx::query!(
        "DELETE FROM notifier.webhooks w
         WHERE NOT EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = w.site_id)"
    )
    .execute(pool)
    .await?;
    let old = sqlx::query!(
        "DELETE FROM notifier.deliveries
         WHERE status <> 'pending' AND created_at < now() - make_interval(days => $1)",
        KEEP_DELIVERIES_DAYS
    )
    .execute(pool)
    .await?;
    Ok(hooks.rows_affected() + old.rows_affected())
}
