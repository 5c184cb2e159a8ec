//! What the experiment service publishes for checkout (decision 11), exercised
//! as checkout runs it: through a pool acting as `vitrine_checkout`, against
//! real PostgreSQL. `experiment.assign_visitor` assigns a cart's visitor to the
//! site's running experiments; `experiment.record_conversion` credits a paid
//! order to the visitor's arm. Both draw and credit exactly as the
//! experiment service's own routes do (`experiment.draw_arm`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{Value, json};
use sqlx::PgPool;
use sqlx::types::Json as DbJson;
use time::OffsetDateTime;
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

async fn experiment(
    admin: &PgPool,
    site: Uuid,
    status: &str,
    split: Value,
    window: (Option<OffsetDateTime>, Option<OffsetDateTime>),
) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO experiment.experiments (id, site_id, name, status, traffic_split, start_at, end_at)
         VALUES ($1, $2, 'Checkout button', $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(site)
    .bind(status)
    .bind(DbJson(split))
    .bind(window.0)
    .bind(window.1)
    .execute(admin)
    .await
    .expect("inserting an experiment");
    id
}

async fn running(admin: &PgPool, site: Uuid) -> Uuid {
    experiment(admin, site, "running", json!({"control": 50, "green": 50}), (None, None)).await
}

async fn assign_visitor(db: impl sqlx::PgExecutor<'_>, site: Uuid, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT experiment.assign_visitor($1, $2)").bind(site).bind(key).execute(db).await.map(|_| ())
}

async fn record_conversion(
    db: impl sqlx::PgExecutor<'_>,
    site: Uuid,
    key: &str,
    revenue: &str,
    currency: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT experiment.record_conversion($1, $2, $3::numeric, $4)")
        .bind(site)
        .bind(key)
        .bind(revenue)
        .bind(currency)
        .execute(db)
        .await
        .map(|_| ())
}

/// The visitor's stored arm in `experiment`, if any.
async fn arm_of(admin: &PgPool, experiment: Uuid, key: &str) -> Option<String> {
    sqlx::query_scalar("SELECT arm FROM experiment.variant_assignments WHERE experiment_id = $1 AND user_key = $2")
        .bind(experiment)
        .bind(key)
        .fetch_optional(admin)
        .await
        .expect("reading an assignment")
}

async fn draw(admin: &PgPool, experiment: Uuid, key: &str) -> String {
    sqlx::query_scalar(
        "SELECT experiment.draw_arm(e.id, $2, e.traffic_split) FROM experiment.experiments e WHERE e.id = $1",
    )
    .bind(experiment)
    .bind(key)
    .fetch_one(admin)
    .await
    .expect("drawing an arm")
}

/// Every metric of an experiment: (user_key, arm, name, value, currency), in that order.
async fn metrics(admin: &PgPool, experiment: Uuid) -> Vec<(String, String, String, Decimal, Option<String>)> {
    sqlx::query_as(
        "SELECT user_key, arm, metric_name, metric_value::numeric, currency::text
         FROM experiment.metrics WHERE experiment_id = $1
         ORDER BY user_key, metric_name",
    )
    .bind(experiment)
    .fetch_all(admin)
    .await
    .expect("reading metrics")
}

fn sqlstate(err: &sqlx::Error) -> Option<String> {
    err.as_database_error().and_then(|e| e.code()).map(|c| c.into_owned())
}

// ---- the draw ----------------------------------------------------------------

#[tokio::test]
async fn ten_thousand_visitors_split_within_2_percent_of_the_weights() {
    let s = shop().await;
    let id = Uuid::now_v7();
    let split = json!({"control": 50, "green": 30, "red": 20, "never": 0});

    let counts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT experiment.draw_arm($1, 'visitor-' || n, $2) AS arm, count(*)
         FROM generate_series(1, 10000) n GROUP BY 1 ORDER BY 1",
    )
    .bind(id)
    .bind(DbJson(&split))
    .fetch_all(&s.checkout)
    .await
    .unwrap();

    let counts: BTreeMap<String, i64> = counts.into_iter().collect();
    assert_eq!(counts.get("never"), None, "a zero weight draws no one: {counts:?}");
    assert_eq!(counts.values().sum::<i64>(), 10_000, "everyone draws an arm: {counts:?}");
    for (arm, weight) in [("control", 50), ("green", 30), ("red", 20)] {
        let share = counts.get(arm).copied().unwrap_or(0);
        assert!((share - weight * 100).abs() <= 200, "{arm}: {share} of 10000 for weight {weight}: {counts:?}");
    }
}

#[tokio::test]
async fn the_draw_is_deterministic_and_independent_between_experiments() {
    let s = shop().await;
    let split = json!({"a": 50, "b": 50});
    let (one, two) = (Uuid::now_v7(), Uuid::now_v7());

    let same: (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE experiment.draw_arm($1, k, $3) = experiment.draw_arm($1, k, $3)),
                count(*) FILTER (WHERE experiment.draw_arm($1, k, $3) = experiment.draw_arm($2, k, $3))
         FROM (SELECT 'v' || n AS k FROM generate_series(1, 2000) n) keys",
    )
    .bind(one)
    .bind(two)
    .bind(DbJson(&split))
    .fetch_one(&s.checkout)
    .await
    .unwrap();

    assert_eq!(same.0, 2000, "the same key always draws the same arm");
    // Independent 50/50 draws agree about half the time (±5 points on 2,000).
    assert!((900..=1100).contains(&same.1), "{} of 2000 agree across experiments", same.1);
}

// ---- assign_visitor --------------------------------------------------------------

#[tokio::test]
async fn a_visitor_is_assigned_to_every_running_experiment_of_the_site_with_the_drawn_arm() {
    let s = shop().await;
    let first = running(&s.admin, s.site).await;
    let second = experiment(&s.admin, s.site, "running", json!({"a": 20, "b": 30, "c": 50}), (None, None)).await;

    assign_visitor(&s.checkout, s.site, "cart-visitor-1").await.unwrap();

    for id in [first, second] {
        assert_eq!(arm_of(&s.admin, id, "cart-visitor-1").await, Some(draw(&s.admin, id, "cart-visitor-1").await));
    }
}

#[tokio::test]
async fn an_assignment_is_sticky() {
    let s = shop().await;
    let id = running(&s.admin, s.site).await;
    assign_visitor(&s.checkout, s.site, "v").await.unwrap();
    let drawn = arm_of(&s.admin, id, "v").await.expect("assigned");
    // Whatever the draw would say now, the stored arm stays (as for
    // assignments made by an older draw).
    let other = if drawn == "control" { "green" } else { "control" };
    sqlx::query("UPDATE experiment.variant_assignments SET arm = $2 WHERE experiment_id = $1")
        .bind(id)
        .bind(other)
        .execute(&s.admin)
        .await
        .unwrap();

    assign_visitor(&s.checkout, s.site, "v").await.unwrap();
    assign_visitor(&s.checkout, s.site, "v").await.unwrap();

    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM experiment.variant_assignments").fetch_one(&s.admin).await.unwrap();
    assert_eq!(count, 1);
    assert_eq!(arm_of(&s.admin, id, "v").await.as_deref(), Some(other));
}

#[tokio::test]
async fn only_running_experiments_inside_their_window_of_a_live_site_assign() {
    let s = shop().await;
    let now = OffsetDateTime::now_utc();
    let hour = time::Duration::hours(1);
    let split = json!({"control": 50, "green": 50});
    let mut none = Vec::new();
    for status in ["draft", "paused", "completed"] {
        none.push(experiment(&s.admin, s.site, status, split.clone(), (None, None)).await);
    }
    none.push(experiment(&s.admin, s.site, "running", split.clone(), (Some(now + hour), None)).await);
    none.push(experiment(&s.admin, s.site, "running", split.clone(), (None, Some(now - hour))).await);
    let mallory = s.db.merchant("mallory").await;
    let other_site = s.db.site(&mallory, "other").await;
    none.push(running(&s.admin, other_site).await);
    let open = experiment(&s.admin, s.site, "running", split, (Some(now - hour), Some(now + hour))).await;

    assign_visitor(&s.checkout, s.site, "v").await.unwrap();
    assign_visitor(&s.checkout, s.site, "").await.unwrap();
    assign_visitor(&s.checkout, s.site, &"k".repeat(129)).await.unwrap();

    for id in none {
        assert_eq!(arm_of(&s.admin, id, "v").await, None);
    }
    assert!(arm_of(&s.admin, open, "v").await.is_some());
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM experiment.variant_assignments").fetch_one(&s.admin).await.unwrap();
    assert_eq!(count, 1, "no key out of bounds is assigned");

    let deleted = running(&s.admin, s.site).await;
    s.db.delete_site(s.site).await;
    assign_visitor(&s.checkout, s.site, "v").await.unwrap();
    assert_eq!(arm_of(&s.admin, deleted, "v").await, None, "a deleted site assigns no one");
}

// ---- record_conversion -------------------------------------------------------------

#[tokio::test]
async fn a_conversion_is_recorded_with_its_revenue_for_the_visitors_arm_only() {
    let s = shop().await;
    let id = running(&s.admin, s.site).await;
    let paused = running(&s.admin, s.site).await;
    for key in ["buyer", "browser"] {
        assign_visitor(&s.checkout, s.site, key).await.unwrap();
    }
    sqlx::query("UPDATE experiment.experiments SET status = 'paused' WHERE id = $1")
        .bind(paused)
        .execute(&s.admin)
        .await
        .unwrap();
    let arm = arm_of(&s.admin, id, "buyer").await.expect("assigned");

    record_conversion(&s.checkout, s.site, "buyer", "59.90", "EUR").await.unwrap();
    record_conversion(&s.checkout, s.site, "stranger", "10.00", "EUR").await.unwrap();

    assert_eq!(
        metrics(&s.admin, id).await,
        vec![
            ("buyer".to_owned(), arm.clone(), "conversion".to_owned(), Decimal::ONE, None),
            ("buyer".to_owned(), arm, "revenue".to_owned(), Decimal::new(5990, 2), Some("EUR".to_owned())),
        ],
        "only the buyer's arm, nothing for a visitor without an assignment"
    );
    assert_eq!(metrics(&s.admin, paused).await, vec![], "only running experiments record");
}

// ---- privileges --------------------------------------------------------------

#[tokio::test]
async fn only_checkout_may_assign_visitors_or_record_conversions() {
    let s = shop().await;
    let id = running(&s.admin, s.site).await;

    for role in [
        "vitrine_site",
        "vitrine_media",
        "vitrine_promotion",
        "vitrine_customer",
        "vitrine_notifier",
        "vitrine_builder",
    ] {
        let pool = s.db.pool_for(ServiceDb::new("public", role));
        let assigned = assign_visitor(&pool, s.site, "v").await.expect_err(role);
        let recorded = record_conversion(&pool, s.site, "v", "1", "EUR").await.expect_err(role);
        assert_eq!(sqlstate(&assigned).as_deref(), Some("42501"), "{role}: {assigned}");
        assert_eq!(sqlstate(&recorded).as_deref(), Some("42501"), "{role}: {recorded}");
    }
    let table = sqlx::query("SELECT 1 FROM experiment.metrics").fetch_all(&s.checkout).await;

    assert_eq!(sqlstate(&table.expect_err("checkout reads no table")).as_deref(), Some("42501"));
    assert_eq!(arm_of(&s.admin, id, "v").await, None);
}
