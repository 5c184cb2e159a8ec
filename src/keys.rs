//! Token keys of the all-in-one binary, for merchants (the builder's) and for
//! shoppers (the customer service's): the configured pair, or a development
//! pair generated once into the data folder (so tokens survive a restart).
//!
//! The data folder is private (created `0700`, refused when it is a link or
//! another user's), and the key files are created new with their final mode,
//! never through a link: no other user of the host can plant or read them.

use std::io::Read as _;
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
        &config.data_dir,
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
        &config.data_dir,
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
    data_dir: &Path,
    private: PemSetting<'_>,
    public: PemSetting<'_>,
    stem: &str,
) -> anyhow::Result<(String, String)> {
    if private.1.is_some() || private.2.is_some() {
        return Ok((read_pem(private.0, private.1, private.2)?, read_pem(public.0, public.1, public.2)?));
    }
    dev_pair(data_dir, stem)
}

/// The development pair `<stem>-*.pem` kept in `data_dir`, generated on first use.
fn dev_pair(data_dir: &Path, stem: &str) -> anyhow::Result<(String, String)> {
    vitrine_localdb::private_dir(data_dir)?;
    let private_path = data_dir.join(format!("{stem}-private.pem"));
    let public_path = data_dir.join(format!("{stem}-public.pem"));
    if std::fs::symlink_metadata(&private_path).is_err() {
        generate(&private_path, &public_path)?;
        tracing::info!(path = %private_path.display(), "generated a development token key pair");
    }
    Ok((read(&private_path)?, read(&public_path)?))
}

fn read(path: &Path) -> anyhow::Result<String> {
    let mut text = String::new();
    vitrine_localdb::open_no_follow(path)
        .and_then(|mut file| file.read_to_string(&mut text))
        .with_context(|| format!("reading {}", path.display()))?;
    Ok(text)
}

fn generate(private_path: &Path, public_path: &Path) -> anyhow::Result<()> {
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    let private = key.to_pkcs8_pem(LineEnding::LF).context("encoding the private key")?;
    let public = key.verifying_key().to_public_key_pem(LineEnding::LF).context("encoding the public key")?;
    // A public key left by an earlier, interrupted generation is replaced (removing a link removes the link).
    let _ = std::fs::remove_file(public_path);
    vitrine_localdb::write_new(private_path, private.as_bytes(), 0o600)?;
    vitrine_localdb::write_new(public_path, public.as_bytes(), 0o644)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::os::unix::fs::MetadataExt as _;

    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("vitrine-keys-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn the_dev_pair_is_made_private_and_reused() {
        let dir = scratch("pair");
        let (private, public) = dev_pair(&dir, "dev-jwt").unwrap();
        assert!(private.contains("PRIVATE KEY") && public.contains("PUBLIC KEY"));
        assert_eq!(std::fs::metadata(&dir).unwrap().mode() & 0o7777, 0o700);
        assert_eq!(std::fs::metadata(dir.join("dev-jwt-private.pem")).unwrap().mode() & 0o7777, 0o600);
        assert_eq!(dev_pair(&dir, "dev-jwt").unwrap(), (private.clone(), public));
        let (shopper_private, _) = dev_pair(&dir, "dev-shopper-jwt").unwrap();
        assert_ne!(shopper_private, private, "merchants and shoppers get two pairs");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_planted_private_key_link_is_neither_followed_nor_read() {
        let dir = scratch("planted");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        let victim = scratch("victim-file");
        std::fs::write(&victim, "not a key").unwrap();
        std::os::unix::fs::symlink(&victim, dir.join("dev-jwt-private.pem")).unwrap();
        assert!(dev_pair(&dir, "dev-jwt").is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not a key");
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_file(&victim).unwrap();
    }
}
