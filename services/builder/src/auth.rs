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
use vitrine_models::builder::{Credentials, PasswordGrant, TokenResponse, User};

use crate::domain::{Password, Username};
use crate::{AppState, Error};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(register)).routes(routes!(login)).routes(routes!(token)).routes(routes!(me))
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
    let password = fields.check("password", Password::parse(&body.password));
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

#[tracing::instrument(skip(db, hash))]
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

#[tracing::instrument(skip(db))]
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
    let row = sqlx::query_as!(UserRow, "SELECT id, username, created_at FROM builder.users WHERE id = $1", user.id)
        .fetch_optional(&state.pool)
        .await?
        // A valid token for an account that no longer exists is no longer valid.
        .ok_or(Error::AccountGone)?;
    Ok(AxumJson(row.into()))
}
