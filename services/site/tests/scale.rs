//! Listing cost does not grow with the catalog: with 100,000 products in one
//! site, every storefront listing (each sort, with and without a category) is
//! one index walk that stops at the page's limit — no Seq Scan, no Sort over
//! the site's products — for the first page and for a page deep in the list,
//! in the custom plan and in the generic plan a prepared statement may switch
//! to. The statements are those of `src/catalog.rs`.

mod support;

use std::time::Instant;

use axum::http::StatusCode;
use serde_json::Value;
use sqlx::Connection as _;
use support::app;
use uuid::Uuid;

const PRODUCTS: i64 = 100_000;

const COLUMNS: &str = "id, site_id, category_id, title, description, slug, created_at, updated_at, min_price, currency";

/// (name, statement after the column list, the index it must walk, EXECUTE arguments after the site id).
fn listings(category: Uuid, mid_price: &str, mid_id: Uuid) -> Vec<(&'static str, String, &'static str, String)> {
    let max = Uuid::max();
    vec![
        (
            "newest",
            "FROM site.products WHERE site_id = $1 AND min_price IS NOT NULL AND id < $2 ORDER BY id DESC LIMIT $3"
                .to_owned(),
            "products_listed_newest_idx",
            format!("'{max}', 51"),
        ),
        (
            "newest, deep page",
            "FROM site.products WHERE site_id = $1 AND min_price IS NOT NULL AND id < $2 ORDER BY id DESC LIMIT $3"
                .to_owned(),
            "products_listed_newest_idx",
            format!("'{mid_id}', 51"),
        ),
        (
            "newest in a category",
            "FROM site.products WHERE site_id = $1 AND category_id = $2 AND min_price IS NOT NULL AND id < $3 \
             ORDER BY id DESC LIMIT $4"
                .to_owned(),
            "products_listed_category_newest_idx",
            format!("'{category}', '{max}', 51"),
        ),
        (
            "price_asc",
            "FROM site.products WHERE site_id = $1 AND min_price IS NOT NULL \
             AND (min_price, id) > ($2::numeric, $3::uuid) ORDER BY min_price, id LIMIT $4"
                .to_owned(),
            "products_listed_price_idx",
            format!("-1, '{}', 51", Uuid::nil()),
        ),
        (
            "price_asc, deep page",
            "FROM site.products WHERE site_id = $1 AND min_price IS NOT NULL \
             AND (min_price, id) > ($2::numeric, $3::uuid) ORDER BY min_price, id LIMIT $4"
                .to_owned(),
            "products_listed_price_idx",
            format!("{mid_price}, '{mid_id}', 51"),
        ),
        (
            "price_asc in a category",
            "FROM site.products WHERE site_id = $1 AND category_id = $2 AND min_price IS NOT NULL \
             AND (min_price, id) > ($3::numeric, $4::uuid) ORDER BY min_price, id LIMIT $5"
                .to_owned(),
            "products_listed_category_price_idx",
            format!("'{category}', -1, '{}', 51", Uuid::nil()),
        ),
        (
            "price_desc",
            "FROM site.products WHERE site_id = $1 AND min_price IS NOT NULL \
             AND (min_price, id) < ($2::numeric, $3::uuid) ORDER BY min_price DESC, id DESC LIMIT $4"
                .to_owned(),
            "products_listed_price_idx",
            format!("100000000000000000, '{max}', 51"),
        ),
        (
            "price_desc, deep page",
            "FROM site.products WHERE site_id = $1 AND min_price IS NOT NULL \
             AND (min_price, id) < ($2::numeric, $3::uuid) ORDER BY min_price DESC, id DESC LIMIT $4"
                .to_owned(),
            "products_listed_price_idx",
            format!("{mid_price}, '{mid_id}', 51"),
        ),
        (
            "price_desc in a category",
            "FROM site.products WHERE site_id = $1 AND category_id = $2 AND min_price IS NOT NULL \
             AND (min_price, id) < ($3::numeric, $4::uuid) ORDER BY min_price DESC, id DESC LIMIT $5"
                .to_owned(),
            "products_listed_category_price_idx",
            format!("'{category}', 100000000000000000, '{max}', 51"),
        ),
        (
            "merchant newest",
            "FROM site.products WHERE site_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3".to_owned(),
            "products_pkey",
            format!("'{max}', 51"),
        ),
        (
            "merchant newest in a category",
            "FROM site.products WHERE site_id = $1 AND category_id = $2 AND id < $3 ORDER BY id DESC LIMIT $4"
                .to_owned(),
            "products_category_newest_idx",
            format!("'{category}', '{max}', 51"),
        ),
    ]
}

/// Every plan node, depth first.
fn nodes(plan: &Value, out: &mut Vec<Value>) {
    out.push(plan.clone());
    for child in plan["Plans"].as_array().into_iter().flatten() {
        nodes(child, out);
    }
}

#[tokio::test]
async fn listing_a_site_of_100k_products_walks_an_index_for_every_sort() {
    let (client, db) = app().await;
    let alice = db.merchant("alice").await;
    let big = db.site(&alice, "big").await;
    let mut others = Vec::new();
    for n in 0..10 {
        others.push(db.site(&alice, &format!("small-{n}")).await);
    }
    let category = Uuid::now_v7();
    let mut admin = sqlx::PgConnection::connect_with(&db.admin_options()).await.unwrap();
    sqlx::query("INSERT INTO site.categories (id, site_id, name) VALUES ($1, $2, 'Tenth')")
        .bind(category)
        .bind(big)
        .execute(&mut admin)
        .await
        .unwrap();
    // A multi-tenant table: 100,000 products in the big site and as many
    // spread over ten others, created interleaved. Ids are in creation order
    // like UUIDv7 (a time prefix, then randomness); one product in 50 has no
    // variant (unlisted), one in 10 is in the category.
    sqlx::query(
        "INSERT INTO site.products (id, site_id, category_id, title, description, slug, min_price, currency)
         SELECT (lpad(to_hex(2 * n + CASE WHEN mine THEN 0 ELSE 1 END), 12, '0') || '7'
                 || substr(md5(random()::text), 1, 19))::uuid,
                CASE WHEN mine THEN $1 ELSE ($2::uuid[])[1 + n % 10] END,
                CASE WHEN mine AND n % 10 = 0 THEN $3::uuid END,
                'Product ' || n, 'Bulk product number ' || n, 'product-' || n,
                CASE WHEN n % 50 = 0 THEN NULL ELSE (n * 7919 % 10000) / 100.0 END,
                CASE WHEN n % 50 = 0 THEN NULL ELSE 'EUR' END
         FROM generate_series(1, $4::bigint) n, (VALUES (true), (false)) AS t (mine)",
    )
    .bind(big)
    .bind(&others)
    .bind(category)
    .bind(PRODUCTS)
    .execute(&mut admin)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO site.variants (id, site_id, product_id, sku, price, currency, stock_qty)
         SELECT gen_random_uuid(), site_id, id, 'SKU-' || slug, min_price, currency, 3
         FROM site.products WHERE min_price IS NOT NULL",
    )
    .execute(&mut admin)
    .await
    .unwrap();
    sqlx::query("ANALYZE site.products, site.variants, site.categories").execute(&mut admin).await.unwrap();
    let (mid_price, mid_id): (rust_decimal::Decimal, Uuid) = sqlx::query_as(
        "SELECT min_price, id FROM site.products WHERE site_id = $1 AND min_price IS NOT NULL
         ORDER BY min_price, id OFFSET 50000 LIMIT 1",
    )
    .bind(big)
    .fetch_one(&mut admin)
    .await
    .unwrap();

    // As the service's role, on one connection: the plan settings are per session.
    let pool = db.pool_for(vitrine_site::DB);
    let mut conn = pool.acquire().await.unwrap();
    for (n, (name, sql, index, args)) in listings(category, &mid_price.to_string(), mid_id).into_iter().enumerate() {
        for mode in ["force_custom_plan", "force_generic_plan"] {
            sqlx::raw_sql(&format!(
                "SET plan_cache_mode = {mode}; PREPARE listing_{n}_{mode} AS SELECT {COLUMNS} {sql}"
            ))
            .execute(&mut *conn)
            .await
            .unwrap_or_else(|err| panic!("{name}: {err}"));
            let explain: Value = sqlx::query_scalar(&format!(
                "EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE listing_{n}_{mode}('{big}', {args})"
            ))
            .fetch_one(&mut *conn)
            .await
            .unwrap_or_else(|err| panic!("{name}: {err}"));
            let mut all = Vec::new();
            nodes(&explain[0]["Plan"], &mut all);
            let summary: Vec<String> = all
                .iter()
                .map(|n| {
                    format!("{} {}", n["Node Type"].as_str().unwrap_or(""), n["Index Name"].as_str().unwrap_or(""))
                })
                .collect();
            println!("{name} [{mode}]: {summary:?}");
            assert!(
                all.iter().all(|n| !matches!(n["Node Type"].as_str(), Some("Seq Scan" | "Sort" | "Incremental Sort"))),
                "{name} [{mode}] sorts or scans the table: {summary:?}"
            );
            let scan = all
                .iter()
                .find(|n| n["Node Type"].as_str().is_some_and(|t| t.starts_with("Index")))
                .unwrap_or_else(|| panic!("{name} [{mode}] uses no index: {summary:?}"));
            assert_eq!(scan["Index Name"], index, "{name} [{mode}]: {summary:?}");
            // The walk stops at the page: it reads the page (and the row that
            // says more follow), never the site's 100,000 products.
            let read = scan["Actual Rows"].as_i64().unwrap_or(0) + scan["Rows Removed by Filter"].as_i64().unwrap_or(0);
            assert!(read <= 51, "{name} [{mode}] read {read} rows: {summary:?}");
        }
    }
    // A search reads the GIN index for its matches (then orders only those),
    // even for a rare term the planner would otherwise look for by walking
    // the site's ordered index.
    for (n, (order, sort)) in [("id DESC", "newest"), ("min_price, id", "price_asc")].into_iter().enumerate() {
        let sql = format!(
            "SELECT {COLUMNS} FROM (SELECT {COLUMNS} FROM site.products
               WHERE site_id = $1 AND ($2::uuid IS NULL OR category_id = $2) AND min_price IS NOT NULL
                 AND search @@ to_tsquery('simple', $3) OFFSET 0) matches
             ORDER BY {order} LIMIT 51"
        );
        sqlx::raw_sql(&format!("SET plan_cache_mode = force_custom_plan; PREPARE search_{n} AS {sql}"))
            .execute(&mut *conn)
            .await
            .unwrap();
        let explain: Value = sqlx::query_scalar(&format!(
            "EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE search_{n}('{big}', NULL, '''4242'':*')"
        ))
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        let mut all = Vec::new();
        nodes(&explain[0]["Plan"], &mut all);
        let summary: Vec<String> = all
            .iter()
            .map(|n| format!("{} {}", n["Node Type"].as_str().unwrap_or(""), n["Index Name"].as_str().unwrap_or("")))
            .collect();
        println!("search, {sort}: {summary:?}");
        assert!(all.iter().all(|n| n["Node Type"] != "Seq Scan"), "{summary:?}");
        assert!(all.iter().any(|n| n["Index Name"] == "products_search_idx"), "{summary:?}");
        assert_eq!(explain[0]["Plan"]["Actual Rows"], 11, "4242 and 42420 to 42429");
    }
    drop(conn);

    // The API on that catalog: first and deep pages of each sort.
    for sort in ["newest", "price_asc", "price_desc"] {
        let started = Instant::now();
        let first = client.get(&format!("/api/site/public/big/products?sort={sort}&limit=50"), None).await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.text());
        let first = first.json();
        assert_eq!(first["items"].as_array().map(Vec::len), Some(50));
        let next = first["next_cursor"].as_str().unwrap().to_owned();
        let second =
            client.get(&format!("/api/site/public/big/products?sort={sort}&limit=50&cursor={next}"), None).await;
        assert_eq!(second.status, StatusCode::OK);
        println!("{sort}: two pages of 50 in {:?}", started.elapsed());
    }
}
