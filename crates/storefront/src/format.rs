//! The storefront's languages, and money and dates written the way each one
//! writes them: `59,90 €` in French, `¥12,800` in Japanese, `$59.90` in US
//! English, `€59.90` in English.
//!
//! A shop's language is a BCP 47 tag from [`SUPPORTED`]; the builder refuses
//! any other, so every page can be formatted. The conventions are CLDR's
//! (decimal and grouping separators, where the currency symbol goes, the
//! long date forms), written out here for the languages we support rather
//! than pulled from an ICU data crate: a few dozen lines, tested below, and
//! no data blob in every service binary.
//!
//! Spaces inside a formatted amount are no-break spaces (U+00A0 before a
//! symbol, U+202F as the French thousands separator), so an amount never
//! breaks across lines.

use std::fmt::Write as _;
use std::str::FromStr as _;

use rust_decimal::Decimal;
use time::OffsetDateTime;
use vitrine_common::money::CurrencyCode;

/// The language tags a shop may choose, canonical spelling (language in
/// lower case, region in upper case).
pub const SUPPORTED: &[&str] = &[
    "en", "en-US", "en-GB", "en-IE", "fr", "fr-FR", "fr-BE", "de", "de-DE", "es", "es-ES", "it", "it-IT", "ja", "ja-JP",
];

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

/// The written language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Fr,
    De,
    Es,
    It,
    Ja,
}

/// A supported language tag and how it writes numbers and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locale {
    tag: &'static str,
    lang: Lang,
    /// English outside the US: day before month, 24-hour clock.
    day_first: bool,
}

impl Default for Locale {
    /// English, as shops were before they had a language.
    fn default() -> Self {
        Self { tag: "en", lang: Lang::En, day_first: false }
    }
}

impl Locale {
    /// The supported tag matching `tag` without regard to case (`fr-fr` is `fr-FR`).
    pub fn parse(tag: &str) -> Result<Self, String> {
        let Some(tag) = SUPPORTED.iter().copied().find(|known| known.eq_ignore_ascii_case(tag.trim())) else {
            return Err(format!("must be one of the supported languages: {}", SUPPORTED.join(", ")));
        };
        let lang = match &tag[..2] {
            "fr" => Lang::Fr,
            "de" => Lang::De,
            "es" => Lang::Es,
            "it" => Lang::It,
            "ja" => Lang::Ja,
            _ => Lang::En,
        };
        Ok(Self { tag, lang, day_first: matches!(tag, "en-GB" | "en-IE") })
    }

    /// The locale of a shop's stored tag; English if it is not (or no longer) supported.
    pub fn of(tag: &str) -> Self {
        Self::parse(tag).unwrap_or_default()
    }

    /// The canonical tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        self.tag
    }

    fn decimal_separator(self) -> char {
        match self.lang {
            Lang::En | Lang::Ja => '.',
            Lang::Fr | Lang::De | Lang::Es | Lang::It => ',',
        }
    }

    fn group_separator(self) -> char {
        match self.lang {
            Lang::En | Lang::Ja => ',',
            Lang::Fr => NNBSP,
            Lang::De | Lang::Es | Lang::It => '.',
        }
    }

    /// Spanish groups thousands only from five digits on (`1234`, `12.345`).
    fn min_grouping(self) -> usize {
        if self.lang == Lang::Es { 5 } else { 4 }
    }

    fn symbol_first(self) -> bool {
        matches!(self.lang, Lang::En | Lang::Ja)
    }

    /// The currency's symbol in this language, when it has one both
    /// unambiguous and customary; other currencies are written by their code.
    fn symbol(self, currency: &str) -> Option<&'static str> {
        match currency {
            "EUR" => Some("€"),
            "GBP" => Some("£"),
            "JPY" => Some("¥"),
            "USD" => Some(match (self.lang, self.tag) {
                (Lang::En, "en" | "en-US") | (Lang::Ja, _) | (Lang::De, _) => "$",
                (Lang::Fr, _) => "$US",
                _ => "US$",
            }),
            _ => None,
        }
    }

    /// `amount` (digits with an optional fraction) with this language's separators.
    fn number(self, amount: Decimal) -> String {
        let text = amount.abs().to_string();
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut out = String::with_capacity(text.len() + 8);
        if amount.is_sign_negative() && !amount.is_zero() {
            out.push('−');
        }
        let group = int.len() >= self.min_grouping();
        for (i, digit) in int.chars().enumerate() {
            if group && i > 0 && (int.len() - i) % 3 == 0 {
                out.push(self.group_separator());
            }
            out.push(digit);
        }
        if !frac.is_empty() {
            out.push(self.decimal_separator());
            out.push_str(frac);
        }
        out
    }

    /// An amount of money in `currency`, with exactly the currency's decimals
    /// (EUR 2, JPY 0, KWD 3): `€59.90`, `59,90 €`, `¥12,800`, `CHF 59.90`.
    pub fn money(self, amount: Decimal, currency: &str) -> String {
        let decimals = CurrencyCode::parse(currency).map_or(2, CurrencyCode::decimals);
        let mut value = amount;
        value.rescale(decimals);
        let number = self.number(value);
        match (self.symbol(currency), self.symbol_first()) {
            (Some(symbol), true) if number.starts_with('−') => format!("−{symbol}{}", &number['−'.len_utf8()..]),
            (Some(symbol), true) => format!("{symbol}{number}"),
            (Some(symbol), false) => format!("{number}{NBSP}{symbol}"),
            (None, true) => format!("{currency}{NBSP}{number}"),
            (None, false) => format!("{number}{NBSP}{currency}"),
        }
    }

    /// [`money`](Self::money) of a wire amount (`"59.90"`); text that is not a
    /// decimal is shown as it came, with its currency code.
    pub fn money_str(self, amount: &str, currency: &str) -> String {
        match Decimal::from_str(amount) {
            Ok(value) => self.money(value, currency),
            Err(_) => format!("{amount}{NBSP}{currency}"),
        }
    }

    /// The day of `at` in the shop's time zone: `Mar 5, 2026`, `5 mars 2026`, `2026年3月5日`.
    pub fn date(self, at: OffsetDateTime, timezone: &str) -> String {
        let (year, month, day, _, _) = local(at, timezone);
        self.write_date(year, month, day)
    }

    /// The day and time of `at` in the shop's time zone:
    /// `Mar 5, 2026, 2:30 PM`, `5 mars 2026, 14:30`, `2026年3月5日 14:30`.
    pub fn datetime(self, at: OffsetDateTime, timezone: &str) -> String {
        let (year, month, day, hour, minute) = local(at, timezone);
        let mut out = self.write_date(year, month, day);
        match (self.lang, self.day_first) {
            (Lang::En, false) => {
                let (h12, half) = match hour {
                    0 => (12, "AM"),
                    1..=11 => (hour, "AM"),
                    12 => (12, "PM"),
                    _ => (hour - 12, "PM"),
                };
                let _ = write!(out, ", {h12}:{minute:02}{NBSP}{half}");
            }
            (Lang::Ja, _) => {
                let _ = write!(out, " {hour}:{minute:02}");
            }
            _ => {
                let _ = write!(out, ", {hour:02}:{minute:02}");
            }
        }
        out
    }

    fn write_date(self, year: i16, month: i8, day: i8) -> String {
        let index = usize::try_from(month - 1).unwrap_or(0).min(11);
        match (self.lang, self.day_first) {
            (Lang::En, false) => format!("{} {day}, {year}", EN_SHORT[index]),
            (Lang::En, true) => format!("{day} {} {year}", EN_SHORT[index]),
            (Lang::Fr, _) => format!("{day} {} {year}", FR[index]),
            (Lang::De, _) => format!("{day}. {} {year}", DE[index]),
            (Lang::Es, _) => format!("{day} de {} de {year}", ES[index]),
            (Lang::It, _) => format!("{day} {} {year}", IT[index]),
            (Lang::Ja, _) => format!("{year}年{month}月{day}日"),
        }
    }
}

const EN_SHORT: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const IT: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

/// Whether `name` is a time zone of the IANA database (without regard to
/// case), and its canonical spelling: `europe/paris` → `Europe/Paris`.
pub fn timezone(name: &str) -> Result<String, &'static str> {
    const MESSAGE: &str = "must be a time zone of the IANA database, such as Europe/Paris or America/New_York";
    let name = name.trim();
    if name.is_empty() || name.len() > 64 {
        return Err(MESSAGE);
    }
    let zone = jiff::tz::TimeZone::get(name).map_err(|_| MESSAGE)?;
    Ok(zone.iana_name().unwrap_or(name).to_owned())
}

/// `at` in `timezone` (UTC if the name is unknown): year, month, day, hour, minute.
fn local(at: OffsetDateTime, timezone: &str) -> (i16, i8, i8, i8, i8) {
    let zone = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    match jiff::Timestamp::from_second(at.unix_timestamp()) {
        Ok(stamp) => {
            let local = stamp.to_zoned(zone);
            (local.year(), local.month(), local.day(), local.hour(), local.minute())
        }
        Err(_) => {
            let utc = at.to_offset(time::UtcOffset::UTC);
            #[allow(clippy::cast_possible_truncation, reason = "calendar fields are small")]
            let fields =
                (utc.year() as i16, u8::from(utc.month()) as i8, utc.day() as i8, utc.hour() as i8, utc.minute() as i8);
            fields
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn money(tag: &str, amount: &str, currency: &str) -> String {
        Locale::parse(tag).unwrap().money_str(amount, currency).replace(['\u{a0}', '\u{202f}'], " ")
    }

    #[test]
    fn the_issue_examples_are_written_as_each_language_writes_them() {
        assert_eq!(money("fr", "59.90", "EUR"), "59,90 €");
        assert_eq!(money("ja", "12800", "JPY"), "¥12,800");
        assert_eq!(money("en-US", "59.90", "USD"), "$59.90");
        assert_eq!(money("en", "59.90", "EUR"), "€59.90");
    }

    #[test]
    fn amounts_get_exactly_their_currency_decimals() {
        assert_eq!(money("en", "59.9", "EUR"), "€59.90");
        assert_eq!(money("en", "5", "EUR"), "€5.00");
        assert_eq!(money("ja", "12800.00", "JPY"), "¥12,800");
        assert_eq!(money("en", "1.5", "KWD"), "KWD 1.500");
        assert_eq!(money("fr", "1.5", "KWD"), "1,500 KWD");
    }

    #[test]
    fn thousands_are_grouped_per_language() {
        assert_eq!(money("en-GB", "1234567.89", "GBP"), "£1,234,567.89");
        assert_eq!(money("fr-FR", "1234.50", "EUR"), "1 234,50 €");
        assert_eq!(money("de", "1234.50", "EUR"), "1.234,50 €");
        assert_eq!(money("it", "12345.00", "EUR"), "12.345,00 €");
        assert_eq!(money("es", "1234.50", "EUR"), "1234,50 €");
        assert_eq!(money("es", "12345.50", "EUR"), "12.345,50 €");
        assert_eq!(money("en", "999.99", "USD"), "$999.99");
    }

    #[test]
    fn dollars_are_told_apart_outside_the_us() {
        assert_eq!(money("en-GB", "10", "USD"), "US$10.00");
        assert_eq!(money("fr", "10", "USD"), "10,00 $US");
        assert_eq!(money("en", "10", "CHF"), "CHF 10.00");
    }

    #[test]
    fn negative_amounts_keep_the_sign_before_the_symbol() {
        let en = Locale::parse("en").unwrap();
        assert_eq!(en.money(Decimal::new(-500, 2), "EUR"), "−€5.00");
    }

    #[test]
    fn wire_text_that_is_not_a_number_is_shown_as_sent() {
        assert_eq!(money("en", "n/a", "EUR"), "n/a EUR");
    }

    #[test]
    fn tags_are_matched_without_regard_to_case_and_others_refused() {
        assert_eq!(Locale::parse("fr-fr").unwrap().tag(), "fr-FR");
        assert_eq!(Locale::parse("JA").unwrap().tag(), "ja");
        for bad in ["", "xx", "fr-XX", "english", "en_US", "zh"] {
            assert!(Locale::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Locale::of("zz").tag(), "en");
    }

    #[test]
    fn dates_are_written_per_language_in_the_shop_time_zone() {
        // 22:30 UTC on 5 March is already 6 March in Tokyo and still 5 March in New York.
        let at = datetime!(2026-03-05 22:30 UTC);
        let fr = Locale::parse("fr").unwrap();
        assert_eq!(fr.date(at, "Europe/Paris"), "5 mars 2026");
        assert_eq!(fr.datetime(at, "Europe/Paris"), "5 mars 2026, 23:30");
        let ja = Locale::parse("ja").unwrap();
        assert_eq!(ja.datetime(at, "Asia/Tokyo"), "2026年3月6日 7:30");
        let us = Locale::parse("en-US").unwrap();
        assert_eq!(us.datetime(at, "America/New_York").replace('\u{a0}', " "), "Mar 5, 2026, 5:30 PM");
        assert_eq!(Locale::parse("en-GB").unwrap().datetime(at, "Europe/London"), "5 Mar 2026, 22:30");
        assert_eq!(Locale::parse("de").unwrap().date(at, "UTC"), "5. März 2026");
        assert_eq!(Locale::parse("es").unwrap().date(at, "UTC"), "5 de marzo de 2026");
        assert_eq!(Locale::parse("it").unwrap().date(at, "UTC"), "5 marzo 2026");
    }

    #[test]
    fn midnight_and_noon_in_twelve_hour_english() {
        let us = Locale::parse("en").unwrap();
        assert!(us.datetime(datetime!(2026-01-01 00:05 UTC), "UTC").ends_with("12:05\u{a0}AM"));
        assert!(us.datetime(datetime!(2026-01-01 12:05 UTC), "UTC").ends_with("12:05\u{a0}PM"));
    }

    #[test]
    fn iana_names_are_checked_and_spelled_canonically() {
        assert_eq!(timezone("Europe/Paris").unwrap(), "Europe/Paris");
        assert_eq!(timezone("europe/paris").unwrap(), "Europe/Paris");
        assert_eq!(timezone("UTC").unwrap(), "UTC");
        assert_eq!(timezone("Asia/Tokyo").unwrap(), "Asia/Tokyo");
        for bad in ["", "Mars/Olympus", "Europe/Pariss", "+02:00", "../../etc/passwd", &"A".repeat(65)] {
            assert!(timezone(bad).is_err(), "{bad}");
        }
    }
}
