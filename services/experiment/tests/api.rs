//! The experiment service's HTTP contract, driven through its router against
//! real PostgreSQL (a fresh database per test).

use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;
use vitrine_common::db::ServiceDb;
use vitrine_common::service::Service;
use vitrine_experiment::Config;
use vitrine_testkit::keys;
use vitrine_testkit::service::{assert_denied, count_until_zero, dangling_refs};
use vitrine_testkit::{Merchant, TestClient, TestDb};

async fn experiment() -> (TestClient, TestDb) {
    vitrine_testkit::service::scoped_app(vitrine_experiment::DB, vitrine_experiment::app).await
}

fn experiments(site: Uuid) -> String {
    format!("/api/experiment/sites/{site}/experiments")
}

fn assignments(slug: &str, id: &str) -> String {
    format!("/api/experiment/public/{slug}/experiments/{id}/assignments")
}

fn metrics(slug: &str, id: &str) -> String {
    format!("/api/experiment/public/{slug}/experiments/{id}/metrics")
}

async fn create(client: &TestClient, owner: &Merchant, site: Uuid, body: Value) -> Value {
    let response = client.post(&experiments(site), Some(&owner.token), body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

fn running(split: &Value) -> Value {
    json!({"name": "Checkout button", "status": "running", "traffic_split": split})
}

/// An experiment running on site `shop` with a 50/50 split; returns its id.
async fn running_experiment(client: &TestClient, db: &TestDb, owner: &Merchant) -> (Uuid, String) {
    let site = db.site(owner, "shop").await;
    let created = create(client, owner, site, running(&json!({"control": 50, "green": 50}))).await;
    (site, created["id"].as_str().expect("an id").to_owned())
}

async fn assign(client: &TestClient, id: &str, user_key: &str) -> String {
    let response = client.post(&assignments("shop", id), None, json!({"user_key": user_key})).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json()["arm"].as_str().expect("an arm").to_owned()
}

// ---- merchant CRUD ---------------------------------------------------------

#[tokio::test]
async fn an_experiment_is_created_as_a_draft_read_changed_and_deleted() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;

    let response = client
        .post(
            &experiments(site),
            Some(&alice.token),
            json!({"name": "  Green button ", "traffic_split": {"control": 70, "green": 30}}),
        )
        .await;

    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let created = response.json();
    let id = created["id"].as_str().unwrap();
    let url = format!("{}/{id}", experiments(site));
    assert_eq!(response.header("location"), Some(url.as_str()));
    assert_eq!(created["name"], "Green button");
    assert_eq!(created["status"], "draft");
    assert_eq!(created["traffic_split"], json!({"control": 70, "green": 30}));
    assert_eq!(created["start_at"], Value::Null);
    assert_eq!(client.get(&url, Some(&alice.token)).await.json(), created);

    let changed =
        client.patch(&url, Some(&alice.token), json!({"traffic_split": {"a": 50, "b": 50}, "status": "running"})).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
    assert_eq!(changed.json()["status"], "running");
    assert_eq!(changed.json()["traffic_split"], json!({"a": 50, "b": 50}));
    assert_eq!(changed.json()["name"], "Green button", "absent fields stay");

    assert_eq!(client.delete(&url, Some(&alice.token)).await.status, StatusCode::NO_CONTENT);
    client.get(&url, Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invalid_experiments_list_every_invalid_field() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;

    let response = client
        .post(
            &experiments(site),
            Some(&alice.token),
            json!({"name": " ", "status": "completed", "traffic_split": {"a": 60, "b": 60},
                   "start_at": "2030-02-01T00:00:00Z", "end_at": "2030-01-01T00:00:00Z"}),
        )
        .await;

    let body = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "status", "traffic_split", "end_at"]);
}

#[tokio::test]
async fn a_traffic_split_has_two_arms_or_more_with_integer_weights_summing_to_100() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;

    for split in [
        json!({"only": 100}),
        json!({}),
        json!({"a": 50, "b": 49}),
        json!({"a": 110, "b": -10}),
        json!({"a": 50.5, "b": 49.5}),
        json!({"a": "50", "b": "50"}),
        json!({"bad name": 50, "b": 50}),
        json!([50, 50]),
    ] {
        let body = json!({"name": "x", "traffic_split": split});
        let response = client.post(&experiments(site), Some(&alice.token), body).await;
        let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        let field = problem["errors"][0]["field"].as_str().unwrap();
        assert!(field.starts_with("traffic_split"), "{split}: {problem}");
    }
    let zero = create(&client, &alice, site, json!({"name": "x", "traffic_split": {"a": 100, "b": 0}})).await;
    assert_eq!(zero["traffic_split"]["b"], 0, "a zero weight is allowed");
}

#[tokio::test]
async fn status_moves_forward_only_and_the_split_is_frozen_once_out_of_draft() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (site, id) = running_experiment(&client, &db, &alice).await;
    let url = format!("{}/{id}", experiments(site));
    let token = Some(alice.token.as_str());

    let back_to_draft = client.patch(&url, token, json!({"status": "draft"})).await;
    let new_split = client.patch(&url, token, json!({"traffic_split": {"control": 10, "green": 90}})).await;
    let same_split = client.patch(&url, token, json!({"traffic_split": {"green": 50, "control": 50}})).await;
    let paused = client.patch(&url, token, json!({"status": "paused"})).await;
    let resumed = client.patch(&url, token, json!({"status": "running"})).await;
    let completed = client.patch(&url, token, json!({"status": "completed"})).await;
    let reopened = client.patch(&url, token, json!({"status": "running"})).await;

    assert_eq!(back_to_draft.assert_problem(StatusCode::CONFLICT)["errors"][0]["field"], "status");
    assert_eq!(new_split.assert_problem(StatusCode::CONFLICT)["errors"][0]["field"], "traffic_split");
    assert_eq!(same_split.status, StatusCode::OK, "an unchanged split is not a change");
    assert_eq!(paused.json()["status"], "paused");
    assert_eq!(resumed.json()["status"], "running");
    assert_eq!(completed.json()["status"], "completed");
    reopened.assert_problem(StatusCode::CONFLICT);
}

#[tokio::test]
async fn patch_leaves_absent_fields_clears_null_ones_and_checks_the_window() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let created = create(
        &client,
        &alice,
        site,
        json!({"name": "x", "traffic_split": {"a": 50, "b": 50},
               "start_at": "2030-01-01T00:00:00Z", "end_at": "2030-02-01T00:00:00Z"}),
    )
    .await;
    let url = format!("{}/{}", experiments(site), created["id"].as_str().unwrap());

    let inverted = client.patch(&url, Some(&alice.token), json!({"start_at": "2030-03-01T00:00:00Z"})).await;
    let cleared = client.patch(&url, Some(&alice.token), json!({"start_at": null})).await.json();

    assert_eq!(inverted.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "end_at");
    assert_eq!(cleared["start_at"], Value::Null);
    assert_eq!(cleared["end_at"], "2030-02-01T00:00:00Z");
}

#[tokio::test]
async fn a_sites_experiments_are_listed_newest_first_one_page_at_a_time() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    for name in ["first", "second", "third"] {
        create(&client, &alice, site, json!({"name": name, "traffic_split": {"a": 50, "b": 50}})).await;
    }

    let first = client.get(&format!("{}?limit=2", experiments(site)), Some(&alice.token)).await.json();
    let cursor = first["next_cursor"].as_str().expect("a next page");
    let second = client.get(&format!("{}?limit=2&cursor={cursor}", experiments(site)), Some(&alice.token)).await.json();

    let names = |page: &Value| page["items"].as_array().unwrap().iter().map(|e| e["name"].clone()).collect::<Vec<_>>();
    assert_eq!(names(&first), ["third", "second"]);
    assert_eq!(names(&second), ["first"]);
    assert_eq!(second["next_cursor"], Value::Null);
    client
        .get(&format!("{}?cursor=garbage", experiments(site)), Some(&alice.token))
        .await
        .assert_problem(StatusCode::BAD_REQUEST);
}

// ---- assignments -----------------------------------------------------------

#[tokio::test]
async fn a_visitor_always_gets_the_same_arm() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (_site, id) = running_experiment(&client, &db, &alice).await;

    let first = client.post(&assignments("shop", &id), None, json!({"user_key": "visitor-1"})).await;

    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    let arm = first.json()["arm"].as_str().unwrap().to_owned();
    assert!(arm == "control" || arm == "green");
    assert_eq!(first.json()["user_key"], "visitor-1");
    for _ in 0..5 {
        assert_eq!(assign(&client, &id, "visitor-1").await, arm);
    }
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM experiment.variant_assignments")
        .fetch_one(&db.admin_pool())
        .await
        .unwrap();
    assert_eq!(rows, 1);
}

#[tokio::test]
async fn concurrent_first_requests_of_one_visitor_agree_on_one_stored_arm() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (_site, id) = running_experiment(&client, &db, &alice).await;

    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            let id = id.clone();
            tokio::spawn(async move { assign(&client, &id, "racer").await })
        })
        .collect();
    let mut arms = Vec::new();
    for task in tasks {
        arms.push(task.await.unwrap());
    }

    arms.dedup();
    assert_eq!(arms.len(), 1, "{arms:?}");
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM experiment.variant_assignments WHERE user_key = 'racer'")
        .fetch_one(&db.admin_pool())
        .await
        .unwrap();
    assert_eq!(rows, 1);
}

#[tokio::test]
async fn visitors_are_split_by_the_weights() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let created =
        create(&client, &alice, site, running(&json!({"control": 60, "green": 30, "red": 10, "never": 0}))).await;
    let id = created["id"].as_str().unwrap();

    // 2,000 keys through HTTP (the draw itself is checked on 10,000 keys in
    // the domain's unit tests): within ±4 points here, where 2,000 draws
    // stray by about one point.
    let mut counts = std::collections::BTreeMap::<String, i64>::new();
    for n in 0..2_000 {
        *counts.entry(assign(&client, id, &format!("visitor-{n}")).await).or_default() += 1;
    }

    assert_eq!(counts.get("never"), None, "a zero weight draws no one");
    for (arm, weight) in [("control", 60), ("green", 30), ("red", 10)] {
        let share = counts.get(arm).copied().unwrap_or(0) * 100 / 2_000;
        assert!((share - weight).abs() <= 4, "{arm}: {share}% for weight {weight}: {counts:?}");
    }
}

#[tokio::test]
async fn visitors_are_assigned_only_while_running_within_the_window() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let split = json!({"a": 50, "b": 50});
    let draft = create(&client, &alice, site, json!({"name": "d", "traffic_split": split})).await;
    let future = create(
        &client,
        &alice,
        site,
        json!({"name": "f", "status": "running", "traffic_split": split, "start_at": "2099-01-01T00:00:00Z"}),
    )
    .await;
    let over = create(
        &client,
        &alice,
        site,
        json!({"name": "o", "status": "running", "traffic_split": split, "end_at": "2000-01-01T00:00:00Z"}),
    )
    .await;
    let paused = create(&client, &alice, site, json!({"name": "p", "status": "running", "traffic_split": split})).await;
    let paused_url = format!("{}/{}", experiments(site), paused["id"].as_str().unwrap());
    client.patch(&paused_url, Some(&alice.token), json!({"status": "paused"})).await;

    for experiment in [draft, future, over, paused] {
        let id = experiment["id"].as_str().unwrap();
        let response = client.post(&assignments("shop", id), None, json!({"user_key": "v"})).await;
        let problem = response.assert_problem(StatusCode::CONFLICT);
        assert_eq!(problem["type"], "urn:vitrine:problem:not-running", "{experiment}");
    }
}

#[tokio::test]
async fn assignments_need_a_valid_key_an_existing_experiment_and_the_right_site() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (_site, id) = running_experiment(&client, &db, &alice).await;
    db.site(&alice, "other").await;

    let empty = client.post(&assignments("shop", &id), None, json!({"user_key": ""})).await;
    let long = client.post(&assignments("shop", &id), None, json!({"user_key": "k".repeat(129)})).await;
    let missing = client.post(&assignments("shop", &Uuid::now_v7().to_string()), None, json!({"user_key": "v"})).await;
    let wrong_site = client.post(&assignments("other", &id), None, json!({"user_key": "v"})).await;
    let no_site = client.post(&assignments("nowhere", &id), None, json!({"user_key": "v"})).await;

    assert_eq!(empty.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "user_key");
    long.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    missing.assert_problem(StatusCode::NOT_FOUND);
    wrong_site.assert_problem(StatusCode::NOT_FOUND);
    no_site.assert_problem(StatusCode::NOT_FOUND);
}

// ---- metrics and results ---------------------------------------------------

#[tokio::test]
async fn metrics_are_credited_to_the_visitors_arm_and_summed_per_arm_in_the_results() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (site, id) = running_experiment(&client, &db, &alice).await;
    let mut arms = std::collections::BTreeMap::<String, Vec<String>>::new();
    for n in 0..20 {
        let key = format!("v{n}");
        arms.entry(assign(&client, &id, &key).await).or_default().push(key);
    }
    let control = arms["control"].clone();
    let green = arms["green"].clone();

    let recorded = client
        .post(
            &metrics("shop", &id),
            None,
            json!({"user_key": control[0], "metric_name": "basket_size", "metric_value": 30}),
        )
        .await;
    client
        .post(
            &metrics("shop", &id),
            None,
            json!({"user_key": control[1], "metric_name": "basket_size", "metric_value": 10.5}),
        )
        .await;
    for key in &green[..2] {
        client
            .post(&metrics("shop", &id), None, json!({"user_key": key, "metric_name": "checkout", "metric_value": 1}))
            .await;
    }
    let results = client.get(&format!("{}/{id}/results", experiments(site)), Some(&alice.token)).await;

    assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.text());
    assert_eq!(recorded.json()["arm"], "control");
    assert_eq!(recorded.json()["metric_value"], 30.0);
    assert_eq!(results.status, StatusCode::OK, "{}", results.text());
    let results = results.json();
    assert_eq!(results["status"], "running");
    assert_eq!(
        results["arms"],
        json!([
            {"arm": "control", "weight": 50, "users": control.len(),
             "metrics": [{"metric_name": "basket_size", "count": 2, "sum": 40.5, "mean": 20.25}],
             "visitors": control.len(), "conversions": 0, "conversion_rate": 0.0,
             "revenue": "0.00", "revenue_per_visitor": "0.00", "currency": null},
            {"arm": "green", "weight": 50, "users": green.len(),
             "metrics": [{"metric_name": "checkout", "count": 2, "sum": 2.0, "mean": 1.0}],
             "visitors": green.len(), "conversions": 0, "conversion_rate": 0.0,
             "revenue": "0.00", "revenue_per_visitor": "0.00", "currency": null},
        ])
    );
}

#[tokio::test]
async fn a_metric_for_a_visitor_without_an_assignment_is_422() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (_site, id) = running_experiment(&client, &db, &alice).await;

    let response = client
        .post(
            &metrics("shop", &id),
            None,
            json!({"user_key": "stranger", "metric_name": "checkout", "metric_value": 1}),
        )
        .await;

    assert_eq!(response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "user_key");
}

#[tokio::test]
async fn invalid_metrics_list_every_invalid_field() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (_site, id) = running_experiment(&client, &db, &alice).await;

    let response = client
        .post(&metrics("shop", &id), None, json!({"user_key": "", "metric_name": "has space", "metric_value": 1}))
        .await;
    let not_a_number = client
        .post(&metrics("shop", &id), None, json!({"user_key": "v", "metric_name": "m", "metric_value": "1"}))
        .await;

    let body = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["user_key", "metric_name"]);
    assert_eq!(not_a_number.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "metric_value");
}

#[tokio::test]
async fn paused_experiments_still_record_metrics_and_completed_ones_do_not() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (site, id) = running_experiment(&client, &db, &alice).await;
    assign(&client, &id, "v").await;
    let url = format!("{}/{id}", experiments(site));
    let metric = json!({"user_key": "v", "metric_name": "checkout", "metric_value": 1});

    client.patch(&url, Some(&alice.token), json!({"status": "paused"})).await;
    let while_paused = client.post(&metrics("shop", &id), None, metric.clone()).await;
    client.patch(&url, Some(&alice.token), json!({"status": "completed"})).await;
    let when_completed = client.post(&metrics("shop", &id), None, metric).await;

    assert_eq!(while_paused.status, StatusCode::CREATED, "{}", while_paused.text());
    assert_eq!(when_completed.assert_problem(StatusCode::CONFLICT)["type"], "urn:vitrine:problem:not-recording");
}

#[tokio::test]
async fn results_list_every_arm_even_without_visitors() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let created = create(&client, &alice, site, json!({"name": "x", "traffic_split": {"a": 50, "b": 50}})).await;

    let results = client
        .get(&format!("{}/{}/results", experiments(site), created["id"].as_str().unwrap()), Some(&alice.token))
        .await;

    assert_eq!(
        results.json()["arms"],
        json!([
            {"arm": "a", "weight": 50, "users": 0, "metrics": [], "visitors": 0, "conversions": 0,
             "conversion_rate": 0.0, "revenue": "0.00", "revenue_per_visitor": "0.00", "currency": null},
            {"arm": "b", "weight": 50, "users": 0, "metrics": [], "visitors": 0, "conversions": 0,
             "conversion_rate": 0.0, "revenue": "0.00", "revenue_per_visitor": "0.00", "currency": null},
        ])
    );
}

// ---- commerce results and storefront metrics' bounds (issue 21) ---------------

/// A paid order as checkout records it (`experiment.record_conversion`).
async fn paid_order(db: &TestDb, site: Uuid, key: &str, total: &str, currency: &str) {
    let checkout = db.pool_for(ServiceDb::new("checkout", "vitrine_checkout"));
    sqlx::query("SELECT experiment.record_conversion($1, $2, $3::numeric, $4)")
        .bind(site)
        .bind(key)
        .bind(total)
        .bind(currency)
        .execute(&checkout)
        .await
        .expect("recording a conversion");
}

#[tokio::test]
async fn results_give_each_arms_conversions_and_revenue_from_paid_orders() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (site, id) = running_experiment(&client, &db, &alice).await;
    let mut arms = std::collections::BTreeMap::<String, Vec<String>>::new();
    for n in 0..30 {
        let key = format!("cart-{n}");
        arms.entry(assign(&client, &id, &key).await).or_default().push(key);
    }
    let (control, green) = (arms["control"].clone(), arms["green"].clone());

    paid_order(&db, site, &control[0], "10.00", "EUR").await;
    paid_order(&db, site, &control[0], "5.01", "EUR").await;
    paid_order(&db, site, &control[1], "20.00", "EUR").await;
    paid_order(&db, site, &green[0], "99.99", "USD").await;
    paid_order(&db, site, "never-assigned", "1000.00", "EUR").await;
    let results = client.get(&format!("{}/{id}/results", experiments(site)), Some(&alice.token)).await;

    assert_eq!(results.status, StatusCode::OK, "{}", results.text());
    let results = results.json();
    let (c, g) = (&results["arms"][0], &results["arms"][1]);
    assert_eq!((c["arm"].clone(), g["arm"].clone()), (json!("control"), json!("green")));
    assert_eq!((c["visitors"].clone(), c["users"].clone()), (json!(control.len()), json!(control.len())));
    assert_eq!(c["conversions"], 2, "two visitors converted (one of them twice)");
    let rate = c["conversion_rate"].as_f64().unwrap();
    assert!((rate - 2.0 / control.len() as f64).abs() < 1e-9, "{rate}");
    assert_eq!(c["revenue"], "35.01");
    let per_visitor = rust_decimal::Decimal::new(3501, 2) / rust_decimal::Decimal::from(control.len());
    let per_visitor = per_visitor.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(c["revenue_per_visitor"], per_visitor.to_string());
    assert_eq!(
        (c["currency"].clone(), g["currency"].clone()),
        (json!("EUR"), json!("EUR")),
        "one currency for every arm"
    );
    assert_eq!(g["conversions"], 1);
    assert_eq!(
        (g["revenue"].clone(), g["revenue_per_visitor"].clone()),
        (json!("0.00"), json!("0.00")),
        "USD is not added to EUR"
    );
    let conversions = c["metrics"].as_array().unwrap().iter().find(|m| m["metric_name"] == "conversion").unwrap();
    assert_eq!(conversions["count"], 3, "the raw observations stay in metrics");
}

#[tokio::test]
async fn storefronts_may_not_post_conversion_or_revenue() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (_site, id) = running_experiment(&client, &db, &alice).await;
    assign(&client, &id, "v").await;

    for name in ["conversion", "revenue", "Revenue", "CONVERSION"] {
        let response = client
            .post(&metrics("shop", &id), None, json!({"user_key": "v", "metric_name": name, "metric_value": 1}))
            .await;
        assert_eq!(response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "metric_name");
    }
}

#[tokio::test]
async fn two_posts_of_1e308_no_longer_break_the_results() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (site, id) = running_experiment(&client, &db, &alice).await;
    assign(&client, &id, "attacker").await;
    let arm = assign(&client, &id, "v").await;

    let mut answers = Vec::new();
    for value in [json!(1e308), json!(1e308), json!(-1e308), json!(1_000_000_001)] {
        let body = json!({"user_key": "attacker", "metric_name": "clicks", "metric_value": value});
        answers.push(client.post(&metrics("shop", &id), None, body).await);
    }
    let at_bound = client
        .post(&metrics("shop", &id), None, json!({"user_key": "v", "metric_name": "clicks", "metric_value": 1e9}))
        .await;
    // Even rows at the table's own bound (wider than a storefront's) add up.
    let admin = db.admin_pool();
    for _ in 0..2 {
        sqlx::query(
            "INSERT INTO experiment.metrics (id, experiment_id, user_key, arm, metric_name, metric_value)
             VALUES (gen_random_uuid(), $1::uuid, 'v', $2, 'clicks', 1e18)",
        )
        .bind(&id)
        .bind(&arm)
        .execute(&admin)
        .await
        .unwrap();
    }
    let beyond = sqlx::query(
        "INSERT INTO experiment.metrics (id, experiment_id, user_key, arm, metric_name, metric_value)
         VALUES (gen_random_uuid(), $1::uuid, 'v', $2, 'clicks', 1e19)",
    )
    .bind(&id)
    .bind(&arm)
    .execute(&admin)
    .await;
    let results = client.get(&format!("{}/{id}/results", experiments(site)), Some(&alice.token)).await;

    for answer in answers {
        assert_eq!(answer.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "metric_value");
    }
    assert_eq!(at_bound.status, StatusCode::CREATED, "{}", at_bound.text());
    let err = beyond.expect_err("the table refuses values beyond its bound");
    assert_eq!(err.as_database_error().and_then(|e| e.constraint()), Some("metrics_value_bounded"));
    assert_eq!(results.status, StatusCode::OK, "{}", results.text());
    let clicks: Vec<Value> = results.json()["arms"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["metrics"].as_array().unwrap().clone())
        .collect();
    assert_eq!(clicks.len(), 1);
    assert_eq!((clicks[0]["count"].clone(), clicks[0]["sum"].clone()), (json!(3), json!(2.000000001e18)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_visitor_may_post_at_most_100_metrics_per_experiment_even_at_once() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (_site, id) = running_experiment(&client, &db, &alice).await;
    assign(&client, &id, "v").await;
    assign(&client, &id, "w").await;

    let tasks: Vec<_> = (0..110)
        .map(|_| {
            let (client, url) = (client.clone(), metrics("shop", &id));
            tokio::spawn(async move {
                client.post(&url, None, json!({"user_key": "v", "metric_name": "clicks", "metric_value": 1})).await
            })
        })
        .collect();
    let (mut created, mut refused) = (0, 0);
    for task in tasks {
        let answer = task.await.expect("a poster panicked");
        if answer.status == StatusCode::CREATED {
            created += 1;
        } else {
            assert_eq!(answer.assert_problem(StatusCode::CONFLICT)["type"], "urn:vitrine:problem:metric-limit");
            refused += 1;
        }
    }
    let another = client
        .post(&metrics("shop", &id), None, json!({"user_key": "w", "metric_name": "clicks", "metric_value": 1}))
        .await;

    assert_eq!((created, refused), (100, 10));
    assert_eq!(another.status, StatusCode::CREATED, "the cap is per visitor");
}

// ---- isolation -------------------------------------------------------------

#[tokio::test]
async fn every_merchant_route_answers_another_merchant_as_if_nothing_existed() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let mallory = db.merchant("mallory").await;
    let (site, id) = running_experiment(&client, &db, &alice).await;
    let url = format!("{}/{id}", experiments(site));
    let token = Some(mallory.token.as_str());

    client.get(&experiments(site), token).await.assert_problem(StatusCode::NOT_FOUND);
    client
        .post(&experiments(site), token, running(&json!({"a": 50, "b": 50})))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    client.get(&url, token).await.assert_problem(StatusCode::NOT_FOUND);
    client.patch(&url, token, json!({"status": "completed"})).await.assert_problem(StatusCode::NOT_FOUND);
    client.delete(&url, token).await.assert_problem(StatusCode::NOT_FOUND);
    client.get(&format!("{url}/results"), token).await.assert_problem(StatusCode::NOT_FOUND);

    assert_eq!(client.get(&url, Some(&alice.token)).await.json()["status"], "running");
}

#[tokio::test]
async fn merchant_routes_need_a_token_and_malformed_ids_are_404() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;

    let anonymous = client.get(&experiments(site), None).await;
    let malformed = client.get(&format!("{}/nope/results", experiments(site)), Some(&alice.token)).await;
    let public_malformed = client.post(&assignments("shop", "nope"), None, json!({"user_key": "v"})).await;

    anonymous.assert_problem(StatusCode::UNAUTHORIZED);
    malformed.assert_problem(StatusCode::NOT_FOUND);
    public_malformed.assert_problem(StatusCode::NOT_FOUND);
}

// ---- deleted sites ---------------------------------------------------------

#[tokio::test]
async fn a_deleted_sites_experiments_vanish_at_once_and_are_swept_with_their_data() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (site, id) = running_experiment(&client, &db, &alice).await;
    assign(&client, &id, "v").await;
    client.post(&metrics("shop", &id), None, json!({"user_key": "v", "metric_name": "m", "metric_value": 1})).await;

    db.delete_site(site).await;

    client.post(&assignments("shop", &id), None, json!({"user_key": "v"})).await.assert_problem(StatusCode::NOT_FOUND);
    client.get(&experiments(site), Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
    let pool = db.pool_for(vitrine_experiment::DB);
    assert_eq!(vitrine_experiment::experiments::sweep_deleted_sites(&pool).await.unwrap(), 1);
    let admin = db.admin_pool();
    for table in ["experiment.experiments", "experiment.variant_assignments", "experiment.metrics"] {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(&admin).await.unwrap();
        assert_eq!(rows, 0, "{table}");
    }
}

#[tokio::test]
async fn the_service_as_its_binary_runs_it_sweeps_deleted_sites_by_itself() {
    let (client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    let (site, id) = running_experiment(&client, &db, &alice).await;
    assign(&client, &id, "v").await;
    db.delete_site(site).await;
    let config = Config { tokens: keys::token_config() };

    // Its sweeper runs once at start, then every minute.
    let _app = <vitrine_experiment::Experiment as Service>::app(&config, db.pool_for(vitrine_experiment::DB))
        .expect("the app");

    assert_eq!(count_until_zero(&db.admin_pool(), "SELECT count(*) FROM experiment.experiments").await, 0);
}

// ---- documentation ---------------------------------------------------------

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_swagger_is_served() {
    let (client, _db) = experiment().await;

    let document = client.get("/api/experiment/openapi.json", None).await.json();

    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/experiment/sites/{site_id}/experiments",
        "/api/experiment/sites/{site_id}/experiments/{id}",
        "/api/experiment/sites/{site_id}/experiments/{id}/results",
        "/api/experiment/public/{site_slug}/experiments/{id}/assignments",
        "/api/experiment/public/{site_slug}/experiments/{id}/metrics",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    assert_eq!(dangling_refs(&document), Vec::<String>::new(), "every $ref names a schema");
    assert!(paths["/api/experiment/sites/{site_id}/experiments/{id}/results"]["get"]["responses"]["401"].is_object());
    assert!(
        paths["/api/experiment/public/{site_slug}/experiments/{id}/assignments"]["post"]["security"].is_null(),
        "public routes need no token"
    );
    assert_eq!(client.get("/api/experiment/docs/", None).await.status, StatusCode::OK);
}

// ---- least privilege -------------------------------------------------------

#[tokio::test]
async fn the_experiment_role_reads_the_site_directory_and_nothing_else_of_others() {
    let (_client, db) = experiment().await;
    let alice = db.merchant("alice").await;
    db.site(&alice, "shop").await;
    let role = db.pool_for(vitrine_experiment::DB);

    let directory: i64 =
        sqlx::query_scalar("SELECT count(*) FROM builder.site_directory").fetch_one(&role).await.unwrap();

    assert_eq!(directory, 1);
    assert_denied(sqlx::query("SELECT username FROM builder.users").fetch_all(&role).await);
    assert_denied(sqlx::query("SELECT id FROM builder.sites").fetch_all(&role).await);
    assert_denied(sqlx::query("SELECT 1 FROM site.products").fetch_all(&role).await);
    assert_denied(sqlx::query("SELECT 1 FROM promotion.promotions").fetch_all(&role).await);
    assert_denied(sqlx::query("SELECT 1 FROM media.media").fetch_all(&role).await);
}

#[tokio::test]
async fn other_services_cannot_read_or_write_experiments() {
    let (_client, db) = experiment().await;

    for (schema, role) in [("site", "vitrine_site"), ("media", "vitrine_media"), ("promotion", "vitrine_promotion")] {
        let pool = db.pool_for(ServiceDb::new(schema, role));
        for table in ["experiment.experiments", "experiment.variant_assignments", "experiment.metrics"] {
            assert_denied(sqlx::query(&format!("SELECT 1 FROM {table}")).fetch_all(&pool).await);
        }
        assert_denied(sqlx::query("DELETE FROM experiment.metrics").execute(&pool).await);
    }
}
