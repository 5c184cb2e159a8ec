//! Token keys of the all-in-one binary: the configured pair, or a development
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

/// `(private PEM, public PEM)`.
pub fn load_or_generate(config: &Config) -> anyhow::Result<(String, String)> {
    let accounts = &config.accounts;
    let configured = accounts.jwt_private_key.is_some() || accounts.jwt_private_key_file.is_some();
    if configured {
        let private =
            read_pem("JWT_PRIVATE_KEY", accounts.jwt_private_key.as_deref(), accounts.jwt_private_key_file.as_deref())?;
        return Ok((private, config.tokens.public_pem()?));
    }
    let private_path = config.data_dir.join("dev-jwt-private.pem");
    let public_path = config.data_dir.join("dev-jwt-public.pem");
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
