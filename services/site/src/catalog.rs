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
use sqlx::postgres::{PgHasArrayType, PgTypeInfo, PgValueFormat, PgValueRef};
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
/// `ROW(id, sku, attributes, attribute_order, price::text, currency, stock_qty)`
/// (the price as its exact decimal text).
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
    /// Reads the record's binary form field by field, checking each field's
    /// type: sqlx's generic record decoder resolved and compared type
    /// descriptions for every field of every variant (7 % of a listing's CPU).
    fn decode(value: PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        if value.format() != PgValueFormat::Binary {
            return Err("a listed variant is read in the binary format".into());
        }
        let mut record = Record::new(value.as_bytes()?)?;
        let variant = Self {
            id: record.uuid()?,
            sku: record.text()?.to_owned(),
            attributes: record.jsonb()?,
            attribute_order: record.text_array()?,
            price: record.numeric_text()?,
            currency: record.bpchar()?.to_owned(),
            stock_qty: record.int4()?,
        };
        record.end()?;
        Ok(variant)
    }
}

/// The fields of a record in PostgreSQL's binary format: a field count,
/// then each field's type oid, length and bytes.
struct Record<'a> {
    buf: &'a [u8],
    left: i32,
}

/// Type oids (`pg_type.oid`) of the fields a listed variant has.
mod oid {
    pub const INT4: u32 = 23;
    pub const TEXT: u32 = 25;
    pub const BPCHAR: u32 = 1042;
    pub const TEXT_ARRAY: u32 = 1009;
    pub const UUID: u32 = 2950;
    pub const JSONB: u32 = 3802;
}

type DecodeResult<T> = Result<T, sqlx::error::BoxDynError>;

fn take<'a>(buf: &mut &'a [u8], n: usize) -> DecodeResult<&'a [u8]> {
    if buf.len() < n {
        return Err("a listed variant's record is truncated".into());
    }
    let (head, rest) = buf.split_at(n);
    *buf = rest;
    Ok(head)
}

fn take_i32(buf: &mut &[u8]) -> DecodeResult<i32> {
    let bytes = take(buf, 4)?;
    Ok(i32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

fn take_u32(buf: &mut &[u8]) -> DecodeResult<u32> {
    let bytes = take(buf, 4)?;
    Ok(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

/// A value's bytes after its length (-1 is NULL, which no field may be).
fn take_value<'a>(buf: &mut &'a [u8]) -> DecodeResult<&'a [u8]> {
    let len = take_i32(buf)?;
    let len = usize::try_from(len).map_err(|_| "a listed variant has a NULL field")?;
    take(buf, len)
}

impl<'a> Record<'a> {
    fn new(mut buf: &'a [u8]) -> DecodeResult<Self> {
        let left = take_i32(&mut buf)?;
        Ok(Self { buf, left })
    }

    /// The next field's bytes, if it has type `oid`.
    fn field(&mut self, oid: u32) -> DecodeResult<&'a [u8]> {
        if self.left <= 0 {
            return Err("a listed variant's record has too few fields".into());
        }
        self.left -= 1;
        let found = take_u32(&mut self.buf)?;
        if found != oid {
            return Err(format!("a listed variant's field has type oid {found}, not {oid}").into());
        }
        take_value(&mut self.buf)
    }

    fn end(&self) -> DecodeResult<()> {
        if self.left != 0 || !self.buf.is_empty() {
            return Err("a listed variant's record has more fields than expected".into());
        }
        Ok(())
    }

    fn uuid(&mut self) -> DecodeResult<Uuid> {
        Ok(Uuid::from_slice(self.field(oid::UUID)?)?)
    }

    fn text(&mut self) -> DecodeResult<&'a str> {
        Ok(std::str::from_utf8(self.field(oid::TEXT)?)?)
    }

    fn bpchar(&mut self) -> DecodeResult<&'a str> {
        Ok(std::str::from_utf8(self.field(oid::BPCHAR)?)?)
    }

    fn int4(&mut self) -> DecodeResult<i32> {
        let mut bytes = self.field(oid::INT4)?;
        let value = take_i32(&mut bytes)?;
        if !bytes.is_empty() {
            return Err("a listed variant's int4 is not 4 bytes".into());
        }
        Ok(value)
    }

    /// An exact decimal sent as text (`price::text`): parsed exactly, never rounded.
    fn numeric_text(&mut self) -> DecodeResult<Decimal> {
        Ok(Decimal::from_str_exact(self.text()?)?)
    }

    /// jsonb: a version byte (1), then the JSON text.
    fn jsonb<T: serde::de::DeserializeOwned>(&mut self) -> DecodeResult<Json<T>> {
        let bytes = self.field(oid::JSONB)?;
        match bytes.split_first() {
            Some((1, json)) => Ok(Json(serde_json::from_slice(json)?)),
            _ => Err("a listed variant's jsonb has an unknown version".into()),
        }
    }

    /// A one-dimensional text[] (or an empty one) without NULLs.
    fn text_array(&mut self) -> DecodeResult<Vec<String>> {
        let mut buf = self.field(oid::TEXT_ARRAY)?;
        let dimensions = take_i32(&mut buf)?;
        let _has_nulls = take_i32(&mut buf)?;
        let element = take_u32(&mut buf)?;
        if element != oid::TEXT {
            return Err(format!("a listed variant's array holds type oid {element}, not text").into());
        }
        let count = match dimensions {
            0 => 0,
            1 => {
                let count = take_i32(&mut buf)?;
                let _lower_bound = take_i32(&mut buf)?;
                usize::try_from(count).map_err(|_| "a listed variant's array has a negative length")?
            }
            _ => return Err("a listed variant's array has more than one dimension".into()),
        };
        let mut out = Vec::with_capacity(count.min(64));
        for _ in 0..count {
            out.push(std::str::from_utf8(take_value(&mut buf)?)?.to_owned());
        }
        if !buf.is_empty() {
            return Err("a listed variant's array has trailing bytes".into());
        }
        Ok(out)
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
    use super::{Record, oid};

    /// A record in PostgreSQL's binary format, from (oid, bytes) fields.
    fn record(fields: &[(u32, &[u8])]) -> Vec<u8> {
        let mut out = i32::try_from(fields.len()).unwrap().to_be_bytes().to_vec();
        for (oid, bytes) in fields {
            out.extend(oid.to_be_bytes());
            out.extend(i32::try_from(bytes.len()).unwrap().to_be_bytes());
            out.extend(*bytes);
        }
        out
    }

    fn text_array(items: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        for n in [1_i32, 0] {
            out.extend(n.to_be_bytes());
        }
        out.extend(oid::TEXT.to_be_bytes());
        out.extend(i32::try_from(items.len()).unwrap().to_be_bytes());
        out.extend(1_i32.to_be_bytes());
        for item in items {
            out.extend(i32::try_from(item.len()).unwrap().to_be_bytes());
            out.extend(item.as_bytes());
        }
        out
    }

    #[test]
    fn a_listed_variant_record_reads_field_by_field() {
        let id = uuid::Uuid::now_v7();
        let order = text_array(&["size", "colour"]);
        let bytes = record(&[
            (oid::UUID, id.as_bytes()),
            (oid::TEXT, b"SKU-1"),
            (oid::JSONB, b"\x01{\"size\": \"M\"}"),
            (oid::TEXT_ARRAY, &order),
            (oid::TEXT, b"25.5000"),
            (oid::BPCHAR, b"EUR"),
            (oid::INT4, &7_i32.to_be_bytes()),
        ]);
        let mut r = Record::new(&bytes).unwrap();
        assert_eq!(r.uuid().unwrap(), id);
        assert_eq!(r.text().unwrap(), "SKU-1");
        let attributes: sqlx::types::Json<vitrine_models::site::Attributes> = r.jsonb().unwrap();
        assert_eq!(attributes.0.names(), ["size"]);
        assert_eq!(r.text_array().unwrap(), ["size", "colour"]);
        assert_eq!(r.numeric_text().unwrap().to_string(), "25.5000");
        assert_eq!(r.bpchar().unwrap(), "EUR");
        assert_eq!(r.int4().unwrap(), 7);
        r.end().unwrap();
    }

    #[test]
    fn a_malformed_record_is_an_error_not_a_panic() {
        let id = uuid::Uuid::now_v7();
        let good = record(&[(oid::UUID, id.as_bytes()), (oid::TEXT, b"SKU-1")]);
        for cut in 0..good.len() {
            let Ok(mut r) = Record::new(&good[..cut]) else {
                continue;
            };
            assert!(r.uuid().and_then(|_| r.text().map(|_| ())).is_err(), "cut at {cut}");
        }
        // A field of another type, a NULL, a second dimension, an extra field.
        assert!(Record::new(&record(&[(oid::TEXT, b"x")])).unwrap().uuid().is_err());
        let mut null = 1_i32.to_be_bytes().to_vec();
        null.extend(oid::TEXT.to_be_bytes());
        null.extend((-1_i32).to_be_bytes());
        assert!(Record::new(&null).unwrap().text().is_err());
        let mut matrix = text_array(&["a"]);
        matrix[..4].copy_from_slice(&2_i32.to_be_bytes());
        assert!(Record::new(&record(&[(oid::TEXT_ARRAY, &matrix)])).unwrap().text_array().is_err());
        let two = record(&[(oid::INT4, &1_i32.to_be_bytes()), (oid::INT4, &2_i32.to_be_bytes())]);
        let mut extra = Record::new(&two).unwrap();
        assert_eq!(extra.int4().unwrap(), 1);
        assert!(extra.end().is_err());
        // A price is never rounded: more decimals than a Decimal holds is an error.
        assert!(
            Record::new(&record(&[(oid::TEXT, b"1.00000000000000000000000000001")])).unwrap().numeric_text().is_err()
        );
    }

    #[test]
    fn the_public_begin_sets_the_public_timeout() {
        assert!(super::PUBLIC_BEGIN.ends_with(&format!("statement_timeout = '{}'", super::PUBLIC_STATEMENT_TIMEOUT)));
    }
}
