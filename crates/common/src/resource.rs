//! The shape every site-scoped CRUD service shares (media, promotion,
//! experiment, and any later one), so it is written once:
//!
//! - [`ScopedState`]: the state such a service needs — its pool and the token
//!   verifier — from which [`OwnedSite`](crate::sites::OwnedSite) and
//!   [`PublicSite`](crate::sites::PublicSite) extract; [`ScopedState::start`]
//!   builds it and starts the service's sweeper;
//! - [`SitePath`], [`SiteItem`], [`SiteSlugPath`]: the path parameters of a
//!   site's routes, `…/sites/{site_id}/…/{id}` and `…/public/{site_slug}/…`;
//! - [`found`], [`deleted`]: "no row" becomes the 404 that does not tell a
//!   missing resource from someone else's;
//! - [`created`]: the 201 answer with its `Location`;
//! - [`on_constraint`]: named database constraints become the service's
//!   deliberate answers, anything else the generic database answer.

use axum::extract::FromRef;
use axum::http::{HeaderName, StatusCode, header};
use serde::Deserialize;
use sqlx::PgPool;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::ApiError;
use crate::auth::TokenVerifier;
use crate::config::TokenConfig;

/// The state of a site-scoped service: its pool (acting as its own role)
/// and the verifier of merchants' tokens.
#[derive(Clone, Debug, FromRef)]
pub struct ScopedState {
    /// The pool, acting as the service's role.
    pub pool: PgPool,
    /// Checks access tokens.
    pub verifier: TokenVerifier,
}

impl ScopedState {
    /// The state for `pool`, with the verifier `tokens` describe.
    pub fn new(tokens: &TokenConfig, pool: PgPool) -> anyhow::Result<Self> {
        Ok(Self { pool, verifier: tokens.verifier()? })
    }

    /// What a site-scoped service's [`Service::app`](crate::service::Service::app)
    /// does: builds the state, starts `sweep` (which deletes the rows of
    /// deleted sites, see [`crate::sweep`]) every minute, and returns the app.
    pub fn start<F, Fut>(
        service: &'static str,
        tokens: &TokenConfig,
        pool: PgPool,
        app: impl FnOnce(Self) -> axum::Router,
        sweep: F,
    ) -> anyhow::Result<axum::Router>
    where
        F: Fn(PgPool) -> Fut + Send + 'static,
        Fut: Future<Output = Result<u64, sqlx::Error>> + Send + 'static,
    {
        let state = Self::new(tokens, pool)?;
        crate::sweep::spawn_sweeper(service, crate::sweep::DEFAULT_INTERVAL, state.pool.clone(), sweep);
        Ok(app(state))
    }
}

/// The path parameter of a merchant route of a site: `…/sites/{site_id}/…`.
/// The site itself is checked (and owned) by [`OwnedSite`](crate::sites::OwnedSite);
/// handlers name this type in `params(...)` so the document states it once.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SitePath {
    /// One of your sites.
    pub site_id: Uuid,
}

/// The path parameters of one item of a site: `…/sites/{site_id}/…/{id}`.
/// The site itself is checked (and owned) by [`OwnedSite`](crate::sites::OwnedSite).
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SiteItem {
    /// One of your sites.
    pub site_id: Uuid,
    /// The item's id.
    pub id: Uuid,
}

/// The path parameter of a public route of a site: `…/public/{site_slug}/…`.
/// The site itself is looked up by [`PublicSite`](crate::sites::PublicSite).
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SiteSlugPath {
    /// The site's slug.
    pub site_slug: String,
}

/// The answer of a create handler: 201, `Location`, and the created resource.
pub type Created<T> = (StatusCode, [(HeaderName, String); 1], axum::Json<T>);

/// 201 with the new resource at `location`.
pub fn created<T>(location: String, body: T) -> Created<T> {
    (StatusCode::CREATED, [(header::LOCATION, location)], axum::Json(body))
}

/// The row, or the 404 for `what` (missing and not-yours are answered alike).
pub fn found<T>(row: Option<T>, what: &str) -> Result<T, ApiError> {
    row.ok_or_else(|| ApiError::not_found(what))
}

/// 204 if a row was deleted, else the 404 for `what`.
pub fn deleted(rows_affected: u64, what: &str) -> Result<StatusCode, ApiError> {
    if rows_affected == 0 { Err(ApiError::not_found(what)) } else { Ok(StatusCode::NO_CONTENT) }
}

/// Turns a database error into an answer: `answer` maps the names of the
/// constraints a write may violate to deliberate answers (409, 422…); other
/// errors get [`ApiError::from_db`].
///
/// ```
/// # use vitrine_common::{ApiError, resource::on_constraint};
/// let answer = on_constraint(&sqlx::Error::RowNotFound, |name| match name {
///     "promotions_site_code_key" => Some(ApiError::conflict("code", "is already used on this site")),
///     _ => None,
/// });
/// assert_eq!(answer.status_code(), 500);
/// ```
pub fn on_constraint<E: Into<ApiError>>(err: &sqlx::Error, answer: impl FnOnce(&str) -> Option<E>) -> ApiError {
    match crate::error::violated_constraint(err).and_then(answer) {
        Some(deliberate) => deliberate.into(),
        None => ApiError::from_db(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_row_is_a_404_and_no_deleted_row_too() {
        assert_eq!(found::<()>(None, "promotion").unwrap_err().status_code(), StatusCode::NOT_FOUND);
        assert_eq!(found(Some(1), "promotion").unwrap(), 1);
        assert_eq!(deleted(0, "promotion").unwrap_err().status_code(), StatusCode::NOT_FOUND);
        assert_eq!(deleted(1, "promotion").unwrap(), StatusCode::NO_CONTENT);
    }

    #[test]
    fn errors_without_a_known_constraint_are_not_deliberate() {
        let answer = on_constraint(&sqlx::Error::RowNotFound, |_| Some(ApiError::conflict("code", "taken")));
        assert_eq!(answer.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
