//! What the site service's tests share: the app on a fresh database, and
//! helpers that arrange a catalog through the API.

#![allow(dead_code)]

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{Value, json};
use vitrine_common::config::PublicUrlConfig;
use vitrine_site::Config;
use vitrine_site::config::CacheConfig;
use vitrine_testkit::keys;
use vitrine_testkit::{TestClient, TestDb};

pub const PUBLIC_URL: &str = "https://shops.example.com";

/// The site app (with the shared HTTP stack) on a fresh database.
pub async fn app() -> (TestClient, TestDb) {
    let db = TestDb::new().await;
    let config = Config {
        tokens: keys::token_config(),
        public: PublicUrlConfig { public_url: PUBLIC_URL.to_owned() },
        cache: CacheConfig::default(),
    };
    let state = config.state(db.pool_for(vitrine_site::DB)).expect("site state");
    let app = vitrine_common::server::stack(vitrine_site::app(state), Duration::from_secs(30));
    (TestClient::new(app), db)
}

pub async fn category(client: &TestClient, token: &str, site: uuid::Uuid, body: Value) -> Value {
    let response = client.post(&format!("/api/site/sites/{site}/categories"), Some(token), body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

pub async fn product(client: &TestClient, token: &str, site: uuid::Uuid, body: Value) -> Value {
    let response = client.post(&format!("/api/site/sites/{site}/products"), Some(token), body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

pub async fn variant(client: &TestClient, token: &str, site: uuid::Uuid, product: &Value, body: Value) -> Value {
    let uri = format!("/api/site/sites/{site}/products/{}/variants", product["id"].as_str().expect("an id"));
    let response = client.post(&uri, Some(token), body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

/// A product with one variant at `price` EUR and `stock` in stock.
pub async fn priced(client: &TestClient, token: &str, site: uuid::Uuid, title: &str, price: &str, stock: i64) -> Value {
    let product = product(client, token, site, json!({"title": title})).await;
    let sku = format!("SKU-{}", uuid::Uuid::now_v7().simple());
    variant(client, token, site, &product, json!({"sku": sku, "price": price, "currency": "EUR", "stock_qty": stock}))
        .await;
    product
}

/// The field names of a 422's `errors`.
pub fn error_fields(body: &Value) -> Vec<String> {
    body["errors"].as_array().into_iter().flatten().filter_map(|e| e["field"].as_str().map(str::to_owned)).collect()
}

/// The titles of a page's items.
pub fn titles(page: &Value) -> Vec<String> {
    page["items"].as_array().into_iter().flatten().filter_map(|p| p["title"].as_str().map(str::to_owned)).collect()
}
