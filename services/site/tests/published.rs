//! What the site service publishes for checkout (decision 11), exercised as
//! checkout runs it: through a pool acting as `vitrine_checkout`, against
//! real PostgreSQL. `site.take_stock` / `site.return_stock` keep the stock
//! invariants by themselves; `site.variant_directory` is read-only.

use std::time::Duration;

use serde_json::{Value, json};
use sqlx::PgPool;
use sqlx::types::Json as DbJson;
use uuid::Uuid;
use vitrine_common::db::ServiceDb;
use vitrine_testkit::TestDb;

const CHECKOUT: ServiceDb = ServiceDb::new("checkout", "vitrine_checkout");

struct Shop {
    db: TestDb,
    site: Uuid,
    admin: PgPool,
    checkout: PgPool,
}

async fn shop() -> Shop {
    let db = TestDb::new().await;
    let owner = db.merchant("alice").await;
    let site = db.site(&owner, "shop").await;
    let admin = db.admin_pool();
    let checkout = db.pool_for(CHECKOUT);
    Shop { db, site, admin, checkout }
}

/// Arranges a product with one variant of `stock` units on `site`; returns the variant's id.
async fn variant(admin: &PgPool, site: Uuid, sku: &str, stock: i32) -> Uuid {
    let product = Uuid::now_v7();
    let variant = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO site.products (id, site_id, title, slug, min_price, currency)
         VALUES ($1, $2, $3, lower($3), 19.99, 'EUR')",
    )
    .bind(product)
    .bind(site)
    .bind(format!("Product-{sku}"))
    .execute(admin)
    .await
    .expect("inserting a product");
    sqlx::query(
        "INSERT INTO site.variants (id, site_id, product_id, sku, attributes, price, currency, stock_qty)
         VALUES ($1, $2, $3, $4, '{\"size\": \"M\"}', 19.99, 'EUR', $5)",
    )
    .bind(variant)
    .bind(site)
    .bind(product)
    .bind(sku)
    .bind(stock)
    .execute(admin)
    .await
    .expect("inserting a variant");
    variant
}

async fn stock(admin: &PgPool, variant: Uuid) -> i32 {
    sqlx::query_scalar("SELECT stock_qty FROM site.variants WHERE id = $1")
        .bind(variant)
        .fetch_one(admin)
        .await
        .expect("reading the stock")
}

fn lines(lines: &[(Uuid, i64)]) -> Value {
    Value::Array(lines.iter().map(|(id, quantity)| json!({"variant_id": id, "quantity": quantity})).collect())
}

/// A short line as `take_stock` reports it.
type Short = (Uuid, i32, i32);

async fn take(db: impl sqlx::PgExecutor<'_>, site: Uuid, lines: &Value) -> Result<Vec<Short>, sqlx::Error> {
    sqlx::query_as("SELECT variant_id, requested, available FROM site.take_stock($1, $2)")
        .bind(site)
        .bind(DbJson(lines))
        .fetch_all(db)
        .await
}

async fn give_back(db: impl sqlx::PgExecutor<'_>, site: Uuid, lines: &Value) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT site.return_stock($1, $2)").bind(site).bind(DbJson(lines)).execute(db).await.map(|_| ())
}

fn sqlstate(err: &sqlx::Error) -> Option<String> {
    err.as_database_error().and_then(|e| e.code()).map(|c| c.into_owned())
}

// ---- take_stock and return_stock ---------------------------------------------

#[tokio::test]
async fn taking_stock_decrements_every_line_when_all_are_available() {
    let s = shop().await;
    let shirt = variant(&s.admin, s.site, "SHIRT", 5).await;
    let mug = variant(&s.admin, s.site, "MUG", 3).await;

    let short = take(&s.checkout, s.site, &lines(&[(shirt, 2), (mug, 3)])).await.unwrap();

    assert_eq!(short, vec![], "no short line");
    assert_eq!((stock(&s.admin, shirt).await, stock(&s.admin, mug).await), (3, 0));
}

#[tokio::test]
async fn a_short_line_takes_nothing_and_every_short_line_is_reported() {
    let s = shop().await;
    let shirt = variant(&s.admin, s.site, "SHIRT", 5).await;
    let mug = variant(&s.admin, s.site, "MUG", 1).await;
    let cap = variant(&s.admin, s.site, "CAP", 0).await;

    let short = take(&s.checkout, s.site, &lines(&[(shirt, 2), (mug, 2), (cap, 1)])).await.unwrap();

    let mut expected = vec![(mug, 2, 1), (cap, 1, 0)];
    expected.sort();
    assert_eq!(short, expected);
    assert_eq!(
        (stock(&s.admin, shirt).await, stock(&s.admin, mug).await, stock(&s.admin, cap).await),
        (5, 1, 0),
        "all or nothing: the available line was not taken either"
    );
}

#[tokio::test]
async fn the_same_variant_on_two_lines_is_taken_as_their_sum() {
    let s = shop().await;
    let shirt = variant(&s.admin, s.site, "SHIRT", 3).await;

    let too_many = take(&s.checkout, s.site, &lines(&[(shirt, 2), (shirt, 2)])).await.unwrap();
    let enough = take(&s.checkout, s.site, &lines(&[(shirt, 1), (shirt, 2)])).await.unwrap();

    assert_eq!(too_many, vec![(shirt, 4, 3)]);
    assert_eq!(enough, vec![]);
    assert_eq!(stock(&s.admin, shirt).await, 0);
}

#[tokio::test]
async fn missing_variants_and_variants_of_another_site_are_available_0() {
    let s = shop().await;
    let mine = variant(&s.admin, s.site, "SHIRT", 5).await;
    let mallory = s.db.merchant("mallory").await;
    let other_site = s.db.site(&mallory, "other").await;
    let theirs = variant(&s.admin, other_site, "THEIRS", 5).await;
    let missing = Uuid::now_v7();

    let short = take(&s.checkout, s.site, &lines(&[(mine, 1), (theirs, 1), (missing, 1)])).await.unwrap();

    let mut expected = vec![(theirs, 1, 0), (missing, 1, 0)];
    expected.sort();
    assert_eq!(short, expected);
    assert_eq!((stock(&s.admin, mine).await, stock(&s.admin, theirs).await), (5, 5), "nothing taken anywhere");
}

#[tokio::test]
async fn the_variants_of_a_deleted_site_are_available_0() {
    let s = shop().await;
    let shirt = variant(&s.admin, s.site, "SHIRT", 5).await;
    s.db.delete_site(s.site).await;

    let short = take(&s.checkout, s.site, &lines(&[(shirt, 1)])).await.unwrap();

    assert_eq!(short, vec![(shirt, 1, 0)]);
    assert_eq!(stock(&s.admin, shirt).await, 5, "the rows are still there until swept, untouched");
}

#[tokio::test]
async fn returning_stock_gives_it_back_and_skips_deleted_variants_and_other_sites() {
    let s = shop().await;
    let shirt = variant(&s.admin, s.site, "SHIRT", 5).await;
    let mallory = s.db.merchant("mallory").await;
    let other_site = s.db.site(&mallory, "other").await;
    let theirs = variant(&s.admin, other_site, "THEIRS", 5).await;
    take(&s.checkout, s.site, &lines(&[(shirt, 4)])).await.unwrap();

    give_back(&s.checkout, s.site, &lines(&[(shirt, 3), (Uuid::now_v7(), 2), (theirs, 2)])).await.unwrap();

    assert_eq!(stock(&s.admin, shirt).await, 4);
    assert_eq!(stock(&s.admin, theirs).await, 5, "another site's stock is not ours to give back");
}

#[tokio::test]
async fn quantities_must_be_whole_and_positive_and_lines_well_formed() {
    let s = shop().await;
    let shirt = variant(&s.admin, s.site, "SHIRT", 5).await;
    let id = shirt.to_string();

    for bad in [
        json!([{"variant_id": id, "quantity": 0}]),
        json!([{"variant_id": id, "quantity": -2}]),
        json!([{"variant_id": id, "quantity": 1.5}]),
        json!([{"variant_id": id, "quantity": "2"}]),
        json!([{"variant_id": id}]),
        json!([{"quantity": 1}]),
        json!([{"variant_id": id, "quantity": 1}, {"variant_id": id, "quantity": -1}]),
        json!([1]),
        json!({"variant_id": id, "quantity": 1}),
    ] {
        let taken = take(&s.checkout, s.site, &bad).await.expect_err("refused");
        let returned = give_back(&s.checkout, s.site, &bad).await.expect_err("refused");
        assert_eq!(sqlstate(&taken).as_deref(), Some("22023"), "{bad}: {taken}");
        assert_eq!(sqlstate(&returned).as_deref(), Some("22023"), "{bad}: {returned}");
    }
    let not_a_uuid = take(&s.checkout, s.site, &json!([{"variant_id": "nope", "quantity": 1}])).await;

    assert_eq!(sqlstate(&not_a_uuid.expect_err("refused")).as_deref(), Some("22P02"));
    assert_eq!(stock(&s.admin, shirt).await, 5, "no stock moved");
}

// ---- concurrency -------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twelve_concurrent_takers_of_3_units_leave_exactly_3_winners_and_stock_0() {
    let s = shop().await;
    let shirt = variant(&s.admin, s.site, "SHIRT", 3).await;

    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let (pool, site) = (s.checkout.clone(), s.site);
            tokio::spawn(async move {
                // Each taker holds its transaction open a moment, as checkout
                // does while it writes the order, so the takers overlap.
                let mut tx = pool.begin().await.expect("begin");
                let short = take(&mut *tx, site, &lines(&[(shirt, 1)])).await.expect("take_stock");
                tokio::time::sleep(Duration::from_millis(50)).await;
                tx.commit().await.expect("commit");
                short.is_empty()
            })
        })
        .collect();
    let mut won = 0;
    for task in tasks {
        won += i32::from(task.await.expect("a taker panicked"));
    }

    assert_eq!(won, 3);
    assert_eq!(stock(&s.admin, shirt).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_orders_taking_two_variants_in_opposite_orders_never_deadlock() {
    let s = shop().await;
    let shirt = variant(&s.admin, s.site, "SHIRT", 100).await;
    let mug = variant(&s.admin, s.site, "MUG", 100).await;

    for _ in 0..10 {
        let tasks: Vec<_> = [lines(&[(shirt, 1), (mug, 1)]), lines(&[(mug, 1), (shirt, 1)])]
            .into_iter()
            .map(|order| {
                let (pool, site) = (s.checkout.clone(), s.site);
                tokio::spawn(async move {
                    let mut tx = pool.begin().await?;
                    let short = take(&mut *tx, site, &order).await?;
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    tx.commit().await?;
                    Ok::<_, sqlx::Error>(short)
                })
            })
            .collect();
        for task in tasks {
            let short =
                task.await.expect("a taker panicked").unwrap_or_else(|err| panic!("{err} ({:?})", sqlstate(&err)));
            assert_eq!(short, vec![]);
        }
    }

    assert_eq!((stock(&s.admin, shirt).await, stock(&s.admin, mug).await), (80, 80));
}

// ---- the published view ------------------------------------------------------

#[tokio::test]
async fn the_variant_directory_shows_the_variants_of_live_sites_with_their_product() {
    let s = shop().await;
    let shirt = variant(&s.admin, s.site, "SHIRT", 7).await;

    let row: (Uuid, Uuid, String, DbJson<Value>, rust_decimal::Decimal, String, i32, String, String, bool) =
        sqlx::query_as(
            "SELECT site_id, variant_id, sku, attributes, price, currency, stock_qty, product_title, product_slug, listed
             FROM site.variant_directory WHERE variant_id = $1",
        )
        .bind(shirt)
        .fetch_one(&s.checkout)
        .await
        .unwrap();
    s.db.delete_site(s.site).await;
    let after_delete: i64 =
        sqlx::query_scalar("SELECT count(*) FROM site.variant_directory").fetch_one(&s.checkout).await.unwrap();

    assert_eq!((row.0, row.1, row.2.as_str()), (s.site, shirt, "SHIRT"));
    assert_eq!(row.3.0, json!({"size": "M"}));
    assert_eq!((row.4.to_string().as_str(), row.5.as_str(), row.6), ("19.9900", "EUR", 7));
    assert_eq!((row.7.as_str(), row.8.as_str(), row.9), ("Product-SHIRT", "product-shirt", true));
    assert_eq!(after_delete, 0, "a deleted site's variants leave the view at once");
}

// ---- privileges --------------------------------------------------------------

fn denied(result: Result<impl Sized, sqlx::Error>, what: &str) {
    let err = result.map(|_| ()).expect_err(what);
    assert_eq!(sqlstate(&err).as_deref(), Some("42501"), "{what}: {err}");
}

#[tokio::test]
async fn only_checkout_may_take_or_return_stock() {
    let s = shop().await;
    let shirt = variant(&s.admin, s.site, "SHIRT", 5).await;
    let order = lines(&[(shirt, 1)]);

    for role in [
        "vitrine_media",
        "vitrine_promotion",
        "vitrine_experiment",
        "vitrine_customer",
        "vitrine_notifier",
        "vitrine_builder",
    ] {
        let pool = s.db.pool_for(ServiceDb::new("public", role));
        denied(take(&pool, s.site, &order).await, &format!("{role} takes stock"));
        denied(give_back(&pool, s.site, &order).await, &format!("{role} returns stock"));
        denied(sqlx::query("SELECT site.stock_lines('[]')").execute(&pool).await, &format!("{role} calls the helper"));
    }
    take(&s.checkout, s.site, &order).await.expect("checkout may");

    assert_eq!(stock(&s.admin, shirt).await, 4);
}

#[tokio::test]
async fn checkout_reads_the_variant_directory_but_writes_no_variant() {
    let s = shop().await;
    let shirt = variant(&s.admin, s.site, "SHIRT", 5).await;

    let privileges: (bool, bool, bool, bool) = sqlx::query_as(
        "SELECT has_table_privilege('site.variant_directory', 'SELECT'),
                has_table_privilege('site.variant_directory', 'INSERT'),
                has_table_privilege('site.variant_directory', 'UPDATE'),
                has_table_privilege('site.variant_directory', 'DELETE')",
    )
    .fetch_one(&s.checkout)
    .await
    .unwrap();
    let through_view = sqlx::query("UPDATE site.variant_directory SET stock_qty = 100 WHERE variant_id = $1")
        .bind(shirt)
        .execute(&s.checkout)
        .await
        .expect_err("the view is read-only");

    assert_eq!(privileges, (true, false, false, false), "SELECT only");
    // Not updatable (a join) and not granted: either refusal will do.
    assert!(matches!(sqlstate(&through_view).as_deref(), Some("42501" | "55000")), "{through_view}");
    denied(
        sqlx::query("UPDATE site.variants SET stock_qty = 100 WHERE id = $1").bind(shirt).execute(&s.checkout).await,
        "updating the table",
    );
    denied(sqlx::query("SELECT stock_qty FROM site.variants").fetch_all(&s.checkout).await, "reading the table");
    denied(sqlx::query("SELECT site.stock_lines('[]')").execute(&s.checkout).await, "calling the helper");

    assert_eq!(stock(&s.admin, shirt).await, 5);
}
