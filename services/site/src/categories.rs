//! A site's category tree, for its owner.

use axum::Json as AxumJson;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sqlx::PgExecutor;
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::pagination::{PageParams, paginate};
use vitrine_common::resource::{Created, SiteItem, SitePath, created, deleted, found, on_constraint};
use vitrine_common::sites::OwnedSite;
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Json, Path, Query};
use vitrine_models::Page;
use vitrine_models::site::{Category, CreateCategory, UpdateCategory};

use crate::domain::CategoryName;
use crate::{AppState, Error};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_category, list_categories)).routes(routes!(
        get_category,
        update_category,
        delete_category
    ))
}

/// A category as stored.
#[derive(Debug, Clone)]
pub struct CategoryRow {
    pub id: Uuid,
    pub name: String,
    pub parent_id: Option<Uuid>,
    pub created_at: OffsetDateTime,
}

impl From<CategoryRow> for Category {
    fn from(row: CategoryRow) -> Self {
        Self { id: row.id, name: row.name, parent_id: row.parent_id, created_at: row.created_at }
    }
}

/// The keyset position in a list of categories by name.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct NameKey {
    name: String,
    id: Uuid,
}

/// Create a category, at the top of the tree or under a parent of the same site.
/// Names are unique among siblings, ignoring case.
#[utoipa::path(
    post,
    path = "/api/site/sites/{site_id}/categories",
    tag = "categories",
    security(("bearer" = []), ("password" = [])),
    params(SitePath),
    request_body = CreateCategory,
    responses(
        (status = 201, description = "Category created", body = Category,
            headers(("location" = String, description = "The new category's URL in this API"))),
        (status = 409, description = "A category with the same parent has this name (ignoring case)", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn create_category(
    State(state): State<AppState>,
    site: OwnedSite,
    Json(body): Json<CreateCategory>,
) -> Result<Created<Category>, ApiError> {
    let mut fields = Fields::default();
    let name = fields.check("name", CategoryName::parse(&body.name));
    let Some(name) = name else {
        return Err(fields.into_error());
    };
    let row = insert(&state.pool, Uuid::now_v7(), site.id, &name, body.parent_id)
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    let location = format!("/api/site/sites/{}/categories/{}", site.id, row.id);
    Ok(created(location, row.into()))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    site: Uuid,
    name: &CategoryName,
    parent: Option<Uuid>,
) -> Result<CategoryRow, sqlx::Error> {
    sqlx::query_as!(
        CategoryRow,
        "INSERT INTO site.categories (id, site_id, name, parent_id) VALUES ($1, $2, $3, $4)
         RETURNING id, name, parent_id, created_at",
        id,
        site,
        name.as_str(),
        parent
    )
    .fetch_one(db)
    .await
}

/// The categories of a site, by name.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn list(db: impl PgExecutor<'_>, site: Uuid, page: &PageParams) -> Result<Page<Category>, ApiError> {
    let request = page.parse::<NameKey>()?;
    let (after_name, after_id) = match &request.after {
        Some(key) => (Some(key.name.as_str()), key.id),
        None => (None, Uuid::nil()),
    };
    let rows = sqlx::query_as!(
        CategoryRow,
        "SELECT id, name, parent_id, created_at FROM site.categories
         WHERE site_id = $1 AND ($2::text IS NULL OR (name, id) > ($2, $3::uuid))
         ORDER BY name, id LIMIT $4",
        site,
        after_name,
        after_id,
        request.fetch_limit()
    )
    .fetch_all(db)
    .await?;
    Ok(paginate(rows, request.limit, |row| NameKey { name: row.name.clone(), id: row.id }, Category::from))
}

/// The site's categories, by name.
#[utoipa::path(
    get,
    path = "/api/site/sites/{site_id}/categories",
    tag = "categories",
    security(("bearer" = []), ("password" = [])),
    params(SitePath, PageParams),
    responses((status = 200, description = "A page of categories, by name", body = Page<Category>))
)]
async fn list_categories(
    State(state): State<AppState>,
    site: OwnedSite,
    Query(page): Query<PageParams>,
) -> Result<AxumJson<Page<Category>>, ApiError> {
    Ok(AxumJson(list(&state.pool, site.id, &page).await?))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn find(db: impl PgExecutor<'_>, site: Uuid, id: Uuid) -> Result<Option<CategoryRow>, sqlx::Error> {
    sqlx::query_as!(
        CategoryRow,
        "SELECT id, name, parent_id, created_at FROM site.categories WHERE site_id = $1 AND id = $2",
        site,
        id
    )
    .fetch_optional(db)
    .await
}

/// One category.
#[utoipa::path(
    get,
    path = "/api/site/sites/{site_id}/categories/{id}",
    tag = "categories",
    security(("bearer" = []), ("password" = [])),
    params(SiteItem),
    responses((status = 200, description = "The category", body = Category))
)]
async fn get_category(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<AxumJson<Category>, ApiError> {
    let row = found(find(&state.pool, site.id, id).await?, "category")?;
    Ok(AxumJson(row.into()))
}

/// Whether `category` is `candidate` or one of its ancestors: making
/// `candidate` its parent would close a cycle.
#[tracing::instrument(level = "debug", skip(db))]
async fn is_self_or_ancestor(
    db: impl PgExecutor<'_>,
    site: Uuid,
    category: Uuid,
    candidate: Uuid,
) -> Result<bool, sqlx::Error> {
    // UNION (not UNION ALL) ends the walk even if a cycle existed.
    let found = sqlx::query_scalar!(
        r#"WITH RECURSIVE up (id, parent_id) AS (
               SELECT id, parent_id FROM site.categories WHERE site_id = $1 AND id = $2
               UNION
               SELECT c.id, c.parent_id FROM site.categories c JOIN up ON c.id = up.parent_id
               WHERE c.site_id = $1
           )
           SELECT EXISTS (SELECT 1 FROM up WHERE id = $3) AS "found!""#,
        site,
        candidate,
        category
    )
    .fetch_one(db)
    .await?;
    Ok(found)
}

/// Rename a category or move it (`parent_id`; `null` moves it to the top).
#[utoipa::path(
    patch,
    path = "/api/site/sites/{site_id}/categories/{id}",
    tag = "categories",
    security(("bearer" = []), ("password" = [])),
    params(SiteItem),
    request_body = UpdateCategory,
    responses(
        (status = 200, description = "The updated category", body = Category),
        (status = 409, description = "A category with the new parent has this name (ignoring case)", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn update_category(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
    Json(body): Json<UpdateCategory>,
) -> Result<AxumJson<Category>, ApiError> {
    let mut fields = Fields::default();
    let name = fields.check_opt("name", body.name.as_deref().map(CategoryName::parse));
    let Some(name) = name else {
        return Err(fields.into_error());
    };
    let mut tx = state.pool.begin().await?;
    if let Some(parent) = body.parent_id {
        // Moves within one site are serialised, so two concurrent moves cannot
        // each pass the cycle check and together close a loop.
        sqlx::query!("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))", site.id.to_string())
            .execute(&mut *tx)
            .await?;
        if let Some(parent) = parent
            && is_self_or_ancestor(&mut *tx, site.id, id, parent).await?
        {
            return Err(Error::CategoryCycle.into());
        }
    }
    let row = sqlx::query_as!(
        CategoryRow,
        "UPDATE site.categories
         SET name = COALESCE($3, name),
             parent_id = CASE WHEN $4 THEN $5 ELSE parent_id END
         WHERE site_id = $1 AND id = $2
         RETURNING id, name, parent_id, created_at",
        site.id,
        id,
        name.as_ref().map(CategoryName::as_str),
        body.parent_id.is_some(),
        body.parent_id.flatten()
    )
    .fetch_optional(&mut *tx)
    .await
    .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    let row = found(row, "category")?;
    tx.commit().await?;
    Ok(AxumJson(row.into()))
}

/// Delete a category that has no subcategories; its products become uncategorised.
#[utoipa::path(
    delete,
    path = "/api/site/sites/{site_id}/categories/{id}",
    tag = "categories",
    security(("bearer" = []), ("password" = [])),
    params(SiteItem),
    responses(
        (status = 204, description = "Deleted; its products are now uncategorised"),
        (status = 409, description = "The category has subcategories", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn delete_category(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<StatusCode, ApiError> {
    let rows = sqlx::query!("DELETE FROM site.categories WHERE site_id = $1 AND id = $2", site.id, id)
        .execute(&state.pool)
        .await
        // A child still points here: on a delete, the parent key means "has subcategories".
        .map_err(|err| {
            on_constraint(&err, |name| (name == "categories_parent_fkey").then_some(Error::HasSubcategories))
        })?
        .rows_affected();
    deleted(rows, "category")
}
