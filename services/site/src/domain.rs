//! The catalog's domain types: the only ways in for untrusted input.

use serde_json::Value;

/// A category name: 1 to 100 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryName(String);

impl CategoryName {
    /// Checks a name as sent.
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        let trimmed = value.trim();
        match trimmed.chars().count() {
            0 => Err("must not be empty"),
            1..=100 => Ok(Self(trimmed.to_owned())),
            _ => Err("must be at most 100 characters"),
        }
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A product title: 1 to 200 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    /// Checks a title as sent.
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        let trimmed = value.trim();
        match trimmed.chars().count() {
            0 => Err("must not be empty"),
            1..=200 => Ok(Self(trimmed.to_owned())),
            _ => Err("must be at most 200 characters"),
        }
    }

    /// The title as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A product description: at most 10,000 characters; blank means none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description;

impl Description {
    /// The description to store (`None` for a blank one).
    pub fn parse(value: &str) -> Result<Option<String>, &'static str> {
        if value.chars().count() > 10_000 {
            return Err("must be at most 10000 characters");
        }
        let trimmed = value.trim();
        Ok((!trimmed.is_empty()).then(|| trimmed.to_owned()))
    }
}

/// A stock-keeping unit: 1 to 64 visible characters, no spaces. Unique per site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sku(String);

impl Sku {
    /// Checks a SKU as sent.
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        if value.is_empty() || value.chars().count() > 64 {
            return Err("must be 1 to 64 characters");
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("must not contain spaces or control characters");
        }
        Ok(Self(value.to_owned()))
    }

    /// The SKU as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Variant attributes: a JSON object of at most 50 members, 4 KiB serialized,
/// its members in the order they were typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Attributes(vitrine_models::site::Attributes);

impl Attributes {
    /// Checks attributes as sent.
    pub fn parse(value: vitrine_models::site::AttributesInput) -> Result<Self, &'static str> {
        let vitrine_models::site::AttributesInput::Object(value) = value else {
            return Err("must be a JSON object, e.g. {\"size\": \"M\"}");
        };
        if value.len() > 50 || value.to_value().to_string().len() > 4096 {
            return Err("must have at most 50 members and 4 KiB");
        }
        Ok(Self(value))
    }

    /// The attributes as a JSON object (stored as jsonb, which sorts its keys).
    pub fn to_value(&self) -> Value {
        self.0.to_value()
    }

    /// The member names in the order typed (stored beside the jsonb object).
    pub fn order(&self) -> Vec<String> {
        self.0.names()
    }

    /// The members' values, in order, as text (for a generated SKU).
    pub fn values(&self) -> impl Iterator<Item = String> + '_ {
        self.0.iter().map(|(_, value)| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        })
    }
}

/// A stock quantity: 0 to 2,147,483,647.
pub fn stock_qty(value: i64) -> Result<i32, &'static str> {
    if value < 0 {
        return Err("must be 0 or more");
    }
    i32::try_from(value).map_err(|_| "is too large")
}

/// A storefront search: the words of `?q=` as a prefix-matching `tsquery`
/// (`'linen':* & 'shirt':*`), or `None` when no word remains.
///
/// Only letters and digits are kept and each word is quoted, so the text
/// handed to `to_tsquery` can never be a tsquery syntax error (which would be
/// a 500): every other character separates words, and a word the text-search
/// parser splits further becomes a phrase instead of two bare terms.
///
/// One-character words are ignored (as a prefix, `a` matches most of any
/// catalog: `q=a a a a` made every page of a search sort the whole catalog),
/// and repeated words count once; at most 8 distinct words are kept.
pub fn search_query(q: &str) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    for word in q.split(|c: char| !c.is_alphanumeric()) {
        if word.chars().count() < 2 {
            continue;
        }
        let word = word.chars().take(64).collect::<String>().to_lowercase();
        if !words.contains(&word) {
            words.push(word);
        }
        if words.len() == 8 {
            break;
        }
    }
    let terms: Vec<String> = words.iter().map(|word| format!("'{word}':*")).collect();
    (!terms.is_empty()).then(|| terms.join(" & "))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn searches_ignore_one_character_words_and_repeats() {
        assert_eq!(search_query("a a a a a a a a"), None);
        assert_eq!(search_query("a b c mug"), Some("'mug':*".to_owned()));
        assert_eq!(search_query("Mug mug MUG blue"), Some("'mug':* & 'blue':*".to_owned()));
        let many = (0..20).map(|n| format!("w{n}")).collect::<Vec<_>>().join(" ");
        assert_eq!(search_query(&many).unwrap().matches(" & ").count(), 7);
    }

    #[test]
    fn names_and_titles_are_trimmed_and_bounded() {
        assert_eq!(CategoryName::parse("  Shoes ").unwrap().as_str(), "Shoes");
        assert!(CategoryName::parse("   ").is_err());
        assert!(CategoryName::parse(&"x".repeat(101)).is_err());
        assert_eq!(Title::parse(" Linen shirt ").unwrap().as_str(), "Linen shirt");
        assert!(Title::parse("").is_err());
        assert!(Title::parse(&"é".repeat(201)).is_err());
    }

    #[test]
    fn blank_descriptions_are_none() {
        assert_eq!(Description::parse("  ").unwrap(), None);
        assert_eq!(Description::parse(" Soft. ").unwrap().as_deref(), Some("Soft."));
        assert!(Description::parse(&"x".repeat(10_001)).is_err());
    }

    #[test]
    fn skus_have_no_spaces() {
        assert!(Sku::parse("SHIRT-M").is_ok());
        for bad in ["", "A B", "tab\there", &"x".repeat(65)] {
            assert!(Sku::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn attributes_are_objects() {
        use vitrine_models::site::{Attributes as Members, AttributesInput};
        let one = Members::new(vec![("size".into(), json!("M"))]);
        assert!(Attributes::parse(AttributesInput::Object(one)).is_ok());
        let many = (0..51).map(|n| (format!("k{n}"), json!(n))).collect();
        assert!(Attributes::parse(AttributesInput::Object(Members::new(many))).is_err());
        let big = Members::new(vec![("note".into(), json!("x".repeat(4100)))]);
        assert!(Attributes::parse(AttributesInput::Object(big)).is_err());
        for bad in [json!([1]), json!("M"), json!(3)] {
            assert!(Attributes::parse(AttributesInput::Other(bad.clone())).is_err(), "{bad}");
        }
    }

    #[test]
    fn stock_is_never_negative() {
        assert_eq!(stock_qty(0), Ok(0));
        assert!(stock_qty(-1).is_err());
        assert!(stock_qty(i64::from(i32::MAX) + 1).is_err());
    }

    #[test]
    fn searches_keep_only_words_as_prefixes() {
        assert_eq!(search_query("Linen  SHIRT").as_deref(), Some("'linen':* & 'shirt':*"));
        assert_eq!(search_query("ab'bc & cd:* | !(de)").as_deref(), Some("'ab':* & 'bc':* & 'cd':* & 'de':*"));
        assert_eq!(search_query(" ' & | "), None);
        assert_eq!(search_query("café").as_deref(), Some("'café':*"));
    }
}
