//! The media service's HTTP contract, driven through its router against real
//! PostgreSQL (a fresh database per test). Products are arranged directly in
//! the site service's table, as the site service would write them.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;
use vitrine_common::db::ServiceDb;
use vitrine_common::resource::ScopedState;
use vitrine_common::service::Service;
use vitrine_media::Config;
use vitrine_testkit::keys;
use vitrine_testkit::service::{assert_denied, count_until_zero, dangling_refs};
use vitrine_testkit::{Merchant, TestClient, TestDb};

async fn media() -> (TestClient, TestDb) {
    let db = TestDb::new().await;
    let config = Config {
        tokens: keys::token_config(),
        public_url: None,
        storage: Default::default(),
        checker: Default::default(),
    };
    let state = ScopedState::new(&config.tokens, db.pool_for(vitrine_media::DB)).expect("media state");
    let app = vitrine_common::server::stack(vitrine_media::app(state), Duration::from_secs(30));
    (TestClient::new(app), db)
}

/// Arranges a product of `site` in the site service's table; returns its id.
async fn product(db: &TestDb, site: Uuid, slug: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query("INSERT INTO site.products (id, site_id, title, slug) VALUES ($1, $2, $3, $3)")
        .bind(id)
        .bind(site)
        .bind(slug)
        .execute(&db.admin_pool())
        .await
        .expect("inserting a product");
    id
}

async fn delete_product(db: &TestDb, id: Uuid) {
    sqlx::query("DELETE FROM site.products WHERE id = $1")
        .bind(id)
        .execute(&db.admin_pool())
        .await
        .expect("deleting a product");
}

fn media_of(site: Uuid, product: Uuid) -> String {
    format!("/api/media/sites/{site}/products/{product}/media")
}

fn public_media_of(slug: &str, product: Uuid) -> String {
    format!("/api/media/public/{slug}/products/{product}/media")
}

async fn add(client: &TestClient, owner: &Merchant, site: Uuid, product: Uuid, body: Value) -> Value {
    let response = client.post(&media_of(site, product), Some(&owner.token), body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

fn urls(page: &Value) -> Vec<String> {
    page["items"].as_array().expect("items").iter().map(|m| m["url"].as_str().unwrap_or_default().to_owned()).collect()
}

/// A merchant with a site `shop` that has one product.
async fn shop(db: &TestDb) -> (Merchant, Uuid, Uuid) {
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let product = product(db, site, "shoe").await;
    (alice, site, product)
}

// ---- merchant CRUD ---------------------------------------------------------

#[tokio::test]
async fn an_image_is_added_read_changed_and_removed() {
    let (client, db) = media().await;
    let (alice, site, product) = shop(&db).await;

    let response = client
        .post(
            &media_of(site, product),
            Some(&alice.token),
            json!({"url": "https://cdn.example.com/a.jpg", "alt": "Side"}),
        )
        .await;

    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let created = response.json();
    let id = created["id"].as_str().unwrap();
    let url = format!("{}/{id}", media_of(site, product));
    assert_eq!(response.header("location"), Some(url.as_str()));
    assert_eq!(created["product_id"], product.to_string());
    assert_eq!(created["url"], "https://cdn.example.com/a.jpg");
    assert_eq!(created["alt"], "Side");
    assert_eq!(created["sort_order"], 0);
    assert_eq!(client.get(&url, Some(&alice.token)).await.json(), created);

    let changed = client.patch(&url, Some(&alice.token), json!({"sort_order": 5})).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
    assert_eq!(changed.json()["sort_order"], 5);
    assert_eq!(changed.json()["alt"], "Side", "absent: unchanged");
    let cleared = client.patch(&url, Some(&alice.token), json!({"alt": null})).await.json();
    assert_eq!(cleared["alt"], Value::Null, "null: removed");
    assert_eq!(cleared["url"], "https://cdn.example.com/a.jpg");

    assert_eq!(client.delete(&url, Some(&alice.token)).await.status, StatusCode::NO_CONTENT);
    client.get(&url, Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
    client.delete(&url, Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn images_without_a_position_go_after_the_last_one() {
    let (client, db) = media().await;
    let (alice, site, product) = shop(&db).await;

    let first = add(&client, &alice, site, product, json!({"url": "https://x.io/1.jpg"})).await;
    let placed = add(&client, &alice, site, product, json!({"url": "https://x.io/9.jpg", "sort_order": 9})).await;
    let appended = add(&client, &alice, site, product, json!({"url": "https://x.io/10.jpg"})).await;

    assert_eq!((first["sort_order"].clone(), placed["sort_order"].clone()), (json!(0), json!(9)));
    assert_eq!(appended["sort_order"], 10);
}

#[tokio::test]
async fn invalid_images_list_every_invalid_field() {
    let (client, db) = media().await;
    let (alice, site, product) = shop(&db).await;

    let response = client
        .post(
            &media_of(site, product),
            Some(&alice.token),
            json!({"url": "javascript:alert(1)", "alt": "a".repeat(501), "sort_order": -1}),
        )
        .await;
    let patch_url = format!("{}/{}", media_of(site, product), Uuid::now_v7());
    let patch = client.patch(&patch_url, Some(&alice.token), json!({"url": "ftp://x.io/a", "sort_order": -5})).await;

    let body = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["url", "alt", "sort_order"]);
    let body = patch.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"].as_array().unwrap().len(), 2, "{body}");
}

#[tokio::test]
async fn urls_are_http_or_https_with_a_host_and_at_most_2048_characters() {
    let (client, db) = media().await;
    let (alice, site, product) = shop(&db).await;
    let long = format!("https://x.io/{}", "a".repeat(2048 - 13));

    for bad in ["", "x.io/a.jpg", "ftp://x.io/a.jpg", "data:image/png;base64,AA", "https://", "https://x.io/a b.jpg"] {
        let response = client.post(&media_of(site, product), Some(&alice.token), json!({"url": bad})).await;
        assert_eq!(response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "url", "{bad}");
    }
    let too_long = client.post(&media_of(site, product), Some(&alice.token), json!({"url": format!("{long}a")})).await;
    too_long.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    add(&client, &alice, site, product, json!({"url": long})).await;
    add(&client, &alice, site, product, json!({"url": "HTTP://X.IO/A.JPG"})).await;
}

#[tokio::test]
async fn the_product_must_exist_in_that_site() {
    let (client, db) = media().await;
    let (alice, site, _product) = shop(&db).await;
    let other_site = db.site(&alice, "other").await;
    let elsewhere = product(&db, other_site, "hat").await;
    let body = json!({"url": "https://x.io/a.jpg"});

    let unknown = client.post(&media_of(site, Uuid::now_v7()), Some(&alice.token), body.clone()).await;
    let other_sites = client.post(&media_of(site, elsewhere), Some(&alice.token), body.clone()).await;
    let list = client.get(&media_of(site, elsewhere), Some(&alice.token)).await;

    assert_eq!(unknown.assert_problem(StatusCode::NOT_FOUND)["detail"], "No such product.");
    other_sites.assert_problem(StatusCode::NOT_FOUND);
    list.assert_problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_products_images_are_listed_in_order_one_page_at_a_time() {
    let (client, db) = media().await;
    let (alice, site, product) = shop(&db).await;
    let other = crate::product(&db, site, "hat").await;
    for (url, order) in [("https://x.io/c", 2), ("https://x.io/a", 0), ("https://x.io/b1", 1), ("https://x.io/b2", 1)] {
        add(&client, &alice, site, product, json!({"url": url, "sort_order": order})).await;
    }
    add(&client, &alice, site, other, json!({"url": "https://x.io/hat"})).await;

    let first = client.get(&format!("{}?limit=3", media_of(site, product)), Some(&alice.token)).await.json();
    let cursor = first["next_cursor"].as_str().expect("a next page");
    let second =
        client.get(&format!("{}?limit=3&cursor={cursor}", media_of(site, product)), Some(&alice.token)).await.json();

    assert_eq!(urls(&first), ["https://x.io/a", "https://x.io/b1", "https://x.io/b2"], "ties in creation order");
    assert_eq!(urls(&second), ["https://x.io/c"]);
    assert_eq!(second["next_cursor"], Value::Null);
    client
        .get(&format!("{}?cursor=AAAA", media_of(site, product)), Some(&alice.token))
        .await
        .assert_problem(StatusCode::BAD_REQUEST);
}

// ---- public list and the cover ---------------------------------------------

#[tokio::test]
async fn the_public_list_shows_a_products_images_in_order_by_site_slug() {
    let (client, db) = media().await;
    let (alice, site, product) = shop(&db).await;
    add(&client, &alice, site, product, json!({"url": "https://x.io/2", "sort_order": 2})).await;
    add(&client, &alice, site, product, json!({"url": "https://x.io/1", "sort_order": 1, "alt": "Front"})).await;
    db.site(&alice, "other").await;

    let page = client.get(&public_media_of("shop", product), None).await;

    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert_eq!(urls(&page.json()), ["https://x.io/1", "https://x.io/2"]);
    assert_eq!(page.json()["items"][0]["alt"], "Front");
    client.get(&public_media_of("other", product), None).await.assert_problem(StatusCode::NOT_FOUND);
    client.get(&public_media_of("nowhere", product), None).await.assert_problem(StatusCode::NOT_FOUND);
    client.get(&public_media_of("shop", Uuid::now_v7()), None).await.assert_problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_published_cover_is_each_products_first_image_and_the_site_role_reads_it() {
    let (client, db) = media().await;
    let (alice, site, shoe) = shop(&db).await;
    let hat = product(&db, site, "hat").await;
    let bare = product(&db, site, "bare").await;
    add(&client, &alice, site, shoe, json!({"url": "https://x.io/shoe-2", "sort_order": 2})).await;
    add(&client, &alice, site, shoe, json!({"url": "https://x.io/shoe-1", "sort_order": 1, "alt": "Shoe"})).await;
    add(&client, &alice, site, hat, json!({"url": "https://x.io/hat-a", "sort_order": 0})).await;
    add(&client, &alice, site, hat, json!({"url": "https://x.io/hat-b", "sort_order": 0})).await;
    let site_role = db.pool_for(ServiceDb::new("site", "vitrine_site"));

    let covers: Vec<(Uuid, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT p.id, c.url, c.alt FROM site.products p
         LEFT JOIN media.product_cover c ON c.product_id = p.id
         ORDER BY p.slug",
    )
    .fetch_all(&site_role)
    .await
    .unwrap();

    assert_eq!(
        covers,
        [
            (bare, None, None),
            (hat, Some("https://x.io/hat-a".to_owned()), None),
            (shoe, Some("https://x.io/shoe-1".to_owned()), Some("Shoe".to_owned())),
        ],
        "the first by sort_order, then by id"
    );
}

// ---- isolation -------------------------------------------------------------

#[tokio::test]
async fn every_merchant_route_answers_another_merchant_as_if_nothing_existed() {
    let (client, db) = media().await;
    let (alice, site, product) = shop(&db).await;
    let mallory = db.merchant("mallory").await;
    let image = add(&client, &alice, site, product, json!({"url": "https://x.io/a"})).await;
    let url = format!("{}/{}", media_of(site, product), image["id"].as_str().unwrap());
    let token = Some(mallory.token.as_str());

    client.get(&media_of(site, product), token).await.assert_problem(StatusCode::NOT_FOUND);
    client
        .post(&media_of(site, product), token, json!({"url": "https://evil.io/x"}))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    client.get(&url, token).await.assert_problem(StatusCode::NOT_FOUND);
    client.patch(&url, token, json!({"url": "https://evil.io/x"})).await.assert_problem(StatusCode::NOT_FOUND);
    client.delete(&url, token).await.assert_problem(StatusCode::NOT_FOUND);

    assert_eq!(client.get(&url, Some(&alice.token)).await.json()["url"], "https://x.io/a");
}

#[tokio::test]
async fn an_image_is_reached_only_through_its_own_site_and_product() {
    let (client, db) = media().await;
    let (alice, site, shoe) = shop(&db).await;
    let hat = product(&db, site, "hat").await;
    let other_site = db.site(&alice, "other").await;
    let image = add(&client, &alice, site, shoe, json!({"url": "https://x.io/a"})).await;
    let id = image["id"].as_str().unwrap();

    for url in [format!("{}/{id}", media_of(site, hat)), format!("{}/{id}", media_of(other_site, shoe))] {
        client.get(&url, Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
        client.patch(&url, Some(&alice.token), json!({"sort_order": 3})).await.assert_problem(StatusCode::NOT_FOUND);
        client.delete(&url, Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn merchant_routes_need_a_token_and_malformed_ids_are_404() {
    let (client, db) = media().await;
    let (alice, site, product) = shop(&db).await;

    let anonymous = client.get(&media_of(site, product), None).await;
    let bad_product = client.get(&format!("/api/media/sites/{site}/products/nope/media"), Some(&alice.token)).await;
    let bad_id = client.get(&format!("{}/nope", media_of(site, product)), Some(&alice.token)).await;

    anonymous.assert_problem(StatusCode::UNAUTHORIZED);
    bad_product.assert_problem(StatusCode::NOT_FOUND);
    bad_id.assert_problem(StatusCode::NOT_FOUND);
}

// ---- deleted products and sites --------------------------------------------

#[tokio::test]
async fn a_deleted_products_images_vanish_at_once_and_are_swept_soon_after() {
    let (client, db) = media().await;
    let (alice, site, shoe) = shop(&db).await;
    let hat = product(&db, site, "hat").await;
    let image = add(&client, &alice, site, shoe, json!({"url": "https://x.io/shoe"})).await;
    add(&client, &alice, site, hat, json!({"url": "https://x.io/hat"})).await;
    let url = format!("{}/{}", media_of(site, shoe), image["id"].as_str().unwrap());

    delete_product(&db, shoe).await;

    client.get(&url, Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
    client.patch(&url, Some(&alice.token), json!({"sort_order": 1})).await.assert_problem(StatusCode::NOT_FOUND);
    client.get(&public_media_of("shop", shoe), None).await.assert_problem(StatusCode::NOT_FOUND);
    let pool = db.pool_for(vitrine_media::DB);
    assert_eq!(vitrine_media::media::sweep_deleted_products(&pool, None).await.unwrap(), 1);
    let left: Vec<String> =
        sqlx::query_scalar("SELECT url FROM media.media").fetch_all(&db.admin_pool()).await.unwrap();
    assert_eq!(left, ["https://x.io/hat"]);
}

#[tokio::test]
async fn a_deleted_sites_images_vanish_at_once_and_are_swept_soon_after() {
    let (client, db) = media().await;
    let (alice, site, shoe) = shop(&db).await;
    add(&client, &alice, site, shoe, json!({"url": "https://x.io/shoe"})).await;

    db.delete_site(site).await;

    client.get(&public_media_of("shop", shoe), None).await.assert_problem(StatusCode::NOT_FOUND);
    client.get(&media_of(site, shoe), Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
    let cover: i64 =
        sqlx::query_scalar("SELECT count(*) FROM media.media m JOIN site.product_directory p ON p.id = m.product_id")
            .fetch_one(&db.admin_pool())
            .await
            .unwrap();
    assert_eq!(cover, 0);
    let pool = db.pool_for(vitrine_media::DB);
    assert_eq!(vitrine_media::media::sweep_deleted_products(&pool, None).await.unwrap(), 1);
}

#[tokio::test]
async fn the_service_as_its_binary_runs_it_sweeps_deleted_products_by_itself() {
    let (client, db) = media().await;
    let (alice, site, shoe) = shop(&db).await;
    add(&client, &alice, site, shoe, json!({"url": "https://x.io/shoe"})).await;
    delete_product(&db, shoe).await;
    let config = Config {
        tokens: keys::token_config(),
        public_url: None,
        storage: Default::default(),
        checker: Default::default(),
    };

    // Its sweeper runs once at start, then every minute.
    let _app = <vitrine_media::Media as Service>::app(&config, db.pool_for(vitrine_media::DB)).expect("the app");

    assert_eq!(count_until_zero(&db.admin_pool(), "SELECT count(*) FROM media.media").await, 0);
}

// ---- documentation ---------------------------------------------------------

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_swagger_is_served() {
    let (client, _db) = media().await;

    let document = client.get("/api/media/openapi.json", None).await.json();

    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/media/sites/{site_id}/products/{product_id}/media",
        "/api/media/sites/{site_id}/products/{product_id}/media/{id}",
        "/api/media/public/{site_slug}/products/{product_id}/media",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    assert_eq!(dangling_refs(&document), Vec::<String>::new(), "every $ref names a schema");
    let item = &paths["/api/media/sites/{site_id}/products/{product_id}/media/{id}"];
    assert!(item["patch"]["responses"]["422"].is_object() && item["delete"]["responses"]["401"].is_object());
    assert_eq!(client.get("/api/media/docs/", None).await.status, StatusCode::OK);
}

// ---- least privilege -------------------------------------------------------

#[tokio::test]
async fn the_media_role_reads_the_published_directories_but_not_the_tables_behind_them() {
    let (_client, db) = media().await;
    let (_alice, _site, _product) = shop(&db).await;
    let role = db.pool_for(vitrine_media::DB);

    let products: i64 =
        sqlx::query_scalar("SELECT count(*) FROM site.product_directory").fetch_one(&role).await.unwrap();
    let sites: i64 = sqlx::query_scalar("SELECT count(*) FROM builder.site_directory").fetch_one(&role).await.unwrap();

    assert_eq!((products, sites), (1, 1));
    assert_denied(sqlx::query("SELECT title FROM site.products").fetch_all(&role).await);
    assert_denied(sqlx::query("SELECT sku FROM site.variants").fetch_all(&role).await);
    assert_denied(sqlx::query("DELETE FROM site.products").execute(&role).await);
    assert_denied(sqlx::query("SELECT username FROM builder.users").fetch_all(&role).await);
    assert_denied(sqlx::query("SELECT code FROM promotion.promotions").fetch_all(&role).await);
}

#[tokio::test]
async fn other_services_read_only_the_published_cover() {
    let (_client, db) = media().await;
    let site_role = db.pool_for(ServiceDb::new("site", "vitrine_site"));
    let promotion_role = db.pool_for(ServiceDb::new("promotion", "vitrine_promotion"));

    sqlx::query("SELECT product_id, url, alt FROM media.product_cover").fetch_all(&site_role).await.unwrap();
    assert_denied(sqlx::query("SELECT url FROM media.media").fetch_all(&site_role).await);
    assert_denied(sqlx::query("DELETE FROM media.product_cover").execute(&site_role).await);
    assert_denied(sqlx::query("SELECT url FROM media.product_cover").fetch_all(&promotion_role).await);
}

#[tokio::test]
async fn an_https_deployment_takes_https_images_of_public_hosts_only() {
    let db = TestDb::new().await;
    let config = Config {
        tokens: keys::token_config(),
        public_url: Some("https://shops.example.com".to_owned()),
        storage: Default::default(),
        checker: Default::default(),
    };
    let app = <vitrine_media::Media as Service>::app(&config, db.pool_for(vitrine_media::DB)).expect("the app");
    let client = TestClient::new(vitrine_common::server::stack(app, Duration::from_secs(30)));
    let (alice, site, shoe) = shop(&db).await;

    add(&client, &alice, site, shoe, json!({"url": "https://cdn.example.com/shoe.jpg"})).await;
    for url in ["http://cdn.example.com/shoe.jpg", "https://169.254.169.254/latest/meta-data", "https://[::1]/x.png"] {
        let refused = client.post(&media_of(site, shoe), Some(&alice.token), json!({"url": url})).await;
        refused.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.json()["errors"][0]["field"], "url", "{url}");
    }
}
