//! Minting access tokens: Ed25519-signed JWTs (EdDSA). Only the builder holds
//! the private key; every service verifies with the public key alone.

use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use time::OffsetDateTime;
use uuid::Uuid;
use vitrine_common::auth::{Claims, TokenVerifier};

/// Signs access tokens.
#[derive(Clone)]
pub struct TokenSigner {
    inner: Arc<Inner>,
}

struct Inner {
    key: EncodingKey,
    issuer: String,
    audience: String,
    ttl: Duration,
}

impl std::fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSigner").field("issuer", &self.inner.issuer).finish_non_exhaustive()
    }
}

impl TokenSigner {
    /// A signer with the Ed25519 private key `private_pem` (PKCS#8 PEM).
    pub fn from_pem(
        private_pem: &[u8],
        issuer: &str,
        audience: &str,
        ttl: Duration,
    ) -> Result<Self, jsonwebtoken::errors::Error> {
        Ok(Self {
            inner: Arc::new(Inner {
                key: EncodingKey::from_ed_pem(private_pem)?,
                issuer: issuer.to_owned(),
                audience: audience.to_owned(),
                ttl,
            }),
        })
    }

    /// A token for `user`, and its lifetime in seconds.
    pub fn issue(&self, user: Uuid, username: &str) -> Result<(String, u64), jsonwebtoken::errors::Error> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let ttl = self.inner.ttl.as_secs();
        let claims = Claims {
            sub: user,
            name: username.to_owned(),
            iat: now,
            exp: now.saturating_add_unsigned(ttl),
            iss: self.inner.issuer.clone(),
            aud: self.inner.audience.clone(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims, &self.inner.key)?;
        Ok((token, ttl))
    }

    /// Fails unless `verifier` accepts this signer's tokens (the keys are one pair).
    pub fn check_pair(&self, verifier: &TokenVerifier) -> anyhow::Result<()> {
        let (token, _) = self.issue(Uuid::nil(), "key-pair-check")?;
        verifier.verify(&token)?;
        Ok(())
    }
}
