//! PostgreSQL restarted in the middle of a run of checkouts: every
//! acknowledged order is there with its stock taken, and no stock is taken
//! without an order. This test runs its own PostgreSQL server, which it stops
//! and restarts.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::{Shop, checkout_body};
use tokio::task::JoinSet;
use uuid::Uuid;
use vitrine_checkout::SimulatedCards;
use vitrine_common::db::PoolSettings;
use vitrine_localdb::{Lifetime, LocalPostgres};
use vitrine_testkit::TestDb;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_database_restart_during_checkouts_loses_no_acknowledged_order_and_no_stock() {
    let dir = std::env::temp_dir().join(format!("vitrine-checkout-fault-{}", Uuid::now_v7().simple()));
    let mut server =
        tokio::task::spawn_blocking(move || LocalPostgres::start(&dir, Lifetime::Throwaway)).await.unwrap().unwrap();
    let db = TestDb::on(&server).await;
    let settings = PoolSettings { max_connections: 8, acquire_timeout: Duration::from_secs(1) };
    let pool = vitrine_common::db::pool(db.login_options(vitrine_checkout::DB), settings);
    let shop = Shop::with_pool(db, pool, Arc::new(SimulatedCards)).await;
    let initial = 1000;
    let shirt = shop.variant("39.00", "EUR", initial).await;
    let scarf = shop.variant("15.00", "EUR", initial).await;
    let mut carts = Vec::new();
    for _ in 0..80 {
        carts.push(shop.cart(&[(shirt, 2), (scarf, 1)]).await);
    }

    // Shoppers check out in 4 streams while the database goes away and comes back.
    let mut shoppers = JoinSet::new();
    for stream in carts.chunks(20).map(<[String]>::to_vec) {
        let client = shop.client.clone();
        let urls: Vec<String> = stream.iter().map(|t| shop.cart_url(t)).collect();
        shoppers.spawn(async move {
            let mut acknowledged = Vec::new();
            let mut other = Vec::new();
            let mut held = 0;
            for url in urls {
                let key = Uuid::now_v7().to_string();
                let started = Instant::now();
                let answer =
                    common::checkout_on(&client, &url, Some(&key), &checkout_body("4242424242424242"), None).await;
                // A checkout in flight when the server stopped waits for it (or is refused below).
                if started.elapsed() >= Duration::from_millis(500) {
                    held += 1;
                }
                if answer.status == StatusCode::CREATED {
                    acknowledged.push(answer.json()["id"].as_str().unwrap().to_owned());
                } else {
                    // The outage is a 503 the shopper may retry, never a 500.
                    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE, "{}", answer.text());
                    other.push(answer.status);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            (acknowledged, other, held)
        });
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.pause();
    tokio::time::sleep(Duration::from_millis(700)).await;
    let server = tokio::task::spawn_blocking(move || {
        server.resume().unwrap();
        server
    })
    .await
    .unwrap();
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    let mut held = 0;
    for (ok, other, waited) in shoppers.join_all().await {
        acknowledged.extend(ok);
        refused += other.len();
        held += waited;
    }
    eprintln!("acknowledged {}, refused during the outage {refused}, held by it {held}", acknowledged.len());
    assert!(refused + held > 0, "the outage was felt by some checkouts (refused, or held until the server was back)");
    assert!(!acknowledged.is_empty(), "some checkouts went through");

    // The database is back: read what was committed (retrying while connections heal).
    let deadline = Instant::now() + Duration::from_secs(20);
    let admin = shop.db.admin_pool();
    let paid: Vec<String> = loop {
        match sqlx::query_scalar::<_, String>("SELECT id::text FROM checkout.orders WHERE status = 'paid'")
            .fetch_all(&admin)
            .await
        {
            Ok(ids) => break ids,
            Err(err) => {
                assert!(Instant::now() < deadline, "the database did not come back: {err}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    };
    for id in &acknowledged {
        assert!(paid.contains(id), "acknowledged order {id} is paid in the database");
    }
    // Every unit missing from the shelves is in an order (paid, or pending
    // until the sweeper gives it back), and nothing else took stock.
    for (variant, per_order) in [(shirt, 2), (scarf, 1)] {
        let sold: i64 = sqlx::query_scalar(
            "SELECT coalesce(sum(quantity), 0)::bigint FROM checkout.order_lines WHERE variant_id = $1",
        )
        .bind(variant)
        .fetch_one(&admin)
        .await
        .unwrap();
        let stock = i64::from(shop.stock(variant).await);
        assert_eq!(i64::from(initial) - stock, sold, "stock taken = stock in orders");
        let orders = shop.count("SELECT count(*) FROM checkout.orders").await;
        assert_eq!(sold, orders * per_order);
    }
    drop(server);
}
