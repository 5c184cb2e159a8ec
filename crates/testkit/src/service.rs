//! What the tests of every service repeated: the app of a site-scoped service
//! on a fresh database, the check that its role is denied another's tables,
//! the check that its OpenAPI document has no dangling `$ref`, and the wait
//! for its sweeper. A service's test file then reads as its behaviour only.

use std::time::Duration;

use axum::Router;
use serde_json::Value;
use sqlx::PgPool;
use vitrine_common::db::ServiceDb;
use vitrine_common::resource::ScopedState;

use crate::{TestClient, TestDb};

/// The HTTP stack every service runs behind, with the default request timeout.
pub fn stacked(app: Router) -> TestClient {
    TestClient::new(vitrine_common::server::stack(app, Duration::from_secs(30)))
}

/// A site-scoped service's app (`app` of its [`ScopedState`], acting as role
/// `service`, verifying the test keys' tokens) on a fresh database.
pub async fn scoped_app(service: ServiceDb, app: fn(ScopedState) -> Router) -> (TestClient, TestDb) {
    let db = TestDb::new().await;
    let state = ScopedState::new(&crate::keys::token_config(), db.pool_for(service)).expect("the service's state");
    (stacked(app(state)), db)
}

/// Asserts that the database refused `result` for lack of privilege (SQLSTATE
/// 42501): a role reaching past another service's published objects.
///
/// # Panics
/// When the statement succeeded or failed otherwise.
#[track_caller]
pub fn assert_denied<T>(result: Result<T, sqlx::Error>) {
    let err = result.map(|_| ()).expect_err("must be denied");
    assert_eq!(err.as_database_error().and_then(|e| e.code()).as_deref(), Some("42501"), "{err}");
}

/// Every `$ref` in `document` that names no schema of its `components`.
pub fn dangling_refs(document: &Value) -> Vec<String> {
    fn walk(document: &Value, value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    match (key.as_str(), inner.as_str()) {
                        ("$ref", Some(target)) => {
                            let name = target.trim_start_matches("#/components/schemas/");
                            if !document["components"]["schemas"][name].is_object() {
                                out.push(target.to_owned());
                            }
                        }
                        _ => walk(document, inner, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|inner| walk(document, inner, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(document, document, &mut out);
    out
}

/// Polls `count_sql` (a `SELECT count(*) …`) as the administrator for up to
/// five seconds until it gives 0, and returns the last count: for a
/// service's sweeper, which runs on its own once the service starts.
pub async fn count_until_zero(admin: &PgPool, count_sql: &str) -> i64 {
    let mut left = -1_i64;
    for _ in 0..100 {
        left = sqlx::query_scalar(count_sql).fetch_one(admin).await.expect("the count");
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    left
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn dangling_refs_are_the_refs_to_missing_schemas() {
        let document = json!({
            "components": {"schemas": {"Problem": {"type": "object"}}},
            "paths": {"/x": {"get": {"responses": {
                "200": {"$ref": "#/components/schemas/Missing"},
                "400": [{"$ref": "#/components/schemas/Problem"}]
            }}}}
        });
        assert_eq!(dangling_refs(&document), ["#/components/schemas/Missing"]);
    }

    #[test]
    #[should_panic(expected = "must be denied")]
    fn a_statement_that_succeeded_was_not_denied() {
        assert_denied(Ok::<(), sqlx::Error>(()));
    }
}
