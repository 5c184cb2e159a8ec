//! Races against real PostgreSQL: simultaneous writes of the same product
//! slug or SKU, and a site deleted while its catalog is being written.

mod support;

use axum::http::StatusCode;
use serde_json::json;
use support::{app, product};

async fn all<T: Send + 'static>(tasks: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::with_capacity(tasks.len());
    for task in tasks {
        out.push(task.await.expect("a task panicked"));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_products_with_one_title_all_get_distinct_slugs() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;

    let answers = all((0..16)
        .map(|_| {
            let (client, token) = (client.clone(), alice.token.clone());
            tokio::spawn(async move {
                client
                    .post(&format!("/api/site/sites/{shop}/products"), Some(&token), json!({"title": "Blue Mug"}))
                    .await
            })
        })
        .collect())
    .await;

    let mut slugs: Vec<String> = answers
        .iter()
        .map(|a| {
            assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
            a.json()["slug"].as_str().unwrap().to_owned()
        })
        .collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 16, "every product has its own slug: {slugs:?}");
    assert!(slugs.contains(&"blue-mug".to_owned()) && slugs.contains(&"blue-mug-2".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_explicit_slugs_and_skus_have_exactly_one_winner() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let mug = product(&client, &alice.token, shop, json!({"title": "Mug"})).await;
    let variants = format!("/api/site/sites/{shop}/products/{}/variants", mug["id"].as_str().unwrap());

    let slug_answers = all((0..12)
        .map(|n| {
            let (client, token) = (client.clone(), alice.token.clone());
            tokio::spawn(async move {
                let body = json!({"title": format!("Cup {n}"), "slug": "the-cup"});
                client.post(&format!("/api/site/sites/{shop}/products"), Some(&token), body).await.status
            })
        })
        .collect())
    .await;
    let sku_answers = all((0..12)
        .map(|_| {
            let (client, token, uri) = (client.clone(), alice.token.clone(), variants.clone());
            tokio::spawn(async move {
                let body = json!({"sku": "MUG-1", "price": "9.90", "currency": "EUR", "stock_qty": 1});
                client.post(&uri, Some(&token), body).await.status
            })
        })
        .collect())
    .await;

    for answers in [slug_answers, sku_answers] {
        let created = answers.iter().filter(|s| **s == StatusCode::CREATED).count();
        let conflicts = answers.iter().filter(|s| **s == StatusCode::CONFLICT).count();
        assert_eq!((created, conflicts), (1, 11), "{answers:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deleting_a_site_while_its_catalog_is_written_leaves_nothing_visible() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "doomed").await;

    let writers: Vec<_> = (0..6)
        .map(|w| {
            let (client, token) = (client.clone(), alice.token.clone());
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                for n in 0..25 {
                    let created = client
                        .post(
                            &format!("/api/site/sites/{shop}/products"),
                            Some(&token),
                            json!({"title": format!("P {w}-{n}")}),
                        )
                        .await;
                    statuses.push(created.status);
                    if created.status == StatusCode::CREATED {
                        let id = created.json()["id"].as_str().unwrap().to_owned();
                        let body =
                            json!({"sku": format!("S-{w}-{n}"), "price": "1.00", "currency": "EUR", "stock_qty": 3});
                        let variant = client
                            .post(&format!("/api/site/sites/{shop}/products/{id}/variants"), Some(&token), body)
                            .await;
                        statuses.push(variant.status);
                    }
                }
                statuses
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    db.delete_site(shop).await;
    let statuses: Vec<StatusCode> = all(writers).await.into_iter().flatten().collect();

    assert!(
        statuses.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::NOT_FOUND),
        "only 201 before and 404 after the deletion: {statuses:?}"
    );
    assert!(statuses.contains(&StatusCode::NOT_FOUND), "the deletion happened during the writes");
    client.get("/api/site/public/doomed/products", None).await.assert_problem(StatusCode::NOT_FOUND);
    client
        .get(&format!("/api/site/sites/{shop}/products"), Some(&alice.token))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    assert_eq!(client.get("/site/doomed", None).await.status, StatusCode::NOT_FOUND);
    let media_role = db.pool_for(vitrine_common::db::ServiceDb::new("media", "vitrine_media"));
    let visible: i64 = sqlx::query_scalar("SELECT count(*) FROM site.product_directory WHERE site_id = $1")
        .bind(shop)
        .fetch_one(&media_role)
        .await
        .unwrap();
    assert_eq!(visible, 0, "no product of the deleted site is visible to other services");
}
