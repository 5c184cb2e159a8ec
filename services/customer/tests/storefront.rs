//! The storefront's account pages (sign up, sign in, my orders, sign out)
//! driven through the customer router as a browser without JavaScript would.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use uuid::Uuid;
use vitrine_common::config::TokenConfig;
use vitrine_common::shopper::ShopperTokenConfig;
use vitrine_customer::Config;
use vitrine_testkit::{TestClient, TestDb, TestResponse, keys};

fn config() -> Config {
    Config {
        tokens: TokenConfig {
            jwt_public_key: Some(keys::pair().public_pem.clone()),
            jwt_public_key_file: None,
            jwt_issuer: keys::ISSUER.to_owned(),
            jwt_audience: keys::AUDIENCE.to_owned(),
        },
        shopper_tokens: ShopperTokenConfig {
            shopper_jwt_public_key: Some(keys::shopper_pair().public_pem.clone()),
            shopper_jwt_public_key_file: None,
            shopper_jwt_issuer: keys::SHOPPER_ISSUER.to_owned(),
        },
        signing: vitrine_customer::config::SigningConfig {
            shopper_jwt_private_key: Some(keys::shopper_pair().private_pem.clone()),
            shopper_jwt_private_key_file: None,
            shopper_token_ttl_secs: 3600,
        },
        password_hash_concurrency: 2,
        public_url: Some("http://shops.test".to_owned()),
    }
}

struct Browser {
    client: TestClient,
    cookies: BTreeMap<String, String>,
    origin: &'static str,
}

impl Browser {
    fn new(client: TestClient) -> Self {
        Self { client, cookies: BTreeMap::new(), origin: "http://shops.test" }
    }

    fn keep(&mut self, response: &TestResponse) {
        for value in response.headers.get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let (pair, attributes) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    async fn get(&mut self, uri: &str) -> TestResponse {
        let request =
            Request::builder().uri(uri).header(header::COOKIE, self.cookie_header()).body(Body::empty()).unwrap();
        let response = self.client.send(request).await;
        self.keep(&response);
        response
    }

    async fn post(&mut self, uri: &str, form: &[(&str, &str)]) -> TestResponse {
        let body: Vec<String> = form.iter().map(|(k, v)| format!("{k}={}", vitrine_storefront::encode(v))).collect();
        let request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::COOKIE, self.cookie_header())
            .header(header::ORIGIN, self.origin)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.join("&")))
            .unwrap();
        let response = self.client.send(request).await;
        self.keep(&response);
        response
    }
}

async fn shop() -> (TestDb, Uuid, Browser, Browser) {
    let db = TestDb::new().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "linen-house").await;
    let browser = || {
        let state = config().state(db.pool_for(vitrine_customer::DB)).expect("customer state");
        Browser::new(TestClient::new(vitrine_common::server::stack(
            vitrine_customer::app(state),
            Duration::from_secs(30),
        )))
    };
    let (first, second) = (browser(), browser());
    (db, site, first, second)
}

/// An order of `customer` (arranged in checkout's table).
async fn order(db: &TestDb, site: Uuid, customer: Option<Uuid>, number: i32, status: &str) -> String {
    let token = format!("{number:0>43}");
    sqlx::query(
        "INSERT INTO checkout.orders (id, site_id, number, status, email, customer_id, currency, subtotal, total, token)
         VALUES ($1, $2, $3, $4, 'x@example.com', $5, 'EUR', 12.5, 12.5, $6)",
    )
    .bind(Uuid::now_v7())
    .bind(site)
    .bind(number)
    .bind(status)
    .bind(customer)
    .bind(&token)
    .execute(&db.admin_pool())
    .await
    .unwrap();
    token
}

async fn customer_id(db: &TestDb, email: &str) -> Uuid {
    sqlx::query_scalar("SELECT id FROM customer.customers WHERE email = $1")
        .bind(email)
        .fetch_one(&db.admin_pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_shopper_signs_up_signs_in_and_sees_only_their_own_orders() {
    let (db, site, mut ada, mut bob) = shop().await;

    let signed_up = ada
        .post(
            "/site/linen-house/account/sign-up",
            &[("name", "Ada <L>"), ("email", "ada@example.com"), ("password", "correct horse")],
        )
        .await;
    assert_eq!(signed_up.status, StatusCode::SEE_OTHER, "{}", signed_up.text());
    assert_eq!(signed_up.header("location"), Some("/site/linen-house/account"));
    let cookie = signed_up
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("vitrine_shopper="))
        .expect("a shopper cookie");
    assert!(cookie.contains("; Path=/site/linen-house;") && cookie.ends_with("; HttpOnly; SameSite=Lax"), "{cookie}");

    bob.post("/site/linen-house/account/sign-up", &[("email", "bob@example.com"), ("password", "battery staple")])
        .await;
    let ada_id = customer_id(&db, "ada@example.com").await;
    let bob_id = customer_id(&db, "bob@example.com").await;
    let paid = order(&db, site, Some(ada_id), 1001, "paid").await;
    order(&db, site, Some(ada_id), 1002, "pending_payment").await;
    order(&db, site, Some(bob_id), 1003, "fulfilled").await;
    order(&db, site, None, 1004, "paid").await;

    let page = ada.get("/site/linen-house/account").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("Ada &lt;L&gt;") && !html.contains("Ada <L>"), "{html}");
    assert!(html.contains(&format!(r#"href="/site/linen-house/orders/{paid}">#1001</a>"#)), "{html}");
    assert!(html.contains("12.50") && html.contains("Paid"));
    assert!(!html.contains("#1002") && !html.contains("#1003") && !html.contains("#1004"), "{html}");
    let bobs = bob.get("/site/linen-house/account").await.text();
    assert!(bobs.contains("#1003") && !bobs.contains("#1001"), "{bobs}");

    let signed_out = ada.post("/site/linen-house/account/sign-out", &[]).await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);
    assert!(!ada.cookies.contains_key("vitrine_shopper"));
    let again = ada.get("/site/linen-house/account").await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(again.header("location"), Some("/site/linen-house/account/sign-in"));

    let wrong =
        ada.post("/site/linen-house/account/sign-in", &[("email", "ada@example.com"), ("password", "nope nope")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong.text().contains("The e-mail or the password is not right.")
            && wrong.text().contains(r#"value="ada@example.com""#)
    );
    let right = ada
        .post("/site/linen-house/account/sign-in", &[("email", "ada@example.com"), ("password", "correct horse")])
        .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);
    assert!(ada.get("/site/linen-house/account").await.text().contains("#1001"));
}

#[tokio::test]
async fn sign_up_errors_are_shown_with_the_email_kept_and_the_password_not() {
    let (_db, _site, mut ada, _) = shop().await;

    let page =
        ada.post("/site/linen-house/account/sign-up", &[("email", "ada@example.com"), ("password", "short")]).await;

    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.text());
    let html = page.text();
    assert!(html.contains("Password: ") && html.contains(r#"value="ada@example.com""#), "{html}");
    assert!(!html.contains("short\""));
    assert!(!ada.cookies.contains_key("vitrine_shopper"));
}

#[tokio::test]
async fn account_forms_posted_from_another_origin_are_refused() {
    let (db, _site, mut ada, _) = shop().await;
    ada.origin = "https://evil.example";

    let page = ada
        .post("/site/linen-house/account/sign-up", &[("email", "ada@example.com"), ("password", "correct horse")])
        .await;

    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM customer.customers").fetch_one(&db.admin_pool()).await.unwrap();
    assert_eq!(count, 0);
}
