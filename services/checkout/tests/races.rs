//! Checkouts racing each other: the stock sold never exceeds the stock there
//! was, a promotion's usage limit holds, no cart becomes two orders, and no
//! deadlock reaches a client. Real PostgreSQL, real concurrency (tasks on a
//! multi-threaded runtime driving the router at once).

mod common;

use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use common::{Shop, checkout_body};
use serde_json::json;
use tokio::task::JoinSet;
use uuid::Uuid;

/// Runs the checkouts of `carts` at once (one key each); their statuses and bodies.
async fn race(shop: &Shop, carts: &[String]) -> Vec<(StatusCode, serde_json::Value)> {
    let mut tasks = JoinSet::new();
    for token in carts {
        let client = shop.client.clone();
        let url = shop.cart_url(token);
        tasks.spawn(async move {
            let key = Uuid::now_v7().to_string();
            let answer = common::checkout_on(&client, &url, Some(&key), &checkout_body("4242424242424242"), None).await;
            (answer.status, answer.json())
        });
    }
    tasks.join_all().await
}

fn tally(answers: &[(StatusCode, serde_json::Value)]) -> BTreeMap<u16, usize> {
    let mut counts = BTreeMap::new();
    for (status, _) in answers {
        *counts.entry(status.as_u16()).or_insert(0) += 1;
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twelve_checkouts_racing_for_three_units_make_exactly_three_orders() {
    let shop = Shop::for_races().await;
    let shirt = shop.variant("39.00", "EUR", 3).await;
    let mut carts = Vec::new();
    for _ in 0..12 {
        carts.push(shop.cart(&[(shirt, 1)]).await);
    }
    let answers = race(&shop, &carts).await;
    assert_eq!(tally(&answers), BTreeMap::from([(201, 3), (409, 9)]), "{answers:?}");
    for (status, body) in &answers {
        if *status == StatusCode::CONFLICT {
            assert_eq!(body["type"], "urn:vitrine:problem:out-of-stock");
            assert_eq!(body["lines"][0]["available"], 0);
        }
    }
    assert_eq!(shop.stock(shirt).await, 0);
    assert_eq!(shop.count("SELECT count(*) FROM checkout.orders WHERE status = 'paid'").await, 3);
    assert_eq!(shop.count("SELECT count(*) FROM checkout.orders").await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn carts_with_the_same_variants_in_opposite_orders_never_deadlock_a_client() {
    let shop = Shop::for_races().await;
    let a = shop.variant("10.00", "EUR", 100).await;
    let b = shop.variant("20.00", "EUR", 100).await;
    let mut carts = Vec::new();
    for n in 0..16 {
        let lines = if n % 2 == 0 { [(a, 1), (b, 2)] } else { [(b, 2), (a, 1)] };
        carts.push(shop.cart(&lines).await);
    }
    let answers = race(&shop, &carts).await;
    assert_eq!(tally(&answers), BTreeMap::from([(201, 16)]), "{answers:?}");
    assert_eq!(shop.stock(a).await, 100 - 16);
    assert_eq!(shop.stock(b).await, 100 - 32);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_code_limited_to_two_uses_discounts_exactly_two_of_six_racing_orders() {
    let shop = Shop::for_races().await;
    let shirt = shop.variant("50.00", "EUR", 100).await;
    let promo = shop.promotion("TWICE", "percentage", "20", None, Some(2)).await;
    let mut carts = Vec::new();
    for _ in 0..6 {
        let token = shop.cart(&[(shirt, 1)]).await;
        let applied = shop
            .client
            .call(Method::PUT, &format!("{}/discount", shop.cart_url(&token)), None, Some(json!({"code": "twice"})))
            .await;
        assert_eq!(applied.status, StatusCode::OK);
        carts.push(token);
    }
    let answers = race(&shop, &carts).await;
    assert_eq!(tally(&answers), BTreeMap::from([(201, 2), (422, 4)]), "{answers:?}");
    for (status, body) in &answers {
        match *status {
            StatusCode::CREATED => assert_eq!(body["discount_total"], "10.00"),
            _ => assert_eq!(body["errors"][0]["field"], "code"),
        }
    }
    assert_eq!(shop.times_used(promo).await, 2);
    assert_eq!(shop.stock(shirt).await, 98, "refused checkouts took no stock");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_cart_checked_out_twice_at_once_becomes_one_order() {
    let shop = Shop::for_races().await;
    let shirt = shop.variant("39.00", "EUR", 100).await;
    for _ in 0..5 {
        let token = shop.cart(&[(shirt, 1)]).await;
        let answers = race(&shop, &[token.clone(), token.clone(), token]).await;
        assert_eq!(tally(&answers), BTreeMap::from([(201, 1), (409, 2)]), "{answers:?}");
    }
    assert_eq!(shop.count("SELECT count(*) FROM checkout.orders").await, 5);
    assert_eq!(shop.stock(shirt).await, 95);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_idempotency_key_sent_twice_at_once_makes_one_order() {
    let shop = Shop::for_races().await;
    let shirt = shop.variant("39.00", "EUR", 100).await;
    for _ in 0..5 {
        let token = shop.cart(&[(shirt, 1)]).await;
        let key = Uuid::now_v7().to_string();
        let mut tasks = JoinSet::new();
        for _ in 0..3 {
            let client = shop.client.clone();
            let url = shop.cart_url(&token);
            let key = key.clone();
            tasks.spawn(async move {
                common::checkout_on(&client, &url, Some(&key), &checkout_body("4242424242424242"), None).await
            });
        }
        let answers = tasks.join_all().await;
        let created: Vec<_> = answers.iter().filter(|a| a.status == StatusCode::CREATED).collect();
        assert!(!created.is_empty(), "{answers:?}");
        let ids: std::collections::BTreeSet<_> = created.iter().map(|a| a.json()["id"].to_string()).collect();
        assert_eq!(ids.len(), 1, "every 201 is the same order");
        for answer in &answers {
            assert!(
                answer.status == StatusCode::CREATED
                    || (answer.status == StatusCode::CONFLICT
                        && answer.json()["type"] == "urn:vitrine:problem:idempotency-key-in-flight"),
                "{answer:?}"
            );
        }
    }
    assert_eq!(shop.count("SELECT count(*) FROM checkout.orders").await, 5);
    assert_eq!(shop.stock(shirt).await, 95);
}
