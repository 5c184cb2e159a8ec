//! A merchant's sites, and the public look-up of a site by slug.

use axum::Json as AxumJson;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::auth::AuthUser;
use vitrine_common::error::violated_constraint;
use vitrine_common::pagination::{PageParams, paginate};
use vitrine_common::resource::{Created, created, deleted, found, on_constraint};
use vitrine_common::slug::Slug;
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Json, Path, Query};
use vitrine_models::Page;
use vitrine_models::builder::{CreateSite, PublicSite, Site, UpdateSite};

use crate::domain::{SiteName, parse_currency, parse_language, parse_timezone};
use crate::{AppState, Error, Settings};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_site, list_sites))
        .routes(routes!(get_site, update_site, delete_site))
        .routes(routes!(public_site))
}

/// `/api/builder/sites/{id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct SiteId {
    /// The site's id.
    id: Uuid,
}

/// `/api/builder/public/sites/{slug}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct SiteSlug {
    /// The site's slug.
    slug: String,
}

struct SiteRow {
    id: Uuid,
    name: String,
    slug: String,
    currency: String,
    language: String,
    timezone: String,
    created_at: OffsetDateTime,
}

/// A shop's currency, language and time zone, checked.
#[derive(Debug, Default)]
struct ShopSettings {
    currency: Option<String>,
    language: Option<String>,
    timezone: Option<String>,
}

impl ShopSettings {
    /// Checks the settings sent (absent ones stay `None`), recording each invalid one in `fields`.
    fn check(
        fields: &mut Fields,
        currency: Option<&str>,
        language: Option<&str>,
        timezone: Option<&str>,
    ) -> Option<Self> {
        let currency = fields.check_opt("currency", currency.map(parse_currency));
        let language = fields.check_opt("language", language.map(parse_language));
        let timezone = fields.check_opt("timezone", timezone.map(parse_timezone));
        Some(Self { currency: currency?, language: language?, timezone: timezone? })
    }
}

impl SiteRow {
    fn into_site(self, settings: &Settings) -> Site {
        Site {
            url: settings.site_url(&self.slug),
            id: self.id,
            name: self.name,
            slug: self.slug,
            currency: self.currency,
            language: self.language,
            timezone: self.timezone,
            created_at: self.created_at,
        }
    }
}

/// Create a site. Its slug comes from its name (or an explicit `slug`); its
/// currency, language and time zone are `EUR`, `en` and `UTC` unless sent.
#[utoipa::path(
    post,
    path = "/api/builder/sites",
    tag = "sites",
    security(("bearer" = []), ("password" = [])),
    request_body = CreateSite,
    responses(
        (status = 201, description = "Site created", body = Site, headers(("location" = String, description = "The new site's URL in this API"))),
        (status = 409, description = "Slug taken; `suggested_slug` is a free one", body = vitrine_models::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name, slug, currency, language or time zone (each named in `errors`)", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn create_site(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<CreateSite>,
) -> Result<Created<Site>, ApiError> {
    crate::auth::ensure_current(&state.pool, &user).await?;
    let mut fields = Fields::default();
    let name = fields.check("name", SiteName::parse(&body.name));
    let explicit = fields.check_opt("slug", body.slug.as_deref().map(Slug::parse));
    let settings =
        ShopSettings::check(&mut fields, body.currency.as_deref(), body.language.as_deref(), body.timezone.as_deref());
    let (Some(name), Some(explicit), Some(settings)) = (name, explicit, settings) else {
        return Err(fields.into_error());
    };
    let slug = explicit.unwrap_or_else(|| name.slug().clone());
    let row = match insert_site(&state.pool, Uuid::now_v7(), user.id, name.as_str(), &slug, &settings).await {
        Ok(row) => row,
        // The one conflict whose answer needs a query: a free slug to suggest.
        Err(err) if violated_constraint(&err) == Some("sites_slug_key") => {
            let suggestion = free_slug(&state.pool, &slug).await?;
            return Err(Error::SlugTaken { slug: slug.into_string(), suggestion }.into());
        }
        Err(err) => return Err(on_constraint(&err, Error::on_constraint)),
    };
    tracing::info!(site.id = %row.id, site.slug = %row.slug, "site created");
    let location = format!("/api/builder/sites/{}", row.id);
    Ok(created(location, row.into_site(&state.settings)))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn insert_site(
    db: impl PgExecutor<'_>,
    id: Uuid,
    owner: Uuid,
    name: &str,
    slug: &Slug,
    settings: &ShopSettings,
) -> Result<SiteRow, sqlx::Error> {
    // Absent settings take the columns' defaults (migrations/builder/0004).
    sqlx::query_as!(
        SiteRow,
        r#"INSERT INTO builder.sites (id, owner_id, name, slug, currency, language, timezone)
           VALUES ($1, $2, $3, $4, COALESCE($5, 'EUR'), COALESCE($6, 'en'), COALESCE($7, 'UTC'))
           RETURNING id, name, slug, currency AS "currency!", language, timezone, created_at"#,
        id,
        owner,
        name,
        slug.as_str(),
        settings.currency.as_deref(),
        settings.language.as_deref(),
        settings.timezone.as_deref()
    )
    .fetch_one(db)
    .await
}

/// The first of `slug-2`, `slug-3`… that no site has and no deleted site
/// still reserves (migrations/builder/0002_released_slugs.sql).
#[tracing::instrument(level = "debug", skip(db))]
async fn free_slug(db: impl PgExecutor<'_>, slug: &Slug) -> Result<String, sqlx::Error> {
    let candidates: Vec<String> = (2..=101).map(|n| slug.with_suffix(n).into_string()).collect();
    let taken: Vec<String> = sqlx::query_scalar!(
        r#"SELECT slug AS "slug!" FROM builder.sites WHERE slug = ANY($1)
           UNION ALL
           SELECT slug FROM builder.released_slugs WHERE slug = ANY($1) AND released_at > now() - interval '30 days'"#,
        &candidates
    )
    .fetch_all(db)
    .await?;
    Ok(candidates
        .into_iter()
        .find(|candidate| !taken.contains(candidate))
        // A hundred taken in a row: fall back to a random suffix.
        .unwrap_or_else(|| slug.with_suffix(rand::random::<u32>() % 900_000 + 100_000).into_string()))
}

/// My sites, newest first.
#[utoipa::path(
    get,
    path = "/api/builder/sites",
    tag = "sites",
    security(("bearer" = []), ("password" = [])),
    params(PageParams),
    responses((status = 200, description = "A page of the caller's sites", body = Page<Site>))
)]
async fn list_sites(
    State(state): State<AppState>,
    user: AuthUser,
    Query(page): Query<PageParams>,
) -> Result<AxumJson<Page<Site>>, ApiError> {
    crate::auth::ensure_current(&state.pool, &user).await?;
    let request = page.parse::<Uuid>()?;
    let rows = sqlx::query_as!(
        SiteRow,
        r#"SELECT id, name, slug, currency AS "currency!", language, timezone, created_at FROM builder.sites
         WHERE owner_id = $1 AND ($2::uuid IS NULL OR id < $2)
         ORDER BY id DESC
         LIMIT $3"#,
        user.id,
        request.after,
        request.fetch_limit()
    )
    .fetch_all(&state.pool)
    .await?;
    Ok(AxumJson(paginate(rows, request.limit, |row| row.id, |row| row.into_site(&state.settings))))
}

/// One of my sites.
#[utoipa::path(
    get,
    path = "/api/builder/sites/{id}",
    tag = "sites",
    security(("bearer" = []), ("password" = [])),
    params(SiteId),
    responses((status = 200, description = "The site", body = Site))
)]
async fn get_site(
    State(state): State<AppState>,
    user: AuthUser,
    Path(SiteId { id }): Path<SiteId>,
) -> Result<AxumJson<Site>, ApiError> {
    crate::auth::ensure_current(&state.pool, &user).await?;
    let row = sqlx::query_as!(
        SiteRow,
        r#"SELECT id, name, slug, currency AS "currency!", language, timezone, created_at
           FROM builder.sites WHERE id = $1 AND owner_id = $2"#,
        id,
        user.id
    )
    .fetch_optional(&state.pool)
    .await?;
    let row = found(row, "site")?;
    Ok(AxumJson(row.into_site(&state.settings)))
}

/// Change one of my sites: rename it, set its currency, language or time
/// zone, or move it to another address. Only the fields sent change; a new
/// name keeps the slug (links to the shop keep working) unless `slug` is sent.
#[utoipa::path(
    patch,
    path = "/api/builder/sites/{id}",
    tag = "sites",
    security(("bearer" = []), ("password" = [])),
    params(SiteId),
    request_body = UpdateSite,
    responses(
        (status = 200, description = "The changed site", body = Site),
        (status = 409, description = "Slug taken; `suggested_slug` is a free one", body = vitrine_models::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name, slug, currency, language or time zone (each named in `errors`)", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn update_site(
    State(state): State<AppState>,
    user: AuthUser,
    Path(SiteId { id }): Path<SiteId>,
    Json(body): Json<UpdateSite>,
) -> Result<AxumJson<Site>, ApiError> {
    crate::auth::ensure_current(&state.pool, &user).await?;
    let mut fields = Fields::default();
    let name = fields.check_opt("name", body.name.as_deref().map(SiteName::parse));
    let slug = fields.check_opt("slug", body.slug.as_deref().map(Slug::parse));
    let settings =
        ShopSettings::check(&mut fields, body.currency.as_deref(), body.language.as_deref(), body.timezone.as_deref());
    let (Some(name), Some(slug), Some(settings)) = (name, slug, settings) else {
        return Err(fields.into_error());
    };
    let updated = sqlx::query_as!(
        SiteRow,
        r#"UPDATE builder.sites
           SET name = COALESCE($3, name), slug = COALESCE($4, slug), currency = COALESCE($5, currency),
               language = COALESCE($6, language), timezone = COALESCE($7, timezone)
           WHERE id = $1 AND owner_id = $2
           RETURNING id, name, slug, currency AS "currency!", language, timezone, created_at"#,
        id,
        user.id,
        name.as_ref().map(SiteName::as_str),
        slug.as_ref().map(Slug::as_str),
        settings.currency.as_deref(),
        settings.language.as_deref(),
        settings.timezone.as_deref()
    )
    .fetch_optional(&state.pool)
    .await;
    let row = match updated {
        Ok(row) => found(row, "site")?,
        // Only a new slug can collide; its answer suggests a free one.
        Err(err) => match (violated_constraint(&err), slug) {
            (Some("sites_slug_key"), Some(slug)) => {
                let suggestion = free_slug(&state.pool, &slug).await?;
                return Err(Error::SlugTaken { slug: slug.into_string(), suggestion }.into());
            }
            _ => return Err(on_constraint(&err, Error::on_constraint)),
        },
    };
    tracing::info!(site.id = %row.id, site.slug = %row.slug, "site changed");
    Ok(AxumJson(row.into_site(&state.settings)))
}

/// Delete one of my sites: its storefront and catalog disappear from every API at once.
#[utoipa::path(
    delete,
    path = "/api/builder/sites/{id}",
    tag = "sites",
    security(("bearer" = []), ("password" = [])),
    params(SiteId),
    responses((status = 204, description = "Deleted"))
)]
async fn delete_site(
    State(state): State<AppState>,
    user: AuthUser,
    Path(SiteId { id }): Path<SiteId>,
) -> Result<StatusCode, ApiError> {
    crate::auth::ensure_current(&state.pool, &user).await?;
    let rows = sqlx::query!("DELETE FROM builder.sites WHERE id = $1 AND owner_id = $2", id, user.id)
        .execute(&state.pool)
        .await?
        .rows_affected();
    let answer = deleted(rows, "site")?;
    tracing::info!(site.id = %id, "site deleted");
    Ok(answer)
}

/// What anyone may know of a site, by its slug.
#[utoipa::path(
    get,
    path = "/api/builder/public/sites/{slug}",
    tag = "public",
    params(SiteSlug),
    responses((status = 200, description = "The site", body = PublicSite))
)]
async fn public_site(
    State(state): State<AppState>,
    Path(SiteSlug { slug }): Path<SiteSlug>,
) -> Result<AxumJson<PublicSite>, ApiError> {
    let site = found(vitrine_common::sites::find_by_slug(&state.pool, &slug).await?, "site")?;
    Ok(AxumJson(PublicSite {
        url: state.settings.site_url(&site.slug),
        id: site.id,
        name: site.name,
        slug: site.slug,
        currency: site.currency,
        language: site.language,
        timezone: site.timezone,
    }))
}
