//! Which writes of media reach the storefront cache (site.catalog_versions).

// A panic in a helper here is the test's failure.
#![allow(clippy::unwrap_used)]

use uuid::Uuid;
use vitrine_testkit::TestDb;

async fn version(db: &TestDb, site: Uuid) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT COALESCE((SELECT version FROM site.catalog_versions WHERE site_id = $1), 0)")
        .bind(site)
        .fetch_one(&db.admin_pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_url_checker_rechecking_an_image_announces_nothing_but_finding_it_broken_does() {
    let db = TestDb::new().await;
    let merchant = db.merchant("mona").await;
    let site = db.site(&merchant, "mona-shop").await;
    let media = db.pool_for(vitrine_media::DB);
    let image = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO media.media (id, site_id, product_id, url, sort_order) VALUES ($1, $2, $3, 'https://img.example/a.jpg', 0)",
    )
    .bind(image)
    .bind(site)
    .bind(Uuid::now_v7())
    .execute(&media)
    .await
    .unwrap();
    let added = version(&db, site).await;
    assert!(added > 0, "a new image is announced");

    // A round of the checker that finds it as it was: same verdict, new timestamp.
    for _ in 0..3 {
        sqlx::query(
            "UPDATE media.media SET check_status = 'ok', check_http_status = 200, checked_at = now() WHERE id = $1",
        )
        .bind(image)
        .execute(&media)
        .await
        .unwrap();
    }
    let rechecked = version(&db, site).await;
    assert_eq!(rechecked, added + 1, "unchecked → ok once (broken images are left off pages), then nothing");

    sqlx::query(
        "UPDATE media.media SET check_status = 'broken', check_http_status = 404, checked_at = now() WHERE id = $1",
    )
    .bind(image)
    .execute(&media)
    .await
    .unwrap();
    assert_eq!(version(&db, site).await, rechecked + 1, "a broken image leaves the page: announced");
    sqlx::query("UPDATE media.media SET alt = 'A linen shirt' WHERE id = $1")
        .bind(image)
        .execute(&media)
        .await
        .unwrap();
    assert_eq!(version(&db, site).await, rechecked + 2, "its text changed: announced");
}
