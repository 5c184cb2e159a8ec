//! What both sides of the service (shoppers and merchants) need from the
//! database: loading an [`Order`] in its public or merchant view, the event
//! outbox, the order history, order numbers, and giving back what an order
//! took (stock and a promotion use) through the owners' published functions.

use rust_decimal::Decimal;
use serde_json::json;
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;
use vitrine_common::money::format_amount;
use vitrine_models::checkout::{
    Discount, History, Order, OrderEvent, OrderLine, OrderStatus, Payment, PaymentMethod, PaymentStatus,
    ShippingAddress,
};

/// Which view of an order to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The shopper's receipt: adds `token`.
    Public,
    /// The merchant's: adds `history`.
    Merchant,
}

/// An order row as stored.
#[derive(Debug, Clone)]
pub struct OrderRow {
    pub id: Uuid,
    pub site_id: Uuid,
    pub number: i32,
    pub status: String,
    pub email: String,
    pub customer_id: Option<Uuid>,
    pub shipping_address: Option<serde_json::Value>,
    pub currency: String,
    pub subtotal: Decimal,
    pub discount: Option<serde_json::Value>,
    pub promotion_id: Option<Uuid>,
    pub discount_total: Decimal,
    pub total: Decimal,
    pub note: Option<String>,
    pub tracking_number: Option<String>,
    pub token: String,
    pub cart_id: Option<Uuid>,
    pub experiment_key: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_at: OffsetDateTime,
    pub paid_at: Option<OffsetDateTime>,
    pub fulfilled_at: Option<OffsetDateTime>,
    pub canceled_at: Option<OffsetDateTime>,
}

impl OrderRow {
    /// The status as the wire enum.
    pub fn status(&self) -> OrderStatus {
        OrderStatus::parse(&self.status).unwrap_or(OrderStatus::PendingPayment)
    }
}

/// The order `id` of `site_id`, locked until the transaction ends.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn lock_order(db: impl PgExecutor<'_>, site_id: Uuid, id: Uuid) -> Result<Option<OrderRow>, sqlx::Error> {
    sqlx::query_as!(
        OrderRow,
        r#"SELECT id, site_id, number, status, email, customer_id, shipping_address, currency AS "currency!: String",
                  subtotal, discount, promotion_id, discount_total, total, note, tracking_number, token, cart_id,
                  experiment_key, cancel_reason, created_at, paid_at, fulfilled_at, canceled_at
           FROM checkout.orders WHERE site_id = $1 AND id = $2
           FOR UPDATE"#,
        site_id,
        id
    )
    .fetch_optional(db)
    .await
}

/// The order `id` of a live site.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn order_row(db: impl PgExecutor<'_>, site_id: Uuid, id: Uuid) -> Result<Option<OrderRow>, sqlx::Error> {
    sqlx::query_as!(
        OrderRow,
        r#"SELECT o.id, o.site_id, o.number, o.status, o.email, o.customer_id, o.shipping_address,
                  o.currency AS "currency!: String", o.subtotal, o.discount, o.promotion_id, o.discount_total,
                  o.total, o.note, o.tracking_number, o.token, o.cart_id, o.experiment_key, o.cancel_reason,
                  o.created_at, o.paid_at, o.fulfilled_at, o.canceled_at
           FROM checkout.orders o
           JOIN builder.site_directory d ON d.id = o.site_id
           WHERE o.site_id = $1 AND o.id = $2"#,
        site_id,
        id
    )
    .fetch_optional(db)
    .await
}

/// The order whose receipt token is `token`, on a live site.
#[tracing::instrument(level = "debug", skip(db, token))]
pub async fn order_row_by_token(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    token: &str,
) -> Result<Option<OrderRow>, sqlx::Error> {
    sqlx::query_as!(
        OrderRow,
        r#"SELECT o.id, o.site_id, o.number, o.status, o.email, o.customer_id, o.shipping_address,
                  o.currency AS "currency!: String", o.subtotal, o.discount, o.promotion_id, o.discount_total,
                  o.total, o.note, o.tracking_number, o.token, o.cart_id, o.experiment_key, o.cancel_reason,
                  o.created_at, o.paid_at, o.fulfilled_at, o.canceled_at
           FROM checkout.orders o
           JOIN builder.site_directory d ON d.id = o.site_id
           WHERE o.site_id = $1 AND o.token = $2"#,
        site_id,
        token
    )
    .fetch_optional(db)
    .await
}

#[derive(serde::Deserialize)]
struct LineRow {
    variant_id: Uuid,
    product_id: Uuid,
    product_title: String,
    sku: String,
    attributes: serde_json::Value,
    // Amounts travel as text: exact, never through a float.
    #[serde(with = "rust_decimal::serde::str")]
    unit_price: Decimal,
    quantity: i32,
    #[serde(with = "rust_decimal::serde::str")]
    line_total: Decimal,
}

#[derive(serde::Deserialize)]
struct PaymentRow {
    method: String,
    status: String,
    brand: Option<String>,
    last4: Option<String>,
    #[serde(with = "rust_decimal::serde::str")]
    amount: Decimal,
}

#[derive(serde::Deserialize)]
struct HistoryRow {
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
    status: String,
    note: Option<String>,
}

/// The full [`Order`] of `row` in `view` (its lines, payment, and history for
/// merchants), read in one statement.
#[tracing::instrument(level = "debug", skip(db, row), fields(order.id = %row.id))]
pub async fn load(db: &mut PgConnection, row: OrderRow, view: View) -> Result<Order, sqlx::Error> {
    let parts = sqlx::query!(
        r#"SELECT
               coalesce((SELECT jsonb_agg(jsonb_build_object(
                                 'variant_id', variant_id, 'product_id', product_id, 'product_title', product_title,
                                 'sku', sku, 'attributes', attributes, 'unit_price', unit_price::text,
                                 'quantity', quantity, 'line_total', line_total::text) ORDER BY position)
                         FROM checkout.order_lines WHERE order_id = $1), '[]') AS "lines!",
               (SELECT jsonb_build_object('method', method, 'status', status, 'brand', brand, 'last4', last4,
                                          'amount', amount::text)
                FROM checkout.payments WHERE order_id = $1) AS payment,
               CASE WHEN $2 THEN
                   coalesce((SELECT jsonb_agg(jsonb_build_object('at', at, 'status', status, 'note', note) ORDER BY id)
                             FROM checkout.order_history WHERE order_id = $1), '[]')
               END AS history"#,
        row.id,
        view == View::Merchant
    )
    .fetch_one(&mut *db)
    .await?;
    let decode = |err: serde_json::Error| sqlx::Error::Decode(Box::new(err));
    let lines: Vec<LineRow> = serde_json::from_value(parts.lines).map_err(decode)?;
    let payment: Option<PaymentRow> = parts.payment.map(serde_json::from_value).transpose().map_err(decode)?;
    let history = match parts.history {
        Some(rows) => {
            let rows: Vec<HistoryRow> = serde_json::from_value(rows).map_err(decode)?;
            Some(
                rows.into_iter()
                    .map(|h| History {
                        at: h.at,
                        status: OrderStatus::parse(&h.status).unwrap_or(OrderStatus::PendingPayment),
                        note: h.note,
                    })
                    .collect(),
            )
        }
        None => None,
    };
    Ok(assemble(&row, lines, payment, history, view))
}

fn assemble(
    row: &OrderRow,
    lines: Vec<LineRow>,
    payment: Option<PaymentRow>,
    history: Option<Vec<History>>,
    view: View,
) -> Order {
    let currency = row.currency.as_str();
    let money = |amount: Decimal| format_amount(amount, currency);
    Order {
        id: row.id,
        number: i64::from(row.number),
        site_id: row.site_id,
        status: row.status(),
        email: row.email.clone(),
        customer_id: row.customer_id,
        shipping_address: row.shipping_address.clone().and_then(|a| serde_json::from_value::<ShippingAddress>(a).ok()),
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
        currency: row.currency.clone(),
        subtotal: money(row.subtotal),
        discount: row.discount.clone().and_then(|d| serde_json::from_value::<Discount>(d).ok()),
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
        note: row.note.clone(),
        tracking_number: row.tracking_number.clone(),
        created_at: row.created_at,
        paid_at: row.paid_at,
        fulfilled_at: row.fulfilled_at,
        canceled_at: row.canceled_at,
        cancel_reason: row.cancel_reason.clone(),
        token: (view == View::Public).then(|| row.token.clone()),
        history,
    }
}

/// The order `id` of `site_id` in `view`, if it exists on a live site.
pub async fn find(db: &mut PgConnection, site_id: Uuid, id: Uuid, view: View) -> Result<Option<Order>, sqlx::Error> {
    match order_row(&mut *db, site_id, id).await? {
        Some(row) => load(db, row, view).await.map(Some),
        None => Ok(None),
    }
}

/// Writes an order event into the outbox (`checkout.events`), in the caller's
/// transaction: the event exists if and only if the change commits. `order`
/// is the merchant view (with `history`).
#[tracing::instrument(level = "debug", skip(db, order), fields(order.id = %order.id))]
pub async fn write_event(db: &mut PgConnection, kind: &str, order: &Order) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::now_v7();
    let event = OrderEvent {
        id,
        kind: kind.to_owned(),
        site_id: order.site_id,
        created_at: OffsetDateTime::now_utc(),
        data: order.clone(),
    };
    let payload = serde_json::to_value(&event).unwrap_or_else(|_| json!({}));
    sqlx::query!(
        "INSERT INTO checkout.events (id, site_id, type, order_id, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        order.site_id,
        kind,
        order.id,
        payload,
        event.created_at
    )
    .execute(db)
    .await?;
    Ok(id)
}

/// Writes several order events (`kind`, merchant view) in one statement, in
/// the order given, in the caller's transaction (as [`write_event`]).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn write_events(db: &mut PgConnection, events: &[(&str, &Order)]) -> Result<(), sqlx::Error> {
    let (mut ids, mut sites, mut kinds, mut orders, mut payloads, mut times) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (kind, order) in events {
        let event = OrderEvent {
            id: Uuid::now_v7(),
            kind: (*kind).to_owned(),
            site_id: order.site_id,
            created_at: OffsetDateTime::now_utc(),
            data: (*order).clone(),
        };
        ids.push(event.id);
        sites.push(event.site_id);
        kinds.push(event.kind.clone());
        orders.push(order.id);
        times.push(event.created_at);
        payloads.push(serde_json::to_value(&event).unwrap_or_else(|_| json!({})));
    }
    sqlx::query!(
        r#"INSERT INTO checkout.events (id, site_id, type, order_id, payload, created_at)
           SELECT e.id, e.site_id, e.type, e.order_id, e.payload, e.created_at
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::jsonb[], $6::timestamptz[])
           WITH ORDINALITY AS e (id, site_id, type, order_id, payload, created_at, n)
           ORDER BY n"#,
        &ids,
        &sites,
        &kinds,
        &orders,
        &payloads,
        &times
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Loads the merchant view of order `id` and writes event `kind` with it.
pub async fn emit(db: &mut PgConnection, site_id: Uuid, id: Uuid, kind: &str) -> Result<Order, sqlx::Error> {
    let row = lock_order(&mut *db, site_id, id).await?.ok_or(sqlx::Error::RowNotFound)?;
    let order = load(&mut *db, row, View::Merchant).await?;
    write_event(db, kind, &order).await?;
    Ok(order)
}

/// Appends a step to an order's history.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn append_history(
    db: impl PgExecutor<'_>,
    order_id: Uuid,
    status: OrderStatus,
    note: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO checkout.order_history (id, order_id, status, note) VALUES ($1, $2, $3, $4)",
        Uuid::now_v7(),
        order_id,
        status.as_str(),
        note
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The next order number of `site_id` (1001 first). The counter row stays
/// locked until the transaction ends, so take it as late as possible in it.
#[tracing::instrument(level = "debug", skip(db))]
pub async fn next_order_number(db: impl PgExecutor<'_>, site_id: Uuid) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!(
        r#"INSERT INTO checkout.order_numbers (site_id, last) VALUES ($1, 1001)
           ON CONFLICT (site_id) DO UPDATE SET last = checkout.order_numbers.last + 1
           RETURNING last"#,
        site_id
    )
    .fetch_one(db)
    .await
}

/// The `[{variant_id, quantity}]` of an order, as the stock functions take them.
pub async fn stock_lines(db: impl PgExecutor<'_>, order_id: Uuid) -> Result<serde_json::Value, sqlx::Error> {
    let lines = sqlx::query_scalar!(
        r#"SELECT coalesce(jsonb_agg(jsonb_build_object('variant_id', variant_id, 'quantity', quantity)), '[]')
               AS "lines!"
           FROM checkout.order_lines WHERE order_id = $1"#,
        order_id
    )
    .fetch_one(db)
    .await?;
    Ok(lines)
}

/// Gives back what the (locked) order took: its stock, through
/// `site.return_stock`, and its promotion use, through `promotion.release`.
#[tracing::instrument(level = "debug", skip(db, order), fields(order.id = %order.id))]
pub async fn give_back(db: &mut PgConnection, order: &OrderRow) -> Result<(), sqlx::Error> {
    // The promotion before the variants: the order checkout locks them in.
    if let Some(promotion) = order.promotion_id {
        sqlx::query!("SELECT promotion.release($1)", promotion).execute(&mut *db).await?;
    }
    let lines = stock_lines(&mut *db, order.id).await?;
    sqlx::query!("SELECT site.return_stock($1, $2)", order.site_id, lines).execute(&mut *db).await?;
    Ok(())
}

/// Discards a checkout order that was never paid (declined, provider
/// failure, or stale): gives back its stock and promotion use, deletes it
/// (no event: nobody heard of it), gives its number back if it is still the
/// site's last, and reopens its cart.
#[tracing::instrument(level = "debug", skip(db, order), fields(order.id = %order.id))]
pub async fn discard(db: &mut PgConnection, order: &OrderRow) -> Result<(), sqlx::Error> {
    give_back(&mut *db, order).await?;
    sqlx::query!("DELETE FROM checkout.orders WHERE id = $1", order.id).execute(&mut *db).await?;
    // Its number back, if no later order took one since (no gap after a decline).
    sqlx::query!(
        "UPDATE checkout.order_numbers SET last = last - 1 WHERE site_id = $1 AND last = $2",
        order.site_id,
        order.number
    )
    .execute(&mut *db)
    .await?;
    if let Some(cart) = order.cart_id {
        sqlx::query!("UPDATE checkout.carts SET order_id = NULL, updated_at = now() WHERE id = $1", cart)
            .execute(&mut *db)
            .await?;
    }
    Ok(())
}
