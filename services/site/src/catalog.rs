//! The catalog's rows, and the product listings the merchant API, the public
//! API and the storefront pages share.
//!
//! Every listing is one walk down one index, resumed from a keyset cursor and
//! stopped at the page's limit, so its cost does not grow with the catalog
//! (see the indexes in `migrations/site/`). Each combination of filters is its
//! own statement, not one statement with `$n IS NULL OR …` branches: a
//! prepared statement's generic plan could not use the index for those, and
//! the first page uses a sentinel key (before every id or price) rather than a
//! NULL cursor for the same reason.
//!
//! A text search is the exception: its matches come from the GIN index and
//! only they are ordered. A `LIMIT` of 1,000 fences the match set so it is
//! planned on its own, and caps it: a search matching more than 1,000 products
//! (after the page's cursor) orders 1,000 of them, so no query can make every
//! page sort a whole catalog (narrowing the search finds the rest). Without
//! the fence, the planner, which estimates rare (and prefix) terms
//! poorly, walks the site's ordered index filtering every product for a few
//! matches (measured: 40 ms for 11 matches among 100,000 products, against
//! 0.1 ms through the GIN index). A search thus costs what it matches, at
//! most 1,000 rows.
//!
//! The twelve listing statements live in `services/site/queries/*.sql`, run
//! here with `query_file_as!` and planned by `tests/scale.rs` from the very
//! same files, so a change that loses the index walk fails that test. The
//! search predicate is in the three `*_search.sql` files, marked
//! `-- search predicate`.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;
use vitrine_common::money::format_amount;
use vitrine_common::pagination::{PageParams, paginate};
use vitrine_models::Page;
use vitrine_models::site::{Product, ProductSort, Variant};

use vitrine_common::ApiError;

/// A product as stored.
#[derive(Debug, Clone)]
pub struct ProductRow {
    pub id: Uuid,
    pub site_id: Uuid,
    pub category_id: Option<Uuid>,
    pub title: String,
    pub description: Option<String>,
    pub slug: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    /// The cheapest variant's price (`None` without variants).
    pub min_price: Option<Decimal>,
    /// The currency of its variants (`None` without variants).
    pub currency: Option<String>,
}

impl ProductRow {
    /// The wire form, with `variants` when the answer includes them.
    pub fn into_product(self, variants: Option<Vec<VariantRow>>) -> Product {
        Product {
            id: self.id,
            site_id: self.site_id,
            title: self.title,
            description: self.description,
            slug: self.slug,
            category_id: self.category_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
            variants: variants.map(|rows| rows.into_iter().map(VariantRow::into_variant).collect()),
        }
    }
}

/// A variant as stored.
#[derive(Debug, Clone)]
pub struct VariantRow {
    pub id: Uuid,
    pub product_id: Uuid,
    pub sku: String,
    pub attributes: serde_json::Value,
    pub price: Decimal,
    pub currency: String,
    pub stock_qty: i32,
}

impl VariantRow {
    /// The wire form: the price with exactly its currency's decimals.
    pub fn into_variant(self) -> Variant {
        Variant {
            id: self.id,
            product_id: self.product_id,
            sku: self.sku,
            attributes: self.attributes,
            price: format_amount(self.price, &self.currency),
            currency: self.currency,
            stock_qty: i64::from(self.stock_qty),
        }
    }
}

/// A product of site `site` by id.
#[tracing::instrument(skip(db))]
pub async fn product(db: impl PgExecutor<'_>, site: Uuid, id: Uuid) -> Result<Option<ProductRow>, sqlx::Error> {
    sqlx::query_as!(
        ProductRow,
        "SELECT id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency
         FROM site.products WHERE site_id = $1 AND id = $2",
        site,
        id
    )
    .fetch_optional(db)
    .await
}

/// A product of site `site` by slug, if it is on the storefront: like the
/// listings, a product without variants (no `min_price`) is not found.
#[tracing::instrument(skip(db))]
pub async fn product_by_slug(
    db: impl PgExecutor<'_>,
    site: Uuid,
    slug: &str,
) -> Result<Option<ProductRow>, sqlx::Error> {
    sqlx::query_as!(
        ProductRow,
        "SELECT id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency
         FROM site.products WHERE site_id = $1 AND slug = $2 AND min_price IS NOT NULL",
        site,
        slug
    )
    .fetch_optional(db)
    .await
}

/// How long one statement of a public read may run: a storefront request
/// that would take longer is cancelled (503 busy) instead of holding a
/// connection every other shop's storefront needs.
pub const PUBLIC_STATEMENT_TIMEOUT: &str = "2s";

/// A transaction for a public (anonymous) read, its statements bounded by
/// [`PUBLIC_STATEMENT_TIMEOUT`].
pub async fn public_read(pool: &sqlx::PgPool) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // set_config(..., true) is SET LOCAL: it ends with the transaction.
    sqlx::query!("SELECT set_config('statement_timeout', $1, true)", PUBLIC_STATEMENT_TIMEOUT)
        .fetch_one(&mut *tx)
        .await?;
    Ok(tx)
}

/// The variants of `products`, cheapest first within each product.
#[tracing::instrument(skip(db, products), fields(products = products.len()))]
pub async fn variants_of(db: impl PgExecutor<'_>, products: &[Uuid]) -> Result<Vec<VariantRow>, sqlx::Error> {
    sqlx::query_as!(
        VariantRow,
        "SELECT id, product_id, sku, attributes, price, currency, stock_qty
         FROM site.variants WHERE product_id = ANY($1)
         ORDER BY product_id, price, id",
        products
    )
    .fetch_all(db)
    .await
}

/// Each product with its variants (cheapest first), in the products' order.
pub fn with_variants(products: Vec<ProductRow>, variants: Vec<VariantRow>) -> Vec<(ProductRow, Vec<VariantRow>)> {
    let mut by_product: HashMap<Uuid, Vec<VariantRow>> = HashMap::new();
    for variant in variants {
        by_product.entry(variant.product_id).or_default().push(variant);
    }
    products
        .into_iter()
        .map(|product| {
            let variants = by_product.remove(&product.id).unwrap_or_default();
            (product, variants)
        })
        .collect()
}

/// Loads the variants of a page of products.
pub async fn page_with_variants(
    db: impl PgExecutor<'_>,
    page: Page<ProductRow>,
) -> Result<Page<(ProductRow, Vec<VariantRow>)>, sqlx::Error> {
    let ids: Vec<Uuid> = page.items.iter().map(|row| row.id).collect();
    let variants = if ids.is_empty() { Vec::new() } else { variants_of(db, &ids).await? };
    Ok(Page { items: with_variants(page.items, variants), next_cursor: page.next_cursor })
}

/// What a product list is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this category's products.
    pub category: Option<Uuid>,
    /// A `tsquery` from [`crate::domain::search_query`].
    pub search: Option<String>,
}

/// The keyset position in a price-sorted list.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct PriceKey {
    #[serde(rename = "p")]
    price: Decimal,
    id: Uuid,
}

impl PriceKey {
    fn of(row: &ProductRow) -> Self {
        Self { price: row.min_price.unwrap_or_default(), id: row.id }
    }
}

/// Every product of a site, newest first (the merchant's list).
#[tracing::instrument(skip(db))]
pub async fn merchant_list(
    db: impl PgExecutor<'_>,
    site: Uuid,
    filter: &Filter,
    page: &PageParams,
) -> Result<Page<ProductRow>, ApiError> {
    let request = page.parse::<Uuid>()?;
    let after = request.after.unwrap_or_else(Uuid::max);
    let limit = request.fetch_limit();
    let rows = match (&filter.search, filter.category) {
        (None, None) => {
            sqlx::query_file_as!(ProductRow, "queries/merchant_newest.sql", site, after, limit).fetch_all(db).await?
        }
        (None, Some(category)) => {
            sqlx::query_file_as!(ProductRow, "queries/merchant_newest_in_category.sql", site, category, after, limit)
                .fetch_all(db)
                .await?
        }
        (Some(search), category) => {
            sqlx::query_file_as!(ProductRow, "queries/merchant_search.sql", site, category, search, after, limit)
                .fetch_all(db)
                .await?
        }
    };
    Ok(paginate(rows, request.limit, |row| row.id, |row| row))
}

/// The products a storefront lists (those with a price, i.e. at least one
/// variant), in `sort` order.
#[tracing::instrument(skip(db))]
pub async fn storefront_list(
    db: impl PgExecutor<'_>,
    site: Uuid,
    filter: &Filter,
    sort: ProductSort,
    page: &PageParams,
) -> Result<Page<ProductRow>, ApiError> {
    match sort {
        ProductSort::Newest => newest(db, site, filter, page).await,
        ProductSort::PriceAsc => price_asc(db, site, filter, page).await,
        ProductSort::PriceDesc => price_desc(db, site, filter, page).await,
    }
}

async fn newest(
    db: impl PgExecutor<'_>,
    site: Uuid,
    filter: &Filter,
    page: &PageParams,
) -> Result<Page<ProductRow>, ApiError> {
    let request = page.parse::<Uuid>()?;
    let after = request.after.unwrap_or_else(Uuid::max);
    let limit = request.fetch_limit();
    let rows = match (&filter.search, filter.category) {
        (None, None) => {
            sqlx::query_file_as!(ProductRow, "queries/newest.sql", site, after, limit).fetch_all(db).await?
        }
        (None, Some(category)) => {
            sqlx::query_file_as!(ProductRow, "queries/newest_in_category.sql", site, category, after, limit)
                .fetch_all(db)
                .await?
        }
        (Some(search), category) => {
            sqlx::query_file_as!(ProductRow, "queries/newest_search.sql", site, category, search, after, limit)
                .fetch_all(db)
                .await?
        }
    };
    Ok(paginate(rows, request.limit, |row| row.id, |row| row))
}

async fn price_asc(
    db: impl PgExecutor<'_>,
    site: Uuid,
    filter: &Filter,
    page: &PageParams,
) -> Result<Page<ProductRow>, ApiError> {
    let request = page.parse::<PriceKey>()?;
    // Before every price (prices are ≥ 0) and every id.
    let after = request.after.unwrap_or(PriceKey { price: Decimal::NEGATIVE_ONE, id: Uuid::nil() });
    let limit = request.fetch_limit();
    let rows = match (&filter.search, filter.category) {
        (None, None) => {
            sqlx::query_file_as!(ProductRow, "queries/price_asc.sql", site, after.price, after.id, limit)
                .fetch_all(db)
                .await?
        }
        (None, Some(category)) => {
            sqlx::query_file_as!(
                ProductRow,
                "queries/price_asc_in_category.sql",
                site,
                category,
                after.price,
                after.id,
                limit
            )
            .fetch_all(db)
            .await?
        }
        (Some(search), category) => {
            sqlx::query_file_as!(
                ProductRow,
                "queries/price_asc_search.sql",
                site,
                category,
                search,
                after.price,
                after.id,
                limit
            )
            .fetch_all(db)
            .await?
        }
    };
    Ok(paginate(rows, request.limit, PriceKey::of, |row| row))
}

async fn price_desc(
    db: impl PgExecutor<'_>,
    site: Uuid,
    filter: &Filter,
    page: &PageParams,
) -> Result<Page<ProductRow>, ApiError> {
    let request = page.parse::<PriceKey>()?;
    // After every price (numeric(20,4) stays below 10^16) and every id.
    let after = request.after.unwrap_or(PriceKey { price: Decimal::from(10_i64.pow(17)), id: Uuid::max() });
    let limit = request.fetch_limit();
    let rows = match (&filter.search, filter.category) {
        (None, None) => {
            sqlx::query_file_as!(ProductRow, "queries/price_desc.sql", site, after.price, after.id, limit)
                .fetch_all(db)
                .await?
        }
        (None, Some(category)) => {
            sqlx::query_file_as!(
                ProductRow,
                "queries/price_desc_in_category.sql",
                site,
                category,
                after.price,
                after.id,
                limit
            )
            .fetch_all(db)
            .await?
        }
        (Some(search), category) => {
            sqlx::query_file_as!(
                ProductRow,
                "queries/price_desc_search.sql",
                site,
                category,
                search,
                after.price,
                after.id,
                limit
            )
            .fetch_all(db)
            .await?
        }
    };
    Ok(paginate(rows, request.limit, PriceKey::of, |row| row))
}

/// A product's first image, published by the media service.
#[derive(Debug, Clone)]
pub struct Cover {
    pub url: String,
    pub alt: Option<String>,
}

/// The covers of `products` that have one, from the media service's
/// published view `media.product_cover` (its first image by sort order).
#[tracing::instrument(skip(db, products), fields(products = products.len()))]
pub async fn covers(db: impl PgExecutor<'_>, products: &[Uuid]) -> Result<HashMap<Uuid, Cover>, sqlx::Error> {
    if products.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = sqlx::query!(
        r#"SELECT p.id AS "id!", c.url AS "url!", c.alt
           FROM unnest($1::uuid[]) AS p (id)
           LEFT JOIN media.product_cover c ON c.product_id = p.id
           WHERE c.url IS NOT NULL"#,
        products
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|row| (row.id, Cover { url: row.url, alt: row.alt })).collect())
}

/// One image of a product as the media service publishes it, with its web
/// versions (uploads) for a `srcset`.
#[derive(Debug, Clone)]
pub struct ProductImage {
    pub url: String,
    pub alt: Option<String>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// `(width, url)`, smallest first; empty for an image given by URL.
    pub versions: Vec<(i32, String)>,
}

/// Every image of `product` in order, from the media service's published
/// view `media.product_images`. Images the media checker found broken are
/// left out: a shopper would see a broken picture.
#[tracing::instrument(skip(db))]
pub async fn product_images(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    product_id: Uuid,
) -> Result<Vec<ProductImage>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT url AS "url!", alt, width, height, versions AS "versions!"
           FROM media.product_images
           WHERE product_id = $1 AND site_id = $2 AND check_status <> 'broken'
           ORDER BY position
           LIMIT 50"#,
        product_id,
        site_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let versions = row
                .versions
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(|v| {
                            let width = i32::try_from(v.get("width")?.as_i64()?).ok()?;
                            Some((width, v.get("url")?.as_str()?.to_owned()))
                        })
                        .collect()
                })
                .unwrap_or_default();
            ProductImage { url: row.url, alt: row.alt, width: row.width, height: row.height, versions }
        })
        .collect())
}
