//! The customer service's HTTP contract, driven through its router against
//! real PostgreSQL (a fresh database per test).

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use uuid::Uuid;
use vitrine_common::config::TokenConfig;
use vitrine_common::db::ServiceDb;
use vitrine_common::service::Service;
use vitrine_common::shopper::{SHOPPER_AUDIENCE, ShopperClaims, ShopperTokenConfig};
use vitrine_customer::Config;
use vitrine_testkit::keys::{self, KeyPair};
use vitrine_testkit::{Merchant, TestClient, TestDb, TestResponse};

fn config() -> Config {
    Config {
        tokens: TokenConfig {
            jwt_public_key: Some(keys::pair().public_pem.clone()),
            jwt_public_key_file: None,
            jwt_issuer: keys::ISSUER.to_owned(),
            jwt_audience: keys::AUDIENCE.to_owned(),
        },
        shopper_tokens: ShopperTokenConfig {
            shopper_jwt_public_key: Some(keys::shopper_pair().public_pem.clone()),
            shopper_jwt_public_key_file: None,
            shopper_jwt_issuer: keys::SHOPPER_ISSUER.to_owned(),
        },
        signing: vitrine_customer::config::SigningConfig {
            shopper_jwt_private_key: Some(keys::shopper_pair().private_pem.clone()),
            shopper_jwt_private_key_file: None,
            shopper_token_ttl_secs: 3600,
        },
        password_hash_concurrency: 2,
        public_url: Some("http://shops.test".to_owned()),
    }
}

async fn customer() -> (TestClient, TestDb) {
    let db = TestDb::new().await;
    let state = config().state(db.pool_for(vitrine_customer::DB)).expect("customer state");
    let app = vitrine_common::server::stack(vitrine_customer::app(state), Duration::from_secs(30));
    (TestClient::new(app), db)
}

fn public(slug: &str, rest: &str) -> String {
    format!("/api/customer/public/{slug}/{rest}")
}

fn customers(site: Uuid) -> String {
    format!("/api/customer/sites/{site}/customers")
}

async fn register(client: &TestClient, slug: &str, email: &str) -> Value {
    let response =
        client.post(&public(slug, "register"), None, json!({"email": email, "password": "correct horse"})).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

async fn login(client: &TestClient, slug: &str, email: &str) -> String {
    let response =
        client.post(&public(slug, "login"), None, json!({"email": email, "password": "correct horse"})).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    response.json()["access_token"].as_str().expect("an access token").to_owned()
}

/// A site of a new merchant, for tests that need one shop.
async fn shop(db: &TestDb, slug: &str) -> (Merchant, Uuid) {
    let merchant = db.merchant(&format!("owner-{slug}")).await;
    let site = db.site(&merchant, slug).await;
    (merchant, site)
}

#[track_caller]
fn assert_unauthorized(response: &TestResponse) {
    response.assert_problem(StatusCode::UNAUTHORIZED);
    assert!(
        response.header("www-authenticate").is_some_and(|value| value.starts_with("Bearer")),
        "WWW-Authenticate: {:?}",
        response.header("www-authenticate")
    );
}

fn fields(body: &Value) -> Vec<&str> {
    body["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().expect("field")).collect()
}

// ---- register, log in, me ------------------------------------------------------

#[tokio::test]
async fn a_shopper_registers_logs_in_and_reads_and_changes_the_account() {
    let (client, db) = customer().await;
    let (_, site) = shop(&db, "shop").await;

    let response = client
        .post(
            &public("shop", "register"),
            None,
            json!({"email": "  Ada@Example.com ", "password": "correct horse", "name": " Ada "}),
        )
        .await;

    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    assert_eq!(response.header("location"), Some("/api/customer/public/shop/me"));
    let created = response.json();
    assert_eq!(created["email"], "Ada@Example.com", "trimmed, case kept");
    assert_eq!(created["name"], "Ada");
    assert_eq!(created["site_id"], site.to_string());
    assert_eq!(created["default_address"], Value::Null);
    assert!(created["created_at"].as_str().is_some_and(|at| at.ends_with('Z')));
    assert!(created.get("password").is_none() && created.get("password_hash").is_none());

    let response = client
        .post(&public("shop", "login"), None, json!({"email": "ada@EXAMPLE.com", "password": "correct horse"}))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let body = response.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let token = body["access_token"].as_str().unwrap();
    // What checkout will see: a shopper token of this site, for this account.
    let claims = keys::shopper_verifier().verify(token).expect("a valid shopper token");
    assert_eq!(claims.sub.to_string(), created["id"].as_str().unwrap());
    assert_eq!(claims.site, site);
    assert_eq!(claims.aud, SHOPPER_AUDIENCE);
    assert_eq!(claims.iss, keys::SHOPPER_ISSUER);
    assert_eq!(claims.exp - claims.iat, 3600);

    let me = client.get(&public("shop", "me"), Some(token)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text());
    assert_eq!(me.json(), created);

    let address = json!({"name": "Ada Lovelace", "line1": "12 St James's Square", "city": "London",
                         "postal_code": "SW1Y 4JH", "country": "GB"});
    let changed =
        client.patch(&public("shop", "me"), Some(token), json!({"name": "Ada King", "default_address": address})).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
    assert_eq!(changed.json()["name"], "Ada King");
    assert_eq!(changed.json()["default_address"], address);
    assert_eq!(changed.json()["email"], "Ada@Example.com");

    let kept = client.patch(&public("shop", "me"), Some(token), json!({"name": null})).await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.text());
    assert_eq!(kept.json()["name"], Value::Null, "null clears");
    assert_eq!(kept.json()["default_address"], address, "absent fields stay");

    let cleared = client.patch(&public("shop", "me"), Some(token), json!({"default_address": null})).await;
    assert_eq!(cleared.json()["default_address"], Value::Null);
    assert_eq!(client.get(&public("shop", "me"), Some(token)).await.json(), cleared.json());
}

#[tokio::test]
async fn invalid_registrations_list_every_invalid_field() {
    let (client, db) = customer().await;
    shop(&db, "shop").await;

    let response = client
        .post(&public("shop", "register"), None, json!({"email": "not-an-email", "password": "short", "name": "   "}))
        .await;
    let body = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["email", "password", "name"]);

    let blank = client
        .post(&public("shop", "register"), None, json!({"email": "ada@example.com", "password": "          "}))
        .await;
    let body = blank.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "password");
    assert_eq!(body["errors"][0]["message"], "must not be blank");

    // The most common passwords are the first an attacker tries (NIST SP 800-63B).
    for common in ["password", "Password1", "qwerty123"] {
        let response = client
            .post(&public("shop", "register"), None, json!({"email": "ada@example.com", "password": common}))
            .await;
        let body = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "password", "{common}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("most common passwords"), "{common}: {body}");
    }

    let long = client
        .post(&public("shop", "register"), None, json!({"email": "ada@example.com", "password": "p".repeat(129)}))
        .await;
    assert_eq!(fields(&long.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["password"]);

    let missing = client.post(&public("shop", "register"), None, json!({"email": "ada@example.com"})).await;
    assert_eq!(fields(&missing.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["password"]);

    let wrong_type = client.post(&public("shop", "register"), None, json!({"email": 42, "password": "x"})).await;
    wrong_type.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);

    let malformed = client
        .send(
            Request::post(public("shop", "register"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{\"email\":"))
                .unwrap(),
        )
        .await;
    malformed.assert_problem(StatusCode::BAD_REQUEST);

    let not_json =
        client.send(Request::post(public("shop", "register")).body(Body::from("email=a@b.co")).unwrap()).await;
    not_json.assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM customer.customers").fetch_one(&db.admin_pool()).await.unwrap();
    assert_eq!(count, 0, "nothing was stored");
}

#[tokio::test]
async fn emails_are_unique_per_site_without_regard_to_case_and_free_on_other_sites() {
    let (client, db) = customer().await;
    shop(&db, "shop").await;
    shop(&db, "other").await;
    register(&client, "shop", "Ada@Example.com").await;

    let taken = client
        .post(&public("shop", "register"), None, json!({"email": " ada@EXAMPLE.COM", "password": "another one"}))
        .await;
    let body = taken.assert_problem(StatusCode::CONFLICT);
    assert_eq!(fields(&body), ["email"]);

    let elsewhere = register(&client, "other", "ada@example.com").await;
    assert_eq!(elsewhere["email"], "ada@example.com");
    // Each account logs in on its own site only, with its own token.
    let here = login(&client, "shop", "ada@example.com").await;
    let there = login(&client, "other", "ADA@example.com").await;
    assert_ne!(
        client.get(&public("shop", "me"), Some(&here)).await.json()["id"],
        client.get(&public("other", "me"), Some(&there)).await.json()["id"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_registrations_of_the_same_email_at_once_give_one_account() {
    let (client, db) = customer().await;
    let (_, site) = shop(&db, "shop").await;

    for round in 0..3 {
        let first = json!({"email": format!("race{round}@example.com"), "password": "correct horse"});
        let second = json!({"email": format!("RACE{round}@example.com"), "password": "other horse"});
        let url = public("shop", "register");
        let (a, b) = (client.clone(), client.clone());
        let (url_a, url_b) = (url.clone(), url);
        // Two tasks on a multi-threaded runtime: the two requests really run at once.
        let a = tokio::spawn(async move { a.post(&url_a, None, first).await });
        let b = tokio::spawn(async move { b.post(&url_b, None, second).await });
        let (a, b) = (a.await.unwrap(), b.await.unwrap());
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT], "{} / {}", a.text(), b.text());
        let loser = if a.status == StatusCode::CONFLICT { &a } else { &b };
        assert_eq!(fields(&loser.assert_problem(StatusCode::CONFLICT)), ["email"]);
    }
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM customer.customers WHERE site_id = $1")
        .bind(site)
        .fetch_one(&db.admin_pool())
        .await
        .unwrap();
    assert_eq!(count, 3);
}

#[tokio::test]
async fn login_failures_look_alike_for_unknown_emails_and_wrong_passwords() {
    let (client, db) = customer().await;
    shop(&db, "shop").await;
    shop(&db, "other").await;
    register(&client, "shop", "ada@example.com").await;
    register(&client, "other", "bob@example.com").await;

    let wrong_password = client
        .post(&public("shop", "login"), None, json!({"email": "ada@example.com", "password": "wrong horse"}))
        .await;
    let unknown = client
        .post(&public("shop", "login"), None, json!({"email": "eve@example.com", "password": "correct horse"}))
        .await;
    let other_site = client
        .post(&public("shop", "login"), None, json!({"email": "bob@example.com", "password": "correct horse"}))
        .await;
    let too_long = client
        .post(&public("shop", "login"), None, json!({"email": "ada@example.com", "password": "p".repeat(10_000)}))
        .await;

    let expected = wrong_password.assert_problem(StatusCode::UNAUTHORIZED);
    assert_eq!(expected["type"], "urn:vitrine:problem:invalid-credentials");
    for response in [&unknown, &other_site, &too_long] {
        assert_eq!(response.assert_problem(StatusCode::UNAUTHORIZED), expected, "the same answer");
    }
    let missing = client.post(&public("shop", "login"), None, json!({"email": "ada@example.com"})).await;
    missing.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let no_site = client
        .post(&public("nowhere", "login"), None, json!({"email": "ada@example.com", "password": "correct horse"}))
        .await;
    no_site.assert_problem(StatusCode::NOT_FOUND);
    let no_site = client
        .post(&public("nowhere", "register"), None, json!({"email": "ada@example.com", "password": "correct horse"}))
        .await;
    no_site.assert_problem(StatusCode::NOT_FOUND);
}

// ---- the OAuth2 password grant (Swagger's Authorize) ---------------------------

fn form(body: &str, basic: Option<&str>) -> Request<Body> {
    let mut request =
        Request::post("/api/customer/auth/token").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(credentials) = basic {
        request = request.header(header::AUTHORIZATION, format!("Basic {}", STANDARD.encode(credentials)));
    }
    request.body(Body::from(body.to_owned())).expect("a valid request")
}

#[tokio::test]
async fn the_password_grant_takes_the_shop_slug_as_client_id_in_the_form_or_basic_auth() {
    let (client, db) = customer().await;
    let (_, site) = shop(&db, "shop").await;
    register(&client, "shop", "ada@example.com").await;

    let in_form = client
        .send(form("grant_type=password&username=ada%40example.com&password=correct+horse&client_id=shop", None))
        .await;
    assert_eq!(in_form.status, StatusCode::OK, "{}", in_form.text());
    assert_eq!(in_form.header("cache-control"), Some("no-store"));
    let token = in_form.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(keys::shopper_verifier().verify(&token).unwrap().site, site);
    assert_eq!(client.get(&public("shop", "me"), Some(&token)).await.status, StatusCode::OK);

    let basic =
        client.send(form("grant_type=password&username=ada%40example.com&password=correct+horse", Some("shop:"))).await;
    assert_eq!(basic.status, StatusCode::OK, "{}", basic.text());

    let wrong =
        client.send(form("grant_type=password&username=ada%40example.com&password=wrong&client_id=shop", None)).await;
    assert_eq!(wrong.assert_problem(StatusCode::UNAUTHORIZED)["type"], "urn:vitrine:problem:invalid-credentials");

    let no_client =
        client.send(form("grant_type=password&username=ada%40example.com&password=correct+horse", None)).await;
    assert_eq!(no_client.assert_problem(StatusCode::BAD_REQUEST)["type"], "urn:vitrine:problem:invalid-client");
    let unknown_client = client
        .send(form("grant_type=password&username=ada%40example.com&password=correct+horse&client_id=nowhere", None))
        .await;
    unknown_client.assert_problem(StatusCode::BAD_REQUEST);
    let grant = client.send(form("grant_type=client_credentials&username=a&password=b&client_id=shop", None)).await;
    assert_eq!(grant.assert_problem(StatusCode::BAD_REQUEST)["type"], "urn:vitrine:problem:unsupported-grant-type");
    let malformed = client.send(form("grant_type=password", None)).await;
    malformed.assert_problem(StatusCode::BAD_REQUEST);
    let json_body = client
        .post("/api/customer/auth/token", None, json!({"grant_type": "password", "username": "a", "password": "b"}))
        .await;
    json_body.assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

// ---- logout and deletion revoke tokens --------------------------------------------

#[tokio::test]
async fn logging_out_revokes_every_token_of_the_account_and_a_new_login_works_at_once() {
    let (client, db) = customer().await;
    shop(&db, "shop").await;
    register(&client, "shop", "ada@example.com").await;
    register(&client, "shop", "bob@example.com").await;
    let first = login(&client, "shop", "ada@example.com").await;
    let second = login(&client, "shop", "ada@example.com").await;
    let bob = login(&client, "shop", "bob@example.com").await;

    let response = client.call(axum::http::Method::POST, &public("shop", "logout"), Some(&first), None).await;
    assert_eq!(response.status, StatusCode::NO_CONTENT, "{}", response.text());

    assert_unauthorized(&client.get(&public("shop", "me"), Some(&first)).await);
    assert_unauthorized(&client.get(&public("shop", "me"), Some(&second)).await);
    assert_unauthorized(&client.patch(&public("shop", "me"), Some(&second), json!({"name": "Eve"})).await);
    assert_unauthorized(&client.delete(&public("shop", "me"), Some(&second)).await);
    assert_unauthorized(&client.call(axum::http::Method::POST, &public("shop", "logout"), Some(&first), None).await);
    assert_eq!(
        client.get(&public("shop", "me"), Some(&bob)).await.status,
        StatusCode::OK,
        "other accounts keep theirs"
    );

    // In the same second as the logout: the new token must not be born revoked.
    let fresh = login(&client, "shop", "ada@example.com").await;
    let me = client.get(&public("shop", "me"), Some(&fresh)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text());
    assert_eq!(me.json()["email"], "ada@example.com");
}

#[tokio::test]
async fn deleting_my_account_removes_it_everywhere_and_frees_the_email() {
    let (client, db) = customer().await;
    let (owner, site) = shop(&db, "shop").await;
    let ada = register(&client, "shop", "ada@example.com").await;
    let bob = register(&client, "shop", "bob@example.com").await;
    let token = login(&client, "shop", "ada@example.com").await;
    let checkout = db.pool_for(ServiceDb::new("checkout", "vitrine_checkout"));
    let directory = || async {
        sqlx::query_scalar::<_, String>("SELECT email FROM customer.customer_directory ORDER BY email")
            .fetch_all(&checkout)
            .await
            .expect("checkout reads the published view")
    };
    assert_eq!(directory().await, ["ada@example.com", "bob@example.com"]);

    let response = client.delete(&public("shop", "me"), Some(&token)).await;

    assert_eq!(response.status, StatusCode::NO_CONTENT, "{}", response.text());
    assert_eq!(directory().await, ["bob@example.com"], "the view checkout reads has no trace of it");
    assert_unauthorized(&client.get(&public("shop", "me"), Some(&token)).await);
    assert_unauthorized(&client.delete(&public("shop", "me"), Some(&token)).await);
    let gone = client
        .post(&public("shop", "login"), None, json!({"email": "ada@example.com", "password": "correct horse"}))
        .await;
    gone.assert_problem(StatusCode::UNAUTHORIZED);
    let detail = format!("{}/{}", customers(site), ada["id"].as_str().unwrap());
    client.get(&detail, Some(&owner.token)).await.assert_problem(StatusCode::NOT_FOUND);
    let listed = client.get(&customers(site), Some(&owner.token)).await.json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed["items"][0]["id"], bob["id"]);

    let again = register(&client, "shop", "ADA@example.com").await;
    assert_ne!(again["id"], ada["id"], "a new account, not the old one back");
}

#[tokio::test]
async fn the_published_view_shows_live_accounts_with_their_profile_to_checkout_only() {
    let (client, db) = customer().await;
    let (_, site) = shop(&db, "shop").await;
    let ada = register(&client, "shop", "Ada@example.com").await;
    let token = login(&client, "shop", "ada@example.com").await;
    let address = json!({"name": "Ada", "line1": "1 Main St", "line2": "Flat 2", "city": "Paris",
                         "postal_code": "75001", "country": "FR"});
    let changed = client.patch(&public("shop", "me"), Some(&token), json!({"default_address": address})).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());

    let checkout = db.pool_for(ServiceDb::new("checkout", "vitrine_checkout"));
    let (id, site_id, email, name, default_address): (Uuid, Uuid, String, Option<String>, Option<Value>) =
        sqlx::query_as("SELECT id, site_id, email, name, default_address FROM customer.customer_directory")
            .fetch_one(&checkout)
            .await
            .expect("checkout reads the view");
    assert_eq!(id.to_string(), ada["id"].as_str().unwrap());
    assert_eq!((site_id, email.as_str(), name), (site, "Ada@example.com", None));
    assert_eq!(default_address, Some(address));

    let tables = sqlx::query("SELECT password_hash FROM customer.customers").fetch_all(&checkout).await;
    assert!(tables.is_err(), "checkout never reads the table (nor the hashes)");
    let notifier = db.pool_for(ServiceDb::new("notifier", "vitrine_notifier"));
    let view = sqlx::query("SELECT id FROM customer.customer_directory").fetch_all(&notifier).await;
    assert!(view.is_err(), "only checkout is granted the view");
}

// ---- PATCH validation --------------------------------------------------------------

#[tokio::test]
async fn invalid_changes_name_every_invalid_field_and_change_nothing() {
    let (client, db) = customer().await;
    shop(&db, "shop").await;
    register(&client, "shop", "ada@example.com").await;
    let token = login(&client, "shop", "ada@example.com").await;

    let response = client
        .patch(
            &public("shop", "me"),
            Some(&token),
            json!({"name": "", "default_address": {"name": "Ada", "line1": " ", "city": "Paris",
                                                 "postal_code": "75001", "country": "fr"}}),
        )
        .await;
    let body = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["name", "default_address.line1", "default_address.country"]);

    let missing = client
        .patch(&public("shop", "me"), Some(&token), json!({"default_address": {"name": "Ada", "country": "FR"}}))
        .await;
    missing.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let email = client.patch(&public("shop", "me"), Some(&token), json!({"email": "eve@example.com"})).await;
    email.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let not_object = client.patch(&public("shop", "me"), Some(&token), json!({"default_address": "Paris"})).await;
    not_object.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let long = client.patch(&public("shop", "me"), Some(&token), json!({"name": "x".repeat(101)})).await;
    assert_eq!(fields(&long.assert_problem(StatusCode::UNPROCESSABLE_ENTITY)), ["name"]);

    let me = client.get(&public("shop", "me"), Some(&token)).await.json();
    assert_eq!((me["name"].clone(), me["default_address"].clone()), (Value::Null, Value::Null));
}

// ---- tokens: shopper and merchant never stand in for each other ------------------------

fn sign(claims: &impl serde::Serialize, private_pem: &str) -> String {
    let key = EncodingKey::from_ed_pem(private_pem.as_bytes()).expect("an Ed25519 key");
    jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), claims, &key).expect("signing")
}

#[tokio::test]
async fn merchant_tokens_are_refused_on_shopper_routes_and_shopper_tokens_on_merchant_routes() {
    let (client, db) = customer().await;
    let (owner, site) = shop(&db, "shop").await;
    let ada = register(&client, "shop", "ada@example.com").await;
    let shopper = login(&client, "shop", "ada@example.com").await;
    // A merchant token whose subject is the customer's id changes nothing.
    let id: Uuid = ada["id"].as_str().unwrap().parse().unwrap();
    let merchant_as_customer = keys::token_for(id, "ada");

    for token in [owner.token.as_str(), merchant_as_customer.as_str()] {
        assert_unauthorized(&client.get(&public("shop", "me"), Some(token)).await);
        assert_unauthorized(&client.patch(&public("shop", "me"), Some(token), json!({"name": "x"})).await);
        assert_unauthorized(&client.delete(&public("shop", "me"), Some(token)).await);
        assert_unauthorized(&client.call(axum::http::Method::POST, &public("shop", "logout"), Some(token), None).await);
    }
    assert_unauthorized(&client.get(&customers(site), Some(&shopper)).await);
    assert_unauthorized(&client.get(&format!("{}/{id}", customers(site)), Some(&shopper)).await);
    assert_eq!(client.get(&public("shop", "me"), Some(&shopper)).await.status, StatusCode::OK, "still valid");
}

#[tokio::test]
async fn a_shopper_token_of_one_site_is_refused_on_another() {
    let (client, db) = customer().await;
    shop(&db, "shop").await;
    shop(&db, "other").await;
    register(&client, "shop", "ada@example.com").await;
    register(&client, "other", "ada@example.com").await;
    let token = login(&client, "shop", "ada@example.com").await;

    assert_unauthorized(&client.get(&public("other", "me"), Some(&token)).await);
    assert_unauthorized(&client.patch(&public("other", "me"), Some(&token), json!({"name": "x"})).await);
    assert_unauthorized(&client.delete(&public("other", "me"), Some(&token)).await);
    assert_unauthorized(&client.call(axum::http::Method::POST, &public("other", "logout"), Some(&token), None).await);
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM customer.customers").fetch_one(&db.admin_pool()).await.unwrap();
    assert_eq!(count, 2, "nothing was deleted on the other site");
}

#[tokio::test]
async fn forged_expired_unsigned_and_merchant_signed_shopper_tokens_are_refused() {
    let (client, db) = customer().await;
    let (_, site) = shop(&db, "shop").await;
    let ada = register(&client, "shop", "ada@example.com").await;
    let id: Uuid = ada["id"].as_str().unwrap().parse().unwrap();
    let valid = keys::shopper_claims_for(id, site);
    // The arrangement is right: these claims signed with the shopper key pass.
    let genuine = sign(&valid, &keys::shopper_pair().private_pem);
    assert_eq!(client.get(&public("shop", "me"), Some(&genuine)).await.status, StatusCode::OK);

    let forged = sign(&valid, &KeyPair::generate().private_pem);
    let merchant_signed = sign(&valid, &keys::pair().private_pem);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let expired =
        sign(&ShopperClaims { iat: now - 7200, exp: now - 120, ..valid.clone() }, &keys::shopper_pair().private_pem);
    let other_audience =
        sign(&ShopperClaims { aud: "vitrine".to_owned(), ..valid.clone() }, &keys::shopper_pair().private_pem);
    let other_issuer =
        sign(&ShopperClaims { iss: "evil".to_owned(), ..valid.clone() }, &keys::shopper_pair().private_pem);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&valid).unwrap());
    let alg_none = format!("{}.{payload}.", URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#));
    let hmac = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &valid,
        &EncodingKey::from_secret(keys::shopper_pair().public_pem.as_bytes()),
    )
    .unwrap();
    let tampered = {
        let mut parts: Vec<String> = genuine.split('.').map(str::to_owned).collect();
        let other = ShopperClaims { sub: Uuid::now_v7(), ..valid.clone() };
        parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&other).unwrap());
        parts.join(".")
    };
    let unknown_account = sign(&keys::shopper_claims_for(Uuid::now_v7(), site), &keys::shopper_pair().private_pem);

    for (what, token) in [
        ("forged", forged),
        ("merchant key, shopper audience", merchant_signed),
        ("expired", expired),
        ("merchant audience", other_audience),
        ("other issuer", other_issuer),
        ("alg none", alg_none),
        ("HS256 with the public key", hmac),
        ("tampered payload", tampered),
        ("no such account", unknown_account),
        ("garbage", "not.a.token".to_owned()),
    ] {
        let response = client.get(&public("shop", "me"), Some(&token)).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{what}: {}", response.text());
        assert_unauthorized(&response);
    }
    assert_unauthorized(&client.get(&public("shop", "me"), None).await);
    let basic = client
        .send(
            Request::get(public("shop", "me")).header(header::AUTHORIZATION, "Basic YTpi").body(Body::empty()).unwrap(),
        )
        .await;
    assert_unauthorized(&basic);
}

// ---- the merchant's customer list ---------------------------------------------------

#[tokio::test]
async fn merchants_list_and_search_their_sites_customers_newest_first() {
    let (client, db) = customer().await;
    let (owner, site) = shop(&db, "shop").await;
    shop(&db, "other").await;
    let ada = register(&client, "shop", "ada@example.com").await;
    let response = client
        .post(
            &public("shop", "register"),
            None,
            json!({"email": "bob@example.org", "password": "correct horse", "name": "Bob 100% Real"}),
        )
        .await;
    let bob = response.json();
    let cy = register(&client, "shop", "CY@Example.com").await;
    register(&client, "other", "dan@example.com").await;

    let page = client.get(&format!("{}?limit=2", customers(site)), Some(&owner.token)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let page = page.json();
    let ids: Vec<&Value> = page["items"].as_array().unwrap().iter().map(|c| &c["id"]).collect();
    assert_eq!(ids, [&cy["id"], &bob["id"]]);
    let cursor = page["next_cursor"].as_str().unwrap();
    let rest = client.get(&format!("{}?limit=2&cursor={cursor}", customers(site)), Some(&owner.token)).await.json();
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_eq!(rest["items"][0], ada);
    assert_eq!(rest["next_cursor"], Value::Null);

    let search = |q: &str| {
        let url = format!("{}?q={q}", customers(site));
        let client = client.clone();
        let token = owner.token.clone();
        async move {
            let response = client.get(&url, Some(&token)).await;
            assert_eq!(response.status, StatusCode::OK, "{}", response.text());
            response.json()["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["email"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(search("example.com").await, ["CY@Example.com", "ada@example.com"]);
    assert_eq!(search("cy%40EXAMPLE").await, ["CY@Example.com"], "without regard to case");
    assert_eq!(search("real").await, ["bob@example.org"], "names too");
    assert_eq!(search("100%25").await, ["bob@example.org"], "% is literal");
    assert_eq!(search("_").await, Vec::<String>::new(), "_ is literal");
    assert_eq!(search("dan").await, Vec::<String>::new(), "other sites' customers are not listed");
    assert_eq!(search("%20").await.len(), 3, "a blank q lists everyone");

    let detail = client.get(&format!("{}/{}", customers(site), bob["id"].as_str().unwrap()), Some(&owner.token)).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert_eq!(detail.json(), bob);
}

#[tokio::test]
async fn other_merchants_sites_and_customers_are_not_found() {
    let (client, db) = customer().await;
    let (owner, site) = shop(&db, "shop").await;
    let (stranger, other_site) = shop(&db, "other").await;
    let ada = register(&client, "shop", "ada@example.com").await;
    let bob = register(&client, "other", "bob@example.com").await;
    let ada_url = format!("{}/{}", customers(site), ada["id"].as_str().unwrap());

    client.get(&customers(site), Some(&stranger.token)).await.assert_problem(StatusCode::NOT_FOUND);
    client.get(&ada_url, Some(&stranger.token)).await.assert_problem(StatusCode::NOT_FOUND);
    // Another site's customer through my site is not mine either.
    let cross = format!("{}/{}", customers(site), bob["id"].as_str().unwrap());
    client.get(&cross, Some(&owner.token)).await.assert_problem(StatusCode::NOT_FOUND);
    client
        .get(&format!("{}/{}", customers(site), Uuid::now_v7()), Some(&owner.token))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    client
        .get(&format!("{}/not-a-uuid", customers(site)), Some(&owner.token))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    client
        .get("/api/customer/sites/not-a-uuid/customers", Some(&owner.token))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    assert_unauthorized(&client.get(&customers(other_site), None).await);

    client
        .get(&format!("{}?limit=0", customers(site)), Some(&owner.token))
        .await
        .assert_problem(StatusCode::BAD_REQUEST);
    client
        .get(&format!("{}?limit=abc", customers(site)), Some(&owner.token))
        .await
        .assert_problem(StatusCode::BAD_REQUEST);
    client
        .get(&format!("{}?cursor=!!", customers(site)), Some(&owner.token))
        .await
        .assert_problem(StatusCode::BAD_REQUEST);
}

// ---- deleted sites --------------------------------------------------------------------

#[tokio::test]
async fn a_deleted_sites_customers_vanish_at_once_and_are_swept() {
    let (client, db) = customer().await;
    let (owner, site) = shop(&db, "shop").await;
    shop(&db, "kept").await;
    register(&client, "shop", "ada@example.com").await;
    register(&client, "kept", "bob@example.com").await;
    let token = login(&client, "shop", "ada@example.com").await;

    db.delete_site(site).await;

    client.get(&public("shop", "me"), Some(&token)).await.assert_problem(StatusCode::NOT_FOUND);
    client
        .post(&public("shop", "login"), None, json!({"email": "ada@example.com", "password": "correct horse"}))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    client.get(&customers(site), Some(&owner.token)).await.assert_problem(StatusCode::NOT_FOUND);
    let checkout = db.pool_for(ServiceDb::new("checkout", "vitrine_checkout"));
    let visible: Vec<String> =
        sqlx::query_scalar("SELECT email FROM customer.customer_directory").fetch_all(&checkout).await.unwrap();
    assert_eq!(visible, ["bob@example.com"]);

    let pool = db.pool_for(vitrine_customer::DB);
    assert_eq!(vitrine_customer::customers::sweep_deleted_sites(&pool).await.unwrap(), 1);
    assert_eq!(vitrine_customer::customers::sweep_deleted_sites(&pool).await.unwrap(), 0, "idempotent");
    let left: Vec<String> =
        sqlx::query_scalar("SELECT email FROM customer.customers").fetch_all(&db.admin_pool()).await.unwrap();
    assert_eq!(left, ["bob@example.com"]);
}

#[tokio::test]
async fn the_service_as_its_binary_runs_it_sweeps_deleted_sites_by_itself() {
    let (client, db) = customer().await;
    let (_, site) = shop(&db, "shop").await;
    register(&client, "shop", "ada@example.com").await;
    db.delete_site(site).await;

    // Its sweeper runs once at start, then every minute.
    let _app =
        <vitrine_customer::Customer as Service>::app(&config(), db.pool_for(vitrine_customer::DB)).expect("the app");

    let admin = db.admin_pool();
    let mut left = -1_i64;
    for _ in 0..100 {
        left = sqlx::query_scalar("SELECT count(*) FROM customer.customers").fetch_one(&admin).await.unwrap();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(left, 0);
}

// ---- configuration and documentation --------------------------------------------------

#[tokio::test]
async fn a_private_key_that_is_not_the_public_keys_pair_stops_the_start() {
    let db = TestDb::new().await;
    let mut config = config();
    config.signing.shopper_jwt_private_key = Some(KeyPair::generate().private_pem);
    let error = config.state(db.pool_for(vitrine_customer::DB)).err().expect("refused");
    assert!(format!("{error:#}").contains("SHOPPER_JWT_PRIVATE_KEY and SHOPPER_JWT_PUBLIC_KEY"), "{error:#}");

    let mut config = self::config();
    config.signing.shopper_jwt_private_key = None;
    let error = config.state(db.pool_for(vitrine_customer::DB)).err().expect("refused");
    assert!(format!("{error:#}").contains("SHOPPER_JWT_PRIVATE_KEY"), "{error:#}");

    let mut config = self::config();
    config.signing.shopper_jwt_private_key = Some("not a key".to_owned());
    let error = config.state(db.pool_for(vitrine_customer::DB)).err().expect("refused");
    assert!(format!("{error:#}").contains("SHOPPER_JWT_PRIVATE_KEY"), "{error:#}");
}

#[tokio::test]
async fn the_document_offers_shopper_and_merchant_authorization_where_each_applies() {
    let (client, _db) = customer().await;
    let response = client.get("/api/customer/openapi.json", None).await;
    assert_eq!(response.status, StatusCode::OK);
    let doc = response.json();
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["shopper_password"]["flows"]["password"]["tokenUrl"], "/api/customer/auth/token");
    assert_eq!(schemes["shopper_bearer"]["scheme"], "bearer");
    assert_eq!(schemes["password"]["flows"]["password"]["tokenUrl"], "/api/builder/auth/token");
    let me = &doc["paths"]["/api/customer/public/{site_slug}/me"]["get"];
    assert_eq!(me["security"], json!([{"shopper_bearer": []}, {"shopper_password": []}]));
    assert!(me["responses"]["401"].is_object());
    let list = &doc["paths"]["/api/customer/sites/{site_id}/customers"]["get"];
    assert_eq!(list["security"], json!([{"bearer": []}, {"password": []}]));
    for path in [
        "/api/customer/public/{site_slug}/register",
        "/api/customer/public/{site_slug}/login",
        "/api/customer/auth/token",
    ] {
        assert!(doc["paths"][path]["post"]["security"].is_null(), "{path} needs no token");
    }
    assert_eq!(client.get("/api/customer/docs/", None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn nul_bytes_anywhere_are_client_errors_not_server_errors() {
    let (client, db) = customer().await;
    let (owner, site) = shop(&db, "shop").await;
    register(&client, "shop", "ada@example.com").await;
    let token = login_token(&client).await;

    // JSON bodies and query strings with a NUL are refused in one place for
    // every service (vitrine_common's extractors), before any handler runs.
    let login = client
        .post(&public("shop", "login"), None, json!({"email": "ada\u{0}@example.com", "password": "correct horse"}))
        .await;
    assert_eq!(login.assert_problem(StatusCode::BAD_REQUEST)["type"], "urn:vitrine:problem:nul-character");
    let register = client
        .post(&public("shop", "register"), None, json!({"email": "eve@example.com", "password": "correct\u{0}horse"}))
        .await;
    register.assert_problem(StatusCode::BAD_REQUEST);
    let search = client.get(&format!("{}?q=%00", customers(site)), Some(&owner.token)).await;
    search.assert_problem(StatusCode::BAD_REQUEST);
    // Paths and forms: never a database error, whichever check answers first.
    for response in [
        client.get("/api/customer/public/sh%00op/me", None).await,
        client.get("/api/customer/public/sh%00op/me", Some(&token)).await,
        client
            .send(form("grant_type=password&username=ada%40example.com&password=correct+horse&client_id=sh%00op", None))
            .await,
        client
            .send(form("grant_type=password&username=ada%00%40example.com&password=correct+horse&client_id=shop", None))
            .await,
    ] {
        assert!(response.status.is_client_error(), "{} {}", response.status, response.text());
    }
}

async fn login_token(client: &TestClient) -> String {
    login(client, "shop", "ada@example.com").await
}
