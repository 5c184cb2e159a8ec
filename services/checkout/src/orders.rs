//! The merchant side of orders: the list (status filter, search by e-mail or
//! number), one order with its history, edits, manual orders (phone and
//! counter sales), and the life of an order:
//!
//! ```text
//! pending_payment ──mark-paid──▶ paid ──fulfill──▶ fulfilled
//!        │                        │
//!        └────────cancel──────────┴──▶ canceled
//! ```
//!
//! Every change locks the order row (`FOR UPDATE`), so two changes of the same
//! order queue and the second one sees the first one's result (a cancel racing
//! a fulfill: exactly one wins, the other is a 409). Every change appends to
//! the order's history and writes its event into the outbox in the same
//! transaction. Stock and promotion uses go back to their owners through
//! their published functions (`site.return_stock`, `promotion.release`).
//!
//! A `pending_payment` order that came from a shopper's checkout is the
//! checkout's until it records the payment's outcome (or the sweeper discards
//! it after 15 minutes): merchants cannot mark it paid, cancel or delete it in
//! the meantime, so a card is never charged for an order that is gone.

use std::collections::{HashMap, HashSet};

use axum::Json as AxumJson;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use sqlx::{PgConnection, PgExecutor};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::money::format_amount;
use vitrine_common::pagination::{PageParams, paginate};
use vitrine_common::resource::{Created, SiteItem, created, found, on_constraint};
use vitrine_common::sites::OwnedSite;
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Json, Path, Query};
use vitrine_models::Page;
use vitrine_models::checkout::{
    CancelOrder, CreateManualOrder, Discount, FulfillOrder, Order, OrderLine, OrderStatus, Payment, PaymentMethod,
    PaymentStatus, ShippingAddress, UpdateOrder,
};

use crate::domain::{MAX_QUANTITY, new_token, parse_address, parse_email};
use crate::store::{self, OrderRow, View};
use crate::{AppState, Error, Shortage};

/// The most lines a manual order has (as a cart).
pub const MAX_LINES: usize = 100;
/// The longest note, in characters (`orders_note_length`).
const MAX_NOTE: usize = 2000;
/// The longest cancel reason (`orders_cancel_reason_length`).
const MAX_REASON: usize = 500;
/// The longest tracking number (`orders_tracking_number_length`).
const MAX_TRACKING: usize = 100;
/// Amounts are `numeric(20,4)`: an order total must stay below 10^16.
const MAX_TOTAL: Decimal = Decimal::from_parts(1_874_919_424, 2_328_306, 0, false, 0);
/// The longest search text.
const MAX_QUERY: usize = 254;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_orders, create_order))
        .routes(routes!(get_order, update_order, delete_order))
        .routes(routes!(mark_paid))
        .routes(routes!(fulfill))
        .routes(routes!(cancel))
}

fn location(site_id: Uuid, id: Uuid) -> String {
    format!("/api/checkout/sites/{site_id}/orders/{id}")
}

fn wrong_status(message: impl Into<String>) -> ApiError {
    Error::WrongStatus(message.into()).into()
}

/// A `pending_payment` order whose checkout is still asking the card provider
/// (or crashed before recording the outcome; the sweeper discards it soon).
fn checkout_in_flight(order: &OrderRow) -> bool {
    order.status() == OrderStatus::PendingPayment && order.cart_id.is_some()
}

fn in_flight_error() -> ApiError {
    wrong_status(
        "the shopper's card payment for this order is in progress; it becomes paid or is discarded \
         within minutes",
    )
}

/// An e-mail address ([`parse_email`]) that PostgreSQL can store: no control
/// characters (a NUL byte would be a database error, not a 422).
fn email(raw: &str) -> Result<String, &'static str> {
    let email = parse_email(raw)?;
    if email.chars().any(char::is_control) { Err("must not contain control characters") } else { Ok(email) }
}

/// Optional free text: trimmed, empty means none, at most `max` characters,
/// no control characters (but line breaks and tabs where `multiline`).
fn optional_text(value: Option<&str>, max: usize, multiline: bool) -> Result<Option<String>, String> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    let allowed = |c: char| !c.is_control() || (multiline && matches!(c, '\n' | '\r' | '\t'));
    if !value.chars().all(allowed) {
        return Err("must not contain control characters".to_owned());
    }
    Ok(Some(value.to_owned()))
}

/// A JSON body that may be left out: no body at all reads as `T::default()`;
/// a body is a JSON body like any other (415, 400 and 422 answers included).
#[derive(Debug, Default)]
struct OptionalJson<T>(T);

impl<T, S> FromRequest<S> for OptionalJson<T>
where
    T: DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|_| ApiError::status(StatusCode::BAD_REQUEST).detail("The request body could not be read."))?;
        if bytes.is_empty() {
            return Ok(Self(T::default()));
        }
        let Json(value) = Json::<T>::from_request(Request::from_parts(parts, Body::from(bytes)), state).await?;
        Ok(Self(value))
    }
}

// ---- the list ---------------------------------------------------------------

/// `?status=&q=&limit=&cursor=` of the orders list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// Only orders in this status.
    #[param(inline)]
    status: Option<OrderStatus>,
    /// An order number (`1001` or `#1001`) or part of the e-mail address, without regard to case.
    #[param(max_length = 254, example = "ada@")]
    q: Option<String>,
    /// How many orders to return, 1 to 250 (default 50).
    #[param(minimum = 1, maximum = 250)]
    limit: Option<u16>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// What `q` searches for: an order number, and e-mail addresses containing it.
#[derive(Debug, PartialEq, Eq)]
struct Search {
    number: Option<i32>,
    /// A `LIKE` pattern over the lower-cased e-mail, wildcards escaped.
    email_pattern: String,
}

impl Search {
    fn parse(q: Option<&str>) -> Result<Option<Self>, ApiError> {
        let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else {
            return Ok(None);
        };
        if q.chars().count() > MAX_QUERY || q.chars().any(char::is_control) {
            return Err(ApiError::new(StatusCode::BAD_REQUEST, "invalid-query", "Invalid query parameters")
                .detail(format!("q must be at most {MAX_QUERY} characters, without control characters")));
        }
        let digits = q.strip_prefix('#').unwrap_or(q);
        let number = if digits.bytes().all(|b| b.is_ascii_digit()) { digits.parse().ok() } else { None };
        let mut escaped = String::with_capacity(q.len() + 2);
        escaped.push('%');
        for c in q.to_lowercase().chars() {
            if matches!(c, '%' | '_' | '\\') {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        escaped.push('%');
        Ok(Some(Self { number, email_pattern: escaped }))
    }
}

/// A site's orders, newest first.
///
/// Items are the merchant view without `history` (GET one order for it).
/// `q` finds an order number (`1001` or `#1001`) or e-mail addresses
/// containing it, without regard to case.
#[utoipa::path(
    get,
    path = "/api/checkout/sites/{site_id}/orders",
    tag = "orders",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ListParams),
    responses(
        (status = 200, description = "A page of the site's orders, newest first", body = Page<Order>),
        (status = 400, description = "An unknown `status`, a `q` too long, a bad `limit` or `cursor`", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn list_orders(
    State(state): State<AppState>,
    site: OwnedSite,
    Query(params): Query<ListParams>,
) -> Result<AxumJson<Page<Order>>, ApiError> {
    let request = PageParams { limit: params.limit, cursor: params.cursor.clone() }.parse::<Uuid>()?;
    let search = Search::parse(params.q.as_deref())?;
    let mut conn = state.pool.acquire().await?;
    let rows = list(
        &mut *conn,
        site.id,
        params.status.map(OrderStatus::as_str),
        search.as_ref(),
        request.after,
        request.fetch_limit(),
    )
    .await?;
    // The extra row, if any, only tells `paginate` that a next page exists.
    let orders = summaries(&mut conn, rows).await?;
    Ok(AxumJson(paginate(orders, request.limit, |order| order.id, |order| order)))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn list(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    status: Option<&str>,
    search: Option<&Search>,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    sqlx::query_as!(
        OrderRow,
        r#"SELECT o.id, o.site_id, o.number, o.status, o.email, o.customer_id, o.shipping_address,
                  o.currency AS "currency!: String", o.subtotal, o.discount, o.promotion_id, o.discount_total,
                  o.total, o.note, o.tracking_number, o.token, o.cart_id, o.experiment_key, o.cancel_reason,
                  o.created_at, o.paid_at, o.fulfilled_at, o.canceled_at
           FROM checkout.orders o
           WHERE o.site_id = $1
             AND ($2::text IS NULL OR o.status = $2)
             AND ($3::text IS NULL OR o.number = $4 OR lower(o.email) LIKE $3)
             AND ($5::uuid IS NULL OR o.id < $5)
           ORDER BY o.id DESC
           LIMIT $6"#,
        site_id,
        status,
        search.map(|s| s.email_pattern.as_str()),
        search.and_then(|s| s.number),
        after,
        limit
    )
    .fetch_all(db)
    .await
}

struct SummaryLine {
    order_id: Uuid,
    variant_id: Uuid,
    product_id: Uuid,
    product_title: String,
    sku: String,
    attributes: serde_json::Value,
    unit_price: Decimal,
    quantity: i32,
    line_total: Decimal,
}

struct SummaryPayment {
    order_id: Uuid,
    method: String,
    status: String,
    brand: Option<String>,
    last4: Option<String>,
    amount: Decimal,
}

/// The orders of `rows` (merchant view without history), their lines and
/// payments read in two queries for the whole page rather than two per order.
async fn summaries(db: &mut PgConnection, rows: Vec<OrderRow>) -> Result<Vec<Order>, sqlx::Error> {
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let lines = sqlx::query_as!(
        SummaryLine,
        r#"SELECT order_id, variant_id, product_id, product_title, sku, attributes, unit_price, quantity, line_total
           FROM checkout.order_lines WHERE order_id = ANY($1) ORDER BY order_id, position"#,
        &ids
    )
    .fetch_all(&mut *db)
    .await?;
    let payments = sqlx::query_as!(
        SummaryPayment,
        r#"SELECT order_id, method, status, brand, last4 AS "last4: String", amount
           FROM checkout.payments WHERE order_id = ANY($1)"#,
        &ids
    )
    .fetch_all(&mut *db)
    .await?;
    let mut lines_of: HashMap<Uuid, Vec<SummaryLine>> = HashMap::new();
    for line in lines {
        lines_of.entry(line.order_id).or_default().push(line);
    }
    let mut payment_of: HashMap<Uuid, SummaryPayment> = payments.into_iter().map(|p| (p.order_id, p)).collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let lines = lines_of.remove(&row.id).unwrap_or_default();
            let payment = payment_of.remove(&row.id);
            summary(row, lines, payment)
        })
        .collect())
}

fn summary(row: OrderRow, lines: Vec<SummaryLine>, payment: Option<SummaryPayment>) -> Order {
    let status = row.status();
    let money = |amount: Decimal| format_amount(amount, &row.currency);
    Order {
        id: row.id,
        number: i64::from(row.number),
        site_id: row.site_id,
        status,
        customer_id: row.customer_id,
        shipping_address: row.shipping_address.and_then(|a| serde_json::from_value::<ShippingAddress>(a).ok()),
        lines: lines
            .into_iter()
            .map(|l| OrderLine {
                variant_id: l.variant_id,
                product_id: l.product_id,
                product_title: l.product_title,
                sku: l.sku,
                attributes: l.attributes,
                unit_price: money(l.unit_price),
                quantity: i64::from(l.quantity),
                line_total: money(l.line_total),
            })
            .collect(),
        subtotal: money(row.subtotal),
        discount: row.discount.and_then(|d| serde_json::from_value::<Discount>(d).ok()),
        discount_total: money(row.discount_total),
        total: money(row.total),
        payment: payment.map(|p| Payment {
            method: if p.method == "manual" { PaymentMethod::Manual } else { PaymentMethod::Card },
            status: match p.status.as_str() {
                "captured" => PaymentStatus::Captured,
                "refunded" => PaymentStatus::Refunded,
                _ => PaymentStatus::Pending,
            },
            brand: p.brand,
            last4: p.last4,
            amount: money(p.amount),
        }),
        email: row.email,
        currency: row.currency,
        note: row.note,
        tracking_number: row.tracking_number,
        created_at: row.created_at,
        paid_at: row.paid_at,
        fulfilled_at: row.fulfilled_at,
        canceled_at: row.canceled_at,
        cancel_reason: row.cancel_reason,
        token: None,
        history: None,
    }
}

// ---- one order ----------------------------------------------------------------

/// One order of a site, with its `history` (oldest first).
#[utoipa::path(
    get,
    path = "/api/checkout/sites/{site_id}/orders/{id}",
    tag = "orders",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ("id" = Uuid, Path, description = "The order's id")),
    responses((status = 200, description = "The order with its history", body = Order))
)]
async fn get_order(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<AxumJson<Order>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let order = found(store::find(&mut conn, site.id, id, View::Merchant).await?, "order")?;
    Ok(AxumJson(order))
}

/// What a PATCH changes, checked.
#[derive(Debug, Default)]
struct Edit {
    email: Option<String>,
    shipping_address: Option<Option<ShippingAddress>>,
    note: Option<Option<String>>,
}

fn check_edit(body: &UpdateOrder) -> Result<Edit, ApiError> {
    let mut fields = Fields::default();
    let email = fields.check_opt("email", body.email.as_deref().map(email));
    let shipping_address = match &body.shipping_address {
        None => Some(None),
        Some(None) => Some(Some(None)),
        Some(Some(address)) => parse_address(address, "shipping_address", &mut fields).map(|a| Some(Some(a))),
    };
    let note = match &body.note {
        None => Some(None),
        Some(note) => fields.check("note", optional_text(note.as_deref(), MAX_NOTE, true)).map(Some),
    };
    match (email, shipping_address, note) {
        (Some(email), Some(shipping_address), Some(note)) if fields.is_ok() => {
            Ok(Edit { email, shipping_address, note })
        }
        _ => Err(fields.into_error()),
    }
}

/// Change an order's e-mail, shipping address or note.
///
/// Absent fields stay; `null` clears the address or the note. A fulfilled
/// order has shipped: its address cannot change (409). The change is recorded
/// in the history; it sends no event (there is no `order.updated`).
#[utoipa::path(
    patch,
    path = "/api/checkout/sites/{site_id}/orders/{id}",
    tag = "orders",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ("id" = Uuid, Path, description = "The order's id")),
    request_body = UpdateOrder,
    responses(
        (status = 200, description = "The changed order", body = Order),
        (status = 409, description = "The order has shipped: its address cannot change", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn update_order(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
    Json(body): Json<UpdateOrder>,
) -> Result<AxumJson<Order>, ApiError> {
    let edit = check_edit(&body)?;
    let mut tx = state.pool.begin().await?;
    let current = found(store::lock_order(&mut *tx, site.id, id).await?, "order")?;
    let current_address =
        current.shipping_address.clone().and_then(|a| serde_json::from_value::<ShippingAddress>(a).ok());
    let mut changed = Vec::new();
    if edit.email.as_ref().is_some_and(|email| *email != current.email) {
        changed.push("e-mail");
    }
    if edit.shipping_address.as_ref().is_some_and(|address| *address != current_address) {
        if current.status() == OrderStatus::Fulfilled {
            return Err(wrong_status("this order has shipped: its shipping address cannot change"));
        }
        changed.push("shipping address");
    }
    if edit.note.as_ref().is_some_and(|note| *note != current.note) {
        changed.push("note");
    }
    if !changed.is_empty() {
        let address = edit.shipping_address.as_ref().map(|a| a.as_ref().map(serde_json::to_value).transpose());
        let address = address.transpose().map_err(|_| ApiError::internal())?;
        sqlx::query!(
            r#"UPDATE checkout.orders
               SET email = coalesce($2, email),
                   shipping_address = CASE WHEN $3 THEN $4 ELSE shipping_address END,
                   note = CASE WHEN $5 THEN $6 ELSE note END,
                   updated_at = now()
               WHERE id = $1"#,
            id,
            edit.email.as_deref(),
            edit.shipping_address.is_some(),
            address.flatten(),
            edit.note.is_some(),
            edit.note.clone().flatten()
        )
        .execute(&mut *tx)
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?;
        let note = format!("Edited: {}", changed.join(", "));
        store::append_history(&mut *tx, id, current.status(), Some(&note)).await?;
    }
    let row = found(store::lock_order(&mut *tx, site.id, id).await?, "order")?;
    let order = store::load(&mut tx, row, View::Merchant).await?;
    tx.commit().await?;
    Ok(AxumJson(order))
}

// ---- transitions --------------------------------------------------------------

/// Marks a locked `pending_payment` order paid with a `manual` payment of its
/// total, records it and writes `order.paid`.
async fn record_manual_payment(db: &mut PgConnection, order: &OrderRow) -> Result<Order, sqlx::Error> {
    sqlx::query!(
        "UPDATE checkout.orders SET status = 'paid', paid_at = now(), updated_at = now() WHERE id = $1",
        order.id
    )
    .execute(&mut *db)
    .await?;
    sqlx::query!(
        r#"INSERT INTO checkout.payments (order_id, method, status, amount) VALUES ($1, 'manual', 'captured', $2)
           ON CONFLICT (order_id) DO UPDATE
           SET method = 'manual', status = 'captured', brand = NULL, last4 = NULL, amount = EXCLUDED.amount,
               updated_at = now()"#,
        order.id,
        order.total
    )
    .execute(&mut *db)
    .await?;
    store::append_history(&mut *db, order.id, OrderStatus::Paid, Some("Paid (manual payment)")).await?;
    store::emit(db, order.site_id, order.id, "order.paid").await
}

/// Mark a `pending_payment` order paid (cash, bank transfer…).
///
/// It becomes `paid`, with a `manual` payment of its total; event
/// `order.paid`. Any other status → 409, as is a shopper's checkout whose card
/// payment is still in progress.
#[utoipa::path(
    post,
    path = "/api/checkout/sites/{site_id}/orders/{id}/mark-paid",
    tag = "orders",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ("id" = Uuid, Path, description = "The order's id")),
    responses(
        (status = 200, description = "The paid order", body = Order),
        (status = 409, description = "The order is not `pending_payment` (or its card payment is in progress)", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn mark_paid(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<AxumJson<Order>, ApiError> {
    let mut tx = state.pool.begin().await?;
    let order = found(store::lock_order(&mut *tx, site.id, id).await?, "order")?;
    match order.status() {
        OrderStatus::PendingPayment if checkout_in_flight(&order) => return Err(in_flight_error()),
        OrderStatus::PendingPayment => {}
        status => {
            return Err(wrong_status(format!(
                "only a pending_payment order can be marked paid; this one is {}",
                status.as_str()
            )));
        }
    }
    let paid = record_manual_payment(&mut tx, &order).await?;
    tx.commit().await?;
    crate::metrics::order_value(order.total, &order.currency);
    tracing::info!(site.id = %site.id, order.id = %id, "order marked paid");
    Ok(AxumJson(paid))
}

/// Fulfill (ship or hand over) a `paid` order.
///
/// With an optional tracking number (1 to 100 characters); event
/// `order.fulfilled`. Any other status → 409.
#[utoipa::path(
    post,
    path = "/api/checkout/sites/{site_id}/orders/{id}/fulfill",
    tag = "orders",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ("id" = Uuid, Path, description = "The order's id")),
    request_body(content = Option<FulfillOrder>, description = "Optional; `{}` or no body at all fulfills without a tracking number"),
    responses(
        (status = 200, description = "The fulfilled order", body = Order),
        (status = 409, description = "The order is not `paid`", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn fulfill(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
    OptionalJson(body): OptionalJson<FulfillOrder>,
) -> Result<AxumJson<Order>, ApiError> {
    let tracking = optional_text(body.tracking_number.as_deref(), MAX_TRACKING, false)
        .map_err(|message| ApiError::invalid_field("tracking_number", message))?;
    let mut tx = state.pool.begin().await?;
    let order = found(store::lock_order(&mut *tx, site.id, id).await?, "order")?;
    match order.status() {
        OrderStatus::Paid => {}
        OrderStatus::Fulfilled => return Err(wrong_status("this order is already fulfilled")),
        status => {
            return Err(wrong_status(format!("only a paid order can be fulfilled; this one is {}", status.as_str())));
        }
    }
    sqlx::query!(
        r#"UPDATE checkout.orders SET status = 'fulfilled', fulfilled_at = now(), tracking_number = $2, updated_at = now()
           WHERE id = $1"#,
        id,
        tracking.as_deref()
    )
    .execute(&mut *tx)
    .await
    .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    let note = tracking.as_ref().map(|t| format!("Tracking number {t}"));
    store::append_history(&mut *tx, id, OrderStatus::Fulfilled, note.as_deref()).await?;
    let fulfilled = store::emit(&mut tx, site.id, id, "order.fulfilled").await?;
    tx.commit().await?;
    tracing::info!(site.id = %site.id, order.id = %id, "order fulfilled");
    Ok(AxumJson(fulfilled))
}

/// The payment a cancel must give back, seen before the change.
struct Captured {
    card: bool,
    amount: Decimal,
}

async fn captured_payment(db: impl PgExecutor<'_>, order_id: Uuid) -> Result<Option<Captured>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT method, amount FROM checkout.payments WHERE order_id = $1 AND status = 'captured' FOR UPDATE",
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Captured { card: r.method == "card", amount: r.amount }))
}

/// Cancel a `pending_payment` or `paid` order.
///
/// Its stock goes back to the catalog, its promotion use is released, and a captured payment is refunded
/// (a manual payment at once; a card payment through the provider, right after
/// the cancel commits, so no lock is held while the provider answers); event
/// `order.canceled`. A fulfilled order → 409. If the provider fails to refund,
/// the order stays canceled with its payment `captured` (502): cancel again to
/// retry the refund.
#[utoipa::path(
    post,
    path = "/api/checkout/sites/{site_id}/orders/{id}/cancel",
    tag = "orders",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ("id" = Uuid, Path, description = "The order's id")),
    request_body(content = Option<CancelOrder>, description = "Optional; `reason` is at most 500 characters"),
    responses(
        (status = 200, description = "The canceled order", body = Order),
        (status = 409, description = "The order is fulfilled or already canceled (or its card payment is in progress)", body = vitrine_models::Problem, content_type = "application/problem+json"),
        (status = 502, description = "Canceled, but the provider did not refund the card payment: cancel again to retry", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn cancel(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
    OptionalJson(body): OptionalJson<CancelOrder>,
) -> Result<AxumJson<Order>, ApiError> {
    let reason = optional_text(body.reason.as_deref(), MAX_REASON, true)
        .map_err(|message| ApiError::invalid_field("reason", message))?;
    let mut tx = state.pool.begin().await?;
    let order = found(store::lock_order(&mut *tx, site.id, id).await?, "order")?;
    let payment = captured_payment(&mut *tx, id).await?;
    match order.status() {
        OrderStatus::PendingPayment if checkout_in_flight(&order) => return Err(in_flight_error()),
        OrderStatus::PendingPayment | OrderStatus::Paid => {}
        OrderStatus::Canceled if payment.as_ref().is_some_and(|p| p.card) => {
            // A refund that failed earlier: this cancel retries it.
            tx.commit().await?;
            return refund_card(&state, site.id, id).await;
        }
        OrderStatus::Canceled => return Err(wrong_status("this order is already canceled")),
        OrderStatus::Fulfilled => {
            return Err(wrong_status("a fulfilled order cannot be canceled: it has shipped"));
        }
    }
    store::give_back(&mut tx, &order).await?;
    sqlx::query!(
        r#"UPDATE checkout.orders SET status = 'canceled', canceled_at = now(), cancel_reason = $2, updated_at = now()
           WHERE id = $1"#,
        id,
        reason.as_deref()
    )
    .execute(&mut *tx)
    .await
    .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    let manual_refund = payment.as_ref().is_some_and(|p| !p.card);
    if manual_refund {
        sqlx::query!("UPDATE checkout.payments SET status = 'refunded', updated_at = now() WHERE order_id = $1", id)
            .execute(&mut *tx)
            .await?;
    }
    store::append_history(&mut *tx, id, OrderStatus::Canceled, reason.as_deref()).await?;
    if let Some(payment) = payment.as_ref().filter(|_| manual_refund) {
        let note = format!("Manual payment of {} refunded", format_amount(payment.amount, &order.currency));
        store::append_history(&mut *tx, id, OrderStatus::Canceled, Some(&note)).await?;
    }
    let canceled = store::emit(&mut tx, site.id, id, "order.canceled").await?;
    tx.commit().await?;
    tracing::info!(site.id = %site.id, order.id = %id, "order canceled");
    if payment.is_some_and(|p| p.card) { refund_card(&state, site.id, id).await } else { Ok(AxumJson(canceled)) }
}

/// Refunds the captured card payment of a canceled order through the
/// provider (no transaction open), then records it.
async fn refund_card(state: &AppState, site_id: Uuid, id: Uuid) -> Result<AxumJson<Order>, ApiError> {
    let amount = sqlx::query_scalar!(
        "SELECT amount FROM checkout.payments WHERE order_id = $1 AND method = 'card' AND status = 'captured'",
        id
    )
    .fetch_optional(&state.pool)
    .await?;
    if let Some(amount) = amount {
        if let Err(err) = state.provider.refund(id, amount).await {
            tracing::error!(order.id = %id, error = %err, "card refund failed; the order stays canceled with its payment captured");
            return Err(ApiError::new(StatusCode::BAD_GATEWAY, "refund-failed", "Refund failed").detail(
                "The order is canceled and its stock is back, but the payment provider did not refund the card. \
                 Cancel again to retry the refund.",
            ));
        }
        let mut tx = state.pool.begin().await?;
        let order = found(store::lock_order(&mut *tx, site_id, id).await?, "order")?;
        let refunded = sqlx::query!(
            "UPDATE checkout.payments SET status = 'refunded', updated_at = now() WHERE order_id = $1 AND status = 'captured'",
            id
        )
        .execute(&mut *tx)
        .await?;
        if refunded.rows_affected() == 1 {
            let note = format!("Card payment of {} refunded", format_amount(amount, &order.currency));
            store::append_history(&mut *tx, id, OrderStatus::Canceled, Some(&note)).await?;
            tracing::info!(order.id = %id, "card payment refunded");
        }
        tx.commit().await?;
    }
    let mut conn = state.pool.acquire().await?;
    let order = found(store::find(&mut conn, site_id, id, View::Merchant).await?, "order")?;
    Ok(AxumJson(order))
}

/// Delete a `pending_payment` or `canceled` order.
///
/// A pending one gives its stock and promotion use back first. Event `order.deleted` (its `data` is
/// the order as it was). A `paid` or `fulfilled` order → 409: cancel it first.
#[utoipa::path(
    delete,
    path = "/api/checkout/sites/{site_id}/orders/{id}",
    tag = "orders",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), ("id" = Uuid, Path, description = "The order's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "The order is paid or fulfilled (cancel it first), or its card payment is in progress", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn delete_order(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.pool.begin().await?;
    let order = found(store::lock_order(&mut *tx, site.id, id).await?, "order")?;
    match order.status() {
        OrderStatus::PendingPayment if checkout_in_flight(&order) => return Err(in_flight_error()),
        OrderStatus::PendingPayment => store::give_back(&mut tx, &order).await?,
        OrderStatus::Canceled => {}
        status => {
            return Err(wrong_status(format!("this order is {}: cancel it first", status.as_str())));
        }
    }
    store::emit(&mut tx, site.id, id, "order.deleted").await?;
    sqlx::query!("DELETE FROM checkout.orders WHERE id = $1", id).execute(&mut *tx).await?;
    tx.commit().await?;
    tracing::info!(site.id = %site.id, order.id = %id, "order deleted");
    Ok(StatusCode::NO_CONTENT)
}

// ---- manual orders ------------------------------------------------------------

/// A manual order's body, checked.
#[derive(Debug)]
struct ManualOrder {
    email: String,
    /// `(variant_id, quantity)`, one line per variant.
    lines: Vec<(Uuid, i32)>,
    shipping_address: Option<ShippingAddress>,
    note: Option<String>,
    paid: bool,
}

fn check_manual(body: &CreateManualOrder) -> Result<ManualOrder, ApiError> {
    let mut fields = Fields::default();
    let email = fields.check("email", email(&body.email));
    if body.lines.is_empty() {
        fields.push("lines", "an order has at least one line");
    } else if body.lines.len() > MAX_LINES {
        fields.push("lines", format!("an order has at most {MAX_LINES} lines"));
    }
    let mut seen = HashSet::new();
    let mut lines = Vec::with_capacity(body.lines.len());
    for (i, line) in body.lines.iter().enumerate() {
        if !seen.insert(line.variant_id) {
            fields.push(&format!("lines.{i}.variant_id"), "appears in another line: one line per variant");
        }
        match i32::try_from(line.quantity) {
            Ok(quantity) if (1..=MAX_QUANTITY).contains(&line.quantity) => lines.push((line.variant_id, quantity)),
            _ => fields.push(&format!("lines.{i}.quantity"), format!("must be 1 to {MAX_QUANTITY}")),
        }
    }
    let shipping_address = match &body.shipping_address {
        None => Some(None),
        Some(address) => parse_address(address, "shipping_address", &mut fields).map(Some),
    };
    let note = fields.check("note", optional_text(body.note.as_deref(), MAX_NOTE, true));
    match (email, shipping_address, note) {
        (Some(email), Some(shipping_address), Some(note)) if fields.is_ok() => {
            Ok(ManualOrder { email, lines, shipping_address, note, paid: body.paid.unwrap_or(false) })
        }
        _ => Err(fields.into_error()),
    }
}

struct VariantRow {
    variant_id: Uuid,
    product_id: Uuid,
    sku: String,
    attributes: serde_json::Value,
    price: Decimal,
    currency: String,
    product_title: String,
}

#[tracing::instrument(level = "debug", skip(db))]
async fn variants(db: impl PgExecutor<'_>, site_id: Uuid, ids: &[Uuid]) -> Result<Vec<VariantRow>, sqlx::Error> {
    sqlx::query_as!(
        VariantRow,
        r#"SELECT variant_id AS "variant_id!", product_id AS "product_id!", sku AS "sku!",
                  attributes AS "attributes!", price AS "price!", currency AS "currency!: String",
                  product_title AS "product_title!"
           FROM (SELECT DISTINCT unnest($2::uuid[]) AS id) wanted
           -- By key (OFFSET 0: see carts::view), then the site's condition.
           CROSS JOIN LATERAL (SELECT * FROM site.variant_directory d WHERE d.variant_id = wanted.id OFFSET 0) v
           WHERE v.site_id = $1"#,
        site_id,
        ids
    )
    .fetch_all(db)
    .await
}

/// Create a manual order (a phone or counter sale).
///
/// Its lines are variants of the site, all in one currency. Prices are frozen from the catalog now and the
/// stock is taken (409 `urn:vitrine:problem:out-of-stock` with the short
/// `lines` if any line asks for more than there is: nothing is taken). A
/// manual order has no discount. It starts `pending_payment` (event
/// `order.created`); with `paid: true` a `manual` payment of its total is
/// recorded at once (then `order.paid` too). An account of the site with the
/// same e-mail becomes its `customer_id`.
#[utoipa::path(
    post,
    path = "/api/checkout/sites/{site_id}/orders",
    tag = "orders",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites")),
    request_body = CreateManualOrder,
    responses(
        (status = 201, description = "The order", body = Order, headers(("location" = String, description = "The new order's URL in this API"))),
        (status = 409, description = "Out of stock (`urn:vitrine:problem:out-of-stock`, with `lines: [{variant_id, requested, available}]`)", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn create_order(
    State(state): State<AppState>,
    site: OwnedSite,
    Json(body): Json<CreateManualOrder>,
) -> Result<Created<Order>, ApiError> {
    let new = check_manual(&body)?;
    let ids: Vec<Uuid> = new.lines.iter().map(|(id, _)| *id).collect();
    let mut tx = state.pool.begin().await?;
    let catalog: HashMap<Uuid, VariantRow> =
        variants(&mut *tx, site.id, &ids).await?.into_iter().map(|v| (v.variant_id, v)).collect();
    let mut fields = Fields::default();
    for (i, (variant_id, _)) in new.lines.iter().enumerate() {
        if !catalog.contains_key(variant_id) {
            fields.push(&format!("lines.{i}.variant_id"), "is not a variant of this site");
        }
    }
    fields.finish()?;
    let mut currencies: Vec<&str> = catalog.values().map(|v| v.currency.as_str()).collect();
    currencies.sort_unstable();
    currencies.dedup();
    if let [first, second, ..] = currencies.as_slice() {
        return Err(ApiError::invalid_field(
            "lines",
            format!("an order is in one currency; these variants are priced in {first} and {second}"),
        ));
    }
    let currency = currencies.first().map(|c| (*c).to_owned()).ok_or_else(ApiError::internal)?;

    let stock = serde_json::Value::Array(
        new.lines
            .iter()
            .map(|(variant_id, quantity)| serde_json::json!({"variant_id": variant_id, "quantity": quantity}))
            .collect(),
    );
    let short = sqlx::query_as!(
        Shortage,
        r#"SELECT variant_id AS "variant_id!", requested::bigint AS "requested!", available::bigint AS "available!"
           FROM site.take_stock($1, $2)"#,
        site.id,
        stock
    )
    .fetch_all(&mut *tx)
    .await?;
    if !short.is_empty() {
        return Err(Error::OutOfStock(short).into());
    }

    let id = Uuid::now_v7();
    let subtotal: Decimal =
        new.lines.iter().map(|(variant_id, quantity)| catalog[variant_id].price * Decimal::from(*quantity)).sum();
    if subtotal >= MAX_TOTAL {
        return Err(ApiError::invalid_field("lines", "the order's total is too large"));
    }
    let customer_id = sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM customer.customer_directory
           WHERE site_id = $1 AND lower(email) = lower($2)
           ORDER BY id LIMIT 1"#,
        site.id,
        new.email
    )
    .fetch_optional(&mut *tx)
    .await?;
    let address =
        new.shipping_address.as_ref().map(serde_json::to_value).transpose().map_err(|_| ApiError::internal())?;
    // Taken last: the per-site counter row stays locked until commit.
    let number = store::next_order_number(&mut *tx, site.id).await?;
    sqlx::query!(
        r#"INSERT INTO checkout.orders
               (id, site_id, number, status, email, customer_id, shipping_address, currency, subtotal,
                discount_total, total, note, token)
           VALUES ($1, $2, $3, 'pending_payment', $4, $5, $6, $7, $8, 0, $8, $9, $10)"#,
        id,
        site.id,
        number,
        new.email,
        customer_id,
        address,
        currency,
        subtotal,
        new.note.as_deref(),
        new_token()
    )
    .execute(&mut *tx)
    .await
    .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    for (position, (variant_id, quantity)) in (1..).zip(&new.lines) {
        let variant = &catalog[variant_id];
        sqlx::query!(
            r#"INSERT INTO checkout.order_lines
                   (order_id, position, variant_id, product_id, product_title, sku, attributes, unit_price, quantity,
                    line_total)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"#,
            id,
            position,
            variant.variant_id,
            variant.product_id,
            variant.product_title,
            variant.sku,
            variant.attributes,
            variant.price,
            quantity,
            variant.price * Decimal::from(*quantity)
        )
        .execute(&mut *tx)
        .await?;
    }
    store::append_history(&mut *tx, id, OrderStatus::PendingPayment, Some("Manual order")).await?;
    let mut order = store::emit(&mut tx, site.id, id, "order.created").await?;
    if new.paid {
        let row = found(store::lock_order(&mut *tx, site.id, id).await?, "order")?;
        order = record_manual_payment(&mut tx, &row).await?;
    }
    tx.commit().await?;
    if new.paid {
        crate::metrics::order_value(subtotal, &currency);
    }
    tracing::info!(site.id = %site.id, order.id = %id, order.number = number, paid = new.paid, "manual order created");
    Ok(created(location(site.id, id), order))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_match_numbers_with_or_without_hash_and_escape_like_wildcards() {
        let search = Search::parse(Some(" #1001 ")).unwrap().unwrap();
        assert_eq!(search.number, Some(1001));
        assert_eq!(search.email_pattern, "%#1001%");
        let search = Search::parse(Some("Ada_100%")).unwrap().unwrap();
        assert_eq!(search.number, None);
        assert_eq!(search.email_pattern, "%ada\\_100\\%%");
        assert_eq!(Search::parse(Some("   ")).unwrap(), None);
        assert_eq!(Search::parse(Some("99999999999")).unwrap().unwrap().number, None, "beyond i32: e-mail only");
        assert!(Search::parse(Some(&"a".repeat(255))).is_err());
    }

    #[test]
    fn the_largest_total_is_just_below_10_to_the_16() {
        assert_eq!(MAX_TOTAL, Decimal::from(10_i64.pow(16)));
    }

    #[test]
    fn e_mails_with_control_characters_are_refused() {
        assert!(email("ada@example.com").is_ok());
        assert!(email("ada\u{0}@example.com").is_err());
    }

    #[test]
    fn optional_texts_are_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(optional_text(Some("  "), 10, false).unwrap(), None);
        assert_eq!(optional_text(None, 10, false).unwrap(), None);
        assert_eq!(optional_text(Some(" 1Z999 "), 10, false).unwrap().as_deref(), Some("1Z999"));
        assert!(optional_text(Some("12345678901"), 10, false).is_err());
        assert!(optional_text(Some("a\nb"), 10, false).is_err());
        assert_eq!(optional_text(Some("a\nb"), 10, true).unwrap().as_deref(), Some("a\nb"));
        assert!(optional_text(Some("a\u{7}b"), 10, true).is_err());
    }

    #[test]
    fn manual_orders_list_every_invalid_field() {
        let variant = Uuid::now_v7();
        let body = CreateManualOrder {
            email: "nope".into(),
            lines: vec![
                vitrine_models::checkout::LineInput { variant_id: variant, quantity: 0 },
                vitrine_models::checkout::LineInput { variant_id: variant, quantity: 1000 },
            ],
            shipping_address: None,
            note: None,
            paid: None,
        };
        let error = check_manual(&body).unwrap_err();
        let fields: Vec<&str> = error.body().errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "lines.0.quantity", "lines.1.variant_id", "lines.1.quantity"]);
    }
}
