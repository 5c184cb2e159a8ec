//! The storefront product page shows every image of a product (the media
//! service's published `media.product_images`), with srcset, alt text and
//! lazy loading; images the media checker found broken are left out.

mod support;

use axum::http::StatusCode;
use serde_json::json;
use uuid::Uuid;
use vitrine_testkit::TestDb;

/// Writes an image row as the media service does.
async fn image(
    db: &TestDb,
    (site, product): (Uuid, Uuid),
    order: i32,
    url: &str,
    alt: Option<&str>,
    versions: serde_json::Value,
    status: &str,
) {
    let id = Uuid::now_v7();
    let key = url.strip_prefix("/api/media/files/");
    sqlx::query(
        "INSERT INTO media.media (id, site_id, product_id, url, alt, sort_order, storage_key, versions, check_status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(site)
    .bind(product)
    .bind(url)
    .bind(alt)
    .bind(order)
    .bind(key)
    .bind(versions)
    .bind(status)
    .execute(&db.admin_pool())
    .await
    .expect("inserting an image");
}

#[tokio::test]
async fn the_product_page_shows_every_image_in_order_with_srcset_and_alt() {
    let (client, db) = support::app().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let tee = support::priced(&client, &alice.token, site, "Linen tee", "29.00", 5).await;
    let id = Uuid::parse_str(tee["id"].as_str().expect("id")).expect("uuid");
    let key = format!("sites/{site}/{}", Uuid::now_v7());
    let versions = json!([
        {"width": 320, "height": 400, "url": format!("/api/media/files/{key}/w320.jpg"), "key": format!("{key}/w320.jpg")},
        {"width": 800, "height": 1000, "url": format!("/api/media/files/{key}/w800.jpg"), "key": format!("{key}/w800.jpg")},
    ]);
    image(&db, (site, id), 2, "https://cdn.example.com/back.jpg", Some("Back view"), json!([]), "ok").await;
    image(&db, (site, id), 1, &format!("/api/media/files/{key}/original.png"), Some("Front view"), versions, "ok")
        .await;
    image(&db, (site, id), 3, "https://cdn.example.com/gone.jpg", Some("Gone"), json!([]), "broken").await;
    image(&db, (site, id), 4, "https://cdn.example.com/side.jpg", None, json!([]), "unchecked").await;

    let page = client.get("/site/shop/products/linen-tee", None).await;

    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    let front = html.find("alt=\"Front view\"").expect("the first image");
    let back = html.find("alt=\"Back view\"").expect("the second image");
    let side = html.find("src=\"https://cdn.example.com/side.jpg\"").expect("the fourth image");
    assert!(front < back && back < side, "in order");
    assert!(!html.contains("gone.jpg"), "a broken image is not shown");
    assert!(
        html.contains(&format!(
            "srcset=\"/api/media/files/{key}/w320.jpg 320w, /api/media/files/{key}/w800.jpg 800w\""
        ))
    );
    // The largest version stands in for the original; only the first loads eagerly.
    assert!(html.contains(&format!("src=\"/api/media/files/{key}/w800.jpg\"")));
    assert_eq!(html.matches("loading=\"eager\"").count(), 1);
    // An image without alt text is described by the product's title.
    assert!(
        html.contains("src=\"https://cdn.example.com/side.jpg\" alt=\"Linen tee\"")
            || html.contains("alt=\"Linen tee\"")
    );
    // Three images: thumbnails link to each.
    for n in 1..=3 {
        assert!(html.contains(&format!("href=\"#image-{n}\"")), "thumbnail {n}");
        assert!(html.contains(&format!("id=\"image-{n}\"")), "slide {n}");
    }
    assert!(!html.contains("href=\"#image-4\""));
}

#[tokio::test]
async fn a_product_without_images_keeps_its_initial_and_one_image_has_no_thumbnails() {
    let (client, db) = support::app().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    support::priced(&client, &alice.token, site, "Plain mug", "9.00", 5).await;
    let cup = support::priced(&client, &alice.token, site, "Cup", "5.00", 5).await;
    let cup_id = Uuid::parse_str(cup["id"].as_str().expect("id")).expect("uuid");
    image(&db, (site, cup_id), 0, "https://cdn.example.com/cup.jpg", Some("A cup"), json!([]), "ok").await;

    let mug = client.get("/site/shop/products/plain-mug", None).await.text();
    assert!(mug.contains("class=\"initial\""), "no image: the initial");
    let cup = client.get("/site/shop/products/cup", None).await.text();
    assert!(cup.contains("alt=\"A cup\""));
    assert!(!cup.contains("class=\"thumbs\""), "one image needs no thumbnails");
}
