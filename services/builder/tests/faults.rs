//! Faults: the database goes away while requests flow, then comes back.
//! This test runs its own PostgreSQL server, which it stops and restarts.

mod support;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::json;
use vitrine_common::db::PoolSettings;
use vitrine_common::health::{self, Pools};
use vitrine_localdb::{Lifetime, LocalPostgres};
use vitrine_testkit::{TestClient, TestDb};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_is_a_503_and_the_service_recovers_without_a_restart() {
    let dir = std::env::temp_dir().join(format!("vitrine-fault-{}", uuid::Uuid::now_v7().simple()));
    let mut server =
        tokio::task::spawn_blocking(move || LocalPostgres::start(&dir, Lifetime::Throwaway)).await.unwrap().unwrap();
    let db = TestDb::on(&server).await;
    let settings = PoolSettings { max_connections: 4, acquire_timeout: Duration::from_secs(1) };
    let pool = vitrine_common::db::pool(vitrine_builder::DB.as_role_of(&db.admin_options()), settings);
    let app = vitrine_common::server::stack(
        vitrine_builder::app(support::config(1).state(pool.clone()).unwrap()),
        Duration::from_secs(30),
    )
    .merge(health::router(Pools(vec![("builder", pool)])));
    let client = TestClient::new(app);
    let credentials = json!({"username": "alice", "password": "correct horse"});
    assert_eq!(client.post("/api/builder/auth/register", None, credentials.clone()).await.status, StatusCode::CREATED);
    let token = client.post("/api/builder/auth/login", None, credentials.clone()).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    for n in 1..=3 {
        let created = client.post("/api/builder/sites", Some(&token), json!({"name": format!("Shop {n}")})).await;
        assert_eq!(created.status, StatusCode::CREATED);
    }

    server.pause();

    let started = Instant::now();
    let list = client.get("/api/builder/sites", Some(&token)).await;
    let login = client.post("/api/builder/auth/login", None, credentials.clone()).await;
    let ready = client.get("/readyz", None).await;
    let live = client.get("/healthz", None).await;
    for answer in [&list, &login, &ready] {
        let problem = answer.assert_problem(StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(answer.header("retry-after"), Some("1"));
        let text = problem.to_string().to_lowercase();
        assert!(!text.contains("sqlx") && !text.contains("connection refused"), "leaks internals: {text}");
    }
    assert_eq!(live.status, StatusCode::OK, "the process itself is alive");
    assert!(started.elapsed() < Duration::from_secs(10), "outage answers took {:?}", started.elapsed());

    let _server = tokio::task::spawn_blocking(move || {
        server.resume().unwrap();
        server
    })
    .await
    .unwrap();

    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let ready = client.get("/readyz", None).await;
        if ready.status == StatusCode::OK {
            break;
        }
        let probe = client.get("/api/builder/sites", Some(&token)).await;
        assert!(Instant::now() < deadline, "did not recover within 20 s: {} / {}", ready.text(), probe.text());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let sites = client.get("/api/builder/sites", Some(&token)).await;
    assert_eq!(sites.status, StatusCode::OK);
    let names: Vec<String> =
        sites.json()["items"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["Shop 3", "Shop 2", "Shop 1"], "every acknowledged write survived");
    assert_eq!(client.post("/api/builder/auth/login", None, credentials).await.status, StatusCode::OK);
}
