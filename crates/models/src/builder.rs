//! Wire types of the builder service: accounts, tokens and sites.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// A merchant account.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct User {
    pub id: Uuid,
    /// As chosen at registration (unique without regard to case).
    #[schema(example = "alice")]
    pub username: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// Credentials, to register or to log in.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Credentials {
    /// 3 to 32 of `A-Z a-z 0-9 _ . -`.
    #[schema(example = "alice", min_length = 3, max_length = 32, pattern = "^[A-Za-z0-9_.-]+$")]
    pub username: String,
    /// 8 to 128 characters.
    #[schema(example = "correct horse battery staple", min_length = 8, max_length = 128, format = Password)]
    pub password: String,
}

/// An OAuth2 "password" grant, as Swagger UI's Authorize dialog sends it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PasswordGrant {
    /// Must be `password`.
    #[schema(pattern = "^password$", example = "password")]
    pub grant_type: String,
    pub username: String,
    pub password: String,
}

/// A bearer token for the `Authorization` header.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    /// An Ed25519-signed JWT.
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the token expires.
    #[schema(example = 3600)]
    pub expires_in: u64,
}

/// A merchant's site (shop).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Site {
    pub id: Uuid,
    #[schema(example = "Ma Super Boutique")]
    pub name: String,
    /// The site's public path segment, unique across all sites.
    #[schema(example = "ma-super-boutique")]
    pub slug: String,
    /// Where the storefront is live.
    #[schema(example = "http://127.0.0.1:8080/site/ma-super-boutique")]
    pub url: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A site to create.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreateSite {
    /// 1 to 100 characters after trimming.
    #[schema(example = "Ma Super Boutique", min_length = 1, max_length = 100)]
    pub name: String,
    /// Optional: the slug to use instead of the one derived from the name
    /// (e.g. the `suggested_slug` of a 409 answer).
    #[serde(default)]
    #[schema(example = "ma-super-boutique-2", max_length = 63, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: Option<String>,
}

/// What anyone may know of a site.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicSite {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub url: String,
}
