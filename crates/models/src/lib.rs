//! Vitrine's wire types: what every service accepts and answers, with the
//! OpenAPI schemas the Swagger pages and the dashboard's client are built from.
//!
//! Types here are plain data: validation lives in each service's domain
//! newtypes ("parse, don't validate"), which turn these into trusted values.

pub mod builder;
pub mod checkout;
pub mod customer;
pub mod experiment;
pub mod media;
pub mod notifier;
pub mod nullable;
pub mod page;
pub mod problem;
pub mod promotion;
pub mod site;

pub use page::Page;
pub use problem::{FieldError, Problem};
