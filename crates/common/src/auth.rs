//! Bearer-token verification: every service holds only the builder's public
//! key and checks tokens locally (no call to the builder on a request path).
//!
//! Tokens are Ed25519-signed JWTs (`alg: EdDSA`); anything else — `alg: none`,
//! HMAC with the public key as secret, another key, another issuer or
//! audience, an expired token — is refused with the same 401 answer. The
//! reason goes to the debug log only.

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::{header, request::Parts};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ApiError;

/// The claims of a Vitrine access token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// The user's id.
    pub sub: Uuid,
    /// The user's username, for display.
    pub name: String,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
    /// Who issued it (`JWT_ISSUER`).
    pub iss: String,
    /// Who it is for (`JWT_AUDIENCE`).
    pub aud: String,
}

/// Checks access tokens against the builder's public key.
#[derive(Clone)]
pub struct TokenVerifier {
    inner: Arc<VerifierInner>,
}

struct VerifierInner {
    key: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for TokenVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenVerifier").finish_non_exhaustive()
    }
}

impl TokenVerifier {
    /// A verifier for tokens signed by the Ed25519 key whose public half is
    /// `public_pem` (SPKI PEM), issued by `issuer` for `audience`.
    pub fn from_pem(public_pem: &[u8], issuer: &str, audience: &str) -> Result<Self, jsonwebtoken::errors::Error> {
        let key = DecodingKey::from_ed_pem(public_pem)?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = 30;
        Ok(Self { inner: Arc::new(VerifierInner { key, validation }) })
    }

    /// The claims of `token` if it is valid now.
    pub fn verify(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        jsonwebtoken::decode::<Claims>(token, &self.inner.key, &self.inner.validation).map(|data| data.claims)
    }
}

/// The caller, authenticated by a valid bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    /// The user's id (`sub`).
    pub id: Uuid,
    /// The user's username (`name`).
    pub username: String,
}

impl<S> FromRequestParts<S> for AuthUser
where
    TokenVerifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or_else(|| {
            tracing::debug!("no bearer token");
            ApiError::unauthorized()
        })?;
        let claims = TokenVerifier::from_ref(state).verify(token).map_err(|err| {
            tracing::debug!(error = %err, "token refused");
            ApiError::unauthorized()
        })?;
        Ok(Self { id: claims.sub, username: claims.name })
    }
}

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
pub fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use axum::http::Request;

    use super::*;

    fn parts(authorization: &str) -> Parts {
        Request::builder().header(header::AUTHORIZATION, authorization).body(()).unwrap().into_parts().0
    }

    #[test]
    fn bearer_scheme_is_case_insensitive() {
        assert_eq!(bearer_token(&parts("bearer abc")), Some("abc"));
        assert_eq!(bearer_token(&parts("Bearer  abc ")), Some("abc"));
    }

    #[test]
    fn other_schemes_and_empty_tokens_are_not_bearer_tokens() {
        assert_eq!(bearer_token(&parts("Basic abc")), None);
        assert_eq!(bearer_token(&parts("Bearer ")), None);
        assert_eq!(bearer_token(&parts("Bearer")), None);
    }
}
