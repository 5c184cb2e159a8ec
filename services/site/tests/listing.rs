//! Listings and search as shoppers and merchants expect them (issue 22): a
//! category lists its subcategories' products, search forgives accents,
//! plurals, prefixes and typos and finds Japanese, the merchant finds a
//! product by SKU, and the price sort keeps the shop's currency first.
//! Real PostgreSQL, the service's router, the service's own role.

mod support;

use axum::http::StatusCode;
use serde_json::{Value, json};
use support::{app, category, priced, product, titles, variant};
use uuid::Uuid;
use vitrine_testkit::{TestClient, TestDb};

/// Every title of a listing, page by page (`limit=2`, so pages cross the
/// category and currency boundaries under test).
async fn walk(client: &TestClient, base: &str, token: Option<&str>) -> Vec<String> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..30 {
        let sep = if base.contains('?') { '&' } else { '?' };
        let uri = match &cursor {
            Some(c) => format!("{base}{sep}limit=2&cursor={c}"),
            None => format!("{base}{sep}limit=2"),
        };
        let page = client.get(&uri, token).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.text());
        let page = page.json();
        all.extend(titles(&page));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return all,
        }
    }
    panic!("pagination of {base} does not end");
}

/// `q` percent-encoded for a query string.
fn encode(q: &str) -> String {
    q.bytes().map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") }).collect()
}

fn id(value: &Value) -> &str {
    value["id"].as_str().expect("an id")
}

async fn set_category(client: &TestClient, token: &str, site: Uuid, product: &Value, category: Option<&Value>) {
    let uri = format!("/api/site/sites/{site}/products/{}", id(product));
    let body = json!({"category_id": category.map(|c| c["id"].clone())});
    let response = client.patch(&uri, Some(token), body).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
}

/// The shop's settings, as the builder stores them.
async fn shop_settings(db: &TestDb, site: Uuid, currency: &str, language: &str) {
    sqlx::query("UPDATE builder.sites SET currency = $2, language = $3 WHERE id = $1")
        .bind(site)
        .bind(currency)
        .bind(language)
        .execute(&db.admin_pool())
        .await
        .expect("the shop's settings");
}

// ---- a category lists its subtree -----------------------------------------

/// Clothes › Shirts › Linen, Clothes › Hats, and Other: a shirt in each
/// level, a hat, and a mug outside.
struct Tree {
    client: TestClient,
    db: TestDb,
    token: String,
    shop: Uuid,
    clothes: Value,
    shirts: Value,
    linen: Value,
    other: Value,
    products: Vec<Value>,
}

async fn tree() -> Tree {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let token = alice.token.clone();
    let clothes = category(&client, &token, shop, json!({"name": "Clothes"})).await;
    let shirts = category(&client, &token, shop, json!({"name": "Shirts", "parent_id": clothes["id"]})).await;
    let linen = category(&client, &token, shop, json!({"name": "Linen", "parent_id": shirts["id"]})).await;
    let hats = category(&client, &token, shop, json!({"name": "Hats", "parent_id": clothes["id"]})).await;
    let other = category(&client, &token, shop, json!({"name": "Other"})).await;
    let mut products = Vec::new();
    for (title, price, place) in [
        ("Cotton shirt", "25.00", &shirts),
        ("Linen shirt", "40.00", &linen),
        ("Wool hat", "30.00", &hats),
        ("Plain tee", "10.00", &clothes),
        ("Mug", "8.00", &other),
    ] {
        let created = priced(&client, &token, shop, title, price, 2).await;
        set_category(&client, &token, shop, &created, Some(place)).await;
        products.push(created);
    }
    // A draft (no variant) in a subcategory: the merchant sees it, shoppers do not.
    let draft = product(&client, &token, shop, json!({"title": "Draft shirt"})).await;
    set_category(&client, &token, shop, &draft, Some(&linen)).await;
    products.push(draft);
    Tree { client, db, token, shop, clothes, shirts, linen, other, products }
}

#[tokio::test]
async fn a_parent_category_lists_its_subcategories_products_in_every_sort() {
    let t = tree().await;
    let clothes = id(&t.clothes);
    let shirts = id(&t.shirts);

    let newest = walk(&t.client, &format!("/api/site/public/shop/products?category_id={clothes}"), None).await;
    let cheapest =
        walk(&t.client, &format!("/api/site/public/shop/products?category_id={clothes}&sort=price_asc"), None).await;
    let dearest =
        walk(&t.client, &format!("/api/site/public/shop/products?category_id={clothes}&sort=price_desc"), None).await;
    let only_shirts = walk(&t.client, &format!("/api/site/public/shop/products?category_id={shirts}"), None).await;
    let searched =
        walk(&t.client, &format!("/api/site/public/shop/products?category_id={clothes}&q=shirt"), None).await;
    let merchant =
        walk(&t.client, &format!("/api/site/sites/{}/products?category_id={clothes}", t.shop), Some(&t.token)).await;
    let merchant_searched =
        walk(&t.client, &format!("/api/site/sites/{}/products?category_id={shirts}&q=shirt", t.shop), Some(&t.token))
            .await;
    let page = t.client.get(&format!("/site/shop?category={clothes}&sort=price_asc"), None).await.text();

    assert_eq!(newest, ["Plain tee", "Wool hat", "Linen shirt", "Cotton shirt"]);
    assert_eq!(cheapest, ["Plain tee", "Cotton shirt", "Wool hat", "Linen shirt"]);
    assert_eq!(dearest, ["Linen shirt", "Wool hat", "Cotton shirt", "Plain tee"]);
    assert_eq!(only_shirts, ["Linen shirt", "Cotton shirt"]);
    assert_eq!(searched, ["Linen shirt", "Cotton shirt"]);
    assert_eq!(merchant, ["Draft shirt", "Plain tee", "Wool hat", "Linen shirt", "Cotton shirt"]);
    assert_eq!(merchant_searched, ["Draft shirt", "Linen shirt", "Cotton shirt"]);
    let at = |title: &str| page.find(title).unwrap_or_else(|| panic!("{title} is not on the storefront page"));
    assert!(
        at("Plain tee") < at("Cotton shirt")
            && at("Cotton shirt") < at("Wool hat")
            && at("Wool hat") < at("Linen shirt")
    );
    assert!(!page.contains("Mug"));
}

#[tokio::test]
async fn moving_a_category_or_a_product_moves_it_in_the_parents_listings() {
    let t = tree().await;
    let list = |category: &Value| format!("/api/site/public/shop/products?category_id={}", id(category));

    // A cheaper variant of a shirt reorders the grandparent's price sort at once.
    let cotton = &t.products[0];
    variant(&t.client, &t.token, t.shop, cotton, json!({"sku": "COTTON-XS", "price": "1.00", "currency": "EUR"})).await;
    let cheapest = walk(&t.client, &format!("{}&sort=price_asc", list(&t.clothes)), None).await;
    assert_eq!(cheapest, ["Cotton shirt", "Plain tee", "Wool hat", "Linen shirt"]);

    // Shirts (with Linen below it) moves from Clothes to Other.
    let uri = format!("/api/site/sites/{}/categories/{}", t.shop, id(&t.shirts));
    let moved = t.client.patch(&uri, Some(&t.token), json!({"parent_id": t.other["id"]})).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    assert_eq!(walk(&t.client, &list(&t.clothes), None).await, ["Plain tee", "Wool hat"]);
    assert_eq!(walk(&t.client, &list(&t.other), None).await, ["Mug", "Linen shirt", "Cotton shirt"]);

    // Then to the top: Other keeps only its own product.
    let to_top = t.client.patch(&uri, Some(&t.token), json!({"parent_id": null})).await;
    assert_eq!(to_top.status, StatusCode::OK, "{}", to_top.text());
    assert_eq!(walk(&t.client, &list(&t.other), None).await, ["Mug"]);
    assert_eq!(walk(&t.client, &list(&t.shirts), None).await, ["Linen shirt", "Cotton shirt"]);

    // A product moved from Linen to Clothes leaves Shirts; uncategorised, it leaves Clothes.
    let linen_shirt = &t.products[1];
    set_category(&t.client, &t.token, t.shop, linen_shirt, Some(&t.clothes)).await;
    assert_eq!(walk(&t.client, &list(&t.shirts), None).await, ["Cotton shirt"]);
    assert_eq!(walk(&t.client, &list(&t.clothes), None).await, ["Plain tee", "Wool hat", "Linen shirt"]);
    set_category(&t.client, &t.token, t.shop, linen_shirt, None).await;
    assert_eq!(walk(&t.client, &list(&t.clothes), None).await, ["Plain tee", "Wool hat"]);
}

#[tokio::test]
async fn deleting_a_subcategory_takes_its_products_out_of_the_parents_listing() {
    let t = tree().await;
    // Linen holds the linen shirt and the draft: uncategorise the draft, then delete Linen.
    set_category(&t.client, &t.token, t.shop, &t.products[5], None).await;
    let deleted =
        t.client.delete(&format!("/api/site/sites/{}/categories/{}", t.shop, id(&t.linen)), Some(&t.token)).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text());

    let clothes =
        walk(&t.client, &format!("/api/site/public/shop/products?category_id={}", id(&t.clothes)), None).await;
    assert_eq!(clothes, ["Plain tee", "Wool hat", "Cotton shirt"]);
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM site.category_products WHERE category_id = $1::uuid")
        .bind(id(&t.linen))
        .fetch_one(&t.db.admin_pool())
        .await
        .unwrap();
    assert_eq!(rows, 0);
}

// ---- search ---------------------------------------------------------------

async fn shop_with(titles: &[&str], currency: &str, language: &str) -> (TestClient, TestDb, String, Uuid) {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    shop_settings(&db, shop, currency, language).await;
    for title in titles {
        priced(&client, &alice.token, shop, title, "10.00", 1).await;
    }
    (client, db, alice.token.clone(), shop)
}

async fn search(client: &TestClient, q: &str) -> Vec<String> {
    let q = encode(q);
    let mut found = walk(client, &format!("/api/site/public/shop/products?q={q}"), None).await;
    found.sort();
    found
}

#[tokio::test]
async fn a_french_shops_search_forgives_accents_plurals_prefixes_and_typos() {
    let (client, _db, _, _) =
        shop_with(&["Chemise lavée", "Pantalon en lin", "Chemisier à fleurs", "Écharpe"], "EUR", "fr-FR").await;

    assert_eq!(search(&client, "lave").await, ["Chemise lavée"], "accent-insensitive");
    assert_eq!(search(&client, "LAVÉE").await, ["Chemise lavée"]);
    assert_eq!(search(&client, "echarpe").await, ["Écharpe"]);
    assert_eq!(search(&client, "chem").await, ["Chemise lavée", "Chemisier à fleurs"], "prefix");
    // The plural's stem is a prefix of "chemisier" too: a prefix search finds both.
    assert_eq!(search(&client, "chemises").await, ["Chemise lavée", "Chemisier à fleurs"], "plural");
    assert_eq!(search(&client, "lavées").await, ["Chemise lavée"], "plural");
    assert_eq!(search(&client, "pantalons lins").await, ["Pantalon en lin"]);
    assert_eq!(search(&client, "chemisse").await, ["Chemise lavée", "Chemisier à fleurs"], "a typo");
    assert_eq!(search(&client, "pantalom").await, ["Pantalon en lin"], "a typo");
    assert!(search(&client, "voiture").await.is_empty());
}

#[tokio::test]
async fn an_english_shops_search_matches_plurals_by_their_english_stem() {
    let (client, _db, _, _) = shop_with(&["Linen shirt", "Running shoes", "Café mug"], "GBP", "en").await;

    assert_eq!(search(&client, "shirts").await, ["Linen shirt"]);
    assert_eq!(search(&client, "run").await, ["Running shoes"]);
    assert_eq!(search(&client, "shoe").await, ["Running shoes"]);
    assert_eq!(search(&client, "cafe mugs").await, ["Café mug"]);
}

#[tokio::test]
async fn a_japanese_title_is_found_by_a_word_inside_it() {
    let (client, _db, _, _) = shop_with(&["白いシャツです", "青いズボン", "Tシャツ 綿"], "JPY", "ja").await;

    assert_eq!(search(&client, "シャツ").await, ["Tシャツ 綿", "白いシャツです"]);
    assert_eq!(search(&client, "ズボン").await, ["青いズボン"]);
    assert_eq!(search(&client, "白い シャツ").await, ["白いシャツです"]);
    assert!(search(&client, "靴下").await.is_empty());
}

#[tokio::test]
async fn the_storefront_page_searches_like_the_api() {
    let (client, _db, _, _) = shop_with(&["Chemise lavée", "Pantalon"], "EUR", "fr").await;

    let page = client.get("/site/shop?q=chemises%20lave", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let page = page.text();
    assert!(page.contains("Chemise lavée") && !page.contains("Pantalon"));
}

#[tokio::test]
async fn the_merchant_finds_a_product_by_sku_exactly_or_by_prefix() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let shirt = product(&client, &alice.token, shop, json!({"title": "Linen shirt"})).await;
    for sku in ["LS-RED-M", "LS-RED-L"] {
        variant(&client, &alice.token, shop, &shirt, json!({"sku": sku, "price": "40.00", "currency": "EUR"})).await;
    }
    let mug = product(&client, &alice.token, shop, json!({"title": "Mug"})).await;
    variant(&client, &alice.token, shop, &mug, json!({"sku": "MUG_1", "price": "8.00", "currency": "EUR"})).await;
    let other = db.site(&alice, "other").await;
    let elsewhere = product(&client, &alice.token, other, json!({"title": "Elsewhere"})).await;
    variant(&client, &alice.token, other, &elsewhere, json!({"sku": "LS-RED-S", "price": "1.00", "currency": "EUR"}))
        .await;
    let merchant = |q: &str| {
        let q = encode(q);
        format!("/api/site/sites/{shop}/products?q={q}")
    };

    assert_eq!(walk(&client, &merchant("LS-RED-M"), Some(&alice.token)).await, ["Linen shirt"], "exact");
    assert_eq!(walk(&client, &merchant("ls-red"), Some(&alice.token)).await, ["Linen shirt"], "prefix, any case");
    assert_eq!(walk(&client, &merchant("MUG_1"), Some(&alice.token)).await, ["Mug"]);
    assert!(walk(&client, &merchant("MUGX1"), Some(&alice.token)).await.is_empty(), "_ is not a wildcard");
    assert!(walk(&client, &merchant("%"), Some(&alice.token)).await.is_empty(), "% is not a wildcard");
    assert!(walk(&client, &merchant("RED-M"), Some(&alice.token)).await.is_empty(), "a prefix, not a substring");
    // Shoppers do not search SKUs.
    assert!(walk(&client, "/api/site/public/shop/products?q=LS-RED-M", None).await.is_empty());
}

// ---- price sort led by the shop's currency ---------------------------------

#[tokio::test]
async fn the_price_sort_lists_the_shops_currency_first_then_each_other_currency() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    shop_settings(&db, shop, "EUR", "en").await;
    let gifts = category(&client, &alice.token, shop, json!({"name": "Gifts"})).await;
    for (title, price, currency) in [
        ("Euro 30", "30.00", "EUR"),
        ("Dollar 5", "5.00", "USD"),
        ("Euro 10", "10.00", "EUR"),
        ("Yen 1000", "1000", "JPY"),
        ("Pound 15", "15.00", "GBP"),
        ("Dollar 20", "20.00", "USD"),
        ("Franc 1", "1.00", "CHF"),
    ] {
        let created = product(&client, &alice.token, shop, json!({"title": format!("Gift {title}")})).await;
        let sku = title.replace(' ', "-");
        variant(&client, &alice.token, shop, &created, json!({"sku": sku, "price": price, "currency": currency})).await;
        set_category(&client, &alice.token, shop, &created, Some(&gifts)).await;
    }
    let asc = [
        "Gift Euro 10",
        "Gift Euro 30",
        "Gift Franc 1",
        "Gift Pound 15",
        "Gift Yen 1000",
        "Gift Dollar 5",
        "Gift Dollar 20",
    ];
    let desc = [
        "Gift Euro 30",
        "Gift Euro 10",
        "Gift Dollar 20",
        "Gift Dollar 5",
        "Gift Yen 1000",
        "Gift Pound 15",
        "Gift Franc 1",
    ];
    let gifts = id(&gifts);

    for base in [
        "/api/site/public/shop/products?".to_owned(),
        format!("/api/site/public/shop/products?category_id={gifts}&"),
        "/api/site/public/shop/products?q=gift&".to_owned(),
        format!("/api/site/public/shop/products?q=gift&category_id={gifts}&"),
    ] {
        assert_eq!(walk(&client, &format!("{base}sort=price_asc"), None).await, asc, "{base}");
        assert_eq!(walk(&client, &format!("{base}sort=price_desc"), None).await, desc, "{base}");
    }

    // The shop switches to dollars: dollars lead.
    // (Changed in the database, as the builder does: the storefront cache hears of it by
    // NOTIFY within milliseconds, so wait for it, at most 2 s.)
    shop_settings(&db, shop, "USD", "en").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    let dollars_first = loop {
        let listed = walk(&client, "/api/site/public/shop/products?sort=price_asc", None).await;
        if listed[0] == "Gift Dollar 5" || std::time::Instant::now() > deadline {
            break listed;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert_eq!(dollars_first[..3], ["Gift Dollar 5", "Gift Dollar 20", "Gift Franc 1"]);
    // The storefront page sorts the same way.
    let page = client.get("/site/shop?sort=price_asc", None).await.text();
    assert!(page.find("Gift Dollar 20").unwrap() < page.find("Gift Franc 1").unwrap());
}
