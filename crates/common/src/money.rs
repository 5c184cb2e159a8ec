//! Exact money: decimal strings on the wire (`"19.99"`), never floats, with an
//! ISO 4217 currency whose minor unit bounds the decimals (EUR 2, JPY 0, KWD 3).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// Amounts stay below this (`numeric(18,4)` in the database).
const MAX_INTEGER_DIGITS: usize = 13;

/// An active ISO 4217 currency code that Vitrine accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CurrencyCode(&'static str);

/// Active ISO 4217 codes for money (no funds, metals or test codes).
const CODES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD",
    "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP",
    "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD",
    "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN",
    "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB",
    "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL",
    "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES", "VND",
    "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

impl CurrencyCode {
    /// The code if it is a known, active currency (upper case only).
    pub fn parse(code: &str) -> Result<Self, &'static str> {
        // CODES is sorted (a test checks it): a binary search, not a scan
        // of 150 codes for every price a listing formats.
        CODES
            .binary_search(&code)
            .map(|at| Self(CODES[at]))
            .map_err(|_| "must be an active ISO 4217 currency code in upper case, e.g. EUR")
    }

    /// How many decimals amounts in this currency have (its minor unit).
    pub fn decimals(self) -> u32 {
        decimals_of(self.0)
    }

    /// The code as text.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A non-negative exact decimal amount, as sent on the wire: digits with an
/// optional fraction, no sign, no exponent, no spaces.
pub fn parse_amount(text: &str) -> Result<Decimal, &'static str> {
    const MESSAGE: &str = "must be a decimal string such as \"19.99\"";
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let well_formed = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && (!text.contains('.') || (!frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit())));
    if !well_formed {
        return Err(MESSAGE);
    }
    if int.trim_start_matches('0').len() > MAX_INTEGER_DIGITS {
        return Err("is too large");
    }
    if frac.len() > 28 {
        return Err("has too many decimals");
    }
    Decimal::from_str(text).map_err(|_| MESSAGE)
}

/// A price: an amount ≥ 0 with no more decimals than its currency has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Price {
    /// The amount, scaled to the currency's decimals.
    pub amount: Decimal,
    /// The currency.
    pub currency: CurrencyCode,
}

impl Price {
    /// Parses `amount` for `currency`.
    pub fn parse(amount: &str, currency: CurrencyCode) -> Result<Self, String> {
        let mut value = parse_amount(amount).map_err(str::to_owned)?;
        let decimals = currency.decimals();
        if value.normalize().scale() > decimals {
            return Err(match decimals {
                0 => format!("{currency} amounts have no decimals"),
                n => format!("{currency} amounts have at most {n} decimals"),
            });
        }
        value.rescale(decimals);
        Ok(Self { amount: value, currency })
    }
}

/// The minor unit of `code`: 2 unless it is one of the codes with 0 or 3
/// (so 2 for a code Vitrine does not know). Matched as three bytes, not as
/// text: a listing formats a price for every variant it shows.
fn decimals_of(code: &str) -> u32 {
    let Ok(code) = <[u8; 3]>::try_from(code.as_bytes()) else {
        return 2;
    };
    match &code {
        b"BIF" | b"CLP" | b"DJF" | b"GNF" | b"ISK" | b"JPY" | b"KMF" | b"KRW" | b"PYG" | b"RWF" | b"UGX" | b"VND"
        | b"VUV" | b"XAF" | b"XOF" | b"XPF" => 0,
        b"BHD" | b"IQD" | b"JOD" | b"KWD" | b"LYD" | b"OMR" | b"TND" => 3,
        _ => 2,
    }
}

/// The wire form of an amount in `currency`: exactly its number of decimals.
pub fn format_amount(amount: Decimal, currency: &str) -> String {
    let decimals = decimals_of(currency);
    let mut value = amount;
    value.rescale(decimals);
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> CurrencyCode {
        CurrencyCode::parse("EUR").unwrap()
    }

    #[test]
    fn known_codes_only_in_upper_case() {
        assert!(CurrencyCode::parse("EUR").is_ok());
        for bad in ["eur", "EURO", "XXX", "XAU", "", "ZZZ"] {
            assert!(CurrencyCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_codes_are_sorted_and_distinct() {
        assert!(CODES.windows(2).all(|pair| pair[0] < pair[1]));
        for code in CODES {
            assert_eq!(CurrencyCode::parse(code).unwrap().as_str(), *code);
        }
    }

    #[test]
    fn decimals_follow_the_minor_unit() {
        assert_eq!(CurrencyCode::parse("JPY").unwrap().decimals(), 0);
        assert_eq!(CurrencyCode::parse("KWD").unwrap().decimals(), 3);
        assert_eq!(eur().decimals(), 2);
        assert_eq!(format_amount(Decimal::new(1_500, 3), "KWD"), "1.500");
        assert_eq!(format_amount(Decimal::new(250_000, 4), "JPY"), "25");
        assert_eq!(format_amount(Decimal::new(25, 0), "EUR"), "25.00");
        // A code Vitrine does not know (a row older than a code's retirement): two decimals.
        assert_eq!(format_amount(Decimal::new(25, 0), "ZZZ"), "25.00");
    }

    #[test]
    fn prices_keep_their_exact_value() {
        assert_eq!(Price::parse("19.99", eur()).unwrap().amount.to_string(), "19.99");
        assert_eq!(Price::parse("5", eur()).unwrap().amount.to_string(), "5.00");
        assert_eq!(Price::parse("0", eur()).unwrap().amount.to_string(), "0.00");
        assert_eq!(Price::parse("1.500", CurrencyCode::parse("KWD").unwrap()).unwrap().amount.to_string(), "1.500");
    }

    #[test]
    fn trailing_zeros_beyond_the_minor_unit_are_the_same_amount() {
        assert_eq!(Price::parse("1.500", eur()).unwrap().amount.to_string(), "1.50");
    }

    #[test]
    fn too_many_decimals_are_refused() {
        assert!(Price::parse("19.999", eur()).is_err());
        assert!(Price::parse("100.5", CurrencyCode::parse("JPY").unwrap()).is_err());
    }

    #[test]
    fn malformed_amounts_are_refused() {
        for bad in ["", "-1", "+1", "1e3", "1.", ".5", " 1", "1,5", "NaN", "0x10", "99999999999999"] {
            assert!(parse_amount(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn amounts_are_formatted_with_the_currency_decimals() {
        assert_eq!(format_amount(Decimal::new(5, 0), "EUR"), "5.00");
        assert_eq!(format_amount(Decimal::new(500, 0), "JPY"), "500");
    }
}
