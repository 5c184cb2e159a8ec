//! The promotion service's domain types: parse, don't validate.

use rust_decimal::Decimal;
use time::OffsetDateTime;
use vitrine_common::money::{CurrencyCode, Price, format_amount, parse_amount};
use vitrine_models::promotion::{NotApplying, PromotionType};

/// A promotion code: 3 to 32 of `A-Z a-z 0-9 _ -`. The characters are those
/// a shopper can type and a URL path carries without escaping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code(String);

impl Code {
    /// The longest code.
    pub const MAX_LEN: usize = 32;

    /// A valid code, as the merchant spelled it.
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        let valid = (3..=Self::MAX_LEN).contains(&value.len())
            && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if valid { Ok(Self(value.to_owned())) } else { Err("must be 3 to 32 of A-Z a-z 0-9 _ -") }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The most decimals a percentage has (`numeric(18,4)`).
const MAX_DECIMALS: u32 = 4;

/// What a promotion's currency must be for its type: required for a fixed
/// amount (an active ISO 4217 code), absent for a percentage.
pub fn parse_currency(kind: PromotionType, currency: Option<&str>) -> Result<Option<CurrencyCode>, &'static str> {
    match (kind, currency) {
        (PromotionType::FixedAmount, Some(code)) => CurrencyCode::parse(code).map(Some),
        (PromotionType::FixedAmount, None) => Err("is required for a fixed_amount promotion"),
        (PromotionType::Percentage, None) => Ok(None),
        (PromotionType::Percentage, Some(_)) => Err("must be null for a percentage promotion"),
    }
}

/// A promotion's value for its type: a percentage in (0, 100], or an amount
/// > 0 with at most the decimals of its currency (when the currency is known).
pub fn parse_value(kind: PromotionType, text: &str, currency: Option<CurrencyCode>) -> Result<Decimal, String> {
    let value = match currency {
        Some(currency) if kind == PromotionType::FixedAmount => Price::parse(text, currency)?.amount,
        _ => {
            let value = parse_amount(text).map_err(str::to_owned)?;
            if value.normalize().scale() > MAX_DECIMALS {
                return Err(format!("has at most {MAX_DECIMALS} decimals"));
            }
            value
        }
    };
    match kind {
        _ if value.is_zero() => Err("must be greater than 0".to_owned()),
        PromotionType::Percentage if value > Decimal::ONE_HUNDRED => Err("a percentage must be at most 100".to_owned()),
        _ => Ok(value),
    }
}

/// Whether `start_at`..`end_at` is a window (`end_at` after `start_at`, when both are set).
pub fn window_is_valid(start_at: Option<OffsetDateTime>, end_at: Option<OffsetDateTime>) -> bool {
    match (start_at, end_at) {
        (Some(start), Some(end)) => end > start,
        _ => true,
    }
}

/// Why a promotion with this window does not apply at `now`, or `None` if it does.
/// The window includes its start and excludes its end.
pub fn not_applying(
    start_at: Option<OffsetDateTime>,
    end_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Option<NotApplying> {
    if start_at.is_some_and(|start| now < start) {
        Some(NotApplying::NotStarted)
    } else if end_at.is_some_and(|end| now >= end) {
        Some(NotApplying::Ended)
    } else {
        None
    }
}

/// Whether a code has no use left: `times_used` has reached its `usage_limit`.
pub fn used_up(usage_limit: Option<i32>, times_used: i32) -> bool {
    usage_limit.is_some_and(|limit| times_used >= limit)
}

/// The wire form of a value: a fixed amount with exactly its currency's
/// decimals (`"5.00"`, `"500"` yen), a percentage exact with at least two
/// (`"10.00"`, `"12.50"`, `"0.125"`).
pub fn format_value(value: Decimal, currency: Option<&str>) -> String {
    if let Some(currency) = currency {
        return format_amount(value, currency);
    }
    let mut value = value.normalize();
    if value.scale() < 2 {
        value.rescale(2);
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn codes_are_3_to_32_url_safe_characters() {
        for good in ["abc", "SUMMER-10", "black_friday", &"x".repeat(32)] {
            assert!(Code::parse(good).is_ok(), "{good}");
        }
        for bad in ["ab", "", &"x".repeat(33), "with space", "été", "a/b", "50%"] {
            assert!(Code::parse(bad).is_err(), "{bad}");
        }
    }

    fn currency(code: &str) -> Option<CurrencyCode> {
        Some(CurrencyCode::parse(code).unwrap())
    }

    #[test]
    fn percentages_are_in_0_excluded_to_100_included() {
        assert!(parse_value(PromotionType::Percentage, "100", None).is_ok());
        assert!(parse_value(PromotionType::Percentage, "0.5", None).is_ok());
        for bad in ["0", "0.00", "100.01", "-5", "1e2", "abc", "12.34567"] {
            assert!(parse_value(PromotionType::Percentage, bad, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn fixed_amounts_are_positive_money_in_their_currency() {
        let fixed = PromotionType::FixedAmount;
        assert_eq!(parse_value(fixed, "250", currency("EUR")).unwrap().to_string(), "250.00");
        assert!(parse_value(fixed, "0", currency("EUR")).is_err());
        assert!(parse_value(fixed, "9.999", currency("EUR")).is_err(), "EUR has 2 decimals");
        assert!(parse_value(fixed, "500.5", currency("JPY")).is_err(), "JPY has none");
        assert!(parse_value(fixed, "99999999999999", currency("EUR")).is_err());
    }

    #[test]
    fn only_fixed_amounts_have_a_currency() {
        assert_eq!(parse_currency(PromotionType::FixedAmount, Some("EUR")).unwrap(), currency("EUR"));
        assert!(parse_currency(PromotionType::FixedAmount, None).is_err());
        assert!(parse_currency(PromotionType::FixedAmount, Some("eur")).is_err());
        assert!(parse_currency(PromotionType::Percentage, Some("EUR")).is_err());
        assert_eq!(parse_currency(PromotionType::Percentage, None).unwrap(), None);
    }

    #[test]
    fn values_are_formatted_exactly() {
        assert_eq!(format_value(Decimal::new(100_000, 4), None), "10.00");
        assert_eq!(format_value(Decimal::new(125_000, 4), None), "12.50");
        assert_eq!(format_value(Decimal::new(1250, 4), None), "0.125");
        assert_eq!(format_value(Decimal::new(50_000, 4), Some("EUR")), "5.00");
        assert_eq!(format_value(Decimal::new(5_000_000, 4), Some("JPY")), "500");
    }

    #[test]
    fn a_code_is_used_up_at_its_limit_and_never_without_one() {
        assert!(!used_up(None, i32::MAX));
        assert!(!used_up(Some(2), 1));
        assert!(used_up(Some(2), 2));
    }

    #[test]
    fn windows_start_included_and_end_excluded() {
        let start = datetime!(2030-01-01 00:00 UTC);
        let end = datetime!(2030-02-01 00:00 UTC);
        assert!(!window_is_valid(Some(end), Some(start)));
        assert!(!window_is_valid(Some(start), Some(start)));
        assert!(window_is_valid(None, Some(start)));
        assert_eq!(not_applying(Some(start), Some(end), start), None);
        assert_eq!(not_applying(Some(start), Some(end), end), Some(NotApplying::Ended));
        assert_eq!(not_applying(Some(start), None, datetime!(2029-12-31 23:59 UTC)), Some(NotApplying::NotStarted));
        assert_eq!(not_applying(None, None, start), None);
    }
}
