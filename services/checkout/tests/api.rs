//! The checkout service's shopper contract, driven through its router against
//! real PostgreSQL (a fresh database per test).

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use common::{Shop, checkout_body, dec};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;
use vitrine_checkout::payment::{ChargeFuture, ProviderError};
use vitrine_checkout::{Charge, PaymentProvider};
use vitrine_testkit::keys;

// ---- buying ----------------------------------------------------------------

#[tokio::test]
async fn a_shopper_buys_a_product_pays_by_card_and_reads_the_receipt() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let token = shop.cart(&[(shirt, 2)]).await;

    let cart = shop.client.get(&shop.cart_url(&token), None).await.json();
    assert_eq!(cart["currency"], "EUR");
    assert_eq!(cart["subtotal"], "78.00");
    assert_eq!(cart["total"], "78.00");
    assert_eq!(cart["item_count"], 2);
    assert_eq!(cart["lines"][0]["available"], 5);
    assert_eq!(cart["lines"][0]["product_title"], "Linen Shirt");
    assert_eq!(cart["warnings"], json!([]));

    let paid = shop.checkout(&token, "4242424242424242").await;
    assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.text());
    let order = paid.json();
    assert_eq!(order["status"], "paid");
    assert_eq!(order["number"], 1001);
    assert_eq!(order["total"], "78.00");
    assert_eq!(order["email"], "ada@example.com");
    assert_eq!(order["lines"][0]["unit_price"], "39.00");
    assert_eq!(order["lines"][0]["line_total"], "78.00");
    assert_eq!(
        order["payment"],
        json!({"method": "card", "status": "captured", "brand": "visa", "last4": "4242", "amount": "78.00"})
    );
    assert!(order.get("history").is_none(), "the public view has no history");
    let receipt_token = order["token"].as_str().unwrap();
    let location = paid.header("location").unwrap();
    assert_eq!(location, format!("/api/checkout/public/linen-house/orders/{receipt_token}"));

    let receipt = shop.client.get(location, None).await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert_eq!(receipt.json()["id"], order["id"]);
    assert_eq!(shop.stock(shirt).await, 3, "the stock was taken");

    let events: Vec<(String, Value)> = sqlx::query_as("SELECT type, payload FROM checkout.event_feed ORDER BY tx, seq")
        .fetch_all(&shop.admin)
        .await
        .unwrap();
    let types: Vec<&str> = events.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(types, ["order.created", "order.paid"]);
    assert_eq!(events[1].1["data"]["status"], "paid");
    assert_eq!(events[1].1["data"]["history"].as_array().unwrap().len(), 2, "merchant view in events");
    assert_eq!(events[1].1["site_id"], shop.site.to_string());
    // The events are built from one read of the order plus what the payment
    // changed: each is exactly what a fresh read of the merchant view gives.
    let merchant = shop
        .client
        .get(
            &format!("/api/checkout/sites/{}/orders/{}", shop.site, order["id"].as_str().unwrap()),
            Some(&shop.owner.token),
        )
        .await;
    assert_eq!(merchant.status, StatusCode::OK, "{}", merchant.text());
    assert_eq!(events[1].1["data"], merchant.json(), "order.paid carries the order as stored");
    let mut created = merchant.json();
    created["status"] = json!("pending_payment");
    created["paid_at"] = Value::Null;
    created["payment"]["status"] = json!("pending");
    created["history"].as_array_mut().unwrap().pop();
    assert_eq!(events[0].1["data"], created, "order.created: the same order before the payment");

    let stored: String = sqlx::query_scalar(
        "SELECT concat_ws(' ', (SELECT string_agg(o::text, ' ') FROM checkout.orders o),
                               (SELECT string_agg(p::text, ' ') FROM checkout.payments p),
                               (SELECT string_agg(e.payload::text, ' ') FROM checkout.events e),
                               (SELECT string_agg(k::text, ' ') FROM checkout.idempotency_keys k))",
    )
    .fetch_one(&shop.admin)
    .await
    .unwrap();
    assert!(!stored.contains("4242424242424242"), "the card number is never stored");

    let again = shop.checkout(&token, "4242424242424242").await;
    let problem = again.assert_problem(StatusCode::CONFLICT);
    assert_eq!(problem["type"], "urn:vitrine:problem:already-checked-out");
    assert_eq!(again.header("location"), Some(location));
    let closed = shop
        .client
        .post(&format!("{}/lines", shop.cart_url(&token)), None, json!({"variant_id": shirt, "quantity": 1}))
        .await;
    closed.assert_problem(StatusCode::CONFLICT);
}

#[tokio::test]
async fn order_numbers_count_from_1001_per_site() {
    let shop = Shop::new().await;
    let shirt = shop.variant("10.00", "EUR", 10).await;
    for expected in [1001, 1002, 1003] {
        let token = shop.cart(&[(shirt, 1)]).await;
        let order = shop.checkout(&token, "4242424242424242").await.json();
        assert_eq!(order["number"], expected);
    }
}

#[tokio::test]
async fn declined_cards_answer_402_with_their_code_and_leave_nothing_behind() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let promo = shop.promotion("TEN", "percentage", "10", None, Some(5)).await;
    let token = shop.cart(&[(shirt, 2)]).await;
    let applied = shop
        .client
        .call(Method::PUT, &format!("{}/discount", shop.cart_url(&token)), None, Some(json!({"code": "ten"})))
        .await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.text());

    for (card, code) in [
        ("4000000000000002", "card_declined"),
        ("4000000000009995", "insufficient_funds"),
        ("4000000000000069", "expired_card"),
        ("4000000000000127", "incorrect_cvc"),
    ] {
        let declined = shop.checkout(&token, card).await;
        let problem = declined.assert_problem(StatusCode::PAYMENT_REQUIRED);
        assert_eq!(problem["code"], code);
        assert_eq!(shop.stock(shirt).await, 5, "{code}: the stock is back");
        assert_eq!(shop.times_used(promo).await, 0, "{code}: the promotion use is back");
        assert_eq!(shop.count("SELECT count(*) FROM checkout.orders").await, 0, "{code}: no order");
        assert_eq!(shop.count("SELECT count(*) FROM checkout.events").await, 0, "{code}: no event");
    }
    let cart = shop
        .client
        .post(&format!("{}/lines", shop.cart_url(&token)), None, json!({"variant_id": shirt, "quantity": 1}))
        .await;
    assert_eq!(cart.status, StatusCode::OK, "the cart is open again: {}", cart.text());
    let paid = shop.checkout(&token, "4242424242424242").await;
    assert_eq!(paid.status, StatusCode::CREATED);
    assert_eq!(paid.json()["number"], 1001, "declined attempts leave no gap in the numbers");
    assert_eq!(paid.json()["discount"]["amount"], "11.70");
    assert_eq!(shop.times_used(promo).await, 1);
}

#[tokio::test]
async fn invalid_cards_and_fields_are_422_naming_each_field_and_take_nothing() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let token = shop.cart(&[(shirt, 1)]).await;
    let mut body = checkout_body("4242424242424241");
    body["payment"]["exp_year"] = json!(2020);
    body["payment"]["cvc"] = json!("12");
    body["email"] = json!("not-an-email");
    body["shipping_address"]["country"] = json!("France");
    let answer = shop.checkout_with(&token, "k1", &body, None).await;
    let problem = answer.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for field in ["email", "shipping_address.country", "payment.card_number", "payment.exp_year", "payment.cvc"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    let mut no_email = checkout_body("4242424242424242");
    no_email.as_object_mut().unwrap().remove("email");
    shop.checkout_with(&token, "k2", &no_email, None).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let wrong_shape = shop.checkout_with(&token, "k3", &json!({"email": 5}), None).await;
    wrong_shape.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(shop.stock(shirt).await, 5);
    assert_eq!(shop.count("SELECT count(*) FROM checkout.orders").await, 0);
}

#[tokio::test]
async fn an_empty_cart_cannot_be_checked_out() {
    let shop = Shop::new().await;
    let token = shop.cart(&[]).await;
    let answer = shop.checkout(&token, "4242424242424242").await;
    answer.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
}

// ---- idempotency -----------------------------------------------------------

#[tokio::test]
async fn idempotency_keys_are_required_and_replay_the_first_answer() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let token = shop.cart(&[(shirt, 1)]).await;
    let body = checkout_body("4242424242424242");

    let missing = common::checkout_on(&shop.client, &shop.cart_url(&token), None, &body, None).await;
    assert_eq!(missing.assert_problem(StatusCode::BAD_REQUEST)["type"], "urn:vitrine:problem:idempotency-key-missing");

    let first = shop.checkout_with(&token, "key-1", &body, None).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let replay = shop.checkout_with(&token, "key-1", &body, None).await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.json(), first.json(), "the same answer again");
    assert_eq!(replay.header("location"), first.header("location"));
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));

    let mut other = body.clone();
    other["email"] = json!("grace@example.com");
    let reused = shop.checkout_with(&token, "key-1", &other, None).await;
    assert_eq!(
        reused.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["type"],
        "urn:vitrine:problem:idempotency-key-reused"
    );
    assert_eq!(shop.count("SELECT count(*) FROM checkout.orders").await, 1);
    assert_eq!(shop.stock(shirt).await, 4, "charged and taken once");
}

#[tokio::test]
async fn a_declined_answer_is_replayed_too_and_a_new_key_may_try_another_card() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let token = shop.cart(&[(shirt, 1)]).await;
    let declined = checkout_body("4000000000000002");
    assert_eq!(shop.checkout_with(&token, "a", &declined, None).await.status, StatusCode::PAYMENT_REQUIRED);
    assert_eq!(shop.checkout_with(&token, "a", &declined, None).await.status, StatusCode::PAYMENT_REQUIRED);
    let good = checkout_body("4242424242424242");
    assert_eq!(shop.checkout_with(&token, "b", &good, None).await.status, StatusCode::CREATED);
}

// ---- carts -----------------------------------------------------------------

#[tokio::test]
async fn the_same_variant_again_adds_to_its_line_and_lines_change_and_go() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 10).await;
    let scarf = shop.variant("15.50", "EUR", 10).await;
    let token = shop.cart(&[(shirt, 1)]).await;
    let lines = format!("{}/lines", shop.cart_url(&token));
    shop.client.post(&lines, None, json!({"variant_id": shirt, "quantity": 2})).await;
    let cart = shop.client.post(&lines, None, json!({"variant_id": scarf, "quantity": 1})).await.json();
    assert_eq!(cart["lines"].as_array().unwrap().len(), 2);
    assert_eq!(cart["lines"][0]["quantity"], 3);
    assert_eq!(cart["subtotal"], "132.50");
    assert_eq!(cart["item_count"], 4);

    let shirt_line = cart["lines"][0]["id"].as_str().unwrap().to_owned();
    let scarf_line = cart["lines"][1]["id"].as_str().unwrap().to_owned();
    let changed = shop.client.patch(&format!("{lines}/{shirt_line}"), None, json!({"quantity": 1})).await.json();
    assert_eq!(changed["subtotal"], "54.50");
    let removed = shop.client.patch(&format!("{lines}/{shirt_line}"), None, json!({"quantity": 0})).await.json();
    assert_eq!(removed["lines"].as_array().unwrap().len(), 1);
    let empty = shop.client.delete(&format!("{lines}/{scarf_line}"), None).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert_eq!(empty.json()["currency"], Value::Null, "an empty cart has no currency");
    assert_eq!(empty.json()["subtotal"], "0");
    shop.client.delete(&format!("{lines}/{scarf_line}"), None).await.assert_problem(StatusCode::NOT_FOUND);
    shop.client
        .patch(&format!("{lines}/{}", Uuid::now_v7()), None, json!({"quantity": 1}))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_cart_holds_one_currency_and_1_to_999_per_line() {
    let shop = Shop::new().await;
    let eur = shop.variant("10.00", "EUR", 2000).await;
    let usd = shop.variant("10.00", "USD", 10).await;
    let token = shop.cart(&[(eur, 1)]).await;
    let lines = format!("{}/lines", shop.cart_url(&token));
    let mixed = shop.client.post(&lines, None, json!({"variant_id": usd, "quantity": 1})).await;
    assert_eq!(mixed.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "variant_id");
    for quantity in [0, -1, 1000] {
        let answer = shop.client.post(&lines, None, json!({"variant_id": eur, "quantity": quantity})).await;
        assert_eq!(answer.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "quantity");
    }
    let over = shop.client.post(&lines, None, json!({"variant_id": eur, "quantity": 999})).await;
    over.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let line =
        shop.client.get(&shop.cart_url(&token), None).await.json()["lines"][0]["id"].as_str().unwrap().to_owned();
    shop.client
        .patch(&format!("{lines}/{line}"), None, json!({"quantity": 1000}))
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let bad = shop.client.post(&lines, None, json!({"variant_id": "nope", "quantity": 1})).await;
    bad.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_cart_holds_at_most_100_lines() {
    let shop = Shop::new().await;
    let mut variants = Vec::new();
    for _ in 0..101 {
        variants.push(shop.variant("1.00", "EUR", 5).await);
    }
    let lines: Vec<(Uuid, i64)> = variants[..100].iter().map(|v| (*v, 1)).collect();
    let token = shop.cart(&lines).await;
    let answer = shop
        .client
        .post(&format!("{}/lines", shop.cart_url(&token)), None, json!({"variant_id": variants[100], "quantity": 1}))
        .await;
    assert_eq!(answer.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "lines");
    let too_many: Vec<Value> = variants.iter().map(|v| json!({"variant_id": v, "quantity": 1})).collect();
    shop.client
        .post(&shop.carts(), None, json!({"lines": too_many}))
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn adding_or_raising_beyond_the_stock_is_an_out_of_stock_problem_listing_the_line() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 3).await;
    let answer = shop.client.post(&shop.carts(), None, json!({"lines": [{"variant_id": shirt, "quantity": 4}]})).await;
    let problem = answer.assert_problem(StatusCode::CONFLICT);
    assert_eq!(problem["type"], "urn:vitrine:problem:out-of-stock");
    assert_eq!(problem["lines"], json!([{"variant_id": shirt, "requested": 4, "available": 3}]));

    let token = shop.cart(&[(shirt, 3)]).await;
    let lines = format!("{}/lines", shop.cart_url(&token));
    let more = shop.client.post(&lines, None, json!({"variant_id": shirt, "quantity": 1})).await;
    assert_eq!(more.assert_problem(StatusCode::CONFLICT)["lines"][0]["requested"], 4);
    let line =
        shop.client.get(&shop.cart_url(&token), None).await.json()["lines"][0]["id"].as_str().unwrap().to_owned();
    shop.client
        .patch(&format!("{lines}/{line}"), None, json!({"quantity": 5}))
        .await
        .assert_problem(StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_line_whose_stock_or_variant_went_away_warns_and_checkout_refuses_it() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 3).await;
    let scarf = shop.variant("15.00", "EUR", 3).await;
    let token = shop.cart(&[(shirt, 2), (scarf, 1)]).await;
    sqlx::query("UPDATE site.variants SET stock_qty = 1 WHERE id = $1").bind(shirt).execute(&shop.admin).await.unwrap();
    sqlx::query("DELETE FROM site.variants WHERE id = $1").bind(scarf).execute(&shop.admin).await.unwrap();

    let cart = shop.client.get(&shop.cart_url(&token), None).await.json();
    let codes: Vec<&str> = cart["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["insufficient_stock", "variant_unavailable"]);
    assert_eq!(cart["lines"][1]["available"], 0);
    assert_eq!(cart["lines"][1]["unit_price"], Value::Null);
    assert_eq!(cart["subtotal"], "78.00", "a gone variant counts for nothing");

    let answer = shop.checkout(&token, "4242424242424242").await;
    let problem = answer.assert_problem(StatusCode::CONFLICT);
    assert_eq!(problem["type"], "urn:vitrine:problem:out-of-stock");
    let mut lines = problem["lines"].as_array().unwrap().clone();
    lines.sort_by_key(|l| l["available"].as_i64());
    assert_eq!(lines.len(), 2, "{problem}");
    assert_eq!(shop.stock(shirt).await, 1, "nothing was taken");
}

#[tokio::test]
async fn idle_carts_expire_after_30_days() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 3).await;
    let token = shop.cart(&[(shirt, 1)]).await;
    sqlx::query("UPDATE checkout.carts SET updated_at = now() - interval '31 days'")
        .execute(&shop.admin)
        .await
        .unwrap();
    shop.client.get(&shop.cart_url(&token), None).await.assert_problem(StatusCode::NOT_FOUND);
    vitrine_checkout::sweep::sweep(&shop.pool, vitrine_checkout::sweep::STALE_PENDING).await.unwrap();
    assert_eq!(shop.count("SELECT count(*) FROM checkout.carts").await, 0);
}

// ---- discounts and money ---------------------------------------------------

async fn apply(shop: &Shop, token: &str, code: &str) -> vitrine_testkit::TestResponse {
    shop.client
        .call(Method::PUT, &format!("{}/discount", shop.cart_url(token)), None, Some(json!({"code": code})))
        .await
}

#[tokio::test]
async fn percentages_round_half_up_in_eur_jpy_and_kwd() {
    // (price, currency, percentage, expected discount)
    for (price, currency, percent, expected) in [
        ("0.05", "EUR", "10", "0.01"),
        ("19.99", "EUR", "15", "3.00"),
        ("1010", "JPY", "15", "152"),
        ("1003", "JPY", "15", "150"),
        ("0.013", "KWD", "12.5", "0.002"),
        ("1.001", "KWD", "12.5", "0.125"),
    ] {
        let shop = Shop::new().await;
        let item = shop.variant(price, currency, 5).await;
        shop.promotion("CUT", "percentage", percent, None, None).await;
        let token = shop.cart(&[(item, 1)]).await;
        let cart = apply(&shop, &token, "cut").await.json();
        assert_eq!(cart["discount"]["amount"], expected, "{percent}% of {price} {currency}");
        assert_eq!(dec(&cart["total"]), dec(&cart["subtotal"]) - dec(&cart["discount_total"]));
        let order = shop.checkout(&token, "4242424242424242").await.json();
        assert_eq!(order["discount_total"], expected);
        assert_eq!(dec(&order["total"]) + dec(&order["discount_total"]), dec(&order["subtotal"]));
    }
}

#[tokio::test]
async fn a_fixed_amount_larger_than_the_subtotal_makes_the_total_zero_not_negative() {
    let shop = Shop::new().await;
    let item = shop.variant("19.99", "EUR", 5).await;
    shop.promotion("FIFTY", "fixed_amount", "50", Some("EUR"), None).await;
    let token = shop.cart(&[(item, 1)]).await;
    let cart = apply(&shop, &token, "FIFTY").await.json();
    assert_eq!(cart["discount"], json!({"code": "FIFTY", "type": "fixed_amount", "value": "50.00", "amount": "19.99"}));
    assert_eq!(cart["total"], "0.00");
    let order = shop.checkout(&token, "4242424242424242").await;
    assert_eq!(order.status, StatusCode::CREATED, "{}", order.text());
    assert_eq!(order.json()["total"], "0.00");
    assert_eq!(order.json()["payment"]["amount"], "0.00");
}

#[tokio::test]
async fn codes_that_do_not_apply_now_are_422_on_code() {
    let shop = Shop::new().await;
    let item = shop.variant("20.00", "EUR", 5).await;
    shop.promotion("DOLLARS", "fixed_amount", "5", Some("USD"), None).await;
    let used = shop.promotion("USED", "percentage", "10", None, Some(1)).await;
    sqlx::query("UPDATE promotion.promotions SET times_used = 1 WHERE id = $1")
        .bind(used)
        .execute(&shop.admin)
        .await
        .unwrap();
    let off = shop.promotion("OFF", "percentage", "10", None, None).await;
    sqlx::query("UPDATE promotion.promotions SET active = false WHERE id = $1")
        .bind(off)
        .execute(&shop.admin)
        .await
        .unwrap();
    let token = shop.cart(&[(item, 1)]).await;
    for code in ["DOLLARS", "USED", "OFF", "NOPE", ""] {
        let answer = apply(&shop, &token, code).await;
        assert_eq!(answer.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "code", "{code}");
    }
    shop.promotion("OK10", "percentage", "10", None, None).await;
    assert_eq!(apply(&shop, &token, "ok10").await.json()["discount"]["code"], "OK10");
    let removed = shop.client.delete(&format!("{}/discount", shop.cart_url(&token)), None).await.json();
    assert_eq!(removed["discount"], Value::Null);
    assert_eq!(removed["total"], "20.00");
}

#[tokio::test]
async fn a_code_used_up_after_it_was_applied_warns_and_checkout_refuses_it() {
    let shop = Shop::new().await;
    let item = shop.variant("20.00", "EUR", 5).await;
    let promo = shop.promotion("ONCE", "percentage", "10", None, Some(1)).await;
    let token = shop.cart(&[(item, 1)]).await;
    apply(&shop, &token, "ONCE").await;
    sqlx::query("UPDATE promotion.promotions SET times_used = 1 WHERE id = $1")
        .bind(promo)
        .execute(&shop.admin)
        .await
        .unwrap();
    let cart = shop.client.get(&shop.cart_url(&token), None).await.json();
    assert_eq!(cart["warnings"][0]["code"], "discount_not_applicable");
    assert_eq!(cart["discount_total"], "0.00");
    let answer = shop.checkout(&token, "4242424242424242").await;
    assert_eq!(answer.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "code");
    assert_eq!(shop.stock(item).await, 5, "the stock taken before the redeem was rolled back");
}

// ---- tenancy and shoppers --------------------------------------------------

#[tokio::test]
async fn carts_and_variants_do_not_cross_sites() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let other = shop.other_site("other-shop").await;
    let foreign = common::variant_on(&shop.admin, other, "5.00", "EUR", 5).await;
    let token = shop.cart(&[(shirt, 1)]).await;

    let elsewhere = format!("/api/checkout/public/other-shop/carts/{token}");
    shop.client.get(&elsewhere, None).await.assert_problem(StatusCode::NOT_FOUND);
    common::checkout_on(&shop.client, &elsewhere, Some("k"), &checkout_body("4242424242424242"), None)
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    let answer = shop
        .client
        .post(&format!("{}/lines", shop.cart_url(&token)), None, json!({"variant_id": foreign, "quantity": 1}))
        .await;
    assert_eq!(answer.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "variant_id");
    shop.client.get(&shop.cart_url("not-a-token"), None).await.assert_problem(StatusCode::NOT_FOUND);
    shop.client.get("/api/checkout/public/no-such-shop/carts", None).await;
    shop.client
        .post("/api/checkout/public/no-such-shop/carts", None, json!({}))
        .await
        .assert_problem(StatusCode::NOT_FOUND);

    let paid = shop.checkout(&token, "4242424242424242").await.json();
    let receipt = format!("/api/checkout/public/other-shop/orders/{}", paid["token"].as_str().unwrap());
    shop.client.get(&receipt, None).await.assert_problem(StatusCode::NOT_FOUND);
}

async fn customer(shop: &Shop, site: Uuid, email: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query("INSERT INTO customer.customers (id, site_id, email, password_hash) VALUES ($1, $2, $3, 'x')")
        .bind(id)
        .bind(site)
        .bind(email)
        .execute(&shop.admin)
        .await
        .expect("arranging a customer");
    id
}

#[tokio::test]
async fn a_signed_in_shopper_owns_the_order_gets_the_account_email_and_lists_my_orders() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let ada = customer(&shop, shop.site, "ada@account.example").await;
    let bearer = keys::shopper_token_for(ada, shop.site);
    let created =
        shop.client.post(&shop.carts(), Some(&bearer), json!({"lines": [{"variant_id": shirt, "quantity": 1}]})).await;
    let token = created.json()["token"].as_str().unwrap().to_owned();
    let mut body = checkout_body("4242424242424242");
    body.as_object_mut().unwrap().remove("email");
    let paid = shop.checkout_with(&token, "k", &body, Some(&bearer)).await;
    assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.text());
    assert_eq!(paid.json()["email"], "ada@account.example");
    assert_eq!(paid.json()["customer_id"], ada.to_string());

    let guest_token = shop.cart(&[(shirt, 1)]).await;
    shop.checkout(&guest_token, "4242424242424242").await;
    // A cart made signed in stays the customer's even if checkout's request carries no token.
    let owned =
        shop.client.post(&shop.carts(), Some(&bearer), json!({"lines": [{"variant_id": shirt, "quantity": 1}]})).await;
    let owned_token = owned.json()["token"].as_str().unwrap().to_owned();
    let later = shop.checkout(&owned_token, "4242424242424242").await.json();
    assert_eq!(later["customer_id"], ada.to_string());

    let mine = shop.client.get("/api/checkout/public/linen-house/me/orders", Some(&bearer)).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text());
    let items = mine.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2, "only my orders");
    assert_eq!(items[0]["id"], later["id"], "newest first");
    assert_eq!(items[1]["id"], paid.json()["id"]);
    let first_page = shop.client.get("/api/checkout/public/linen-house/me/orders?limit=1", Some(&bearer)).await.json();
    let cursor = first_page["next_cursor"].as_str().unwrap().to_owned();
    let second = shop
        .client
        .get(&format!("/api/checkout/public/linen-house/me/orders?limit=1&cursor={cursor}"), Some(&bearer))
        .await;
    assert_eq!(second.json()["items"][0]["id"], paid.json()["id"]);
    assert_eq!(second.json()["next_cursor"], Value::Null);
    shop.client.get("/api/checkout/public/linen-house/me/orders", None).await.assert_problem(StatusCode::UNAUTHORIZED);
    shop.client
        .get("/api/checkout/public/linen-house/me/orders", Some(&shop.owner.token))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_token_revoked_by_logout_or_of_a_deleted_account_is_401_and_reads_no_orders() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let ada = customer(&shop, shop.site, "ada@account.example").await;
    let bearer = keys::shopper_token_for(ada, shop.site);
    let created =
        shop.client.post(&shop.carts(), Some(&bearer), json!({"lines": [{"variant_id": shirt, "quantity": 1}]})).await;
    let token = created.json()["token"].as_str().unwrap().to_owned();
    let mut body = checkout_body("4242424242424242");
    body.as_object_mut().unwrap().remove("email");
    let paid = shop.checkout_with(&token, "k", &body, Some(&bearer)).await;
    assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.text());
    let mine = shop.client.get("/api/checkout/public/linen-house/me/orders", Some(&bearer)).await;
    assert_eq!(mine.status, StatusCode::OK, "before the logout the token reads the orders");

    // What the customer service's logout does: every token issued until now is revoked.
    sqlx::query("UPDATE customer.customers SET tokens_valid_after = date_trunc('second', now()) + interval '1 second' WHERE id = $1")
        .bind(ada)
        .execute(&shop.admin)
        .await
        .unwrap();
    shop.client
        .get("/api/checkout/public/linen-house/me/orders", Some(&bearer))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    shop.client.post(&shop.carts(), Some(&bearer), json!({})).await.assert_problem(StatusCode::UNAUTHORIZED);
    let guest = shop.cart(&[(shirt, 1)]).await;
    shop.checkout_with(&guest, "k2", &checkout_body("4242424242424242"), Some(&bearer))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    assert_eq!(shop.stock(shirt).await, 4, "the refused checkout took nothing");

    // A deleted account's token reads nothing either.
    let grace = customer(&shop, shop.site, "grace@account.example").await;
    let grace_bearer = keys::shopper_token_for(grace, shop.site);
    let listed = shop.client.get("/api/checkout/public/linen-house/me/orders", Some(&grace_bearer)).await;
    assert_eq!(listed.status, StatusCode::OK);
    sqlx::query("DELETE FROM customer.customers WHERE id = $1").bind(grace).execute(&shop.admin).await.unwrap();
    shop.client
        .get("/api/checkout/public/linen-house/me/orders", Some(&grace_bearer))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_shopper_token_of_another_site_is_401_on_carts_and_checkout() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let other = shop.other_site("other-shop").await;
    let grace = customer(&shop, other, "grace@example.com").await;
    let foreign = keys::shopper_token_for(grace, other);
    let token = shop.cart(&[(shirt, 1)]).await;
    shop.client.post(&shop.carts(), Some(&foreign), json!({})).await.assert_problem(StatusCode::UNAUTHORIZED);
    shop.client.get(&shop.cart_url(&token), Some(&foreign)).await.assert_problem(StatusCode::UNAUTHORIZED);
    shop.checkout_with(&token, "k", &checkout_body("4242424242424242"), Some(&foreign))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    shop.client
        .get("/api/checkout/public/linen-house/me/orders", Some(&foreign))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    assert_eq!(shop.stock(shirt).await, 5);
}

#[tokio::test]
async fn a_customer_deleted_while_ordering_is_asked_to_sign_in_again_and_can_pay_as_a_guest() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let ada = customer(&shop, shop.site, "ada@account.example").await;
    let bearer = keys::shopper_token_for(ada, shop.site);
    let token = shop.cart(&[(shirt, 1)]).await;
    // The account goes away between the cart and the checkout: its token still
    // verifies, but a deleted account's tokens are revoked, never a silent guest.
    sqlx::query("DELETE FROM customer.customers WHERE id = $1").bind(ada).execute(&shop.admin).await.unwrap();

    let refused = shop.checkout_with(&token, "a", &checkout_body("4242424242424242"), Some(&bearer)).await;
    refused.assert_problem(StatusCode::UNAUTHORIZED);
    assert_eq!(shop.stock(shirt).await, 5, "the refused checkout took nothing");
    let mut without_email = checkout_body("4242424242424242");
    without_email.as_object_mut().unwrap().remove("email");
    let refused = shop.checkout_with(&token, "b", &without_email, None).await;
    assert_eq!(refused.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "email");
    let paid = shop.checkout_with(&token, "c", &checkout_body("4242424242424242"), None).await;
    assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.text());
    assert_eq!(paid.json()["email"], "ada@example.com");
    assert_eq!(paid.json()["customer_id"], Value::Null, "no order points at a gone account");
}

// ---- experiments -----------------------------------------------------------

#[tokio::test]
async fn a_new_cart_enters_running_experiments_and_its_payment_is_a_conversion() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let experiment = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO experiment.experiments (id, site_id, name, status, traffic_split)
         VALUES ($1, $2, 'Hero', 'running', '{\"a\": 50, \"b\": 50}')",
    )
    .bind(experiment)
    .bind(shop.site)
    .execute(&shop.admin)
    .await
    .unwrap();
    let token = shop.cart(&[(shirt, 2)]).await;
    let assigned: i64 = sqlx::query_scalar("SELECT count(*) FROM experiment.variant_assignments WHERE user_key = $1")
        .bind(&token)
        .fetch_one(&shop.admin)
        .await
        .unwrap();
    assert_eq!(assigned, 1);
    shop.checkout(&token, "4242424242424242").await;
    let metrics: Vec<(String, f64)> = sqlx::query_as(
        "SELECT metric_name, metric_value::float8 FROM experiment.metrics WHERE user_key = $1 ORDER BY metric_name",
    )
    .bind(&token)
    .fetch_all(&shop.admin)
    .await
    .unwrap();
    assert_eq!(metrics, [("conversion".to_owned(), 1.0), ("revenue".to_owned(), 78.0)]);
}

// ---- the provider fails ----------------------------------------------------

/// A provider that fails after the order was committed (a network error).
struct Failing;

impl PaymentProvider for Failing {
    fn charge<'a>(&'a self, _charge: &'a Charge) -> ChargeFuture<'a> {
        Box::pin(async { Err(ProviderError("connection reset".to_owned())) })
    }

    fn refund<'a>(
        &'a self,
        _order_id: Uuid,
        _amount: Decimal,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<(), ProviderError>> + Send + 'a>> {
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test]
async fn a_provider_failing_after_the_order_was_committed_gives_everything_back() {
    let shop = Shop::with_provider(Arc::new(Failing)).await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let promo = shop.promotion("TEN", "percentage", "10", None, Some(3)).await;
    let token = shop.cart(&[(shirt, 2)]).await;
    apply(&shop, &token, "TEN").await;
    let answer = shop.checkout(&token, "4242424242424242").await;
    let problem = answer.assert_problem(StatusCode::BAD_GATEWAY);
    assert_eq!(problem["type"], "urn:vitrine:problem:payment-provider");
    assert_eq!(shop.stock(shirt).await, 5);
    assert_eq!(shop.times_used(promo).await, 0);
    assert_eq!(shop.count("SELECT count(*) FROM checkout.orders").await, 0);
    assert_eq!(shop.count("SELECT count(*) FROM checkout.events").await, 0);
    assert_eq!(shop.count("SELECT count(*) FROM checkout.idempotency_keys").await, 0, "a retry may run again");
    let cart = shop.client.get(&shop.cart_url(&token), None).await.json();
    assert_eq!(cart["discount"]["code"], "TEN", "the cart is open again, as it was");
    let lines = shop
        .client
        .post(&format!("{}/lines", shop.cart_url(&token)), None, json!({"variant_id": shirt, "quantity": 1}))
        .await;
    assert_eq!(lines.status, StatusCode::OK);
}

// ---- sweeper ---------------------------------------------------------------

#[tokio::test]
async fn a_checkout_abandoned_in_pending_payment_is_discarded_after_15_minutes() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let promo = shop.promotion("TEN", "percentage", "10", None, None).await;
    let token = shop.cart(&[(shirt, 2)]).await;
    apply(&shop, &token, "TEN").await;
    shop.checkout(&token, "4242424242424242").await;
    // A crash between placing and recording: arrange an order left pending.
    sqlx::query("UPDATE checkout.orders SET status = 'pending_payment'").execute(&shop.admin).await.unwrap();
    vitrine_checkout::sweep::sweep(&shop.pool, vitrine_checkout::sweep::STALE_PENDING).await.unwrap();
    assert_eq!(shop.count("SELECT count(*) FROM checkout.orders").await, 1, "not stale yet");
    sqlx::query("UPDATE checkout.orders SET created_at = now() - interval '16 minutes'")
        .execute(&shop.admin)
        .await
        .unwrap();
    vitrine_checkout::sweep::sweep(&shop.pool, vitrine_checkout::sweep::STALE_PENDING).await.unwrap();
    assert_eq!(shop.count("SELECT count(*) FROM checkout.orders").await, 0);
    assert_eq!(shop.stock(shirt).await, 5);
    assert_eq!(shop.times_used(promo).await, 0);
    let reopened = shop
        .client
        .post(&format!("{}/lines", shop.cart_url(&token)), None, json!({"variant_id": shirt, "quantity": 1}))
        .await;
    assert_eq!(reopened.status, StatusCode::OK);
}

#[tokio::test]
async fn a_key_whose_request_died_is_released_by_the_sweeper_and_the_retry_pays_once() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let token = shop.cart(&[(shirt, 2)]).await;
    let paid = shop.checkout_with(&token, "k", &checkout_body("4242424242424242"), None).await;
    assert_eq!(paid.status, StatusCode::CREATED);
    // A crash between placing the order and recording anything: the order is
    // left pending and the key has no answer.
    sqlx::query("UPDATE checkout.orders SET status = 'pending_payment'").execute(&shop.admin).await.unwrap();
    sqlx::query("UPDATE checkout.idempotency_keys SET status_code = NULL, headers = NULL, body = NULL")
        .execute(&shop.admin)
        .await
        .unwrap();
    let running = shop.checkout_with(&token, "k", &checkout_body("4242424242424242"), None).await;
    assert_eq!(running.status, StatusCode::CONFLICT, "while it may still run: {}", running.text());
    vitrine_checkout::sweep::sweep(&shop.pool, vitrine_checkout::sweep::STALE_PENDING).await.unwrap();
    assert_eq!(shop.count("SELECT count(*) FROM checkout.idempotency_keys").await, 1, "too recent to be abandoned");

    sqlx::query("UPDATE checkout.orders SET created_at = now() - interval '16 minutes'")
        .execute(&shop.admin)
        .await
        .unwrap();
    sqlx::query("UPDATE checkout.idempotency_keys SET created_at = now() - interval '16 minutes'")
        .execute(&shop.admin)
        .await
        .unwrap();
    vitrine_checkout::sweep::sweep(&shop.pool, vitrine_checkout::sweep::STALE_PENDING).await.unwrap();
    assert_eq!(shop.count("SELECT count(*) FROM checkout.idempotency_keys").await, 0);
    assert_eq!(shop.stock(shirt).await, 5, "the dead request's order was discarded");
    let retried = shop.checkout_with(&token, "k", &checkout_body("4242424242424242"), None).await;
    assert_eq!(retried.status, StatusCode::CREATED, "the retry runs: {}", retried.text());
    assert_eq!(shop.count("SELECT count(*) FROM checkout.orders").await, 1, "one order, paid once");
    assert_eq!(shop.stock(shirt).await, 3);
}

#[tokio::test]
async fn idempotency_keys_are_forgotten_after_24_hours() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let token = shop.cart(&[(shirt, 1)]).await;
    shop.checkout_with(&token, "k", &checkout_body("4000000000000002"), None).await;
    sqlx::query("UPDATE checkout.idempotency_keys SET created_at = now() - interval '25 hours'")
        .execute(&shop.admin)
        .await
        .unwrap();
    let fresh = shop.checkout_with(&token, "k", &checkout_body("4242424242424242"), None).await;
    assert_eq!(fresh.status, StatusCode::CREATED, "an expired key is a new key: {}", fresh.text());
    sqlx::query("UPDATE checkout.idempotency_keys SET created_at = now() - interval '25 hours'")
        .execute(&shop.admin)
        .await
        .unwrap();
    vitrine_checkout::sweep::sweep(&shop.pool, vitrine_checkout::sweep::STALE_PENDING).await.unwrap();
    assert_eq!(shop.count("SELECT count(*) FROM checkout.idempotency_keys").await, 0);
}

#[tokio::test]
async fn the_openapi_document_lists_the_shopper_routes() {
    let doc = serde_json::to_value(vitrine_checkout::openapi()).unwrap();
    for path in [
        "/api/checkout/public/{site_slug}/carts",
        "/api/checkout/public/{site_slug}/carts/{cart_token}/checkout",
        "/api/checkout/public/{site_slug}/orders/{order_token}",
        "/api/checkout/public/{site_slug}/me/orders",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
}

#[tokio::test]
async fn malformed_requests_are_problems_not_500s() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let empty = shop.client.call(Method::POST, &shop.carts(), None, None).await;
    assert_eq!(empty.status, StatusCode::CREATED, "a cart without a body is an empty cart: {}", empty.text());
    assert_eq!(empty.json()["lines"], json!([]));

    let text = shop
        .client
        .send(
            axum::http::Request::post(shop.carts())
                .header("content-type", "text/plain")
                .body(axum::body::Body::from("lines"))
                .unwrap(),
        )
        .await;
    text.assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let broken = shop
        .client
        .send(
            axum::http::Request::post(shop.carts())
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{\"lines\": ["))
                .unwrap(),
        )
        .await;
    broken.assert_problem(StatusCode::BAD_REQUEST);

    let token = shop.cart(&[(shirt, 1)]).await;
    shop.client.get(&shop.cart_url(&token), Some(&shop.owner.token)).await.assert_problem(StatusCode::UNAUTHORIZED);
    shop.client.get(&shop.cart_url(&"A".repeat(43)), None).await.assert_problem(StatusCode::NOT_FOUND);
    shop.client
        .get(&format!("/api/checkout/public/linen-house/orders/{}", "B".repeat(43)), None)
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    let odd_key = common::checkout_on(
        &shop.client,
        &shop.cart_url(&token),
        Some(&"k".repeat(300)),
        &checkout_body("4242424242424242"),
        None,
    )
    .await;
    odd_key.assert_problem(StatusCode::BAD_REQUEST);

    shop.checkout(&token, "4242424242424242").await;
    shop.promotion("TEN", "percentage", "10", None, None).await;
    apply(&shop, &token, "TEN").await.assert_problem(StatusCode::CONFLICT);
}
