//! The notifier's domain values: subscribed event types, signing secrets and
//! Standard Webhooks signatures.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac as _};
use rand::RngCore as _;
use sha2::Sha256;

/// The event types of checkout's feed.
pub const EVENT_TYPES: [&str; 5] =
    ["order.created", "order.paid", "order.fulfilled", "order.canceled", "order.deleted"];

/// The type of the test event a merchant sends from the API.
pub const PING: &str = "ping";

/// What a webhook subscribes to: some event types, or all of them (`["*"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription(Vec<String>);

impl Subscription {
    /// Checks a list of event types: known types without repeats, or exactly `["*"]`.
    pub fn parse(events: &[String]) -> Result<Self, String> {
        if events.is_empty() {
            return Err("must name at least one event type, or [\"*\"] for all".to_owned());
        }
        if events.iter().any(|e| e == "*") {
            return if events.len() == 1 {
                Ok(Self(vec!["*".to_owned()]))
            } else {
                Err("\"*\" already means every event type: send it alone".to_owned())
            };
        }
        let mut seen: Vec<String> = Vec::with_capacity(events.len());
        for event in events {
            if !EVENT_TYPES.contains(&event.as_str()) {
                return Err(format!(
                    "unknown event type `{}`: expected one of {}",
                    truncate(event, 40),
                    EVENT_TYPES.join(", ")
                ));
            }
            if seen.contains(event) {
                return Err(format!("`{event}` is listed twice"));
            }
            seen.push(event.clone());
        }
        Ok(Self(seen))
    }

    /// The list as stored.
    pub fn into_inner(self) -> Vec<String> {
        self.0
    }
}

/// Whether a webhook subscribed to `events` wants an event of type `kind`.
pub fn wants(events: &[String], kind: &str) -> bool {
    events.iter().any(|e| e == "*" || e == kind)
}

/// A new signing secret: `whsec_` + base64 of 24 random bytes.
pub fn new_secret() -> String {
    let mut key = [0_u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut key);
    format!("whsec_{}", STANDARD.encode(key))
}

/// The `webhook-signature` header value for one attempt: `v1,` + base64 of
/// HMAC-SHA256 over `{id}.{timestamp}.{body}`, keyed with the decoded secret.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Result<String, String> {
    let encoded = secret.strip_prefix("whsec_").ok_or("the secret does not start with whsec_")?;
    let key = STANDARD.decode(encoded).map_err(|_| "the secret is not base64 after whsec_")?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|_| "unusable key")?;
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Ok(format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes())))
}

/// At most `max` characters of `text` (on a character boundary), for
/// excerpts and messages.
pub fn truncate(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn subscriptions_take_known_types_or_star_alone() {
        assert!(Subscription::parse(&strings(&["order.paid", "order.created"])).is_ok());
        assert_eq!(Subscription::parse(&strings(&["*"])).unwrap().into_inner(), ["*"]);
        for bad in [&[][..], &["*", "order.paid"], &["order.shipped"], &["order.paid", "order.paid"], &["ping"]] {
            assert!(Subscription::parse(&strings(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn star_matches_every_type_and_a_list_only_its_own() {
        assert!(wants(&strings(&["*"]), "order.deleted"));
        assert!(wants(&strings(&["order.paid"]), "order.paid"));
        assert!(!wants(&strings(&["order.paid"]), "order.created"));
    }

    #[test]
    fn secrets_are_whsec_and_24_random_bytes() {
        let a = new_secret();
        let b = new_secret();
        assert_ne!(a, b);
        let key = STANDARD.decode(a.strip_prefix("whsec_").unwrap()).unwrap();
        assert_eq!(key.len(), 24);
        assert_eq!(a.len(), "whsec_".len() + 32);
    }

    #[test]
    fn signatures_match_the_standard_webhooks_test_vector() {
        // The example of the Standard Webhooks specification (and its libraries' tests).
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        let body = br#"{"test": 2432232314}"#;
        let signature = sign(secret, id, 1_614_265_330, body).unwrap();
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn a_malformed_secret_cannot_sign() {
        assert!(sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "id", 1, b"{}").is_err());
        assert!(sign("whsec_***", "id", 1, b"{}").is_err());
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        assert_eq!(truncate("héllo", 2), "hé");
        assert_eq!(truncate("hi", 10), "hi");
    }
}
