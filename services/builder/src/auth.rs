//! Accounts and access tokens: register, log in (JSON, or the OAuth2 password
//! grant Swagger's "Authorize" dialog sends), and who am I.

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Form, Json as AxumJson};
use secrecy::SecretString;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::auth::AuthUser;
use vitrine_common::resource::{Created, created, on_constraint};
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Json};
use vitrine_models::builder::{ChangePassword, Credentials, PasswordGrant, TokenResponse, User};

use crate::domain::{Password, Username};
use crate::{AppState, Error};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(token))
        .routes(routes!(me))
        .routes(routes!(logout))
        .routes(routes!(change_password))
        // Token answers (and account details) are never kept by a cache or the browser.
        .layer(axum::middleware::map_response(vitrine_common::auth::no_store))
}

struct UserRow {
    id: Uuid,
    username: String,
    created_at: OffsetDateTime,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        Self { id: row.id, username: row.username, created_at: row.created_at }
    }
}

/// Create a merchant account.
#[utoipa::path(
    post,
    path = "/api/builder/auth/register",
    tag = "auth",
    request_body = Credentials,
    responses(
        (status = 201, description = "Account created", body = User, headers(("location" = String, description = "Where the account is read once logged in: `/api/builder/auth/me`"))),
        (status = 409, description = "Username taken (without regard to case)", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn register(State(state): State<AppState>, Json(body): Json<Credentials>) -> Result<Created<User>, ApiError> {
    let mut fields = Fields::default();
    let username = fields.check("username", Username::parse(&body.username));
    let password = fields.check("password", Password::parse_for(&body.password, &body.username));
    let (Some(username), Some(password)) = (username, password) else {
        return Err(fields.into_error());
    };
    let hash = state.passwords.hash(password.into_secret()).await?;
    let user = insert_user(&state.pool, Uuid::now_v7(), &username, &hash)
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    tracing::info!(user.id = %user.id, "account created");
    Ok(created("/api/builder/auth/me".to_owned(), user.into()))
}

#[tracing::instrument(level = "debug", skip(db, hash))]
async fn insert_user(
    db: impl PgExecutor<'_>,
    id: Uuid,
    username: &Username,
    hash: &str,
) -> Result<UserRow, sqlx::Error> {
    sqlx::query_as!(
        UserRow,
        "INSERT INTO builder.users (id, username, password_hash) VALUES ($1, $2, $3)
         RETURNING id, username, created_at",
        id,
        username.as_str(),
        hash
    )
    .fetch_one(db)
    .await
}

/// Exchange a username and password for an access token.
///
/// Unknown usernames and wrong passwords get the same answer, in the same time.
#[utoipa::path(
    post,
    path = "/api/builder/auth/login",
    tag = "auth",
    request_body = Credentials,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "Unknown username or wrong password", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn login(
    State(state): State<AppState>,
    Json(body): Json<Credentials>,
) -> Result<AxumJson<TokenResponse>, ApiError> {
    authenticate(&state, &body.username, body.password).await.map(AxumJson)
}

/// OAuth2 password grant (RFC 6749 §4.3), for Swagger UI's "Authorize" dialog.
#[utoipa::path(
    post,
    path = "/api/builder/auth/token",
    tag = "auth",
    request_body(content = PasswordGrant, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 400, description = "grant_type is not `password`, or the form is malformed", body = vitrine_models::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Unknown username or wrong password", body = vitrine_models::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not a form", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn token(
    State(state): State<AppState>,
    form: Result<Form<PasswordGrant>, axum::extract::rejection::FormRejection>,
) -> Result<AxumJson<TokenResponse>, ApiError> {
    let Form(grant) = form.map_err(|rejection| {
        if rejection.status() == StatusCode::UNSUPPORTED_MEDIA_TYPE {
            Error::TokenRequestNotAForm
        } else {
            Error::InvalidTokenRequest
        }
    })?;
    if grant.grant_type != "password" {
        return Err(Error::UnsupportedGrantType.into());
    }
    authenticate(&state, &grant.username, grant.password).await.map(AxumJson)
}

async fn authenticate(state: &AppState, username: &str, password: String) -> Result<TokenResponse, ApiError> {
    // Trimmed as at registration: " alice" typed on a phone is alice.
    let username = username.trim();
    // Over-long input cannot be a real password: refuse it before paying for a hash.
    if password.chars().count() > Password::MAX || username.len() > 64 {
        return Err(Error::InvalidCredentials.into());
    }
    let account = find_credentials(&state.pool, username).await?;
    let (id, name, hash) = match account {
        Some(row) => (Some(row.id), row.username, Some(row.password_hash)),
        None => (None, String::new(), None),
    };
    let valid = state.passwords.verify(SecretString::from(password), hash).await?;
    let id = id.filter(|_| valid).ok_or(Error::InvalidCredentials)?;
    let (access_token, expires_in) = state.signer.issue(id, &name).map_err(|err| {
        tracing::error!(error = %err, "cannot sign an access token");
        ApiError::internal()
    })?;
    Ok(TokenResponse { access_token, token_type: "Bearer".to_owned(), expires_in })
}

struct CredentialRow {
    id: Uuid,
    username: String,
    password_hash: String,
}

#[tracing::instrument(level = "debug", skip(db))]
async fn find_credentials(db: impl PgExecutor<'_>, username: &str) -> Result<Option<CredentialRow>, sqlx::Error> {
    sqlx::query_as!(
        CredentialRow,
        "SELECT id, username, password_hash FROM builder.users WHERE lower(username) = lower($1)",
        username
    )
    .fetch_optional(db)
    .await
}

/// The account the token belongs to.
#[utoipa::path(
    get,
    path = "/api/builder/auth/me",
    tag = "auth",
    security(("bearer" = []), ("password" = [])),
    responses((status = 200, description = "The caller's account", body = User))
)]
async fn me(State(state): State<AppState>, user: AuthUser) -> Result<AxumJson<User>, ApiError> {
    ensure_current(&state.pool, &user).await?;
    let row = sqlx::query_as!(UserRow, "SELECT id, username, created_at FROM builder.users WHERE id = $1", user.id)
        .fetch_optional(&state.pool)
        .await?
        // A valid token for an account that no longer exists is no longer valid.
        .ok_or(Error::AccountGone)?;
    Ok(AxumJson(row.into()))
}

/// Refuses (401) a token issued before its user's last logout.
pub(crate) async fn ensure_current(db: impl PgExecutor<'_>, user: &AuthUser) -> Result<(), ApiError> {
    let current = sqlx::query_scalar!(
        r#"SELECT tokens_valid_after <= to_timestamp($2::bigint) AS "current!" FROM builder.users WHERE id = $1"#,
        user.id,
        user.issued_at
    )
    .fetch_optional(db)
    .await?;
    if current == Some(true) {
        Ok(())
    } else {
        tracing::debug!("token revoked or its user is gone");
        Err(ApiError::unauthorized())
    }
}

/// Log out everywhere: every token issued until now is refused from now on,
/// by every service (they read the cut-off through `builder.site_directory`).
/// Also the answer to a leaked token. A token issued in the same second as the
/// logout is refused too; log in again a second later.
#[utoipa::path(
    post,
    path = "/api/builder/auth/logout",
    tag = "auth",
    security(("bearer" = []), ("password" = [])),
    responses((status = 204, description = "Every token issued until now is revoked"))
)]
async fn logout(State(state): State<AppState>, user: AuthUser) -> Result<StatusCode, ApiError> {
    ensure_current(&state.pool, &user).await?;
    sqlx::query!("UPDATE builder.users SET tokens_valid_after = now() WHERE id = $1", user.id)
        .execute(&state.pool)
        .await?;
    tracing::info!(user.id = %user.id, "logged out: tokens revoked");
    Ok(StatusCode::NO_CONTENT)
}

/// Change my password: the current one, then the new one (the same rules as at
/// registration). Every other session ends: tokens issued before the change
/// are refused from now on, by every service, as after a logout (a password is
/// changed because it may have leaked, and so may a token). The answer is a
/// fresh token, so the session that made the change goes on.
#[utoipa::path(
    post,
    path = "/api/builder/auth/password",
    tag = "auth",
    security(("bearer" = []), ("password" = [])),
    request_body = ChangePassword,
    responses(
        (status = 200, description = "Changed; every earlier token is revoked and this one replaces it", body = TokenResponse),
        (status = 422, description = "`current_password` is wrong, or `new_password` is too short, blank or too common", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn change_password(
    State(state): State<AppState>,
    user: AuthUser,
    Json(body): Json<ChangePassword>,
) -> Result<AxumJson<TokenResponse>, ApiError> {
    ensure_current(&state.pool, &user).await?;
    let account =
        sqlx::query_as!(CredentialRow, "SELECT id, username, password_hash FROM builder.users WHERE id = $1", user.id)
            .fetch_optional(&state.pool)
            .await?
            .ok_or(Error::AccountGone)?;
    let mut fields = Fields::default();
    let new_password = fields.check("new_password", Password::parse_for(&body.new_password, &account.username));
    // Over-long input cannot be the current password: no hash is paid for it.
    let current_ok = body.current_password.chars().count() <= Password::MAX
        && state
            .passwords
            .verify(SecretString::from(body.current_password), Some(account.password_hash.clone()))
            .await?;
    if !current_ok {
        fields.push("current_password", "is not your current password");
    }
    let (Some(new_password), true) = (new_password, current_ok) else {
        return Err(fields.into_error());
    };
    let hash = state.passwords.hash(new_password.into_secret()).await?;
    // Only if the password is still the one just checked (no change raced
    // this one); the cut-off is the start of this second, so the token
    // minted below (whose `iat` is in whole seconds) is valid and every token
    // of an earlier second is not.
    let changed = sqlx::query!(
        "UPDATE builder.users
         SET password_hash = $3, tokens_valid_after = date_trunc('second', now())
         WHERE id = $1 AND password_hash = $2",
        account.id,
        account.password_hash,
        hash
    )
    .execute(&state.pool)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::conflict("current_password", "the password was changed meanwhile: sign in again"));
    }
    let (access_token, expires_in) = state.signer.issue(account.id, &account.username).map_err(|err| {
        tracing::error!(error = %err, "cannot sign an access token");
        ApiError::internal()
    })?;
    tracing::info!(user.id = %account.id, "password changed: earlier tokens revoked");
    Ok(AxumJson(TokenResponse { access_token, token_type: "Bearer".to_owned(), expires_in }))
}
