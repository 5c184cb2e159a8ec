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
    /// 8 to 128 characters, not blank, not one of the most common passwords.
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
    /// The shop's currency (ISO 4217): the default for new variants and
    /// promotions, and what the storefront's price sort leads with.
    #[schema(example = "EUR", min_length = 3, max_length = 3)]
    pub currency: String,
    /// The shop's language, a BCP 47 tag: the storefront's `lang` and how it
    /// writes money and dates.
    #[schema(example = "fr-FR")]
    pub language: String,
    /// The shop's time zone (IANA): how the dashboard shows and enters dates.
    #[schema(example = "Europe/Paris")]
    pub timezone: String,
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
    /// ISO 4217 code in upper case; `EUR` when absent.
    #[serde(default)]
    #[schema(example = "EUR")]
    pub currency: Option<String>,
    /// One of the supported BCP 47 tags (`en`, `en-US`, `en-GB`, `en-IE`, `fr`,
    /// `fr-FR`, `fr-BE`, `de`, `de-DE`, `es`, `es-ES`, `it`, `it-IT`, `ja`,
    /// `ja-JP`); `en` when absent.
    #[serde(default)]
    #[schema(example = "fr-FR")]
    pub language: Option<String>,
    /// An IANA time zone name; `UTC` when absent.
    #[serde(default)]
    #[schema(example = "Europe/Paris")]
    pub timezone: Option<String>,
}

/// Changes to a site: only the fields sent change. Renaming keeps the slug
/// (the shop's address) unless `slug` is sent too.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct UpdateSite {
    /// 1 to 100 characters after trimming.
    #[serde(default)]
    #[schema(example = "Ma Boutique", min_length = 1, max_length = 100)]
    pub name: Option<String>,
    /// A new address. The old one stops answering and stays reserved to
    /// this merchant for 30 days.
    #[serde(default)]
    #[schema(example = "ma-boutique", max_length = 63, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: Option<String>,
    /// ISO 4217 code in upper case.
    #[serde(default)]
    #[schema(example = "EUR")]
    pub currency: Option<String>,
    /// One of the supported BCP 47 tags.
    #[serde(default)]
    #[schema(example = "fr-FR")]
    pub language: Option<String>,
    /// An IANA time zone name.
    #[serde(default)]
    #[schema(example = "Europe/Paris")]
    pub timezone: Option<String>,
}

/// A password change: the current password, and the new one.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChangePassword {
    /// The password in use now.
    #[schema(format = Password)]
    pub current_password: String,
    /// 8 to 128 characters, not blank, not one of the most common passwords.
    #[schema(min_length = 8, max_length = 128, format = Password)]
    pub new_password: String,
}

/// What anyone may know of a site.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicSite {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub url: String,
    /// ISO 4217.
    pub currency: String,
    /// BCP 47.
    pub language: String,
    /// IANA.
    pub timezone: String,
}
