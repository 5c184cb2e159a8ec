//! The storefront speaks the shop's language: `<html lang>` and money written
//! as that language writes it (issue 22), on the catalog and product pages.

mod support;

use axum::http::StatusCode;
use serde_json::json;
use support::{app, priced, product, variant};

/// `<html lang>` and every amount of `path`, spaces made plain for comparison.
async fn page(client: &vitrine_testkit::TestClient, path: &str) -> String {
    let response = client.get(path, None).await;
    assert_eq!(response.status, StatusCode::OK, "{path}: {}", response.text());
    response.text().replace(['\u{a0}', '\u{202f}'], " ")
}

#[tokio::test]
async fn a_french_shop_writes_its_prices_the_french_way() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "maison").await;
    sqlx::query("UPDATE builder.sites SET language = 'fr-FR', currency = 'EUR' WHERE id = $1")
        .bind(shop)
        .execute(&db.admin_pool())
        .await
        .unwrap();
    priced(&client, &alice.token, shop, "Chemise en lin", "1259.90", 3).await;

    let catalog = page(&client, "/site/maison").await;
    let product_page = page(&client, "/site/maison/products/chemise-en-lin").await;

    for html in [&catalog, &product_page] {
        assert!(html.contains(r#"<html lang="fr-FR">"#), "{html}");
        assert!(html.contains("1 259,90 €"), "{html}");
        assert!(!html.contains("1259.90"), "{html}");
    }
}

#[tokio::test]
async fn a_japanese_shop_writes_yen_without_decimals_and_an_english_one_with_the_symbol_first() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let tokyo = db.site(&alice, "tokyo").await;
    let london = db.site(&alice, "london").await;
    sqlx::query("UPDATE builder.sites SET language = 'ja', currency = 'JPY' WHERE id = $1")
        .bind(tokyo)
        .execute(&db.admin_pool())
        .await
        .unwrap();
    let tea = product(&client, &alice.token, tokyo, json!({"title": "Tea bowl"})).await;
    variant(
        &client,
        &alice.token,
        tokyo,
        &tea,
        json!({"sku": "BOWL", "price": "12800", "currency": "JPY", "stock_qty": 2}),
    )
    .await;
    priced(&client, &alice.token, london, "Scarf", "59.90", 2).await;

    let japanese = page(&client, "/site/tokyo").await;
    let english = page(&client, "/site/london/products/scarf").await;

    assert!(japanese.contains(r#"<html lang="ja">"#) && japanese.contains("¥12,800"), "{japanese}");
    assert!(english.contains(r#"<html lang="en">"#) && english.contains("€59.90"), "{english}");
}
