//! The promotion service's HTTP contract, driven through its router against
//! real PostgreSQL (a fresh database per test).

use axum::http::StatusCode;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;
use vitrine_common::db::ServiceDb;
use vitrine_common::service::Service;
use vitrine_promotion::Config;
use vitrine_testkit::keys;
use vitrine_testkit::service::{assert_denied, count_until_zero, dangling_refs};
use vitrine_testkit::{Merchant, TestClient, TestDb};

async fn promotion() -> (TestClient, TestDb) {
    vitrine_testkit::service::scoped_app(vitrine_promotion::DB, vitrine_promotion::app).await
}

fn promotions(site: Uuid) -> String {
    format!("/api/promotion/sites/{site}/promotions")
}

fn at(offset: time::Duration) -> String {
    (OffsetDateTime::now_utc() + offset).format(&Rfc3339).expect("formatting a timestamp")
}

async fn create(client: &TestClient, owner: &Merchant, site: Uuid, body: Value) -> Value {
    let response = client.post(&promotions(site), Some(&owner.token), body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

fn ten_percent(code: &str) -> Value {
    json!({"code": code, "type": "percentage", "value": "10"})
}

// ---- merchant CRUD ---------------------------------------------------------

#[tokio::test]
async fn a_promotion_is_created_read_changed_and_deleted() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;

    let response = client
        .post(
            &promotions(site),
            Some(&alice.token),
            json!({"code": "SUMMER10", "type": "fixed_amount", "value": "12.5", "currency": "EUR",
                   "end_at": "2099-01-01T00:00:00Z"}),
        )
        .await;

    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let created = response.json();
    let id = created["id"].as_str().unwrap();
    assert_eq!(response.header("location"), Some(format!("{}/{id}", promotions(site)).as_str()));
    assert_eq!(created["code"], "SUMMER10");
    assert_eq!(created["type"], "fixed_amount");
    assert_eq!(created["value"], "12.50", "exact decimal string");
    assert_eq!(created["currency"], "EUR");
    assert_eq!(created["active"], true, "active by default");
    assert_eq!(created["start_at"], Value::Null);
    assert_eq!(created["end_at"], "2099-01-01T00:00:00Z");
    assert!(created["created_at"].as_str().is_some_and(|at| at.ends_with('Z')));
    let url = format!("{}/{id}", promotions(site));
    assert_eq!(client.get(&url, Some(&alice.token)).await.json(), created);

    let changed = client.patch(&url, Some(&alice.token), json!({"active": false, "value": "5"})).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
    assert_eq!(changed.json()["active"], false);
    assert_eq!(changed.json()["value"], "5.00");
    assert_eq!(changed.json()["code"], "SUMMER10", "absent fields stay");

    assert_eq!(client.delete(&url, Some(&alice.token)).await.status, StatusCode::NO_CONTENT);
    client.get(&url, Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
    client.delete(&url, Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invalid_promotions_list_every_invalid_field() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;

    let response = client
        .post(
            &promotions(site),
            Some(&alice.token),
            json!({"code": "x", "type": "percentage", "value": "0",
                   "start_at": "2030-02-01T00:00:00Z", "end_at": "2030-01-01T00:00:00Z"}),
        )
        .await;

    let body = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["code", "value", "end_at"]);
}

#[tokio::test]
async fn percentages_are_in_0_excluded_to_100_and_amounts_above_0() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;

    for (kind, value) in [("percentage", "100.01"), ("percentage", "0"), ("fixed_amount", "0"), ("fixed_amount", "-3")]
    {
        let currency = if kind == "fixed_amount" { json!("EUR") } else { Value::Null };
        let body = json!({"code": "CODE1", "type": kind, "value": value, "currency": currency});
        let response = client.post(&promotions(site), Some(&alice.token), body).await;
        let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], "value", "{kind} {value}");
    }
    let full = create(&client, &alice, site, json!({"code": "ALL", "type": "percentage", "value": "100"})).await;
    assert_eq!(full["value"], "100.00");
}

#[tokio::test]
async fn values_are_decimal_strings_never_floats_and_types_are_named() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;

    let float = client
        .post(&promotions(site), Some(&alice.token), json!({"code": "ABC", "type": "percentage", "value": 10.5}))
        .await;
    let kind =
        client.post(&promotions(site), Some(&alice.token), json!({"code": "ABC", "type": "bogo", "value": "10"})).await;

    assert_eq!(float.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "value");
    assert_eq!(kind.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "type");
}

#[tokio::test]
async fn codes_are_unique_per_site_without_regard_to_case() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let other_shop = db.site(&alice, "other-shop").await;
    create(&client, &alice, shop, ten_percent("Summer10")).await;

    let same_site = client.post(&promotions(shop), Some(&alice.token), ten_percent("SUMMER10")).await;
    let other_site = client.post(&promotions(other_shop), Some(&alice.token), ten_percent("SUMMER10")).await;

    let problem = same_site.assert_problem(StatusCode::CONFLICT);
    assert_eq!(problem["errors"][0]["field"], "code");
    assert_eq!(other_site.status, StatusCode::CREATED, "another site may use the code");
}

#[tokio::test]
async fn renaming_to_a_taken_code_is_a_conflict() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    create(&client, &alice, site, ten_percent("TAKEN")).await;
    let other = create(&client, &alice, site, ten_percent("FREE")).await;
    let url = format!("{}/{}", promotions(site), other["id"].as_str().unwrap());

    let response = client.patch(&url, Some(&alice.token), json!({"code": "taken"})).await;

    response.assert_problem(StatusCode::CONFLICT);
}

#[tokio::test]
async fn patch_leaves_absent_fields_clears_null_ones_and_checks_the_result_as_a_whole() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let promo = create(
        &client,
        &alice,
        site,
        json!({"code": "WINDOW", "type": "fixed_amount", "value": "150", "currency": "EUR",
               "start_at": "2030-01-01T00:00:00Z", "end_at": "2030-02-01T00:00:00Z"}),
    )
    .await;
    let url = format!("{}/{}", promotions(site), promo["id"].as_str().unwrap());

    let to_percentage = client.patch(&url, Some(&alice.token), json!({"type": "percentage"})).await;
    let end_before_start = client.patch(&url, Some(&alice.token), json!({"end_at": "2029-01-01T00:00:00Z"})).await;
    let cleared = client.patch(&url, Some(&alice.token), json!({"end_at": null})).await;

    assert_eq!(
        to_percentage.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"],
        "value",
        "150 is not a percentage"
    );
    assert_eq!(end_before_start.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], "end_at");
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.text());
    let cleared = cleared.json();
    assert_eq!(cleared["end_at"], Value::Null);
    assert_eq!(cleared["start_at"], "2030-01-01T00:00:00Z", "absent: unchanged");
    assert_eq!(cleared["type"], "fixed_amount");
}

#[tokio::test]
async fn fixed_amounts_are_money_in_a_currency_and_percentages_have_none() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let post = |body: Value| {
        let client = client.clone();
        let token = alice.token.clone();
        async move { client.post(&promotions(site), Some(&token), body).await }
    };

    let no_currency = post(json!({"code": "AAA", "type": "fixed_amount", "value": "5"})).await;
    let unknown = post(json!({"code": "AAA", "type": "fixed_amount", "value": "5", "currency": "eur"})).await;
    let too_precise = post(json!({"code": "AAA", "type": "fixed_amount", "value": "5.5", "currency": "JPY"})).await;
    let percent_in_euros = post(json!({"code": "AAA", "type": "percentage", "value": "5", "currency": "EUR"})).await;
    let yen = post(json!({"code": "YEN", "type": "fixed_amount", "value": "500", "currency": "JPY"})).await;

    for (response, field) in
        [(no_currency, "currency"), (unknown, "currency"), (too_precise, "value"), (percent_in_euros, "currency")]
    {
        assert_eq!(response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)["errors"][0]["field"], field);
    }
    assert_eq!(yen.status, StatusCode::CREATED, "{}", yen.text());
    let yen = yen.json();
    assert_eq!((yen["value"].clone(), yen["currency"].clone()), (json!("500"), json!("JPY")));
    let url = format!("{}/{}", promotions(site), yen["id"].as_str().unwrap());
    let euros = client.patch(&url, Some(&alice.token), json!({"currency": "EUR"})).await.json();
    assert_eq!((euros["value"].clone(), euros["currency"].clone()), (json!("500.00"), json!("EUR")));
    let percent = client.patch(&url, Some(&alice.token), json!({"type": "percentage", "value": "15"})).await.json();
    assert_eq!(percent["currency"], Value::Null, "a percentage drops its currency");
    let public = client.get("/api/promotion/public/shop/promotions/yen", None).await.json();
    assert_eq!((public["value"].clone(), public["currency"].clone()), (json!("15.00"), Value::Null));
}

// ---- usage limits ------------------------------------------------------------

/// Redeems `code` once as checkout does (through `promotion.redeem`); whether it applied.
async fn redeem(db: &TestDb, site: Uuid, code: &str) -> bool {
    let checkout = db.pool_for(ServiceDb::new("checkout", "vitrine_checkout"));
    let row: Option<(Uuid,)> = sqlx::query_as("SELECT id FROM promotion.redeem($1, $2, 'EUR')")
        .bind(site)
        .bind(code)
        .fetch_optional(&checkout)
        .await
        .expect("redeeming");
    row.is_some()
}

#[tokio::test]
async fn a_usage_limit_is_set_changed_and_cleared_and_times_used_is_read_only() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let unlimited = create(&client, &alice, site, ten_percent("FREE4ALL")).await;
    let limited = create(
        &client,
        &alice,
        site,
        json!({"code": "FIRST100", "type": "percentage", "value": "10", "usage_limit": 100, "times_used": 99}),
    )
    .await;
    let url = format!("{}/{}", promotions(site), limited["id"].as_str().unwrap());

    let raised = client.patch(&url, Some(&alice.token), json!({"usage_limit": 150})).await;
    let kept = client.patch(&url, Some(&alice.token), json!({"active": true, "times_used": 5})).await;
    let cleared = client.patch(&url, Some(&alice.token), json!({"usage_limit": null})).await;

    assert_eq!((unlimited["usage_limit"].clone(), unlimited["times_used"].clone()), (Value::Null, json!(0)));
    assert_eq!((limited["usage_limit"].clone(), limited["times_used"].clone()), (json!(100), json!(0)));
    assert_eq!(raised.json()["usage_limit"], 150, "{}", raised.text());
    assert_eq!(kept.json()["usage_limit"], 150, "absent: kept");
    assert_eq!(kept.json()["times_used"], 0, "times_used is not the merchant's to set");
    assert_eq!(cleared.json()["usage_limit"], Value::Null, "null: unlimited");
}

#[tokio::test]
async fn a_usage_limit_is_a_whole_number_of_at_least_1() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let created = create(&client, &alice, site, ten_percent("SUMMER10")).await;
    let url = format!("{}/{}", promotions(site), created["id"].as_str().unwrap());

    for bad in [json!(0), json!(-1), json!(1.5), json!("3"), json!(3_000_000_000_i64)] {
        let body = json!({"code": "X-MAS", "type": "percentage", "value": "10", "usage_limit": bad});
        let on_create = client.post(&promotions(site), Some(&alice.token), body).await;
        let on_patch = client.patch(&url, Some(&alice.token), json!({"usage_limit": bad})).await;
        for response in [on_create, on_patch] {
            let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(problem["errors"][0]["field"], "usage_limit", "{bad}: {problem}");
        }
    }
}

#[tokio::test]
async fn lowering_the_usage_limit_below_the_uses_counted_is_422() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let created =
        create(&client, &alice, site, json!({"code": "DUO", "type": "percentage", "value": "5", "usage_limit": 3}))
            .await;
    let url = format!("{}/{}", promotions(site), created["id"].as_str().unwrap());
    assert!(redeem(&db, site, "duo").await && redeem(&db, site, "DUO").await);

    let below = client.patch(&url, Some(&alice.token), json!({"usage_limit": 1})).await;
    let at = client.patch(&url, Some(&alice.token), json!({"usage_limit": 2})).await;

    let problem = below.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "usage_limit");
    assert_eq!(at.status, StatusCode::OK, "{}", at.text());
    assert_eq!((at.json()["usage_limit"].clone(), at.json()["times_used"].clone()), (json!(2), json!(2)));
    assert!(!redeem(&db, site, "DUO").await, "the limit holds");
}

#[tokio::test]
async fn a_used_up_code_says_so_on_the_public_look_up() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    create(&client, &alice, site, json!({"code": "ONCE", "type": "percentage", "value": "5", "usage_limit": 1})).await;

    let before = client.get("/api/promotion/public/shop/promotions/once", None).await.json();
    assert!(redeem(&db, site, "ONCE").await);
    let after = client.get("/api/promotion/public/shop/promotions/once", None).await.json();

    assert_eq!((before["applies_now"].clone(), before["reason"].clone()), (json!(true), Value::Null));
    assert_eq!((after["applies_now"].clone(), after["reason"].clone()), (json!(false), json!("used_up")));
}

#[tokio::test]
async fn a_sites_promotions_are_listed_newest_first_one_page_at_a_time() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let other_site = db.site(&alice, "other").await;
    for code in ["AAA", "BBB", "CCC"] {
        create(&client, &alice, site, ten_percent(code)).await;
    }
    create(&client, &alice, other_site, ten_percent("ZZZ")).await;

    let first = client.get(&format!("{}?limit=2", promotions(site)), Some(&alice.token)).await.json();
    let cursor = first["next_cursor"].as_str().expect("a next page");
    let second = client.get(&format!("{}?limit=2&cursor={cursor}", promotions(site)), Some(&alice.token)).await.json();

    let codes = |page: &Value| page["items"].as_array().unwrap().iter().map(|p| p["code"].clone()).collect::<Vec<_>>();
    assert_eq!(codes(&first), ["CCC", "BBB"]);
    assert_eq!(codes(&second), ["AAA"]);
    assert_eq!(second["next_cursor"], Value::Null);
    let bad = client.get(&format!("{}?cursor=nope", promotions(site)), Some(&alice.token)).await;
    bad.assert_problem(StatusCode::BAD_REQUEST);
    client
        .get(&format!("{}?limit=0", promotions(site)), Some(&alice.token))
        .await
        .assert_problem(StatusCode::BAD_REQUEST);
}

// ---- isolation -------------------------------------------------------------

#[tokio::test]
async fn every_merchant_route_answers_another_merchant_as_if_nothing_existed() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let mallory = db.merchant("mallory").await;
    let site = db.site(&alice, "shop").await;
    let promo = create(&client, &alice, site, ten_percent("SECRET")).await;
    let url = format!("{}/{}", promotions(site), promo["id"].as_str().unwrap());
    let token = Some(mallory.token.as_str());

    client.get(&promotions(site), token).await.assert_problem(StatusCode::NOT_FOUND);
    client.post(&promotions(site), token, ten_percent("MINE")).await.assert_problem(StatusCode::NOT_FOUND);
    client.get(&url, token).await.assert_problem(StatusCode::NOT_FOUND);
    client.patch(&url, token, json!({"active": false})).await.assert_problem(StatusCode::NOT_FOUND);
    client.delete(&url, token).await.assert_problem(StatusCode::NOT_FOUND);

    let untouched = client.get(&url, Some(&alice.token)).await.json();
    assert_eq!(untouched["active"], true);
}

#[tokio::test]
async fn a_promotion_is_reached_only_through_its_own_site() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let shop = db.site(&alice, "shop").await;
    let other = db.site(&alice, "other").await;
    let promo = create(&client, &alice, shop, ten_percent("HERE")).await;

    let through_other = format!("{}/{}", promotions(other), promo["id"].as_str().unwrap());

    client.get(&through_other, Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
    client.delete(&through_other, Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
    client.get("/api/promotion/public/other/promotions/HERE", None).await.assert_problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn merchant_routes_need_a_token_and_malformed_ids_are_404() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;

    let anonymous = client.get(&promotions(site), None).await;
    let malformed = client.get(&format!("{}/not-a-uuid", promotions(site)), Some(&alice.token)).await;
    let bad_site = client.get("/api/promotion/sites/not-a-uuid/promotions", Some(&alice.token)).await;

    anonymous.assert_problem(StatusCode::UNAUTHORIZED);
    assert!(anonymous.header("www-authenticate").is_some_and(|h| h.starts_with("Bearer")));
    malformed.assert_problem(StatusCode::NOT_FOUND);
    bad_site.assert_problem(StatusCode::NOT_FOUND);
}

// ---- public look-up --------------------------------------------------------

#[tokio::test]
async fn a_code_in_its_window_applies_now_in_any_case() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    create(
        &client,
        &alice,
        site,
        json!({"code": "Summer10", "type": "percentage", "value": "10",
               "start_at": at(-time::Duration::days(1)), "end_at": at(time::Duration::days(1))}),
    )
    .await;

    let response = client.get("/api/promotion/public/shop/promotions/summer10", None).await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let check = response.json();
    assert_eq!(check["applies_now"], true);
    assert_eq!(check["reason"], Value::Null);
    assert_eq!(check["code"], "Summer10");
    assert_eq!(check["value"], "10.00");
    assert!(check.get("id").is_none() && check.get("active").is_none(), "shoppers see the code, not its record");
}

#[tokio::test]
async fn an_active_code_outside_its_window_says_why_it_does_not_apply() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let day = time::Duration::days(1);
    create(&client, &alice, site, json!({"code": "SOON", "type": "percentage", "value": "5", "start_at": at(day)}))
        .await;
    create(&client, &alice, site, json!({"code": "OVER", "type": "percentage", "value": "5", "end_at": at(-day)}))
        .await;

    let soon = client.get("/api/promotion/public/shop/promotions/SOON", None).await.json();
    let over = client.get("/api/promotion/public/shop/promotions/OVER", None).await.json();

    assert_eq!((soon["applies_now"].clone(), soon["reason"].clone()), (json!(false), json!("not_started")));
    assert_eq!((over["applies_now"].clone(), over["reason"].clone()), (json!(false), json!("ended")));
}

#[tokio::test]
async fn unknown_and_inactive_codes_and_unknown_sites_are_404() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    create(&client, &alice, site, json!({"code": "OFF", "type": "percentage", "value": "5", "active": false})).await;

    for path in [
        "/api/promotion/public/shop/promotions/OFF",
        "/api/promotion/public/shop/promotions/NOPE",
        "/api/promotion/public/nowhere/promotions/OFF",
        &format!("/api/promotion/public/shop/promotions/{}", "X".repeat(300)),
    ] {
        client.get(path, None).await.assert_problem(StatusCode::NOT_FOUND);
    }
}

// ---- deleted sites ---------------------------------------------------------

#[tokio::test]
async fn a_deleted_sites_promotions_vanish_at_once_and_are_swept_soon_after() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let kept = db.site(&alice, "kept").await;
    create(&client, &alice, site, ten_percent("GONE")).await;
    create(&client, &alice, kept, ten_percent("KEPT")).await;

    db.delete_site(site).await;

    client.get("/api/promotion/public/shop/promotions/GONE", None).await.assert_problem(StatusCode::NOT_FOUND);
    client.get(&promotions(site), Some(&alice.token)).await.assert_problem(StatusCode::NOT_FOUND);
    let pool = db.pool_for(vitrine_promotion::DB);
    assert_eq!(vitrine_promotion::promotions::sweep_deleted_sites(&pool).await.unwrap(), 1);
    assert_eq!(vitrine_promotion::promotions::sweep_deleted_sites(&pool).await.unwrap(), 0, "idempotent");
    let left: Vec<String> =
        sqlx::query_scalar("SELECT code FROM promotion.promotions").fetch_all(&db.admin_pool()).await.unwrap();
    assert_eq!(left, ["KEPT"]);
}

#[tokio::test]
async fn the_service_as_its_binary_runs_it_sweeps_deleted_sites_by_itself() {
    let (client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    create(&client, &alice, site, ten_percent("GONE")).await;
    db.delete_site(site).await;
    let config = Config { tokens: keys::token_config() };

    // Its sweeper runs once at start, then every minute.
    let _app =
        <vitrine_promotion::Promotion as Service>::app(&config, db.pool_for(vitrine_promotion::DB)).expect("the app");

    assert_eq!(count_until_zero(&db.admin_pool(), "SELECT count(*) FROM promotion.promotions").await, 0);
}

// ---- documentation ---------------------------------------------------------

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_swagger_is_served() {
    let (client, _db) = promotion().await;

    let document = client.get("/api/promotion/openapi.json", None).await.json();

    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/promotion/sites/{site_id}/promotions",
        "/api/promotion/sites/{site_id}/promotions/{id}",
        "/api/promotion/public/{site_slug}/promotions/{code}",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    assert_eq!(dangling_refs(&document), Vec::<String>::new(), "every $ref names a schema");
    let item = &paths["/api/promotion/sites/{site_id}/promotions/{id}"];
    for method in ["get", "patch", "delete"] {
        assert!(item[method]["responses"]["401"].is_object(), "{method} documents 401");
        assert!(item[method]["responses"]["404"].is_object(), "{method} documents 404");
    }
    assert!(paths["/api/promotion/sites/{site_id}/promotions"]["post"]["responses"]["409"].is_object());
    assert_eq!(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    let schemas = &document["components"]["schemas"];
    assert!(schemas["Promotion"]["properties"]["usage_limit"].is_object());
    assert!(schemas["Promotion"]["properties"]["times_used"].is_object());
    assert!(schemas["CreatePromotion"]["properties"]["usage_limit"].is_object());
    assert!(schemas["UpdatePromotion"]["properties"]["usage_limit"].is_object());
    assert!(schemas["UpdatePromotion"]["properties"]["times_used"].is_null(), "times_used is read-only");
    let docs = client.get("/api/promotion/docs/", None).await;
    assert_eq!(docs.status, StatusCode::OK);
}

// ---- least privilege -------------------------------------------------------

#[tokio::test]
async fn the_promotion_role_reads_the_site_directory_and_nothing_else_of_others() {
    let (_client, db) = promotion().await;
    let alice = db.merchant("alice").await;
    db.site(&alice, "shop").await;
    let role = db.pool_for(vitrine_promotion::DB);

    let directory: i64 =
        sqlx::query_scalar("SELECT count(*) FROM builder.site_directory").fetch_one(&role).await.unwrap();

    assert_eq!(directory, 1);
    assert_denied(sqlx::query("SELECT username FROM builder.users").fetch_all(&role).await);
    assert_denied(sqlx::query("SELECT id FROM builder.sites").fetch_all(&role).await);
    assert_denied(sqlx::query("DELETE FROM builder.site_directory").execute(&role).await);
    assert_denied(sqlx::query("SELECT 1 FROM site.products").fetch_all(&role).await);
    assert_denied(sqlx::query("SELECT 1 FROM site.product_directory").fetch_all(&role).await);
}

#[tokio::test]
async fn other_services_cannot_read_or_write_promotions() {
    let (_client, db) = promotion().await;

    for (schema, role) in [("site", "vitrine_site"), ("media", "vitrine_media"), ("experiment", "vitrine_experiment")] {
        let pool = db.pool_for(ServiceDb::new(schema, role));
        assert_denied(sqlx::query("SELECT code FROM promotion.promotions").fetch_all(&pool).await);
        assert_denied(sqlx::query("DELETE FROM promotion.promotions").execute(&pool).await);
    }
}
