//! A shopper's own account on a site: register, log in (JSON, or the OAuth2
//! password grant Swagger's "Authorize" dialog sends), log out, and me (read,
//! change, delete).
//!
//! A shopper token is valid on its own site only, and only while the account
//! exists and has not revoked it: every route here checks the token's `iat`
//! against the account's `tokens_valid_after` in the same query that reads or
//! writes the account, so a logout or a deletion takes effect at once.

use axum::Form;
use axum::Json as AxumJson;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use secrecy::SecretString;
use sqlx::PgExecutor;
use sqlx::types::Json as SqlJson;
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::resource::{Created, created, on_constraint};
use vitrine_common::sites::{PublicSite, find_by_slug};
use vitrine_common::slug::Slug;
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Json};
use vitrine_models::builder::TokenResponse;
use vitrine_models::customer::{Address, Customer, Login, Register, ShopperPasswordGrant, UpdateCustomer};

use crate::domain::{Email, Password, check_address, parse_name};
use crate::session::ShopperSession;
use crate::{AppState, Error};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(token))
        .routes(routes!(get_me, update_me, delete_me))
}

/// Token answers must never be cached (RFC 6749 §5.1), nor personal data.
type NoStore = [(header::HeaderName, &'static str); 1];
const NO_STORE: NoStore = [(header::CACHE_CONTROL, "no-store")];

/// An account as the database holds it (without its secrets).
pub(crate) struct CustomerRow {
    pub(crate) id: Uuid,
    pub(crate) site_id: Uuid,
    pub(crate) email: String,
    pub(crate) name: Option<String>,
    pub(crate) default_address: Option<SqlJson<Address>>,
    pub(crate) created_at: OffsetDateTime,
}

impl From<CustomerRow> for Customer {
    fn from(row: CustomerRow) -> Self {
        Self {
            id: row.id,
            site_id: row.site_id,
            email: row.email,
            name: row.name,
            default_address: row.default_address.map(|SqlJson(address)| address),
            created_at: row.created_at,
        }
    }
}

fn me_url(site: &PublicSite) -> String {
    format!("/api/customer/public/{}/me", site.slug)
}

/// Create an account on a shop.
///
/// The e-mail is trimmed and unique per shop without regard to case; the same
/// e-mail may hold an account on another shop. Log in afterwards for a token.
#[utoipa::path(
    post,
    path = "/api/customer/public/{site_slug}/register",
    tag = "accounts",
    params(("site_slug" = String, Path, description = "The shop's slug")),
    request_body = Register,
    responses(
        (status = 201, description = "Account created", body = Customer, headers(("location" = String, description = "The account's `me` URL"))),
        (status = 409, description = "An account of this shop has this e-mail (without regard to case)", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn register(
    State(state): State<AppState>,
    site: PublicSite,
    Json(body): Json<Register>,
) -> Result<Created<Customer>, ApiError> {
    let mut fields = Fields::default();
    let email = fields.check("email", Email::parse(&body.email));
    let password = fields.check("password", Password::parse(&body.password));
    let name = fields.check_opt("name", body.name.as_deref().map(parse_name));
    let (Some(email), Some(password), Some(name)) = (email, password, name) else {
        return Err(fields.into_error());
    };
    let hash = state.passwords.hash(password.into_secret()).await?;
    let row = insert(&state.pool, Uuid::now_v7(), site.id, &email, name.as_deref(), &hash)
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    tracing::info!(site.id = %site.id, customer.id = %row.id, "customer account created");
    Ok(created(me_url(&site), row.into()))
}

#[tracing::instrument(level = "debug", skip(db, email, name, hash))]
async fn insert(
    db: impl PgExecutor<'_>,
    id: Uuid,
    site_id: Uuid,
    email: &Email,
    name: Option<&str>,
    hash: &str,
) -> Result<CustomerRow, sqlx::Error> {
    sqlx::query_as!(
        CustomerRow,
        r#"INSERT INTO customer.customers (id, site_id, email, name, password_hash)
           VALUES ($1, $2, $3, $4, $5)
           RETURNING id, site_id, email, name, default_address AS "default_address: SqlJson<Address>", created_at"#,
        id,
        site_id,
        email.as_str(),
        name,
        hash
    )
    .fetch_one(db)
    .await
}

/// Exchange an e-mail and password for a shopper token of this shop.
///
/// Unknown e-mails and wrong passwords get the same answer, in the same time.
/// The token is valid on this shop only, until it expires or the account logs out.
#[utoipa::path(
    post,
    path = "/api/customer/public/{site_slug}/login",
    tag = "auth",
    params(("site_slug" = String, Path, description = "The shop's slug")),
    request_body = Login,
    responses(
        (status = 200, description = "Logged in (`Cache-Control: no-store`)", body = TokenResponse),
        (status = 401, description = "Unknown e-mail or wrong password", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn login(
    State(state): State<AppState>,
    site: PublicSite,
    Json(body): Json<Login>,
) -> Result<(NoStore, AxumJson<TokenResponse>), ApiError> {
    let answer = authenticate(&state, site.id, &body.email, body.password).await?;
    Ok((NO_STORE, AxumJson(answer)))
}

/// OAuth2 password grant (RFC 6749 §4.3) for shoppers, for Swagger UI's
/// "Authorize" dialog (*shopper_password*): `username` is the e-mail, and the
/// shop's slug is the `client_id` — in the form, or as the user of an HTTP
/// Basic `Authorization` header (`client_secret` is not used).
#[utoipa::path(
    post,
    path = "/api/customer/auth/token",
    tag = "auth",
    request_body(content = ShopperPasswordGrant, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Logged in (`Cache-Control: no-store`)", body = TokenResponse),
        (status = 400, description = "grant_type is not `password`, the form is malformed, or client_id is not the slug of a live shop", body = vitrine_models::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Unknown e-mail or wrong password", body = vitrine_models::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not a form", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn token(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<ShopperPasswordGrant>, axum::extract::rejection::FormRejection>,
) -> Result<(NoStore, AxumJson<TokenResponse>), ApiError> {
    let Form(grant) = form.map_err(|rejection| {
        if rejection.status() == StatusCode::UNSUPPORTED_MEDIA_TYPE {
            ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type")
                .detail("Send the form as `application/x-www-form-urlencoded`.")
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "invalid-request", "Invalid token request")
                .detail("Send grant_type=password, username (your e-mail), password and client_id (the shop's slug).")
        }
    })?;
    if grant.grant_type != "password" {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "unsupported-grant-type", "Unsupported grant type")
            .detail("Only grant_type=password is supported."));
    }
    let invalid_client = || {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid-client", "Unknown shop")
            .detail("client_id must be the slug of a live shop.")
    };
    let slug =
        grant.client_id.filter(|id| !id.is_empty()).or_else(|| basic_user(&headers)).ok_or_else(invalid_client)?;
    if Slug::parse(&slug).is_err() {
        return Err(invalid_client());
    }
    let site = find_by_slug(&state.pool, &slug).await?.ok_or_else(invalid_client)?;
    let answer = authenticate(&state, site.id, &grant.username, grant.password).await?;
    Ok((NO_STORE, AxumJson(answer)))
}

/// The user part of an `Authorization: Basic` header (how Swagger UI sends a client id by default).
fn basic_user(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let user = decoded.split_once(':').map_or(decoded.as_str(), |(user, _)| user);
    (!user.is_empty()).then(|| user.to_owned())
}

pub(crate) async fn authenticate(
    state: &AppState,
    site_id: Uuid,
    email: &str,
    password: String,
) -> Result<TokenResponse, ApiError> {
    let email = email.trim();
    // Over-long input, or control characters (which no stored e-mail has, and
    // which the database would refuse with an error), cannot be a real
    // account: refuse it before paying for a hash.
    if password.chars().count() > Password::MAX
        || email.chars().count() > Email::MAX
        || email.contains(char::is_control)
    {
        return Err(Error::InvalidCredentials.into());
    }
    let account = find_credentials(&state.pool, site_id, email).await?;
    let (id, valid_from, hash) = match account {
        Some(row) => (Some(row.id), row.valid_from, Some(row.password_hash)),
        None => (None, 0, None),
    };
    let valid = state.passwords.verify(SecretString::from(password), hash).await?;
    let Some(id) = id.filter(|_| valid) else {
        tracing::info!(site.id = %site_id, "shopper login refused");
        return Err(Error::InvalidCredentials.into());
    };
    let issued = state.signer.issue(id, site_id, valid_from).map_err(|err| {
        tracing::error!(error = %err, "signing a shopper token failed");
        ApiError::internal()
    })?;
    tracing::info!(site.id = %site_id, customer.id = %id, "shopper logged in");
    Ok(TokenResponse { access_token: issued.token, token_type: "Bearer".to_owned(), expires_in: issued.expires_in })
}

struct CredentialRow {
    id: Uuid,
    password_hash: String,
    /// `tokens_valid_after` in whole seconds (0 when never revoked).
    valid_from: i64,
}

// The e-mail stays out of the span: logs carry ids, not personal data.
#[tracing::instrument(level = "debug", skip(db, email))]
async fn find_credentials(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    email: &str,
) -> Result<Option<CredentialRow>, sqlx::Error> {
    sqlx::query_as!(
        CredentialRow,
        r#"SELECT id, password_hash,
                  ceil(extract(epoch FROM greatest(tokens_valid_after, 'epoch'::timestamptz)))::bigint AS "valid_from!"
           FROM customer.customers
           WHERE site_id = $1 AND lower(email) = lower($2)"#,
        site_id,
        email
    )
    .fetch_optional(db)
    .await
}

/// Log out everywhere: every shopper token of this account issued until now stops working.
#[utoipa::path(
    post,
    path = "/api/customer/public/{site_slug}/logout",
    tag = "auth",
    security(("shopper_bearer" = []), ("shopper_password" = [])),
    params(("site_slug" = String, Path, description = "The shop's slug")),
    responses((status = 204, description = "Logged out: this token and every other one of the account are revoked"))
)]
async fn logout(
    State(state): State<AppState>,
    session: ShopperSession,
    site: PublicSite,
) -> Result<StatusCode, ApiError> {
    let session = session.of_site(site.id)?;
    let revoked = revoke(&state.pool, &session).await?;
    if revoked == 0 {
        return Err(ApiError::unauthorized());
    }
    tracing::info!(site.id = %site.id, customer.id = %session.shopper.id, "shopper logged out");
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(level = "debug", skip(db))]
pub(crate) async fn revoke(db: impl PgExecutor<'_>, session: &ShopperSession) -> Result<u64, sqlx::Error> {
    // Whole seconds, rounded up: `iat` claims are whole seconds, so a token of
    // this very second must be refused too.
    let done = sqlx::query!(
        "UPDATE customer.customers c
         SET tokens_valid_after = date_trunc('second', now()) + interval '1 second', updated_at = now()
         FROM builder.site_directory d
         WHERE d.id = c.site_id AND c.id = $1 AND c.site_id = $2
           AND to_timestamp($3::bigint) >= c.tokens_valid_after",
        session.shopper.id,
        session.shopper.site_id,
        session.issued_at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// My account on this shop.
#[utoipa::path(
    get,
    path = "/api/customer/public/{site_slug}/me",
    tag = "accounts",
    security(("shopper_bearer" = []), ("shopper_password" = [])),
    params(("site_slug" = String, Path, description = "The shop's slug")),
    responses((status = 200, description = "The account the token belongs to", body = Customer))
)]
async fn get_me(
    State(state): State<AppState>,
    session: ShopperSession,
    site: PublicSite,
) -> Result<(NoStore, AxumJson<Customer>), ApiError> {
    let session = session.of_site(site.id)?;
    // A valid token of an account that is gone, or that logged out since, is no longer valid.
    let row = current(&state.pool, &session).await?.ok_or_else(ApiError::unauthorized)?;
    Ok((NO_STORE, AxumJson(row.into())))
}

#[tracing::instrument(level = "debug", skip(db))]
pub(crate) async fn current(
    db: impl PgExecutor<'_>,
    session: &ShopperSession,
) -> Result<Option<CustomerRow>, sqlx::Error> {
    sqlx::query_as!(
        CustomerRow,
        r#"SELECT c.id, c.site_id, c.email, c.name, c.default_address AS "default_address: SqlJson<Address>", c.created_at
           FROM customer.customers c
           JOIN builder.site_directory d ON d.id = c.site_id
           WHERE c.id = $1 AND c.site_id = $2 AND to_timestamp($3::bigint) >= c.tokens_valid_after"#,
        session.shopper.id,
        session.shopper.site_id,
        session.issued_at
    )
    .fetch_optional(db)
    .await
}

/// Change my name or default address: absent fields stay, `null` clears.
#[utoipa::path(
    patch,
    path = "/api/customer/public/{site_slug}/me",
    tag = "accounts",
    security(("shopper_bearer" = []), ("shopper_password" = [])),
    params(("site_slug" = String, Path, description = "The shop's slug")),
    request_body = UpdateCustomer,
    responses((status = 200, description = "The changed account", body = Customer))
)]
async fn update_me(
    State(state): State<AppState>,
    session: ShopperSession,
    site: PublicSite,
    Json(body): Json<UpdateCustomer>,
) -> Result<(NoStore, AxumJson<Customer>), ApiError> {
    let session = session.of_site(site.id)?;
    let mut fields = Fields::default();
    let name = match &body.name {
        None => Some(None),
        Some(None) => Some(Some(None)),
        Some(Some(name)) => fields.check("name", parse_name(name)).map(|name| Some(Some(name))),
    };
    let address = match &body.default_address {
        None => Some(None),
        Some(None) => Some(Some(None)),
        Some(Some(address)) => check_address(&mut fields, "default_address", address).map(|a| Some(Some(a))),
    };
    let (Some(name), Some(address)) = (name, address) else {
        return Err(fields.into_error());
    };
    let change = Change { name, address };
    let row = update(&state.pool, &session, &change)
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?
        .ok_or_else(ApiError::unauthorized)?;
    Ok((NO_STORE, AxumJson(row.into())))
}

/// What a PATCH changes: `None` keeps a field, `Some(None)` clears it.
#[derive(Debug)]
struct Change {
    name: Option<Option<String>>,
    address: Option<Option<Address>>,
}

#[tracing::instrument(level = "debug", skip(db, change))]
async fn update(
    db: impl PgExecutor<'_>,
    session: &ShopperSession,
    change: &Change,
) -> Result<Option<CustomerRow>, sqlx::Error> {
    let address = change.address.as_ref().map(|address| address.as_ref().map(SqlJson));
    sqlx::query_as!(
        CustomerRow,
        r#"UPDATE customer.customers c
           SET name = CASE WHEN $4 THEN $5 ELSE c.name END,
               default_address = CASE WHEN $6 THEN $7 ELSE c.default_address END,
               updated_at = now()
           FROM builder.site_directory d
           WHERE d.id = c.site_id AND c.id = $1 AND c.site_id = $2
             AND to_timestamp($3::bigint) >= c.tokens_valid_after
           RETURNING c.id, c.site_id, c.email, c.name, c.default_address AS "default_address: SqlJson<Address>", c.created_at"#,
        session.shopper.id,
        session.shopper.site_id,
        session.issued_at,
        change.name.is_some(),
        change.name.clone().flatten(),
        address.is_some(),
        address.flatten() as _
    )
    .fetch_optional(db)
    .await
}

/// Delete my account. Its orders stay with the shop (with their e-mail); every token of it stops working.
#[utoipa::path(
    delete,
    path = "/api/customer/public/{site_slug}/me",
    tag = "accounts",
    security(("shopper_bearer" = []), ("shopper_password" = [])),
    params(("site_slug" = String, Path, description = "The shop's slug")),
    responses((status = 204, description = "The account is gone"))
)]
async fn delete_me(
    State(state): State<AppState>,
    session: ShopperSession,
    site: PublicSite,
) -> Result<StatusCode, ApiError> {
    let session = session.of_site(site.id)?;
    if remove(&state.pool, &session).await? == 0 {
        return Err(ApiError::unauthorized());
    }
    tracing::info!(site.id = %site.id, customer.id = %session.shopper.id, "customer account deleted");
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(level = "debug", skip(db))]
async fn remove(db: impl PgExecutor<'_>, session: &ShopperSession) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM customer.customers c
         USING builder.site_directory d
         WHERE d.id = c.site_id AND c.id = $1 AND c.site_id = $2
           AND to_timestamp($3::bigint) >= c.tokens_valid_after",
        session.shopper.id,
        session.shopper.site_id,
        session.issued_at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
