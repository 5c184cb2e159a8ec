//! What the builder's test files share: its settings with the test keys, and
//! its app (with the shared HTTP stack) on a fresh database.

#![allow(dead_code)]

use vitrine_builder::Config;
use vitrine_builder::config::AccountConfig;
use vitrine_common::config::PublicUrlConfig;
use vitrine_testkit::{TestClient, TestDb, keys};

/// The public URL sites are given in these tests.
pub const PUBLIC_URL: &str = "https://shops.example.com";

/// The builder's settings: the test key pair, `hashing` passwords at once.
pub fn config(hashing: usize) -> Config {
    Config {
        tokens: keys::token_config(),
        accounts: AccountConfig {
            jwt_private_key: Some(keys::pair().private_pem.clone()),
            jwt_private_key_file: None,
            token_ttl_secs: 3600,
            password_hash_concurrency: hashing,
        },
        public: PublicUrlConfig { public_url: PUBLIC_URL.to_owned() },
    }
}

/// The builder app on a fresh database.
pub async fn builder() -> (TestClient, TestDb) {
    let db = TestDb::new().await;
    let state = config(2).state(db.pool_for(vitrine_builder::DB)).expect("builder state");
    (vitrine_testkit::service::stacked(vitrine_builder::app(state)), db)
}
