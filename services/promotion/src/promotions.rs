//! A site's promotions (merchant CRUD), and the public look-up of a code.

use axum::Json as AxumJson;
use axum::extract::State;
use axum::http::StatusCode;
use rust_decimal::Decimal;
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::money::CurrencyCode;
use vitrine_common::pagination::{PageParams, paginate};
use vitrine_common::resource::{Created, SiteItem, SitePath, created, deleted, found, on_constraint};
use vitrine_common::sites::{OwnedSite, PublicSite};
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Json, Path, Query};
use vitrine_models::Page;
use vitrine_models::promotion::{
    CreatePromotion, NotApplying, Promotion, PromotionCheck, PromotionType, UpdatePromotion,
};

use crate::domain::{Code, format_value, not_applying, parse_currency, parse_value, used_up, window_is_valid};
use crate::{AppState, Error};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_promotions, create_promotion))
        .routes(routes!(get_promotion, update_promotion, delete_promotion))
        .routes(routes!(check_code))
}

/// The kind column, read back as the wire enum.
#[derive(Debug, Clone, Copy, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
enum Kind {
    Percentage,
    FixedAmount,
}

impl From<Kind> for PromotionType {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Percentage => Self::Percentage,
            Kind::FixedAmount => Self::FixedAmount,
        }
    }
}

struct PromotionRow {
    id: Uuid,
    code: String,
    kind: Kind,
    value: Decimal,
    currency: Option<String>,
    start_at: Option<OffsetDateTime>,
    end_at: Option<OffsetDateTime>,
    active: bool,
    usage_limit: Option<i32>,
    times_used: i32,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl From<PromotionRow> for Promotion {
    fn from(row: PromotionRow) -> Self {
        Self {
            id: row.id,
            code: row.code,
            kind: row.kind.into(),
            value: format_value(row.value, row.currency.as_deref()),
            currency: row.currency,
            start_at: row.start_at,
            end_at: row.end_at,
            active: row.active,
            usage_limit: row.usage_limit,
            times_used: row.times_used,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// A promotion's fields, validated together.
#[derive(Debug)]
struct Checked {
    code: Code,
    kind: PromotionType,
    value: Decimal,
    currency: Option<CurrencyCode>,
    start_at: Option<OffsetDateTime>,
    end_at: Option<OffsetDateTime>,
    active: bool,
    usage_limit: Option<i32>,
}

/// A promotion's fields as received (a new one, or the current one with a patch applied).
#[derive(Debug, Clone, Copy)]
struct Draft<'a> {
    code: &'a str,
    kind: PromotionType,
    value: &'a str,
    currency: Option<&'a str>,
    start_at: Option<OffsetDateTime>,
    end_at: Option<OffsetDateTime>,
    active: bool,
    usage_limit: Option<i32>,
}

/// Checks every field (and the rules across them), listing every mistake at once.
fn validate(draft: Draft<'_>) -> Result<Checked, ApiError> {
    let Draft { code, kind, value, currency, start_at, end_at, active, usage_limit } = draft;
    let mut fields = Fields::default();
    let code = fields.check("code", Code::parse(code));
    let parsed_currency = parse_currency(kind, currency);
    let value = fields.check("value", parse_value(kind, value, parsed_currency.ok().flatten()));
    let currency = fields.check("currency", parsed_currency);
    if !window_is_valid(start_at, end_at) {
        fields.push("end_at", "must be after start_at");
    }
    if usage_limit.is_some_and(|limit| limit < 1) {
        fields.push("usage_limit", "must be at least 1, or null for unlimited");
    }
    match (code, value, currency) {
        (Some(code), Some(value), Some(currency)) if fields.is_ok() => {
            Ok(Checked { code, kind, value, currency, start_at, end_at, active, usage_limit })
        }
        _ => Err(fields.into_error()),
    }
}

/// A site's promotions, newest first.
#[utoipa::path(
    get,
    path = "/api/promotion/sites/{site_id}/promotions",
    tag = "promotions",
    security(("bearer" = []), ("password" = [])),
    params(SitePath, PageParams),
    responses((status = 200, description = "A page of the site's promotions", body = Page<Promotion>))
)]
async fn list_promotions(
    State(state): State<AppState>,
    site: OwnedSite,
    Query(page): Query<PageParams>,
) -> Result<AxumJson<Page<Promotion>>, ApiError> {
    let request = page.parse::<Uuid>()?;
    let rows = list(&state.pool, site.id, request.after, request.fetch_limit()).await?;
    Ok(AxumJson(paginate(rows, request.limit, |row| row.id, Promotion::from)))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn list(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<PromotionRow>, sqlx::Error> {
    sqlx::query_as!(
        PromotionRow,
        r#"SELECT p.id, p.code, p.kind AS "kind: Kind", p.value, p.currency, p.start_at, p.end_at, p.active, p.usage_limit, p.times_used, p.created_at, p.updated_at
           FROM promotion.promotions p
           JOIN builder.site_directory d ON d.id = p.site_id
           WHERE p.site_id = $1 AND ($2::uuid IS NULL OR p.id < $2)
           ORDER BY p.id DESC
           LIMIT $3"#,
        site_id,
        after,
        limit
    )
    .fetch_all(db)
    .await
}

/// Create a promotion.
#[utoipa::path(
    post,
    path = "/api/promotion/sites/{site_id}/promotions",
    tag = "promotions",
    security(("bearer" = []), ("password" = [])),
    params(SitePath),
    request_body = CreatePromotion,
    responses(
        (status = 201, description = "Promotion created", body = Promotion, headers(("location" = String, description = "The new promotion's URL in this API"))),
        (status = 409, description = "Another promotion of this site has this code (without regard to case)", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn create_promotion(
    State(state): State<AppState>,
    site: OwnedSite,
    Json(body): Json<CreatePromotion>,
) -> Result<Created<Promotion>, ApiError> {
    let new = validate(Draft {
        code: &body.code,
        kind: body.kind,
        value: &body.value,
        currency: body.currency.as_deref(),
        start_at: body.start_at,
        end_at: body.end_at,
        active: body.active.unwrap_or(true),
        usage_limit: body.usage_limit,
    })?;
    let row = insert(&state.pool, Uuid::now_v7(), site.id, &new)
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    tracing::info!(site.id = %site.id, promotion.id = %row.id, "promotion created");
    let location = format!("/api/promotion/sites/{}/promotions/{}", site.id, row.id);
    Ok(created(location, row.into()))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn insert(db: impl PgExecutor<'_>, id: Uuid, site_id: Uuid, new: &Checked) -> Result<PromotionRow, sqlx::Error> {
    sqlx::query_as!(
        PromotionRow,
        r#"INSERT INTO promotion.promotions (id, site_id, code, kind, value, currency, start_at, end_at, active, usage_limit)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           RETURNING id, code, kind AS "kind: Kind", value, currency, start_at, end_at, active, usage_limit, times_used,
                     created_at, updated_at"#,
        id,
        site_id,
        new.code.as_str(),
        new.kind.as_str(),
        new.value,
        new.currency.map(CurrencyCode::as_str),
        new.start_at,
        new.end_at,
        new.active,
        new.usage_limit
    )
    .fetch_one(db)
    .await
}

/// One promotion of a site.
#[utoipa::path(
    get,
    path = "/api/promotion/sites/{site_id}/promotions/{id}",
    tag = "promotions",
    security(("bearer" = []), ("password" = [])),
    params(SiteItem),
    responses((status = 200, description = "The promotion", body = Promotion))
)]
async fn get_promotion(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<AxumJson<Promotion>, ApiError> {
    let row = found(fetch(&state.pool, site.id, id).await?, "promotion")?;
    Ok(AxumJson(row.into()))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn fetch(db: impl PgExecutor<'_>, site_id: Uuid, id: Uuid) -> Result<Option<PromotionRow>, sqlx::Error> {
    sqlx::query_as!(
        PromotionRow,
        r#"SELECT p.id, p.code, p.kind AS "kind: Kind", p.value, p.currency, p.start_at, p.end_at, p.active, p.usage_limit, p.times_used, p.created_at, p.updated_at
           FROM promotion.promotions p
           JOIN builder.site_directory d ON d.id = p.site_id
           WHERE p.site_id = $1 AND p.id = $2"#,
        site_id,
        id
    )
    .fetch_optional(db)
    .await
}

/// The promotion, locked until the transaction ends (its site's directory row is only read).
#[tracing::instrument(level = "debug", skip(db))]
async fn fetch_for_update(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    id: Uuid,
) -> Result<Option<PromotionRow>, sqlx::Error> {
    sqlx::query_as!(
        PromotionRow,
        r#"SELECT p.id, p.code, p.kind AS "kind: Kind", p.value, p.currency, p.start_at, p.end_at, p.active, p.usage_limit, p.times_used, p.created_at, p.updated_at
           FROM promotion.promotions p
           JOIN builder.site_directory d ON d.id = p.site_id
           WHERE p.site_id = $1 AND p.id = $2
           FOR UPDATE OF p"#,
        site_id,
        id
    )
    .fetch_optional(db)
    .await
}

/// Change a promotion: absent fields stay; `null` clears `start_at` or `end_at`.
/// The result is checked as a whole (a new `type` re-checks the `value`, a new `end_at` the window).
#[utoipa::path(
    patch,
    path = "/api/promotion/sites/{site_id}/promotions/{id}",
    tag = "promotions",
    security(("bearer" = []), ("password" = [])),
    params(SiteItem),
    request_body = UpdatePromotion,
    responses(
        (status = 200, description = "The changed promotion", body = Promotion),
        (status = 409, description = "Another promotion of this site has this code (without regard to case)", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn update_promotion(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
    Json(body): Json<UpdatePromotion>,
) -> Result<AxumJson<Promotion>, ApiError> {
    let mut tx = state.pool.begin().await?;
    let current = found(fetch_for_update(&mut *tx, site.id, id).await?, "promotion")?;
    // The stored value without trailing zeros, so that a new currency with
    // fewer decimals (EUR → JPY) accepts an unchanged whole amount.
    let current_value = current.value.normalize().to_string();
    let kind = body.kind.unwrap_or_else(|| current.kind.into());
    let currency = match body.currency {
        Some(currency) => currency,
        // Becoming a percentage drops the currency the client did not mention.
        None if kind == PromotionType::Percentage => None,
        None => current.currency,
    };
    let changed = validate(Draft {
        code: body.code.as_deref().unwrap_or(&current.code),
        kind,
        value: body.value.as_deref().unwrap_or(&current_value),
        currency: currency.as_deref(),
        start_at: body.start_at.unwrap_or(current.start_at),
        end_at: body.end_at.unwrap_or(current.end_at),
        active: body.active.unwrap_or(current.active),
        usage_limit: body.usage_limit.unwrap_or(current.usage_limit),
    })?;
    let row = update(&mut *tx, id, &changed).await.map_err(|err| on_constraint(&err, Error::on_constraint))?;
    tx.commit().await?;
    Ok(AxumJson(row.into()))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn update(db: impl PgExecutor<'_>, id: Uuid, changed: &Checked) -> Result<PromotionRow, sqlx::Error> {
    sqlx::query_as!(
        PromotionRow,
        r#"UPDATE promotion.promotions
           SET code = $2, kind = $3, value = $4, currency = $5, start_at = $6, end_at = $7, active = $8,
               usage_limit = $9, updated_at = now()
           WHERE id = $1
           RETURNING id, code, kind AS "kind: Kind", value, currency, start_at, end_at, active, usage_limit, times_used,
                     created_at, updated_at"#,
        id,
        changed.code.as_str(),
        changed.kind.as_str(),
        changed.value,
        changed.currency.map(CurrencyCode::as_str),
        changed.start_at,
        changed.end_at,
        changed.active,
        changed.usage_limit
    )
    .fetch_one(db)
    .await
}

/// Delete a promotion.
#[utoipa::path(
    delete,
    path = "/api/promotion/sites/{site_id}/promotions/{id}",
    tag = "promotions",
    security(("bearer" = []), ("password" = [])),
    params(SiteItem),
    responses((status = 204, description = "Deleted"))
)]
async fn delete_promotion(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<StatusCode, ApiError> {
    let rows = remove(&state.pool, site.id, id).await?;
    deleted(rows, "promotion")
}

#[tracing::instrument(level = "debug", skip(db))]
async fn remove(db: impl PgExecutor<'_>, site_id: Uuid, id: Uuid) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!("DELETE FROM promotion.promotions WHERE site_id = $1 AND id = $2", site_id, id)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

/// `/api/promotion/public/{site_slug}/promotions/{code}` (the site is checked by [`PublicSite`]).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
struct CodePath {
    /// The site's slug.
    #[allow(dead_code, reason = "looked up by PublicSite; named here for the document")]
    site_slug: String,
    /// The code, in any case.
    code: String,
}

/// Whether a code applies now. Unknown and inactive codes, and codes that
/// have not started yet, are 404 alike: a code announced for later must not
/// leak its value and dates to whoever guesses it. An active code past its
/// window or at its usage limit is a 200 with `applies_now: false` and the
/// `reason` (`ended` or `used_up`), so a shop can tell the shopper why.
#[utoipa::path(
    get,
    path = "/api/promotion/public/{site_slug}/promotions/{code}",
    tag = "public",
    params(CodePath),
    responses(
        (status = 200, description = "The code is active and has started; `applies_now` says whether it still applies", body = PromotionCheck),
        (status = 404, description = "No such code on this site, or not active, or not started yet"),
    )
)]
async fn check_code(
    State(state): State<AppState>,
    site: PublicSite,
    Path(CodePath { code, .. }): Path<CodePath>,
) -> Result<AxumJson<PromotionCheck>, ApiError> {
    if code.len() > Code::MAX_LEN {
        return Err(Error::NotFound.into());
    }
    let row = found(find_active_code(&state.pool, site.id, &code).await?, "promotion")?;
    let reason = not_applying(row.start_at, row.end_at, OffsetDateTime::now_utc());
    if reason == Some(NotApplying::NotStarted) {
        return Err(Error::NotFound.into());
    }
    let reason = reason.or_else(|| used_up(row.usage_limit, row.times_used).then_some(NotApplying::UsedUp));
    Ok(AxumJson(PromotionCheck {
        code: row.code,
        kind: row.kind.into(),
        value: format_value(row.value, row.currency.as_deref()),
        currency: row.currency,
        start_at: row.start_at,
        end_at: row.end_at,
        applies_now: reason.is_none(),
        reason,
    }))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn find_active_code(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    code: &str,
) -> Result<Option<PromotionRow>, sqlx::Error> {
    sqlx::query_as!(
        PromotionRow,
        r#"SELECT p.id, p.code, p.kind AS "kind: Kind", p.value, p.currency, p.start_at, p.end_at, p.active, p.usage_limit, p.times_used, p.created_at, p.updated_at
           FROM promotion.promotions p
           JOIN builder.site_directory d ON d.id = p.site_id
           WHERE p.site_id = $1 AND lower(p.code) = lower($2) AND p.active"#,
        site_id,
        code
    )
    .fetch_optional(db)
    .await
}

/// Deletes the promotions of sites that no longer exist; returns how many.
#[tracing::instrument(level = "debug", skip(pool))]
pub async fn sweep_deleted_sites(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM promotion.promotions p
         WHERE NOT EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = p.site_id)"
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
