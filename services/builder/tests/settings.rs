//! Shop settings (rename, currency, language, time zone) and passwords
//! (blank and common ones refused, changing one, usernames trimmed), driven
//! through the builder's router against real PostgreSQL.

mod support;

use axum::http::StatusCode;
use serde_json::{Value, json};
use support::builder;
use vitrine_testkit::TestClient;

const PASSWORD: &str = "linen shirts 2026";

async fn merchant(client: &TestClient, username: &str) -> String {
    let response =
        client.post("/api/builder/auth/register", None, json!({"username": username, "password": PASSWORD})).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    login(client, username, PASSWORD).await.expect("logged in")
}

async fn login(client: &TestClient, username: &str, password: &str) -> Result<String, StatusCode> {
    let response =
        client.post("/api/builder/auth/login", None, json!({"username": username, "password": password})).await;
    if response.status == StatusCode::OK {
        Ok(response.json()["access_token"].as_str().expect("a token").to_owned())
    } else {
        Err(response.status)
    }
}

async fn create_site(client: &TestClient, token: &str, body: Value) -> Value {
    let response = client.post("/api/builder/sites", Some(token), body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

fn error_fields(problem: &Value) -> Vec<String> {
    let errors = problem["errors"].as_array().expect("errors");
    errors.iter().map(|e| e["field"].as_str().expect("a field").to_owned()).collect()
}

// ---- shop settings ----------------------------------------------------------

#[tokio::test]
async fn a_new_shop_is_eur_english_and_utc_unless_told_otherwise() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "alice").await;

    let plain = create_site(&client, &token, json!({"name": "Plain"})).await;
    let tokyo = create_site(
        &client,
        &token,
        json!({"name": "Tokyo", "currency": "JPY", "language": "ja", "timezone": "asia/tokyo"}),
    )
    .await;

    assert_eq!(
        (&plain["currency"], &plain["language"], &plain["timezone"]),
        (&json!("EUR"), &json!("en"), &json!("UTC"))
    );
    assert_eq!(
        (&tokyo["currency"], &tokyo["language"], &tokyo["timezone"]),
        (&json!("JPY"), &json!("ja"), &json!("Asia/Tokyo")),
        "the time zone is spelled as the IANA database spells it"
    );
}

#[tokio::test]
async fn renaming_a_shop_keeps_its_address() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "alice").await;
    let site = create_site(&client, &token, json!({"name": "Linen House"})).await;
    let id = site["id"].as_str().unwrap();

    let response =
        client.patch(&format!("/api/builder/sites/{id}"), Some(&token), json!({"name": "  Maison du Lin "})).await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let renamed = response.json();
    assert_eq!(renamed["name"], "Maison du Lin");
    assert_eq!(renamed["slug"], "linen-house");
    assert_eq!(renamed["url"], site["url"]);
    let public = client.get("/api/builder/public/sites/linen-house", None).await.json();
    assert_eq!(public["name"], "Maison du Lin");
}

#[tokio::test]
async fn settings_change_only_what_is_sent_and_every_service_sees_them() {
    let (client, db) = builder().await;
    let token = merchant(&client, "alice").await;
    let site = create_site(&client, &token, json!({"name": "Linen"})).await;
    let id = site["id"].as_str().unwrap();

    let response = client
        .patch(
            &format!("/api/builder/sites/{id}"),
            Some(&token),
            json!({"currency": "EUR", "language": "fr-fr", "timezone": "Europe/Paris"}),
        )
        .await;

    let changed = response.json();
    assert_eq!(response.status, StatusCode::OK, "{changed}");
    assert_eq!(
        (&changed["name"], &changed["language"], &changed["timezone"]),
        (&json!("Linen"), &json!("fr-FR"), &json!("Europe/Paris"))
    );
    let got = client.get(&format!("/api/builder/sites/{id}"), Some(&token)).await.json();
    assert_eq!(got, changed);
    // Other services read the settings through the published view, as their own role.
    let site_role = db.pool_for(vitrine_common::db::ServiceDb::new("site", "vitrine_site"));
    let seen = vitrine_common::sites::find_by_slug(&site_role, "linen").await.unwrap().expect("the site");
    assert_eq!(
        (seen.currency.as_str(), seen.language.as_str(), seen.timezone.as_str()),
        ("EUR", "fr-FR", "Europe/Paris")
    );
    let public = client.get("/api/builder/public/sites/linen", None).await.json();
    assert_eq!(
        (&public["currency"], &public["language"], &public["timezone"]),
        (&json!("EUR"), &json!("fr-FR"), &json!("Europe/Paris"))
    );
}

#[tokio::test]
async fn unknown_currency_language_and_time_zone_are_each_named() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "alice").await;
    let site = create_site(&client, &token, json!({"name": "Linen"})).await;
    let id = site["id"].as_str().unwrap();

    let patch = client
        .patch(
            &format!("/api/builder/sites/{id}"),
            Some(&token),
            json!({"name": " ", "currency": "eur", "language": "klingon", "timezone": "Europe/Atlantis"}),
        )
        .await;
    let create = client
        .post(
            "/api/builder/sites",
            Some(&token),
            json!({"name": "Other", "currency": "EURO", "timezone": "Mars/Olympus"}),
        )
        .await;

    let problem = patch.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&problem), ["name", "currency", "language", "timezone"]);
    let timezone = &problem["errors"][3]["message"];
    assert!(timezone.as_str().unwrap().contains("IANA"), "{timezone}");
    let problem = create.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&problem), ["currency", "timezone"]);
    let unchanged = client.get(&format!("/api/builder/sites/{id}"), Some(&token)).await.json();
    assert_eq!((&unchanged["name"], &unchanged["currency"]), (&json!("Linen"), &json!("EUR")), "nothing changed");
}

#[tokio::test]
async fn moving_a_shop_frees_nothing_for_others_and_a_taken_address_suggests_one() {
    let (client, _db) = builder().await;
    let alice = merchant(&client, "alice").await;
    let bob = merchant(&client, "bob").await;
    let shop = create_site(&client, &alice, json!({"name": "Linen"})).await;
    create_site(&client, &bob, json!({"name": "Cotton"})).await;
    let id = shop["id"].as_str().unwrap();

    let taken = client.patch(&format!("/api/builder/sites/{id}"), Some(&alice), json!({"slug": "cotton"})).await;
    let moved = client.patch(&format!("/api/builder/sites/{id}"), Some(&alice), json!({"slug": "linen-paris"})).await;
    let grab = client.post("/api/builder/sites", Some(&bob), json!({"name": "Linen"})).await;

    let problem = taken.assert_problem(StatusCode::CONFLICT);
    assert_eq!(problem["suggested_slug"], "cotton-2");
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    assert_eq!(moved.json()["url"], format!("{}/site/linen-paris", support::PUBLIC_URL));
    assert_eq!(client.get("/api/builder/public/sites/linen", None).await.status, StatusCode::NOT_FOUND);
    grab.assert_problem(StatusCode::CONFLICT);
}

#[tokio::test]
async fn another_merchants_shop_cannot_be_changed() {
    let (client, _db) = builder().await;
    let alice = merchant(&client, "alice").await;
    let bob = merchant(&client, "bob").await;
    let shop = create_site(&client, &alice, json!({"name": "Linen"})).await;
    let id = shop["id"].as_str().unwrap();

    let response = client.patch(&format!("/api/builder/sites/{id}"), Some(&bob), json!({"name": "Mine now"})).await;

    response.assert_problem(StatusCode::NOT_FOUND);
    let unchanged = client.get(&format!("/api/builder/sites/{id}"), Some(&alice)).await.json();
    assert_eq!(unchanged["name"], "Linen");
}

// ---- passwords --------------------------------------------------------------

#[tokio::test]
async fn blank_and_common_passwords_are_refused_in_words() {
    let (client, _db) = builder().await;

    for (password, words) in [
        ("password", "most common"),
        ("        ", "only spaces"),
        ("Password123", "most common"),
        ("carol_2026", "username"),
    ] {
        let response = client
            .post("/api/builder/auth/register", None, json!({"username": "carol_2026", "password": password}))
            .await;
        let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], "password", "{password:?}");
        let message = problem["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(words), "{password:?}: {message}");
    }
}

#[tokio::test]
async fn usernames_are_trimmed_at_registration_and_at_login() {
    let (client, _db) = builder().await;
    let response =
        client.post("/api/builder/auth/register", None, json!({"username": " dana ", "password": PASSWORD})).await;
    assert_eq!(response.json()["username"], "dana");

    assert!(login(&client, "  Dana\t", PASSWORD).await.is_ok());
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_and_the_old_password() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "erin").await;
    // Tokens of an earlier second are the ones revoked (iat is in whole seconds).
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

    let response = client
        .post(
            "/api/builder/auth/password",
            Some(&token),
            json!({"current_password": PASSWORD, "new_password": "sea salt and linen"}),
        )
        .await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let fresh = response.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(client.get("/api/builder/auth/me", Some(&fresh)).await.status, StatusCode::OK);
    assert_eq!(client.get("/api/builder/auth/me", Some(&token)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(login(&client, "erin", PASSWORD).await, Err(StatusCode::UNAUTHORIZED));
    assert!(login(&client, "erin", "sea salt and linen").await.is_ok());
}

#[tokio::test]
async fn a_wrong_current_password_or_a_weak_new_one_changes_nothing() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "frank").await;

    let wrong = client
        .post(
            "/api/builder/auth/password",
            Some(&token),
            json!({"current_password": "not it at all", "new_password": "sea salt and linen"}),
        )
        .await;
    let weak = client
        .post(
            "/api/builder/auth/password",
            Some(&token),
            json!({"current_password": PASSWORD, "new_password": "qwertyuiop"}),
        )
        .await;
    let unauthenticated = client
        .post(
            "/api/builder/auth/password",
            None,
            json!({"current_password": PASSWORD, "new_password": "sea salt and linen"}),
        )
        .await;

    let problem = wrong.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&problem), ["current_password"]);
    let problem = weak.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&problem), ["new_password"]);
    unauthenticated.assert_problem(StatusCode::UNAUTHORIZED);
    assert!(login(&client, "frank", PASSWORD).await.is_ok(), "the password is unchanged");
    assert_eq!(client.get("/api/builder/auth/me", Some(&token)).await.status, StatusCode::OK, "the session goes on");
}
