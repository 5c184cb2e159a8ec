//! The customers of a merchant's site: list (with search) and detail, and the
//! sweeper that removes the accounts of deleted sites.

use axum::Json as AxumJson;
use axum::extract::State;
use serde::Deserialize;
use sqlx::types::Json as SqlJson;
use sqlx::{PgExecutor, PgPool};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::pagination::{PageParams, paginate};
use vitrine_common::resource::{SiteItem, found};
use vitrine_common::sites::OwnedSite;
use vitrine_common::{ApiError, Path, Query};
use vitrine_models::Page;
use vitrine_models::customer::{Address, Customer};

use crate::AppState;
use crate::accounts::CustomerRow;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_customers)).routes(routes!(get_customer))
}

/// `?q=&limit=&cursor=` of the customer list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerListParams {
    /// Text the e-mail or the name contains, without regard to case.
    pub q: Option<String>,
    /// How many items to return, 1 to 250 (default 50).
    #[param(minimum = 1, maximum = 250)]
    pub limit: Option<u16>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A site's customers, newest first; `q` narrows the list to e-mails or names containing it.
#[utoipa::path(
    get,
    path = "/api/customer/sites/{site_id}/customers",
    tag = "customers",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), CustomerListParams),
    responses((status = 200, description = "A page of the site's customers", body = Page<Customer>))
)]
async fn list_customers(
    State(state): State<AppState>,
    site: OwnedSite,
    Query(params): Query<CustomerListParams>,
) -> Result<AxumJson<Page<Customer>>, ApiError> {
    let request = PageParams { limit: params.limit, cursor: params.cursor }.parse::<Uuid>()?;
    let search = params.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    // No e-mail or name holds a control character (and the database refuses NUL in text).
    if search.is_some_and(|q| q.contains(char::is_control)) {
        return Ok(AxumJson(Page { items: Vec::new(), next_cursor: None }));
    }
    let rows = list(&state.pool, site.id, search, request.after, request.fetch_limit()).await?;
    Ok(AxumJson(paginate(rows, request.limit, |row| row.id, Customer::from)))
}

#[tracing::instrument(level = "debug", skip(db, search))]
async fn list(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    search: Option<&str>,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<CustomerRow>, sqlx::Error> {
    // strpos, not LIKE: the search text is matched literally (`%` and `_` are no wildcards).
    sqlx::query_as!(
        CustomerRow,
        r#"SELECT c.id, c.site_id, c.email, c.name, c.default_address AS "default_address: SqlJson<Address>", c.created_at
           FROM customer.customers c
           JOIN builder.site_directory d ON d.id = c.site_id
           WHERE c.site_id = $1 AND ($2::uuid IS NULL OR c.id < $2)
             AND ($3::text IS NULL
                  OR strpos(lower(c.email), lower($3)) > 0
                  OR strpos(lower(coalesce(c.name, '')), lower($3)) > 0)
           ORDER BY c.id DESC
           LIMIT $4"#,
        site_id,
        after,
        search,
        limit
    )
    .fetch_all(db)
    .await
}

/// One customer of a site.
#[utoipa::path(
    get,
    path = "/api/customer/sites/{site_id}/customers/{id}",
    tag = "customers",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ("id" = Uuid, Path, description = "The customer's id")),
    responses((status = 200, description = "The customer", body = Customer))
)]
async fn get_customer(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<AxumJson<Customer>, ApiError> {
    let row = found(fetch(&state.pool, site.id, id).await?, "customer")?;
    Ok(AxumJson(row.into()))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn fetch(db: impl PgExecutor<'_>, site_id: Uuid, id: Uuid) -> Result<Option<CustomerRow>, sqlx::Error> {
    sqlx::query_as!(
        CustomerRow,
        r#"SELECT c.id, c.site_id, c.email, c.name, c.default_address AS "default_address: SqlJson<Address>", c.created_at
           FROM customer.customers c
           JOIN builder.site_directory d ON d.id = c.site_id
           WHERE c.site_id = $1 AND c.id = $2"#,
        site_id,
        id
    )
    .fetch_optional(db)
    .await
}

/// Deletes the accounts of sites that no longer exist; returns how many.
#[tracing::instrument(level = "debug", skip(pool))]
pub async fn sweep_deleted_sites(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM customer.customers c
         WHERE NOT EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = c.site_id)"
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
