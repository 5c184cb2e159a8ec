//! The public storefront API: what anyone may read of a live site's catalog.

use axum::Json as AxumJson;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::{IntoParams, PartialSchema, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::extract::json_answer;
use vitrine_common::pagination::PageParams;
use vitrine_common::resource::{SiteSlugPath, found};
use vitrine_common::sites::{PublicSite, public_site};
use vitrine_common::{ApiError, Path, Query};
use vitrine_models::Page;
use vitrine_models::site::{Category, Product, ProductSort};

use crate::AppState;
use crate::catalog::{self, Filter};
use crate::domain::search_query;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    let mut routes = OpenApiRouter::new()
        .routes(routes!(public_categories))
        .routes(routes!(public_products))
        .routes(routes!(public_product));
    // `sort` names `ProductSort` by reference, but utoipa collects no schema
    // that only an `IntoParams` field names (juhaku/utoipa#1388): add it here.
    let components = routes.get_openapi_mut().components.get_or_insert_with(Default::default);
    components.schemas.insert(ProductSort::name().into_owned(), ProductSort::schema());
    routes
}

/// About the size of one product with a few variants in a JSON answer (a
/// listing's buffer is reserved from it).
const ANSWER_BYTES_PER_PRODUCT: usize = 1024;

/// `/api/site/public/{site_slug}/products/{product_slug}`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct ProductSlugPath {
    /// The site's slug.
    site_slug: String,
    /// The product's slug.
    product_slug: String,
}

/// `?category_id=&q=&sort=&limit=&cursor=` of a storefront listing.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StorefrontParams {
    /// Only this category's products, its subcategories' included.
    pub category_id: Option<Uuid>,
    /// Words the title or description contain: prefixes match (`lin` finds "linen"), accents are
    /// ignored (`lave` finds "lavée"), plurals match in the shop's language, a typo in a word of 4
    /// letters or more is forgiven, and Japanese words are found inside a title.
    pub q: Option<String>,
    /// `newest` (default), `price_asc` or `price_desc` (by the cheapest variant).
    pub sort: Option<ProductSort>,
    /// How many items to return, 1 to 250 (default 50).
    #[param(minimum = 1, maximum = 250)]
    pub limit: Option<u16>,
    /// The `next_cursor` of the previous page (with the same `sort`).
    pub cursor: Option<String>,
}

/// A live site's categories, by name.
#[utoipa::path(
    get,
    path = "/api/site/public/{site_slug}/categories",
    tag = "public",
    params(SiteSlugPath, PageParams),
    responses((status = 200, description = "A page of categories, by name", body = Page<Category>))
)]
async fn public_categories(
    State(state): State<AppState>,
    site: PublicSite,
    Query(page): Query<PageParams>,
) -> Result<AxumJson<Page<Category>>, ApiError> {
    Ok(AxumJson(crate::categories::list(&state.pool, site.id, &page).await?))
}

/// A live site's products for sale (those with at least one variant), with their variants.
#[utoipa::path(
    get,
    path = "/api/site/public/{site_slug}/products",
    tag = "public",
    params(SiteSlugPath, StorefrontParams),
    responses((status = 200, description = "A page of products with their variants (cheapest first)", body = Page<Product>))
)]
async fn public_products(
    State(state): State<AppState>,
    Path(path): Path<SiteSlugPath>,
    Query(params): Query<StorefrontParams>,
) -> Result<Response, ApiError> {
    let filter = Filter { category: params.category_id, search: params.q.as_deref().and_then(search_query) };
    let page = PageParams { limit: params.limit, cursor: params.cursor };
    // One connection for the whole answer, the site's look-up included.
    let mut read = catalog::public_read(&state.pool).await?;
    let conn: &mut sqlx::PgConnection = &mut read;
    let site = public_site(&mut *conn, &path.site_slug).await?;
    let rows = catalog::storefront_list(&mut *conn, site.id, &filter, params.sort.unwrap_or_default(), &page).await?;
    catalog::end_read(read);
    let page = Page {
        items: rows.items.into_iter().map(|(product, variants)| product.into_product(Some(variants))).collect(),
        next_cursor: rows.next_cursor,
    };
    Ok(json_answer(&page, ANSWER_BYTES_PER_PRODUCT * (page.items.len() + 1)))
}

/// One product of a live site, by its slug, with its variants.
#[utoipa::path(
    get,
    path = "/api/site/public/{site_slug}/products/{product_slug}",
    tag = "public",
    params(ProductSlugPath),
    responses(
        (status = 200, description = "The product and its variants (cheapest first)", body = Product),
        (status = 301, description = "An old slug of the product: `Location` is its address now",
            headers(("location" = String, description = "The product's address in this API"))),
    )
)]
async fn public_product(
    State(state): State<AppState>,
    Path(ProductSlugPath { site_slug, product_slug }): Path<ProductSlugPath>,
) -> Result<Response, ApiError> {
    let mut read = catalog::public_read(&state.pool).await?;
    let conn: &mut sqlx::PgConnection = &mut read;
    let site = public_site(&mut *conn, &site_slug).await?;
    let Some(row) = catalog::product_by_slug(&mut *conn, site.id, &product_slug).await? else {
        let moved = crate::products::redirected_slug(&mut *conn, site.id, &product_slug).await?;
        let slug = found(moved, "product")?;
        let location = format!("/api/site/public/{}/products/{slug}", site.slug);
        return Ok((StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response());
    };
    let variants = catalog::variants_of(&mut *conn, &[row.id]).await?;
    catalog::end_read(read);
    Ok(json_answer(&row.into_product(Some(variants)), ANSWER_BYTES_PER_PRODUCT))
}
