//! A service's connection is its own role and nothing more: there is no
//! administrator session under it to go back to.

#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test

use vitrine_common::db::ServiceDb;
use vitrine_testkit::TestDb;

const SITE: ServiceDb = ServiceDb::new("site", "vitrine_site");

#[tokio::test]
async fn set_role_none_on_a_service_connection_cannot_read_another_services_tables() {
    let db = TestDb::new().await;
    let pool = db.pool_for(SITE);
    let mut conn = pool.acquire().await.unwrap();

    let (session, current): (String, String) =
        sqlx::query_as("SELECT session_user::text, current_user::text").fetch_one(&mut *conn).await.unwrap();
    assert_eq!((session.as_str(), current.as_str()), ("vitrine_site", "vitrine_site"));

    for escape in ["SET ROLE NONE", "RESET ROLE", "SET SESSION AUTHORIZATION DEFAULT"] {
        // Whatever the statement does (or refuses), the session stays the site's role.
        let _ = sqlx::query(escape).execute(&mut *conn).await;
        let denied = sqlx::query("SELECT count(*) FROM builder.users").fetch_one(&mut *conn).await.unwrap_err();
        let code = denied.as_database_error().and_then(|err| err.code()).map(|code| code.into_owned());
        assert_eq!(code.as_deref(), Some("42501"), "after {escape}: {denied}");
        let superuser: bool = sqlx::query_scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert!(!superuser, "after {escape}");
    }
    // Its own tables, and the builder's published view, it can read.
    sqlx::query("SELECT count(*) FROM site.products").fetch_one(&mut *conn).await.unwrap();
    sqlx::query("SELECT count(*) FROM builder.site_directory").fetch_one(&mut *conn).await.unwrap();
}
