//! The service registry (`services.toml` at the root), for the tests that
//! compare the places listing services with it: testkit's own [`SERVICES`],
//! the all-in-one's mounts and its OpenAPI documents. The shell places are
//! checked by `scripts/check-registry.sh`.
//!
//! The file keeps to one `key = value` per line (see its header), so this
//! reader (and the shell's) stays a few lines with no TOML dependency.
//!
//! [`SERVICES`]: crate::SERVICES

/// The registry's text, as compiled in.
pub const SERVICES_TOML: &str = include_str!("../../../services.toml");

/// One service of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// Its name: crate `services/<name>`, schema and role, `/api/<name>`.
    pub name: String,
    /// `api` or `web`.
    pub kind: String,
    /// Whether it has `migrations/<name>/`.
    pub migrations: bool,
    /// fleet.sh's instances: (instance, port offset from BASE).
    pub instances: Vec<(String, u16)>,
}

impl Service {
    /// Whether it is a Rust service with an API (and an OpenAPI document).
    pub fn is_api(&self) -> bool {
        self.kind == "api"
    }

    /// Whether its crate is in this checkout (`services/<name>/Cargo.toml`):
    /// a service being built on another branch is listed before it is merged.
    pub fn is_in_tree(&self) -> bool {
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../services"))
            .join(&self.name)
            .join("Cargo.toml")
            .is_file()
    }
}

/// The services, in the registry's order (start and migration order).
///
/// # Panics
/// On a line this reader does not understand, naming it: the registry is
/// the source of truth, so a malformed one must fail loudly.
pub fn services() -> Vec<Service> {
    parse(SERVICES_TOML)
}

fn parse(text: &str) -> Vec<Service> {
    let mut out: Vec<Service> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if line == "[[service]]" {
            out.push(Service { name: String::new(), kind: String::new(), migrations: false, instances: Vec::new() });
            continue;
        }
        let (key, value) = line.split_once('=').unwrap_or_else(|| panic!("services.toml:{}: {raw}", n + 1));
        let service = out.last_mut().unwrap_or_else(|| panic!("services.toml:{}: outside [[service]]", n + 1));
        let value = value.trim();
        let unquote = |v: &str| v.trim().trim_matches('"').to_owned();
        match key.trim() {
            "name" => service.name = unquote(value),
            "kind" => service.kind = unquote(value),
            "migrations" => service.migrations = value == "true",
            "instances" => {
                service.instances = value
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .split(',')
                    .map(unquote)
                    .filter(|v| !v.is_empty())
                    .map(|v| {
                        let (instance, offset) =
                            v.split_once(':').unwrap_or_else(|| panic!("services.toml:{}: {v}", n + 1));
                        (instance.to_owned(), offset.parse().unwrap_or_else(|_| panic!("services.toml:{}: {v}", n + 1)))
                    })
                    .collect();
            }
            other => panic!("services.toml:{}: unknown key {other}", n + 1),
        }
    }
    for service in &out {
        assert!(!service.name.is_empty(), "services.toml: a [[service]] without a name");
        assert!(
            matches!(service.kind.as_str(), "api" | "web"),
            "services.toml: {} has kind {:?}",
            service.name,
            service.kind
        );
    }
    out
}

/// The names of the services with migrations, in migration order.
pub fn migrated() -> Vec<String> {
    services().into_iter().filter(|s| s.migrations).map(|s| s.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_reads_every_field() {
        let services = parse(
            "# c\n[[service]]\nname = \"site\" # x\nkind = \"api\"\nmigrations = true\ninstances = [\"site-1:2\", \"site-2:3\"]\n\n[[service]]\nname = \"web\"\nkind = \"web\"\nmigrations = false\ninstances = [\"web:7\"]\n",
        );
        assert_eq!(services.len(), 2);
        assert_eq!(services[0].instances, [("site-1".to_owned(), 2), ("site-2".to_owned(), 3)]);
        assert!(services[0].migrations && services[0].is_api());
        assert!(!services[1].migrations && !services[1].is_api());
    }

    #[test]
    #[should_panic(expected = "unknown key")]
    fn an_unknown_key_fails_loudly() {
        parse("[[service]]\nname = \"x\"\nkind = \"api\"\nport = 3\n");
    }

    #[test]
    fn testkit_migrates_the_services_of_the_registry_in_its_order() {
        assert_eq!(crate::SERVICES.to_vec(), migrated(), "crates/testkit SERVICES differs from services.toml");
    }

    #[test]
    fn every_registered_service_with_migrations_has_them_and_no_other_does() {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        // A service still being built on another branch is listed before its migrations are merged.
        for service in services().into_iter().filter(Service::is_in_tree) {
            assert_eq!(
                root.join("migrations").join(&service.name).is_dir(),
                service.migrations,
                "services.toml says migrations = {} for {}",
                service.migrations,
                service.name
            );
        }
    }
}
