//! The site service's HTTP contract, driven through its router against real
//! PostgreSQL (a fresh database per test).

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use support::{app, category, error_fields, priced, product, titles, variant};
use uuid::Uuid;
use vitrine_testkit::TestDb;

// ---- categories -----------------------------------------------------------

#[tokio::test]
async fn categories_form_a_tree_within_one_site() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let other = db.site(&alice, "other").await;
    let foreign = category(&client, &alice.token, other, json!({"name": "Elsewhere"})).await;

    let shoes = category(&client, &alice.token, shop, json!({"name": "  Shoes "})).await;
    let boots = category(&client, &alice.token, shop, json!({"name": "Boots", "parent_id": shoes["id"]})).await;
    let misplaced = client
        .post(
            &format!("/api/site/sites/{shop}/categories"),
            Some(&alice.token),
            json!({"name": "X", "parent_id": foreign["id"]}),
        )
        .await;

    assert_eq!(shoes["name"], "Shoes");
    assert_eq!(shoes["parent_id"], Value::Null);
    assert_eq!(boots["parent_id"], shoes["id"]);
    assert_eq!(error_fields(&misplaced.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["parent_id"]);
    let list = client.get(&format!("/api/site/sites/{shop}/categories"), Some(&alice.token)).await.json();
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_category_cannot_become_its_own_ancestor() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let a = category(&client, &alice.token, shop, json!({"name": "A"})).await;
    let b = category(&client, &alice.token, shop, json!({"name": "B", "parent_id": a["id"]})).await;
    let c = category(&client, &alice.token, shop, json!({"name": "C", "parent_id": b["id"]})).await;
    let uri = |v: &Value| format!("/api/site/sites/{shop}/categories/{}", v["id"].as_str().unwrap());

    let onto_grandchild = client.patch(&uri(&a), Some(&alice.token), json!({"parent_id": c["id"]})).await;
    let onto_itself = client.patch(&uri(&a), Some(&alice.token), json!({"parent_id": a["id"]})).await;
    let to_top = client.patch(&uri(&c), Some(&alice.token), json!({"parent_id": null, "name": "C2"})).await;
    let rename_only = client.patch(&uri(&b), Some(&alice.token), json!({"name": "B2"})).await;

    assert_eq!(error_fields(&onto_grandchild.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["parent_id"]);
    onto_itself.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(to_top.status, StatusCode::OK, "{}", to_top.text());
    assert_eq!(to_top.json()["parent_id"], Value::Null);
    assert_eq!(to_top.json()["name"], "C2");
    assert_eq!(rename_only.json()["parent_id"], a["id"], "an absent parent_id is left alone");
}

#[tokio::test]
async fn a_category_with_children_cannot_be_deleted() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let parent = category(&client, &alice.token, shop, json!({"name": "Parent"})).await;
    let child = category(&client, &alice.token, shop, json!({"name": "Child", "parent_id": parent["id"]})).await;
    let uri = |v: &Value| format!("/api/site/sites/{shop}/categories/{}", v["id"].as_str().unwrap());

    let refused = client.delete(&uri(&parent), Some(&alice.token)).await;
    let child_gone = client.delete(&uri(&child), Some(&alice.token)).await;
    let parent_gone = client.delete(&uri(&parent), Some(&alice.token)).await;

    refused.assert_problem(StatusCode::CONFLICT);
    assert_eq!(child_gone.status, StatusCode::NO_CONTENT);
    assert_eq!(parent_gone.status, StatusCode::NO_CONTENT);
    client.get(&uri(&parent), Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deleting_a_category_leaves_its_products_uncategorised() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let shoes = category(&client, &alice.token, shop, json!({"name": "Shoes"})).await;
    let boot = product(&client, &alice.token, shop, json!({"title": "Boot", "category_id": shoes["id"]})).await;

    let deleted = client
        .delete(&format!("/api/site/sites/{shop}/categories/{}", shoes["id"].as_str().unwrap()), Some(&alice.token))
        .await;

    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let after = client
        .get(&format!("/api/site/sites/{shop}/products/{}", boot["id"].as_str().unwrap()), Some(&alice.token))
        .await;
    assert_eq!(after.status, StatusCode::OK);
    assert_eq!(after.json()["category_id"], Value::Null);
}

// ---- products -------------------------------------------------------------

#[tokio::test]
async fn product_slugs_come_from_the_title_with_a_suffix_on_collision() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let other = db.site(&alice, "other").await;

    let first = product(&client, &alice.token, shop, json!({"title": "Café Crème"})).await;
    let second = product(&client, &alice.token, shop, json!({"title": "Café  crème!"})).await;
    let third = product(&client, &alice.token, shop, json!({"title": "cafe creme"})).await;
    let elsewhere = product(&client, &alice.token, other, json!({"title": "Café Crème"})).await;

    assert_eq!(first["slug"], "cafe-creme");
    assert_eq!(second["slug"], "cafe-creme-2");
    assert_eq!(third["slug"], "cafe-creme-3");
    assert_eq!(elsewhere["slug"], "cafe-creme", "slugs are unique per site only");
    assert_eq!(first["site_id"], shop.to_string());
}

#[tokio::test]
async fn a_product_title_in_any_script_gets_a_slug() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;

    let russian = product(&client, &alice.token, shop, json!({"title": "Чайник"})).await;
    let japanese = product(&client, &alice.token, shop, json!({"title": "日本 茶"})).await;
    let emoji = product(&client, &alice.token, shop, json!({"title": "🍵🍵"})).await;
    let emoji_again = product(&client, &alice.token, shop, json!({"title": "🍵"})).await;

    assert_eq!(russian["slug"], "chainik");
    assert_eq!(japanese["slug"], "ri-ben-cha");
    let (one, two) = (emoji["slug"].as_str().unwrap(), emoji_again["slug"].as_str().unwrap());
    assert!(one.starts_with("product-") && two.starts_with("product-") && one != two, "{one} {two}");
    // On the storefront once it has a variant (unlisted products are not found by slug).
    variant(
        &client,
        &alice.token,
        shop,
        &emoji,
        json!({"sku": "TEA-1", "price": "3.00", "currency": "EUR", "stock_qty": 1}),
    )
    .await;
    let public = client.get(&format!("/api/site/public/shop/products/{one}"), None).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text());
    assert_eq!(public.json()["title"], "🍵🍵");
}

#[tokio::test]
async fn an_explicit_duplicate_slug_is_a_conflict() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    product(&client, &alice.token, shop, json!({"title": "Shirt", "slug": "the-shirt"})).await;
    let other = product(&client, &alice.token, shop, json!({"title": "Other"})).await;

    let on_create = client
        .post(
            &format!("/api/site/sites/{shop}/products"),
            Some(&alice.token),
            json!({"title": "X", "slug": "the-shirt"}),
        )
        .await;
    let on_update = client
        .patch(
            &format!("/api/site/sites/{shop}/products/{}", other["id"].as_str().unwrap()),
            Some(&alice.token),
            json!({"slug": "the-shirt"}),
        )
        .await;
    let malformed = client
        .post(
            &format!("/api/site/sites/{shop}/products"),
            Some(&alice.token),
            json!({"title": "X", "slug": "Bad Slug"}),
        )
        .await;

    assert_eq!(error_fields(&on_create.assert_problem(StatusCode::CONFLICT)), ["slug"]);
    on_update.assert_problem(StatusCode::CONFLICT);
    assert_eq!(error_fields(&malformed.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["slug"]);
}

#[tokio::test]
async fn invalid_products_list_every_field_error() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;

    let response = client
        .post(
            &format!("/api/site/sites/{shop}/products"),
            Some(&alice.token),
            json!({"title": "  ", "description": "x".repeat(10_001), "slug": "-"}),
        )
        .await;
    let unknown_category = client
        .post(
            &format!("/api/site/sites/{shop}/products"),
            Some(&alice.token),
            json!({"title": "T", "category_id": Uuid::now_v7()}),
        )
        .await;

    let body = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["title", "description", "slug"]);
    assert_eq!(error_fields(&unknown_category.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["category_id"]);
}

#[tokio::test]
async fn patching_a_product_tells_absent_fields_from_null_and_bumps_updated_at() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let shoes = category(&client, &alice.token, shop, json!({"name": "Shoes"})).await;
    let created = product(
        &client,
        &alice.token,
        shop,
        json!({"title": "Boot", "description": "Warm.", "category_id": shoes["id"]}),
    )
    .await;
    let uri = format!("/api/site/sites/{shop}/products/{}", created["id"].as_str().expect("an id"));

    let retitled = client.patch(&uri, Some(&alice.token), json!({"title": "Winter boot"})).await.json();
    let cleared =
        client.patch(&uri, Some(&alice.token), json!({"description": null, "category_id": null})).await.json();

    assert_eq!(retitled["title"], "Winter boot");
    assert_eq!(retitled["slug"], "boot", "a new title keeps the URL");
    assert_eq!(retitled["description"], "Warm.");
    assert_eq!(retitled["category_id"], shoes["id"]);
    assert!(retitled["updated_at"].as_str() > created["updated_at"].as_str());
    assert_eq!(cleared["description"], Value::Null);
    assert_eq!(cleared["category_id"], Value::Null);
    assert_eq!(cleared["title"], "Winter boot");
}

#[tokio::test]
async fn deleting_a_product_removes_its_variants() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let shirt = priced(&client, &alice.token, shop, "Shirt", "10.00", 1).await;

    let deleted = client
        .delete(&format!("/api/site/sites/{shop}/products/{}", shirt["id"].as_str().unwrap()), Some(&alice.token))
        .await;

    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM site.variants").fetch_one(&db.admin_pool()).await.unwrap();
    assert_eq!(left, 0);
}

// ---- variants -------------------------------------------------------------

#[tokio::test]
async fn variants_keep_exact_prices_with_the_currency_decimals() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let shirt = product(&client, &alice.token, shop, json!({"title": "Shirt"})).await;
    let yen = product(&client, &alice.token, shop, json!({"title": "Yen shirt"})).await;

    let eur = variant(
        &client,
        &alice.token,
        shop,
        &shirt,
        json!({"sku": "S-M", "price": "19.9", "currency": "EUR", "attributes": {"size": "M"}, "stock_qty": 3}),
    )
    .await;
    let jpy =
        variant(&client, &alice.token, shop, &yen, json!({"sku": "Y-1", "price": "1500", "currency": "JPY"})).await;

    assert_eq!(eur["price"], "19.90");
    assert_eq!(eur["currency"], "EUR");
    assert_eq!(eur["attributes"], json!({"size": "M"}));
    assert_eq!(eur["stock_qty"], 3);
    assert_eq!(jpy["price"], "1500");
    assert_eq!(jpy["stock_qty"], 0);
    let got = client
        .get(&format!("/api/site/sites/{shop}/products/{}", shirt["id"].as_str().unwrap()), Some(&alice.token))
        .await;
    assert_eq!(got.json()["variants"][0]["price"], "19.90");
}

#[tokio::test]
async fn invalid_variants_list_every_field_error() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let shirt = product(&client, &alice.token, shop, json!({"title": "Shirt"})).await;
    let uri = format!("/api/site/sites/{shop}/products/{}/variants", shirt["id"].as_str().unwrap());

    let everything_wrong = client
        .post(
            &uri,
            Some(&alice.token),
            json!({"sku": "has space", "attributes": [1], "price": "-1", "currency": "EUR", "stock_qty": -1}),
        )
        .await;
    let too_many_decimals =
        client.post(&uri, Some(&alice.token), json!({"sku": "A", "price": "19.999", "currency": "EUR"})).await;
    let yen_decimals =
        client.post(&uri, Some(&alice.token), json!({"sku": "A", "price": "100.5", "currency": "JPY"})).await;
    let unknown_currency =
        client.post(&uri, Some(&alice.token), json!({"sku": "A", "price": "1", "currency": "XXX"})).await;
    let float_price =
        client.post(&uri, Some(&alice.token), json!({"sku": "A", "price": 19.99, "currency": "EUR"})).await;

    assert_eq!(
        error_fields(&everything_wrong.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)),
        ["sku", "attributes", "price", "stock_qty"]
    );
    assert_eq!(error_fields(&too_many_decimals.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["price"]);
    assert_eq!(error_fields(&yen_decimals.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["price"]);
    assert_eq!(error_fields(&unknown_currency.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["currency"]);
    assert_eq!(error_fields(&float_price.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["price"]);
    let created =
        variant(&client, &alice.token, shop, &shirt, json!({"sku": "OK", "price": "1", "currency": "EUR"})).await;
    let bad_patch = client
        .patch(
            &format!("{uri}/{}", created["id"].as_str().unwrap()),
            Some(&alice.token),
            json!({"sku": "", "price": "abc", "currency": "eur", "stock_qty": -5, "attributes": "x"}),
        )
        .await;
    assert_eq!(
        error_fields(&bad_patch.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)),
        ["sku", "attributes", "currency", "price", "stock_qty"]
    );
}

#[tokio::test]
async fn skus_are_unique_per_site() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let other = db.site(&alice, "other").await;
    let shirt = product(&client, &alice.token, shop, json!({"title": "Shirt"})).await;
    let hat = product(&client, &alice.token, shop, json!({"title": "Hat"})).await;
    let elsewhere = product(&client, &alice.token, other, json!({"title": "Shirt"})).await;
    variant(&client, &alice.token, shop, &shirt, json!({"sku": "SKU-1", "price": "1", "currency": "EUR"})).await;

    let same_site = client
        .post(
            &format!("/api/site/sites/{shop}/products/{}/variants", hat["id"].as_str().unwrap()),
            Some(&alice.token),
            json!({"sku": "SKU-1", "price": "1", "currency": "EUR"}),
        )
        .await;
    variant(&client, &alice.token, other, &elsewhere, json!({"sku": "SKU-1", "price": "1", "currency": "EUR"})).await;

    assert_eq!(error_fields(&same_site.assert_problem(StatusCode::CONFLICT)), ["sku"]);
}

#[tokio::test]
async fn a_products_variants_share_one_currency() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let shirt = product(&client, &alice.token, shop, json!({"title": "Shirt"})).await;
    let only =
        variant(&client, &alice.token, shop, &shirt, json!({"sku": "A", "price": "1.50", "currency": "EUR"})).await;
    let base = format!("/api/site/sites/{shop}/products/{}/variants", shirt["id"].as_str().unwrap());

    let second_in_usd =
        client.post(&base, Some(&alice.token), json!({"sku": "B", "price": "1", "currency": "USD"})).await;
    let only_to_jpy = client
        .patch(&format!("{base}/{}", only["id"].as_str().unwrap()), Some(&alice.token), json!({"currency": "JPY"}))
        .await;
    let only_to_usd = client
        .patch(&format!("{base}/{}", only["id"].as_str().unwrap()), Some(&alice.token), json!({"currency": "USD"}))
        .await;

    assert_eq!(error_fields(&second_in_usd.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["currency"]);
    // 1.50 has decimals JPY does not have.
    assert_eq!(error_fields(&only_to_jpy.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["price"]);
    assert_eq!(only_to_usd.status, StatusCode::OK, "{}", only_to_usd.text());
    assert_eq!(only_to_usd.json()["price"], "1.50");
}

#[tokio::test]
async fn the_cheapest_variant_prices_the_product_through_every_write() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let shirt = product(&client, &alice.token, shop, json!({"title": "Shirt"})).await;
    let hat = priced(&client, &alice.token, shop, "Hat", "15.00", 1).await;
    let base = format!("/api/site/sites/{shop}/products/{}/variants", shirt["id"].as_str().unwrap());
    let cheap =
        variant(&client, &alice.token, shop, &shirt, json!({"sku": "S1", "price": "10.00", "currency": "EUR"})).await;
    variant(&client, &alice.token, shop, &shirt, json!({"sku": "S2", "price": "30.00", "currency": "EUR"})).await;
    let by_price = || client.get("/api/site/public/shop/products?sort=price_asc", None);

    assert_eq!(titles(&by_price().await.json()), ["Shirt", "Hat"]);
    let patched = client
        .patch(&format!("{base}/{}", cheap["id"].as_str().unwrap()), Some(&alice.token), json!({"price": "20"}))
        .await;
    assert_eq!(patched.json()["price"], "20.00");
    assert_eq!(titles(&by_price().await.json()), ["Hat", "Shirt"]);
    client.delete(&format!("{base}/{}", cheap["id"].as_str().unwrap()), Some(&alice.token)).await;
    let hat_variant = client
        .get(&format!("/api/site/sites/{shop}/products/{}", hat["id"].as_str().unwrap()), Some(&alice.token))
        .await;
    assert_eq!(hat_variant.json()["variants"][0]["price"], "15.00");
    let desc = client.get("/api/site/public/shop/products?sort=price_desc", None).await.json();
    assert_eq!(titles(&desc), ["Shirt", "Hat"]);
    assert_eq!(desc["items"][0]["variants"].as_array().unwrap().len(), 1);
}

// ---- the public storefront API --------------------------------------------

/// A shop with five priced products, one unpriced, and a category.
async fn storefront() -> (vitrine_testkit::TestClient, TestDb, Value) {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let shirts = category(&client, &alice.token, shop, json!({"name": "Shirts"})).await;
    for (title, price) in [
        ("Linen shirt", "40.00"),
        ("Cotton shirt", "25.00"),
        ("Wool hat", "25.00"),
        ("Silk scarf", "90.00"),
        ("Socks", "5.00"),
    ] {
        let created = priced(&client, &alice.token, shop, title, price, 2).await;
        if title.ends_with("shirt") {
            let uri = format!("/api/site/sites/{shop}/products/{}", created["id"].as_str().expect("an id"));
            client.patch(&uri, Some(&alice.token), json!({"category_id": shirts["id"]})).await;
        }
    }
    product(&client, &alice.token, shop, json!({"title": "Draft without variants"})).await;
    (client, db, shirts)
}

async fn walk(client: &vitrine_testkit::TestClient, query: &str) -> Vec<String> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..20 {
        let uri = match &cursor {
            Some(c) => format!("/api/site/public/shop/products?{query}&limit=2&cursor={c}"),
            None => format!("/api/site/public/shop/products?{query}&limit=2"),
        };
        let page = client.get(&uri, None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text());
        let page = page.json();
        all.extend(titles(&page));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return all,
        }
    }
    panic!("pagination does not end");
}

#[tokio::test]
async fn storefront_listings_sort_and_paginate_by_keyset() {
    let (client, _db, _) = storefront().await;

    let newest = walk(&client, "sort=newest").await;
    let cheapest = walk(&client, "sort=price_asc").await;
    let dearest = walk(&client, "sort=price_desc").await;

    assert_eq!(newest, ["Socks", "Silk scarf", "Wool hat", "Cotton shirt", "Linen shirt"]);
    // Equal prices are ordered by id (creation), so pages never skip nor repeat.
    assert_eq!(cheapest, ["Socks", "Cotton shirt", "Wool hat", "Linen shirt", "Silk scarf"]);
    assert_eq!(dearest, ["Silk scarf", "Linen shirt", "Wool hat", "Cotton shirt", "Socks"]);
}

#[tokio::test]
async fn storefront_listings_filter_by_category_and_search_text() {
    let (client, _db, shirts) = storefront().await;
    let shirts = shirts["id"].as_str().unwrap();

    let in_category = walk(&client, &format!("category_id={shirts}&sort=price_asc")).await;
    let searched = walk(&client, "q=SHIR&sort=price_desc").await;
    let both = walk(&client, &format!("q=linen&category_id={shirts}")).await;
    let nothing = walk(&client, "q=%27%3A*%7C%26").await;
    let odd = walk(&client, "q=%E6%97%A5%E6%9C%AC%20%C2%B2%20a1b%20%C7%85%D9%A3%20x%CC%81").await;

    assert_eq!(in_category, ["Cotton shirt", "Linen shirt"]);
    assert_eq!(searched, ["Linen shirt", "Cotton shirt"]);
    assert_eq!(both, ["Linen shirt"]);
    assert_eq!(nothing.len(), 5, "a query of symbols only searches nothing");
    assert!(odd.is_empty(), "any script, digits and combining marks: no match, never an error");
}

#[tokio::test]
async fn tampered_cursors_are_bad_requests_never_server_errors() {
    let (client, _db, _) = storefront().await;
    let first = client.get("/api/site/public/shop/products?sort=price_asc&limit=1", None).await.json();
    let price_cursor = first["next_cursor"].as_str().unwrap().to_owned();

    for uri in [
        "/api/site/public/shop/products?cursor=garbage!".to_owned(),
        "/api/site/public/shop/products?cursor=eyJwIjoiYWJjIn0".to_owned(),
        format!("/api/site/public/shop/products?sort=newest&cursor={price_cursor}"),
        "/api/site/public/shop/products?sort=cheapest".to_owned(),
        "/api/site/public/shop/products?limit=0".to_owned(),
        "/api/site/public/shop/categories?cursor=AAAA".to_owned(),
    ] {
        client.get(&uri, None).await.assert_problem(StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn a_product_is_public_by_its_slug_with_its_variants() {
    let (client, _db, _) = storefront().await;

    let found = client.get("/api/site/public/shop/products/linen-shirt", None).await;
    let missing = client.get("/api/site/public/shop/products/nope", None).await;
    let no_site = client.get("/api/site/public/no-such-shop/products", None).await;
    let categories = client.get("/api/site/public/shop/categories", None).await;

    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(found.json()["variants"][0]["price"], "40.00");
    missing.assert_problem(StatusCode::NOT_FOUND);
    no_site.assert_problem(StatusCode::NOT_FOUND);
    assert_eq!(categories.json()["items"][0]["name"], "Shirts");
}

#[tokio::test]
async fn a_product_without_variants_is_not_found_by_its_slug_like_in_the_listings() {
    let (client, _db, _) = storefront().await;

    let api = client.get("/api/site/public/shop/products/draft-without-variants", None).await;
    let page = client.get("/site/shop/products/draft-without-variants", None).await;

    api.assert_problem(StatusCode::NOT_FOUND);
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn storefront_pages_of_an_https_deployment_load_no_http_images() {
    let (client, _db, _) = storefront().await;
    for path in ["/site/shop", "/site/shop/products/linen-shirt", "/site/no-such-shop"] {
        let page = client.get(path, None).await;
        let csp = page.headers[axum::http::header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
        assert!(csp.contains("img-src https: data:") && !csp.contains("http:"), "{path}: {csp}");
    }
}

#[tokio::test]
async fn the_merchant_list_has_every_product_newest_first_filtered_and_paginated() {
    let (client, db, shirts) = storefront().await;
    let alice = vitrine_testkit::keys::token_for(
        sqlx::query_scalar("SELECT id FROM builder.users WHERE username = 'alice'")
            .fetch_one(&db.admin_pool())
            .await
            .unwrap(),
        "alice",
    );
    let shop: Uuid = sqlx::query_scalar("SELECT id FROM builder.sites WHERE slug = 'shop'")
        .fetch_one(&db.admin_pool())
        .await
        .unwrap();
    let base = format!("/api/site/sites/{shop}/products");

    let first = client.get(&format!("{base}?limit=4"), Some(&alice)).await.json();
    let rest = client
        .get(&format!("{base}?limit=4&cursor={}", first["next_cursor"].as_str().unwrap()), Some(&alice))
        .await
        .json();
    let in_category =
        client.get(&format!("{base}?category_id={}", shirts["id"].as_str().unwrap()), Some(&alice)).await.json();
    let searched = client.get(&format!("{base}?q=draft"), Some(&alice)).await.json();

    assert_eq!(titles(&first), ["Draft without variants", "Socks", "Silk scarf", "Wool hat"]);
    assert_eq!(titles(&rest), ["Cotton shirt", "Linen shirt"]);
    assert_eq!(rest["next_cursor"], Value::Null);
    assert!(first["items"][0].get("variants").is_none(), "lists leave variants out");
    assert_eq!(titles(&in_category), ["Cotton shirt", "Linen shirt"]);
    assert_eq!(titles(&searched), ["Draft without variants"], "the merchant sees unpriced products too");
}

// ---- isolation, authentication, deleted sites -----------------------------

#[tokio::test]
async fn every_merchant_route_answers_another_merchant_404() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let mallory = db.merchant("mallory").await;
    let shop = db.site(&alice, "shop").await;
    db.site(&mallory, "mallory-shop").await;
    let cat = category(&client, &alice.token, shop, json!({"name": "C"})).await;
    let prod = product(&client, &alice.token, shop, json!({"title": "P"})).await;
    let var = variant(&client, &alice.token, shop, &prod, json!({"sku": "V", "price": "1", "currency": "EUR"})).await;
    let (c, p, v) = (cat["id"].as_str().unwrap(), prod["id"].as_str().unwrap(), var["id"].as_str().unwrap());
    let body = json!({"name": "x", "title": "x", "sku": "x2", "price": "1", "currency": "EUR"});
    let routes = [
        ("GET", format!("/api/site/sites/{shop}/categories")),
        ("POST", format!("/api/site/sites/{shop}/categories")),
        ("GET", format!("/api/site/sites/{shop}/categories/{c}")),
        ("PATCH", format!("/api/site/sites/{shop}/categories/{c}")),
        ("DELETE", format!("/api/site/sites/{shop}/categories/{c}")),
        ("GET", format!("/api/site/sites/{shop}/products")),
        ("POST", format!("/api/site/sites/{shop}/products")),
        ("GET", format!("/api/site/sites/{shop}/products/{p}")),
        ("PATCH", format!("/api/site/sites/{shop}/products/{p}")),
        ("DELETE", format!("/api/site/sites/{shop}/products/{p}")),
        ("GET", format!("/api/site/sites/{shop}/products/{p}/variants")),
        ("POST", format!("/api/site/sites/{shop}/products/{p}/variants")),
        ("GET", format!("/api/site/sites/{shop}/products/{p}/variants/{v}")),
        ("PATCH", format!("/api/site/sites/{shop}/products/{p}/variants/{v}")),
        ("DELETE", format!("/api/site/sites/{shop}/products/{p}/variants/{v}")),
    ];

    for (method, uri) in &routes {
        let with_body = matches!(*method, "POST" | "PATCH").then(|| body.clone());
        let response = client.call(method.parse().unwrap(), uri, Some(&mallory.token), with_body.clone()).await;
        response.assert_problem(StatusCode::NOT_FOUND);
        let anonymous = client.call(method.parse().unwrap(), uri, None, with_body).await;
        anonymous.assert_problem(StatusCode::UNAUTHORIZED);
        assert!(anonymous.header("www-authenticate").is_some_and(|v| v.starts_with("Bearer")), "{method} {uri}");
    }
    // Nothing was changed by the attempts.
    let still = client.get(&format!("/api/site/sites/{shop}/products/{p}"), Some(&alice.token)).await.json();
    assert_eq!(still["title"], "P");
    assert_eq!(still["variants"][0]["sku"], "V");
}

#[tokio::test]
async fn a_deleted_sites_catalog_disappears_at_once_and_is_swept_soon_after() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let kept = db.site(&alice, "kept").await;
    category(&client, &alice.token, shop, json!({"name": "C"})).await;
    priced(&client, &alice.token, shop, "Shirt", "10", 1).await;
    priced(&client, &alice.token, kept, "Hat", "10", 1).await;

    db.delete_site(shop).await;

    client
        .get(&format!("/api/site/sites/{shop}/products"), Some(&alice.token))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    client.get("/api/site/public/shop/products", None).await.assert_problem(StatusCode::NOT_FOUND);
    client.get("/api/site/public/shop/products/shirt", None).await.assert_problem(StatusCode::NOT_FOUND);
    assert_eq!(client.get("/site/shop", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(client.get("/site/shop/products/shirt", None).await.status, StatusCode::NOT_FOUND);
    let published: i64 =
        sqlx::query_scalar("SELECT count(*) FROM site.product_directory").fetch_one(&db.admin_pool()).await.unwrap();
    assert_eq!(published, 1, "the published view drops the deleted site's products at once");

    let removed = vitrine_site::sweep::sweep(db.pool_for(vitrine_site::DB)).await.unwrap();

    assert_eq!(removed, 2, "one product (its variant by cascade) and one category");
    let admin = db.admin_pool();
    let rows: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM site.products) + (SELECT count(*) FROM site.variants) + (SELECT count(*) FROM site.categories)",
    )
    .fetch_one(&admin)
    .await
    .unwrap();
    assert_eq!(rows, 2, "the other site's product and variant stay");
    assert_eq!(vitrine_site::sweep::sweep(db.pool_for(vitrine_site::DB)).await.unwrap(), 0);
}

// ---- least privilege --------------------------------------------------------

#[tokio::test]
async fn the_site_role_reads_only_the_builders_published_view() {
    let db = TestDb::new().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let pool = db.pool_for(vitrine_site::DB);

    let directory: i64 =
        sqlx::query_scalar("SELECT count(*) FROM builder.site_directory").fetch_one(&pool).await.unwrap();
    let users = sqlx::query("SELECT username FROM builder.users").fetch_all(&pool).await;
    let sites = sqlx::query("SELECT id FROM builder.sites").fetch_all(&pool).await;
    let insert = sqlx::query("INSERT INTO builder.sites (id, owner_id, name, slug) VALUES ($1, $2, 'x', 'x')")
        .bind(Uuid::now_v7())
        .bind(alice.id)
        .execute(&pool)
        .await;
    let update = sqlx::query("UPDATE builder.sites SET name = 'x' WHERE id = $1").bind(shop).execute(&pool).await;
    let delete = sqlx::query("DELETE FROM builder.users").execute(&pool).await;
    let create = sqlx::query("CREATE TABLE builder.intruder (id int)").execute(&pool).await;

    assert_eq!(directory, 1);
    for (what, result) in [
        ("read users", users.map(|_| ())),
        ("read sites", sites.map(|_| ())),
        ("insert", insert.map(|_| ())),
        ("update", update.map(|_| ())),
        ("delete", delete.map(|_| ())),
        ("create", create.map(|_| ())),
    ] {
        let err = result.expect_err(what);
        let code = err.as_database_error().and_then(|e| e.code()).map(|c| c.into_owned());
        assert_eq!(code.as_deref(), Some("42501"), "{what}: {err}");
    }
}

#[tokio::test]
async fn other_services_read_products_only_through_the_published_view() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let shirt = product(&client, &alice.token, shop, json!({"title": "Shirt"})).await;
    let media = db.pool_for(vitrine_common::db::ServiceDb::new("media", "vitrine_media"));

    let published: (Uuid, Uuid) =
        sqlx::query_as("SELECT id, site_id FROM site.product_directory").fetch_one(&media).await.unwrap();
    let table = sqlx::query("SELECT id FROM site.products").fetch_all(&media).await;

    assert_eq!(published, (shirt["id"].as_str().unwrap().parse().unwrap(), shop));
    assert!(table.is_err(), "the media role must not read site.products");
}

// ---- storefront pages ----------------------------------------------------------

#[tokio::test]
async fn storefront_pages_escape_merchant_text_and_show_stock() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let evil = product(
        &client,
        &alice.token,
        shop,
        json!({"title": "<script>alert(1)</script> Tee", "description": "a & b <i>"}),
    )
    .await;
    variant(
        &client,
        &alice.token,
        shop,
        &evil,
        json!({"sku": "T-1", "price": "12.5", "currency": "EUR", "attributes": {"<b>size</b>": "\"M\""}}),
    )
    .await;

    let list = client.get("/site/shop", None).await;
    let page = client.get(&format!("/site/shop/products/{}", evil["slug"].as_str().unwrap()), None).await;

    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.header("content-type"), Some("text/html; charset=utf-8"));
    let html = list.text();
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Tee"), "{html}");
    assert!(html.contains("€12.50") && html.contains("Sold out"), "prices as the shop's language (en) writes them");
    let html = page.text();
    assert_eq!(page.status, StatusCode::OK);
    assert!(!html.contains("<script>") && !html.contains("<b>size") && !html.contains("<i>"), "{html}");
    assert!(html.contains("a &amp; b &lt;i&gt;") && html.contains("&lt;b&gt;size&lt;/b&gt;") && html.contains("T-1"));
}

#[tokio::test]
async fn storefront_pages_revalidate_with_etags() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    priced(&client, &alice.token, shop, "Shirt", "10", 1).await;

    let first = client.get("/site/shop", None).await;
    let etag = first.header("etag").expect("an ETag").to_owned();
    let request = |etag: &str| {
        Request::builder().uri("/site/shop").header(header::IF_NONE_MATCH, etag).body(Body::empty()).unwrap()
    };
    let revalidated = client.send(request(&etag)).await;
    priced(&client, &alice.token, shop, "Hat", "12", 1).await;
    let changed = client.send(request(&etag)).await;

    // The storefront cache's defaults (ADR 0028): a CDN may reuse a page for a second.
    assert_eq!(first.header("cache-control"), Some("public, max-age=1, stale-while-revalidate=10"));
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    assert!(revalidated.body.is_empty());
    assert_eq!(revalidated.header("etag"), Some(etag.as_str()));
    assert_eq!(changed.status, StatusCode::OK, "a changed catalog is a new page");
    assert_ne!(changed.header("etag"), Some(etag.as_str()));
}

#[tokio::test]
async fn unknown_shops_and_products_get_a_friendly_404_page() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    db.site(&alice, "shop").await;

    let no_shop = client.get("/site/nowhere", None).await;
    let no_product = client.get("/site/shop/products/nothing", None).await;

    assert_eq!(no_shop.status, StatusCode::NOT_FOUND);
    assert!(no_shop.header("content-type").is_some_and(|v| v.starts_with("text/html")));
    assert!(no_shop.text().contains("This shop doesn"));
    assert_eq!(no_product.status, StatusCode::NOT_FOUND);
    assert!(no_product.text().contains("Back to the shop"));
}

#[tokio::test]
async fn storefront_pages_filter_and_page_through_the_catalog() {
    let (client, _db, shirts) = storefront().await;
    let shirts = shirts["id"].as_str().unwrap();

    let filtered = client.get(&format!("/site/shop?category={shirts}&sort=price_desc"), None).await.text();
    let searched = client.get("/site/shop?q=scarf", None).await.text();
    let tampered = client.get("/site/shop?cursor=%21%21", None).await;

    assert!(filtered.find("Linen shirt") < filtered.find("Cotton shirt") && !filtered.contains("Socks"));
    assert!(searched.contains("Silk scarf") && !searched.contains("Socks"));
    assert_eq!(tampered.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let (client, _db) = app().await;

    let document = client.get("/api/site/openapi.json", None).await.json();

    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/site/sites/{site_id}/categories",
        "/api/site/sites/{site_id}/categories/{id}",
        "/api/site/sites/{site_id}/products",
        "/api/site/sites/{site_id}/products/{id}",
        "/api/site/sites/{site_id}/products/{product_id}/variants",
        "/api/site/sites/{site_id}/products/{product_id}/variants/{id}",
        "/api/site/public/{site_slug}/categories",
        "/api/site/public/{site_slug}/products",
        "/api/site/public/{site_slug}/products/{product_slug}",
    ] {
        assert!(paths.contains_key(path), "{path}");
    }
    assert!(document["paths"]["/api/site/sites/{site_id}/products"]["post"]["security"].is_array());
}

#[tokio::test]
async fn the_product_page_offers_each_variant_by_its_attributes_with_stock_and_sold_out() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let tee = product(&client, &alice.token, shop, json!({"title": "Tee"})).await;
    let small = json!({"sku": "T-S", "price": "10", "currency": "EUR", "attributes": {"size": "S"}, "stock_qty": 0});
    let medium = json!({"sku": "T-M", "price": "10", "currency": "EUR", "attributes": {"size": "M"}, "stock_qty": 3});
    let s = variant(&client, &alice.token, shop, &tee, small).await;
    let m = variant(&client, &alice.token, shop, &tee, medium).await;

    let page = client.get("/site/shop/products/tee", None).await;

    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains(r#"<form class="buy" method="post" action="/site/shop/cart/add">"#), "{html}");
    let radio = |id: &Value| format!(r#"name="variant_id" value="{}""#, id.as_str().unwrap());
    let sold_out = html.split(&radio(&s["id"])).nth(1).expect("the small variant is offered");
    assert!(sold_out.starts_with(" required disabled"), "a sold-out variant cannot be chosen: {sold_out}");
    let in_stock = html.split(&radio(&m["id"])).nth(1).expect("the medium variant is offered");
    assert!(in_stock.starts_with(" required checked"), "the first variant in stock is chosen: {in_stock}");
    assert!(html.contains("Only 3 left") && html.contains("Sold out") && html.contains("<b>size</b>M"));
    assert!(html.contains(r#"name="quantity" value="1" min="1" max="3""#));
    assert!(html.contains(">Add to cart</button>"));
}

#[tokio::test]
async fn catalog_and_product_pages_show_the_carts_item_count() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    priced(&client, &alice.token, shop, "Shirt", "10", 5).await;
    let token = "t".repeat(43);
    let admin = db.admin_pool();
    let cart = Uuid::now_v7();
    sqlx::query("INSERT INTO checkout.carts (id, site_id, token, currency) VALUES ($1, $2, $3, 'EUR')")
        .bind(cart)
        .bind(shop)
        .bind(&token)
        .execute(&admin)
        .await
        .unwrap();
    for quantity in [2, 3] {
        sqlx::query("INSERT INTO checkout.cart_lines (id, cart_id, variant_id, quantity) VALUES ($1, $2, $3, $4)")
            .bind(Uuid::now_v7())
            .bind(cart)
            .bind(Uuid::now_v7())
            .bind(quantity)
            .execute(&admin)
            .await
            .unwrap();
    }
    let with_cookie = |uri: &str, cookie: &str| {
        Request::builder().uri(uri).header(header::COOKIE, cookie.to_owned()).body(Body::empty()).unwrap()
    };

    let catalog = client.send(with_cookie("/site/shop", &format!("vitrine_cart={token}"))).await;
    let product = client.send(with_cookie("/site/shop/products/shirt", &format!("vitrine_cart={token}"))).await;
    let stranger = client.send(with_cookie("/site/shop", &format!("vitrine_cart={}", "x".repeat(43)))).await;

    assert!(catalog.text().contains(r#"<span class="count" aria-label="5 items">5</span>"#), "{}", catalog.text());
    assert!(product.text().contains(r#"<span class="count" aria-label="5 items">5</span>"#));
    assert!(stranger.text().contains(r#"<span class="count" aria-label="0 items">0</span>"#));
    assert_eq!(catalog.header("cache-control"), Some("private, no-cache"), "a visitor's page is not shared");
    // Pages set no cookie, so that a CDN may share them: checkout gives the
    // visitor key when a cart is made (ADR 0028).
    assert_eq!(catalog.header("set-cookie"), None);
    let anonymous = client.send(Request::builder().uri("/site/shop").body(Body::empty()).unwrap()).await;
    assert_eq!(anonymous.header("set-cookie"), None);
    assert!(anonymous.header("cache-control").is_some_and(|v| v.starts_with("public, max-age=")));
    assert!(anonymous.text().contains(r#"<span class="count" aria-label="0 items">0</span>"#));
    assert!(catalog.text().contains(r#"href="/site/shop/cart""#));
}
