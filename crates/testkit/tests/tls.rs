//! Connections to PostgreSQL over TLS, as managed databases require
//! (`sslmode=require`), and with the server's certificate checked against a
//! given CA and host name (`sslmode=verify-full&sslrootcert=...`).
//!
//! A throwaway cluster of this test's own, switched to TLS with a CA and a
//! server certificate made here with the `openssl` command.

#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test

use std::os::unix::fs::MetadataExt as _;
use std::path::Path;
use std::process::Command;
use std::str::FromStr as _;

use sqlx::postgres::{PgConnectOptions, PgSslMode};
use sqlx::{Connection as _, PgConnection};
use vitrine_localdb::{Lifetime, LocalPostgres};

/// A CA, a server certificate for localhost/127.0.0.1 signed by it, and
/// another CA that signed nothing.
fn make_certificates(dir: &Path) {
    let script = r#"set -e
        ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1"
        openssl req -x509 -new -nodes $ec -keyout ca.key -out ca.pem -days 2 -subj /CN=vitrine-test-ca \
          -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
        openssl req -x509 -new -nodes $ec -keyout other-ca.key -out other-ca.pem -days 2 -subj /CN=another-ca \
          -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
        openssl req -new -nodes $ec -keyout server.key -out server.csr -subj /CN=localhost
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' >server.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext
        chmod 600 server.key; chmod 644 server.pem ca.pem"#;
    let output = Command::new("sh").args(["-c", script]).current_dir(dir).output().expect("running openssl");
    assert!(output.status.success(), "openssl: {}", String::from_utf8_lossy(&output.stderr));
}

#[tokio::test]
async fn connects_over_tls_with_sslmode_require_and_verify_full() {
    let dir = std::env::temp_dir().join(format!("vitrine-tls-test-{}", uuid::Uuid::now_v7().simple()));
    let server = LocalPostgres::start(&dir.join("pg"), Lifetime::Throwaway).unwrap();
    let certs = dir.join("certs");
    std::fs::create_dir_all(&certs).unwrap();
    std::fs::set_permissions(&certs, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    make_certificates(&certs);
    // The server's key must belong to the server's user (postgres, when the tests run as root).
    let owner = std::fs::metadata(dir.join("pg/pgdata")).unwrap();
    for file in ["server.key", "server.pem"] {
        std::os::unix::fs::lchown(certs.join(file), Some(owner.uid()), Some(owner.gid())).unwrap();
    }

    let admin = PgConnectOptions::from_str(&server.url("postgres")).unwrap();
    let mut conn = PgConnection::connect_with(&admin.clone().ssl_mode(PgSslMode::Disable)).await.unwrap();
    for setting in [
        format!("ALTER SYSTEM SET ssl_cert_file = '{}'", certs.join("server.pem").display()),
        format!("ALTER SYSTEM SET ssl_key_file = '{}'", certs.join("server.key").display()),
        "ALTER SYSTEM SET ssl = on".to_owned(),
    ] {
        sqlx::query(&setting).execute(&mut conn).await.unwrap();
    }
    sqlx::query("SELECT pg_reload_conf()").execute(&mut conn).await.unwrap();
    let mut on = String::new();
    for _ in 0..50 {
        on = sqlx::query_scalar("SHOW ssl").fetch_one(&mut conn).await.unwrap();
        if on == "on" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(on, "on", "the server did not switch TLS on");
    conn.close().await.unwrap();

    // sslmode=require, as in the production guide's DATABASE_URL.
    let url = format!("{}?sslmode=require", server.url("postgres"));
    let mut conn = PgConnection::connect_with(&PgConnectOptions::from_str(&url).unwrap()).await.unwrap();
    let ssl: bool = sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(ssl, "sslmode=require connected without TLS");
    conn.close().await.unwrap();

    // verify-full with the CA: the certificate and the host name are checked.
    let verified = format!(
        "{}?sslmode=verify-full&sslrootcert={}",
        server.url("postgres").replace("@127.0.0.1:", "@localhost:"),
        certs.join("ca.pem").display()
    );
    let mut conn = PgConnection::connect_with(&PgConnectOptions::from_str(&verified).unwrap()).await.unwrap();
    let ssl: bool = sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(ssl);
    conn.close().await.unwrap();

    // And refused with a CA that did not sign the server's certificate.
    let wrong_ca = verified.replace("ca.pem", "other-ca.pem");
    let refused = PgConnection::connect_with(&PgConnectOptions::from_str(&wrong_ca).unwrap()).await;
    assert!(refused.is_err(), "verify-full accepted a certificate its CA did not sign");

    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
