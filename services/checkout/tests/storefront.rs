//! The storefront's commerce pages (cart, checkout, receipt) driven through
//! the checkout router as a browser without JavaScript would: form posts,
//! cookies, 303s, against real PostgreSQL.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::Shop;
use uuid::Uuid;
use vitrine_testkit::TestResponse;

/// A browser: the cookies it was given, and the origin its forms come from.
struct Browser<'a> {
    shop: &'a Shop,
    cookies: BTreeMap<String, String>,
    origin: &'static str,
}

impl<'a> Browser<'a> {
    fn new(shop: &'a Shop) -> Self {
        Self { shop, cookies: BTreeMap::new(), origin: "http://shops.test" }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
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

    async fn get(&mut self, path: &str) -> TestResponse {
        let request = Request::builder()
            .uri(format!("/site/{}{path}", self.shop.slug))
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        let response = self.shop.client.send(request).await;
        self.keep(&response);
        response
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> TestResponse {
        let body: Vec<String> = form.iter().map(|(k, v)| format!("{k}={}", vitrine_storefront::encode(v))).collect();
        let request = Request::builder()
            .method(Method::POST)
            .uri(format!("/site/{}{path}", self.shop.slug))
            .header(header::COOKIE, self.cookie_header())
            .header(header::ORIGIN, self.origin)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.join("&")))
            .unwrap();
        let response = self.shop.client.send(request).await;
        self.keep(&response);
        response
    }
}

/// The value of the hidden idempotency key of a checkout page.
fn idempotency_key(html: &str) -> String {
    let after = html.split(r#"name="idempotency_key" value=""#).nth(1).expect("a hidden idempotency key");
    after.split('"').next().unwrap().to_owned()
}

fn checkout_form<'a>(key: &'a str, card: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("idempotency_key", key),
        ("email", "ada@example.com"),
        ("name", "Ada <Lovelace>"),
        ("line1", "12 St James's Square"),
        ("line2", ""),
        ("city", "London"),
        ("postal_code", "SW1Y 4JH"),
        ("country", "gb"),
        ("card_number", card),
        ("exp_month", "12"),
        ("exp_year", "2030"),
        ("cvc", "123"),
    ]
}

#[tokio::test]
async fn a_shopper_adds_to_the_cart_is_declined_keeps_the_form_then_pays_and_sees_the_receipt() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    let mut browser = Browser::new(&shop);

    let added = browser.post("/cart/add", &[("variant_id", &shirt.to_string()), ("quantity", "2")]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text());
    assert_eq!(added.header("location"), Some("/site/linen-house/cart"));
    assert!(browser.cookies.contains_key("vitrine_cart") && browser.cookies.contains_key("vitrine_visitor"));

    let cart = browser.get("/cart").await;
    assert_eq!(cart.status, StatusCode::OK);
    let html = cart.text();
    assert!(html.contains("Linen Shirt") && html.contains("78.00") && html.contains(r#"value="2""#), "{html}");
    assert!(html.contains(r#"aria-label="2 items">2</span>"#));
    assert_eq!(cart.header("cache-control"), Some("no-store"));
    assert!(cart.header("content-security-policy").is_some_and(|csp| csp.contains("default-src 'none'")));

    let page = browser.get("/checkout").await;
    assert_eq!(page.status, StatusCode::OK);
    let key = idempotency_key(&page.text());
    let declined = browser.post("/checkout", &checkout_form(&key, "4000000000000002")).await;
    assert_eq!(declined.status, StatusCode::PAYMENT_REQUIRED, "{}", declined.text());
    let html = declined.text();
    assert!(html.contains("The card was declined. Nothing was charged."), "{html}");
    assert!(html.contains(r#"value="ada@example.com""#) && html.contains(r#"value="Ada &lt;Lovelace&gt;""#));
    assert!(!html.contains("4000000000000002"), "the card number is never sent back");
    assert_eq!(shop.stock(shirt).await, 5, "a declined checkout takes no stock");

    let key = idempotency_key(&html);
    let paid = browser.post("/checkout", &checkout_form(&key, "4242424242424242")).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let receipt = paid.header("location").unwrap().to_owned();
    assert!(receipt.starts_with("/site/linen-house/orders/"));
    assert!(!browser.cookies.contains_key("vitrine_cart"), "the paid cart's cookie is removed");
    assert_eq!(shop.stock(shirt).await, 3);

    let page = browser.get(receipt.trim_start_matches("/site/linen-house")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("Order #1001") && html.contains("78.00") && html.contains("ending in 4242"), "{html}");
    assert!(html.contains("Ada &lt;Lovelace&gt;") && html.contains("GB"));
    let visitor = &browser.cookies["vitrine_visitor"];
    let key: String =
        sqlx::query_scalar("SELECT experiment_key FROM checkout.orders").fetch_one(&shop.admin).await.unwrap();
    assert_eq!(&key, visitor, "the visitor key is the order's experiment key");
}

#[tokio::test]
async fn a_double_submitted_checkout_form_pays_once() {
    let shop = Shop::new().await;
    let shirt = shop.variant("10.00", "EUR", 5).await;
    let mut browser = Browser::new(&shop);
    browser.post("/cart/add", &[("variant_id", &shirt.to_string()), ("quantity", "1")]).await;
    let key = idempotency_key(&browser.get("/checkout").await.text());
    let cart = browser.cookies["vitrine_cart"].clone();

    let first = browser.post("/checkout", &checkout_form(&key, "4242424242424242")).await;
    browser.cookies.insert("vitrine_cart".to_owned(), cart);
    let second = browser.post("/checkout", &checkout_form(&key, "4242424242424242")).await;

    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    assert_eq!(first.header("location"), second.header("location"));
    assert_eq!(shop.count("SELECT count(*) FROM checkout.orders").await, 1);
    assert_eq!(shop.stock(shirt).await, 4);
}

#[tokio::test]
async fn out_of_stock_at_checkout_names_the_line_and_what_is_left() {
    let shop = Shop::new().await;
    let shirt = shop.variant("10.00", "EUR", 3).await;
    let mut browser = Browser::new(&shop);
    browser.post("/cart/add", &[("variant_id", &shirt.to_string()), ("quantity", "3")]).await;
    let key = idempotency_key(&browser.get("/checkout").await.text());
    sqlx::query("UPDATE site.variants SET stock_qty = 1 WHERE id = $1").bind(shirt).execute(&shop.admin).await.unwrap();

    let page = browser.post("/checkout", &checkout_form(&key, "4242424242424242")).await;

    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.text());
    let html = page.text();
    assert!(html.contains("Linen Shirt (size: M): you asked for 3, only 1 left."), "{html}");
    assert!(html.contains(r#"value="London""#));
}

#[tokio::test]
async fn invalid_fields_and_a_code_that_does_not_apply_are_shown_on_the_page() {
    let shop = Shop::new().await;
    let shirt = shop.variant("10.00", "EUR", 3).await;
    let mut browser = Browser::new(&shop);
    browser.post("/cart/add", &[("variant_id", &shirt.to_string()), ("quantity", "1")]).await;

    let code = browser.post("/cart/discount", &[("code", "NOPE<1>")]).await;
    assert_eq!(code.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(code.text().contains("Discount code: is not a code of this shop"), "{}", code.text());

    let key = idempotency_key(&browser.get("/checkout").await.text());
    let mut form = checkout_form(&key, "4242424242424241");
    form.retain(|(k, _)| *k != "email");
    form.push(("email", "not-an-email"));
    form.retain(|(k, _)| *k != "exp_month");
    form.push(("exp_month", "december"));
    let page = browser.post("/checkout", &form).await;

    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.text());
    let html = page.text();
    assert!(html.contains(r#"id="exp_month-error""#), "{html}");
    assert!(html.contains(r#"value="december""#) && html.contains(r#"value="not-an-email""#));

    let mut form = checkout_form(&key, "4242424242424241");
    form.retain(|(k, _)| *k != "email");
    form.push(("email", "not-an-email"));
    let page = browser.post("/checkout", &form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.text());
    let html = page.text();
    assert!(html.contains(r#"id="email-error""#) && html.contains(r#"id="card_number-error""#), "{html}");
}

#[tokio::test]
async fn quantity_changes_and_removal_update_the_cart() {
    let shop = Shop::new().await;
    let shirt = shop.variant("10.00", "EUR", 3).await;
    let mut browser = Browser::new(&shop);
    browser.post("/cart/add", &[("variant_id", &shirt.to_string()), ("quantity", "1")]).await;
    let line: Uuid = sqlx::query_scalar("SELECT id FROM checkout.cart_lines").fetch_one(&shop.admin).await.unwrap();

    let too_many = browser.post(&format!("/cart/lines/{line}"), &[("quantity", "4")]).await;
    let changed = browser.post(&format!("/cart/lines/{line}"), &[("quantity", "3")]).await;
    let after_change = browser.get("/cart").await.text();
    let removed = browser.post(&format!("/cart/lines/{line}/remove"), &[]).await;
    let after_removal = browser.get("/cart").await.text();

    assert_eq!(too_many.status, StatusCode::CONFLICT);
    assert!(too_many.text().contains("Only 3 left: you asked for 4."), "{}", too_many.text());
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert!(after_change.contains("30.00") && after_change.contains(r#"aria-label="3 items""#));
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(after_removal.contains("Your cart is empty"));
}

#[tokio::test]
async fn form_posts_from_another_origin_are_refused() {
    let shop = Shop::new().await;
    let shirt = shop.variant("10.00", "EUR", 3).await;
    let mut browser = Browser::new(&shop);
    browser.origin = "https://evil.example";

    let add = browser.post("/cart/add", &[("variant_id", &shirt.to_string()), ("quantity", "1")]).await;
    let checkout = browser.post("/checkout", &checkout_form("k", "4242424242424242")).await;

    assert_eq!(add.status, StatusCode::FORBIDDEN);
    assert_eq!(checkout.status, StatusCode::FORBIDDEN);
    assert_eq!(shop.count("SELECT count(*) FROM checkout.carts").await, 0);
}

#[tokio::test]
async fn shop_cookies_are_http_only_lax_and_scoped_to_the_shop() {
    let shop = Shop::new().await;
    let shirt = shop.variant("10.00", "EUR", 3).await;
    let mut browser = Browser::new(&shop);

    let added = browser.post("/cart/add", &[("variant_id", &shirt.to_string()), ("quantity", "1")]).await;

    let cookies: Vec<&str> = added.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(cookies.len(), 2, "{cookies:?}");
    for cookie in cookies {
        assert!(
            cookie.contains("; Path=/site/linen-house;") && cookie.ends_with("; HttpOnly; SameSite=Lax"),
            "{cookie}"
        );
        assert!(!cookie.contains("Secure"), "PUBLIC_URL is http here");
    }
    let again = browser.get("/cart").await;
    assert!(again.headers.get(header::SET_COOKIE).is_none(), "a known visitor keeps their key");
}

#[tokio::test]
async fn hostile_product_titles_are_escaped_on_the_cart_page() {
    let shop = Shop::new().await;
    let shirt = shop.variant("10.00", "EUR", 3).await;
    sqlx::query("UPDATE site.products SET title = '<script>alert(1)</script>'").execute(&shop.admin).await.unwrap();
    let mut browser = Browser::new(&shop);
    browser.post("/cart/add", &[("variant_id", &shirt.to_string()), ("quantity", "1")]).await;

    let html = browser.get("/cart").await.text();

    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[tokio::test]
async fn unknown_receipts_and_shops_are_404_pages() {
    let shop = Shop::new().await;
    let mut browser = Browser::new(&shop);

    let receipt = browser.get(&format!("/orders/{}", "a".repeat(43))).await;
    let nowhere = shop.client.get("/site/nowhere/cart", None).await;

    assert_eq!(receipt.status, StatusCode::NOT_FOUND);
    assert!(receipt.text().contains("This order isn"));
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_visitor_key_is_assigned_when_the_cart_is_made_and_converts_at_checkout() {
    let shop = Shop::new().await;
    let shirt = shop.variant("39.00", "EUR", 5).await;
    sqlx::query(
        "INSERT INTO experiment.experiments (id, site_id, name, status, traffic_split)
         VALUES ($1, $2, 'Hero', 'running', '{\"a\": 50, \"b\": 50}')",
    )
    .bind(Uuid::now_v7())
    .bind(shop.site)
    .execute(&shop.admin)
    .await
    .unwrap();
    let mut browser = Browser::new(&shop);
    browser.cookies.insert("vitrine_visitor".to_owned(), "VVVVVVVVVVVVVVVVVVVVVV".to_owned());

    browser.post("/cart/add", &[("variant_id", &shirt.to_string()), ("quantity", "2")]).await;
    let key = idempotency_key(&browser.get("/checkout").await.text());
    let paid = browser.post("/checkout", &checkout_form(&key, "4242424242424242")).await;

    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let cart_token =
        sqlx::query_scalar::<_, String>("SELECT token FROM checkout.carts").fetch_one(&shop.admin).await.unwrap();
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT user_key FROM experiment.variant_assignments").fetch_all(&shop.admin).await.unwrap();
    assert_eq!(keys, ["VVVVVVVVVVVVVVVVVVVVVV"], "the visitor, not the cart token ({cart_token}), is assigned");
    let metrics: Vec<(String, f64)> = sqlx::query_as(
        "SELECT metric_name, metric_value::float8 FROM experiment.metrics WHERE user_key = $1 ORDER BY metric_name",
    )
    .bind("VVVVVVVVVVVVVVVVVVVVVV")
    .fetch_all(&shop.admin)
    .await
    .unwrap();
    assert_eq!(metrics, [("conversion".to_owned(), 1.0), ("revenue".to_owned(), 78.0)]);
}

#[tokio::test]
async fn a_signed_in_shoppers_order_is_theirs_even_for_a_cart_made_before_signing_in() {
    let shop = Shop::new().await;
    let shirt = shop.variant("10.00", "EUR", 5).await;
    let customer = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO customer.customers (id, site_id, email, password_hash) VALUES ($1, $2, 'ada@example.com', 'x')",
    )
    .bind(customer)
    .bind(shop.site)
    .execute(&shop.admin)
    .await
    .unwrap();
    let mut browser = Browser::new(&shop);
    browser.post("/cart/add", &[("variant_id", &shirt.to_string()), ("quantity", "1")]).await;
    browser.cookies.insert("vitrine_shopper".to_owned(), vitrine_testkit::keys::shopper_token_for(customer, shop.site));

    let page = browser.get("/checkout").await;
    let key = idempotency_key(&page.text());
    let mut form = checkout_form(&key, "4242424242424242");
    form.retain(|(k, _)| *k != "email");
    let paid = browser.post("/checkout", &form).await;

    assert!(page.text().contains("My account"), "the header knows the shopper");
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let (owner, email): (Option<Uuid>, String) =
        sqlx::query_as("SELECT customer_id, email FROM checkout.orders").fetch_one(&shop.admin).await.unwrap();
    assert_eq!(owner, Some(customer));
    assert_eq!(email, "ada@example.com", "the account's e-mail when none is typed");
}

#[tokio::test]
async fn a_french_shop_shows_its_cart_checkout_and_receipt_in_french_formats_and_its_time_zone() {
    let shop = Shop::new().await;
    sqlx::query("UPDATE builder.sites SET language = 'fr', timezone = 'Pacific/Auckland' WHERE id = $1")
        .bind(shop.site)
        .execute(&shop.admin)
        .await
        .unwrap();
    let shirt = shop.variant("1039.50", "EUR", 5).await;
    let mut browser = Browser::new(&shop);
    browser.post("/cart/add", &[("variant_id", &shirt.to_string()), ("quantity", "2")]).await;

    let plain = |html: String| html.replace(['\u{a0}', '\u{202f}'], " ");
    let cart = plain(browser.get("/cart").await.text());
    let checkout = plain(browser.get("/checkout").await.text());
    let key = idempotency_key(&checkout);
    let paid = browser.post("/checkout", &checkout_form(&key, "4242424242424242")).await;
    let receipt = paid.header("location").unwrap().to_owned();
    let receipt = plain(browser.get(receipt.trim_start_matches("/site/linen-house")).await.text());

    for html in [&cart, &checkout, &receipt] {
        assert!(html.contains(r#"<html lang="fr">"#), "{html}");
        assert!(html.contains("2 079,00 €") && !html.contains("2079.00"), "{html}");
    }
    assert!(checkout.contains("Pay 2 079,00 €"), "{checkout}");
    // The order's date as the shop's clock tells it (Auckland is 11 to 13 hours ahead of UTC).
    let created: time::OffsetDateTime =
        sqlx::query_scalar("SELECT created_at FROM checkout.orders").fetch_one(&shop.admin).await.unwrap();
    let local = vitrine_storefront::Locale::of("fr").datetime(created, "Pacific/Auckland").replace('\u{a0}', " ");
    assert!(receipt.contains(&local), "{local} in {receipt}");
}
