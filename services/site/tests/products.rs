//! Issue 22's product editor fixes, against real PostgreSQL: a product and
//! its variants in one request (all or nothing), generated SKUs, attributes in
//! the order typed, unique sibling category names, old product slugs that
//! redirect.

mod support;

use axum::http::StatusCode;
use serde_json::{Value, json};
use support::{app, category, error_fields, product, variant};

fn products_uri(site: uuid::Uuid) -> String {
    format!("/api/site/sites/{site}/products")
}

/// How many products the site has, as its owner lists them.
async fn product_count(client: &vitrine_testkit::TestClient, token: &str, site: uuid::Uuid) -> usize {
    let page = client.get(&products_uri(site), Some(token)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    page.json()["items"].as_array().map_or(0, Vec::len)
}

/// Sends `body` as typed: `json!` would sort an object's keys, and their
/// order is what some tests are about.
async fn send_raw(
    client: &vitrine_testkit::TestClient,
    method: &str,
    uri: &str,
    token: &str,
    body: &str,
) -> vitrine_testkit::TestResponse {
    let request = axum::http::Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body.to_owned()))
        .expect("a request");
    client.send(request).await
}

/// Where `needle` first appears in `text` (panics if absent).
fn at(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("{needle} not in {text}"))
}

// ---- a product with its variants, all or nothing ---------------------------

#[tokio::test]
async fn a_product_is_created_with_its_variants_in_one_request() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;

    let created = client
        .post(
            &products_uri(shop),
            Some(&alice.token),
            json!({"title": "Linen shirt", "variants": [
                {"sku": "LS-M", "attributes": {"size": "M"}, "price": "59.90", "currency": "EUR", "stock_qty": 3},
                {"sku": "LS-L", "attributes": {"size": "L"}, "price": "54.90", "currency": "EUR"},
            ]}),
        )
        .await;

    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let body = created.json();
    let variants = body["variants"].as_array().expect("variants");
    assert_eq!(variants.len(), 2);
    assert_eq!(variants[0]["sku"], "LS-L", "cheapest first");
    assert_eq!(variants[0]["stock_qty"], 0, "stock defaults to 0");
    assert_eq!(variants[1]["price"], "59.90");
    // Listed on the storefront at once, at its cheapest price.
    let public = client.get("/api/site/public/shop/products/linen-shirt", None).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text());
    assert_eq!(public.json()["variants"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn a_product_whose_variant_is_refused_is_not_created_at_all() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let existing = product(&client, &alice.token, shop, json!({"title": "Mug"})).await;
    variant(&client, &alice.token, shop, &existing, json!({"sku": "TAKEN", "price": "5", "currency": "EUR"})).await;

    let taken_sku = client
        .post(
            &products_uri(shop),
            Some(&alice.token),
            json!({"title": "Shirt", "variants": [
                {"sku": "SHIRT-S", "price": "10.00", "currency": "EUR"},
                {"sku": "TAKEN", "price": "10.00", "currency": "EUR"},
            ]}),
        )
        .await;
    let currency_typo = client
        .post(
            &products_uri(shop),
            Some(&alice.token),
            json!({"title": "Shirt", "variants": [
                {"sku": "SHIRT-S", "price": "10.00", "currency": "EUR"},
                {"sku": "SHIRT-M", "price": "10.00", "currency": "EUX"},
            ]}),
        )
        .await;
    let two_currencies = client
        .post(
            &products_uri(shop),
            Some(&alice.token),
            json!({"title": "Shirt", "variants": [
                {"sku": "SHIRT-S", "price": "10.00", "currency": "EUR"},
                {"sku": "SHIRT-M", "price": "10.00", "currency": "USD"},
            ]}),
        )
        .await;
    let same_sku_twice = client
        .post(
            &products_uri(shop),
            Some(&alice.token),
            json!({"title": "Shirt", "variants": [
                {"sku": "SHIRT-S", "price": "10.00", "currency": "EUR"},
                {"sku": "SHIRT-S", "price": "12.00", "currency": "EUR"},
            ]}),
        )
        .await;
    let bad_fields = client
        .post(
            &products_uri(shop),
            Some(&alice.token),
            json!({"title": " ", "variants": [
                {"sku": "A B", "price": "1.234", "currency": "EUR", "stock_qty": -1},
            ]}),
        )
        .await;
    let not_an_object = client
        .post(
            &products_uri(shop),
            Some(&alice.token),
            json!({"title": "Shirt", "variants": [{"attributes": ["M"], "price": "1", "currency": "EUR"}]}),
        )
        .await;

    assert_eq!(error_fields(&taken_sku.assert_problem(StatusCode::CONFLICT)), ["variants[1].sku"]);
    assert_eq!(error_fields(&currency_typo.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["variants[1].currency"]);
    assert_eq!(
        error_fields(&two_currencies.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)),
        ["variants[1].currency"]
    );
    assert_eq!(error_fields(&same_sku_twice.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["variants[1].sku"]);
    assert_eq!(
        error_fields(&bad_fields.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)),
        ["title", "variants[0].sku", "variants[0].price", "variants[0].stock_qty"]
    );
    assert_eq!(
        error_fields(&not_an_object.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)),
        ["variants[0].attributes"]
    );
    assert_eq!(product_count(&client, &alice.token, shop).await, 1, "only the mug: no half-created shirt");
    // The slug the refused shirt would have had is still free.
    let shirt = product(&client, &alice.token, shop, json!({"title": "Shirt"})).await;
    assert_eq!(shirt["slug"], "shirt");
}

// ---- generated SKUs ---------------------------------------------------------

#[tokio::test]
async fn a_variant_without_a_sku_gets_one_from_the_slug_and_its_options_unique_in_the_site() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;

    // The third is named as the fourth's generated SKU would be: the generated one moves aside.
    let created = send_raw(
        &client,
        "POST",
        &products_uri(shop),
        &alice.token,
        r#"{"title": "Linen shirt", "variants": [
            {"attributes": {"size": "M", "colour": "Bleu ciel"}, "price": "10", "currency": "EUR"},
            {"sku": "", "attributes": {"size": "L", "colour": "Bleu ciel"}, "price": "10", "currency": "EUR"},
            {"sku": "LINEN-SHIRT-S", "attributes": {"size": "S"}, "price": "10", "currency": "EUR"},
            {"attributes": {"size": "S"}, "price": "10", "currency": "EUR"}
        ]}"#,
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let created = created.json();
    let again = product(&client, &alice.token, shop, json!({"title": "Linen shirt"})).await;
    let variants_uri = format!("{}/{}/variants", products_uri(shop), again["id"].as_str().unwrap());
    let body = r#"{"attributes": {"size": "M", "colour": "Bleu ciel"}, "price": "9", "currency": "EUR"}"#;
    let on_its_own = send_raw(&client, "POST", &variants_uri, &alice.token, body).await.json();
    let plain = variant(&client, &alice.token, shop, &again, json!({"price": "9", "currency": "EUR"})).await;

    let mut skus: Vec<&str> =
        created["variants"].as_array().unwrap().iter().map(|v| v["sku"].as_str().unwrap()).collect();
    skus.sort_unstable();
    assert_eq!(skus, ["LINEN-SHIRT-L-BLEU-CIEL", "LINEN-SHIRT-M-BLEU-CIEL", "LINEN-SHIRT-S", "LINEN-SHIRT-S-2"]);
    assert_eq!(again["slug"], "linen-shirt-2");
    assert_eq!(on_its_own["sku"], "LINEN-SHIRT-2-M-BLEU-CIEL");
    assert_eq!(plain["sku"], "LINEN-SHIRT-2");
}

// ---- attribute order --------------------------------------------------------

#[tokio::test]
async fn attributes_keep_the_order_they_were_typed_in() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    // jsonb alone would answer "fit, size, colour" (shortest key first).
    let shirt = product(&client, &alice.token, shop, json!({"title": "Shirt"})).await;
    let body = r#"{"sku": "S-1", "attributes": {"size": "M", "colour": "Blue", "fit": "Slim"}, "price": "10", "currency": "EUR"}"#;
    let request =
        axum::http::Request::post(format!("{}/{}/variants", products_uri(shop), shirt["id"].as_str().unwrap()))
            .header("authorization", format!("Bearer {}", alice.token))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body))
            .unwrap();
    let created = client.send(request).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());

    let merchant =
        client.get(&format!("{}/{}", products_uri(shop), shirt["id"].as_str().unwrap()), Some(&alice.token)).await;
    let public = client.get("/api/site/public/shop/products/shirt", None).await;
    let page = client.get("/site/shop/products/shirt", None).await;

    for text in [created.text(), merchant.text(), public.text()] {
        assert!(
            at(&text, r#""size""#) < at(&text, r#""colour""#) && at(&text, r#""colour""#) < at(&text, r#""fit""#),
            "{text}"
        );
    }
    let html = page.text();
    assert!(
        at(&html, "<b>size</b>") < at(&html, "<b>colour</b>") && at(&html, "<b>colour</b>") < at(&html, "<b>fit</b>")
    );

    // Replacing them keeps the new order.
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let request =
        axum::http::Request::patch(format!("{}/{}/variants/{id}", products_uri(shop), shirt["id"].as_str().unwrap()))
            .header("authorization", format!("Bearer {}", alice.token))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(r#"{"attributes": {"zip": "yes", "colour": "Red"}}"#))
            .unwrap();
    let patched = client.send(request).await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text());
    let text = patched.text();
    assert!(at(&text, r#""zip""#) < at(&text, r#""colour""#), "{text}");
    assert!(!text.contains(r#""size""#), "{text}");

    // A row written before the order was kept lists its members by name,
    // on the merchant API and on the public one alike.
    let admin = db.admin_pool();
    sqlx::query("UPDATE site.variants SET attributes = $2, attribute_order = '{}' WHERE id = $1::uuid")
        .bind(&id)
        .bind(json!({"size": "M", "colour": "Blue", "fit": "Slim"}))
        .execute(&admin)
        .await
        .unwrap();
    let merchant =
        client.get(&format!("{}/{}", products_uri(shop), shirt["id"].as_str().unwrap()), Some(&alice.token)).await;
    let public = client.get("/api/site/public/shop/products?limit=5", None).await;
    for text in [merchant.text(), public.text()] {
        assert!(
            at(&text, r#""colour""#) < at(&text, r#""fit""#) && at(&text, r#""fit""#) < at(&text, r#""size""#),
            "{text}"
        );
    }
}

// ---- category names ---------------------------------------------------------

#[tokio::test]
async fn category_names_are_unique_among_siblings_ignoring_case() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let other = db.site(&alice, "other").await;
    let clothes = category(&client, &alice.token, shop, json!({"name": "Clothes"})).await;
    let shoes = category(&client, &alice.token, shop, json!({"name": "Shoes"})).await;
    let shirts = category(&client, &alice.token, shop, json!({"name": "Shirts", "parent_id": clothes["id"]})).await;
    let uri = format!("/api/site/sites/{shop}/categories");

    let top_level = client.post(&uri, Some(&alice.token), json!({"name": "clothes"})).await;
    let sibling = client.post(&uri, Some(&alice.token), json!({"name": "SHIRTS", "parent_id": clothes["id"]})).await;
    let renamed = client
        .patch(&format!("{uri}/{}", shoes["id"].as_str().unwrap()), Some(&alice.token), json!({"name": "CLOTHES"}))
        .await;
    let moved = client
        .patch(
            &format!("{uri}/{}", shirts["id"].as_str().unwrap()),
            Some(&alice.token),
            json!({"parent_id": null, "name": "shoes"}),
        )
        .await;
    // The same name elsewhere in the tree, or in another site, is fine.
    category(&client, &alice.token, shop, json!({"name": "Shirts", "parent_id": shoes["id"]})).await;
    category(&client, &alice.token, other, json!({"name": "Clothes"})).await;

    for refused in [top_level, sibling, renamed, moved] {
        let problem = refused.assert_problem(StatusCode::CONFLICT);
        assert_eq!(error_fields(&problem), ["name"], "{problem}");
    }
    let page = client.get(&uri, Some(&alice.token)).await.json();
    let names: Vec<&str> = page["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Clothes", "Shirts", "Shirts", "Shoes"]);
}

// ---- old product slugs ------------------------------------------------------

async fn rename(client: &vitrine_testkit::TestClient, token: &str, site: uuid::Uuid, product: &Value, slug: &str) {
    let response = client
        .patch(
            &format!("{}/{}", products_uri(site), product["id"].as_str().expect("an id")),
            Some(token),
            json!({"slug": slug}),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
}

#[tokio::test]
async fn an_old_product_slug_redirects_to_the_current_one() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let shirt = support::priced(&client, &alice.token, shop, "Shirt", "10.00", 3).await;
    assert_eq!(shirt["slug"], "shirt");

    rename(&client, &alice.token, shop, &shirt, "linen-shirt").await;
    rename(&client, &alice.token, shop, &shirt, "linen-shirt-blue").await;
    // A title change alone keeps the slug and adds no redirect.
    client
        .patch(
            &format!("{}/{}", products_uri(shop), shirt["id"].as_str().unwrap()),
            Some(&alice.token),
            json!({"title": "Blue"}),
        )
        .await;

    for old in ["shirt", "linen-shirt"] {
        let page = client.get(&format!("/site/shop/products/{old}"), None).await;
        assert_eq!(page.status, StatusCode::MOVED_PERMANENTLY, "{old}: {}", page.text());
        assert_eq!(page.header("location"), Some("/site/shop/products/linen-shirt-blue"), "one hop from {old}");
        let api = client.get(&format!("/api/site/public/shop/products/{old}"), None).await;
        assert_eq!(api.status, StatusCode::MOVED_PERMANENTLY);
        assert_eq!(api.header("location"), Some("/api/site/public/shop/products/linen-shirt-blue"));
    }
    let current = client.get("/site/shop/products/linen-shirt-blue", None).await;
    assert_eq!(current.status, StatusCode::OK);
    let unknown = client.get("/site/shop/products/never-was", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let unknown = client.get("/api/site/public/shop/products/never-was", None).await;
    unknown.assert_problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_product_that_takes_an_old_slug_wins_over_its_redirect() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let shirt = support::priced(&client, &alice.token, shop, "Shirt", "10.00", 3).await;
    rename(&client, &alice.token, shop, &shirt, "old-shirt").await;

    // A new product created under the freed slug, and another renamed to an old one.
    let newcomer = support::priced(&client, &alice.token, shop, "Shirt", "12.00", 1).await;
    assert_eq!(newcomer["slug"], "shirt");
    let mug = support::priced(&client, &alice.token, shop, "Mug", "5.00", 1).await;
    rename(&client, &alice.token, shop, &mug, "cup").await;
    rename(&client, &alice.token, shop, &shirt, "classic-shirt").await;
    rename(&client, &alice.token, shop, &mug, "old-shirt").await;

    let shirt_page = client.get("/api/site/public/shop/products/shirt", None).await;
    assert_eq!(shirt_page.status, StatusCode::OK);
    assert_eq!(shirt_page.json()["id"], newcomer["id"]);
    let old_shirt = client.get("/api/site/public/shop/products/old-shirt", None).await;
    assert_eq!(old_shirt.status, StatusCode::OK);
    assert_eq!(old_shirt.json()["id"], mug["id"]);
    // The mug's own old slug still leads to it; deleting it ends its redirects.
    let cup = client.get("/site/shop/products/cup", None).await;
    assert_eq!(cup.header("location"), Some("/site/shop/products/old-shirt"));
    let deleted =
        client.delete(&format!("{}/{}", products_uri(shop), mug["id"].as_str().unwrap()), Some(&alice.token)).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let cup = client.get("/site/shop/products/cup", None).await;
    assert_eq!(cup.status, StatusCode::NOT_FOUND);
}
