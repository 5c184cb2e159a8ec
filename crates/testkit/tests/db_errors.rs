//! Database errors caused by the client's input are the client's 4xx, never a 500.

#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test

use vitrine_common::ApiError;
use vitrine_common::db::ServiceDb;
use vitrine_testkit::TestDb;

#[tokio::test]
async fn text_postgresql_cannot_store_is_a_400_not_a_500() {
    let db = TestDb::new().await;
    let pool = db.pool_for(ServiceDb::new("site", "vitrine_site"));

    // A NUL in a text parameter: SQLSTATE 22021.
    let err = sqlx::query("SELECT $1::text").bind("a\0b").execute(&pool).await.unwrap_err();
    assert_eq!(err.as_database_error().unwrap().code().as_deref(), Some("22021"), "{err}");
    assert_eq!(ApiError::from(err).status_code().as_u16(), 400);

    // A \u0000 escape in jsonb: SQLSTATE 22P05.
    let err = sqlx::query("SELECT $1::text::jsonb").bind(r#"{"a": "\u0000"}"#).execute(&pool).await.unwrap_err();
    assert_eq!(err.as_database_error().unwrap().code().as_deref(), Some("22P05"), "{err}");
    assert_eq!(ApiError::from(err).status_code().as_u16(), 400);
}
