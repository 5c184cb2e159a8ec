//! The storefront read cache (ADR 0028), against real PostgreSQL and over
//! real sockets: instances of the site service on port 0 sharing one
//! database, as replicas do.

mod support;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;
use vitrine_common::config::PublicUrlConfig;
use vitrine_common::db::ServiceDb;
use vitrine_common::health::{self, Pools};
use vitrine_site::cache::StorefrontCache;
use vitrine_site::config::CacheConfig;
use vitrine_testkit::{TestDb, keys};

use support::PUBLIC_URL;

/// One running instance of the site service.
struct Instance {
    base: String,
    cache: StorefrontCache,
    http: reqwest::Client,
}

struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.text))
    }
}

/// Starts an instance on `db` with `cache` settings, and waits until it listens for changes.
async fn instance(db: &TestDb, cache: CacheConfig) -> Instance {
    let config = vitrine_site::Config {
        tokens: keys::token_config(),
        public: PublicUrlConfig { public_url: PUBLIC_URL.to_owned() },
        cache,
    };
    let pool = db.pool_for(vitrine_site::DB);
    let state = config.state(pool.clone()).expect("site state");
    let cache = state.cache.clone();
    let app = vitrine_common::server::stack(vitrine_site::app(state), Duration::from_secs(30))
        .merge(health::router(Pools(vec![("site", pool)])));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("its address"));
    tokio::spawn(vitrine_common::server::serve(listener, app, std::future::pending(), Duration::from_secs(1)));
    wait_until(Duration::from_secs(5), || cache.is_listening()).await.expect("the cache listens for changes");
    Instance { base, cache, http: reqwest::Client::new() }
}

/// Waits until the cache has heard the arrangement's own notifications (no
/// new invalidation for 150 ms), so what a test counts afterwards is its own.
async fn settle(cache: &StorefrontCache) {
    let start = Instant::now();
    let mut last = (cache.stats().invalidations, Instant::now());
    while start.elapsed() < Duration::from_secs(3) && last.1.elapsed() < Duration::from_millis(150) {
        tokio::time::sleep(Duration::from_millis(10)).await;
        let heard = cache.stats().invalidations;
        if heard != last.0 {
            last = (heard, Instant::now());
        }
    }
}

/// Polls `condition` every 5 ms until it holds (its time) or `limit` passes (None).
async fn wait_until(limit: Duration, mut condition: impl FnMut() -> bool) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if condition() {
            return Some(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    None
}

impl Instance {
    async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("an answer");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a body");
        Answer { status, headers, text }
    }

    async fn get(&self, path: &str) -> Answer {
        self.send(self.http.get(format!("{}{path}", self.base))).await
    }

    async fn get_with(&self, path: &str, name: &str, value: &str) -> Answer {
        self.send(self.http.get(format!("{}{path}", self.base)).header(name, value)).await
    }

    async fn write(&self, method: reqwest::Method, path: &str, token: &str, body: Value) -> Value {
        let request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body.to_string());
        let answer = self.send(request).await;
        assert!(answer.status.is_success(), "{path}: {} {}", answer.status, answer.text);
        answer.json()
    }

    /// A product with one variant (EUR) in stock `stock`; returns (product, variant).
    async fn product(&self, token: &str, site: Uuid, title: &str, price: &str, stock: i32) -> (Value, Value) {
        let product = self
            .write(reqwest::Method::POST, &format!("/api/site/sites/{site}/products"), token, json!({"title": title}))
            .await;
        let sku = format!("SKU-{}", Uuid::now_v7().simple());
        let variant = self
            .write(
                reqwest::Method::POST,
                &format!("/api/site/sites/{site}/products/{}/variants", product["id"].as_str().expect("an id")),
                token,
                json!({"sku": sku, "price": price, "currency": "EUR", "stock_qty": stock}),
            )
            .await;
        (product, variant)
    }
}

fn titles(page: &Value) -> Vec<String> {
    page["items"].as_array().into_iter().flatten().filter_map(|p| p["title"].as_str().map(str::to_owned)).collect()
}

/// Renames a product behind every instance's back (as another replica, or a script, would).
async fn rename_in_database(admin: &PgPool, product: &Value, title: &str) {
    let id = Uuid::parse_str(product["id"].as_str().expect("an id")).expect("a uuid");
    sqlx::query("UPDATE site.products SET title = $1 WHERE id = $2")
        .bind(title)
        .bind(id)
        .execute(admin)
        .await
        .expect("renaming");
}

#[tokio::test]
async fn a_write_is_visible_on_the_next_read_of_the_same_instance() {
    let db = TestDb::new().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let a = instance(&db, CacheConfig::default()).await;
    let (shirt, _) = a.product(&alice.token, shop, "Shirt", "10.00", 5).await;
    settle(&a.cache).await;
    let listing = "/api/site/public/shop/products";
    let before = a.get(listing).await;
    let page_before = a.get("/site/shop").await;
    assert_eq!(a.get(listing).await.text, before.text);
    let hits_before = a.cache.stats().hits;
    assert!(hits_before >= 1, "the second read came from memory");

    let path = format!("/api/site/sites/{shop}/products/{}", shirt["id"].as_str().unwrap());
    a.write(reqwest::Method::PATCH, &path, &alice.token, json!({"title": "Linen shirt"})).await;
    let after = a.get(listing).await;
    let page_after = a.get("/site/shop").await;

    assert_eq!(titles(&before.json()), ["Shirt"]);
    assert_eq!(titles(&after.json()), ["Linen shirt"], "the very next read shows the write");
    assert!(page_before.text.contains("Shirt") && !page_before.text.contains("Linen shirt"));
    assert!(page_after.text.contains("Linen shirt"), "the page too");
}

#[tokio::test]
async fn a_write_on_one_instance_is_visible_on_another_within_a_second() {
    let db = TestDb::new().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let a = instance(&db, CacheConfig::default()).await;
    let b = instance(&db, CacheConfig::default()).await;
    let (shirt, variant) = a.product(&alice.token, shop, "Shirt", "10.00", 5).await;
    let product = "/api/site/public/shop/products/shirt";
    // The arrangement's own notifications first; then B holds the answer.
    settle(&b.cache).await;
    assert_eq!(b.get(product).await.json()["variants"][0]["price"], "10.00");
    assert_eq!(b.get(product).await.json()["variants"][0]["price"], "10.00");
    let hits = b.cache.stats().hits;
    assert!(hits >= 1, "B serves it from memory");

    let path = format!(
        "/api/site/sites/{shop}/products/{}/variants/{}",
        shirt["id"].as_str().unwrap(),
        variant["id"].as_str().unwrap()
    );
    a.write(reqwest::Method::PATCH, &path, &alice.token, json!({"price": "12.50"})).await;
    let written = Instant::now();
    let mut seen = None;
    while written.elapsed() < Duration::from_secs(1) {
        if b.get(product).await.json()["variants"][0]["price"] == "12.50" {
            seen = Some(written.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    let seen = seen.expect("B shows A's write within a second");
    println!("B saw A's write after {seen:?}");
}

/// Sends `signal` to a local process (a PostgreSQL backend of the test's own server).
fn signal(pid: i32, signal: &str) {
    let status = std::process::Command::new("kill").args([signal, &pid.to_string()]).status().expect("kill runs");
    assert!(status.success(), "kill {signal} {pid}: the test server must run on this machine");
}

/// Resumes a stopped backend whatever happens to the test.
struct Resume(i32);

impl Drop for Resume {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill").args(["-CONT", &self.0.to_string()]).status();
    }
}

#[tokio::test]
async fn a_lost_listener_falls_back_to_the_ttl_then_listens_again_and_invalidates() {
    let db = TestDb::new().await;
    let admin = db.admin_pool();
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let ttl = Duration::from_secs(2);
    let a = instance(&db, CacheConfig { site_cache_ttl_secs: ttl.as_secs(), ..CacheConfig::default() }).await;
    let (shirt, _) = a.product(&alice.token, shop, "Shirt", "10.00", 5).await;
    let product = "/api/site/public/shop/products/shirt";
    settle(&a.cache).await;
    let listeners: Vec<i32> = sqlx::query_scalar(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'",
    )
    .fetch_all(&admin)
    .await
    .unwrap();
    assert_eq!(listeners.len(), 1, "one listening connection");
    let listener = listeners[0];
    assert_eq!(a.get(product).await.json()["title"], "Shirt");

    // The listening connection goes deaf without closing (a hung backend, a
    // silent network partition): notifications stop, the cache cannot tell.
    signal(listener, "-STOP");
    let resume = Resume(listener);
    rename_in_database(&admin, &shirt, "Renamed while deaf").await;
    let renamed = Instant::now();
    assert_eq!(a.get(product).await.json()["title"], "Shirt", "no notification came: the TTL decides");
    let mut fresh_after = None;
    while renamed.elapsed() < ttl + Duration::from_secs(2) {
        if a.get(product).await.json()["title"] == "Renamed while deaf" {
            fresh_after = Some(renamed.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let fresh_after = fresh_after.expect("the TTL expires the stale answer");
    assert!(fresh_after <= ttl + Duration::from_millis(500), "{fresh_after:?}");

    // The connection is lost for good: the cache notices, listens anew, drops everything.
    sqlx::query("SELECT pg_terminate_backend($1)").bind(listener).execute(&admin).await.unwrap();
    drop(resume);
    wait_until(Duration::from_secs(5), || a.cache.stats().reconnects >= 1 && a.cache.is_listening())
        .await
        .expect("it listens again");
    let now_listening: Vec<i32> = sqlx::query_scalar(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'",
    )
    .fetch_all(&admin)
    .await
    .unwrap();
    assert_eq!(now_listening.len(), 1);
    assert_ne!(now_listening[0], listener, "on a new connection");

    // Invalidations work again: a change is heard within a second, well inside the TTL.
    assert_eq!(a.get(product).await.json()["title"], "Renamed while deaf");
    assert_eq!(a.get(product).await.json()["title"], "Renamed while deaf");
    rename_in_database(&admin, &shirt, "Heard again").await;
    let written = Instant::now();
    let mut seen = None;
    while written.elapsed() < Duration::from_secs(1) {
        if a.get(product).await.json()["title"] == "Heard again" {
            seen = Some(written.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let seen = seen.expect("after reconnecting, a change is heard within a second");
    println!("after reconnecting, a change was heard in {seen:?}");
}

#[tokio::test]
async fn the_cache_never_serves_one_sites_answer_for_another() {
    let db = TestDb::new().await;
    let alice = db.merchant("alice").await;
    let bob = db.merchant("bob").await;
    let north = db.site(&alice, "north").await;
    let south = db.site(&bob, "south").await;
    let a = instance(&db, CacheConfig::default()).await;
    a.product(&alice.token, north, "Shirt", "10.00", 5).await;
    a.product(&bob.token, south, "Shirt", "99.00", 5).await;
    settle(&a.cache).await;
    let paths = |slug: &str| {
        [
            format!("/api/site/public/{slug}/products"),
            format!("/api/site/public/{slug}/products/shirt"),
            format!("/api/site/public/{slug}/categories"),
            format!("/site/{slug}"),
            format!("/site/{slug}/products/shirt"),
        ]
    };

    for _ in 0..3 {
        for (slug, own, other) in [("north", "10.00", "99.00"), ("south", "99.00", "10.00")] {
            for path in paths(slug) {
                let answer = a.get(&path).await;
                assert_eq!(answer.status, StatusCode::OK, "{path}");
                if !path.ends_with("categories") {
                    assert!(answer.text.contains(own), "{path} shows its own price");
                    assert!(!answer.text.contains(other), "{path} never shows the other site's");
                }
                if path.starts_with("/site/") {
                    assert!(answer.text.contains(&format!("/site/{slug}")), "{path}");
                }
            }
        }
    }
    assert!(a.cache.stats().hits >= 20, "the later rounds came from memory: {:?}", a.cache.stats());

    // The slug passes to another site (its owner takes it back for a new
    // shop): its answers are the new site's.
    db.delete_site(north).await;
    let reborn = db.site(&alice, "north").await;
    a.product(&alice.token, reborn, "Shirt", "55.00", 5).await;
    let mut shown = false;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        let page = a.get("/site/north/products/shirt").await;
        let api = a.get("/api/site/public/north/products/shirt").await;
        if page.text.contains("55.00") && api.json()["variants"][0]["price"] == "55.00" {
            shown = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(shown, "the new owner's shop shows at once");
    assert!(!a.get("/site/north").await.text.contains("10.00"));
}

#[tokio::test]
async fn a_variant_sold_out_by_take_stock_shows_sold_out_on_the_next_read() {
    let db = TestDb::new().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let a = instance(&db, CacheConfig::default()).await;
    let (_, variant) = a.product(&alice.token, shop, "Shirt", "10.00", 2).await;
    settle(&a.cache).await;
    let page = "/site/shop/products/shirt";
    assert!(a.get(page).await.text.contains("Only 2 left"));
    assert!(a.get(page).await.text.contains("Only 2 left"));
    let hits = a.cache.stats().hits;
    assert!(hits >= 1);
    let heard = a.cache.stats().invalidations;

    // Checkout takes the last two in its own transaction, through the site's published function.
    let checkout = db.pool_for(ServiceDb::new("checkout", "vitrine_checkout"));
    let mut tx = checkout.begin().await.unwrap();
    sqlx::query("SELECT site.take_stock($1, $2)")
        .bind(shop)
        .bind(json!([{"variant_id": variant["id"], "quantity": 2}]))
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let heard_after = wait_until(Duration::from_secs(1), || a.cache.stats().invalidations > heard).await;
    let next = a.get(page).await;
    let api = a.get("/api/site/public/shop/products/shirt").await;

    let heard_after = heard_after.expect("the commit is heard within a second");
    println!("take_stock's commit heard after {heard_after:?}");
    assert!(next.text.contains("Sold out"), "{}", next.text);
    assert_eq!(api.json()["variants"][0]["stock_qty"], 0);
}

#[tokio::test]
async fn cached_answers_revalidate_with_etags_and_tell_cdns_how_long_to_keep_them() {
    let db = TestDb::new().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let a = instance(
        &db,
        CacheConfig {
            site_cache_max_age_secs: 3,
            site_cache_stale_while_revalidate_secs: 20,
            ..CacheConfig::default()
        },
    )
    .await;
    a.product(&alice.token, shop, "Shirt", "10.00", 5).await;
    settle(&a.cache).await;

    for path in ["/api/site/public/shop/products", "/site/shop"] {
        let first = a.get(path).await;
        let etag = first.header("etag").expect("an ETag").to_owned();
        let again = a.get(path).await;
        let revalidated = a.get_with(path, "if-none-match", &etag).await;
        let other = a.get_with(path, "if-none-match", "\"something-else\"").await;

        assert_eq!(first.header("cache-control"), Some("public, max-age=3, stale-while-revalidate=20"), "{path}");
        assert_eq!(again.header("etag"), Some(etag.as_str()), "{path}: the same bytes, the same tag");
        assert_eq!(again.text, first.text);
        assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(revalidated.text.is_empty());
        assert_eq!(revalidated.header("etag"), Some(etag.as_str()));
        assert_eq!(other.status, StatusCode::OK);
        assert_eq!(other.text, first.text);
    }
    // A visitor with a cart gets their own page, never shared.
    let personal = a.get_with("/site/shop", "cookie", &format!("vitrine_cart={}", "t".repeat(43))).await;
    assert_eq!(personal.header("cache-control"), Some("private, no-cache"));
    assert_eq!(personal.header("set-cookie"), None);
}

#[tokio::test]
async fn metrics_count_hits_misses_and_evictions() {
    let db = TestDb::new().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let a = instance(&db, CacheConfig::default()).await;
    a.product(&alice.token, shop, "Shirt", "10.00", 5).await;
    settle(&a.cache).await;
    let before = a.cache.stats();

    a.get("/api/site/public/shop/products?sort=price_asc").await;
    a.get("/api/site/public/shop/products?sort=price_asc").await;
    a.get("/api/site/public/shop/products?sort=price_asc").await;
    let after = a.cache.stats();
    let metrics = a.get("/metrics").await.text;

    assert_eq!(after.misses - before.misses, 1, "{after:?}");
    assert_eq!(after.hits - before.hits, 2, "{after:?}");
    for name in ["vitrine_site_cache_hits_total", "vitrine_site_cache_misses_total"] {
        let value = metric(&metrics, name).unwrap_or_else(|| panic!("{name} in /metrics:\n{metrics}"));
        assert!(value >= 1.0, "{name} = {value}");
    }
    // Process-wide counters: other tests in this process count too, so at least ours.
    assert!(metric(&metrics, "vitrine_site_cache_hits_total").unwrap() >= 2.0);
}

#[tokio::test]
async fn a_bounded_cache_evicts_to_stay_within_its_size() {
    let db = TestDb::new().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let limit: u64 = 96 * 1024;
    let a = instance(&db, CacheConfig { site_cache_max_bytes: limit, ..CacheConfig::default() }).await;
    a.product(&alice.token, shop, "Shirt", "10.00", 5).await;
    settle(&a.cache).await;
    let one_page = a.get("/site/shop").await.text.len() as u64;
    assert!(one_page * 40 > limit * 2, "pages ({one_page} bytes) must overflow the bound");

    for round in 0..2 {
        for i in 0..40 {
            let answer = a.get(&format!("/site/shop?q=shirt{i}&r={round}")).await;
            assert_eq!(answer.status, StatusCode::OK);
        }
    }
    let stats = a.cache.stats();
    let metrics = a.get("/metrics").await.text;

    assert!(stats.bytes <= limit, "{stats:?}");
    assert!(stats.evictions > 0, "{stats:?}");
    assert!(stats.entries < 80, "{stats:?}");
    let evictions = metric(&metrics, "vitrine_site_cache_evictions_total").expect("evictions in /metrics");
    #[allow(clippy::cast_precision_loss)]
    let ours = stats.evictions as f64;
    assert!(evictions >= ours, "{evictions} < {ours}");
}

/// The value of an unlabelled metric in Prometheus text.
fn metric(text: &str, name: &str) -> Option<f64> {
    text.lines().find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}
