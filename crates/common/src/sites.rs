//! Site scoping, the shape every site-scoped service shares.
//!
//! A site's existence and owner come from the builder's published view
//! `builder.site_directory`, read directly (never its tables, never over
//! HTTP). Merchant routes take [`OwnedSite`]: the `{site_id}` of the path,
//! owned by the caller, or a 404 — a site that exists but belongs to someone
//! else is answered exactly like one that does not exist. Public routes take
//! [`PublicSite`]: the `{site_slug}` of the path, or a 404. A deleted site
//! leaves the view in the builder's transaction, so it vanishes from every
//! service at once.

use std::collections::HashMap;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use crate::ApiError;
use crate::auth::{AuthUser, TokenVerifier};

/// A site of the authenticated caller, named by `{site_id}` in the path.
#[derive(Debug, Clone)]
pub struct OwnedSite {
    /// The site's id.
    pub id: Uuid,
    /// The site's public slug.
    pub slug: String,
    /// The site's name.
    pub name: String,
    /// The shop's currency (ISO 4217): the default for new variants and promotions.
    pub currency: String,
    /// The shop's language (a BCP 47 tag such as `fr-FR`): its storefront's `lang` and formats.
    pub language: String,
    /// The shop's time zone (an IANA name): how its dates are shown and entered.
    pub timezone: String,
    /// The caller (its owner).
    pub owner: AuthUser,
}

/// A live site named by `{site_slug}` in the path, for public routes.
#[derive(Debug, Clone)]
pub struct PublicSite {
    /// The site's id.
    pub id: Uuid,
    /// The site's public slug.
    pub slug: String,
    /// The site's name.
    pub name: String,
    /// The shop's currency (ISO 4217).
    pub currency: String,
    /// The shop's language (a BCP 47 tag such as `fr-FR`): its storefront's `lang` and formats.
    pub language: String,
    /// The shop's time zone (an IANA name).
    pub timezone: String,
}

/// A site's settings as the builder's view publishes them.
#[derive(Debug, Clone)]
pub struct SiteSettings {
    /// The site's public slug.
    pub slug: String,
    /// The site's name.
    pub name: String,
    /// The shop's currency (ISO 4217).
    pub currency: String,
    /// The shop's language (BCP 47).
    pub language: String,
    /// The shop's time zone (IANA).
    pub timezone: String,
}

/// The site `id` if `owner` owns it.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn find_owned(db: impl PgExecutor<'_>, id: Uuid, owner: Uuid) -> Result<Option<SiteSettings>, sqlx::Error> {
    sqlx::query_as!(
        SiteSettings,
        r#"SELECT slug AS "slug!", name AS "name!", currency AS "currency!", language AS "language!",
                  timezone AS "timezone!"
           FROM builder.site_directory WHERE id = $1 AND owner_id = $2"#,
        id,
        owner
    )
    .fetch_optional(db)
    .await
}

/// The site `id` if `owner` owns it, and whether tokens issued at
/// `issued_at` are still valid for that owner (no logout since):
/// `builder.site_directory` carries the owner's `tokens_valid_after`, so this
/// is the same single look-up.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn find_owned_by_token(
    db: impl PgExecutor<'_>,
    id: Uuid,
    owner: Uuid,
    issued_at: i64,
) -> Result<Option<(SiteSettings, bool)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT slug AS "slug!", name AS "name!", currency AS "currency!", language AS "language!",
                  timezone AS "timezone!",
                  owner_tokens_valid_after <= to_timestamp($3::bigint) AS "current!"
           FROM builder.site_directory WHERE id = $1 AND owner_id = $2"#,
        id,
        owner,
        issued_at
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| {
        let settings = SiteSettings {
            slug: r.slug,
            name: r.name,
            currency: r.currency,
            language: r.language,
            timezone: r.timezone,
        };
        (settings, r.current)
    }))
}

/// The live site whose slug is `slug`.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn find_by_slug(db: impl PgExecutor<'_>, slug: &str) -> Result<Option<PublicSite>, sqlx::Error> {
    sqlx::query_as!(
        PublicSite,
        r#"SELECT id AS "id!", slug AS "slug!", name AS "name!", currency AS "currency!", language AS "language!",
                  timezone AS "timezone!"
           FROM builder.site_directory WHERE slug = $1"#,
        slug
    )
    .fetch_optional(db)
    .await
}

async fn raw_param<S: Send + Sync>(parts: &mut Parts, state: &S, name: &str) -> Option<String> {
    let axum::extract::Path(params) =
        axum::extract::Path::<HashMap<String, String>>::from_request_parts(parts, state).await.ok()?;
    params.get(name).cloned()
}

impl<S> FromRequestParts<S> for OwnedSite
where
    PgPool: FromRef<S>,
    TokenVerifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let owner = AuthUser::from_request_parts(parts, state).await?;
        let id = raw_param(parts, state, "site_id")
            .await
            .and_then(|raw| Uuid::parse_str(&raw).ok())
            .ok_or_else(|| ApiError::not_found("site"))?;
        let pool = PgPool::from_ref(state);
        let (site, current) = find_owned_by_token(&pool, id, owner.id, owner.issued_at)
            .await?
            .ok_or_else(|| ApiError::not_found("site"))?;
        if !current {
            tracing::debug!("token revoked (issued before its owner's logout)");
            return Err(ApiError::unauthorized());
        }
        let SiteSettings { slug, name, currency, language, timezone } = site;
        Ok(Self { id, slug, name, currency, language, timezone, owner })
    }
}

impl<S> FromRequestParts<S> for PublicSite
where
    PgPool: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let slug = raw_param(parts, state, "site_slug").await.ok_or_else(|| ApiError::not_found("site"))?;
        let pool = PgPool::from_ref(state);
        public_site(&pool, &slug).await
    }
}

/// The live site whose slug is `slug`, as [`PublicSite`] extracts it (404
/// otherwise), on `db`: a handler that reads more on one connection looks
/// the site up there too, instead of on a connection of its own.
pub async fn public_site(db: impl PgExecutor<'_>, slug: &str) -> Result<PublicSite, ApiError> {
    // No site has a slug outside the slug syntax: answer without asking the
    // database (which refuses some bytes, NUL above all, with an error).
    if crate::slug::Slug::parse(slug).is_err() {
        return Err(ApiError::not_found("site"));
    }
    find_by_slug(db, slug).await?.ok_or_else(|| ApiError::not_found("site"))
}
