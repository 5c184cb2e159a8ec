//! The merchant side of the checkout service (orders and stats), driven
//! through its router against real PostgreSQL (a fresh database per test).
//! The catalog, promotions and shopper orders are arranged directly in their
//! owners' tables, as those services would leave them.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use sqlx::{PgPool, Row as _};
use uuid::Uuid;
use vitrine_checkout::payment::{ChargeFuture, ProviderError};
use vitrine_checkout::{AppState, Charge, PaymentProvider, Settings, SimulatedCards};
use vitrine_testkit::{Merchant, TestClient, TestDb, keys};

// ---- arranging ----------------------------------------------------------------

struct Shop {
    client: TestClient,
    db: TestDb,
    admin: PgPool,
    alice: Merchant,
    site: Uuid,
}

fn state(db: &TestDb, provider: Arc<dyn PaymentProvider>) -> AppState {
    AppState {
        pool: db.pool_for(vitrine_checkout::DB),
        verifier: keys::verifier(),
        shoppers: keys::shopper_verifier(),
        settings: Arc::new(Settings { public_url: "http://shops.test".to_owned() }),
        provider,
    }
}

async fn shop_with(provider: Arc<dyn PaymentProvider>) -> Shop {
    let db = TestDb::new().await;
    let app = vitrine_common::server::stack(vitrine_checkout::app(state(&db, provider)), Duration::from_secs(30));
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "alices-shop").await;
    let admin = db.admin_pool();
    Shop { client: TestClient::new(app), db, admin, alice, site }
}

async fn shop() -> Shop {
    shop_with(Arc::new(SimulatedCards)).await
}

fn orders_url(site: Uuid) -> String {
    format!("/api/checkout/sites/{site}/orders")
}

fn order_url(site: Uuid, id: &str) -> String {
    format!("/api/checkout/sites/{site}/orders/{id}")
}

fn d(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

/// A listed product with one variant; returns (product_id, variant_id).
async fn variant(admin: &PgPool, site: Uuid, sku: &str, price: &str, currency: &str, stock: i32) -> (Uuid, Uuid) {
    let (product, variant) = (Uuid::now_v7(), Uuid::now_v7());
    let slug = sku.to_lowercase();
    sqlx::query(
        "INSERT INTO site.products (id, site_id, title, slug, min_price, currency) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(product)
    .bind(site)
    .bind(format!("Product {sku}"))
    .bind(&slug)
    .bind(d(price))
    .bind(currency)
    .execute(admin)
    .await
    .expect("a product");
    sqlx::query(
        "INSERT INTO site.variants (id, site_id, product_id, sku, attributes, price, currency, stock_qty)
         VALUES ($1, $2, $3, $4, '{\"size\": \"M\"}', $5, $6, $7)",
    )
    .bind(variant)
    .bind(site)
    .bind(product)
    .bind(sku)
    .bind(d(price))
    .bind(currency)
    .bind(stock)
    .execute(admin)
    .await
    .expect("a variant");
    (product, variant)
}

async fn stock(admin: &PgPool, variant: Uuid) -> i32 {
    sqlx::query_scalar("SELECT stock_qty FROM site.variants WHERE id = $1")
        .bind(variant)
        .fetch_one(admin)
        .await
        .expect("a variant's stock")
}

/// The events of an order, oldest first: (type, payload).
async fn events(admin: &PgPool, order: &str) -> Vec<(String, Value)> {
    sqlx::query("SELECT type, payload FROM checkout.events WHERE order_id = $1::uuid ORDER BY seq")
        .bind(order)
        .fetch_all(admin)
        .await
        .expect("events")
        .into_iter()
        .map(|row| (row.get("type"), row.get("payload")))
        .collect()
}

fn event_types(events: &[(String, Value)]) -> Vec<&str> {
    events.iter().map(|(kind, _)| kind.as_str()).collect()
}

async fn manual(shop: &Shop, body: Value) -> Value {
    let response = shop.client.post(&orders_url(shop.site), Some(&shop.alice.token), body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

/// A manual order of `quantity` × `variant`, paid or not.
async fn manual_order(shop: &Shop, variant: Uuid, quantity: i64, paid: bool) -> Value {
    manual(
        shop,
        json!({"email": "ada@example.com", "lines": [{"variant_id": variant, "quantity": quantity}], "paid": paid}),
    )
    .await
}

async fn act(shop: &Shop, id: &str, action: &str) -> axum::http::StatusCode {
    let url = format!("{}/{action}", order_url(shop.site, id));
    shop.client.post(&url, Some(&shop.alice.token), json!({})).await.status
}

/// A shopper's checkout order as the checkout leaves it once the card was
/// captured (or still pending): stock taken, a promotion use redeemed, a card
/// payment. Returns the order id.
async fn card_order(
    shop: &Shop,
    variant: (Uuid, Uuid),
    quantity: i32,
    unit_price: &str,
    promotion: Option<Uuid>,
    status: &str,
) -> String {
    let id = Uuid::now_v7();
    let (subtotal, discount_total) = (d(unit_price) * Decimal::from(quantity), d("1.00"));
    let number: i32 = sqlx::query_scalar(
        "INSERT INTO checkout.order_numbers (site_id, last) VALUES ($1, 1001)
         ON CONFLICT (site_id) DO UPDATE SET last = checkout.order_numbers.last + 1 RETURNING last",
    )
    .bind(shop.site)
    .fetch_one(&shop.admin)
    .await
    .expect("a number");
    let discount =
        promotion.map(|_| json!({"code": "SAVE1", "type": "fixed_amount", "value": "1.00", "amount": "1.00"}));
    let discount_total = if promotion.is_some() { discount_total } else { Decimal::ZERO };
    sqlx::query(
        "INSERT INTO checkout.orders (id, site_id, number, status, email, shipping_address, currency, subtotal,
                                      discount, promotion_id, discount_total, total, token, cart_id, paid_at)
         VALUES ($1, $2, $3, $4, 'shopper@example.com',
                 '{\"name\": \"Ada\", \"line1\": \"1 Main St\", \"city\": \"Paris\", \"postal_code\": \"75001\", \"country\": \"FR\"}',
                 'EUR', $5, $6, $7, $8, $5 - $8, $9, $10, CASE WHEN $4 = 'paid' THEN now() END)",
    )
    .bind(id)
    .bind(shop.site)
    .bind(number)
    .bind(status)
    .bind(subtotal)
    .bind(discount)
    .bind(promotion)
    .bind(discount_total)
    .bind(Uuid::now_v7().simple().to_string())
    .bind(Uuid::now_v7())
    .execute(&shop.admin)
    .await
    .expect("an order");
    sqlx::query(
        "INSERT INTO checkout.order_lines (order_id, position, variant_id, product_id, product_title, sku, attributes,
                                           unit_price, quantity, line_total)
         VALUES ($1, 1, $2, $3, 'Linen Shirt', 'SHIRT-M', '{}', $4, $5, $4 * $5)",
    )
    .bind(id)
    .bind(variant.1)
    .bind(variant.0)
    .bind(d(unit_price))
    .bind(quantity)
    .execute(&shop.admin)
    .await
    .expect("a line");
    let payment_status = if status == "paid" { "captured" } else { "pending" };
    sqlx::query(
        "INSERT INTO checkout.payments (order_id, method, status, brand, last4, amount)
         VALUES ($1, 'card', $2, 'visa', '4242', $3)",
    )
    .bind(id)
    .bind(payment_status)
    .bind(subtotal - discount_total)
    .execute(&shop.admin)
    .await
    .expect("a payment");
    sqlx::query("UPDATE site.variants SET stock_qty = stock_qty - $2 WHERE id = $1")
        .bind(variant.1)
        .bind(quantity)
        .execute(&shop.admin)
        .await
        .expect("stock taken");
    id.to_string()
}

async fn promotion_used_once(shop: &Shop) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO promotion.promotions (id, site_id, code, kind, value, currency, usage_limit, times_used)
         VALUES ($1, $2, 'SAVE1', 'fixed_amount', 1, 'EUR', 1, 1)",
    )
    .bind(id)
    .bind(shop.site)
    .execute(&shop.admin)
    .await
    .expect("a promotion");
    id
}

async fn times_used(shop: &Shop, promotion: Uuid) -> i32 {
    sqlx::query_scalar("SELECT times_used FROM promotion.promotions WHERE id = $1")
        .bind(promotion)
        .fetch_one(&shop.admin)
        .await
        .expect("a promotion")
}

// ---- manual orders ------------------------------------------------------------

#[tokio::test]
async fn a_manual_order_takes_the_stock_freezes_prices_and_sends_order_created() {
    let shop = shop().await;
    let shirt = variant(&shop.admin, shop.site, "SHIRT-M", "39.90", "EUR", 5).await;
    let mug = variant(&shop.admin, shop.site, "MUG", "12.05", "EUR", 3).await;

    let response = shop
        .client
        .post(
            &orders_url(shop.site),
            Some(&shop.alice.token),
            json!({"email": " Ada@Example.com ", "note": "Phone order",
                   "lines": [{"variant_id": shirt.1, "quantity": 2}, {"variant_id": mug.1, "quantity": 3}],
                   "shipping_address": {"name": "Ada", "line1": "1 Main St", "city": "Paris",
                                        "postal_code": "75001", "country": "FR"}}),
        )
        .await;

    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let order = response.json();
    let id = order["id"].as_str().unwrap();
    assert_eq!(response.header("location"), Some(order_url(shop.site, id).as_str()));
    assert_eq!(order["number"], 1001);
    assert_eq!(order["status"], "pending_payment");
    assert_eq!(order["email"], "Ada@Example.com", "trimmed");
    assert_eq!(order["currency"], "EUR");
    assert_eq!(order["lines"][0]["unit_price"], "39.90");
    assert_eq!(order["lines"][0]["line_total"], "79.80");
    assert_eq!(order["lines"][0]["product_title"], "Product SHIRT-M");
    assert_eq!(order["lines"][0]["sku"], "SHIRT-M");
    assert_eq!(order["lines"][0]["attributes"], json!({"size": "M"}));
    assert_eq!(order["lines"][1]["line_total"], "36.15");
    assert_eq!(order["subtotal"], "115.95");
    assert_eq!(order["discount"], Value::Null);
    assert_eq!(order["discount_total"], "0.00");
    assert_eq!(order["total"], "115.95");
    assert_eq!(order["payment"], Value::Null);
    assert_eq!(order["note"], "Phone order");
    assert_eq!(order["shipping_address"]["country"], "FR");
    assert!(order.get("token").is_none(), "the merchant view has no receipt token");
    assert_eq!(order["history"].as_array().unwrap().len(), 1);
    assert_eq!(order["history"][0]["status"], "pending_payment");
    assert_eq!((stock(&shop.admin, shirt.1).await, stock(&shop.admin, mug.1).await), (3, 0));

    let events = events(&shop.admin, id).await;
    assert_eq!(event_types(&events), ["order.created"]);
    let payload = &events[0].1;
    assert_eq!(payload["type"], "order.created");
    assert_eq!(payload["site_id"], shop.site.to_string());
    assert!(payload["id"].is_string() && payload["created_at"].is_string());
    assert_eq!(payload["data"], order, "the event carries the merchant view");

    // Prices are frozen: a later catalog change does not touch the order.
    sqlx::query("UPDATE site.variants SET price = 99 WHERE id = $1").bind(shirt.1).execute(&shop.admin).await.unwrap();
    let read = shop.client.get(&order_url(shop.site, id), Some(&shop.alice.token)).await;
    assert_eq!(read.json()["lines"][0]["unit_price"], "39.90");
    assert_eq!(read.json(), order);
}

#[tokio::test]
async fn a_paid_manual_order_records_a_manual_payment_at_once() {
    let shop = shop().await;
    let (_, yen) = variant(&shop.admin, shop.site, "TEA", "1500", "JPY", 10).await;
    let first = manual_order(&shop, yen, 1, false).await;

    let order = manual_order(&shop, yen, 3, true).await;

    assert_eq!(first["number"], 1001);
    assert_eq!(order["number"], 1002, "numbers count per site");
    assert_eq!(order["status"], "paid");
    assert_eq!(order["total"], "4500", "JPY has no decimals");
    assert_eq!(
        order["payment"],
        json!({"method": "manual", "status": "captured", "brand": null, "last4": null, "amount": "4500"})
    );
    assert!(order["paid_at"].is_string());
    let statuses: Vec<&str> =
        order["history"].as_array().unwrap().iter().map(|h| h["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["pending_payment", "paid"]);
    let events = events(&shop.admin, order["id"].as_str().unwrap()).await;
    assert_eq!(event_types(&events), ["order.created", "order.paid"]);
    assert_eq!(events[0].1["data"]["status"], "pending_payment");
    assert_eq!(events[1].1["data"], order);
}

#[tokio::test]
async fn a_manual_order_short_of_stock_is_a_409_listing_the_lines_and_takes_nothing() {
    let shop = shop().await;
    let plenty = variant(&shop.admin, shop.site, "PLENTY", "1.00", "EUR", 50).await;
    let scarce = variant(&shop.admin, shop.site, "SCARCE", "1.00", "EUR", 2).await;

    let response = shop
        .client
        .post(
            &orders_url(shop.site),
            Some(&shop.alice.token),
            json!({"email": "ada@example.com",
                   "lines": [{"variant_id": plenty.1, "quantity": 10}, {"variant_id": scarce.1, "quantity": 3}]}),
        )
        .await;

    let problem = response.assert_problem(StatusCode::CONFLICT);
    assert_eq!(problem["type"], "urn:vitrine:problem:out-of-stock");
    assert_eq!(problem["lines"], json!([{"variant_id": scarce.1, "requested": 3, "available": 2}]));
    assert_eq!((stock(&shop.admin, plenty.1).await, stock(&shop.admin, scarce.1).await), (50, 2));
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM checkout.orders").fetch_one(&shop.admin).await.unwrap();
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM checkout.events").fetch_one(&shop.admin).await.unwrap();
    assert_eq!((count, events), (0, 0));
}

#[tokio::test]
async fn manual_orders_are_validated_field_by_field() {
    let shop = shop().await;
    let eur = variant(&shop.admin, shop.site, "EUR-1", "1.00", "EUR", 5).await;
    let usd = variant(&shop.admin, shop.site, "USD-1", "1.00", "USD", 5).await;
    let bob = shop.db.merchant("bob").await;
    let bobs_site = shop.db.site(&bob, "bobs-shop").await;
    let bobs = variant(&shop.admin, bobs_site, "BOB-1", "1.00", "EUR", 5).await;
    let url = orders_url(shop.site);
    let token = Some(shop.alice.token.as_str());

    let fields = |response: vitrine_testkit::TestResponse| -> Vec<String> {
        let body = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect()
    };
    let invalid = shop
        .client
        .post(
            &url,
            token,
            json!({"email": "not-an-email", "note": "x".repeat(2001),
                   "lines": [{"variant_id": eur.1, "quantity": 0}, {"variant_id": eur.1, "quantity": 1000}],
                   "shipping_address": {"name": "", "line1": "1 Main St", "city": "Paris", "postal_code": "75001",
                                        "country": "fr"}}),
        )
        .await;
    assert_eq!(
        fields(invalid),
        [
            "email",
            "lines.0.quantity",
            "lines.1.variant_id",
            "lines.1.quantity",
            "shipping_address.name",
            "shipping_address.country",
            "note"
        ]
    );
    let empty = shop.client.post(&url, token, json!({"email": "ada@example.com", "lines": []})).await;
    assert_eq!(fields(empty), ["lines"]);
    let too_many: Vec<Value> = (0..101).map(|_| json!({"variant_id": Uuid::now_v7(), "quantity": 1})).collect();
    let too_many = shop.client.post(&url, token, json!({"email": "ada@example.com", "lines": too_many})).await;
    assert_eq!(fields(too_many), ["lines"]);
    let foreign = shop
        .client
        .post(&url, token, json!({"email": "ada@example.com", "lines": [{"variant_id": bobs.1, "quantity": 1}]}))
        .await;
    assert_eq!(fields(foreign), ["lines.0.variant_id"], "another site's variant is unknown here");
    let mixed = shop
        .client
        .post(
            &url,
            token,
            json!({"email": "ada@example.com",
                   "lines": [{"variant_id": eur.1, "quantity": 1}, {"variant_id": usd.1, "quantity": 1}]}),
        )
        .await;
    assert_eq!(fields(mixed), ["lines"]);
    let nul = shop
        .client
        .post(&url, token, json!({"email": "ada\u{0}@example.com", "lines": [{"variant_id": eur.1, "quantity": 1}]}))
        .await;
    // A NUL byte is the client's mistake, refused in one place for every service (400), never a database error.
    assert_eq!(nul.assert_problem(StatusCode::BAD_REQUEST)["type"], "urn:vitrine:problem:nul-character");
    let missing = shop.client.post(&url, token, json!({"email": "ada@example.com"})).await;
    assert_eq!(fields(missing), ["lines"]);
    let floats = shop
        .client
        .post(&url, token, json!({"email": "a@b.c", "lines": [{"variant_id": eur.1, "quantity": 1.5}]}))
        .await;
    assert_eq!(fields(floats), ["lines[0].quantity"]);
    let no_json = shop
        .client
        .send(
            Request::builder()
                .method(Method::POST)
                .uri(&url)
                .header(header::AUTHORIZATION, format!("Bearer {}", shop.alice.token))
                .body(Body::from("email=ada"))
                .unwrap(),
        )
        .await;
    no_json.assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!((stock(&shop.admin, eur.1).await, stock(&shop.admin, bobs.1).await), (5, 5), "nothing taken");
}

#[tokio::test]
async fn a_manual_order_belongs_to_the_sites_account_with_that_email() {
    let shop = shop().await;
    let (_, shirt) = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 5).await;
    let customer = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO customer.customers (id, site_id, email, password_hash) VALUES ($1, $2, 'Ada@Example.com', 'x')",
    )
    .bind(customer)
    .bind(shop.site)
    .execute(&shop.admin)
    .await
    .unwrap();

    let hers = manual_order(&shop, shirt, 1, false).await;
    let stranger =
        manual(&shop, json!({"email": "bob@example.com", "lines": [{"variant_id": shirt, "quantity": 1}]})).await;

    assert_eq!(hers["customer_id"], customer.to_string(), "e-mails match without regard to case");
    assert_eq!(stranger["customer_id"], Value::Null);
}

// ---- the list -------------------------------------------------------------------

#[tokio::test]
async fn the_list_is_newest_first_paginated_and_filtered_by_status_and_search() {
    let shop = shop().await;
    let (_, shirt) = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 100).await;
    let mut ids = Vec::new();
    for (email, paid) in
        [("ada@example.com", false), ("bob_1@example.com", true), ("bobx1@example.com", false), ("ADA@work.org", true)]
    {
        let body = json!({"email": email, "lines": [{"variant_id": shirt, "quantity": 1}], "paid": paid});
        ids.push(manual(&shop, body).await["id"].as_str().unwrap().to_owned());
    }
    let token = Some(shop.alice.token.as_str());
    let list = |query: &str| format!("{}?{query}", orders_url(shop.site));
    let ids_of = |page: &Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap().to_owned()).collect()
    };

    let first = shop.client.get(&list("limit=3"), token).await.json();
    assert_eq!(ids_of(&first), [ids[3].clone(), ids[2].clone(), ids[1].clone()]);
    assert!(first["items"][0].get("history").is_none(), "list items leave the history out");
    assert_eq!(first["items"][0]["lines"][0]["sku"], "SHIRT", "but have their lines");
    assert_eq!(first["items"][0]["payment"]["method"], "manual");
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = shop.client.get(&list(&format!("limit=3&cursor={cursor}")), token).await.json();
    assert_eq!(ids_of(&second), [ids[0].clone()]);
    assert_eq!(second["next_cursor"], Value::Null);

    let paid = shop.client.get(&list("status=paid"), token).await.json();
    assert_eq!(ids_of(&paid), [ids[3].clone(), ids[1].clone()]);
    let ada = shop.client.get(&list("q=ADA"), token).await.json();
    assert_eq!(ids_of(&ada), [ids[3].clone(), ids[0].clone()], "e-mail without regard to case");
    let underscore = shop.client.get(&list("q=bob_1"), token).await.json();
    assert_eq!(ids_of(&underscore), [ids[1].clone()], "`_` is a character, not a wildcard");
    let by_number = shop.client.get(&list("q=%231003"), token).await.json();
    assert_eq!(ids_of(&by_number), [ids[2].clone()]);
    let bare_number = shop.client.get(&list("q=1002&status=paid"), token).await.json();
    assert_eq!(ids_of(&bare_number), [ids[1].clone()]);
    let nothing = shop.client.get(&list("q=1002&status=canceled"), token).await.json();
    assert_eq!(nothing["items"], json!([]));

    for bad in ["status=shipped", "limit=0", "limit=251", "cursor=!!!", "limit=ten", "q=ada%00", "limit=99999"] {
        shop.client.get(&list(bad), token).await.assert_problem(StatusCode::BAD_REQUEST);
    }
}

// ---- transitions ------------------------------------------------------------------

/// An order in `status`, made through the API.
async fn order_in(shop: &Shop, variant: Uuid, status: &str) -> String {
    let order = manual_order(shop, variant, 1, status != "pending_payment").await;
    let id = order["id"].as_str().expect("an order id").to_owned();
    match status {
        "fulfilled" => assert_eq!(act(shop, &id, "fulfill").await, StatusCode::OK),
        "canceled" => assert_eq!(act(shop, &id, "cancel").await, StatusCode::OK),
        _ => {}
    }
    id
}

#[tokio::test]
async fn every_transition_follows_the_table_and_wrong_ones_are_409() {
    let shop = shop().await;
    let (_, shirt) = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 1000).await;
    let (ok, conflict, gone) = (StatusCode::OK, StatusCode::CONFLICT, StatusCode::NO_CONTENT);
    // from status → (mark-paid, fulfill, cancel, delete)
    let table = [
        ("pending_payment", [ok, conflict, ok, gone]),
        ("paid", [conflict, ok, ok, conflict]),
        ("fulfilled", [conflict, conflict, conflict, conflict]),
        ("canceled", [conflict, conflict, conflict, gone]),
    ];
    fn after<'a>(action: &str, from: &'a str) -> &'a str {
        match action {
            "mark-paid" => "paid",
            "fulfill" => "fulfilled",
            "cancel" => "canceled",
            _ => from,
        }
    }

    for (from, expected) in table {
        for (action, expected) in ["mark-paid", "fulfill", "cancel", "delete"].into_iter().zip(expected) {
            let id = order_in(&shop, shirt, from).await;
            let before = events(&shop.admin, &id).await.len();
            let url = order_url(shop.site, &id);
            let response = if action == "delete" {
                shop.client.delete(&url, Some(&shop.alice.token)).await
            } else {
                shop.client.post(&format!("{url}/{action}"), Some(&shop.alice.token), json!({})).await
            };
            assert_eq!(response.status, expected, "{action} on a {from} order: {}", response.text());
            let now = shop.client.get(&url, Some(&shop.alice.token)).await;
            match expected {
                StatusCode::OK => {
                    assert_eq!(response.json()["status"], after(action, from), "{action} on {from}");
                    assert_eq!(response.json(), now.json(), "{action} answers the order as it is now");
                    let events = events(&shop.admin, &id).await;
                    assert_eq!(events.len(), before + 1, "{action} on {from} writes one event");
                    let kind = format!("order.{}", after(action, from));
                    assert_eq!(events[before].0, kind);
                    assert_eq!(events[before].1["data"], now.json());
                    let history = now.json()["history"].as_array().unwrap().clone();
                    assert_eq!(history.last().unwrap()["status"], after(action, from));
                }
                StatusCode::NO_CONTENT => {
                    now.assert_problem(StatusCode::NOT_FOUND);
                    let kinds = event_types(&events(&shop.admin, &id).await).last().map(|k| (*k).to_owned());
                    assert_eq!(kinds.as_deref(), Some("order.deleted"));
                }
                _ => {
                    let problem = response.assert_problem(StatusCode::CONFLICT);
                    assert!(problem["detail"].is_string());
                    assert_eq!(now.json()["status"], from, "a refused {action} changes nothing");
                    assert_eq!(events(&shop.admin, &id).await.len(), before, "and sends nothing");
                    if action == "delete" && from != "canceled" {
                        assert!(problem["detail"].as_str().unwrap().contains("cancel it first"), "{problem}");
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn fulfilling_records_the_tracking_number() {
    let shop = shop().await;
    let (_, shirt) = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 10).await;
    let id = order_in(&shop, shirt, "paid").await;
    let url = format!("{}/fulfill", order_url(shop.site, &id));

    let too_long = shop.client.post(&url, Some(&shop.alice.token), json!({"tracking_number": "x".repeat(101)})).await;
    let fulfilled = shop.client.post(&url, Some(&shop.alice.token), json!({"tracking_number": " 1Z999AA1 "})).await;

    assert_eq!(too_long.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "tracking_number");
    assert_eq!(fulfilled.status, StatusCode::OK, "{}", fulfilled.text());
    let order = fulfilled.json();
    assert_eq!(order["status"], "fulfilled");
    assert_eq!(order["tracking_number"], "1Z999AA1");
    assert!(order["fulfilled_at"].is_string());
    assert_eq!(order["history"].as_array().unwrap().last().unwrap()["note"], "Tracking number 1Z999AA1");
}

#[tokio::test]
async fn actions_take_no_body_or_a_json_one() {
    let shop = shop().await;
    let (_, shirt) = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 10).await;
    let id = order_in(&shop, shirt, "paid").await;
    let url = format!("{}/cancel", order_url(shop.site, &id));
    let request = |body: &'static str, content_type: Option<&str>| {
        let mut builder = Request::builder()
            .method(Method::POST)
            .uri(&url)
            .header(header::AUTHORIZATION, format!("Bearer {}", shop.alice.token));
        if let Some(content_type) = content_type {
            builder = builder.header(header::CONTENT_TYPE, content_type);
        }
        builder.body(Body::from(body)).unwrap()
    };

    shop.client.send(request("reason=x", Some("text/plain"))).await.assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    shop.client.send(request("{\"reason\": ", Some("application/json"))).await.assert_problem(StatusCode::BAD_REQUEST);
    shop.client
        .send(request("{\"reason\": 5}", Some("application/json")))
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let canceled = shop.client.send(request("", None)).await;

    assert_eq!(canceled.status, StatusCode::OK, "{}", canceled.text());
    assert_eq!(canceled.json()["cancel_reason"], Value::Null);
}

// ---- cancel and delete give back what the order took -----------------------------

#[tokio::test]
async fn canceling_a_paid_checkout_order_gives_back_stock_and_promotion_use_and_refunds_the_card() {
    let shop = shop().await;
    let shirt = variant(&shop.admin, shop.site, "SHIRT-M", "39.00", "EUR", 10).await;
    let promotion = promotion_used_once(&shop).await;
    let id = card_order(&shop, shirt, 3, "39.00", Some(promotion), "paid").await;
    assert_eq!((stock(&shop.admin, shirt.1).await, times_used(&shop, promotion).await), (7, 1));

    let response = shop
        .client
        .post(
            &format!("{}/cancel", order_url(shop.site, &id)),
            Some(&shop.alice.token),
            json!({"reason": "Customer changed their mind"}),
        )
        .await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let order = response.json();
    assert_eq!(order["status"], "canceled");
    assert_eq!(order["cancel_reason"], "Customer changed their mind");
    assert!(order["canceled_at"].is_string());
    assert_eq!(order["payment"]["status"], "refunded");
    assert_eq!(order["payment"]["last4"], "4242");
    assert_eq!(order["total"], "116.00");
    assert_eq!(stock(&shop.admin, shirt.1).await, 10, "the stock is back");
    assert_eq!(times_used(&shop, promotion).await, 0, "the promotion use is released");
    let notes: Vec<&str> =
        order["history"].as_array().unwrap().iter().map(|h| h["note"].as_str().unwrap_or("")).collect();
    assert_eq!(notes, ["Customer changed their mind", "Card payment of 116.00 refunded"]);
    let events = events(&shop.admin, &id).await;
    assert_eq!(event_types(&events), ["order.canceled"]);
    assert_eq!(events[0].1["data"]["status"], "canceled");

    // Deleting it now gives nothing back a second time.
    let deleted = shop.client.delete(&order_url(shop.site, &id), Some(&shop.alice.token)).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!((stock(&shop.admin, shirt.1).await, times_used(&shop, promotion).await), (10, 0));
}

#[tokio::test]
async fn a_shoppers_card_order_is_listed_fulfilled_or_canceled_by_the_merchant() {
    let shop = shop().await;
    let (_, shirt) = variant(&shop.admin, shop.site, "SHIRT-M", "39.00", "EUR", 5).await;
    let promotion = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO promotion.promotions (id, site_id, code, kind, value, usage_limit) VALUES ($1, $2, 'TEN', 'percentage', 10, 5)",
    )
    .bind(promotion)
    .bind(shop.site)
    .execute(&shop.admin)
    .await
    .unwrap();
    let carts = "/api/checkout/public/alices-shop/carts";
    let cart = shop.client.post(carts, None, json!({"lines": [{"variant_id": shirt, "quantity": 2}]})).await;
    assert_eq!(cart.status, StatusCode::CREATED, "{}", cart.text());
    let cart = format!("{carts}/{}", cart.json()["token"].as_str().unwrap());
    let discounted =
        shop.client.call(Method::PUT, &format!("{cart}/discount"), None, Some(json!({"code": "ten"}))).await;
    assert_eq!(discounted.status, StatusCode::OK, "{}", discounted.text());
    let checkout = Request::builder()
        .method(Method::POST)
        .uri(format!("{cart}/checkout"))
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", Uuid::now_v7().to_string())
        .body(Body::from(
            json!({"email": "shopper@example.com",
                   "shipping_address": {"name": "Ada", "line1": "1 Main St", "city": "Paris", "postal_code": "75001",
                                        "country": "FR"},
                   "payment": {"card_number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}})
            .to_string(),
        ))
        .unwrap();
    let paid = shop.client.send(checkout).await;
    assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.text());
    assert_eq!((stock(&shop.admin, shirt).await, times_used(&shop, promotion).await), (3, 1));

    let listed =
        shop.client.get(&format!("{}?q=SHOPPER&status=paid", orders_url(shop.site)), Some(&shop.alice.token)).await;
    let items = listed.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1, "{}", listed.text());
    let id = items[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(items[0]["discount"]["code"], "TEN");
    assert_eq!(items[0]["total"], "70.20");
    assert_eq!(items[0]["payment"]["last4"], "4242");
    assert!(items[0].get("token").is_none(), "the receipt token stays the shopper's");
    let detail = shop.client.get(&order_url(shop.site, &id), Some(&shop.alice.token)).await.json();
    let statuses: Vec<&str> =
        detail["history"].as_array().unwrap().iter().map(|h| h["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["pending_payment", "paid"]);
    let today =
        shop.client.get(&format!("/api/checkout/sites/{}/stats", shop.site), Some(&shop.alice.token)).await.json();
    assert_eq!((today["orders"].as_i64(), today["revenue"].as_str()), (Some(1), Some("70.20")));

    let canceled = shop
        .client
        .post(&format!("{}/cancel", order_url(shop.site, &id)), Some(&shop.alice.token), json!({"reason": "fraud"}))
        .await;

    assert_eq!(canceled.status, StatusCode::OK, "{}", canceled.text());
    assert_eq!(canceled.json()["payment"]["status"], "refunded");
    assert_eq!((stock(&shop.admin, shirt).await, times_used(&shop, promotion).await), (5, 0));
    assert_eq!(event_types(&events(&shop.admin, &id).await), ["order.created", "order.paid", "order.canceled"]);
    let after =
        shop.client.get(&format!("/api/checkout/sites/{}/stats", shop.site), Some(&shop.alice.token)).await.json();
    assert_eq!(
        (after["orders"].as_i64(), after["revenue"].as_str()),
        (Some(0), Some("0.00")),
        "a canceled order is no sale"
    );
}

#[tokio::test]
async fn canceling_a_manual_paid_order_refunds_it_and_returns_the_stock() {
    let shop = shop().await;
    let (_, shirt) = variant(&shop.admin, shop.site, "SHIRT", "10.00", "KWD", 10).await;
    let order = manual_order(&shop, shirt, 4, true).await;
    let id = order["id"].as_str().unwrap();
    assert_eq!(stock(&shop.admin, shirt).await, 6);

    let canceled =
        shop.client.post(&format!("{}/cancel", order_url(shop.site, id)), Some(&shop.alice.token), json!({})).await;

    assert_eq!(canceled.status, StatusCode::OK, "{}", canceled.text());
    assert_eq!(canceled.json()["payment"]["status"], "refunded");
    assert_eq!(canceled.json()["payment"]["amount"], "40.000", "KWD has 3 decimals");
    assert_eq!(stock(&shop.admin, shirt).await, 10);
}

#[tokio::test]
async fn deleting_a_pending_order_gives_its_stock_back_and_sends_order_deleted() {
    let shop = shop().await;
    let (_, shirt) = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 10).await;
    let order = manual_order(&shop, shirt, 4, false).await;
    let id = order["id"].as_str().unwrap();
    assert_eq!(stock(&shop.admin, shirt).await, 6);

    let deleted = shop.client.delete(&order_url(shop.site, id), Some(&shop.alice.token)).await;

    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text());
    assert_eq!(stock(&shop.admin, shirt).await, 10);
    shop.client.get(&order_url(shop.site, id), Some(&shop.alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
    shop.client.delete(&order_url(shop.site, id), Some(&shop.alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
    let events = events(&shop.admin, id).await;
    assert_eq!(event_types(&events), ["order.created", "order.deleted"]);
    assert_eq!(events[1].1["data"]["id"], id, "the event carries the order as it was");
    assert_eq!(events[1].1["data"]["status"], "pending_payment");
}

#[tokio::test]
async fn a_shoppers_order_whose_card_is_being_charged_is_left_to_the_checkout() {
    let shop = shop().await;
    let shirt = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 10).await;
    let id = card_order(&shop, shirt, 2, "10.00", None, "pending_payment").await;
    let url = order_url(shop.site, &id);

    for action in ["mark-paid", "cancel"] {
        let response = shop.client.post(&format!("{url}/{action}"), Some(&shop.alice.token), json!({})).await;
        assert!(response.assert_problem(StatusCode::CONFLICT)["detail"].as_str().unwrap().contains("in progress"));
    }
    shop.client.delete(&url, Some(&shop.alice.token)).await.assert_problem(StatusCode::CONFLICT);
    let edited = shop.client.patch(&url, Some(&shop.alice.token), json!({"note": "VIP"})).await;

    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text());
    assert_eq!(edited.json()["status"], "pending_payment");
    assert_eq!(stock(&shop.admin, shirt.1).await, 8, "nothing given back");
    assert!(events(&shop.admin, &id).await.is_empty());
}

#[tokio::test]
async fn an_unpaid_manual_order_waits_for_the_merchant_while_abandoned_checkouts_are_swept() {
    let shop = shop().await;
    let shirt = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 10).await;
    let manual = manual_order(&shop, shirt.1, 2, false).await;
    let abandoned = card_order(&shop, shirt, 3, "10.00", None, "pending_payment").await;
    assert_eq!(stock(&shop.admin, shirt.1).await, 5);

    let discarded =
        vitrine_checkout::sweep::discard_stale_orders(&shop.db.pool_for(vitrine_checkout::DB), Duration::ZERO)
            .await
            .expect("a sweep");

    assert_eq!(discarded, 1);
    shop.client
        .get(&order_url(shop.site, &abandoned), Some(&shop.alice.token))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    let kept = shop.client.get(&order_url(shop.site, manual["id"].as_str().unwrap()), Some(&shop.alice.token)).await;
    assert_eq!(kept.json()["status"], "pending_payment");
    assert_eq!(stock(&shop.admin, shirt.1).await, 8, "only the abandoned checkout's stock came back");
}

/// A provider whose refunds fail `failures` times, then succeed.
struct FlakyRefunds {
    failures: AtomicUsize,
    refunds: AtomicUsize,
}

impl PaymentProvider for FlakyRefunds {
    fn charge<'a>(&'a self, charge: &'a Charge) -> ChargeFuture<'a> {
        Box::pin(async move { Ok(SimulatedCards::outcome(charge.card.number())) })
    }

    fn refund<'a>(
        &'a self,
        _order_id: Uuid,
        _amount: Decimal,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<(), ProviderError>> + Send + 'a>> {
        Box::pin(async move {
            if self.failures.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok() {
                return Err(ProviderError("connection reset".to_owned()));
            }
            self.refunds.fetch_add(1, Ordering::SeqCst);
            Ok(())
        })
    }
}

#[tokio::test]
async fn a_refund_the_provider_fails_leaves_the_order_canceled_and_canceling_again_retries_it() {
    let provider = Arc::new(FlakyRefunds { failures: AtomicUsize::new(1), refunds: AtomicUsize::new(0) });
    let shop = shop_with(provider.clone()).await;
    let shirt = variant(&shop.admin, shop.site, "SHIRT", "20.00", "EUR", 10).await;
    let id = card_order(&shop, shirt, 1, "20.00", None, "paid").await;
    let cancel = format!("{}/cancel", order_url(shop.site, &id));

    let failed = shop.client.post(&cancel, Some(&shop.alice.token), json!({})).await;

    let problem = failed.assert_problem(StatusCode::BAD_GATEWAY);
    assert_eq!(problem["type"], "urn:vitrine:problem:refund-failed");
    let order = shop.client.get(&order_url(shop.site, &id), Some(&shop.alice.token)).await.json();
    assert_eq!((order["status"].as_str(), order["payment"]["status"].as_str()), (Some("canceled"), Some("captured")));
    assert_eq!(stock(&shop.admin, shirt.1).await, 10, "the cancel itself committed");

    let retried = shop.client.post(&cancel, Some(&shop.alice.token), json!({})).await;

    assert_eq!(retried.status, StatusCode::OK, "{}", retried.text());
    assert_eq!(retried.json()["payment"]["status"], "refunded");
    assert_eq!(provider.refunds.load(Ordering::SeqCst), 1);
    assert_eq!(stock(&shop.admin, shirt.1).await, 10, "the stock is given back once");
    assert_eq!(event_types(&events(&shop.admin, &id).await), ["order.canceled"]);
    let again = shop.client.post(&cancel, Some(&shop.alice.token), json!({})).await;
    again.assert_problem(StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_cancel_racing_a_fulfill_of_the_same_order_lets_exactly_one_win() {
    let shop = shop().await;
    let (_, shirt) = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 1000).await;
    for round in 0..8 {
        let id = order_in(&shop, shirt, "paid").await;
        let before = stock(&shop.admin, shirt).await;
        let url = order_url(shop.site, &id);
        let (cancel_url, fulfill_url) = (format!("{url}/cancel"), format!("{url}/fulfill"));

        let (canceled, fulfilled) = tokio::join!(
            shop.client.post(&cancel_url, Some(&shop.alice.token), json!({})),
            shop.client.post(&fulfill_url, Some(&shop.alice.token), json!({})),
        );

        let statuses = [canceled.status, fulfilled.status];
        assert!(
            statuses == [StatusCode::OK, StatusCode::CONFLICT] || statuses == [StatusCode::CONFLICT, StatusCode::OK],
            "round {round}: {statuses:?} {} {}",
            canceled.text(),
            fulfilled.text()
        );
        let order = shop.client.get(&url, Some(&shop.alice.token)).await.json();
        let kinds = event_types(&events(&shop.admin, &id).await).into_iter().map(str::to_owned).collect::<Vec<_>>();
        if canceled.status == StatusCode::OK {
            assert_eq!(order["status"], "canceled");
            assert_eq!(stock(&shop.admin, shirt).await, before + 1);
            assert_eq!(kinds.last().map(String::as_str), Some("order.canceled"));
        } else {
            assert_eq!(order["status"], "fulfilled");
            assert_eq!(stock(&shop.admin, shirt).await, before);
            assert_eq!(kinds.last().map(String::as_str), Some("order.fulfilled"));
        }
        assert_eq!(kinds.len(), 3, "created, paid, and the winner's event only");
    }
}

#[tokio::test]
async fn manual_orders_racing_for_the_last_units_never_oversell() {
    let shop = shop().await;
    let (_, shirt) = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 3).await;
    let body = json!({"email": "ada@example.com", "lines": [{"variant_id": shirt, "quantity": 1}], "paid": true});

    let racers: Vec<_> = (0..6)
        .map(|_| {
            let (client, url, token, body) =
                (shop.client.clone(), orders_url(shop.site), shop.alice.token.clone(), body.clone());
            tokio::spawn(async move { client.post(&url, Some(&token), body).await })
        })
        .collect();
    let mut created = Vec::new();
    let mut refused = 0;
    for racer in racers {
        let response = racer.await.expect("a racer");
        match response.status {
            StatusCode::CREATED => created.push(response.json()["number"].as_i64().expect("a number")),
            StatusCode::CONFLICT => {
                assert_eq!(response.json()["type"], "urn:vitrine:problem:out-of-stock");
                refused += 1;
            }
            other => panic!("unexpected {other}: {}", response.text()),
        }
    }

    created.sort_unstable();
    assert_eq!(created, [1001, 1002, 1003], "three orders, numbered without gaps");
    assert_eq!(refused, 3);
    assert_eq!(stock(&shop.admin, shirt).await, 0);
}

// ---- edits ------------------------------------------------------------------------

#[tokio::test]
async fn an_order_is_edited_and_the_edit_is_in_its_history() {
    let shop = shop().await;
    let (_, shirt) = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 10).await;
    let id = order_in(&shop, shirt, "paid").await;
    let url = order_url(shop.site, &id);
    let token = Some(shop.alice.token.as_str());
    let address = json!({"name": "Ada", "line1": "1 Main St", "line2": "Flat 2", "city": "Paris",
                         "postal_code": "75001", "country": "FR"});

    let edited = shop
        .client
        .patch(&url, token, json!({"email": "ada@new.example", "shipping_address": address, "note": "Gift"}))
        .await;
    let same = shop.client.patch(&url, token, json!({"email": "ada@new.example"})).await;
    let cleared = shop.client.patch(&url, token, json!({"note": null, "shipping_address": null})).await;
    let invalid = shop
        .client
        .patch(
            &url,
            token,
            json!({"email": "nope", "shipping_address": {"name": "A", "line1": "", "city": "P",
                                                                         "postal_code": "1", "country": "FR"}}),
        )
        .await;

    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text());
    let order = edited.json();
    assert_eq!(order["email"], "ada@new.example");
    assert_eq!(order["shipping_address"], address);
    assert_eq!(order["note"], "Gift");
    assert_eq!(order["status"], "paid");
    let history = order["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["note"], "Edited: e-mail, shipping address, note");
    assert_eq!(same.json()["history"].as_array().unwrap().len(), history.len(), "no change, no history entry");
    assert_eq!(cleared.json()["note"], Value::Null);
    assert_eq!(cleared.json()["shipping_address"], Value::Null);
    let problem = invalid.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["email", "shipping_address.line1"]);
    assert_eq!(event_types(&events(&shop.admin, &id).await), ["order.created", "order.paid"], "edits send no event");
}

#[tokio::test]
async fn a_shipped_order_keeps_its_address() {
    let shop = shop().await;
    let (_, shirt) = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 10).await;
    let id = order_in(&shop, shirt, "fulfilled").await;
    let url = order_url(shop.site, &id);

    let moved = shop
        .client
        .patch(
            &url,
            Some(&shop.alice.token),
            json!({"shipping_address": {"name": "A", "line1": "2 Side St",
                   "city": "Lyon", "postal_code": "69001", "country": "FR"}}),
        )
        .await;
    let noted = shop.client.patch(&url, Some(&shop.alice.token), json!({"note": "Delivered"})).await;

    moved.assert_problem(StatusCode::CONFLICT);
    assert_eq!(noted.status, StatusCode::OK);
    assert_eq!(noted.json()["shipping_address"], Value::Null);
}

// ---- tenancy ----------------------------------------------------------------------

#[tokio::test]
async fn another_merchants_orders_are_404_on_every_route() {
    let shop = shop().await;
    let (_, shirt) = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 10).await;
    let id = order_in(&shop, shirt, "paid").await;
    let bob = shop.db.merchant("bob").await;
    let bobs_site = shop.db.site(&bob, "bobs-shop").await;
    let body = json!({"email": "x@example.com", "lines": [{"variant_id": shirt, "quantity": 1}]});

    let calls = |site: Uuid| {
        let order = order_url(site, &id);
        [
            (Method::GET, orders_url(site), None),
            (Method::POST, orders_url(site), Some(body.clone())),
            (Method::GET, order.clone(), None),
            (Method::PATCH, order.clone(), Some(json!({"note": "mine now"}))),
            (Method::DELETE, order.clone(), None),
            (Method::POST, format!("{order}/mark-paid"), Some(json!({}))),
            (Method::POST, format!("{order}/fulfill"), Some(json!({}))),
            (Method::POST, format!("{order}/cancel"), Some(json!({}))),
            (Method::GET, format!("/api/checkout/sites/{site}/stats"), None),
        ]
    };

    // Her site with his token: every route is 404, as if it did not exist.
    for (method, uri, body) in calls(shop.site) {
        let response = shop.client.call(method.clone(), &uri, Some(&bob.token), body.clone()).await;
        response.assert_problem(StatusCode::NOT_FOUND);
        let anonymous = shop.client.call(method, &uri, None, body).await;
        anonymous.assert_problem(StatusCode::UNAUTHORIZED);
    }
    // Her order through his own site: 404 too.
    for (method, uri, body) in calls(bobs_site).into_iter().filter(|(_, uri, _)| uri.contains(&id)) {
        let response = shop.client.call(method, &uri, Some(&bob.token), body).await;
        response.assert_problem(StatusCode::NOT_FOUND);
    }
    // Her variant in a manual order on his site: unknown there.
    let foreign = shop.client.post(&orders_url(bobs_site), Some(&bob.token), body.clone()).await;
    assert_eq!(foreign.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "lines.0.variant_id");
    let bobs_list = shop.client.get(&orders_url(bobs_site), Some(&bob.token)).await;
    assert_eq!(bobs_list.json()["items"], json!([]));
    let order = shop.client.get(&order_url(shop.site, &id), Some(&shop.alice.token)).await.json();
    assert_eq!((order["status"].as_str(), order["note"].as_str()), (Some("paid"), None), "untouched");
    assert_eq!(stock(&shop.admin, shirt).await, 9);
}

// ---- stats ------------------------------------------------------------------------

async fn paid_on(shop: &Shop, order: &Value, at: &str) {
    sqlx::query("UPDATE checkout.orders SET paid_at = $2::timestamptz WHERE id = $1::uuid")
        .bind(order["id"].as_str().expect("an order id"))
        .bind(at)
        .execute(&shop.admin)
        .await
        .expect("backdating a payment");
}

fn stats_url(site: Uuid, query: &str) -> String {
    format!("/api/checkout/sites/{site}/stats?{query}")
}

#[tokio::test]
async fn stats_sum_paid_and_fulfilled_orders_exactly_per_utc_day() {
    let shop = shop().await;
    let (shirt_product, shirt) = variant(&shop.admin, shop.site, "SHIRT", "10.00", "EUR", 100).await;
    let (mug_product, mug) = variant(&shop.admin, shop.site, "MUG", "5.55", "EUR", 100).await;
    let line = |variant: Uuid, quantity: i64| json!({"variant_id": variant, "quantity": quantity});
    let order = |lines: Vec<Value>| json!({"email": "ada@example.com", "lines": lines, "paid": true});

    // Day 1 (two orders, one just before midnight UTC), day 3 (fulfilled).
    let a = manual(&shop, order(vec![line(shirt, 1), line(mug, 1)])).await; // 15.55
    paid_on(&shop, &a, "2026-11-01T00:00:00Z").await;
    let b = manual(&shop, order(vec![line(mug, 2)])).await; // 11.10
    paid_on(&shop, &b, "2026-11-01T23:59:59.999Z").await;
    let c = manual(&shop, order(vec![line(shirt, 2)])).await; // 20.00
    paid_on(&shop, &c, "2026-11-03T12:00:00+05:00").await;
    assert_eq!(act(&shop, c["id"].as_str().unwrap(), "fulfill").await, StatusCode::OK);
    // Not sales: canceled after payment, never paid, paid outside the range.
    let canceled = manual(&shop, order(vec![line(shirt, 5)])).await;
    paid_on(&shop, &canceled, "2026-11-02T10:00:00Z").await;
    assert_eq!(act(&shop, canceled["id"].as_str().unwrap(), "cancel").await, StatusCode::OK);
    manual(&shop, json!({"email": "x@example.com", "lines": [line(shirt, 7)]})).await;
    let outside = manual(&shop, order(vec![line(shirt, 9)])).await;
    paid_on(&shop, &outside, "2026-11-06T00:00:00Z").await;

    let response =
        shop.client.get(&stats_url(shop.site, "from=2026-11-01&to=2026-11-05"), Some(&shop.alice.token)).await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(
        response.json(),
        json!({
            "currency": "EUR",
            "orders": 3,
            "revenue": "46.65",
            "average_order_value": "15.55",
            "by_day": [
                {"date": "2026-11-01", "orders": 2, "revenue": "26.65"},
                {"date": "2026-11-02", "orders": 0, "revenue": "0.00"},
                {"date": "2026-11-03", "orders": 1, "revenue": "20.00"},
                {"date": "2026-11-04", "orders": 0, "revenue": "0.00"},
                {"date": "2026-11-05", "orders": 0, "revenue": "0.00"},
            ],
            "top_products": [
                {"product_id": shirt_product, "title": "Product SHIRT", "quantity": 3, "revenue": "30.00"},
                {"product_id": mug_product, "title": "Product MUG", "quantity": 3, "revenue": "16.65"},
            ],
        })
    );
    // 2026-11-03T12:00+05:00 is 07:00 UTC on the 3rd; the average rounds half up.
    let one_day =
        shop.client.get(&stats_url(shop.site, "from=2026-11-01&to=2026-11-01"), Some(&shop.alice.token)).await;
    assert_eq!(one_day.json()["average_order_value"], "13.33", "26.65 / 2 = 13.325 → 13.33");
}

#[tokio::test]
async fn stats_count_only_the_currency_most_orders_were_paid_in() {
    let shop = shop().await;
    let (_, eur) = variant(&shop.admin, shop.site, "EUR-1", "100.00", "EUR", 100).await;
    let (_, usd) = variant(&shop.admin, shop.site, "USD-1", "1.00", "USD", 100).await;
    let (_, jpy) = variant(&shop.admin, shop.site, "JPY-1", "500", "JPY", 100).await;
    let pay = |variant: Uuid| json!({"email": "a@example.com", "lines": [{"variant_id": variant, "quantity": 1}], "paid": true});
    for variant in [eur, usd, usd, jpy, jpy] {
        let order = manual(&shop, pay(variant)).await;
        paid_on(&shop, &order, "2026-11-10T09:00:00Z").await;
    }
    let token = Some(shop.alice.token.as_str());

    let tie = shop.client.get(&stats_url(shop.site, "from=2026-11-10&to=2026-11-10"), token).await.json();
    assert_eq!(
        (tie["currency"].as_str(), tie["orders"].as_i64(), tie["revenue"].as_str()),
        (Some("JPY"), Some(2), Some("1000")),
        "a tie goes to the first code alphabetically (JPY before USD); EUR's bigger revenue does not count"
    );
    let order = manual(&shop, pay(usd)).await;
    paid_on(&shop, &order, "2026-11-10T10:00:00Z").await;
    let most = shop.client.get(&stats_url(shop.site, "from=2026-11-10&to=2026-11-10"), token).await.json();
    assert_eq!(
        (most["currency"].as_str(), most["orders"].as_i64(), most["revenue"].as_str()),
        (Some("USD"), Some(3), Some("3.00"))
    );
    assert_eq!(most["top_products"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn stats_default_to_the_last_30_days_and_refuse_bad_ranges() {
    let shop = shop().await;
    let token = Some(shop.alice.token.as_str());

    let empty = shop.client.get(&stats_url(shop.site, ""), token).await;
    let (_, _) = variant(&shop.admin, shop.site, "GBP-1", "2.50", "GBP", 1).await;
    let catalog = shop.client.get(&stats_url(shop.site, "from=2026-01-01&to=2026-01-02"), token).await;

    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text());
    let body = empty.json();
    assert_eq!((body["currency"].clone(), body["orders"].clone()), (Value::Null, json!(0)), "nothing sold, no catalog");
    let days = body["by_day"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    let today = time::OffsetDateTime::now_utc().date().to_string();
    assert_eq!(days.last().unwrap()["date"], today);
    assert_eq!(catalog.json()["currency"], "GBP", "without sales, the catalog's currency");
    assert_eq!(catalog.json()["revenue"], "0.00");
    assert_eq!(catalog.json()["by_day"].as_array().unwrap().len(), 2);

    for (query, field) in [
        ("from=2026-11-02&to=2026-11-01", "from"),
        ("from=2024-01-01&to=2025-01-01", "to"),
        ("from=2026-13-01", "from"),
        ("to=tomorrow", "to"),
    ] {
        let response = shop.client.get(&stats_url(shop.site, query), token).await;
        assert_eq!(response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], field, "{query}");
    }
    let leap = shop.client.get(&stats_url(shop.site, "from=2024-01-01&to=2024-12-31"), token).await;
    assert_eq!(leap.json()["by_day"].as_array().unwrap().len(), 366);
}

#[tokio::test]
async fn the_openapi_document_describes_the_merchant_routes() {
    let document = serde_json::to_value(vitrine_checkout::openapi()).unwrap();
    let paths = &document["paths"];
    for path in [
        "/api/checkout/sites/{site_id}/orders",
        "/api/checkout/sites/{site_id}/orders/{id}",
        "/api/checkout/sites/{site_id}/orders/{id}/mark-paid",
        "/api/checkout/sites/{site_id}/orders/{id}/fulfill",
        "/api/checkout/sites/{site_id}/orders/{id}/cancel",
        "/api/checkout/sites/{site_id}/stats",
    ] {
        assert!(paths.get(path).is_some(), "{path} is documented");
    }
    let stats = paths["/api/checkout/sites/{site_id}/stats"]["get"]["description"].as_str().unwrap_or_default();
    let stats = stats.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(stats.contains("the most orders of the range were paid in"), "the currency rule is documented: {stats}");
}
