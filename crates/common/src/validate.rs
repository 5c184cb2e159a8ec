//! Collecting every invalid field of a request into one 422 answer, so a
//! client (and the dashboard's form) learns about all its mistakes at once.

use vitrine_models::FieldError;

use crate::ApiError;

/// Accumulates field errors while a request body is parsed into domain types.
///
/// ```
/// # use vitrine_common::validate::Fields;
/// let mut fields = Fields::default();
/// let age: Option<u8> = fields.check("age", "300".parse::<u8>().map_err(|_| "must be 0 to 255"));
/// assert!(age.is_none());
/// assert!(fields.finish().is_err());
/// ```
#[derive(Debug, Default)]
pub struct Fields {
    errors: Vec<FieldError>,
}

impl Fields {
    /// Keeps `result`'s value, or records its error under `field`.
    pub fn check<T, E: ToString>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.errors.push(FieldError::new(field, message.to_string()));
                None
            }
        }
    }

    /// Like [`check`](Self::check) for an optional field: absent stays `Some(None)`.
    pub fn check_opt<T, E: ToString>(&mut self, field: &str, result: Option<Result<T, E>>) -> Option<Option<T>> {
        match result {
            None => Some(None),
            Some(result) => self.check(field, result).map(Some),
        }
    }

    /// Records an error that no parser returned (a cross-field rule).
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// Whether no error has been recorded so far.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok` when every field was valid, else the 422 listing them all.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() { Ok(()) } else { Err(ApiError::validation(self.errors)) }
    }

    /// The 422 for what has been recorded (use when a value is missing after checks).
    pub fn into_error(self) -> ApiError {
        ApiError::validation(self.errors)
    }
}
