//! The server-rendered storefront: `GET /site/{site_slug}` (the catalog, with
//! category navigation, search, sorting and pages) and
//! `GET /site/{site_slug}/products/{product_slug}`.
//!
//! Pages are HTML rendered with maud (compile-time templates that escape every
//! interpolated value), with inline CSS and no JavaScript. Each page carries
//! an `ETag` (a hash of its bytes). A page without a visitor's cart or session
//! is public: the storefront cache (`crate::cache`, ADR 0028) keeps it and
//! gives it `Cache-Control: public, max-age=…, stale-while-revalidate=…`
//! (`public, no-cache` when the cache is off). Pages set no cookie, so they can
//! be shared: checkout gives a visitor their key when they make a cart.

use std::collections::HashMap;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Extension, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use uuid::Uuid;
use vitrine_common::pagination::PageParams;
use vitrine_common::sites::{PublicSite, find_by_slug};
use vitrine_models::site::{Category, ProductSort};

use crate::AppState;
use crate::cache::CartItems;
use crate::catalog::{self, Cover, Filter, ProductRow, VariantRow};
use crate::domain::search_query;

mod pages;

/// Products per storefront page.
const PAGE_SIZE: u16 = 24;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/site/{site_slug}", get(catalog_page))
        .route("/site/{site_slug}/products/{product_slug}", get(product_page))
}

/// `?category=&q=&sort=&cursor=` of the catalog page.
#[derive(Debug, Clone, Default, Deserialize)]
struct CatalogQuery {
    category: Option<String>,
    q: Option<String>,
    sort: Option<String>,
    cursor: Option<String>,
}

/// What the catalog page shows, as its links must repeat it.
#[derive(Debug, Clone, Default)]
pub(crate) struct View {
    pub category: Option<Uuid>,
    pub q: String,
    pub sort: ProductSort,
    pub cursor: Option<String>,
}

impl View {
    fn parse(query: CatalogQuery) -> Self {
        let sort = match query.sort.as_deref() {
            Some("price_asc") => ProductSort::PriceAsc,
            Some("price_desc") => ProductSort::PriceDesc,
            _ => ProductSort::Newest,
        };
        Self {
            category: query.category.as_deref().and_then(|raw| Uuid::parse_str(raw).ok()),
            q: query.q.unwrap_or_default().chars().take(200).collect(),
            sort,
            cursor: query.cursor.filter(|c| !c.is_empty()),
        }
    }
}

/// A product card's or page's data.
#[derive(Debug)]
pub(crate) struct Item {
    pub product: ProductRow,
    pub variants: Vec<VariantRow>,
    pub cover: Option<Cover>,
    /// Every image, in order (the product page only; cards show the cover).
    pub images: Vec<catalog::ProductImage>,
}

/// A site with everything its page header needs.
#[derive(Debug)]
pub(crate) struct Shop {
    pub site: PublicSite,
    pub categories: Vec<Category>,
    pub canonical: String,
    /// The item count of the visitor's cart (checkout's `cart_summary`).
    pub cart_items: i64,
    /// Whether the visitor holds a shopper session cookie.
    pub signed_in: bool,
}

/// The item count of cart `token` of `site_id` (0 for an unknown, closed or expired cart).
#[tracing::instrument(level = "debug", skip(pool, token))]
pub(crate) async fn cart_items(pool: &sqlx::PgPool, site_id: Uuid, token: &str) -> Result<i64, sqlx::Error> {
    if token.len() != 43 {
        return Ok(0);
    }
    let count = sqlx::query_scalar!(
        r#"SELECT item_count AS "item_count!" FROM checkout.cart_summary WHERE token = $1 AND site_id = $2"#,
        token,
        site_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(count.unwrap_or(0))
}

/// The shop `slug` as `request` sees it; `cart` is the cart's item count when the cache read it already.
async fn shop(
    state: &AppState,
    slug: &str,
    request: &HeaderMap,
    cart: Option<CartItems>,
) -> Result<Option<Shop>, vitrine_common::ApiError> {
    if slug.len() > vitrine_common::slug::MAX_LEN {
        return Ok(None);
    }
    let Some(site) = find_by_slug(&state.pool, slug).await? else {
        return Ok(None);
    };
    let categories =
        crate::categories::list(&state.pool, site.id, &PageParams { limit: Some(250), cursor: None }).await?.items;
    let canonical = format!("{}/site/{}", state.settings.public_url, site.slug);
    let cart_items = match (cart, vitrine_storefront::read_cookie(request, vitrine_storefront::CART_COOKIE)) {
        (Some(CartItems(count)), _) => count,
        (None, Some(token)) => cart_items(&state.pool, site.id, token).await?,
        (None, None) => 0,
    };
    let signed_in = vitrine_storefront::read_cookie(request, vitrine_storefront::SHOPPER_COOKIE).is_some();
    Ok(Some(Shop { site, categories, canonical, cart_items, signed_in }))
}

async fn catalog_page(
    State(state): State<AppState>,
    axum::extract::Path(site_slug): axum::extract::Path<String>,
    query: Result<Query<CatalogQuery>, QueryRejection>,
    cart: Option<Extension<CartItems>>,
    headers: HeaderMap,
) -> Response {
    // A malformed query string shows the first page rather than an error.
    let view = View::parse(query.map(|Query(q)| q).unwrap_or_default());
    let response = match render_catalog(&state, &site_slug, &view, &headers, cart.map(|Extension(c)| c)).await {
        Ok(Some(markup)) => html(StatusCode::OK, markup, &headers),
        Ok(None) => html(StatusCode::NOT_FOUND, pages::not_found_site(), &headers),
        Err(err) => error_page(&err, &headers),
    };
    with_deployment_csp(&state, response)
}

async fn render_catalog(
    state: &AppState,
    slug: &str,
    view: &View,
    request: &HeaderMap,
    cart: Option<CartItems>,
) -> Result<Option<maud::Markup>, vitrine_common::ApiError> {
    let Some(shop) = shop(state, slug, request, cart).await? else {
        return Ok(None);
    };
    // A category of another site (or none) simply filters to nothing.
    let filter = Filter { category: view.category, search: search_query(&view.q) };
    let page = PageParams { limit: Some(PAGE_SIZE), cursor: view.cursor.clone() };
    let mut read = catalog::public_read(&state.pool).await?;
    let conn: &mut sqlx::PgConnection = &mut read;
    let rows = catalog::storefront_list(&mut *conn, shop.site.id, &filter, view.sort, &page).await?;
    let ids: Vec<Uuid> = rows.items.iter().map(|(product, _)| product.id).collect();
    let mut covers = catalog::covers(&mut *conn, &ids).await?;
    catalog::end_read(read);
    let items: Vec<Item> = rows
        .items
        .into_iter()
        .map(|(product, variants)| {
            let cover = covers.remove(&product.id);
            Item { product, variants, cover, images: Vec::new() }
        })
        .collect();
    Ok(Some(pages::catalog(&shop, view, &items, rows.next_cursor.as_deref())))
}

async fn product_page(
    State(state): State<AppState>,
    axum::extract::Path((site_slug, product_slug)): axum::extract::Path<(String, String)>,
    cart: Option<Extension<CartItems>>,
    headers: HeaderMap,
) -> Response {
    let response = match render_product(&state, &site_slug, &product_slug, &headers, cart.map(|Extension(c)| c)).await {
        Ok(Ok(markup)) => html(StatusCode::OK, markup, &headers),
        Ok(Err(Missing::Moved(location))) => {
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response()
        }
        Ok(Err(Missing::Page(markup))) => html(StatusCode::NOT_FOUND, markup, &headers),
        Err(err) => error_page(&err, &headers),
    };
    with_deployment_csp(&state, response)
}

/// On an https deployment, pages load images over https only (no mixed
/// content; the media service accepts only https image URLs there).
fn with_deployment_csp(state: &AppState, mut response: Response) -> Response {
    if state.settings.public_url.starts_with("https://") {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(HTTPS_CSP));
    }
    response
}

/// Why a product page is not shown.
enum Missing {
    /// An old slug of a product: its page's path now.
    Moved(String),
    /// The 404 page to show.
    Page(maud::Markup),
}

/// The product page, or (as `Err`) where it moved or the 404 page to show instead.
async fn render_product(
    state: &AppState,
    site_slug: &str,
    product_slug: &str,
    request: &HeaderMap,
    cart: Option<CartItems>,
) -> Result<Result<maud::Markup, Missing>, vitrine_common::ApiError> {
    let Some(shop) = shop(state, site_slug, request, cart).await? else {
        return Ok(Err(Missing::Page(pages::not_found_site())));
    };
    if product_slug.len() > vitrine_common::slug::MAX_LEN {
        return Ok(Err(Missing::Page(pages::not_found_product(&shop))));
    }
    let Some(product) = catalog::product_by_slug(&state.pool, shop.site.id, product_slug).await? else {
        // A product's old address leads to its page now (301, so links and search engines follow).
        if let Some(slug) = crate::products::redirected_slug(&state.pool, shop.site.id, product_slug).await? {
            let location = format!("{}/products/{slug}", vitrine_storefront::shop_href(&shop.site.slug));
            return Ok(Err(Missing::Moved(location)));
        }
        return Ok(Err(Missing::Page(pages::not_found_product(&shop))));
    };
    let variants = catalog::variants_of(&state.pool, &[product.id]).await?;
    let cover = catalog::covers(&state.pool, &[product.id]).await?.remove(&product.id);
    let images = catalog::product_images(&state.pool, shop.site.id, product.id).await?;
    Ok(Ok(pages::product(&shop, &Item { product, variants, cover, images })))
}

fn error_page(problem: &vitrine_common::ApiError, headers: &HeaderMap) -> Response {
    let status = problem.status_code();
    let markup = if status == StatusCode::BAD_REQUEST { pages::bad_request() } else { pages::unavailable() };
    html(status, markup, headers)
}

/// 64-bit FNV-1a: a stable hash of the page bytes, the same in every replica.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Whether `If-None-Match` names `etag` (or `*`); weak comparison, as RFC 9110 asks for GET.
pub(crate) fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|value| value.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag))
}

/// The storefront's CSP without `http:` images, for https deployments.
const HTTPS_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; \
                         form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// A page. It sets no cookie (the visitor key is checkout's to give, when a
/// cart is made), so a page without a cart or session is the same for all.
fn html(status: StatusCode, markup: maud::Markup, request: &HeaderMap) -> Response {
    let body = markup.into_string();
    let mut headers = vitrine_storefront::page_headers();
    if status != StatusCode::OK {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return (status, headers, body).into_response();
    }
    let etag = format!("\"{:016x}\"", fnv1a(body.as_bytes()));
    // A page showing a visitor's cart count is theirs: shared caches must not keep it.
    let personal = vitrine_storefront::read_cookie(request, vitrine_storefront::CART_COOKIE).is_some()
        || vitrine_storefront::read_cookie(request, vitrine_storefront::SHOPPER_COOKIE).is_some();
    let cache = if personal { "private, no-cache" } else { "public, no-cache" };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("Cookie"));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if matches_etag(request, &etag) {
        headers.remove(header::CONTENT_TYPE);
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    (status, headers, body).into_response()
}

/// The categories by id, for breadcrumbs and navigation.
pub(crate) fn by_id(categories: &[Category]) -> HashMap<Uuid, &Category> {
    categories.iter().map(|c| (c.id, c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_match_exactly_weakly_or_by_star() {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"a\", W/\"b\""));
        assert!(matches_etag(&headers, "\"a\""));
        assert!(matches_etag(&headers, "\"b\""));
        assert!(!matches_etag(&headers, "\"c\""));
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(matches_etag(&headers, "\"c\""));
    }

    #[test]
    fn the_page_hash_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
