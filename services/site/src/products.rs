//! A site's products, for its owner.

use axum::Json as AxumJson;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use sqlx::PgExecutor;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::error::violated_constraint;
use vitrine_common::pagination::PageParams;
use vitrine_common::resource::{Created, SiteItem, SitePath, created, deleted, found, on_constraint};
use vitrine_common::sites::OwnedSite;
use vitrine_common::slug::Slug;
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Json, Path, Query};
use vitrine_models::Page;
use vitrine_models::site::{CreateProduct, Product, UpdateProduct};

use crate::catalog::{self, Filter, ProductRow};
use crate::domain::{Description, Title, search_query};
use crate::{AppState, Error};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_product, list_products)).routes(routes!(
        get_product,
        update_product,
        delete_product
    ))
}

/// `?category_id=&q=&limit=&cursor=` of the merchant's product list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductListParams {
    /// Only this category's products.
    pub category_id: Option<Uuid>,
    /// Words the title or description contain (prefixes match: `lin` finds "linen").
    pub q: Option<String>,
    /// How many items to return, 1 to 250 (default 50).
    #[param(minimum = 1, maximum = 250)]
    pub limit: Option<u16>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Create a product. Its slug comes from its title, in any script (`-2`, `-3`… when taken), unless given.
#[utoipa::path(
    post,
    path = "/api/site/sites/{site_id}/products",
    tag = "products",
    security(("bearer" = []), ("password" = [])),
    params(SitePath),
    request_body = CreateProduct,
    responses(
        (status = 201, description = "Product created", body = Product,
            headers(("location" = String, description = "The new product's URL in this API"))),
        (status = 409, description = "The explicit slug is another product's", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn create_product(
    State(state): State<AppState>,
    site: OwnedSite,
    Json(body): Json<CreateProduct>,
) -> Result<Created<Product>, ApiError> {
    let mut fields = Fields::default();
    let title = fields.check("title", Title::parse(&body.title));
    let description = fields.check_opt("description", body.description.as_deref().map(Description::parse));
    let explicit = fields.check_opt("slug", body.slug.as_deref().map(Slug::parse));
    let (Some(title), Some(description), Some(explicit)) = (title, description, explicit) else {
        return Err(fields.into_error());
    };
    let description = description.flatten();
    let new =
        NewProduct { site: site.id, title: &title, description: description.as_deref(), category: body.category_id };
    let row = match explicit {
        Some(slug) => {
            insert(&state.pool, &new, &slug).await.map_err(|err| on_constraint(&err, Error::on_constraint))?
        }
        None => {
            // Any script is transliterated; a title with nothing to make a slug from (only emoji) gets `product-…`.
            let base = Slug::derive_or_generate(title.as_str(), "product");
            insert_with_free_slug(&state.pool, &new, &base).await?
        }
    };
    tracing::info!(product.id = %row.id, product.slug = %row.slug, "product created");
    let location = format!("/api/site/sites/{}/products/{}", site.id, row.id);
    Ok(created(location, row.into_product(Some(Vec::new()))))
}

#[derive(Debug)]
struct NewProduct<'a> {
    site: Uuid,
    title: &'a Title,
    description: Option<&'a str>,
    category: Option<Uuid>,
}

#[tracing::instrument(skip(db))]
async fn insert(db: impl PgExecutor<'_>, new: &NewProduct<'_>, slug: &Slug) -> Result<ProductRow, sqlx::Error> {
    sqlx::query_as!(
        ProductRow,
        "INSERT INTO site.products (id, site_id, title, description, slug, category_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency",
        Uuid::now_v7(),
        new.site,
        new.title.as_str(),
        new.description,
        slug.as_str(),
        new.category
    )
    .fetch_one(db)
    .await
}

/// Inserts with `base`, else the first free `base-2`, `base-3`…
///
/// Creators of one base slug in one site queue on a transaction-level
/// advisory lock, so simultaneous "Blue Mug"s each get their own suffix
/// instead of racing for the same one. An explicit slug (which takes no lock)
/// can still win a suffix in between: then the next free one is tried.
async fn insert_with_free_slug(db: &sqlx::PgPool, new: &NewProduct<'_>, base: &Slug) -> Result<ProductRow, ApiError> {
    let lock_key = format!("site.products.slug/{}/{base}", new.site);
    for _ in 0..5 {
        let mut tx = db.begin().await?;
        sqlx::query!("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", lock_key).execute(&mut *tx).await?;
        let slug = free_slug(&mut *tx, new.site, base).await?;
        match insert(&mut *tx, new, &slug).await {
            Ok(row) => {
                tx.commit().await?;
                return Ok(row);
            }
            Err(err) if violated_constraint(&err) == Some("products_slug_key") => {}
            Err(err) => return Err(on_constraint(&err, Error::on_constraint)),
        }
    }
    Err(Error::SlugTaken.into())
}

/// The first of `slug`, `slug-2`, `slug-3`… that no product of the site has.
#[tracing::instrument(skip(db))]
async fn free_slug(db: impl PgExecutor<'_>, site: Uuid, slug: &Slug) -> Result<Slug, sqlx::Error> {
    let candidates: Vec<Slug> = std::iter::once(slug.clone()).chain((2..=101).map(|n| slug.with_suffix(n))).collect();
    let texts: Vec<String> = candidates.iter().map(|c| c.as_str().to_owned()).collect();
    let taken: Vec<String> =
        sqlx::query_scalar!("SELECT slug FROM site.products WHERE site_id = $1 AND slug = ANY($2)", site, &texts)
            .fetch_all(db)
            .await?;
    Ok(candidates
        .into_iter()
        .find(|candidate| !taken.iter().any(|t| t == candidate.as_str()))
        // A hundred taken in a row: fall back to a random-looking suffix from a fresh id.
        .unwrap_or_else(|| slug.with_suffix(Uuid::now_v7().as_u128() as u32 % 900_000 + 100_000)))
}

/// The site's products, newest first; `category_id` and `q` narrow the list.
#[utoipa::path(
    get,
    path = "/api/site/sites/{site_id}/products",
    tag = "products",
    security(("bearer" = []), ("password" = [])),
    params(SitePath, ProductListParams),
    responses((status = 200, description = "A page of products, newest first (without variants)", body = Page<Product>))
)]
async fn list_products(
    State(state): State<AppState>,
    site: OwnedSite,
    Query(params): Query<ProductListParams>,
) -> Result<AxumJson<Page<Product>>, ApiError> {
    let filter = Filter { category: params.category_id, search: params.q.as_deref().and_then(search_query) };
    let page = PageParams { limit: params.limit, cursor: params.cursor };
    let rows = catalog::merchant_list(&state.pool, site.id, &filter, &page).await?;
    Ok(AxumJson(Page {
        items: rows.items.into_iter().map(|row| row.into_product(None)).collect(),
        next_cursor: rows.next_cursor,
    }))
}

/// One product, with its variants (cheapest first).
#[utoipa::path(
    get,
    path = "/api/site/sites/{site_id}/products/{id}",
    tag = "products",
    security(("bearer" = []), ("password" = [])),
    params(SiteItem),
    responses((status = 200, description = "The product and its variants", body = Product))
)]
async fn get_product(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<AxumJson<Product>, ApiError> {
    let row = found(catalog::product(&state.pool, site.id, id).await?, "product")?;
    let variants = catalog::variants_of(&state.pool, &[row.id]).await?;
    Ok(AxumJson(row.into_product(Some(variants))))
}

/// Change a product. A new title keeps the slug (links stay valid); send `slug` to change it.
#[utoipa::path(
    patch,
    path = "/api/site/sites/{site_id}/products/{id}",
    tag = "products",
    security(("bearer" = []), ("password" = [])),
    params(SiteItem),
    request_body = UpdateProduct,
    responses(
        (status = 200, description = "The updated product and its variants", body = Product),
        (status = 409, description = "The slug is another product's", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn update_product(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
    Json(body): Json<UpdateProduct>,
) -> Result<AxumJson<Product>, ApiError> {
    let mut fields = Fields::default();
    let title = fields.check_opt("title", body.title.as_deref().map(Title::parse));
    let description = match &body.description {
        None => Some(None),
        Some(None) => Some(Some(None)),
        Some(Some(text)) => fields.check("description", Description::parse(text)).map(Some),
    };
    let slug = fields.check_opt("slug", body.slug.as_deref().map(Slug::parse));
    let (Some(title), Some(description), Some(slug)) = (title, description, slug) else {
        return Err(fields.into_error());
    };
    // One conditional UPDATE: no read-modify-write race.
    let row = sqlx::query_as!(
        ProductRow,
        "UPDATE site.products
         SET title = COALESCE($3, title),
             description = CASE WHEN $4 THEN $5 ELSE description END,
             slug = COALESCE($6, slug),
             category_id = CASE WHEN $7 THEN $8 ELSE category_id END,
             updated_at = now()
         WHERE site_id = $1 AND id = $2
         RETURNING id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency",
        site.id,
        id,
        title.as_ref().map(Title::as_str),
        description.is_some(),
        description.flatten(),
        slug.as_ref().map(Slug::as_str),
        body.category_id.is_some(),
        body.category_id.flatten()
    )
    .fetch_optional(&state.pool)
    .await
    .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    let row = found(row, "product")?;
    let variants = catalog::variants_of(&state.pool, &[row.id]).await?;
    Ok(AxumJson(row.into_product(Some(variants))))
}

/// Delete a product and its variants.
#[utoipa::path(
    delete,
    path = "/api/site/sites/{site_id}/products/{id}",
    tag = "products",
    security(("bearer" = []), ("password" = [])),
    params(SiteItem),
    responses((status = 204, description = "Deleted, with its variants"))
)]
async fn delete_product(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<StatusCode, ApiError> {
    let rows = sqlx::query!("DELETE FROM site.products WHERE site_id = $1 AND id = $2", site.id, id)
        .execute(&state.pool)
        .await?
        .rows_affected();
    deleted(rows, "product")
}
