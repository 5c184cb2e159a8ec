//! What the checkout tests share: a checkout app on a fresh database, a
//! catalog arranged in the site's tables, and request helpers.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;
use vitrine_checkout::{AppState, Config, PaymentProvider, SimulatedCards};
use vitrine_common::config::TokenConfig;
use vitrine_common::db::PoolSettings;
use vitrine_common::shopper::ShopperTokenConfig;
use vitrine_testkit::{Merchant, TestClient, TestDb, TestResponse, keys};

pub fn config() -> Config {
    Config {
        tokens: TokenConfig {
            jwt_public_key: Some(keys::pair().public_pem.clone()),
            jwt_public_key_file: None,
            jwt_issuer: keys::ISSUER.to_owned(),
            jwt_audience: keys::AUDIENCE.to_owned(),
        },
        shoppers: ShopperTokenConfig {
            shopper_jwt_public_key: Some(keys::shopper_pair().public_pem.clone()),
            shopper_jwt_public_key_file: None,
            shopper_jwt_issuer: keys::SHOPPER_ISSUER.to_owned(),
        },
        public: vitrine_common::config::PublicUrlConfig { public_url: "http://shops.test".to_owned() },
    }
}

/// A checkout app acting as its role on `pool`, charging through `provider`.
pub fn app(pool: PgPool, provider: Arc<dyn PaymentProvider>) -> TestClient {
    let state = AppState::new(&config(), pool, provider).expect("checkout state");
    TestClient::new(vitrine_common::server::stack(vitrine_checkout::app(state), Duration::from_secs(30)))
}

/// A shop: a fresh database, a merchant, one live site, the app.
pub struct Shop {
    pub client: TestClient,
    pub db: TestDb,
    pub admin: PgPool,
    pub pool: PgPool,
    pub owner: Merchant,
    pub site: Uuid,
    pub slug: String,
}

impl Shop {
    pub async fn new() -> Self {
        Self::with_provider(Arc::new(SimulatedCards)).await
    }

    pub async fn with_provider(provider: Arc<dyn PaymentProvider>) -> Self {
        let db = TestDb::new().await;
        Self::on(db, provider).await
    }

    pub async fn on(db: TestDb, provider: Arc<dyn PaymentProvider>) -> Self {
        let pool = db.pool_for(vitrine_checkout::DB);
        Self::with_pool(db, pool, provider).await
    }

    /// A shop whose app has a pool large and patient enough for a race of
    /// concurrent checkouts (as a deployment would size it).
    pub async fn for_races() -> Self {
        let db = TestDb::new().await;
        let settings = PoolSettings { max_connections: 24, acquire_timeout: Duration::from_secs(30) };
        let pool = vitrine_common::db::pool(vitrine_checkout::DB.as_role_of(&db.admin_options()), settings);
        Self::with_pool(db, pool, Arc::new(SimulatedCards)).await
    }

    pub async fn with_pool(db: TestDb, pool: PgPool, provider: Arc<dyn PaymentProvider>) -> Self {
        let owner = db.merchant("alice").await;
        let site = db.site(&owner, "linen-house").await;
        let client = app(pool.clone(), provider);
        let admin = db.admin_pool();
        Self { client, db, admin, pool, owner, site, slug: "linen-house".to_owned() }
    }

    /// Another site (of another merchant) on the same database.
    pub async fn other_site(&self, slug: &str) -> Uuid {
        let bob = self.db.merchant(&format!("bob-{slug}")).await;
        self.db.site(&bob, slug).await
    }

    /// A product with one variant, arranged in the site's tables.
    pub async fn variant(&self, price: &str, currency: &str, stock: i32) -> Uuid {
        variant_on(&self.admin, self.site, price, currency, stock).await
    }

    pub async fn stock(&self, variant: Uuid) -> i32 {
        sqlx::query_scalar("SELECT stock_qty FROM site.variants WHERE id = $1")
            .bind(variant)
            .fetch_one(&self.admin)
            .await
            .unwrap()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.admin).await.unwrap()
    }

    /// A promotion of the site, arranged in the promotion's table.
    pub async fn promotion(
        &self,
        code: &str,
        kind: &str,
        value: &str,
        currency: Option<&str>,
        limit: Option<i32>,
    ) -> Uuid {
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO promotion.promotions (id, site_id, code, kind, value, currency, active, usage_limit)
             VALUES ($1, $2, $3, $4, $5::numeric, $6, true, $7)",
        )
        .bind(id)
        .bind(self.site)
        .bind(code)
        .bind(kind)
        .bind(value)
        .bind(currency)
        .bind(limit)
        .execute(&self.admin)
        .await
        .unwrap();
        id
    }

    pub async fn times_used(&self, promotion: Uuid) -> i32 {
        sqlx::query_scalar("SELECT times_used FROM promotion.promotions WHERE id = $1")
            .bind(promotion)
            .fetch_one(&self.admin)
            .await
            .unwrap()
    }

    pub fn carts(&self) -> String {
        format!("/api/checkout/public/{}/carts", self.slug)
    }

    pub fn cart_url(&self, token: &str) -> String {
        format!("/api/checkout/public/{}/carts/{token}", self.slug)
    }

    /// A new cart with `lines` of `(variant, quantity)`; its token.
    pub async fn cart(&self, lines: &[(Uuid, i64)]) -> String {
        let lines: Vec<Value> = lines.iter().map(|(v, q)| json!({"variant_id": v, "quantity": q})).collect();
        let response = self.client.post(&self.carts(), None, json!({"lines": lines})).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
        response.json()["token"].as_str().unwrap().to_owned()
    }

    /// Checks the cart out with `card`, under a fresh idempotency key.
    pub async fn checkout(&self, token: &str, card: &str) -> TestResponse {
        self.checkout_with(token, &Uuid::now_v7().to_string(), &checkout_body(card), None).await
    }

    pub async fn checkout_with(&self, token: &str, key: &str, body: &Value, bearer: Option<&str>) -> TestResponse {
        checkout_on(&self.client, &self.cart_url(token), Some(key), body, bearer).await
    }
}

pub async fn variant_on(admin: &PgPool, site: Uuid, price: &str, currency: &str, stock: i32) -> Uuid {
    let product = Uuid::now_v7();
    let variant = Uuid::now_v7();
    let slug = format!("p-{}", product.simple());
    sqlx::query(
        "INSERT INTO site.products (id, site_id, title, slug, min_price, currency)
         VALUES ($1, $2, 'Linen Shirt', $3, $4::numeric, $5)",
    )
    .bind(product)
    .bind(site)
    .bind(&slug)
    .bind(price)
    .bind(currency)
    .execute(admin)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO site.variants (id, site_id, product_id, sku, attributes, price, currency, stock_qty)
         VALUES ($1, $2, $3, $4, '{\"size\": \"M\"}', $5::numeric, $6, $7)",
    )
    .bind(variant)
    .bind(site)
    .bind(product)
    .bind(format!("SKU-{}", variant.simple()))
    .bind(price)
    .bind(currency)
    .bind(stock)
    .execute(admin)
    .await
    .unwrap();
    variant
}

pub fn checkout_body(card: &str) -> Value {
    json!({
        "email": "ada@example.com",
        "shipping_address": {
            "name": "Ada Lovelace", "line1": "12 St James's Square", "city": "London",
            "postal_code": "SW1Y 4JH", "country": "GB"
        },
        "payment": {"card_number": card, "exp_month": 12, "exp_year": 2030, "cvc": "123"}
    })
}

/// POST a checkout with an optional `Idempotency-Key` and bearer token.
pub async fn checkout_on(
    client: &TestClient,
    cart_url: &str,
    key: Option<&str>,
    body: &Value,
    bearer: Option<&str>,
) -> TestResponse {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(format!("{cart_url}/checkout"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    if let Some(bearer) = bearer {
        request = request.header(header::AUTHORIZATION, format!("Bearer {bearer}"));
    }
    client.send(request.body(Body::from(body.to_string())).unwrap()).await
}

pub fn dec(value: &Value) -> Decimal {
    value.as_str().unwrap_or_else(|| panic!("not a decimal string: {value}")).parse().unwrap()
}
