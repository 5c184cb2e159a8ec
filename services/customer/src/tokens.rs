//! Minting shopper tokens: Ed25519-signed JWTs (EdDSA) with the customer
//! service's own key, audience `vitrine-shopper` and a `site` claim
//! (decision 12). Only this service holds the private key; every other
//! service verifies with the public key alone.

use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use time::OffsetDateTime;
use uuid::Uuid;
use vitrine_common::shopper::{SHOPPER_AUDIENCE, ShopperClaims, ShopperVerifier};

/// Signs shopper tokens.
#[derive(Clone)]
pub struct ShopperSigner {
    inner: Arc<Inner>,
}

struct Inner {
    key: EncodingKey,
    issuer: String,
    ttl: Duration,
}

impl std::fmt::Debug for ShopperSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShopperSigner").field("issuer", &self.inner.issuer).finish_non_exhaustive()
    }
}

/// A freshly signed token and its lifetime in seconds from now.
#[derive(Debug)]
pub struct Issued {
    /// The JWT.
    pub token: String,
    /// Seconds until it expires.
    pub expires_in: u64,
}

impl ShopperSigner {
    /// A signer with the Ed25519 private key `private_pem` (PKCS#8 PEM).
    pub fn from_pem(private_pem: &[u8], issuer: &str, ttl: Duration) -> Result<Self, jsonwebtoken::errors::Error> {
        Ok(Self {
            inner: Arc::new(Inner { key: EncodingKey::from_ed_pem(private_pem)?, issuer: issuer.to_owned(), ttl }),
        })
    }

    /// A token for `customer` on `site`. `valid_from` is the account's
    /// revocation instant (whole seconds): the token's `iat` is never before
    /// it, so a token issued in the second of a logout is not born revoked.
    pub fn issue(&self, customer: Uuid, site: Uuid, valid_from: i64) -> Result<Issued, jsonwebtoken::errors::Error> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let iat = now.max(valid_from);
        let ttl = self.inner.ttl.as_secs();
        let claims = ShopperClaims {
            sub: customer,
            site,
            iat,
            exp: iat.saturating_add_unsigned(ttl),
            iss: self.inner.issuer.clone(),
            aud: SHOPPER_AUDIENCE.to_owned(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims, &self.inner.key)?;
        let expires_in = u64::try_from(claims.exp - now).unwrap_or(ttl);
        Ok(Issued { token, expires_in })
    }

    /// Fails unless `verifier` accepts this signer's tokens (the keys are one pair).
    pub fn check_pair(&self, verifier: &ShopperVerifier) -> anyhow::Result<()> {
        let issued = self.issue(Uuid::nil(), Uuid::nil(), 0)?;
        verifier.verify(&issued.token)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use vitrine_testkit::keys;

    use super::*;

    fn signer() -> ShopperSigner {
        ShopperSigner::from_pem(
            keys::shopper_pair().private_pem.as_bytes(),
            keys::SHOPPER_ISSUER,
            Duration::from_secs(600),
        )
        .expect("the test key")
    }

    #[test]
    fn tokens_carry_the_customer_the_site_and_the_shopper_audience() {
        let (customer, site) = (Uuid::now_v7(), Uuid::now_v7());
        let issued = signer().issue(customer, site, 0).unwrap();
        let claims = keys::shopper_verifier().verify(&issued.token).unwrap();
        assert_eq!((claims.sub, claims.site, claims.aud.as_str()), (customer, site, SHOPPER_AUDIENCE));
        assert_eq!(claims.exp - claims.iat, 600);
        assert_eq!(issued.expires_in, 600);
    }

    #[test]
    fn a_token_issued_after_a_revocation_is_never_dated_before_it() {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let issued = signer().issue(Uuid::now_v7(), Uuid::now_v7(), now + 1).unwrap();
        let claims = keys::shopper_verifier().verify(&issued.token).unwrap();
        assert_eq!(claims.iat, now + 1);
        assert!((600..=601).contains(&issued.expires_in), "{}", issued.expires_in);
    }

    #[test]
    fn keys_that_are_not_one_pair_are_found_out() {
        let other = keys::KeyPair::generate();
        let signer =
            ShopperSigner::from_pem(other.private_pem.as_bytes(), keys::SHOPPER_ISSUER, Duration::from_secs(60))
                .unwrap();
        assert!(signer.check_pair(&keys::shopper_verifier()).is_err());
        assert!(self::signer().check_pair(&keys::shopper_verifier()).is_ok());
    }
}
