//! Checkout: a cart becomes a paid order, in two phases (decision 14).
//!
//! 1. One transaction: lock the cart; take the stock (`site.take_stock`);
//!    redeem the promotion (`promotion.redeem`); create the order
//!    (`pending_payment`, prices frozen) and close the cart; commit.
//! 2. Ask the payment provider, with no transaction open and no lock held.
//! 3. One transaction records the outcome. Captured: the order is `paid`, its
//!    events `order.created` and `order.paid` go to the outbox, and the
//!    visitor's experiments get a conversion. Declined (or the provider
//!    failed): the order is discarded, its stock and promotion use given
//!    back, the cart reopened, and no event is sent.
//!
//! A checkout that never reaches step 3 (a crash) leaves a `pending_payment`
//! order that the sweeper discards after 15 minutes, the same way.
//!
//! Every lock is taken in one order — cart, promotion, variants (in id order,
//! inside `take_stock`), the site's order counter — so checkouts queue
//! instead of deadlocking; a deadlock or serialization failure the database
//! still reports is retried here and never reaches a client.

use std::time::Duration;

use axum::Json as AxumJson;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::PgPool;
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::extract::parse_json;
use vitrine_common::resource::on_constraint;
use vitrine_common::shopper::{MaybeShopper, Shopper};
use vitrine_common::sites::PublicSite;
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Json, Path};
use vitrine_models::checkout::{Checkout, Discount, History, Order, OrderStatus, PaymentStatus, ShippingAddress};
use vitrine_models::promotion::PromotionType;

use crate::carts::{self, CartPath};
use crate::domain::{self, Card, discount_amount, promotion_value};
use crate::error::Shortage;
use crate::payment::{Charge, ChargeOutcome};
use crate::store::{self, View};
use crate::{AppState, Error, idempotency, metrics};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(checkout_cart))
}

/// How many times a transaction that lost a deadlock or a serialization
/// conflict is tried again before the client gets a 503.
const ATTEMPTS: u32 = 8;

/// Check out the cart: take the stock, redeem the discount, create the
/// order, charge the card. Requires an `Idempotency-Key` header: a retry
/// with the same key and body answers the first answer again.
#[utoipa::path(
    post,
    path = "/api/checkout/public/{site_slug}/carts/{cart_token}/checkout",
    tag = "checkout",
    params(
        CartPath,
        ("Idempotency-Key" = String, Header, description = "1 to 255 visible characters (a UUID): a retry with the same key and body gets the first answer"),
    ),
    request_body = Checkout,
    responses((status = 401, description = "A shopper token was sent that is invalid, expired, revoked, or of another site", body = vitrine_models::Problem, content_type = "application/problem+json"), 
        (status = 201, description = "Paid: the order (public view, with its receipt `token`)", body = Order, headers(("location" = String, description = "The receipt's URL"))),
        (status = 400, description = "No (or a malformed) `Idempotency-Key`", body = vitrine_models::Problem, content_type = "application/problem+json"),
        (status = 402, description = "The card was declined (`code`: card_declined, insufficient_funds, expired_card, incorrect_cvc); nothing was charged and the cart is open again", body = vitrine_models::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Out of stock (`urn:vitrine:problem:out-of-stock` with `lines`), the cart is already an order (`Location` of its receipt), or the same key is still running", body = vitrine_models::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, an empty cart, a discount that no longer applies (`code`), or the same key with another body", body = vitrine_models::Problem, content_type = "application/problem+json"),
        (status = 502, description = "The payment provider failed; nothing was charged and the cart is open again", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn checkout_cart(
    State(state): State<AppState>,
    site: PublicSite,
    shopper: MaybeShopper,
    Path(path): Path<CartPath>,
    headers: HeaderMap,
    Json(body): Json<serde_json::Value>,
) -> Result<Response, ApiError> {
    let shopper = crate::signed_in::optional(&state.pool, site.id, shopper).await?;
    let key = idempotency::key(&headers)?;
    let canonical = serde_json::to_vec(&canonical(body)).map_err(|_| ApiError::internal())?;
    let fingerprint = idempotency::fingerprint(&path.cart_token, &canonical);
    match idempotency::begin(&state.pool, site.id, &path.cart_token, &key, &fingerprint).await? {
        idempotency::Begun::Replay(answer) => return Ok(answer),
        idempotency::Begun::Fresh => {}
    }
    let response = match run(&state, &site, shopper, &path.cart_token, &canonical).await {
        Ok(response) => {
            metrics::checkout("paid");
            response
        }
        Err(error) => {
            metrics::checkout(outcome(&error));
            with_receipt_location(error)
        }
    };
    let status = response.status();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 4 << 20).await.map_err(|_| ApiError::internal())?;
    for attempt in 0..5u64 {
        match idempotency::finish(&state.pool, site.id, &path.cart_token, &key, status, &parts.headers, &bytes).await {
            Ok(()) => break,
            Err(err) => {
                tracing::warn!(error = %err, attempt, "recording the idempotent answer failed");
                tokio::time::sleep(Duration::from_millis(200 * (attempt + 1))).await;
            }
        }
    }
    Ok(Response::from_parts(parts, Body::from(bytes)))
}

/// JSON with its object keys sorted, so the same request always hashes the same.
fn canonical(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, canonical(v))).collect())
        }
        serde_json::Value::Array(items) => serde_json::Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

/// A 409 "already checked out" also carries the receipt in `Location`.
fn with_receipt_location(error: ApiError) -> Response {
    let receipt = error.body().extensions.get("receipt").and_then(|r| r.as_str()).map(str::to_owned);
    let mut response = error.into_response();
    if let Some(value) = receipt.and_then(|r| HeaderValue::from_str(&r).ok()) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The `outcome` label of `vitrine_checkouts_total` for a checkout that did not pay.
fn outcome(error: &ApiError) -> &'static str {
    match error.status_code() {
        StatusCode::PAYMENT_REQUIRED => "declined",
        status if status.is_server_error() => "error",
        _ if error.body().kind == "urn:vitrine:problem:out-of-stock" => "out_of_stock",
        _ => "invalid",
    }
}

/// A checkout request, checked.
struct Checked {
    email: String,
    address: ShippingAddress,
    card: Card,
    experiment_key: Option<String>,
}

/// Checks every field of the request at once (422 listing them all).
async fn validate(pool: &PgPool, site: &PublicSite, shopper: Option<Shopper>, raw: &[u8]) -> Result<Checked, ApiError> {
    let request: Checkout = parse_json(raw)?;
    let mut fields = Fields::default();
    let email = match (&request.email, shopper) {
        (Some(email), _) => fields.check("email", domain::parse_email(email)),
        (None, Some(shopper)) => {
            let email = sqlx::query_scalar!(
                r#"SELECT email AS "email!" FROM customer.customer_directory WHERE id = $1 AND site_id = $2"#,
                shopper.id,
                site.id
            )
            .fetch_optional(pool)
            .await?;
            if email.is_none() {
                fields.push("email", "is required: your account no longer exists");
            }
            email
        }
        (None, None) => {
            fields.push("email", "is required");
            None
        }
    };
    let address = domain::parse_address(&request.shipping_address, "shipping_address", &mut fields);
    let now = OffsetDateTime::now_utc();
    let card = Card::parse(&request.payment, (now.year(), u8::from(now.month())), &mut fields);
    let experiment_key = request.experiment_key.map(|k| k.trim().to_owned());
    if experiment_key.as_ref().is_some_and(|k| k.is_empty() || k.chars().count() > 128) {
        fields.push("experiment_key", "must be 1 to 128 characters");
    }
    match (email, address, card) {
        (Some(email), Some(address), Some(card)) if fields.is_ok() => {
            Ok(Checked { email, address, card, experiment_key })
        }
        _ => Err(fields.into_error()),
    }
}

async fn run(
    state: &AppState,
    site: &PublicSite,
    shopper: Option<Shopper>,
    cart_token: &str,
    raw: &[u8],
) -> Result<Response, ApiError> {
    let checked = validate(&state.pool, site, shopper, raw).await?;
    let placed = retrying(|| place(&state.pool, site, shopper, cart_token, &checked)).await?;
    tracing::info!(
        site.id = %site.id, order.id = %placed.order_id, order.number = placed.number,
        card.brand = checked.card.brand, card.last4 = checked.card.last4(), "order placed, charging"
    );
    let charge = Charge {
        order_id: placed.order_id,
        amount: placed.total,
        currency: placed.currency.clone(),
        card: checked.card.clone(),
    };
    match state.provider.charge(&charge).await {
        Ok(ChargeOutcome::Captured) => {
            let mut order = match retrying(|| record_paid(&state.pool, &placed, &checked)).await {
                Ok(order) => order,
                Err(error) => {
                    if error.status_code() == StatusCode::CONFLICT {
                        // The order was discarded meanwhile (a checkout slower than the
                        // sweeper's 15 minutes): the money goes back.
                        if let Err(err) = state.provider.refund(placed.order_id, placed.total).await {
                            tracing::error!(order.id = %placed.order_id, error = %err, "refund of a discarded order failed");
                        }
                    }
                    return Err(error);
                }
            };
            metrics::order_value(placed.total, &placed.currency);
            tracing::info!(order.id = %placed.order_id, order.number = placed.number, "order paid");
            // The public view of the order just recorded: the receipt token, no history.
            order.history = None;
            order.token = Some(placed.token.clone());
            let location = format!("/api/checkout/public/{}/orders/{}", site.slug, placed.token);
            Ok((StatusCode::CREATED, [(header::LOCATION, location)], AxumJson(order)).into_response())
        }
        Ok(ChargeOutcome::Declined(code)) => {
            retrying(|| undo(&state.pool, &placed)).await?;
            tracing::info!(order.id = %placed.order_id, code, "payment declined; order discarded");
            Err(Error::Declined(code).into())
        }
        Err(err) => {
            tracing::warn!(order.id = %placed.order_id, error = %err, "payment provider failed; order discarded");
            retrying(|| undo(&state.pool, &placed)).await?;
            Err(Error::ProviderFailed.into())
        }
    }
}

/// Runs `step` (one transaction) again when it lost a deadlock or a
/// serialization conflict; domain answers and other errors pass through.
async fn retrying<T, F, Fut>(mut step: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Result<T, ApiError>, sqlx::Error>>,
{
    let mut attempt = 0;
    loop {
        match step().await {
            Ok(answer) => return answer,
            Err(err) if attempt + 1 < ATTEMPTS && is_retryable(&err) => {
                attempt += 1;
                tracing::debug!(error = %err, attempt, "transaction conflict; trying again");
                let jitter = u64::from(rand::random::<u8>() % 20);
                tokio::time::sleep(Duration::from_millis(5 * u64::from(attempt) + jitter)).await;
            }
            Err(err) => return Err(on_constraint(&err, Error::on_constraint)),
        }
    }
}

/// Deadlock detected, serialization failure: the transaction did nothing.
fn is_retryable(err: &sqlx::Error) -> bool {
    err.as_database_error().and_then(|db| db.code()).is_some_and(|code| code == "40P01" || code == "40001")
}

/// What phase 1 committed.
struct Placed {
    order_id: Uuid,
    site_id: Uuid,
    number: i32,
    token: String,
    total: Decimal,
    currency: String,
    experiment_key: String,
}

struct CartLineDetail {
    variant_id: Uuid,
    quantity: i32,
    product_id: Option<Uuid>,
    product_title: Option<String>,
    sku: Option<String>,
    attributes: Option<serde_json::Value>,
    price: Option<Decimal>,
    currency: Option<String>,
}

/// Phase 1, one transaction: the order exists, `pending_payment`, with its stock taken.
///
/// The variants' rows are the hottest locks (every checkout of a product
/// queues on them), so everything that can be read or checked before is done
/// first — the lines and their live prices, the promotion's redemption — and
/// only the stock, the order number and one statement writing the order are
/// done under them.
async fn place(
    pool: &PgPool,
    site: &PublicSite,
    shopper: Option<Shopper>,
    cart_token: &str,
    checked: &Checked,
) -> Result<Result<Placed, ApiError>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(cart) = carts::lock_cart(&mut *tx, site.id, cart_token).await? else {
        return Ok(Err(Error::CartNotFound.into()));
    };
    if let Some(order_id) = cart.order_id {
        let receipt = carts::receipt_url(&mut *tx, &site.slug, order_id).await?;
        return Ok(Err(Error::AlreadyCheckedOut { receipt }.into()));
    }
    let lines = sqlx::query_as!(
        CartLineDetail,
        r#"SELECT l.variant_id, l.quantity, v.product_id, v.product_title, v.sku, v.attributes, v.price,
                  v.currency AS "currency: String"
           FROM checkout.cart_lines l
           -- Each line's variant by its key. OFFSET 0 keeps the site's condition out of
           -- the lookup: for a shop newer than the table's statistics the planner
           -- would otherwise read all of the shop's variants for every line.
           LEFT JOIN LATERAL (SELECT * FROM site.variant_directory d WHERE d.variant_id = l.variant_id OFFSET 0) v
                  ON v.site_id = $2
           WHERE l.cart_id = $1
           ORDER BY l.id"#,
        cart.id,
        site.id
    )
    .fetch_all(&mut *tx)
    .await?;
    let Some(currency) = cart.currency.clone().filter(|_| !lines.is_empty()) else {
        return Ok(Err(Error::CartEmpty.into()));
    };
    // The prices the shopper saw a moment ago are the prices sold (frozen in the order).
    let mut subtotal = Decimal::ZERO;
    let mut frozen = Vec::with_capacity(lines.len());
    let mut gone = Vec::new();
    for (position, line) in (1..).zip(&lines) {
        match (line.price, &line.currency, line.product_id) {
            (Some(price), Some(c), Some(product_id)) if *c == currency => {
                subtotal += price * Decimal::from(line.quantity);
                frozen.push(json!({
                    "position": position,
                    "variant_id": line.variant_id,
                    "product_id": product_id,
                    "product_title": line.product_title.clone().unwrap_or_default(),
                    "sku": line.sku.clone().unwrap_or_default(),
                    "attributes": line.attributes.clone().unwrap_or_else(|| json!({})),
                    "unit_price": price,
                    "quantity": line.quantity,
                }));
            }
            _ => gone.push(Shortage { variant_id: line.variant_id, requested: i64::from(line.quantity), available: 0 }),
        }
    }
    if !gone.is_empty() {
        // Every short line at once: the stock function reports the others (and
        // takes nothing, since a gone variant is short; a rollback undoes the rest).
        let short = take_stock(&mut tx, site.id, &lines).await?;
        for shortage in short {
            if !gone.iter().any(|g| g.variant_id == shortage.variant_id) {
                gone.push(shortage);
            }
        }
        return Ok(Err(Error::OutOfStock(gone).into()));
    }
    let mut discount = None;
    let mut discount_total = Decimal::ZERO;
    let mut promotion_id = None;
    if let Some(code) = &cart.discount_code {
        let redeemed = sqlx::query!(
            r#"SELECT id AS "id!", code AS "code!", kind AS "kind!", value AS "value!", currency AS "currency: String"
               FROM promotion.redeem($1, $2, $3)"#,
            site.id,
            code,
            currency
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(promo) = redeemed else {
            return Ok(
                Err(Error::DiscountNotApplicable("no longer applies; remove it to check out".to_owned()).into()),
            );
        };
        let kind = if promo.kind == "fixed_amount" { PromotionType::FixedAmount } else { PromotionType::Percentage };
        discount_total = discount_amount(kind, promo.value, subtotal, &currency);
        promotion_id = Some(promo.id);
        discount = Some(Discount {
            value: promotion_value(kind, promo.value, promo.currency.as_deref()),
            code: promo.code,
            kind,
            amount: vitrine_common::money::format_amount(discount_total, &currency),
        });
    }
    let total = subtotal - discount_total;
    // The signed-in shopper's, else the cart's owner's — if the account still exists.
    let customer_id = match shopper.map(|s| s.id).or(cart.customer_id) {
        Some(candidate) => {
            sqlx::query_scalar!(
                r#"SELECT id AS "id!" FROM customer.customer_directory WHERE id = $1 AND site_id = $2"#,
                candidate,
                site.id
            )
            .fetch_optional(&mut *tx)
            .await?
        }
        None => None,
    };
    let experiment_key =
        checked.experiment_key.clone().or_else(|| cart.experiment_key.clone()).unwrap_or_else(|| cart.token.clone());

    // From here on, the variants are locked (in id order, by take_stock).
    let short = take_stock(&mut tx, site.id, &lines).await?;
    if !short.is_empty() {
        return Ok(Err(Error::OutOfStock(short).into()));
    }
    // One statement: the site's next number (its counter row stays locked
    // until commit, so it comes last), the order, its lines, its pending
    // payment, its history, and the cart closed.
    let order_id = Uuid::now_v7();
    let token = domain::new_token();
    let number = sqlx::query_scalar!(
        r#"WITH number AS (
               INSERT INTO checkout.order_numbers (site_id, last) VALUES ($2, 1001)
               ON CONFLICT (site_id) DO UPDATE SET last = checkout.order_numbers.last + 1
               RETURNING last
           ), placed AS (
               INSERT INTO checkout.orders (id, site_id, number, status, email, customer_id, shipping_address,
                                            currency, subtotal, discount, promotion_id, discount_total, total,
                                            token, cart_id, experiment_key)
               SELECT $1::uuid, $2::uuid, number.last, 'pending_payment', $3::text, $4::uuid, $5::jsonb,
                      $6::text, $7::numeric, $8::jsonb, $9::uuid, $10::numeric, $11::numeric, $12::text,
                      $13::uuid, $14::text
               FROM number
               RETURNING id, number
           ), frozen_lines AS (
               INSERT INTO checkout.order_lines (order_id, position, variant_id, product_id, product_title, sku,
                                                 attributes, unit_price, quantity, line_total)
               SELECT placed.id, l.position, l.variant_id, l.product_id, l.product_title, l.sku, l.attributes,
                      l.unit_price, l.quantity, l.unit_price * l.quantity
               FROM placed, jsonb_to_recordset($15::jsonb) AS l (position integer, variant_id uuid, product_id uuid,
                    product_title text, sku text, attributes jsonb, unit_price numeric, quantity integer)
           ), payment AS (
               INSERT INTO checkout.payments (order_id, method, status, brand, last4, amount)
               SELECT placed.id, 'card', 'pending', $16::text, $17::text, $11::numeric FROM placed
           ), history AS (
               INSERT INTO checkout.order_history (id, order_id, status, note)
               SELECT $18::uuid, placed.id, 'pending_payment', 'checkout' FROM placed
           ), closed AS (
               UPDATE checkout.carts SET order_id = $1, customer_id = coalesce($4, customer_id), updated_at = now()
               WHERE id = $13
           )
           SELECT number AS "number!" FROM placed"#,
        order_id,
        site.id,
        checked.email,
        customer_id,
        json!(checked.address),
        currency,
        subtotal,
        discount.as_ref().map(|d| json!(d)),
        promotion_id,
        discount_total,
        total,
        token,
        cart.id,
        experiment_key,
        serde_json::Value::Array(frozen),
        checked.card.brand,
        checked.card.last4(),
        Uuid::now_v7()
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(Placed { order_id, site_id: site.id, number, token, total, currency, experiment_key }))
}

/// Takes the stock of `lines` (all or nothing): the short lines, if any.
async fn take_stock(
    db: &mut sqlx::PgConnection,
    site_id: Uuid,
    lines: &[CartLineDetail],
) -> Result<Vec<Shortage>, sqlx::Error> {
    let wanted: Vec<serde_json::Value> =
        lines.iter().map(|l| json!({"variant_id": l.variant_id, "quantity": l.quantity})).collect();
    let short = sqlx::query!(
        r#"SELECT variant_id AS "variant_id!", requested AS "requested!", available AS "available!"
           FROM site.take_stock($1, $2)"#,
        site_id,
        serde_json::Value::Array(wanted)
    )
    .fetch_all(db)
    .await?;
    Ok(short
        .into_iter()
        .map(|s| Shortage {
            variant_id: s.variant_id,
            requested: i64::from(s.requested),
            available: i64::from(s.available.max(0)),
        })
        .collect())
}

/// Phase 3, captured: `paid`, the two events, the conversion. Answers the
/// paid order (merchant view).
///
/// The order is read once: the paid view is the created one with what this
/// transaction changed (status, `paid_at`, the payment captured, one history
/// step), each taken from the statement that wrote it, so both events carry
/// exactly what a fresh read would (the API test compares them). One
/// statement writes the changes and one the two events: the checkout's
/// round trips to the database are its cost under load.
async fn record_paid(
    pool: &PgPool,
    placed: &Placed,
    checked: &Checked,
) -> Result<Result<Order, ApiError>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(row) = store::lock_order(&mut *tx, placed.site_id, placed.order_id).await? else {
        return Ok(Err(Error::WrongStatus("the checkout took too long and was discarded; retry".to_owned()).into()));
    };
    if row.status() != OrderStatus::PendingPayment {
        // Recorded already (a retried transaction that had committed).
        return Ok(Ok(store::load(&mut tx, row, View::Merchant).await?));
    }
    let created = store::load(&mut tx, row, View::Merchant).await?;
    let note = format!("card {} ending {}", checked.card.brand, checked.card.last4());
    let changed = sqlx::query!(
        r#"WITH paid AS (
               UPDATE checkout.orders SET status = 'paid', paid_at = now(), updated_at = now()
               WHERE id = $1
               RETURNING paid_at
           ), captured AS (
               UPDATE checkout.payments SET status = 'captured', updated_at = now() WHERE order_id = $1
           ), step AS (
               INSERT INTO checkout.order_history (id, order_id, status, note)
               VALUES ($2, $1, 'paid', $3)
               RETURNING at
           ), conversion AS (
               SELECT experiment.record_conversion($4, $5, $6, $7)
           )
           SELECT paid.paid_at AS "paid_at!", step.at AS "at!"
           FROM paid, step, (SELECT count(*) FROM conversion) AS recorded"#,
        placed.order_id,
        Uuid::now_v7(),
        note,
        placed.site_id,
        placed.experiment_key,
        placed.total,
        placed.currency
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut paid = created.clone();
    paid.status = OrderStatus::Paid;
    paid.paid_at = Some(changed.paid_at);
    if let Some(payment) = paid.payment.as_mut() {
        payment.status = PaymentStatus::Captured;
    }
    if let Some(history) = paid.history.as_mut() {
        history.push(History { at: changed.at, status: OrderStatus::Paid, note: Some(note) });
    }
    store::write_events(&mut tx, &[("order.created", &created), ("order.paid", &paid)]).await?;
    tx.commit().await?;
    Ok(Ok(paid))
}

/// Phase 3, not paid: the order is discarded and everything it took given back.
async fn undo(pool: &PgPool, placed: &Placed) -> Result<Result<(), ApiError>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if let Some(row) = store::lock_order(&mut *tx, placed.site_id, placed.order_id).await?
        && row.status() == OrderStatus::PendingPayment
    {
        store::discard(&mut tx, &row).await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}
