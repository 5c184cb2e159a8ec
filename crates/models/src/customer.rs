//! Wire types of the customer service: shopper accounts, one set per site.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// A shopper's account on one site.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Customer {
    pub id: Uuid,
    /// The site the account belongs to.
    pub site_id: Uuid,
    /// As the shopper typed it (trimmed); unique per site without regard to case.
    #[schema(example = "ada@example.com")]
    pub email: String,
    #[schema(example = "Ada Lovelace")]
    pub name: Option<String>,
    /// The shipping address offered at the next checkout.
    pub default_address: Option<Address>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A postal address, as the checkout form takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Who receives the parcel: 1 to 100 characters.
    #[schema(example = "Ada Lovelace", min_length = 1, max_length = 100)]
    pub name: String,
    /// 1 to 200 characters.
    #[schema(example = "12 St James's Square", min_length = 1, max_length = 200)]
    pub line1: String,
    /// Up to 200 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub line2: Option<String>,
    /// 1 to 100 characters.
    #[schema(example = "London", min_length = 1, max_length = 100)]
    pub city: String,
    /// 1 to 20 characters.
    #[schema(example = "SW1Y 4JH", min_length = 1, max_length = 20)]
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, upper case.
    #[schema(example = "GB", pattern = "^[A-Z]{2}$")]
    pub country: String,
}

/// A new account.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Register {
    /// An e-mail address (trimmed; at most 254 characters).
    #[schema(example = "ada@example.com", max_length = 254)]
    pub email: String,
    /// 8 to 128 characters, not only spaces.
    #[schema(example = "correct horse battery staple", min_length = 8, max_length = 128, format = Password)]
    pub password: String,
    /// 1 to 100 characters after trimming; absent or `null` for none.
    #[serde(default)]
    #[schema(example = "Ada Lovelace", min_length = 1, max_length = 100)]
    pub name: Option<String>,
}

/// An e-mail and password, to log in.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Login {
    #[schema(example = "ada@example.com")]
    pub email: String,
    #[schema(example = "correct horse battery staple", format = Password)]
    pub password: String,
}

/// Changes to my account: absent fields stay, `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCustomer {
    /// 1 to 100 characters after trimming; `null` clears it.
    #[serde(default, deserialize_with = "crate::nullable::field", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "Ada King")]
    pub name: Option<Option<String>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "crate::nullable::field", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Address>)]
    pub default_address: Option<Option<Address>>,
}

/// An OAuth2 "password" grant for a shopper, as Swagger UI's Authorize dialog
/// sends it: the e-mail as `username`, the site's slug as `client_id` (in the
/// form, or as the user of an HTTP Basic `Authorization` header).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ShopperPasswordGrant {
    /// Must be `password`.
    #[schema(pattern = "^password$", example = "password")]
    pub grant_type: String,
    /// The account's e-mail.
    #[schema(example = "ada@example.com")]
    pub username: String,
    #[schema(format = Password)]
    pub password: String,
    /// The slug of the site the account is on (or send it as the Basic user).
    #[serde(default)]
    #[schema(example = "ma-super-boutique")]
    pub client_id: Option<String>,
    /// Not used.
    #[serde(default)]
    pub client_secret: Option<String>,
    /// Not used.
    #[serde(default)]
    pub scope: Option<String>,
}
