//! Payments behind a provider interface (decision 14). Checkout commits the
//! order (and the stock it takes) first, then asks the provider, then records
//! the outcome: no lock is held while a provider answers.
//!
//! The provider here is simulated, after Stripe's test cards: a few numbers
//! are declined with their reason, every other valid number is captured.

use std::future::Future;
use std::pin::Pin;

use rust_decimal::Decimal;
use uuid::Uuid;

use crate::domain::Card;

/// What checkout asks a provider to charge.
#[derive(Debug, Clone)]
pub struct Charge {
    /// The order being paid (a real provider's idempotency key).
    pub order_id: Uuid,
    /// The order's total.
    pub amount: Decimal,
    /// Its currency.
    pub currency: String,
    /// The card (the number goes to the provider, nowhere else).
    pub card: Card,
}

/// A provider's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChargeOutcome {
    /// The money is taken.
    Captured,
    /// The card was refused, for this reason (`card_declined`, `insufficient_funds`…).
    Declined(&'static str),
}

/// A provider that failed to give an answer (network, timeout, outage):
/// nothing was charged, as far as checkout knows.
#[derive(Debug, thiserror::Error)]
#[error("payment provider failed: {0}")]
pub struct ProviderError(pub String);

/// The future a provider answers with.
pub type ChargeFuture<'a> = Pin<Box<dyn Future<Output = Result<ChargeOutcome, ProviderError>> + Send + 'a>>;

/// Who charges cards.
pub trait PaymentProvider: Send + Sync + 'static {
    /// Charges `charge`; called with no transaction open.
    fn charge<'a>(&'a self, charge: &'a Charge) -> ChargeFuture<'a>;
    /// Gives a captured charge back (an order canceled after payment).
    fn refund<'a>(
        &'a self,
        order_id: Uuid,
        amount: Decimal,
    ) -> Pin<Box<dyn Future<Output = Result<(), ProviderError>> + Send + 'a>>;
}

/// The simulated card provider: Stripe's test cards.
#[derive(Debug, Clone, Copy, Default)]
pub struct SimulatedCards;

impl SimulatedCards {
    /// The outcome for a card number.
    pub fn outcome(number: &str) -> ChargeOutcome {
        match number {
            "4000000000000002" => ChargeOutcome::Declined("card_declined"),
            "4000000000009995" => ChargeOutcome::Declined("insufficient_funds"),
            "4000000000000069" => ChargeOutcome::Declined("expired_card"),
            "4000000000000127" => ChargeOutcome::Declined("incorrect_cvc"),
            _ => ChargeOutcome::Captured,
        }
    }
}

impl PaymentProvider for SimulatedCards {
    fn charge<'a>(&'a self, charge: &'a Charge) -> ChargeFuture<'a> {
        Box::pin(async move { Ok(Self::outcome(charge.card.number())) })
    }

    fn refund<'a>(
        &'a self,
        _order_id: Uuid,
        _amount: Decimal,
    ) -> Pin<Box<dyn Future<Output = Result<(), ProviderError>> + Send + 'a>> {
        Box::pin(async { Ok(()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripe_test_cards_decline_with_their_reason() {
        assert_eq!(SimulatedCards::outcome("4242424242424242"), ChargeOutcome::Captured);
        assert_eq!(SimulatedCards::outcome("4000000000000002"), ChargeOutcome::Declined("card_declined"));
        assert_eq!(SimulatedCards::outcome("4000000000009995"), ChargeOutcome::Declined("insufficient_funds"));
        assert_eq!(SimulatedCards::outcome("4000000000000069"), ChargeOutcome::Declined("expired_card"));
        assert_eq!(SimulatedCards::outcome("4000000000000127"), ChargeOutcome::Declined("incorrect_cvc"));
    }
}
