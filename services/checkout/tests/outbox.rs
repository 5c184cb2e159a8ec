//! The event outbox stays cheap to follow and does not grow forever.

// A panic in a helper here is the test's failure.
#![allow(clippy::unwrap_used)]

use serde_json::Value;
use vitrine_testkit::TestDb;

/// The notifier's feed query (services/notifier/src/feed.rs), as its plan
/// would be for a follower far behind the end of a large outbox.
const FEED: &str = "SELECT f.tx, f.seq, f.id, f.payload FROM checkout.event_feed f
                    WHERE (f.tx, f.seq) > ($1, $2) ORDER BY f.tx, f.seq LIMIT 100";

async fn fill(admin: &sqlx::PgPool, rows: i32, age: &str) {
    sqlx::query(
        "INSERT INTO checkout.events (id, site_id, type, payload, created_at)
         SELECT gen_random_uuid(), gen_random_uuid(), 'order.created', '{}', now() - $2::interval
         FROM generate_series(1, $1)",
    )
    .bind(rows)
    .bind(age)
    .execute(admin)
    .await
    .unwrap();
}

#[tokio::test]
async fn following_the_feed_is_an_index_range_scan_not_a_read_of_the_whole_outbox() {
    let db = TestDb::new().await;
    let admin = db.admin_pool();
    fill(&admin, 20_000, "0 seconds").await;
    sqlx::query("ANALYZE checkout.events").execute(&admin).await.unwrap();
    let (plan,): (Value,) = sqlx::query_as(&format!("EXPLAIN (FORMAT JSON) {FEED}"))
        .bind(0_i64)
        .bind(10_i64)
        .fetch_one(&admin)
        .await
        .unwrap();
    let text = plan.to_string();
    assert!(text.contains("events_feed_idx"), "the feed uses its index: {text}");
    assert!(!text.contains("Seq Scan") && !text.contains("\"Sort\""), "no scan or sort of the outbox: {text}");
}

#[tokio::test]
async fn the_sweeper_prunes_events_past_their_retention_and_keeps_the_rest() {
    let db = TestDb::new().await;
    let admin = db.admin_pool();
    fill(&admin, 6_000, "31 days").await;
    fill(&admin, 7, "29 days").await;
    fill(&admin, 3, "0 seconds").await;
    let pool = db.pool_for(vitrine_checkout::DB);
    let pruned = vitrine_checkout::sweep::prune_events(&pool).await.unwrap();
    assert_eq!(pruned, 6_000, "every old event, over several batches");
    let (left,): (i64,) = sqlx::query_as("SELECT count(*) FROM checkout.events").fetch_one(&admin).await.unwrap();
    assert_eq!(left, 10);
}
