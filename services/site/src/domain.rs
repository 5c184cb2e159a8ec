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

/// A search, from the text of `?q=`: what each arm of the search predicate
/// (`services/site/queries/*_search.sql`, docs/adr/0021) is given. `None`
/// for an arm that does not apply to this text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// The words as a prefix-matching `tsquery` (`'linen':* & 'shirt':*`),
    /// matched unaccented as written and stemmed in the shop's language.
    pub tsquery: Option<String>,
    /// A `LIKE` pattern for text in a script written without spaces
    /// (Japanese, Chinese, Korean, Thai): a word there is a substring.
    pub like: Option<String>,
    /// The words, for typo-tolerant trigram word similarity (4 letters or more).
    pub fuzzy: Option<String>,
    /// A lower-case `LIKE` prefix pattern for the merchant's SKU search.
    pub sku: Option<String>,
}

impl Search {
    /// Whether the text searches product text (the storefront's arms): a
    /// search for a lone letter does not, and lists everything.
    pub fn searches_text(&self) -> bool {
        self.tsquery.is_some() || self.like.is_some() || self.fuzzy.is_some()
    }
}

/// Whether `c` belongs to a script written without spaces between words.
fn unspaced_script(c: char) -> bool {
    matches!(u32::from(c),
        0x0E00..=0x0E7F     // Thai
        | 0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xAC00..=0xD7AF   // Hangul syllables
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0xFF66..=0xFF9F   // half-width Katakana
        | 0x20000..=0x2FA1F) // CJK extensions B to F
}

/// Escapes `LIKE`'s special characters (the default escape is `\`).
fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A search from the text of `?q=`, or `None` when nothing is left to search.
///
/// Only letters and digits are kept in the `tsquery` and each word is
/// quoted, so the text handed to `to_tsquery` can never be a tsquery syntax
/// error (which would be a 500): every other character separates words, and
/// a word the text-search parser splits further becomes a phrase instead of
/// two bare terms.
///
/// One-character words are ignored (as a prefix, `a` matches most of any
/// catalog: `q=a a a a` made every page of a search sort the whole catalog),
/// and repeated words count once; at most 8 distinct words are kept. The
/// substring pattern needs two characters of an unspaced script, the typo
/// tolerance four letters (fewer would match nearly anything), the SKU
/// prefix one character and no space.
pub fn search_query(q: &str) -> Option<Search> {
    let q: String = q.trim().chars().take(200).collect();
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
    let tsquery = (!terms.is_empty()).then(|| terms.join(" & "));

    let unspaced = q.chars().filter(|c| unspaced_script(*c)).count();
    let like = (unspaced >= 2).then(|| {
        let parts: Vec<String> = q.split_whitespace().map(like_escape).collect();
        format!("%{}%", parts.join("%"))
    });
    let letters: usize = words.iter().map(|word| word.chars().count()).sum();
    let fuzzy = (unspaced == 0 && letters >= 4).then(|| words.join(" "));
    let sku = (!q.is_empty() && q.chars().count() <= 64 && !q.chars().any(char::is_whitespace))
        .then(|| format!("{}%", like_escape(&q.to_lowercase())));

    let search = Search { tsquery, like, fuzzy, sku };
    (search.searches_text() || search.sku.is_some()).then_some(search)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn searches_ignore_one_character_words_and_repeats() {
        let tsquery = |q: &str| search_query(q).and_then(|search| search.tsquery);
        assert_eq!(tsquery("a a a a a a a a"), None);
        assert_eq!(search_query("a a a a a a a a"), None);
        assert!(!search_query("a").unwrap().searches_text(), "only a SKU prefix is left");
        assert_eq!(tsquery("a b c mug"), Some("'mug':*".to_owned()));
        assert_eq!(tsquery("Mug mug MUG blue"), Some("'mug':* & 'blue':*".to_owned()));
        let many = (0..20).map(|n| format!("w{n}")).collect::<Vec<_>>().join(" ");
        assert_eq!(tsquery(&many).unwrap().matches(" & ").count(), 7);
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
        let tsquery = |q: &str| search_query(q).and_then(|search| search.tsquery);
        assert_eq!(tsquery("Linen  SHIRT").as_deref(), Some("'linen':* & 'shirt':*"));
        assert_eq!(tsquery("ab'bc & cd:* | !(de)").as_deref(), Some("'ab':* & 'bc':* & 'cd':* & 'de':*"));
        assert_eq!(tsquery(" ' & | "), None);
        assert_eq!(tsquery("café").as_deref(), Some("'café':*"));
    }

    #[test]
    fn japanese_text_is_also_searched_as_a_substring() {
        let search = search_query("白い シャツ").unwrap();
        assert_eq!(search.like.as_deref(), Some("%白い%シャツ%"));
        assert_eq!(search.fuzzy, None, "trigram similarity of a whole unspaced phrase finds nothing useful");
        assert_eq!(search_query("chemise").unwrap().like, None);
        assert_eq!(search_query("靴").unwrap().like, None, "one character has no trigram");
    }

    #[test]
    fn typo_tolerance_needs_four_letters() {
        assert_eq!(search_query("chmise").unwrap().fuzzy.as_deref(), Some("chmise"));
        assert_eq!(search_query("Linen SHIRT").unwrap().fuzzy.as_deref(), Some("linen shirt"));
        assert_eq!(search_query("mug").unwrap().fuzzy, None);
    }

    #[test]
    fn sku_prefixes_are_lower_case_escaped_and_without_spaces() {
        assert_eq!(search_query("SHIRT-M").unwrap().sku.as_deref(), Some("shirt-m%"));
        assert_eq!(search_query("50%_off").unwrap().sku.as_deref(), Some("50\\%\\_off%"));
        assert_eq!(search_query("linen shirt").unwrap().sku, None);
        assert_eq!(search_query("   "), None);
    }
}
