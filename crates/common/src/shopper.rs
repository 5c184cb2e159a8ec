//! Shopper tokens (decision 12): signed by the customer service with its own
//! Ed25519 key, audience [`SHOPPER_AUDIENCE`], and a `site` claim. Every
//! other service holds only the customer service's public key and verifies
//! locally, exactly as merchant tokens are verified (see [`crate::auth`]).
//!
//! A merchant token is never a shopper token (another key and audience), a
//! shopper token never a merchant token, and a shopper token of one site is
//! refused on every other site ([`Shopper::of_site`]): each refusal is the same
//! 401 with `WWW-Authenticate: Bearer`, the reason in the debug log only.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::{header, request::Parts};
use jsonwebtoken::{DecodingKey, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ApiError;
use crate::config::read_pem;

/// The `aud` of every shopper token; merchant tokens carry another.
pub const SHOPPER_AUDIENCE: &str = "vitrine-shopper";

/// The claims of a shopper token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ShopperClaims {
    /// The customer's id.
    pub sub: Uuid,
    /// The site the account belongs to: the token is valid there only.
    pub site: Uuid,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
    /// Who issued it (`SHOPPER_JWT_ISSUER`).
    pub iss: String,
    /// Always [`SHOPPER_AUDIENCE`].
    pub aud: String,
}

/// Checks shopper tokens against the customer service's public key.
#[derive(Clone)]
pub struct ShopperVerifier {
    inner: Arc<(DecodingKey, Validation)>,
}

impl std::fmt::Debug for ShopperVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShopperVerifier").finish_non_exhaustive()
    }
}

impl ShopperVerifier {
    /// A verifier for shopper tokens signed by the Ed25519 key whose public
    /// half is `public_pem` (SPKI PEM), issued by `issuer`.
    pub fn from_pem(public_pem: &[u8], issuer: &str) -> Result<Self, jsonwebtoken::errors::Error> {
        let key = DecodingKey::from_ed_pem(public_pem)?;
        // The same rules as merchant tokens (nbf, crit, iat age), another audience.
        Ok(Self { inner: Arc::new((key, crate::auth::validation(issuer, SHOPPER_AUDIENCE))) })
    }

    /// The claims of `token` if it is a valid shopper token now.
    pub fn verify(&self, token: &str) -> Result<ShopperClaims, jsonwebtoken::errors::Error> {
        let (key, validation) = &*self.inner;
        crate::auth::refuse_crit(token)?;
        let claims = jsonwebtoken::decode::<ShopperClaims>(token, key, validation)?.claims;
        crate::auth::check_age(claims.iat)?;
        Ok(claims)
    }
}

/// How shopper tokens are verified (every service that accepts them).
#[derive(Debug, Clone, clap::Args)]
pub struct ShopperTokenConfig {
    /// The customer service's Ed25519 public key (SPKI PEM). Or set SHOPPER_JWT_PUBLIC_KEY_FILE.
    #[arg(long, env = "SHOPPER_JWT_PUBLIC_KEY", hide_env_values = true)]
    pub shopper_jwt_public_key: Option<String>,
    /// A file holding the customer service's public key (PEM), instead of SHOPPER_JWT_PUBLIC_KEY.
    #[arg(long, env = "SHOPPER_JWT_PUBLIC_KEY_FILE")]
    pub shopper_jwt_public_key_file: Option<PathBuf>,
    /// The `iss` claim shopper tokens carry.
    #[arg(long, env = "SHOPPER_JWT_ISSUER", default_value = "vitrine")]
    pub shopper_jwt_issuer: String,
}

impl ShopperTokenConfig {
    /// The public key PEM, from SHOPPER_JWT_PUBLIC_KEY or SHOPPER_JWT_PUBLIC_KEY_FILE.
    pub fn public_pem(&self) -> anyhow::Result<String> {
        read_pem(
            "SHOPPER_JWT_PUBLIC_KEY",
            self.shopper_jwt_public_key.as_deref(),
            self.shopper_jwt_public_key_file.as_deref(),
        )
    }

    /// The verifier these settings describe.
    pub fn verifier(&self) -> anyhow::Result<ShopperVerifier> {
        let pem = self.public_pem()?;
        ShopperVerifier::from_pem(pem.as_bytes(), &self.shopper_jwt_issuer)
            .context("SHOPPER_JWT_PUBLIC_KEY: not an Ed25519 public key in PEM (SPKI) form")
    }
}

/// A signed-in shopper, authenticated by a valid shopper token.
///
/// The token's site is not checked here (the extractor does not know the
/// path's site): handlers call [`Shopper::of_site`] with the site they serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shopper {
    /// The customer's id (`sub`).
    pub id: Uuid,
    /// The site the token is for (`site`).
    pub site_id: Uuid,
    /// When the token was issued (`iat`, seconds since the epoch): a reader of
    /// `customer.customer_directory` refuses it when the account revoked its
    /// tokens since (`to_timestamp(iat) >= tokens_valid_after`).
    pub issued_at: i64,
}

impl Shopper {
    /// This shopper if the token is for `site_id`, else the 401 every other refusal gets.
    pub fn of_site(self, site_id: Uuid) -> Result<Self, ApiError> {
        if self.site_id == site_id {
            Ok(self)
        } else {
            tracing::debug!(token_site = %self.site_id, %site_id, "shopper token of another site");
            Err(ApiError::unauthorized())
        }
    }
}

impl<S> FromRequestParts<S> for Shopper
where
    ShopperVerifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = crate::auth::bearer_token(parts).ok_or_else(|| {
            tracing::debug!("no bearer token");
            ApiError::unauthorized()
        })?;
        let claims = ShopperVerifier::from_ref(state).verify(token).map_err(|err| {
            tracing::debug!(error = %err, "shopper token refused");
            ApiError::unauthorized()
        })?;
        Ok(Self { id: claims.sub, site_id: claims.site, issued_at: claims.iat })
    }
}

/// A shopper token if one is sent: `None` without an `Authorization` header,
/// the 401 if one is sent and is not a valid shopper token (a bad token is
/// never silently treated as a guest).
#[derive(Debug, Clone, Copy)]
pub struct MaybeShopper(pub Option<Shopper>);

impl MaybeShopper {
    /// The shopper, checked against `site_id` (see [`Shopper::of_site`]).
    pub fn of_site(self, site_id: Uuid) -> Result<Option<Shopper>, ApiError> {
        self.0.map(|shopper| shopper.of_site(site_id)).transpose()
    }
}

impl<S> FromRequestParts<S> for MaybeShopper
where
    ShopperVerifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if !parts.headers.contains_key(header::AUTHORIZATION) {
            return Ok(Self(None));
        }
        Shopper::from_request_parts(parts, state).await.map(|shopper| Self(Some(shopper)))
    }
}
