//! What the promotion service publishes for checkout (decision 11), exercised
//! as checkout runs it: through a pool acting as `vitrine_checkout`, against
//! real PostgreSQL. `promotion.redeem` keeps a code's usage limit under any
//! concurrency; `promotion.release` gives a use back.

use std::time::Duration;

use rust_decimal::Decimal;
use sqlx::PgPool;
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

/// A promotion to arrange; `Default` is an active, unlimited 10 % code without a window.
struct New<'a> {
    code: &'a str,
    kind: &'a str,
    value: &'a str,
    currency: Option<&'a str>,
    start_at: Option<OffsetDateTime>,
    end_at: Option<OffsetDateTime>,
    active: bool,
    usage_limit: Option<i32>,
}

impl Default for New<'_> {
    fn default() -> Self {
        Self {
            code: "SUMMER10",
            kind: "percentage",
            value: "10",
            currency: None,
            start_at: None,
            end_at: None,
            active: true,
            usage_limit: None,
        }
    }
}

async fn promotion(admin: &PgPool, site: Uuid, new: New<'_>) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO promotion.promotions (id, site_id, code, kind, value, currency, start_at, end_at, active, usage_limit)
         VALUES ($1, $2, $3, $4, $5::numeric, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(site)
    .bind(new.code)
    .bind(new.kind)
    .bind(new.value)
    .bind(new.currency)
    .bind(new.start_at)
    .bind(new.end_at)
    .bind(new.active)
    .bind(new.usage_limit)
    .execute(admin)
    .await
    .expect("inserting a promotion");
    id
}

async fn times_used(admin: &PgPool, id: Uuid) -> i32 {
    sqlx::query_scalar("SELECT times_used FROM promotion.promotions WHERE id = $1")
        .bind(id)
        .fetch_one(admin)
        .await
        .expect("reading times_used")
}

/// A redeemed promotion as `redeem` answers it.
type Redeemed = (Uuid, String, String, Decimal, Option<String>);

async fn redeem(
    db: impl sqlx::PgExecutor<'_>,
    site: Uuid,
    code: &str,
    currency: &str,
) -> Result<Option<Redeemed>, sqlx::Error> {
    sqlx::query_as("SELECT id, code, kind, value, currency::text FROM promotion.redeem($1, $2, $3)")
        .bind(site)
        .bind(code)
        .bind(currency)
        .fetch_optional(db)
        .await
}

async fn release(db: impl sqlx::PgExecutor<'_>, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT promotion.release($1)").bind(id).execute(db).await.map(|_| ())
}

fn sqlstate(err: &sqlx::Error) -> Option<String> {
    err.as_database_error().and_then(|e| e.code()).map(|c| c.into_owned())
}

// ---- redeem and release --------------------------------------------------------

#[tokio::test]
async fn redeeming_a_code_in_any_case_counts_one_use_and_answers_the_promotion() {
    let s = shop().await;
    let id = promotion(&s.admin, s.site, New::default()).await;

    let redeemed = redeem(&s.checkout, s.site, "summer10", "EUR").await.unwrap();
    redeem(&s.checkout, s.site, "Summer10", "EUR").await.unwrap().expect("no limit");

    let (got, code, kind, value, currency) = redeemed.expect("the code applies");
    assert_eq!((got, code.as_str(), kind.as_str(), currency), (id, "SUMMER10", "percentage", None));
    assert_eq!(value, Decimal::TEN);
    assert_eq!(times_used(&s.admin, id).await, 2);
}

#[tokio::test]
async fn a_code_at_its_usage_limit_is_not_redeemed() {
    let s = shop().await;
    let id = promotion(&s.admin, s.site, New { usage_limit: Some(2), ..New::default() }).await;

    let first = redeem(&s.checkout, s.site, "SUMMER10", "EUR").await.unwrap();
    let second = redeem(&s.checkout, s.site, "SUMMER10", "EUR").await.unwrap();
    let third = redeem(&s.checkout, s.site, "SUMMER10", "EUR").await.unwrap();

    assert!(first.is_some() && second.is_some());
    assert_eq!(third, None);
    assert_eq!(times_used(&s.admin, id).await, 2);
}

#[tokio::test]
async fn codes_outside_their_window_or_inactive_are_not_redeemed() {
    let s = shop().await;
    let now = OffsetDateTime::now_utc();
    let hour = time::Duration::hours(1);
    let later = promotion(&s.admin, s.site, New { code: "LATER", start_at: Some(now + hour), ..New::default() }).await;
    let over = promotion(&s.admin, s.site, New { code: "OVER", end_at: Some(now - hour), ..New::default() }).await;
    let off = promotion(&s.admin, s.site, New { code: "OFF", active: false, ..New::default() }).await;
    let open = promotion(
        &s.admin,
        s.site,
        New { code: "OPEN", start_at: Some(now - hour), end_at: Some(now + hour), ..New::default() },
    )
    .await;

    for code in ["LATER", "OVER", "OFF"] {
        assert_eq!(redeem(&s.checkout, s.site, code, "EUR").await.unwrap(), None, "{code}");
    }
    assert!(redeem(&s.checkout, s.site, "open", "EUR").await.unwrap().is_some(), "inside its window");

    for (id, used) in [(later, 0), (over, 0), (off, 0), (open, 1)] {
        assert_eq!(times_used(&s.admin, id).await, used);
    }
}

#[tokio::test]
async fn a_fixed_amount_is_redeemed_only_in_its_own_currency_and_a_percentage_in_any() {
    let s = shop().await;
    let fixed = New { code: "FIVEOFF", kind: "fixed_amount", value: "5.00", currency: Some("EUR"), ..New::default() };
    let id = promotion(&s.admin, s.site, fixed).await;
    promotion(&s.admin, s.site, New::default()).await;

    let in_dollars = redeem(&s.checkout, s.site, "FIVEOFF", "USD").await.unwrap();
    let in_euros = redeem(&s.checkout, s.site, "FIVEOFF", "EUR").await.unwrap();
    let percentage_in_yen = redeem(&s.checkout, s.site, "SUMMER10", "JPY").await.unwrap();

    assert_eq!(in_dollars, None);
    let (_, _, kind, value, currency) = in_euros.expect("EUR applies");
    assert_eq!(
        (kind.as_str(), value.to_string().as_str(), currency.as_deref()),
        ("fixed_amount", "5.0000", Some("EUR"))
    );
    assert!(percentage_in_yen.is_some());
    assert_eq!(times_used(&s.admin, id).await, 1);
}

#[tokio::test]
async fn codes_of_another_site_or_of_a_deleted_site_are_not_redeemed() {
    let s = shop().await;
    let mallory = s.db.merchant("mallory").await;
    let other = s.db.site(&mallory, "other").await;
    let theirs = promotion(&s.admin, other, New { code: "THEIRS", ..New::default() }).await;
    let mine = promotion(&s.admin, s.site, New::default()).await;

    let across = redeem(&s.checkout, s.site, "THEIRS", "EUR").await.unwrap();
    s.db.delete_site(s.site).await;
    let deleted = redeem(&s.checkout, s.site, "SUMMER10", "EUR").await.unwrap();

    assert_eq!((across, deleted), (None, None));
    assert_eq!((times_used(&s.admin, theirs).await, times_used(&s.admin, mine).await), (0, 0));
}

#[tokio::test]
async fn releasing_gives_one_use_back_and_never_goes_below_0() {
    let s = shop().await;
    let id = promotion(&s.admin, s.site, New { usage_limit: Some(1), ..New::default() }).await;
    redeem(&s.checkout, s.site, "SUMMER10", "EUR").await.unwrap().expect("first use");

    release(&s.checkout, id).await.unwrap();
    let again = redeem(&s.checkout, s.site, "SUMMER10", "EUR").await.unwrap();
    release(&s.checkout, id).await.unwrap();
    release(&s.checkout, id).await.unwrap();
    release(&s.checkout, Uuid::now_v7()).await.expect("an unknown promotion is no error");

    assert!(again.is_some(), "the released use can be redeemed again");
    assert_eq!(times_used(&s.admin, id).await, 0);
}

// ---- concurrency -------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn six_concurrent_redeemers_of_a_code_limited_to_2_leave_exactly_2_winners() {
    let s = shop().await;
    let id = promotion(&s.admin, s.site, New { usage_limit: Some(2), ..New::default() }).await;

    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let (pool, site) = (s.checkout.clone(), s.site);
            tokio::spawn(async move {
                // Held open a moment, as checkout does while it writes the order.
                let mut tx = pool.begin().await.expect("begin");
                let redeemed = redeem(&mut *tx, site, "summer10", "EUR").await.expect("redeem");
                tokio::time::sleep(Duration::from_millis(50)).await;
                tx.commit().await.expect("commit");
                redeemed.is_some()
            })
        })
        .collect();
    let mut won = 0;
    for task in tasks {
        won += i32::from(task.await.expect("a redeemer panicked"));
    }

    assert_eq!(won, 2);
    assert_eq!(times_used(&s.admin, id).await, 2);
}

// ---- the published view and privileges ---------------------------------------

#[tokio::test]
async fn the_promotion_directory_shows_live_sites_codes_read_only() {
    let s = shop().await;
    let id = promotion(&s.admin, s.site, New { usage_limit: Some(5), ..New::default() }).await;
    redeem(&s.checkout, s.site, "SUMMER10", "EUR").await.unwrap();

    let row: (Uuid, Uuid, String, String, Decimal, bool, Option<i32>, i32) = sqlx::query_as(
        "SELECT id, site_id, code, kind, value, active, usage_limit, times_used
         FROM promotion.promotion_directory WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&s.checkout)
    .await
    .unwrap();
    let privileges: (bool, bool, bool, bool) = sqlx::query_as(
        "SELECT has_table_privilege('promotion.promotion_directory', 'SELECT'),
                has_table_privilege('promotion.promotion_directory', 'INSERT'),
                has_table_privilege('promotion.promotion_directory', 'UPDATE'),
                has_table_privilege('promotion.promotion_directory', 'DELETE')",
    )
    .fetch_one(&s.checkout)
    .await
    .unwrap();
    let write = sqlx::query("UPDATE promotion.promotion_directory SET times_used = 0")
        .execute(&s.checkout)
        .await
        .expect_err("the view is read-only");
    s.db.delete_site(s.site).await;
    let after_delete: i64 =
        sqlx::query_scalar("SELECT count(*) FROM promotion.promotion_directory").fetch_one(&s.checkout).await.unwrap();

    assert_eq!((row.0, row.1, row.2.as_str(), row.3.as_str()), (id, s.site, "SUMMER10", "percentage"));
    assert_eq!((row.4, row.5, row.6, row.7), (Decimal::TEN, true, Some(5), 1));
    assert_eq!(privileges, (true, false, false, false));
    assert!(matches!(sqlstate(&write).as_deref(), Some("42501" | "55000")), "{write}");
    assert_eq!(after_delete, 0, "a deleted site's codes leave the view at once");
}

#[tokio::test]
async fn only_checkout_may_redeem_or_release() {
    let s = shop().await;
    let id = promotion(&s.admin, s.site, New::default()).await;

    for role in [
        "vitrine_site",
        "vitrine_media",
        "vitrine_experiment",
        "vitrine_customer",
        "vitrine_notifier",
        "vitrine_builder",
    ] {
        let pool = s.db.pool_for(ServiceDb::new("public", role));
        let redeemed = redeem(&pool, s.site, "SUMMER10", "EUR").await.expect_err(role);
        let released = release(&pool, id).await.expect_err(role);
        assert_eq!(sqlstate(&redeemed).as_deref(), Some("42501"), "{role}: {redeemed}");
        assert_eq!(sqlstate(&released).as_deref(), Some("42501"), "{role}: {released}");
        let table = sqlx::query("UPDATE promotion.promotions SET times_used = 0").execute(&pool).await;
        assert!(table.is_err(), "{role} writes promotions");
    }
    let checkout_table = sqlx::query("UPDATE promotion.promotions SET times_used = 0").execute(&s.checkout).await;

    assert_eq!(sqlstate(&checkout_table.expect_err("checkout writes promotions")).as_deref(), Some("42501"));
    assert_eq!(times_used(&s.admin, id).await, 0);
}
