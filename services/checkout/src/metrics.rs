//! The checkout's business metrics (Prometheus names, see ARCHITECTURE.md).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;

/// Checkouts by outcome: `paid`, `declined`, `out_of_stock`, `invalid`, `error`.
pub fn checkout(outcome: &'static str) {
    metrics::counter!("vitrine_checkouts_total", "outcome" => outcome).increment(1);
}

/// A paid order's total, in currency units.
pub fn order_value(total: Decimal, currency: &str) {
    metrics::histogram!("vitrine_order_value", "currency" => currency.to_owned()).record(total.to_f64().unwrap_or(0.0));
}

/// Orders in `pending_payment` now (refreshed by the sweeper).
pub fn pending_payment(count: i64) {
    metrics::gauge!("vitrine_orders_pending_payment").set(count.to_f64().unwrap_or(0.0));
}
