//! The promotion service's domain types: parse, don't validate.

use rust_decimal::Decimal;
use time::OffsetDateTime;
use vitrine_common::money::parse_amount;
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

/// The most decimals a value has (`numeric(18,4)`).
const MAX_DECIMALS: u32 = 4;

/// A promotion's value for its type: a percentage in (0, 100], or an amount > 0.
pub fn parse_value(kind: PromotionType, text: &str) -> Result<Decimal, String> {
    let value = parse_amount(text).map_err(str::to_owned)?;
    if value.normalize().scale() > MAX_DECIMALS {
        return Err(format!("has at most {MAX_DECIMALS} decimals"));
    }
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

/// The wire form of a value: exact, with at least two decimals (`"10.00"`, `"12.5"` → `"12.50"`, `"0.125"`).
pub fn format_value(value: Decimal) -> String {
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

    #[test]
    fn percentages_are_in_0_excluded_to_100_included() {
        assert!(parse_value(PromotionType::Percentage, "100").is_ok());
        assert!(parse_value(PromotionType::Percentage, "0.5").is_ok());
        for bad in ["0", "0.00", "100.01", "-5", "1e2", "abc", "12.34567"] {
            assert!(parse_value(PromotionType::Percentage, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fixed_amounts_are_positive_with_no_upper_bound_but_the_column() {
        assert_eq!(parse_value(PromotionType::FixedAmount, "250").unwrap(), Decimal::new(250, 0));
        assert!(parse_value(PromotionType::FixedAmount, "0").is_err());
        assert!(parse_value(PromotionType::FixedAmount, "99999999999999").is_err());
    }

    #[test]
    fn values_are_formatted_exactly() {
        assert_eq!(format_value(Decimal::new(100_000, 4)), "10.00");
        assert_eq!(format_value(Decimal::new(125_000, 4)), "12.50");
        assert_eq!(format_value(Decimal::new(1250, 4)), "0.125");
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
