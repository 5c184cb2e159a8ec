//! Races against real PostgreSQL: many clients asking for the same unique
//! thing at once. Exactly one wins; everyone else gets a 409; nobody a 5xx.

mod support;

use axum::http::StatusCode;
use serde_json::json;
use support::builder;

fn tally(statuses: &[StatusCode]) -> (usize, usize) {
    let created = statuses.iter().filter(|s| **s == StatusCode::CREATED).count();
    let conflicts = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
    assert_eq!(created + conflicts, statuses.len(), "only 201 and 409 expected: {statuses:?}");
    (created, conflicts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_sites_with_the_same_name_have_exactly_one_winner() {
    let (client, db) = builder().await;
    let mut merchants = Vec::new();
    for n in 0..8 {
        merchants.push(db.merchant(&format!("merchant{n}")).await);
    }

    let attempts: Vec<_> = (0..32)
        .map(|n| {
            let client = client.clone();
            let token = merchants[n % merchants.len()].token.clone();
            tokio::spawn(async move {
                client.post("/api/builder/sites", Some(&token), json!({"name": "The Same Shop"})).await.status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }

    assert_eq!(tally(&statuses), (1, 31));
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM builder.sites WHERE slug = 'the-same-shop'")
        .fetch_one(&db.admin_pool())
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_registrations_of_one_username_have_exactly_one_winner() {
    let (client, db) = builder().await;

    let attempts: Vec<_> = (0..12)
        .map(|n| {
            let client = client.clone();
            // Different spellings of one name: unique without regard to case.
            let username = if n % 2 == 0 { "Racer" } else { "rAcEr" };
            tokio::spawn(async move {
                client
                    .post(
                        "/api/builder/auth/register",
                        None,
                        json!({"username": username, "password": "correct horse"}),
                    )
                    .await
                    .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }

    assert_eq!(tally(&statuses), (1, 11));
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM builder.users WHERE lower(username) = 'racer'")
        .fetch_one(&db.admin_pool())
        .await
        .unwrap();
    assert_eq!(count, 1);
}
