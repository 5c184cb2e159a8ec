//! Token keys of the all-in-one binary, for merchants (the builder's) and for
//! shoppers (the customer service's): the configured pair, or a development
//! pair generated once into the data folder (so tokens survive a restart).

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

use anyhow::Context as _;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{EncodePrivateKey as _, EncodePublicKey as _};
use vitrine_common::config::read_pem;

use crate::config::Config;

/// `(private PEM, public PEM)` of the merchant tokens (the builder's pair).
pub fn load_or_generate(config: &Config) -> anyhow::Result<(String, String)> {
    load_or_generate_pair(
        config,
        (
            "JWT_PRIVATE_KEY",
            config.accounts.jwt_private_key.as_deref(),
            config.accounts.jwt_private_key_file.as_deref(),
        ),
        ("JWT_PUBLIC_KEY", config.tokens.jwt_public_key.as_deref(), config.tokens.jwt_public_key_file.as_deref()),
        "dev-jwt",
    )
}

/// `(private PEM, public PEM)` of the shopper tokens (the customer service's pair):
/// another key than the merchants', so neither token can pass for the other.
pub fn load_or_generate_shopper(config: &Config) -> anyhow::Result<(String, String)> {
    load_or_generate_pair(
        config,
        (
            "SHOPPER_JWT_PRIVATE_KEY",
            config.shopper_signing.shopper_jwt_private_key.as_deref(),
            config.shopper_signing.shopper_jwt_private_key_file.as_deref(),
        ),
        (
            "SHOPPER_JWT_PUBLIC_KEY",
            config.shopper_tokens.shopper_jwt_public_key.as_deref(),
            config.shopper_tokens.shopper_jwt_public_key_file.as_deref(),
        ),
        "dev-shopper-jwt",
    )
}

/// A setting given inline or as a file: `(NAME, inline, file)`.
type PemSetting<'a> = (&'a str, Option<&'a str>, Option<&'a Path>);

/// The configured pair, or the development pair `<stem>-private.pem` /
/// `<stem>-public.pem` in the data folder (made on first use).
fn load_or_generate_pair(
    config: &Config,
    private: PemSetting<'_>,
    public: PemSetting<'_>,
    stem: &str,
) -> anyhow::Result<(String, String)> {
    if private.1.is_some() || private.2.is_some() {
        return Ok((read_pem(private.0, private.1, private.2)?, read_pem(public.0, public.1, public.2)?));
    }
    let private_path = config.data_dir.join(format!("{stem}-private.pem"));
    let public_path = config.data_dir.join(format!("{stem}-public.pem"));
    if !private_path.exists() {
        generate(&private_path, &public_path)?;
        tracing::info!(path = %private_path.display(), "generated a development token key pair");
    }
    let private = fs::read_to_string(&private_path).with_context(|| format!("reading {}", private_path.display()))?;
    let public = fs::read_to_string(&public_path).with_context(|| format!("reading {}", public_path.display()))?;
    Ok((private, public))
}

fn generate(private_path: &Path, public_path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = private_path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    let private = key.to_pkcs8_pem(LineEnding::LF).context("encoding the private key")?;
    let public = key.verifying_key().to_public_key_pem(LineEnding::LF).context("encoding the public key")?;
    fs::write(private_path, private.as_bytes())?;
    fs::set_permissions(private_path, fs::Permissions::from_mode(0o600))?;
    fs::write(public_path, public)?;
    Ok(())
}
