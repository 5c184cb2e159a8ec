//! A shopper's cart: lines with live prices and stock, one currency, a
//! discount code, warnings. Whoever holds the cart's token holds the cart.
//!
//! Every change locks the cart's row first (the same lock checkout takes), so
//! a line cannot change while the cart is being checked out.

use axum::Json as AxumJson;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use rust_decimal::Decimal;
use serde::Deserialize;
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::extract::parse_json;
use vitrine_common::money::format_amount;
use vitrine_common::resource::{Created, created, on_constraint};
use vitrine_common::shopper::MaybeShopper;
use vitrine_common::sites::PublicSite;
use vitrine_common::{ApiError, Json, Path};
use vitrine_models::checkout::{
    ApplyDiscount, Cart, CartLine, CreateCart, Discount, LineInput, UpdateLine, Warning, WarningCode,
};
use vitrine_models::promotion::PromotionType;

use crate::domain::{self, MAX_QUANTITY, discount_amount, looks_like_token, promotion_value};
use crate::error::Shortage;
use crate::{AppState, Error};

/// A cart holds at most this many lines.
pub const MAX_LINES: i64 = 100;

/// Idle carts expire after this many days (then 404, and the sweeper removes them).
pub const IDLE_DAYS: i32 = 30;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_cart))
        .routes(routes!(get_cart))
        .routes(routes!(add_line))
        .routes(routes!(update_line, delete_line))
        .routes(routes!(apply_discount, remove_discount))
}

/// `…/public/{site_slug}/carts/{cart_token}`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub(crate) struct CartPath {
    /// The site's slug.
    #[allow(dead_code)]
    pub(crate) site_slug: String,
    /// The cart's token.
    pub(crate) cart_token: String,
}

/// `…/carts/{cart_token}/lines/{line_id}`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub(crate) struct LinePath {
    /// The site's slug.
    #[allow(dead_code)]
    pub(crate) site_slug: String,
    /// The cart's token.
    pub(crate) cart_token: String,
    /// The line's id.
    pub(crate) line_id: Uuid,
}

/// A cart as stored.
#[derive(Debug, Clone)]
pub(crate) struct CartRow {
    pub id: Uuid,
    pub site_id: Uuid,
    pub token: String,
    pub currency: Option<String>,
    pub discount_code: Option<String>,
    pub customer_id: Option<Uuid>,
    pub experiment_key: Option<String>,
    pub order_id: Option<Uuid>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// The live cart `token` of `site_id`, locked until the transaction ends.
#[tracing::instrument(level = "debug", skip(db, token))]
pub(crate) async fn lock_cart(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    token: &str,
) -> Result<Option<CartRow>, sqlx::Error> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    sqlx::query_as!(
        CartRow,
        r#"SELECT id, site_id, token, currency AS "currency: String", discount_code, customer_id, experiment_key,
                  order_id, created_at, updated_at
           FROM checkout.carts
           WHERE site_id = $1 AND token = $2 AND updated_at > now() - make_interval(days => $3)
           FOR UPDATE"#,
        site_id,
        token,
        IDLE_DAYS
    )
    .fetch_optional(db)
    .await
}

/// The live cart `token` of `site_id`, without a lock.
#[tracing::instrument(level = "debug", skip(db, token))]
pub(crate) async fn fetch_cart(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    token: &str,
) -> Result<Option<CartRow>, sqlx::Error> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    sqlx::query_as!(
        CartRow,
        r#"SELECT id, site_id, token, currency AS "currency: String", discount_code, customer_id, experiment_key,
                  order_id, created_at, updated_at
           FROM checkout.carts
           WHERE site_id = $1 AND token = $2 AND updated_at > now() - make_interval(days => $3)"#,
        site_id,
        token,
        IDLE_DAYS
    )
    .fetch_optional(db)
    .await
}

/// The receipt URL (in this API) of order `order_id`.
pub(crate) async fn receipt_url(db: impl PgExecutor<'_>, slug: &str, order_id: Uuid) -> Result<String, sqlx::Error> {
    let token = sqlx::query_scalar!("SELECT token FROM checkout.orders WHERE id = $1", order_id).fetch_one(db).await?;
    Ok(format!("/api/checkout/public/{slug}/orders/{token}"))
}

/// The cart, locked and still open for changes.
async fn open_cart(db: &mut PgConnection, site: &PublicSite, token: &str) -> Result<CartRow, ApiError> {
    let cart = lock_cart(&mut *db, site.id, token).await?.ok_or(Error::CartNotFound)?;
    if let Some(order_id) = cart.order_id {
        return Err(Error::AlreadyCheckedOut { receipt: receipt_url(&mut *db, &site.slug, order_id).await? }.into());
    }
    Ok(cart)
}

/// Adds `quantity` of a variant to the (locked, open) cart: the same variant
/// again adds to its line. Checks the site, the currency, the range, the
/// number of lines and the stock now.
async fn add_to_cart(db: &mut PgConnection, cart: &mut CartRow, line: &LineInput) -> Result<(), ApiError> {
    if !(1..=MAX_QUANTITY).contains(&line.quantity) {
        return Err(Error::QuantityOutOfRange.into());
    }
    // The variant as the catalog has it now, and the cart's line of it and
    // count of lines, in one round trip.
    let found = sqlx::query!(
        r#"SELECT v.price AS "price?", v.currency AS "currency?: String", v.stock_qty AS "stock_qty?",
                  (SELECT quantity FROM checkout.cart_lines WHERE cart_id = $3 AND variant_id = $1) AS existing,
                  (SELECT count(*) FROM checkout.cart_lines WHERE cart_id = $3) AS "lines!"
           FROM (SELECT 1) AS one
           LEFT JOIN site.variant_directory v ON v.variant_id = $1 AND v.site_id = $2"#,
        line.variant_id,
        cart.site_id,
        cart.id
    )
    .fetch_one(&mut *db)
    .await?;
    let (Some(_), Some(currency), Some(stock)) = (found.price, found.currency, found.stock_qty) else {
        return Err(Error::VariantUnavailable.into());
    };
    if let Some(cart_currency) = &cart.currency
        && *cart_currency != currency
    {
        return Err(Error::CurrencyMismatch { cart: cart_currency.clone(), variant: currency }.into());
    }
    let existing = found.existing;
    let requested = i64::from(existing.unwrap_or(0)) + line.quantity;
    if requested > MAX_QUANTITY {
        return Err(Error::QuantityOutOfRange.into());
    }
    if existing.is_none() && found.lines >= MAX_LINES {
        return Err(Error::TooManyLines.into());
    }
    if requested > i64::from(stock) {
        return Err(Error::OutOfStock(vec![Shortage {
            variant_id: line.variant_id,
            requested,
            available: i64::from(stock.max(0)),
        }])
        .into());
    }
    sqlx::query!(
        r#"INSERT INTO checkout.cart_lines (id, cart_id, variant_id, quantity) VALUES ($1, $2, $3, $4)
           ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = EXCLUDED.quantity"#,
        Uuid::now_v7(),
        cart.id,
        line.variant_id,
        i32::try_from(requested).map_err(|_| Error::QuantityOutOfRange)?
    )
    .execute(&mut *db)
    .await
    .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    cart.currency = Some(currency);
    Ok(())
}

/// Records a change: the new currency (null once empty) and `updated_at`
/// (which also pushes the idle expiry back). Answers the cart as stored.
async fn touch(db: &mut PgConnection, cart: &CartRow) -> Result<CartRow, sqlx::Error> {
    sqlx::query_as!(
        CartRow,
        r#"UPDATE checkout.carts
           SET currency = CASE WHEN EXISTS (SELECT 1 FROM checkout.cart_lines WHERE cart_id = $1) THEN $2 END,
               discount_code = $3, updated_at = now()
           WHERE id = $1
           RETURNING id, site_id, token, currency AS "currency: String", discount_code, customer_id, experiment_key,
                     order_id, created_at, updated_at"#,
        cart.id,
        cart.currency.as_deref(),
        cart.discount_code.as_deref()
    )
    .fetch_one(db)
    .await
}

struct LineRow {
    id: Uuid,
    variant_id: Uuid,
    quantity: i32,
    product_id: Option<Uuid>,
    product_title: Option<String>,
    product_slug: Option<String>,
    sku: Option<String>,
    attributes: Option<serde_json::Value>,
    price: Option<Decimal>,
    currency: Option<String>,
    stock_qty: Option<i32>,
}

struct PromotionRow {
    code: Option<String>,
    kind: Option<String>,
    value: Option<Decimal>,
    currency: Option<String>,
    start_at: Option<OffsetDateTime>,
    end_at: Option<OffsetDateTime>,
    active: Option<bool>,
    usage_limit: Option<i32>,
    times_used: Option<i32>,
}

/// A code of this site as checkout may show it.
struct Promo {
    code: String,
    kind: PromotionType,
    value: Decimal,
    currency: Option<String>,
    start_at: Option<OffsetDateTime>,
    end_at: Option<OffsetDateTime>,
    active: bool,
    usage_limit: Option<i32>,
    times_used: i32,
}

impl Promo {
    /// Why the code does not apply now to a cart in `currency`, if it does not.
    fn not_applying(&self, currency: Option<&str>, now: OffsetDateTime) -> Option<String> {
        if !self.active {
            return Some("is not active".to_owned());
        }
        if self.start_at.is_some_and(|start| now < start) {
            return Some("has not started yet".to_owned());
        }
        if self.end_at.is_some_and(|end| end <= now) {
            return Some("has ended".to_owned());
        }
        if self.usage_limit.is_some_and(|limit| self.times_used >= limit) {
            return Some("has been used up".to_owned());
        }
        if self.kind == PromotionType::FixedAmount && self.currency.as_deref() != currency {
            return Some(format!("applies only to carts in {}", self.currency.as_deref().unwrap_or("its currency")));
        }
        None
    }
}

#[tracing::instrument(level = "debug", skip(db))]
async fn find_promotion(db: impl PgExecutor<'_>, site_id: Uuid, code: &str) -> Result<Option<Promo>, sqlx::Error> {
    let row = sqlx::query_as!(
        PromotionRow,
        r#"SELECT code, kind, value, currency AS "currency: String", start_at, end_at, active, usage_limit, times_used
           FROM promotion.promotion_directory
           WHERE site_id = $1 AND lower(code) = lower($2)"#,
        site_id,
        code
    )
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(|row| {
        Some(Promo {
            code: row.code?,
            kind: match row.kind?.as_str() {
                "fixed_amount" => PromotionType::FixedAmount,
                _ => PromotionType::Percentage,
            },
            value: row.value?,
            currency: row.currency,
            start_at: row.start_at,
            end_at: row.end_at,
            active: row.active?,
            usage_limit: row.usage_limit,
            times_used: row.times_used.unwrap_or(0),
        })
    }))
}

/// The cart as the shopper sees it: live prices and stock, totals, warnings.
#[tracing::instrument(level = "debug", skip(db, cart), fields(cart.id = %cart.id))]
pub(crate) async fn view(db: &mut PgConnection, cart: &CartRow) -> Result<Cart, sqlx::Error> {
    let rows = sqlx::query_as!(
        LineRow,
        r#"SELECT l.id, l.variant_id, l.quantity, v.product_id, v.product_title, v.product_slug, v.sku,
                  v.attributes, v.price, v.currency AS "currency: String", v.stock_qty
           FROM checkout.cart_lines l
           -- Each line's variant by its key. OFFSET 0 keeps the site's condition out of
           -- the lookup: for a shop newer than the table's statistics the planner
           -- would otherwise read all of the shop's variants for every line.
           LEFT JOIN LATERAL (SELECT * FROM site.variant_directory d WHERE d.variant_id = l.variant_id OFFSET 0) v
                  ON v.site_id = $2
           WHERE l.cart_id = $1
           ORDER BY l.id"#,
        cart.id,
        cart.site_id
    )
    .fetch_all(&mut *db)
    .await?;
    let currency = cart.currency.clone();
    let money = |amount: Decimal| currency.as_deref().map_or_else(|| amount.to_string(), |c| format_amount(amount, c));
    let mut warnings = Vec::new();
    let mut subtotal = Decimal::ZERO;
    let mut item_count = 0;
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let quantity = i64::from(row.quantity);
        item_count += quantity;
        let sold = row.price.is_some() && row.currency.is_some() && row.currency == currency;
        let available = if sold { i64::from(row.stock_qty.unwrap_or(0).max(0)) } else { 0 };
        let line_total = match row.price {
            Some(price) if sold => price * Decimal::from(quantity),
            _ => Decimal::ZERO,
        };
        subtotal += line_total;
        if !sold {
            warnings.push(Warning {
                line_id: Some(row.id),
                code: WarningCode::VariantUnavailable,
                message: "This item is no longer sold; remove it to check out.".to_owned(),
            });
        } else if available < quantity {
            warnings.push(Warning {
                line_id: Some(row.id),
                code: WarningCode::InsufficientStock,
                message: format!("Only {available} left in stock."),
            });
        }
        lines.push(CartLine {
            id: row.id,
            variant_id: row.variant_id,
            product_id: row.product_id.filter(|_| sold),
            product_title: row.product_title.filter(|_| sold),
            product_slug: row.product_slug.filter(|_| sold),
            sku: row.sku.filter(|_| sold),
            attributes: row.attributes.filter(|_| sold),
            unit_price: row.price.filter(|_| sold).map(&money),
            quantity,
            line_total: money(line_total),
            available,
        });
    }
    let mut discount = None;
    let mut discount_total = Decimal::ZERO;
    if let Some(code) = &cart.discount_code {
        match find_promotion(&mut *db, cart.site_id, code).await? {
            Some(promo) => {
                let now = OffsetDateTime::now_utc();
                let amount = match promo.not_applying(currency.as_deref(), now) {
                    None => discount_amount(promo.kind, promo.value, subtotal, currency.as_deref().unwrap_or("EUR")),
                    Some(why) => {
                        warnings.push(Warning {
                            line_id: None,
                            code: WarningCode::DiscountNotApplicable,
                            message: format!("The code {} {why}.", promo.code),
                        });
                        Decimal::ZERO
                    }
                };
                discount_total = amount;
                discount = Some(Discount {
                    value: promotion_value(promo.kind, promo.value, promo.currency.as_deref()),
                    code: promo.code,
                    kind: promo.kind,
                    amount: money(amount),
                });
            }
            None => warnings.push(Warning {
                line_id: None,
                code: WarningCode::DiscountNotApplicable,
                message: format!("The code {code} no longer exists."),
            }),
        }
    }
    Ok(Cart {
        token: cart.token.clone(),
        site_id: cart.site_id,
        currency: currency.clone(),
        lines,
        discount,
        subtotal: money(subtotal),
        discount_total: money(discount_total),
        total: money(subtotal - discount_total),
        item_count,
        warnings,
        created_at: cart.created_at,
        updated_at: cart.updated_at,
    })
}

/// A body that may be absent (no bytes): else JSON, as `Json` would take it.
fn optional_json<T: serde::de::DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<Option<T>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
        });
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
        )
        .detail("Send the body as JSON with `Content-Type: application/json`."));
    }
    parse_json(body).map(Some)
}

fn cart_location(site: &PublicSite, token: &str) -> String {
    format!("/api/checkout/public/{}/carts/{token}", site.slug)
}

/// Create a cart, optionally with its first lines. With a shopper token of
/// this site, the cart (and its order) belongs to that customer.
#[utoipa::path(
    post,
    path = "/api/checkout/public/{site_slug}/carts",
    tag = "carts",
    params(("site_slug" = String, Path, description = "The site's slug")),
    request_body = CreateCart,
    responses((status = 401, description = "A shopper token was sent that is invalid, expired, or of another site", body = vitrine_models::Problem, content_type = "application/problem+json"), 
        (status = 201, description = "The new cart", body = Cart, headers(("location" = String, description = "The cart's URL (its token is the key to it)"))),
        (status = 409, description = "A line asks for more than the stock now (`urn:vitrine:problem:out-of-stock`, with `lines`)", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn create_cart(
    State(state): State<AppState>,
    site: PublicSite,
    shopper: MaybeShopper,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Created<Cart>, ApiError> {
    let shopper = crate::signed_in::optional(&state.pool, site.id, shopper).await?;
    let lines = optional_json::<CreateCart>(&headers, &body)?.unwrap_or_default().lines;
    let view = new_cart(&state.pool, &site, shopper.map(|s| s.id), &lines, None).await?;
    Ok(created(cart_location(&site, &view.token), view))
}

/// Creates a cart of `site` (for `customer`, if signed in) holding `lines`.
/// The visitor enters the site's running experiments under `visitor_key`
/// (the storefront's visitor cookie), or the cart token when there is none.
pub(crate) async fn new_cart(
    pool: &sqlx::PgPool,
    site: &PublicSite,
    customer: Option<Uuid>,
    lines: &[LineInput],
    visitor_key: Option<&str>,
) -> Result<Cart, ApiError> {
    if i64::try_from(lines.len()).unwrap_or(i64::MAX) > MAX_LINES {
        return Err(Error::TooManyLines.into());
    }
    let token = domain::new_token();
    let mut tx = pool.begin().await?;
    let mut cart = sqlx::query_as!(
        CartRow,
        r#"INSERT INTO checkout.carts (id, site_id, token, customer_id, experiment_key) VALUES ($1, $2, $3, $4, $5)
           RETURNING id, site_id, token, currency AS "currency: String", discount_code, customer_id, experiment_key,
                     order_id, created_at, updated_at"#,
        Uuid::now_v7(),
        site.id,
        token,
        customer,
        visitor_key
    )
    .fetch_one(&mut *tx)
    .await?;
    for line in lines {
        add_to_cart(&mut tx, &mut cart, line).await?;
    }
    if !lines.is_empty() {
        cart = touch(&mut tx, &cart).await?;
    }
    // The visitor enters the site's running experiments.
    let key = visitor_key.unwrap_or(&token);
    sqlx::query!("SELECT experiment.assign_visitor($1, $2)", site.id, key).execute(&mut *tx).await?;
    let view = view(&mut tx, &cart).await?;
    tx.commit().await?;
    Ok(view)
}

/// A cart, with prices and stock as they are now.
#[utoipa::path(
    get,
    path = "/api/checkout/public/{site_slug}/carts/{cart_token}",
    tag = "carts",
    params(CartPath),
    responses((status = 401, description = "A shopper token was sent that is invalid, expired, or of another site", body = vitrine_models::Problem, content_type = "application/problem+json"), (status = 200, description = "The cart", body = Cart))
)]
pub(crate) async fn get_cart(
    State(state): State<AppState>,
    site: PublicSite,
    shopper: MaybeShopper,
    Path(path): Path<CartPath>,
) -> Result<AxumJson<Cart>, ApiError> {
    crate::signed_in::optional(&state.pool, site.id, shopper).await?;
    let mut conn = state.pool.acquire().await?;
    let cart = fetch_cart(&mut *conn, site.id, &path.cart_token).await?.ok_or(Error::CartNotFound)?;
    Ok(AxumJson(view(&mut conn, &cart).await?))
}

/// Add a variant to the cart; the same variant again adds to its line.
#[utoipa::path(
    post,
    path = "/api/checkout/public/{site_slug}/carts/{cart_token}/lines",
    tag = "carts",
    params(CartPath),
    request_body = LineInput,
    responses((status = 401, description = "A shopper token was sent that is invalid, expired, or of another site", body = vitrine_models::Problem, content_type = "application/problem+json"), 
        (status = 200, description = "The cart", body = Cart),
        (status = 409, description = "Beyond the stock now (`urn:vitrine:problem:out-of-stock`), or the cart is already an order", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn add_line(
    State(state): State<AppState>,
    site: PublicSite,
    shopper: MaybeShopper,
    Path(path): Path<CartPath>,
    Json(body): Json<LineInput>,
) -> Result<AxumJson<Cart>, ApiError> {
    crate::signed_in::optional(&state.pool, site.id, shopper).await?;
    let mut tx = state.pool.begin().await?;
    let mut cart = open_cart(&mut tx, &site, &path.cart_token).await?;
    add_to_cart(&mut tx, &mut cart, &body).await?;
    let stored = touch(&mut tx, &cart).await?;
    let view = view(&mut tx, &stored).await?;
    tx.commit().await?;
    Ok(AxumJson(view))
}

/// Change a line's quantity; 0 removes it. Raising it beyond the stock now is a 409.
#[utoipa::path(
    patch,
    path = "/api/checkout/public/{site_slug}/carts/{cart_token}/lines/{line_id}",
    tag = "carts",
    params(LinePath),
    request_body = UpdateLine,
    responses((status = 401, description = "A shopper token was sent that is invalid, expired, or of another site", body = vitrine_models::Problem, content_type = "application/problem+json"), (status = 409, description = "The cart is already an order (the receipt is in `Location` and `receipt`)", body = vitrine_models::Problem, content_type = "application/problem+json"), 
        (status = 200, description = "The cart", body = Cart),
        (status = 409, description = "Beyond the stock now (`urn:vitrine:problem:out-of-stock`)", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn update_line(
    State(state): State<AppState>,
    site: PublicSite,
    shopper: MaybeShopper,
    Path(path): Path<LinePath>,
    Json(body): Json<UpdateLine>,
) -> Result<AxumJson<Cart>, ApiError> {
    crate::signed_in::optional(&state.pool, site.id, shopper).await?;
    if !(0..=MAX_QUANTITY).contains(&body.quantity) {
        return Err(ApiError::invalid_field("quantity", "must be 0 (remove) to 999"));
    }
    let mut tx = state.pool.begin().await?;
    let cart = open_cart(&mut tx, &site, &path.cart_token).await?;
    let line = sqlx::query!(
        r#"SELECT l.variant_id, l.quantity, v.stock_qty AS "stock_qty?"
           FROM checkout.cart_lines l
           -- Each line's variant by its key. OFFSET 0 keeps the site's condition out of
           -- the lookup: for a shop newer than the table's statistics the planner
           -- would otherwise read all of the shop's variants for every line.
           LEFT JOIN LATERAL (SELECT * FROM site.variant_directory d WHERE d.variant_id = l.variant_id OFFSET 0) v
                  ON v.site_id = $3
           WHERE l.cart_id = $1 AND l.id = $2"#,
        cart.id,
        path.line_id,
        cart.site_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(Error::LineNotFound)?;
    if body.quantity == 0 {
        sqlx::query!("DELETE FROM checkout.cart_lines WHERE id = $1", path.line_id).execute(&mut *tx).await?;
    } else {
        let available = i64::from(line.stock_qty.unwrap_or(0).max(0));
        if body.quantity > i64::from(line.quantity) && body.quantity > available {
            return Err(Error::OutOfStock(vec![Shortage {
                variant_id: line.variant_id,
                requested: body.quantity,
                available,
            }])
            .into());
        }
        sqlx::query!(
            "UPDATE checkout.cart_lines SET quantity = $2 WHERE id = $1",
            path.line_id,
            i32::try_from(body.quantity).map_err(|_| Error::QuantityOutOfRange)?
        )
        .execute(&mut *tx)
        .await?;
    }
    let stored = touch(&mut tx, &cart).await?;
    let view = view(&mut tx, &stored).await?;
    tx.commit().await?;
    Ok(AxumJson(view))
}

/// Remove a line.
#[utoipa::path(
    delete,
    path = "/api/checkout/public/{site_slug}/carts/{cart_token}/lines/{line_id}",
    tag = "carts",
    params(LinePath),
    responses((status = 401, description = "A shopper token was sent that is invalid, expired, or of another site", body = vitrine_models::Problem, content_type = "application/problem+json"), (status = 409, description = "The cart is already an order (the receipt is in `Location` and `receipt`)", body = vitrine_models::Problem, content_type = "application/problem+json"), (status = 200, description = "The cart", body = Cart))
)]
pub(crate) async fn delete_line(
    State(state): State<AppState>,
    site: PublicSite,
    shopper: MaybeShopper,
    Path(path): Path<LinePath>,
) -> Result<AxumJson<Cart>, ApiError> {
    crate::signed_in::optional(&state.pool, site.id, shopper).await?;
    let mut tx = state.pool.begin().await?;
    let cart = open_cart(&mut tx, &site, &path.cart_token).await?;
    let removed = sqlx::query!("DELETE FROM checkout.cart_lines WHERE cart_id = $1 AND id = $2", cart.id, path.line_id)
        .execute(&mut *tx)
        .await?;
    if removed.rows_affected() == 0 {
        return Err(Error::LineNotFound.into());
    }
    let stored = touch(&mut tx, &cart).await?;
    let view = view(&mut tx, &stored).await?;
    tx.commit().await?;
    Ok(AxumJson(view))
}

/// Apply a discount code (without regard to case). A code that does not
/// apply now is a 422 on `code` saying why; it is redeemed only at checkout.
#[utoipa::path(
    put,
    path = "/api/checkout/public/{site_slug}/carts/{cart_token}/discount",
    tag = "carts",
    params(CartPath),
    request_body = ApplyDiscount,
    responses((status = 401, description = "A shopper token was sent that is invalid, expired, or of another site", body = vitrine_models::Problem, content_type = "application/problem+json"), (status = 409, description = "The cart is already an order (the receipt is in `Location` and `receipt`)", body = vitrine_models::Problem, content_type = "application/problem+json"), (status = 200, description = "The cart with its discount", body = Cart))
)]
pub(crate) async fn apply_discount(
    State(state): State<AppState>,
    site: PublicSite,
    shopper: MaybeShopper,
    Path(path): Path<CartPath>,
    Json(body): Json<ApplyDiscount>,
) -> Result<AxumJson<Cart>, ApiError> {
    crate::signed_in::optional(&state.pool, site.id, shopper).await?;
    let code = body.code.trim();
    if code.is_empty() || code.chars().count() > 64 {
        return Err(Error::DiscountNotApplicable("is not a code of this shop".to_owned()).into());
    }
    let mut tx = state.pool.begin().await?;
    let mut cart = open_cart(&mut tx, &site, &path.cart_token).await?;
    let promo = find_promotion(&mut *tx, site.id, code)
        .await?
        .ok_or_else(|| Error::DiscountNotApplicable("is not a code of this shop".to_owned()))?;
    if let Some(why) = promo.not_applying(cart.currency.as_deref(), OffsetDateTime::now_utc()) {
        return Err(Error::DiscountNotApplicable(why).into());
    }
    cart.discount_code = Some(promo.code);
    let stored = touch(&mut tx, &cart).await.map_err(|err| on_constraint(&err, Error::on_constraint))?;
    let view = view(&mut tx, &stored).await?;
    tx.commit().await?;
    Ok(AxumJson(view))
}

/// Remove the discount code.
#[utoipa::path(
    delete,
    path = "/api/checkout/public/{site_slug}/carts/{cart_token}/discount",
    tag = "carts",
    params(CartPath),
    responses((status = 401, description = "A shopper token was sent that is invalid, expired, or of another site", body = vitrine_models::Problem, content_type = "application/problem+json"), (status = 409, description = "The cart is already an order (the receipt is in `Location` and `receipt`)", body = vitrine_models::Problem, content_type = "application/problem+json"), (status = 200, description = "The cart without a discount", body = Cart))
)]
pub(crate) async fn remove_discount(
    State(state): State<AppState>,
    site: PublicSite,
    shopper: MaybeShopper,
    Path(path): Path<CartPath>,
) -> Result<AxumJson<Cart>, ApiError> {
    crate::signed_in::optional(&state.pool, site.id, shopper).await?;
    let mut tx = state.pool.begin().await?;
    let mut cart = open_cart(&mut tx, &site, &path.cart_token).await?;
    cart.discount_code = None;
    let stored = touch(&mut tx, &cart).await?;
    let view = view(&mut tx, &stored).await?;
    tx.commit().await?;
    Ok(AxumJson(view))
}
