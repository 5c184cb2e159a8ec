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
//! A category's listings include its subcategories' products through
//! `site.category_products` (one row per product and category it is in or
//! under, kept by triggers: docs/adr/0020), and the price sorts walk one
//! currency block at a time, the shop's currency first.
//!
//! The twelve listing statements live in `services/site/queries/*.sql`, run
//! here with `query_file_as!` and planned by `tests/scale.rs` from the very
//! same files, so a change that loses the index walk fails that test. The
//! search predicate is in the three `*_search.sql` files, marked
//! `-- search predicate`. The nine storefront statements return each
//! product of the page with its variants, in the same row (ADR 0034).

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::postgres::types::PgRecordDecoder;
use sqlx::postgres::{PgHasArrayType, PgTypeInfo, PgValueRef};
use sqlx::types::Json;
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;
use vitrine_common::money::format_amount;
use vitrine_common::pagination::{PageParams, paginate};
use vitrine_models::Page;
use vitrine_models::site::{Attributes, Product, ProductSort, Variant};

use vitrine_common::ApiError;

use crate::domain::Search;

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
    /// As stored: jsonb keeps an object's members sorted (shorter names first).
    pub attributes: Json<Attributes>,
    /// The attributes' names in the order typed.
    pub attribute_order: Vec<String>,
    pub price: Decimal,
    pub currency: String,
    pub stock_qty: i32,
}

impl VariantRow {
    /// The attributes in the order typed: the names in `attribute_order`
    /// first, then any other member by name (rows written before the order was kept).
    pub fn ordered_attributes(&self) -> Attributes {
        let mut attributes = self.attributes.0.clone();
        attributes.put_first(&self.attribute_order);
        attributes
    }

    /// The wire form: the price with exactly its currency's decimals.
    pub fn into_variant(self) -> Variant {
        let Json(mut attributes) = self.attributes;
        attributes.put_first(&self.attribute_order);
        Variant {
            id: self.id,
            product_id: self.product_id,
            sku: self.sku,
            attributes,
            price: format_amount(self.price, &self.currency),
            currency: self.currency,
            stock_qty: i64::from(self.stock_qty),
        }
    }
}

/// A storefront listing's row: a product with its variants, read in one
/// statement (`ARRAY(SELECT ROW(…))` in `queries/*.sql`): one round trip
/// and one row per product, where a second query for the page's variants
/// cost a round trip and a row per variant.
#[derive(Debug)]
pub struct ListedRow {
    pub id: Uuid,
    pub site_id: Uuid,
    pub category_id: Option<Uuid>,
    pub title: String,
    pub description: Option<String>,
    pub slug: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub min_price: Option<Decimal>,
    pub currency: Option<String>,
    /// In no particular order: [`ListedRow::split`] orders them.
    pub variants: Vec<ListedVariant>,
}

impl ListedRow {
    /// The product and its variants, cheapest first (then by id), as
    /// [`variants_of`] orders them.
    pub fn split(self) -> (ProductRow, Vec<VariantRow>) {
        let product_id = self.id;
        let mut variants: Vec<VariantRow> = self
            .variants
            .into_iter()
            .map(|v| VariantRow {
                id: v.id,
                product_id,
                sku: v.sku,
                attributes: v.attributes,
                attribute_order: v.attribute_order,
                price: v.price,
                currency: v.currency,
                stock_qty: v.stock_qty,
            })
            .collect();
        variants.sort_by(|a, b| a.price.cmp(&b.price).then(a.id.cmp(&b.id)));
        let product = ProductRow {
            id: self.id,
            site_id: self.site_id,
            category_id: self.category_id,
            title: self.title,
            description: self.description,
            slug: self.slug,
            created_at: self.created_at,
            updated_at: self.updated_at,
            min_price: self.min_price,
            currency: self.currency,
        };
        (product, variants)
    }
}

/// A variant as a listing reads it: the record
/// `ROW(id, sku, attributes, attribute_order, price, currency, stock_qty)`.
#[derive(Debug)]
pub struct ListedVariant {
    id: Uuid,
    sku: String,
    attributes: Json<Attributes>,
    attribute_order: Vec<String>,
    price: Decimal,
    currency: String,
    stock_qty: i32,
}

impl sqlx::Type<sqlx::Postgres> for ListedVariant {
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_name("record")
    }
}

impl PgHasArrayType for ListedVariant {
    fn array_type_info() -> PgTypeInfo {
        PgTypeInfo::with_name("_record")
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Postgres> for ListedVariant {
    fn decode(value: PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        // Each field is checked against its Rust type as it is decoded.
        let mut record = PgRecordDecoder::new(value)?;
        Ok(Self {
            id: record.try_decode()?,
            sku: record.try_decode()?,
            attributes: record.try_decode()?,
            attribute_order: record.try_decode()?,
            price: record.try_decode()?,
            currency: record.try_decode()?,
            stock_qty: record.try_decode()?,
        })
    }
}

/// A product of site `site` by id.
#[tracing::instrument(level = "debug", skip(db))]
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
#[tracing::instrument(level = "debug", skip(db))]
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

/// The start of a public read, sent as one message (one round trip): a
/// read-only transaction whose statements are bounded by
/// [`PUBLIC_STATEMENT_TIMEOUT`] (`SET LOCAL` ends with the transaction).
const PUBLIC_BEGIN: &str = "BEGIN READ ONLY; SET LOCAL statement_timeout = '2s'";

/// A transaction for a public (anonymous) read: read only, its statements
/// bounded by [`PUBLIC_STATEMENT_TIMEOUT`].
pub async fn public_read(pool: &sqlx::PgPool) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
    pool.begin_with(PUBLIC_BEGIN).await
}

/// Ends a public read. It changed nothing, so it is rolled back rather than
/// committed: sqlx queues the ROLLBACK when the transaction is dropped and
/// sends it with the check it makes of every connection coming back to the
/// pool, one round trip instead of two.
pub fn end_read(read: sqlx::Transaction<'static, sqlx::Postgres>) {
    drop(read);
}

/// The variants of `products`, cheapest first within each product.
#[tracing::instrument(level = "debug", skip(db, products), fields(products = products.len()))]
pub async fn variants_of(db: impl PgExecutor<'_>, products: &[Uuid]) -> Result<Vec<VariantRow>, sqlx::Error> {
    sqlx::query_as!(
        VariantRow,
        r#"SELECT id, product_id, sku, attributes AS "attributes: sqlx::types::Json<vitrine_models::site::Attributes>", attribute_order, price, currency, stock_qty
         FROM site.variants WHERE product_id = ANY($1)
         ORDER BY product_id, price, id"#,
        products
    )
    .fetch_all(db)
    .await
}

/// What a product list is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this category's products, its subcategories' included.
    pub category: Option<Uuid>,
    /// A search from [`crate::domain::search_query`].
    pub search: Option<Search>,
}

/// The keyset position in a price-sorted list: the currency block, then
/// the price and id within it. `c` is absent from cursors made before the
/// shop's currency led the sort; those resume in the shop's currency.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PriceKey {
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    currency: Option<String>,
    #[serde(rename = "p")]
    price: Decimal,
    id: Uuid,
}

impl PriceKey {
    fn of(row: &ListedRow) -> Self {
        Self { currency: row.currency.clone(), price: row.min_price.unwrap_or_default(), id: row.id }
    }
}

/// Before every price (prices are ≥ 0).
const BEFORE_PRICES: Decimal = Decimal::NEGATIVE_ONE;

/// After every price (numeric(20,4) stays below 10^16).
fn after_prices() -> Decimal {
    Decimal::from(10_i64.pow(17))
}

/// The shop's currency (`builder.site_directory.currency`), which leads the
/// price sorts. EUR, the column's default, for a site that just vanished.
async fn shop_currency(conn: &mut PgConnection, site: Uuid) -> Result<String, sqlx::Error> {
    let currency =
        sqlx::query_scalar!(r#"SELECT currency::text AS "currency!" FROM builder.site_directory WHERE id = $1"#, site)
            .fetch_optional(conn)
            .await?;
    Ok(currency.unwrap_or_else(|| "EUR".to_owned()))
}

/// A range of currency codes, inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    lo: String,
    hi: String,
}

/// The code after (`step` 1) or before (`step` -1) `code` among the
/// three-letter codes `AAA` to `ZZZ`, if there is one.
fn neighbour(code: &str, step: i32) -> Option<String> {
    let bytes = code.as_bytes();
    if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_uppercase) {
        return None;
    }
    let n = bytes.iter().fold(0_i32, |n, b| n * 26 + i32::from(b - b'A')) + step;
    if !(0..26 * 26 * 26).contains(&n) {
        return None;
    }
    let letter = |d: i32| char::from(b'A' + u8::try_from(d).unwrap_or(0));
    Some([letter(n / 676), letter(n / 26 % 26), letter(n % 26)].iter().collect())
}

/// The currency blocks a price sort walks, in order: the shop's currency,
/// then the others in code order (`asc`) or in reverse code order. Each
/// block is one range of the (currency, price, id) index, so the shop's
/// products never interleave with another currency's and the walk never
/// crosses the shop's block to reach the others (docs/adr/0020).
fn currency_blocks(shop: &str, asc: bool) -> Vec<Block> {
    let (Some(before), Some(after)) = (neighbour(shop, -1), neighbour(shop, 1)) else {
        // The first or last code, or not a code at all (the builder
        // validates them): the shop's block, then the rest in one range.
        let shop_block = Block { lo: shop.to_owned(), hi: shop.to_owned() };
        let rest = match (neighbour(shop, -1), neighbour(shop, 1)) {
            (None, Some(after)) => Some(Block { lo: after, hi: "ZZZ".to_owned() }),
            (Some(before), None) => Some(Block { lo: "AAA".to_owned(), hi: before }),
            _ => None,
        };
        return std::iter::once(shop_block).chain(rest).collect();
    };
    let shop_block = Block { lo: shop.to_owned(), hi: shop.to_owned() };
    let below = Block { lo: "AAA".to_owned(), hi: before };
    let above = Block { lo: after, hi: "ZZZ".to_owned() };
    if asc { vec![shop_block, below, above] } else { vec![shop_block, above, below] }
}

/// Every product of a site, newest first (the merchant's list).
#[tracing::instrument(level = "debug", skip(db))]
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
            sqlx::query_file_as!(
                ProductRow,
                "queries/merchant_search.sql",
                site,
                category,
                search.tsquery,
                search.like,
                search.fuzzy,
                search.sku,
                after,
                limit
            )
            .fetch_all(db)
            .await?
        }
    };
    Ok(paginate(rows, request.limit, |row| row.id, |row| row))
}

/// The products a storefront lists (those with a price, i.e. at least one
/// variant), in `sort` order, each with its variants (cheapest first).
#[tracing::instrument(level = "debug", skip(conn))]
pub async fn storefront_list(
    conn: &mut PgConnection,
    site: Uuid,
    filter: &Filter,
    sort: ProductSort,
    page: &PageParams,
) -> Result<Page<(ProductRow, Vec<VariantRow>)>, ApiError> {
    // A search for nothing but a lone letter lists everything, as before
    // searches matched SKUs.
    let search = filter.search.as_ref().filter(|search| search.searches_text());
    match sort {
        ProductSort::Newest => newest(conn, site, filter.category, search, page).await,
        ProductSort::PriceAsc => by_price(conn, site, filter.category, search, true, page).await,
        ProductSort::PriceDesc => by_price(conn, site, filter.category, search, false, page).await,
    }
}

async fn newest(
    conn: &mut PgConnection,
    site: Uuid,
    category: Option<Uuid>,
    search: Option<&Search>,
    page: &PageParams,
) -> Result<Page<(ProductRow, Vec<VariantRow>)>, ApiError> {
    let request = page.parse::<Uuid>()?;
    let after = request.after.unwrap_or_else(Uuid::max);
    let limit = request.fetch_limit();
    let rows = match (search, category) {
        (None, None) => {
            sqlx::query_file_as!(ListedRow, "queries/newest.sql", site, after, limit).fetch_all(conn).await?
        }
        (None, Some(category)) => {
            sqlx::query_file_as!(ListedRow, "queries/newest_in_category.sql", site, category, after, limit)
                .fetch_all(conn)
                .await?
        }
        (Some(search), category) => {
            sqlx::query_file_as!(
                ListedRow,
                "queries/newest_search.sql",
                site,
                category,
                search.tsquery,
                search.like,
                search.fuzzy,
                after,
                limit
            )
            .fetch_all(conn)
            .await?
        }
    };
    Ok(paginate(rows, request.limit, |row| row.id, ListedRow::split))
}

/// Cheapest (`asc`) or dearest first, the shop's currency first: block by
/// block (see [`currency_blocks`]), each block one index walk, until the
/// page is full. A search orders its (at most 1,000) matches in one statement.
async fn by_price(
    conn: &mut PgConnection,
    site: Uuid,
    category: Option<Uuid>,
    search: Option<&Search>,
    asc: bool,
    page: &PageParams,
) -> Result<Page<(ProductRow, Vec<VariantRow>)>, ApiError> {
    let request = page.parse::<PriceKey>()?;
    let limit = request.fetch_limit();
    let shop = shop_currency(&mut *conn, site).await?;
    if let Some(search) = search {
        let (other, currency, price, id) = match &request.after {
            Some(key) => {
                let currency = key.currency.clone().unwrap_or_else(|| shop.clone());
                (currency != shop, currency, key.price, key.id)
            }
            None if asc => (false, String::new(), BEFORE_PRICES, Uuid::nil()),
            None => (false, shop.clone(), after_prices(), Uuid::max()),
        };
        let rows = if asc {
            sqlx::query_file_as!(
                ListedRow,
                "queries/price_asc_search.sql",
                site,
                category,
                search.tsquery,
                search.like,
                search.fuzzy,
                shop,
                other,
                currency,
                price,
                id,
                limit
            )
            .fetch_all(&mut *conn)
            .await?
        } else {
            sqlx::query_file_as!(
                ListedRow,
                "queries/price_desc_search.sql",
                site,
                category,
                search.tsquery,
                search.like,
                search.fuzzy,
                shop,
                other,
                currency,
                price,
                id,
                limit
            )
            .fetch_all(&mut *conn)
            .await?
        };
        return Ok(paginate(rows, request.limit, PriceKey::of, ListedRow::split));
    }

    let blocks = currency_blocks(&shop, asc);
    let resume = request.after.as_ref().map(|key| key.currency.clone().unwrap_or_else(|| shop.clone()));
    // The block the cursor is in (a currency outside every block, which only
    // a forged cursor has, starts over at the first).
    let first = resume
        .as_deref()
        .and_then(|currency| blocks.iter().position(|b| b.lo.as_str() <= currency && currency <= b.hi.as_str()))
        .unwrap_or(0);
    let mut rows: Vec<ListedRow> = Vec::new();
    for (n, block) in blocks.iter().enumerate().skip(first) {
        let (currency, price, id) = match &request.after {
            Some(key) if n == first => (resume.clone().unwrap_or_default(), key.price, key.id),
            _ if asc => (block.lo.clone(), BEFORE_PRICES, Uuid::nil()),
            _ => (block.hi.clone(), after_prices(), Uuid::max()),
        };
        let want = limit - i64::try_from(rows.len()).unwrap_or(i64::MAX);
        let found = match (category, asc) {
            (None, true) => {
                sqlx::query_file_as!(
                    ListedRow,
                    "queries/price_asc.sql",
                    site,
                    block.lo,
                    block.hi,
                    currency,
                    price,
                    id,
                    want
                )
                .fetch_all(&mut *conn)
                .await?
            }
            (None, false) => {
                sqlx::query_file_as!(
                    ListedRow,
                    "queries/price_desc.sql",
                    site,
                    block.lo,
                    block.hi,
                    currency,
                    price,
                    id,
                    want
                )
                .fetch_all(&mut *conn)
                .await?
            }
            (Some(category), true) => {
                sqlx::query_file_as!(
                    ListedRow,
                    "queries/price_asc_in_category.sql",
                    site,
                    category,
                    block.lo,
                    block.hi,
                    currency,
                    price,
                    id,
                    want
                )
                .fetch_all(&mut *conn)
                .await?
            }
            (Some(category), false) => {
                sqlx::query_file_as!(
                    ListedRow,
                    "queries/price_desc_in_category.sql",
                    site,
                    category,
                    block.lo,
                    block.hi,
                    currency,
                    price,
                    id,
                    want
                )
                .fetch_all(&mut *conn)
                .await?
            }
        };
        rows.extend(found);
        if i64::try_from(rows.len()).unwrap_or(i64::MAX) >= limit {
            break;
        }
    }
    Ok(paginate(rows, request.limit, PriceKey::of, ListedRow::split))
}

/// A product's first image, published by the media service.
#[derive(Debug, Clone)]
pub struct Cover {
    pub url: String,
    pub alt: Option<String>,
}

/// The covers of `products` that have one, from the media service's
/// published view `media.product_cover` (its first image by sort order).
#[tracing::instrument(level = "debug", skip(db, products), fields(products = products.len()))]
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
#[tracing::instrument(level = "debug", skip(db))]
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_public_begin_sets_the_public_timeout() {
        assert!(super::PUBLIC_BEGIN.ends_with(&format!("statement_timeout = '{}'", super::PUBLIC_STATEMENT_TIMEOUT)));
    }
}
