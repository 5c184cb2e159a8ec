//! One Ed25519 key pair per test process, and tokens signed with it.

use std::sync::OnceLock;

use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{EncodePrivateKey as _, EncodePublicKey as _};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use uuid::Uuid;
use vitrine_common::auth::{Claims, TokenVerifier};

/// Issuer and audience the tests use.
pub const ISSUER: &str = "vitrine-test";
/// The audience the tests use.
pub const AUDIENCE: &str = "vitrine-test";

/// A PEM key pair.
#[derive(Debug, Clone)]
pub struct KeyPair {
    /// PKCS#8 private key.
    pub private_pem: String,
    /// SPKI public key.
    pub public_pem: String,
}

impl KeyPair {
    /// A new random key pair.
    pub fn generate() -> Self {
        let key = SigningKey::generate(&mut rand::rngs::OsRng);
        Self {
            private_pem: key.to_pkcs8_pem(LineEnding::LF).expect("encoding a private key").to_string(),
            public_pem: key.verifying_key().to_public_key_pem(LineEnding::LF).expect("encoding a public key"),
        }
    }
}

/// The test process's key pair.
pub fn pair() -> &'static KeyPair {
    static PAIR: OnceLock<KeyPair> = OnceLock::new();
    PAIR.get_or_init(KeyPair::generate)
}

/// The token settings of every service under test: the test key pair, issuer and audience.
pub fn token_config() -> vitrine_common::config::TokenConfig {
    vitrine_common::config::TokenConfig {
        jwt_public_key: Some(pair().public_pem.clone()),
        jwt_public_key_file: None,
        jwt_issuer: ISSUER.to_owned(),
        jwt_audience: AUDIENCE.to_owned(),
    }
}

/// A verifier for the test key pair.
pub fn verifier() -> TokenVerifier {
    TokenVerifier::from_pem(pair().public_pem.as_bytes(), ISSUER, AUDIENCE).expect("test public key")
}

/// Claims valid for an hour from now.
pub fn claims_for(user: Uuid, name: &str) -> Claims {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    Claims {
        sub: user,
        name: name.to_owned(),
        iat: now,
        exp: now + 3600,
        iss: ISSUER.to_owned(),
        aud: AUDIENCE.to_owned(),
    }
}

/// Signs `claims` with `private_pem` (EdDSA).
pub fn sign(claims: &Claims, private_pem: &str) -> String {
    let key = EncodingKey::from_ed_pem(private_pem.as_bytes()).expect("test private key");
    jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), claims, &key).expect("signing a token")
}

/// A valid token for `user`.
pub fn token_for(user: Uuid, name: &str) -> String {
    sign(&claims_for(user, name), &pair().private_pem)
}

/// The issuer of the tests' shopper tokens.
pub const SHOPPER_ISSUER: &str = "vitrine-test";

/// The test process's shopper key pair (the customer service's, in tests).
pub fn shopper_pair() -> &'static KeyPair {
    static PAIR: OnceLock<KeyPair> = OnceLock::new();
    PAIR.get_or_init(KeyPair::generate)
}

/// A verifier for the tests' shopper tokens.
pub fn shopper_verifier() -> vitrine_common::shopper::ShopperVerifier {
    vitrine_common::shopper::ShopperVerifier::from_pem(shopper_pair().public_pem.as_bytes(), SHOPPER_ISSUER)
        .expect("test shopper public key")
}

/// Shopper claims for `customer` on `site`, valid for an hour from now.
pub fn shopper_claims_for(customer: Uuid, site: Uuid) -> vitrine_common::shopper::ShopperClaims {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    vitrine_common::shopper::ShopperClaims {
        sub: customer,
        site,
        iat: now,
        exp: now + 3600,
        iss: SHOPPER_ISSUER.to_owned(),
        aud: vitrine_common::shopper::SHOPPER_AUDIENCE.to_owned(),
    }
}

/// A valid shopper token for `customer` on `site`, signed with the shopper key pair.
pub fn shopper_token_for(customer: Uuid, site: Uuid) -> String {
    let key = EncodingKey::from_ed_pem(shopper_pair().private_pem.as_bytes()).expect("test shopper private key");
    jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &shopper_claims_for(customer, site), &key)
        .expect("signing a shopper token")
}
