//! Bearer-token verification: every service holds only the builder's public
//! key and checks tokens locally (no call to the builder on a request path).
//!
//! Tokens are Ed25519-signed JWTs (`alg: EdDSA`); anything else — `alg: none`,
//! HMAC with the public key as secret, another key, another issuer or
//! audience, an expired token, a token not valid yet (`nbf`), one issued in
//! the future or longer ago than [`MAX_TOKEN_AGE_SECS`] (`iat`), one whose
//! header names `crit` extensions — is refused with the same 401 answer. The
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
        Ok(Self { inner: Arc::new(VerifierInner { key, validation: validation(issuer, audience) }) })
    }

    /// The claims of `token` if it is valid now.
    pub fn verify(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        refuse_crit(token)?;
        let claims = jsonwebtoken::decode::<Claims>(token, &self.inner.key, &self.inner.validation)?.claims;
        check_age(claims.iat)?;
        Ok(claims)
    }
}

/// The longest a token is accepted after it was issued (`iat`), whatever its
/// `exp` says: the longest lifetime the builder can be configured to give.
pub const MAX_TOKEN_AGE_SECS: i64 = 86_400;

/// Clock skew tolerated between the signer and the verifiers, in seconds.
const LEEWAY_SECS: u64 = 30;

/// What every Vitrine token must satisfy: EdDSA, this issuer and audience,
/// the registered claims present, `exp` and (when present) `nbf` checked.
pub(crate) fn validation(issuer: &str, audience: &str) -> Validation {
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[audience]);
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    validation.validate_nbf = true;
    validation.leeway = LEEWAY_SECS;
    validation
}

/// Refuses a token whose header has `crit`: it names extensions the verifier
/// must understand to accept the token (RFC 7515 §4.1.11), and Vitrine
/// understands none. jsonwebtoken ignores unknown header members.
pub(crate) fn refuse_crit(token: &str) -> Result<(), jsonwebtoken::errors::Error> {
    use base64::Engine as _;
    let invalid = || jsonwebtoken::errors::Error::from(jsonwebtoken::errors::ErrorKind::InvalidToken);
    let header = token.split('.').next().ok_or_else(invalid)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(header).map_err(|_| invalid())?;
    let header: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if header.contains_key("crit") { Err(invalid()) } else { Ok(()) }
}

/// Refuses a token issued in the future, or longer ago than [`MAX_TOKEN_AGE_SECS`].
pub(crate) fn check_age(iat: i64) -> Result<(), jsonwebtoken::errors::Error> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let leeway = i64::try_from(LEEWAY_SECS).unwrap_or(0);
    if iat > now + leeway {
        return Err(jsonwebtoken::errors::ErrorKind::ImmatureSignature.into());
    }
    if now - iat > MAX_TOKEN_AGE_SECS + leeway {
        return Err(jsonwebtoken::errors::ErrorKind::ExpiredSignature.into());
    }
    Ok(())
}

/// Marks an answer as never to be stored by a cache or a browser
/// (`Cache-Control: no-store`): for answers that carry tokens (RFC 6749 §5.1).
pub async fn no_store(mut response: axum::response::Response) -> axum::response::Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, axum::http::HeaderValue::from_static("no-cache"));
    response
}

/// The caller, authenticated by a valid bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    /// The user's id (`sub`).
    pub id: Uuid,
    /// The user's username (`name`).
    pub username: String,
    /// When the token was issued (`iat`, seconds since the epoch): a token
    /// issued before its user's `tokens_valid_after` (logout) is refused where
    /// the user is looked up (the builder; [`crate::sites::OwnedSite`]).
    pub issued_at: i64,
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
        Ok(Self { id: claims.sub, username: claims.name, issued_at: claims.iat })
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

    mod signed {
        use base64::Engine as _;
        use ed25519_dalek::Signer as _;
        use ed25519_dalek::pkcs8::EncodePublicKey as _;
        use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
        use serde_json::json;

        use super::super::*;

        fn b64(bytes: &[u8]) -> String {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        }

        /// A token signed by `key` with exactly this header and these claims.
        fn token(key: &ed25519_dalek::SigningKey, header: &serde_json::Value, claims: &serde_json::Value) -> String {
            let input = format!("{}.{}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()));
            let signature = key.sign(input.as_bytes());
            format!("{input}.{}", b64(&signature.to_bytes()))
        }

        fn setup() -> (ed25519_dalek::SigningKey, TokenVerifier) {
            let key = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
            let public = key.verifying_key().to_public_key_pem(LineEnding::LF).unwrap();
            let verifier = TokenVerifier::from_pem(public.as_bytes(), "vitrine", "vitrine").unwrap();
            (key, verifier)
        }

        fn claims(iat_offset: i64, exp_offset: i64) -> serde_json::Value {
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            json!({"sub": uuid::Uuid::now_v7(), "name": "alice", "iat": now + iat_offset, "exp": now + exp_offset,
                   "iss": "vitrine", "aud": "vitrine"})
        }

        #[test]
        fn a_well_formed_token_is_accepted() {
            let (key, verifier) = setup();
            let header = json!({"alg": "EdDSA", "typ": "JWT"});
            assert!(verifier.verify(&token(&key, &header, &claims(0, 3600))).is_ok());
        }

        #[test]
        fn tokens_not_valid_yet_issued_in_the_future_or_too_old_are_refused() {
            let (key, verifier) = setup();
            let header = json!({"alg": "EdDSA", "typ": "JWT"});
            let mut not_yet = claims(0, 3600);
            not_yet["nbf"] = json!(time::OffsetDateTime::now_utc().unix_timestamp() + 600);
            assert!(verifier.verify(&token(&key, &header, &not_yet)).is_err(), "nbf in 10 minutes");
            assert!(verifier.verify(&token(&key, &header, &claims(600, 3600))).is_err(), "iat in 10 minutes");
            let old = claims(-(MAX_TOKEN_AGE_SECS + 3600), 3600);
            assert!(verifier.verify(&token(&key, &header, &old)).is_err(), "issued 25 h ago, exp still ahead");
        }

        #[test]
        fn a_header_with_critical_extensions_is_refused() {
            let (key, verifier) = setup();
            let header = json!({"alg": "EdDSA", "typ": "JWT", "crit": ["exp-ext"], "exp-ext": true});
            assert!(verifier.verify(&token(&key, &header, &claims(0, 3600))).is_err());
        }
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
