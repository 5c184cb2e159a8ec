//! The most common passwords, refused for new passwords as NIST SP 800-63B
//! (§5.1.1.2) asks: "passwords obtained from previous breach corpuses" and
//! "commonly-used" ones must be refused, with no composition rules instead.
//!
//! The list is the 20,000 most common passwords of Royce Williams's corpus
//! (unhexed, lower-cased, de-duplicated: 19,640 entries) as Django ships it
//! for its `CommonPasswordValidator`: `django/contrib/auth/common-passwords.txt.gz`
//! of the Django 5.2.19 wheel on PyPI, decompressed as is. Django is BSD-3-Clause;
//! its licence is `common-passwords.LICENSE` beside the list. Entries shorter
//! than the 8-character minimum are kept so the list stays the published one;
//! the length rule refuses those passwords first anyway.

use std::collections::HashSet;
use std::sync::LazyLock;

/// The list as shipped, one lower-case password a line.
const LIST: &str = include_str!("common-passwords.txt");

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| LIST.lines().collect());

/// How many passwords the list holds.
pub fn len() -> usize {
    COMMON.len()
}

/// Whether `password` is one of the common passwords, compared without
/// regard to case (the list is lower case, so `Password1` is as weak as `password1`).
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON.contains(lower.as_str())
}

/// The reasons a new password is refused beyond its length, in words for the
/// person typing it; `None` when it may be used.
///
/// Blank (only spaces or other white space) and common passwords are refused.
pub fn weakness(password: &str) -> Option<&'static str> {
    if password.chars().all(char::is_whitespace) {
        Some("must not be only spaces")
    } else if is_common(password) {
        Some("is one of the most common passwords, which attackers try first: choose another")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_at_least_the_top_ten_thousand() {
        assert!(len() >= 19_000, "{}", len());
    }

    #[test]
    fn common_passwords_are_refused_without_regard_to_case() {
        for weak in ["password", "Password", "PASSWORD1", "12345678", "qwertyuiop", "iloveyou", "football"] {
            assert!(weakness(weak).is_some(), "{weak}");
        }
    }

    #[test]
    fn blank_passwords_are_refused() {
        for blank in ["        ", "\t\t\t\t\t\t\t\t", " \u{a0} \u{3000}     "] {
            assert_eq!(weakness(blank), Some("must not be only spaces"), "{blank:?}");
        }
    }

    #[test]
    fn uncommon_passwords_pass() {
        for good in ["correct horse", "linen shirts 2026", "Zt8#q!wL0pp", " leading space ok"] {
            assert_eq!(weakness(good), None, "{good}");
        }
    }
}
