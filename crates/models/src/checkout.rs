//! Wire types of the checkout service: carts, checkout, orders, payments,
//! and the merchant's order management and stats.
//!
//! Money is an exact decimal string with exactly the decimals of `currency`
//! (EUR 2, JPY 0, KWD 3), never a float.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::promotion::PromotionType;

/// A line to put in a cart (or in a manual order).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LineInput {
    pub variant_id: Uuid,
    /// 1 to 999.
    #[schema(minimum = 1, maximum = 999, example = 1)]
    pub quantity: i64,
}

/// A new cart, optionally with its first lines.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct CreateCart {
    #[serde(default)]
    pub lines: Vec<LineInput>,
}

/// A new quantity for a cart line (0 removes the line).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UpdateLine {
    #[schema(minimum = 0, maximum = 999)]
    pub quantity: i64,
}

/// A discount code to apply to a cart.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplyDiscount {
    /// The code, in any case.
    #[schema(example = "SUMMER10")]
    pub code: String,
}

/// The discount a cart or an order gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Discount {
    /// As the merchant spelled it.
    pub code: String,
    #[serde(rename = "type")]
    pub kind: PromotionType,
    /// The promotion's value: a percentage, or an amount in the cart's currency.
    #[schema(example = "10")]
    pub value: String,
    /// What it takes off the subtotal, in the cart's currency.
    #[schema(example = "4.50")]
    pub amount: String,
}

/// Why a cart cannot be checked out as it is (or why its discount is 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// The line asks for more than the stock now.
    InsufficientStock,
    /// The variant (or its product, or its site) is gone: remove the line.
    VariantUnavailable,
    /// The cart's discount code does not apply now.
    DiscountNotApplicable,
}

/// Something the shopper should fix before checking out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Warning {
    /// The line concerned (`null` for the discount).
    pub line_id: Option<Uuid>,
    pub code: WarningCode,
    pub message: String,
}

/// A cart line, with the catalog as it is now.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CartLine {
    pub id: Uuid,
    pub variant_id: Uuid,
    /// `null` once the variant is gone.
    pub product_id: Option<Uuid>,
    pub product_title: Option<String>,
    pub product_slug: Option<String>,
    pub sku: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub attributes: Option<serde_json::Value>,
    /// The live price (`null` once the variant is gone).
    #[schema(example = "39.00")]
    pub unit_price: Option<String>,
    pub quantity: i64,
    #[schema(example = "78.00")]
    pub line_total: String,
    /// The stock now (0 once the variant is gone).
    pub available: i64,
}

/// A shopper's cart: whoever holds `token` holds the cart.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Cart {
    /// 32 random bytes, base64url.
    pub token: String,
    pub site_id: Uuid,
    /// `null` while the cart is empty.
    #[schema(example = "EUR")]
    pub currency: Option<String>,
    pub lines: Vec<CartLine>,
    pub discount: Option<Discount>,
    #[schema(example = "78.00")]
    pub subtotal: String,
    #[schema(example = "7.80")]
    pub discount_total: String,
    #[schema(example = "70.20")]
    pub total: String,
    /// The sum of the quantities.
    pub item_count: i64,
    pub warnings: Vec<Warning>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// Where an order goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShippingAddress {
    /// 1 to 100 characters.
    #[schema(example = "Ada Lovelace")]
    pub name: String,
    /// 1 to 200 characters.
    #[schema(example = "12 St James's Square")]
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    #[schema(example = "London")]
    pub city: String,
    #[schema(example = "SW1Y 4JH")]
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, upper case.
    #[schema(example = "GB", pattern = "^[A-Z]{2}$")]
    pub country: String,
}

/// The card a shopper pays with. Never stored nor logged: only its brand and
/// last 4 digits are kept.
#[derive(Clone, Serialize, Deserialize, ToSchema)]
pub struct CardInput {
    /// 12 to 19 digits (spaces allowed), Luhn-valid.
    #[schema(example = "4242424242424242")]
    pub card_number: String,
    #[schema(example = 12, minimum = 1, maximum = 12)]
    pub exp_month: i64,
    #[schema(example = 2030)]
    pub exp_year: i64,
    /// 3 or 4 digits.
    #[schema(example = "123")]
    pub cvc: String,
}

impl std::fmt::Debug for CardInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardInput").finish_non_exhaustive()
    }
}

/// A checkout: who pays, where it goes, the card.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Checkout {
    /// Optional with a shopper token (the account's e-mail).
    #[serde(default)]
    #[schema(example = "ada@example.com")]
    pub email: Option<String>,
    pub shipping_address: ShippingAddress,
    pub payment: CardInput,
    /// The visitor key the storefront used for A/B assignment (default: the cart token).
    #[serde(default)]
    pub experiment_key: Option<String>,
}

/// Where an order is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    PendingPayment,
    Paid,
    Fulfilled,
    Canceled,
}

impl OrderStatus {
    /// The wire (and database) name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingPayment => "pending_payment",
            Self::Paid => "paid",
            Self::Fulfilled => "fulfilled",
            Self::Canceled => "canceled",
        }
    }

    /// The status named `name` (database text).
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "pending_payment" => Some(Self::PendingPayment),
            "paid" => Some(Self::Paid),
            "fulfilled" => Some(Self::Fulfilled),
            "canceled" => Some(Self::Canceled),
            _ => None,
        }
    }
}

/// How an order was paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Card,
    Manual,
}

/// Where a payment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Pending,
    Captured,
    Refunded,
}

/// An order's payment: only the card's brand and last 4 digits.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Payment {
    pub method: PaymentMethod,
    pub status: PaymentStatus,
    #[schema(example = "visa")]
    pub brand: Option<String>,
    #[schema(example = "4242")]
    pub last4: Option<String>,
    #[schema(example = "70.20")]
    pub amount: String,
}

/// An order line, frozen at checkout.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OrderLine {
    pub variant_id: Uuid,
    pub product_id: Uuid,
    pub product_title: String,
    pub sku: String,
    #[schema(value_type = Object)]
    pub attributes: serde_json::Value,
    #[schema(example = "39.00")]
    pub unit_price: String,
    pub quantity: i64,
    #[schema(example = "78.00")]
    pub line_total: String,
}

/// One step of an order's life (merchant view).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct History {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub status: OrderStatus,
    pub note: Option<String>,
}

/// An order. The public view (receipt) adds `token`; the merchant view adds `history`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Order {
    pub id: Uuid,
    /// From 1001, per site.
    #[schema(example = 1001)]
    pub number: i64,
    pub site_id: Uuid,
    pub status: OrderStatus,
    pub email: String,
    pub customer_id: Option<Uuid>,
    pub shipping_address: Option<ShippingAddress>,
    pub lines: Vec<OrderLine>,
    #[schema(example = "EUR")]
    pub currency: String,
    pub subtotal: String,
    pub discount: Option<Discount>,
    pub discount_total: String,
    pub total: String,
    pub payment: Option<Payment>,
    pub note: Option<String>,
    pub tracking_number: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub paid_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub fulfilled_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub canceled_at: Option<OffsetDateTime>,
    pub cancel_reason: Option<String>,
    /// The receipt's token (public view only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Oldest first (merchant view only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<History>>,
}

/// An order event (decision 13), as written to the outbox and delivered to webhooks.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OrderEvent {
    pub id: Uuid,
    /// `order.created`, `order.paid`, `order.fulfilled`, `order.canceled` or `order.deleted`.
    #[serde(rename = "type")]
    pub kind: String,
    pub site_id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The order (merchant view).
    pub data: Order,
}

/// A manual order (a phone or counter sale).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreateManualOrder {
    pub email: String,
    pub lines: Vec<LineInput>,
    #[serde(default)]
    pub shipping_address: Option<ShippingAddress>,
    #[serde(default)]
    pub note: Option<String>,
    /// Record a `manual` payment at once.
    #[serde(default)]
    pub paid: Option<bool>,
}

/// A change to an order (absent fields stay).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct UpdateOrder {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "crate::nullable::field")]
    #[schema(value_type = Option<ShippingAddress>)]
    pub shipping_address: Option<Option<ShippingAddress>>,
    #[serde(default, deserialize_with = "crate::nullable::field")]
    #[schema(value_type = Option<String>)]
    pub note: Option<Option<String>>,
}

/// Fulfilling a paid order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct FulfillOrder {
    #[serde(default)]
    pub tracking_number: Option<String>,
}

/// Canceling an order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct CancelOrder {
    #[serde(default)]
    pub reason: Option<String>,
}

/// One UTC day of sales.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DayStats {
    /// The UTC day, `YYYY-MM-DD`.
    #[schema(format = Date, example = "2026-11-29")]
    pub date: String,
    pub orders: i64,
    pub revenue: String,
}

/// A best-selling product.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProductStats {
    pub product_id: Uuid,
    pub title: String,
    pub quantity: i64,
    pub revenue: String,
}

/// A site's sales over a period, from paid and fulfilled orders.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Stats {
    pub currency: Option<String>,
    pub orders: i64,
    pub revenue: String,
    pub average_order_value: String,
    pub by_day: Vec<DayStats>,
    pub top_products: Vec<ProductStats>,
}
