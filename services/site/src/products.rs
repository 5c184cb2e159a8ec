//! A site's products, for its owner.

use axum::Json as AxumJson;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use sqlx::{PgConnection, PgExecutor};
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

use crate::catalog::{self, Filter, ProductRow, VariantRow};
use crate::domain::{Description, Title, search_query};
use crate::variants::{self, NewVariant};
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

/// Create a product, with its variants if `variants` is given: all or
/// nothing, in one transaction. Its slug comes from its title, in any script
/// (`-2`, `-3`… when taken), unless given.
#[utoipa::path(
    post,
    path = "/api/site/sites/{site_id}/products",
    tag = "products",
    security(("bearer" = []), ("password" = [])),
    params(SitePath),
    request_body = CreateProduct,
    responses(
        (status = 201, description = "Product created, with its variants", body = Product,
            headers(("location" = String, description = "The new product's URL in this API"))),
        (status = 409, description = "The explicit slug is another product's, or a variant's SKU (`variants[i].sku`) is another variant's; nothing was created", body = vitrine_models::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid, a variant's named `variants[i].price`…; nothing was created", body = vitrine_models::Problem, content_type = "application/problem+json"),
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
    let sent = body.variants.unwrap_or_default();
    if sent.len() > MAX_VARIANTS {
        fields.push("variants", format!("must have at most {MAX_VARIANTS} variants; add more afterwards"));
    }
    let variants: Vec<Option<NewVariant>> = sent
        .into_iter()
        .enumerate()
        .map(|(index, variant)| variants::check_new(&mut fields, &format!("variants[{index}]."), variant))
        .collect();
    check_together(&mut fields, &variants);
    let (Some(title), Some(description), Some(explicit), true) = (title, description, explicit, fields.is_ok()) else {
        return Err(fields.into_error());
    };
    let variants: Vec<NewVariant> = variants.into_iter().flatten().collect();
    let description = description.flatten();
    let new = NewProduct {
        site: site.id,
        title: &title,
        description: description.as_deref(),
        category: body.category_id,
        variants: &variants,
    };
    let (row, variants) = match explicit {
        Some(slug) => {
            let mut tx = state.pool.begin().await?;
            let created = insert_with_variants(&mut tx, &new, &slug).await?;
            tx.commit().await?;
            created
        }
        None => {
            // Any script is transliterated; a title with nothing to make a slug from (only emoji) gets `product-…`.
            let base = Slug::derive_or_generate(title.as_str(), "product");
            insert_with_free_slug(&state.pool, &new, &base).await?
        }
    };
    tracing::info!(product.id = %row.id, product.slug = %row.slug, variants = variants.len(), "product created");
    let location = format!("/api/site/sites/{}/products/{}", site.id, row.id);
    Ok(created(location, row.into_product(Some(variants))))
}

/// The most variants one create request may carry.
const MAX_VARIANTS: usize = 100;

/// What only the variants together can break: one currency per product, and
/// SKUs given twice in the request (each later one is named).
fn check_together(fields: &mut Fields, variants: &[Option<NewVariant>]) {
    let valid = || variants.iter().enumerate().filter_map(|(index, v)| v.as_ref().map(|v| (index, v)));
    if let Some((_, first)) = valid().next() {
        let currency = first.price.currency;
        for (index, _) in valid().filter(|(_, v)| v.price.currency != currency) {
            fields.push(
                &format!("variants[{index}].currency"),
                format!("must be {}, like the product's other variants (one currency per product)", currency.as_str()),
            );
        }
    }
    let mut seen: Vec<(usize, &str)> = Vec::new();
    for (index, variant) in valid() {
        let Some(sku) = &variant.sku else { continue };
        match seen.iter().find(|(_, other)| *other == sku.as_str()) {
            Some((first, _)) => {
                fields.push(&format!("variants[{index}].sku"), format!("is also variants[{first}]'s SKU"));
            }
            None => seen.push((index, sku.as_str())),
        }
    }
}

#[derive(Debug)]
struct NewProduct<'a> {
    site: Uuid,
    title: &'a Title,
    description: Option<&'a str>,
    category: Option<Uuid>,
    variants: &'a [NewVariant],
}

#[tracing::instrument(level = "debug", skip(db))]
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

/// A product creation that failed: on the product's slug (another may be
/// tried), or for good.
enum InsertError {
    SlugTaken,
    Refused(ApiError),
}

impl From<sqlx::Error> for InsertError {
    fn from(err: sqlx::Error) -> Self {
        Self::Refused(err.into())
    }
}

impl From<InsertError> for ApiError {
    fn from(err: InsertError) -> Self {
        match err {
            InsertError::SlugTaken => Error::SlugTaken.into(),
            InsertError::Refused(err) => err,
        }
    }
}

/// Inserts the product with `slug` and then its variants, in `tx`. The
/// variants' ids are made first, in the order sent (their creation order),
/// and those with an explicit SKU are inserted before those whose SKU is
/// generated, so a generated SKU never takes one the request names.
async fn insert_with_variants(
    tx: &mut PgConnection,
    new: &NewProduct<'_>,
    slug: &Slug,
) -> Result<(ProductRow, Vec<VariantRow>), InsertError> {
    let product = insert(&mut *tx, new, slug).await.map_err(|err| match violated_constraint(&err) {
        Some("products_slug_key") => InsertError::SlugTaken,
        _ => InsertError::Refused(on_constraint(&err, Error::on_constraint)),
    })?;
    // A product now has this slug: it is no longer an old address of another.
    forget_redirect(&mut *tx, new.site, slug.as_str()).await?;
    if new.variants.is_empty() {
        return Ok((product, Vec::new()));
    }
    let ids: Vec<Uuid> = new.variants.iter().map(|_| Uuid::now_v7()).collect();
    let explicit_first = (0..new.variants.len()).filter(|&i| new.variants[i].sku.is_some());
    let generated = (0..new.variants.len()).filter(|&i| new.variants[i].sku.is_none());
    for index in explicit_first.chain(generated) {
        variants::insert(tx, new.site, product.id, &product.slug, ids[index], &new.variants[index]).await.map_err(
            |err| {
                InsertError::Refused(on_constraint(&err, |name| {
                    (name == "variants_sku_key").then(|| {
                        ApiError::conflict(
                            &format!("variants[{index}].sku"),
                            "another variant of this site has this SKU",
                        )
                    })
                }))
            },
        )?;
    }
    variants::refresh_product(tx, product.id).await?;
    let product = catalog::product(&mut *tx, new.site, product.id)
        .await?
        .ok_or_else(|| InsertError::Refused(ApiError::not_found("product")))?;
    let variants = catalog::variants_of(&mut *tx, &[product.id]).await?;
    Ok((product, variants))
}

/// Inserts with `base`, else the first free `base-2`, `base-3`…
///
/// Creators of one base slug in one site queue on a transaction-level
/// advisory lock, so simultaneous "Blue Mug"s each get their own suffix
/// instead of racing for the same one. An explicit slug (which takes no lock)
/// can still win a suffix in between: then the next free one is tried.
async fn insert_with_free_slug(
    db: &sqlx::PgPool,
    new: &NewProduct<'_>,
    base: &Slug,
) -> Result<(ProductRow, Vec<VariantRow>), ApiError> {
    let lock_key = format!("site.products.slug/{}/{base}", new.site);
    for _ in 0..5 {
        let mut tx = db.begin().await?;
        sqlx::query!("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", lock_key).execute(&mut *tx).await?;
        let slug = free_slug(&mut *tx, new.site, base).await?;
        match insert_with_variants(&mut tx, new, &slug).await {
            Ok(created) => {
                tx.commit().await?;
                return Ok(created);
            }
            Err(InsertError::SlugTaken) => {}
            Err(InsertError::Refused(err)) => return Err(err),
        }
    }
    Err(Error::SlugTaken.into())
}

/// Where an old product slug of `site` leads: the slug its product has now,
/// if that product is on the storefront. A product that has `slug` itself is
/// looked up first by the callers, so it wins over an old address.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn redirected_slug(db: impl PgExecutor<'_>, site: Uuid, slug: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT p.slug FROM site.product_slug_redirects r
         JOIN site.products p ON p.site_id = r.site_id AND p.id = r.product_id
         WHERE r.site_id = $1 AND r.slug = $2 AND p.min_price IS NOT NULL",
        site,
        slug
    )
    .fetch_optional(db)
    .await
}

/// Removes the redirect from `slug`, which a product of the site now has.
#[tracing::instrument(level = "debug", skip(db))]
async fn forget_redirect(db: impl PgExecutor<'_>, site: Uuid, slug: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM site.product_slug_redirects WHERE site_id = $1 AND slug = $2", site, slug)
        .execute(db)
        .await?;
    Ok(())
}

/// The first of `slug`, `slug-2`, `slug-3`… that no product of the site has.
#[tracing::instrument(level = "debug", skip(db))]
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

/// Change a product. A new title keeps the slug (links stay valid); send
/// `slug` to change it: the old one then redirects (301) to the new one on the
/// storefront and in the public API, until another product takes it.
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
    let mut tx = state.pool.begin().await?;
    // The slug it had, read under the row's lock, so the redirect names the
    // slug this very update replaces.
    let old_slug =
        sqlx::query_scalar!("SELECT slug FROM site.products WHERE site_id = $1 AND id = $2 FOR UPDATE", site.id, id)
            .fetch_optional(&mut *tx)
            .await?;
    let old_slug = found(old_slug, "product")?;
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
    .fetch_optional(&mut *tx)
    .await
    .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    let row = found(row, "product")?;
    if row.slug != old_slug {
        remember_redirect(&mut tx, site.id, &old_slug, &row.slug, id).await?;
    }
    tx.commit().await?;
    let variants = catalog::variants_of(&state.pool, &[row.id]).await?;
    Ok(AxumJson(row.into_product(Some(variants))))
}

/// Records that `old` now leads to `product` (whose slug is `new`). The
/// redirect names the product, so older slugs of it follow too (A → B → C
/// resolves A straight to C); the new slug stops being anyone's old address.
#[tracing::instrument(level = "debug", skip(tx))]
async fn remember_redirect(
    tx: &mut PgConnection,
    site: Uuid,
    old: &str,
    new: &str,
    product: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO site.product_slug_redirects (site_id, slug, product_id) VALUES ($1, $2, $3)
         ON CONFLICT (site_id, slug) DO UPDATE SET product_id = EXCLUDED.product_id, created_at = now()",
        site,
        old,
        product
    )
    .execute(&mut *tx)
    .await?;
    forget_redirect(&mut *tx, site, new).await
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
