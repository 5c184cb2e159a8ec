//! Listing cost does not grow with the catalog: with 100,000 products in one
//! site, every storefront listing (each sort, with and without a category) is
//! one index walk that stops at the page's limit — no Seq Scan, no Sort over
//! the site's products — for the first page and for a page deep in the list,
//! in the custom plan and in the generic plan a prepared statement may switch
//! to. The statements are the service's own: the files of `queries/` that
//! `src/catalog.rs` runs, included here as they are (and a test checks that
//! every file there is planned here).

mod support;

use std::time::Instant;

use axum::http::StatusCode;
use serde_json::Value;
use sqlx::Connection as _;
use support::app;
use uuid::Uuid;

const PRODUCTS: i64 = 100_000;

/// A listing statement of the service: its file name and the very text
/// `src/catalog.rs` runs (`query_file_as!` on the same file).
macro_rules! statement {
    ($name:literal) => {
        ($name, include_str!(concat!("../queries/", $name, ".sql")))
    };
}

const MERCHANT_NEWEST: (&str, &str) = statement!("merchant_newest");
const MERCHANT_NEWEST_IN_CATEGORY: (&str, &str) = statement!("merchant_newest_in_category");
const MERCHANT_SEARCH: (&str, &str) = statement!("merchant_search");
const NEWEST: (&str, &str) = statement!("newest");
const NEWEST_IN_CATEGORY: (&str, &str) = statement!("newest_in_category");
const NEWEST_SEARCH: (&str, &str) = statement!("newest_search");
const PRICE_ASC: (&str, &str) = statement!("price_asc");
const PRICE_ASC_IN_CATEGORY: (&str, &str) = statement!("price_asc_in_category");
const PRICE_ASC_SEARCH: (&str, &str) = statement!("price_asc_search");
const PRICE_DESC: (&str, &str) = statement!("price_desc");
const PRICE_DESC_IN_CATEGORY: (&str, &str) = statement!("price_desc_in_category");
const PRICE_DESC_SEARCH: (&str, &str) = statement!("price_desc_search");

/// The search statements: they must read the GIN index for their matches.
const SEARCHES: [(&str, &str); 4] = [MERCHANT_SEARCH, NEWEST_SEARCH, PRICE_ASC_SEARCH, PRICE_DESC_SEARCH];

/// (case, statement, the index it must walk, EXECUTE arguments after the site id).
/// `category` is a parent whose products are all in its subcategory; the
/// shop's currency is EUR and a few products are in USD.
fn listings(
    category: Uuid,
    mid_price: &str,
    mid_id: Uuid,
) -> Vec<(&'static str, (&'static str, &'static str), &'static str, String)> {
    let (max, nil) = (Uuid::max(), Uuid::nil());
    let top = "100000000000000000";
    vec![
        ("newest", NEWEST, "products_listed_newest_idx", format!("'{max}', 51")),
        ("newest, deep page", NEWEST, "products_listed_newest_idx", format!("'{mid_id}', 51")),
        (
            "newest in a category's subtree",
            NEWEST_IN_CATEGORY,
            "category_products_listed_newest_idx",
            format!("'{category}', '{max}', 51"),
        ),
        ("price_asc", PRICE_ASC, "products_listed_price_idx", format!("'EUR', 'EUR', 'EUR', -1, '{nil}', 51")),
        (
            "price_asc, deep page",
            PRICE_ASC,
            "products_listed_price_idx",
            format!("'EUR', 'EUR', 'EUR', {mid_price}, '{mid_id}', 51"),
        ),
        (
            "price_asc, the currencies after the shop's",
            PRICE_ASC,
            "products_listed_price_idx",
            format!("'EUS', 'ZZZ', 'EUS', -1, '{nil}', 51"),
        ),
        (
            "price_asc, the currencies before the shop's",
            PRICE_ASC,
            "products_listed_price_idx",
            format!("'AAA', 'EUQ', 'AAA', -1, '{nil}', 51"),
        ),
        (
            "price_asc in a category's subtree",
            PRICE_ASC_IN_CATEGORY,
            "category_products_listed_price_idx",
            format!("'{category}', 'EUR', 'EUR', 'EUR', -1, '{nil}', 51"),
        ),
        (
            "price_asc in a category's subtree, other currencies",
            PRICE_ASC_IN_CATEGORY,
            "category_products_listed_price_idx",
            format!("'{category}', 'EUS', 'ZZZ', 'EUS', -1, '{nil}', 51"),
        ),
        ("price_desc", PRICE_DESC, "products_listed_price_idx", format!("'EUR', 'EUR', 'EUR', {top}, '{max}', 51")),
        (
            "price_desc, deep page",
            PRICE_DESC,
            "products_listed_price_idx",
            format!("'EUR', 'EUR', 'EUR', {mid_price}, '{mid_id}', 51"),
        ),
        (
            "price_desc, the currencies after the shop's",
            PRICE_DESC,
            "products_listed_price_idx",
            format!("'EUS', 'ZZZ', 'ZZZ', {top}, '{max}', 51"),
        ),
        (
            "price_desc in a category's subtree",
            PRICE_DESC_IN_CATEGORY,
            "category_products_listed_price_idx",
            format!("'{category}', 'EUR', 'EUR', 'EUR', {top}, '{max}', 51"),
        ),
        ("merchant newest", MERCHANT_NEWEST, "products_pkey", format!("'{max}', 51")),
        (
            "merchant newest in a category's subtree",
            MERCHANT_NEWEST_IN_CATEGORY,
            "category_products_pkey",
            format!("'{category}', '{max}', 51"),
        ),
    ]
}

/// The EXECUTE arguments after the site id of a search, first page: its
/// tsquery, LIKE pattern and typo-tolerant text (SQL literals or NULL).
fn search_args(name: &str, tsquery: &str, like: &str, fuzzy: &str) -> String {
    let (max, nil) = (Uuid::max(), Uuid::nil());
    let arms = format!("{tsquery}, {like}, {fuzzy}");
    match name {
        "merchant_search" => format!("NULL, {arms}, NULL, '{max}', 51"),
        "newest_search" => format!("NULL, {arms}, '{max}', 51"),
        "price_asc_search" => format!("NULL, {arms}, 'EUR', false, '', -1, '{nil}', 51"),
        "price_desc_search" => format!("NULL, {arms}, 'EUR', false, 'EUR', 100000000000000000, '{max}', 51"),
        other => panic!("no arguments for {other}"),
    }
}

#[test]
fn every_listing_statement_of_the_service_is_planned_here() {
    let planned: std::collections::BTreeSet<&str> = listings(Uuid::nil(), "0", Uuid::nil())
        .into_iter()
        .map(|(_, (name, _), _, _)| name)
        .chain(SEARCHES.iter().map(|(name, _)| *name))
        .collect();
    let on_disk: std::collections::BTreeSet<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/queries"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().trim_end_matches(".sql").to_owned())
            .collect();
    let planned: std::collections::BTreeSet<String> = planned.into_iter().map(str::to_owned).collect();
    assert_eq!(planned, on_disk, "a statement in services/site/queries/ that tests/scale.rs does not plan");
}

/// A storefront listing reads its products' variants in the same statement:
/// once per product of the page (51 at most), never per product it walked past
/// or matched.
fn variants_read_per_listed_product(plan: &[Value], name: &str) {
    if name.starts_with("merchant") {
        return;
    }
    let reads: Vec<&Value> = plan.iter().filter(|n| n["Index Name"] == "variants_product_idx").collect();
    assert_eq!(reads.len(), 1, "{name}: the page's variants are read in the same statement");
    let loops = reads[0]["Actual Loops"].as_i64().unwrap_or(0);
    assert!(loops <= 51, "{name}: variants read {loops} times");
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
    // The listings filter by `category`, a parent: its products are in its
    // subcategory `tenth`.
    let category = Uuid::now_v7();
    let tenth = Uuid::now_v7();
    let mut admin = sqlx::PgConnection::connect_with(&db.admin_options()).await.unwrap();
    sqlx::query(
        "INSERT INTO site.categories (id, site_id, name, parent_id)
         VALUES ($1, $3, 'Parent', NULL), ($2, $3, 'Tenth', $1)",
    )
    .bind(category)
    .bind(tenth)
    .bind(big)
    .execute(&mut admin)
    .await
    .unwrap();
    // A multi-tenant table: 100,000 products in the big site and as many
    // spread over ten others, created interleaved. Ids are in creation order
    // like UUIDv7 (a time prefix, then randomness); one product in 50 has no
    // variant (unlisted), one in 10 is in the (sub)category, one in 100 is
    // priced in USD rather than the shop's EUR.
    sqlx::query(
        "INSERT INTO site.products (id, site_id, category_id, title, description, slug, min_price, currency)
         SELECT (lpad(to_hex(2 * n + CASE WHEN mine THEN 0 ELSE 1 END), 12, '0') || '7'
                 || substr(md5(random()::text), 1, 19))::uuid,
                CASE WHEN mine THEN $1 ELSE ($2::uuid[])[1 + n % 10] END,
                CASE WHEN mine AND n % 10 = 0 THEN $3::uuid END,
                'Product ' || n, 'Bulk product number ' || n, 'product-' || n,
                CASE WHEN n % 50 = 0 THEN NULL ELSE (n * 7919 % 10000) / 100.0 END,
                CASE WHEN n % 50 = 0 THEN NULL WHEN n % 100 = 1 THEN 'USD' ELSE 'EUR' END
         FROM generate_series(1, $4::bigint) n, (VALUES (true), (false)) AS t (mine)",
    )
    .bind(big)
    .bind(&others)
    .bind(tenth)
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
    sqlx::query("ANALYZE site.products, site.variants, site.categories, site.category_products")
        .execute(&mut admin)
        .await
        .unwrap();
    let (mid_price, mid_id): (rust_decimal::Decimal, Uuid) = sqlx::query_as(
        "SELECT min_price, id FROM site.products WHERE site_id = $1 AND min_price IS NOT NULL AND currency = 'EUR'
         ORDER BY min_price, id OFFSET 50000 LIMIT 1",
    )
    .bind(big)
    .fetch_one(&mut admin)
    .await
    .unwrap();

    // As the service's role, on one connection: the plan settings are per session.
    let pool = db.pool_for(vitrine_site::DB);
    let mut conn = pool.acquire().await.unwrap();
    for (n, (name, (_, sql), index, args)) in listings(category, &mid_price.to_string(), mid_id).into_iter().enumerate()
    {
        for mode in ["force_custom_plan", "force_generic_plan"] {
            sqlx::raw_sql(&format!("SET plan_cache_mode = {mode}; PREPARE listing_{n}_{mode} AS {sql}"))
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
            variants_read_per_listed_product(&all, name);
        }
    }
    // A search reads the GIN index for its matches (then orders only those),
    // even for a rare term the planner would otherwise look for by walking
    // the site's ordered index.
    for (n, (name, sql)) in SEARCHES.into_iter().enumerate() {
        sqlx::raw_sql(&format!("SET plan_cache_mode = force_custom_plan; PREPARE search_{n} AS {sql}"))
            .execute(&mut *conn)
            .await
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        let explain: Value = sqlx::query_scalar(&format!(
            "EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE search_{n}('{big}', {})",
            search_args(name, "'''4242'':*'", "NULL", "NULL")
        ))
        .fetch_one(&mut *conn)
        .await
        .unwrap_or_else(|err| panic!("{name}: {err}"));
        let mut all = Vec::new();
        nodes(&explain[0]["Plan"], &mut all);
        let summary: Vec<String> = all
            .iter()
            .map(|n| format!("{} {}", n["Node Type"].as_str().unwrap_or(""), n["Index Name"].as_str().unwrap_or("")))
            .collect();
        println!("{name}: {summary:?}");
        assert!(all.iter().all(|n| n["Node Type"] != "Seq Scan"), "{name}: {summary:?}");
        assert!(all.iter().any(|n| n["Index Name"] == "products_search_idx"), "{name}: {summary:?}");
        assert_eq!(explain[0]["Plan"]["Actual Rows"], 11, "{name}: 4242 and 42420 to 42429");
    }
    // The pathological search (issue 21): a prefix every product matches (the
    // one-letter words of `q=a a a a` are dropped, so two letters is the worst
    // left). A storefront search orders at most 1,000 matches, whatever the
    // catalog: only the bitmap of matches grows with it.
    for (n, (name, sql)) in [NEWEST_SEARCH, PRICE_ASC_SEARCH, PRICE_DESC_SEARCH].into_iter().enumerate() {
        sqlx::raw_sql(&format!("SET plan_cache_mode = force_custom_plan; PREPARE broad_{n} AS {sql}"))
            .execute(&mut *conn)
            .await
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        let explain: Value = sqlx::query_scalar(&format!(
            "EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE broad_{n}('{big}', {})",
            search_args(name, "'''pr'':*'", "NULL", "NULL")
        ))
        .fetch_one(&mut *conn)
        .await
        .unwrap_or_else(|err| panic!("{name}: {err}"));
        let mut all = Vec::new();
        nodes(&explain[0]["Plan"], &mut all);
        let summary: Vec<String> =
            all.iter().map(|n| format!("{} {}", n["Node Type"].as_str().unwrap_or(""), n["Actual Rows"])).collect();
        println!("{name} broad: {} ms, {summary:?}", explain[0]["Execution Time"]);
        assert_eq!(explain[0]["Plan"]["Actual Rows"], 51, "{name}: a full first page");
        for node in all.iter().filter(|n| n["Node Type"] != "Bitmap Index Scan") {
            let rows = node["Actual Rows"].as_i64().unwrap_or(0);
            assert!(rows <= 1000, "{name}: a {} node handled {rows} rows: {summary:?}", node["Node Type"]);
        }
        // Variants are read for the page's products, not for the matches.
        variants_read_per_listed_product(&all, name);
    }
    // The other arms of the search predicate read their own indexes: the
    // trigram index for a substring of an unspaced script (LIKE) and for a
    // typo (word similarity), the SKU prefix index for the merchant's SKU
    // search; a broad typo match is capped like a broad word match (the
    // planner, which knows it is broad from the trigram index's statistics,
    // may as well walk the ordered index: either way at most 1,000 rows).
    let arms = [
        ("substring", NEWEST_SEARCH, "NULL", "'%4242%'", "NULL", "NULL", "products_title_trgm_idx", None),
        ("typo", NEWEST_SEARCH, "NULL", "NULL", "'produkt 4242'", "NULL", "products_title_trgm_idx", None),
        ("broad typo", PRICE_ASC_SEARCH, "NULL", "NULL", "'produkt'", "NULL", "", Some(51)),
        ("sku", MERCHANT_SEARCH, "NULL", "NULL", "NULL", "'sku-product-4242%'", "variants_sku_prefix_idx", Some(11)),
    ];
    for (n, (case, (name, sql), tsquery, like, fuzzy, sku, index, rows)) in arms.into_iter().enumerate() {
        sqlx::raw_sql(&format!("SET plan_cache_mode = force_custom_plan; PREPARE arm_{n} AS {sql}"))
            .execute(&mut *conn)
            .await
            .unwrap_or_else(|err| panic!("{case}: {err}"));
        let args = search_args(name, tsquery, like, fuzzy);
        let args = if name == "merchant_search" { args.replacen(", NULL, '", &format!(", {sku}, '"), 1) } else { args };
        let explain: Value =
            sqlx::query_scalar(&format!("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE arm_{n}('{big}', {args})"))
                .fetch_one(&mut *conn)
                .await
                .unwrap_or_else(|err| panic!("{case}: {err}"));
        let mut all = Vec::new();
        nodes(&explain[0]["Plan"], &mut all);
        let summary: Vec<String> = all
            .iter()
            .map(|n| {
                format!(
                    "{} {} {}",
                    n["Node Type"].as_str().unwrap_or(""),
                    n["Index Name"].as_str().unwrap_or(""),
                    n["Actual Rows"]
                )
            })
            .collect();
        println!("{case}: {} ms, {summary:?}", explain[0]["Execution Time"]);
        assert!(all.iter().all(|n| n["Node Type"] != "Seq Scan"), "{case}: {summary:?}");
        assert!(index.is_empty() || all.iter().any(|n| n["Index Name"] == index), "{case}: {summary:?}");
        for node in all.iter().filter(|n| n["Node Type"] != "Bitmap Index Scan") {
            let handled = node["Actual Rows"].as_i64().unwrap_or(0);
            assert!(handled <= 1000, "{case}: a {} node handled {handled} rows: {summary:?}", node["Node Type"]);
        }
        if let Some(rows) = rows {
            assert_eq!(explain[0]["Plan"]["Actual Rows"], rows, "{case}: {summary:?}");
        }
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
