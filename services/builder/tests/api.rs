//! The builder's HTTP contract, driven through its router against real
//! PostgreSQL (a fresh database per test).

mod support;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use base64::Engine as _;
use serde_json::{Value, json};
use support::builder;
use vitrine_common::auth::Claims;
use vitrine_testkit::TestClient;
use vitrine_testkit::keys::{self, KeyPair};

async fn register(client: &TestClient, username: &str) -> Value {
    let response = client
        .post("/api/builder/auth/register", None, json!({"username": username, "password": "correct horse"}))
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

async fn login(client: &TestClient, username: &str) -> String {
    let response =
        client.post("/api/builder/auth/login", None, json!({"username": username, "password": "correct horse"})).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json()["access_token"].as_str().expect("a token").to_owned()
}

async fn merchant(client: &TestClient, username: &str) -> String {
    register(client, username).await;
    login(client, username).await
}

async fn create_site(client: &TestClient, token: &str, name: &str) -> Value {
    let response = client.post("/api/builder/sites", Some(token), json!({"name": name})).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

// ---- accounts -------------------------------------------------------------

#[tokio::test]
async fn registering_returns_the_account_without_its_password() {
    let (client, _db) = builder().await;

    let user = register(&client, "alice").await;

    assert_eq!(user["username"], "alice");
    assert!(user["id"].as_str().is_some_and(|id| id.len() == 36));
    assert!(user["created_at"].as_str().is_some_and(|at| at.ends_with('Z')));
    assert!(user.get("password").is_none() && user.get("password_hash").is_none());
}

#[tokio::test]
async fn usernames_are_unique_without_regard_to_case() {
    let (client, _db) = builder().await;
    register(&client, "Alice").await;

    let response = client
        .post("/api/builder/auth/register", None, json!({"username": "aLICE", "password": "another password"}))
        .await;

    let problem = response.assert_problem(StatusCode::CONFLICT);
    assert_eq!(problem["errors"][0]["field"], "username");
}

#[tokio::test]
async fn invalid_registrations_list_every_invalid_field() {
    let (client, _db) = builder().await;

    let response =
        client.post("/api/builder/auth/register", None, json!({"username": "a b", "password": "short"})).await;

    let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["username", "password"]);
}

#[tokio::test]
async fn passwords_must_be_8_to_128_characters() {
    let (client, _db) = builder().await;
    for password in ["1234567".to_owned(), "x".repeat(129)] {
        let response =
            client.post("/api/builder/auth/register", None, json!({"username": "bob", "password": password})).await;
        let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], "password");
    }
}

#[tokio::test]
async fn a_missing_field_is_named() {
    let (client, _db) = builder().await;

    let response = client.post("/api/builder/auth/register", None, json!({"username": "bob"})).await;

    let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "password");
}

// ---- tokens ---------------------------------------------------------------

#[tokio::test]
async fn login_gives_a_bearer_token_that_identifies_the_account() {
    let (client, _db) = builder().await;
    let user = register(&client, "alice").await;

    let response =
        client.post("/api/builder/auth/login", None, json!({"username": "ALICE", "password": "correct horse"})).await;

    assert_eq!(response.status, StatusCode::OK);
    // A token answer is never kept by a cache or the browser (RFC 6749 §5.1).
    assert_eq!(response.headers[header::CACHE_CONTROL], "no-store");
    let body = response.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let token = body["access_token"].as_str().unwrap();
    let claims = keys::verifier().verify(token).expect("a valid token");
    assert_eq!(claims.sub.to_string(), user["id"].as_str().unwrap());
    assert_eq!(claims.name, "alice");
    assert_eq!(claims.exp - claims.iat, 3600);
    let me = client.get("/api/builder/auth/me", Some(token)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json(), user);
}

#[tokio::test]
async fn unknown_users_and_wrong_passwords_get_the_same_answer() {
    let (client, _db) = builder().await;
    register(&client, "alice").await;

    let wrong_password =
        client.post("/api/builder/auth/login", None, json!({"username": "alice", "password": "wrong horse"})).await;
    let unknown_user =
        client.post("/api/builder/auth/login", None, json!({"username": "mallory", "password": "correct horse"})).await;

    let a = wrong_password.assert_problem(StatusCode::UNAUTHORIZED);
    let b = unknown_user.assert_problem(StatusCode::UNAUTHORIZED);
    assert_eq!(a, b);
}

#[tokio::test]
async fn the_oauth2_password_grant_logs_in_like_swagger_does() {
    let (client, _db) = builder().await;
    register(&client, "alice").await;
    let form = |body: &'static str| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/builder/auth/token")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };

    let ok = client.send(form("grant_type=password&username=alice&password=correct+horse&scope=&client_id=")).await;
    let wrong = client.send(form("grant_type=password&username=alice&password=nope")).await;
    let other_grant = client.send(form("grant_type=client_credentials&username=alice&password=correct+horse")).await;

    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert_eq!(ok.json()["token_type"], "Bearer");
    assert_eq!(ok.headers[header::CACHE_CONTROL], "no-store");
    wrong.assert_problem(StatusCode::UNAUTHORIZED);
    other_grant.assert_problem(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn protected_routes_challenge_callers_without_a_token() {
    let (client, _db) = builder().await;

    for (method, uri) in [
        (Method::GET, "/api/builder/auth/me"),
        (Method::GET, "/api/builder/sites"),
        (Method::POST, "/api/builder/sites"),
        (Method::GET, "/api/builder/sites/01a1fca9-38e4-7357-9e15-a30e5e7fa37d"),
        (Method::DELETE, "/api/builder/sites/01a1fca9-38e4-7357-9e15-a30e5e7fa37d"),
    ] {
        let body = (method == Method::POST).then(|| json!({"name": "x"}));
        let response = client.call(method.clone(), uri, None, body).await;
        response.assert_problem(StatusCode::UNAUTHORIZED);
        assert_eq!(response.header("www-authenticate"), Some(r#"Bearer realm="vitrine""#), "{method} {uri}");
    }
}

fn b64(value: &Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
}

#[tokio::test]
async fn forged_expired_foreign_and_unsigned_tokens_are_refused() {
    let (client, _db) = builder().await;
    let user = register(&client, "alice").await;
    let id: uuid::Uuid = user["id"].as_str().unwrap().parse().unwrap();
    let valid = keys::claims_for(id, "alice");

    let expired = keys::sign(
        &Claims { iat: valid.iat - 7200, exp: valid.iat - 3600, ..valid.clone() },
        &keys::pair().private_pem,
    );
    let other_key = keys::sign(&valid, &KeyPair::generate().private_pem);
    let other_issuer = keys::sign(&Claims { iss: "someone-else".into(), ..valid.clone() }, &keys::pair().private_pem);
    let other_audience = keys::sign(&Claims { aud: "another-app".into(), ..valid.clone() }, &keys::pair().private_pem);
    let genuine = keys::sign(&valid, &keys::pair().private_pem);
    let (head, rest) = genuine.split_once('.').unwrap();
    let (_, signature) = rest.split_once('.').unwrap();
    let tampered_payload = format!(
        "{head}.{}.{signature}",
        b64(
            &json!({"sub": id, "name": "root", "iat": valid.iat, "exp": valid.exp + 99999, "iss": valid.iss, "aud": valid.aud})
        )
    );
    let alg_none =
        format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&serde_json::to_value(&valid).unwrap()));
    let hs256 = {
        let key = jsonwebtoken::EncodingKey::from_secret(keys::pair().public_pem.as_bytes());
        jsonwebtoken::encode(&jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256), &valid, &key).unwrap()
    };

    for (what, token) in [
        ("expired", expired),
        ("signed by another key", other_key),
        ("another issuer", other_issuer),
        ("another audience", other_audience),
        ("tampered payload", tampered_payload),
        ("alg none", alg_none),
        ("HS256 with the public key", hs256),
        ("garbage", "not.a.token".to_owned()),
    ] {
        let response = client.get("/api/builder/auth/me", Some(&token)).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{what}");
        assert!(response.header("www-authenticate").is_some(), "{what}");
    }
    assert_eq!(client.get("/api/builder/auth/me", Some(&genuine)).await.status, StatusCode::OK);
}

// ---- sites ----------------------------------------------------------------

#[tokio::test]
async fn a_site_gets_its_slug_from_its_name_and_its_url_from_public_url() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "alice").await;

    let response = client.post("/api/builder/sites", Some(&token), json!({"name": "Ma Super Boutique"})).await;

    assert_eq!(response.status, StatusCode::CREATED);
    let site = response.json();
    assert_eq!(site["name"], "Ma Super Boutique");
    assert_eq!(site["slug"], "ma-super-boutique");
    assert_eq!(site["url"], "https://shops.example.com/site/ma-super-boutique");
    let location = response.header("location").unwrap();
    assert_eq!(location, format!("/api/builder/sites/{}", site["id"].as_str().unwrap()));
    let fetched = client.get(location, Some(&token)).await;
    assert_eq!(fetched.json(), site);
}

#[tokio::test]
async fn accents_and_symbols_make_a_url_safe_slug() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "alice").await;

    let site = create_site(&client, &token, "  Café & Crème — Paris!  ").await;

    assert_eq!(site["name"], "Café & Crème — Paris!");
    assert_eq!(site["slug"], "cafe-creme-paris");
}

#[tokio::test]
async fn a_taken_slug_is_a_conflict_that_suggests_a_free_one() {
    let (client, _db) = builder().await;
    let alice = merchant(&client, "alice").await;
    let bob = merchant(&client, "bob").await;
    create_site(&client, &alice, "Ma Super Boutique").await;
    create_site(&client, &alice, "Ma Super Boutique 2").await;

    let response = client.post("/api/builder/sites", Some(&bob), json!({"name": "ma super boutique"})).await;

    let problem = response.assert_problem(StatusCode::CONFLICT);
    assert_eq!(problem["suggested_slug"], "ma-super-boutique-3");
    let retried = client
        .post("/api/builder/sites", Some(&bob), json!({"name": "ma super boutique", "slug": "ma-super-boutique-3"}))
        .await;
    assert_eq!(retried.status, StatusCode::CREATED);
    assert_eq!(retried.json()["slug"], "ma-super-boutique-3");
}

#[tokio::test]
async fn invalid_site_names_and_slugs_are_422() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "alice").await;

    for (body, field) in [
        (json!({"name": "   "}), "name"),
        (json!({"name": "n".repeat(101)}), "name"),
        (json!({"name": 42}), "name"),
        (json!({"name": "Shop", "slug": "Not A Slug"}), "slug"),
    ] {
        let response = client.post("/api/builder/sites", Some(&token), body.clone()).await;
        let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
    }
}

#[tokio::test]
async fn a_shop_name_in_any_script_gets_an_address() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "alice").await;

    for (name, slug) in [("Магазин", "magazin"), ("日本", "ri-ben"), ("Café", "cafe")] {
        let response = client.post("/api/builder/sites", Some(&token), json!({"name": name})).await;
        assert_eq!(response.status, StatusCode::CREATED, "{name}: {}", response.text());
        let site = response.json();
        assert_eq!(site["name"], name);
        assert_eq!(site["slug"], slug);
    }
    // Nothing to transliterate: a short generated address, not a refusal.
    for name in ["🎉🛍️", "!!!"] {
        let response = client.post("/api/builder/sites", Some(&token), json!({"name": name})).await;
        assert_eq!(response.status, StatusCode::CREATED, "{name}: {}", response.text());
        let slug = response.json()["slug"].as_str().unwrap().to_owned();
        assert!(slug.starts_with("shop-") && slug.len() == 13, "{slug}");
        let public = client.get(&format!("/api/builder/public/sites/{slug}"), None).await;
        assert_eq!(public.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn my_sites_are_listed_newest_first_one_page_at_a_time() {
    let (client, _db) = builder().await;
    let alice = merchant(&client, "alice").await;
    let bob = merchant(&client, "bob").await;
    for name in ["First", "Second", "Third"] {
        create_site(&client, &alice, name).await;
    }
    create_site(&client, &bob, "Not Alice's").await;

    let first = client.get("/api/builder/sites?limit=2", Some(&alice)).await.json();
    let cursor = first["next_cursor"].as_str().expect("a next page");
    let second = client.get(&format!("/api/builder/sites?limit=2&cursor={cursor}"), Some(&alice)).await.json();

    let names = |page: &Value| {
        page["items"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(names(&first), ["Third", "Second"]);
    assert_eq!(names(&second), ["First"]);
    assert!(second["next_cursor"].is_null());
}

#[tokio::test]
async fn bad_limits_and_tampered_cursors_are_400() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "alice").await;

    for query in ["limit=0", "limit=251", "limit=abc", "cursor=%%%", "cursor=eyJub3QiOiJhIHV1aWQifQ"] {
        let response = client.get(&format!("/api/builder/sites?{query}"), Some(&token)).await;
        response.assert_problem(StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn other_merchants_sites_are_answered_as_missing() {
    let (client, _db) = builder().await;
    let alice = merchant(&client, "alice").await;
    let bob = merchant(&client, "bob").await;
    let site = create_site(&client, &alice, "Alice's").await;
    let uri = format!("/api/builder/sites/{}", site["id"].as_str().unwrap());

    let seen = client.get(&uri, Some(&bob)).await;
    let deleted = client.delete(&uri, Some(&bob)).await;
    let missing = client.get("/api/builder/sites/01a1fca9-38e4-7357-9e15-a30e5e7fa37d", Some(&bob)).await;

    assert_eq!(seen.assert_problem(StatusCode::NOT_FOUND), missing.assert_problem(StatusCode::NOT_FOUND));
    deleted.assert_problem(StatusCode::NOT_FOUND);
    assert_eq!(client.get(&uri, Some(&alice)).await.status, StatusCode::OK);
    assert!(client.get("/api/builder/sites", Some(&bob)).await.json()["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_malformed_site_id_is_404() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "alice").await;

    client.get("/api/builder/sites/not-a-uuid", Some(&token)).await.assert_problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deleting_a_site_frees_its_slug_and_removes_its_public_page() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "alice").await;
    let site = create_site(&client, &token, "Gone Soon").await;
    let public = client.get("/api/builder/public/sites/gone-soon", None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(
        public.json(),
        json!({
            "id": site["id"], "name": "Gone Soon", "slug": "gone-soon", "url": "https://shops.example.com/site/gone-soon",
            "currency": "EUR", "language": "en", "timezone": "UTC"
        })
    );

    let deleted = client.delete(&format!("/api/builder/sites/{}", site["id"].as_str().unwrap()), Some(&token)).await;

    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    client.get("/api/builder/public/sites/gone-soon", None).await.assert_problem(StatusCode::NOT_FOUND);
    create_site(&client, &token, "Gone Soon").await;
}

#[tokio::test]
async fn a_deleted_sites_slug_stays_reserved_to_its_last_owner_for_30_days() {
    let (client, db) = builder().await;
    let alice = merchant(&client, "alice").await;
    let bob = merchant(&client, "bob").await;
    let site = create_site(&client, &alice, "Corner Shop").await;
    client.delete(&format!("/api/builder/sites/{}", site["id"].as_str().unwrap()), Some(&alice)).await;

    let taken = client.post("/api/builder/sites", Some(&bob), json!({"name": "Corner Shop"})).await;
    let explicit = client.post("/api/builder/sites", Some(&bob), json!({"name": "Mine", "slug": "corner-shop"})).await;

    taken.assert_problem(StatusCode::CONFLICT);
    assert_eq!(taken.json()["suggested_slug"], "corner-shop-2", "{}", taken.text());
    explicit.assert_problem(StatusCode::CONFLICT);
    // Its owner takes it back at once.
    assert_eq!(create_site(&client, &alice, "Corner Shop").await["slug"], "corner-shop");

    // Another slug released 31 days ago is anyone's again.
    let old = create_site(&client, &alice, "Old Shop").await;
    client.delete(&format!("/api/builder/sites/{}", old["id"].as_str().unwrap()), Some(&alice)).await;
    sqlx::query("UPDATE builder.released_slugs SET released_at = now() - interval '31 days' WHERE slug = 'old-shop'")
        .execute(&db.admin_pool())
        .await
        .unwrap();
    assert_eq!(create_site(&client, &bob, "Old Shop").await["slug"], "old-shop");
}

// ---- the problem+json contract ---------------------------------------------

#[tokio::test]
async fn malformed_json_wrong_content_type_unknown_routes_and_methods_are_problems() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "alice").await;
    let raw = |content_type: &str, body: &'static str| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/builder/sites")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap()
    };

    client.send(raw("application/json", "{\"name\": ")).await.assert_problem(StatusCode::BAD_REQUEST);
    client.send(raw("text/plain", "{\"name\": \"x\"}")).await.assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    client.send(raw("application/json", "[1, 2]")).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    client.get("/api/builder/nothing-here", None).await.assert_problem(StatusCode::NOT_FOUND);
    client
        .call(Method::PUT, "/api/builder/sites", Some(&token), None)
        .await
        .assert_problem(StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let (client, _db) = builder().await;
    let token = merchant(&client, "alice").await;
    let huge = json!({"name": "x".repeat(2 * 1024 * 1024)});

    let response = client.post("/api/builder/sites", Some(&token), huge).await;

    response.assert_problem(StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn responses_carry_a_request_id_kept_from_the_caller() {
    let (client, _db) = builder().await;
    let request = Request::builder()
        .uri("/api/builder/public/sites/none")
        .header("x-request-id", "trace-me-42")
        .body(Body::empty())
        .unwrap();

    let response = client.send(request).await;

    assert_eq!(response.header("x-request-id"), Some("trace-me-42"));
    assert!(client.get("/api/builder/public/sites/none", None).await.header("x-request-id").is_some());
}

// ---- documentation -------------------------------------------------------

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_both_ways_to_authorize() {
    let (client, _db) = builder().await;

    let response = client.get("/api/builder/openapi.json", None).await;

    assert_eq!(response.status, StatusCode::OK);
    let document = response.json();
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/builder/auth/register",
        "/api/builder/auth/login",
        "/api/builder/auth/token",
        "/api/builder/auth/me",
        "/api/builder/sites",
        "/api/builder/sites/{id}",
        "/api/builder/public/sites/{slug}",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    let schemes = &document["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["password"]["flows"]["password"]["tokenUrl"], "/api/builder/auth/token");
    assert!(paths["/api/builder/sites"]["post"]["responses"]["401"].is_object());
    assert!(paths["/api/builder/sites"]["post"]["responses"]["422"].is_object());
    let docs = client.get("/api/builder/docs/", None).await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(docs.text().contains("swagger"), "Swagger UI page");
}

// ---- least privilege -----------------------------------------------------

#[tokio::test]
async fn other_services_read_the_site_directory_but_not_the_builders_tables() {
    let (client, db) = builder().await;
    let token = merchant(&client, "alice").await;
    create_site(&client, &token, "Shop").await;
    let site_role = db.pool_for(vitrine_common::db::ServiceDb::new("site", "vitrine_site"));

    let directory: i64 =
        sqlx::query_scalar("SELECT count(*) FROM builder.site_directory").fetch_one(&site_role).await.unwrap();
    let users = sqlx::query("SELECT username FROM builder.users").fetch_all(&site_role).await;
    let sites = sqlx::query("SELECT owner_id FROM builder.sites").fetch_all(&site_role).await;
    let write = sqlx::query("DELETE FROM builder.site_directory").execute(&site_role).await;

    assert_eq!(directory, 1);
    for denied in [users.map(|_| ()), sites.map(|_| ()), write.map(|_| ())] {
        let err = denied.expect_err("must be denied");
        assert_eq!(err.as_database_error().and_then(|e| e.code()).as_deref(), Some("42501"), "{err}");
    }
}

#[tokio::test]
async fn logout_revokes_every_token_issued_until_then_here_and_in_other_services() {
    let (client, db) = builder().await;
    let token = merchant(&client, "alice").await;
    let site = create_site(&client, &token, "Revoked Shop").await;
    let site_id: uuid::Uuid = site["id"].as_str().unwrap().parse().unwrap();
    // Another service's view of the same merchant: site scoping through builder.site_directory.
    let site_pool = db.pool_for(vitrine_common::db::ServiceDb::new("site", "vitrine_site"));
    let claims = keys::verifier().verify(&token).unwrap();
    let before = vitrine_common::sites::find_owned_by_token(&site_pool, site_id, claims.sub, claims.iat).await.unwrap();
    assert_eq!(before.map(|(site, current)| (site.slug, current)), Some(("revoked-shop".to_owned(), true)));

    let out = client.post("/api/builder/auth/logout", Some(&token), json!({})).await;

    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.text());
    client.get("/api/builder/auth/me", Some(&token)).await.assert_problem(StatusCode::UNAUTHORIZED);
    client.get("/api/builder/sites", Some(&token)).await.assert_problem(StatusCode::UNAUTHORIZED);
    let after = vitrine_common::sites::find_owned_by_token(&site_pool, site_id, claims.sub, claims.iat).await.unwrap();
    assert_eq!(after.map(|(_, current)| current), Some(false), "other services see the revocation");
    // A token issued after the logout works (iat has a one-second grain: wait past it).
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let fresh = login(&client, "alice").await;
    assert_eq!(client.get("/api/builder/auth/me", Some(&fresh)).await.status, StatusCode::OK);
}
