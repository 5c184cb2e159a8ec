//! Token keys of the all-in-one binary: the configured pair, or a development
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

/// `(private PEM, public PEM)`.
pub fn load_or_generate(config: &Config) -> anyhow::Result<(String, String)> {
    let accounts = &config.accounts;
    let configured = accounts.jwt_private_key.is_some() || accounts.jwt_private_key_file.is_some();
    if configured {
        let private =
            read_pem("JWT_PRIVATE_KEY", accounts.jwt_private_key.as_deref(), accounts.jwt_private_key_file.as_deref())?;
        return Ok((private, config.tokens.public_pem()?));
    }
    dev_pair(&config.data_dir)
}

/// The development pair kept in `data_dir`, generated on first use.
fn dev_pair(data_dir: &Path) -> anyhow::Result<(String, String)> {
    vitrine_localdb::private_dir(data_dir)?;
    let private_path = data_dir.join("dev-jwt-private.pem");
    let public_path = data_dir.join("dev-jwt-public.pem");
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
        let (private, public) = dev_pair(&dir).unwrap();
        assert!(private.contains("PRIVATE KEY") && public.contains("PUBLIC KEY"));
        assert_eq!(std::fs::metadata(&dir).unwrap().mode() & 0o7777, 0o700);
        assert_eq!(std::fs::metadata(dir.join("dev-jwt-private.pem")).unwrap().mode() & 0o7777, 0o600);
        assert_eq!(dev_pair(&dir).unwrap(), (private, public));
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
        assert!(dev_pair(&dir).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not a key");
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_file(&victim).unwrap();
    }
}
