//! Parsed, trusted values of the checkout domain: tokens, quantities, money
//! arithmetic (half-up to the currency's decimals), e-mail, shipping
//! addresses and cards.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use rust_decimal::{Decimal, RoundingStrategy};
use vitrine_common::money::CurrencyCode;
use vitrine_common::validate::Fields;
use vitrine_models::checkout::{CardInput, ShippingAddress};
use vitrine_models::promotion::PromotionType;

/// Per line: 1 to 999 units.
pub const MAX_QUANTITY: i64 = 999;

/// A capability token (carts, receipts): 32 random bytes, base64url without padding.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `text` could be a token we issued (43 base64url characters):
/// anything else is a 404 without a database round trip.
pub fn looks_like_token(text: &str) -> bool {
    text.len() == 43 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// How many decimals `currency` has (2 for a code we do not know).
pub fn decimals(currency: &str) -> u32 {
    CurrencyCode::parse(currency).map_or(2, CurrencyCode::decimals)
}

/// `amount` rounded half-up (away from zero on a tie) to the currency's decimals.
pub fn round(amount: Decimal, currency: &str) -> Decimal {
    let mut rounded = amount.round_dp_with_strategy(decimals(currency), RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(decimals(currency));
    rounded
}

/// What a promotion takes off `subtotal`: a percentage rounded half-up, or a
/// fixed amount capped at the subtotal (never a negative total).
pub fn discount_amount(kind: PromotionType, value: Decimal, subtotal: Decimal, currency: &str) -> Decimal {
    let amount = match kind {
        PromotionType::Percentage => round(subtotal * value / Decimal::ONE_HUNDRED, currency),
        PromotionType::FixedAmount => round(value.min(subtotal), currency),
    };
    amount.min(subtotal)
}

/// The wire form of a promotion's value: a percentage without trailing
/// zeros, an amount with its currency's decimals.
pub fn promotion_value(kind: PromotionType, value: Decimal, currency: Option<&str>) -> String {
    match (kind, currency) {
        (PromotionType::FixedAmount, Some(currency)) => vitrine_common::money::format_amount(value, currency),
        _ => value.normalize().to_string(),
    }
}

/// An e-mail address as typed, trimmed: something@something, 3 to 254 characters.
pub fn parse_email(raw: &str) -> Result<String, &'static str> {
    let email = raw.trim();
    let valid = (3..=254).contains(&email.chars().count())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@') && !domain.starts_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    if valid { Ok(email.to_owned()) } else { Err("must be an e-mail address such as ada@example.com") }
}

/// A shipping address with every field checked; mistakes are recorded under
/// `prefix.field` in `fields`.
pub fn parse_address(address: &ShippingAddress, prefix: &str, fields: &mut Fields) -> Option<ShippingAddress> {
    let ok_before = fields.is_ok();
    let mut text = |name: &str, value: &str, max: usize| -> String {
        let value = value.trim();
        let len = value.chars().count();
        if len == 0 || len > max || value.chars().any(char::is_control) {
            fields.push(&format!("{prefix}.{name}"), format!("must be 1 to {max} characters"));
        }
        value.to_owned()
    };
    let name = text("name", &address.name, 100);
    let line1 = text("line1", &address.line1, 200);
    let line2 = address.line2.as_deref().map(str::trim).filter(|l| !l.is_empty()).map(|l| text("line2", l, 200));
    let city = text("city", &address.city, 100);
    let postal_code = text("postal_code", &address.postal_code, 20);
    let country = address.country.trim().to_owned();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        fields.push(&format!("{prefix}.country"), "must be an ISO 3166-1 alpha-2 code in upper case, e.g. FR");
    }
    (ok_before && fields.is_ok()).then_some(ShippingAddress { name, line1, line2, city, postal_code, country })
}

/// A card that passed the checks a form can do (Luhn, expiry, cvc). Its
/// number never leaves this value except towards the provider; `Debug`
/// shows only the brand and last 4 digits.
#[derive(Clone)]
pub struct Card {
    number: String,
    /// The card's network, from its number (`visa`, `mastercard`, `amex`…).
    pub brand: &'static str,
    /// Expiry month, 1 to 12.
    pub exp_month: u8,
    /// Expiry year (4 digits).
    pub exp_year: u16,
    /// The security code (only for the provider).
    cvc: String,
}

impl std::fmt::Debug for Card {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Card").field("brand", &self.brand).field("last4", &self.last4()).finish_non_exhaustive()
    }
}

impl Card {
    /// Checks `input` at `today` (year, month), recording mistakes under `payment.*`.
    pub fn parse(input: &CardInput, today: (i32, u8), fields: &mut Fields) -> Option<Self> {
        let ok_before = fields.is_ok();
        let number: String = input.card_number.chars().filter(|c| *c != ' ' && *c != '-').collect();
        if !(12..=19).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) || !luhn(&number) {
            fields.push("payment.card_number", "is not a valid card number");
        }
        let month = u8::try_from(input.exp_month).ok().filter(|m| (1..=12).contains(m));
        if month.is_none() {
            fields.push("payment.exp_month", "must be 1 to 12");
        }
        let year = u16::try_from(input.exp_year).ok().filter(|y| (2000..=2100).contains(y));
        if year.is_none() {
            fields.push("payment.exp_year", "must be a 4-digit year");
        }
        if let (Some(month), Some(year)) = (month, year)
            && (i32::from(year), month) < today
        {
            fields.push("payment.exp_year", "the card has expired");
        }
        let cvc = input.cvc.trim();
        if !(3..=4).contains(&cvc.len()) || !cvc.bytes().all(|b| b.is_ascii_digit()) {
            fields.push("payment.cvc", "must be 3 or 4 digits");
        }
        if !(ok_before && fields.is_ok()) {
            return None;
        }
        Some(Self { brand: brand(&number), number, exp_month: month?, exp_year: year?, cvc: cvc.to_owned() })
    }

    /// The last 4 digits: all that is ever stored or logged.
    pub fn last4(&self) -> &str {
        &self.number[self.number.len() - 4..]
    }

    /// The full number, for the provider only.
    pub fn number(&self) -> &str {
        &self.number
    }

    /// The security code, for the provider only.
    pub fn cvc(&self) -> &str {
        &self.cvc
    }
}

/// The Luhn checksum of a string of digits.
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

fn brand(number: &str) -> &'static str {
    let prefix2: u32 = number[..2].parse().unwrap_or(0);
    let prefix4: u32 = number[..4].parse().unwrap_or(0);
    match number.as_bytes()[0] {
        b'4' => "visa",
        b'5' if (51..=55).contains(&prefix2) => "mastercard",
        b'2' if (2221..=2720).contains(&prefix4) => "mastercard",
        b'3' if prefix2 == 34 || prefix2 == 37 => "amex",
        b'6' if prefix4 == 6011 || prefix2 == 65 => "discover",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn tokens_are_43_base64url_characters_and_differ() {
        let (a, b) = (new_token(), new_token());
        assert!(looks_like_token(&a) && looks_like_token(&b));
        assert_ne!(a, b);
        assert!(!looks_like_token("short"));
    }

    #[test]
    fn percentages_round_half_up_to_the_currency_decimals() {
        // 10% of 0.05 EUR = 0.005 → 0.01 (half-up), not 0.00 (banker's).
        assert_eq!(discount_amount(PromotionType::Percentage, d("10"), d("0.05"), "EUR").to_string(), "0.01");
        // 15% of 1003 JPY = 150.45 → 150.
        assert_eq!(discount_amount(PromotionType::Percentage, d("15"), d("1003"), "JPY").to_string(), "150");
        // 15% of 1010 JPY = 151.5 → 152.
        assert_eq!(discount_amount(PromotionType::Percentage, d("15"), d("1010"), "JPY").to_string(), "152");
        // 12.5% of 1.001 KWD = 0.125125 → 0.125; of 0.013 KWD = 0.001625 → 0.002.
        assert_eq!(discount_amount(PromotionType::Percentage, d("12.5"), d("1.001"), "KWD").to_string(), "0.125");
        assert_eq!(discount_amount(PromotionType::Percentage, d("12.5"), d("0.013"), "KWD").to_string(), "0.002");
    }

    #[test]
    fn a_fixed_amount_never_exceeds_the_subtotal() {
        assert_eq!(discount_amount(PromotionType::FixedAmount, d("50"), d("19.99"), "EUR").to_string(), "19.99");
        assert_eq!(discount_amount(PromotionType::FixedAmount, d("5"), d("19.99"), "EUR").to_string(), "5.00");
    }

    #[test]
    fn luhn_accepts_stripe_test_cards_and_refuses_typos() {
        assert!(luhn("4242424242424242"));
        assert!(luhn("4000000000000002"));
        assert!(!luhn("4242424242424241"));
    }

    #[test]
    fn cards_are_checked_and_show_only_brand_and_last4() {
        let input =
            CardInput { card_number: "4242 4242 4242 4242".into(), exp_month: 12, exp_year: 2030, cvc: "123".into() };
        let mut fields = Fields::default();
        let card = Card::parse(&input, (2026, 11), &mut fields).unwrap();
        assert_eq!((card.brand, card.last4()), ("visa", "4242"));
        assert!(!format!("{card:?}").contains("42424242"));

        let expired = CardInput { exp_month: 10, exp_year: 2026, ..input.clone() };
        let mut fields = Fields::default();
        assert!(Card::parse(&expired, (2026, 11), &mut fields).is_none());
        let bad_cvc = CardInput { cvc: "12a".into(), ..input };
        let mut fields = Fields::default();
        assert!(Card::parse(&bad_cvc, (2026, 11), &mut fields).is_none());
    }

    #[test]
    fn emails_need_an_at_and_no_spaces() {
        assert_eq!(parse_email("  ada@example.com ").unwrap(), "ada@example.com");
        for bad in ["", "ada", "@x", "a@", "a b@x.y", "a@b@c"] {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
    }
}
