//! The storefront's commerce pages, server-rendered in the shop's one look
//! (`vitrine-storefront`) and working without JavaScript:
//!
//! - `GET /site/{slug}/cart`: lines, quantity changes, removal, a discount
//!   code, totals, "Checkout"; `POST /site/{slug}/cart/add` (`variant_id`,
//!   `quantity`, from the product page), `…/cart/lines/{line_id}`
//!   (`quantity`, 0 removes), `…/cart/lines/{line_id}/remove`,
//!   `…/cart/discount` (`code`) and `…/cart/discount/remove`.
//! - `GET|POST /site/{slug}/checkout`: e-mail, shipping address, card; errors
//!   on the same page with what was typed kept; 303 to the receipt once paid.
//! - `GET /site/{slug}/orders/{order_token}`: the receipt.
//!
//! The handlers call the JSON API's own functions (no HTTP): the rules are
//! the API's. The cart's token lives in an `HttpOnly; SameSite=Lax` cookie
//! scoped to `/site/{slug}`; posts from another origin get a 403; a visitor
//! key cookie is the experiment key (assigned at cart creation, converted at
//! checkout); a signed-in shopper's cookie attaches the cart to the customer.

use std::collections::HashMap;

use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;
use vitrine_common::shopper::{MaybeShopper, Shopper};
use vitrine_common::sites::{PublicSite, find_by_slug};
use vitrine_common::{ApiError, Json, Path};
use vitrine_models::Problem;
use vitrine_models::checkout::{Cart, LineInput, Order, UpdateLine};
use vitrine_storefront::{CART_COOKIE, Cookies, Header, Locale, SHOPPER_COOKIE, private_page, read_cookie, see_other};

use crate::carts::{self, CartPath, LinePath};
use crate::receipts::{self, ReceiptPath};
use crate::{AppState, checkout, domain};

/// Carts are kept 30 days, like the API's idle expiry.
const CART_MAX_AGE: u64 = 30 * 24 * 3600;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/site/{site_slug}/cart", get(cart_page))
        .route("/site/{site_slug}/cart/add", post(add))
        .route("/site/{site_slug}/cart/lines/{line_id}", post(update))
        .route("/site/{site_slug}/cart/lines/{line_id}/remove", post(remove))
        .route("/site/{site_slug}/cart/discount", post(discount))
        .route("/site/{site_slug}/cart/discount/remove", post(remove_discount))
        .route("/site/{site_slug}/checkout", get(checkout_page).post(place_order))
        .route("/site/{site_slug}/orders/{order_token}", get(receipt_page))
}

/// Who is asking: the shop, the visitor's cookies, the signed-in shopper.
struct Visit {
    site: PublicSite,
    secure: bool,
    visitor: String,
    /// `Set-Cookie` headers to send with the answer.
    set_cookies: Vec<HeaderValue>,
    cart_token: Option<String>,
    shopper: Option<Shopper>,
}

impl Visit {
    /// The visit of shop `slug`, or the 404 page.
    async fn start(state: &AppState, slug: &str, headers: &HeaderMap) -> Result<Self, Response> {
        let site = match find_by_slug(&state.pool, slug).await {
            Ok(Some(site)) if slug.len() <= vitrine_common::slug::MAX_LEN => site,
            Ok(_) => return Err(not_found_shop()),
            Err(err) => {
                tracing::error!(error = %err, "reading the shop failed");
                return Err(unavailable());
            }
        };
        let cookies = Cookies::new(&site.slug, &state.settings.public_url);
        let (visitor, new_cookie) = vitrine_storefront::visitor(headers, &cookies);
        let cart_token = read_cookie(headers, CART_COOKIE).filter(|t| domain::looks_like_token(t)).map(str::to_owned);
        // An expired or foreign shopper token is simply not a session.
        let shopper = read_cookie(headers, SHOPPER_COOKIE)
            .and_then(|token| state.shoppers.verify(token).ok())
            .map(|claims| Shopper { id: claims.sub, site_id: claims.site, issued_at: claims.iat })
            .filter(|shopper| shopper.site_id == site.id);
        // Nor is a token its account revoked (a logout elsewhere, a deleted account).
        let shopper = match shopper {
            Some(shopper) => match crate::signed_in::is_current(&state.pool, site.id, &shopper).await {
                Ok(current) => current.then_some(shopper),
                Err(err) => {
                    tracing::error!(error = %err, "checking the shopper's session failed");
                    return Err(unavailable());
                }
            },
            None => None,
        };
        let secure = cookies.secure;
        Ok(Self { site, secure, visitor, set_cookies: new_cookie.into_iter().collect(), cart_token, shopper })
    }

    fn cookies(&self) -> Cookies<'_> {
        Cookies { slug: &self.site.slug, secure: self.secure }
    }

    fn header(&self, cart_items: i64) -> Header<'_> {
        Header {
            name: &self.site.name,
            slug: &self.site.slug,
            cart_items,
            signed_in: self.shopper.is_some(),
            locale: self.locale(),
        }
    }

    /// The shop's language: how its pages write money and dates.
    fn locale(&self) -> Locale {
        Locale::of(&self.site.language)
    }

    fn shopper(&self) -> MaybeShopper {
        MaybeShopper(self.shopper)
    }

    fn cart_path(&self, token: &str) -> CartPath {
        CartPath { site_slug: self.site.slug.clone(), cart_token: token.to_owned() }
    }

    fn href(&self, rest: &str) -> String {
        format!("/site/{}{rest}", self.site.slug)
    }

    /// The visitor's open cart, if any.
    async fn cart(&self, state: &AppState) -> Option<Cart> {
        let token = self.cart_token.as_ref()?;
        carts::get_cart(State(state.clone()), self.site.clone(), self.shopper(), Path(self.cart_path(token)))
            .await
            .ok()
            .map(|json| json.0)
    }

    /// `response` with this visit's cookies.
    fn finish(self, mut response: Response) -> Response {
        for cookie in self.set_cookies {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
        response
    }
}

/// The page of a post refused before anything: 403 from another origin.
fn refuse_foreign(state: &AppState, headers: &HeaderMap) -> Option<Response> {
    (!vitrine_storefront::same_origin(headers, &state.settings.public_url)).then(vitrine_storefront::forbidden_origin)
}

fn not_found_shop() -> Response {
    private_page(
        StatusCode::NOT_FOUND,
        vitrine_storefront::notice(
            "Shop not found",
            None,
            "404",
            "This shop doesn't exist",
            "The address may be mistyped, or the shop has closed.",
            None,
        ),
    )
}

fn unavailable() -> Response {
    private_page(
        StatusCode::SERVICE_UNAVAILABLE,
        vitrine_storefront::notice(
            "Temporarily unavailable",
            None,
            "503",
            "We'll be right back",
            "The shop can't be shown right now. Please try again in a moment.",
            None,
        ),
    )
}

/// An amount as the shop's language writes it (`59,90 €`, `¥12,800`).
fn money(locale: Locale, amount: &str, currency: &str) -> Markup {
    html! { span.price { (locale.money_str(amount, currency)) } }
}

fn attributes(value: Option<&serde_json::Value>) -> Markup {
    let Some(members) = value.and_then(|v| v.as_object()) else {
        return html! {};
    };
    html! {
        @for (key, value) in members {
            span.chip { b { (key) } @match value { serde_json::Value::String(text) => (text), other => (other.to_string()) } }
        }
    }
}

/// The messages of a problem, readable by a shopper.
fn messages(problem: &Problem) -> Vec<String> {
    if problem.kind.ends_with("out-of-stock") {
        let lines = problem.extensions.get("lines").and_then(|l| l.as_array()).cloned().unwrap_or_default();
        let said: Vec<String> = lines
            .iter()
            .map(|short| match short["available"].as_i64().unwrap_or(0) {
                0 => "This item is sold out.".to_owned(),
                n => format!("Only {n} left: you asked for {}.", short["requested"].as_i64().unwrap_or(0)),
            })
            .collect();
        if !said.is_empty() {
            return said;
        }
    }
    if problem.errors.is_empty() {
        return vec![problem.detail.clone().unwrap_or_else(|| problem.title.clone())];
    }
    problem.errors.iter().map(|e| format!("{}: {}", label(&e.field), e.message)).collect()
}

/// The form label of an API field (`shipping_address.postal_code` → "Postal code").
fn label(field: &str) -> String {
    let leaf = field.rsplit('.').next().unwrap_or(field);
    let text = match leaf {
        "email" => "E-mail",
        "name" => "Name",
        "line1" => "Address",
        "line2" => "Address line 2",
        "city" => "City",
        "postal_code" => "Postal code",
        "country" => "Country",
        "card_number" => "Card number",
        "exp_month" => "Expiry month",
        "exp_year" => "Expiry year",
        "cvc" => "Security code",
        "code" => "Discount code",
        "lines" => "Cart",
        "quantity" => "Quantity",
        "variant_id" => "Option",
        other => other,
    };
    text.to_owned()
}

// ---- the cart ---------------------------------------------------------------

fn alert(errors: &[String]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.alert role="alert" {
                @if errors.len() == 1 { (errors[0]) } @else {
                    "Please check the following:" ul { @for e in errors { li { (e) } } }
                }
            }
        }
    }
}

fn cart_view(visit: &Visit, cart: Option<&Cart>, errors: &[String]) -> Markup {
    let count = cart.map_or(0, |c| c.item_count);
    let content = html! {
        main { div.wrap {
            h1 { "Your cart" }
            (alert(errors))
            @match cart.filter(|c| !c.lines.is_empty()) {
                None => {
                    div.empty { "Your cart is empty. " a href=(visit.href("")) { "Continue shopping" } }
                }
                Some(cart) => {
                    @let currency = cart.currency.as_deref().unwrap_or("");
                    @for warning in &cart.warnings { div.alert { (warning.message) } }
                    table.lines {
                        thead { tr { th { "Product" } th { "Options" } th.num { "Price" } th { "Quantity" } th.num { "Total" } } }
                        tbody {
                            @for line in &cart.lines {
                                tr {
                                    td {
                                        @match (&line.product_title, &line.product_slug) {
                                            (Some(title), Some(slug)) => a href=(visit.href(&format!("/products/{slug}"))) { (title) },
                                            (Some(title), None) => (title),
                                            _ => "No longer available",
                                        }
                                    }
                                    td { (attributes(line.attributes.as_ref())) }
                                    td.num { @if let Some(price) = &line.unit_price { (money(visit.locale(), price, currency)) } }
                                    td {
                                        form method="post" action=(visit.href(&format!("/cart/lines/{}", line.id))) {
                                            input.qty type="number" name="quantity" value=(line.quantity) min="0" max="999" aria-label="Quantity";
                                            button.button.ghost type="submit" { "Update" }
                                        }
                                        form method="post" action=(visit.href(&format!("/cart/lines/{}/remove", line.id))) {
                                            button.button.ghost type="submit" { "Remove" }
                                        }
                                    }
                                    td.num { (money(visit.locale(), &line.line_total, currency)) }
                                }
                            }
                        }
                    }
                    div.columns {
                        div.panel {
                            h2 { "Discount code" }
                            @if let Some(discount) = &cart.discount {
                                p { "Code " b { (discount.code) } " applied." }
                                form method="post" action=(visit.href("/cart/discount/remove")) {
                                    button.button.ghost type="submit" { "Remove code" }
                                }
                            } @else {
                                form.row method="post" action=(visit.href("/cart/discount")) {
                                    div.field {
                                        label for="code" { "Code" }
                                        input #code type="text" name="code" maxlength="64" autocomplete="off";
                                    }
                                    button.button.ghost type="submit" { "Apply" }
                                }
                            }
                        }
                        div {
                            (totals(visit.locale(), cart.subtotal.as_str(), cart.discount.as_ref().map(|d| d.code.as_str()), &cart.discount_total, &cart.total, currency))
                            p { a.button href=(visit.href("/checkout")) { "Checkout" } }
                        }
                    }
                }
            }
        } }
    };
    vitrine_storefront::layout(
        &format!("Cart · {}", visit.site.name),
        Some(&visit.header(count)),
        &html! { meta name="robots" content="noindex"; },
        &html! {},
        &content,
    )
}

fn totals(
    locale: Locale,
    subtotal: &str,
    code: Option<&str>,
    discount_total: &str,
    total: &str,
    currency: &str,
) -> Markup {
    html! {
        div.totals {
            span { "Subtotal" } span { (money(locale, subtotal, currency)) }
            @if let Some(code) = code {
                span { "Discount (" (code) ")" } span { "−" (money(locale, discount_total, currency)) }
            }
            span.grand { "Total" } span.grand { (money(locale, total, currency)) }
        }
    }
}

async fn cart_page(
    State(state): State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    let visit = match Visit::start(&state, &slug, &headers).await {
        Ok(visit) => visit,
        Err(page) => return page,
    };
    let cart = visit.cart(&state).await;
    let page = private_page(StatusCode::OK, cart_view(&visit, cart.as_ref(), &[]));
    visit.finish(page)
}

/// The cart page again with `error`, answered with its status.
async fn cart_error(state: &AppState, visit: Visit, error: &ApiError) -> Response {
    let cart = visit.cart(state).await;
    let page = private_page(error.status_code(), cart_view(&visit, cart.as_ref(), &messages(error.body())));
    visit.finish(page)
}

/// `variant_id`, `quantity` of the product page's form.
#[derive(Debug, Deserialize)]
struct AddForm {
    #[serde(default)]
    variant_id: String,
    #[serde(default)]
    quantity: String,
}

/// A form value as a quantity (an empty one is 1 when `default_one`).
fn quantity(raw: &str, default_one: bool) -> Result<i64, ApiError> {
    let raw = raw.trim();
    if raw.is_empty() && default_one {
        return Ok(1);
    }
    raw.parse().map_err(|_| ApiError::invalid_field("quantity", "must be a whole number"))
}

fn bad_form() -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "bad-form", "Invalid form")
        .detail("The form could not be read; please try again.")
}

async fn add(
    State(state): State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    headers: HeaderMap,
    form: Result<Form<AddForm>, FormRejection>,
) -> Response {
    if let Some(refused) = refuse_foreign(&state, &headers) {
        return refused;
    }
    let mut visit = match Visit::start(&state, &slug, &headers).await {
        Ok(visit) => visit,
        Err(page) => return page,
    };
    let line = match form.map_err(|_| bad_form()).and_then(|Form(form)| {
        let variant_id = Uuid::parse_str(form.variant_id.trim())
            .map_err(|_| ApiError::invalid_field("variant_id", "choose one of the product's options"))?;
        Ok(LineInput { variant_id, quantity: quantity(&form.quantity, true)? })
    }) {
        Ok(line) => line,
        Err(error) => return cart_error(&state, visit, &error).await,
    };
    let added = match visit.cart_token.clone() {
        Some(token) => {
            let body = Json(LineInput { variant_id: line.variant_id, quantity: line.quantity });
            carts::add_line(
                State(state.clone()),
                visit.site.clone(),
                visit.shopper(),
                Path(visit.cart_path(&token)),
                body,
            )
            .await
            .map(|_| None)
        }
        None => Err(ApiError::not_found("cart")),
    };
    let result = match added {
        // No cart yet, or it expired or became an order: a new one.
        Err(error)
            if error.status_code() == StatusCode::NOT_FOUND || error.body().kind.ends_with("already-checked-out") =>
        {
            let customer = visit.shopper.map(|s| s.id);
            carts::new_cart(&state.pool, &visit.site, customer, &[line], Some(&visit.visitor)).await.map(Some)
        }
        other => other,
    };
    match result {
        Ok(created) => {
            if let Some(cart) = created {
                let cookie = visit.cookies().set(CART_COOKIE, &cart.token, CART_MAX_AGE);
                visit.set_cookies.push(cookie);
                visit.cart_token = Some(cart.token);
            }
            let location = visit.href("/cart");
            visit.finish(see_other(&location))
        }
        Err(error) => cart_error(&state, visit, &error).await,
    }
}

/// `quantity` of a cart line's form.
#[derive(Debug, Deserialize)]
struct QuantityForm {
    #[serde(default)]
    quantity: String,
}

/// `{site_slug}/…/{line_id}` of the line forms.
#[derive(Debug, Deserialize)]
struct LineParams {
    site_slug: String,
    line_id: String,
}

/// What a cart form does.
enum Change {
    Quantity(i64),
    Remove,
    Discount(String),
    RemoveDiscount,
}

/// Runs `change` on the visitor's cart, then 303 to the cart (or the cart
/// page with the error).
async fn change_cart(
    state: AppState,
    slug: &str,
    headers: &HeaderMap,
    line: Option<&str>,
    change: Result<Change, ApiError>,
) -> Response {
    if let Some(refused) = refuse_foreign(&state, headers) {
        return refused;
    }
    let visit = match Visit::start(&state, slug, headers).await {
        Ok(visit) => visit,
        Err(page) => return page,
    };
    let Some(token) = visit.cart_token.clone() else {
        let location = visit.href("/cart");
        return visit.finish(see_other(&location));
    };
    let line_path = |line: &str| -> Result<LinePath, ApiError> {
        let line_id = Uuid::parse_str(line).map_err(|_| ApiError::not_found("cart line"))?;
        Ok(LinePath { site_slug: visit.site.slug.clone(), cart_token: token.clone(), line_id })
    };
    let (site, shopper) = (visit.site.clone(), visit.shopper());
    let result = match (change, line) {
        (Err(error), _) => Err(error),
        (Ok(Change::Quantity(quantity)), Some(line)) => match line_path(line) {
            Ok(path) => {
                carts::update_line(State(state.clone()), site, shopper, Path(path), Json(UpdateLine { quantity }))
                    .await
                    .map(|_| ())
            }
            Err(error) => Err(error),
        },
        (Ok(Change::Remove), Some(line)) => match line_path(line) {
            Ok(path) => carts::delete_line(State(state.clone()), site, shopper, Path(path)).await.map(|_| ()),
            Err(error) => Err(error),
        },
        (Ok(Change::Discount(code)), _) => {
            let body = Json(vitrine_models::checkout::ApplyDiscount { code });
            carts::apply_discount(State(state.clone()), site, shopper, Path(visit.cart_path(&token)), body)
                .await
                .map(|_| ())
        }
        (Ok(Change::RemoveDiscount), _) => {
            carts::remove_discount(State(state.clone()), site, shopper, Path(visit.cart_path(&token))).await.map(|_| ())
        }
        (Ok(_), None) => Err(ApiError::not_found("cart line")),
    };
    match result {
        Ok(()) => {
            let location = visit.href("/cart");
            visit.finish(see_other(&location))
        }
        Err(error) => cart_error(&state, visit, &error).await,
    }
}

async fn update(
    State(state): State<AppState>,
    axum::extract::Path(params): axum::extract::Path<LineParams>,
    headers: HeaderMap,
    form: Result<Form<QuantityForm>, FormRejection>,
) -> Response {
    let change = form.map_err(|_| bad_form()).and_then(|Form(f)| quantity(&f.quantity, false)).map(Change::Quantity);
    change_cart(state, &params.site_slug, &headers, Some(&params.line_id), change).await
}

async fn remove(
    State(state): State<AppState>,
    axum::extract::Path(params): axum::extract::Path<LineParams>,
    headers: HeaderMap,
) -> Response {
    change_cart(state, &params.site_slug, &headers, Some(&params.line_id), Ok(Change::Remove)).await
}

/// `code` of the discount form.
#[derive(Debug, Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn discount(
    State(state): State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    headers: HeaderMap,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Response {
    let change = form.map_err(|_| bad_form()).map(|Form(f)| Change::Discount(f.code));
    change_cart(state, &slug, &headers, None, change).await
}

async fn remove_discount(
    State(state): State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    change_cart(state, &slug, &headers, None, Ok(Change::RemoveDiscount)).await
}

// ---- checkout ---------------------------------------------------------------

/// The checkout form, as typed (every field a string, so nothing typed is lost).
#[derive(Debug, Default, Deserialize)]
struct CheckoutForm {
    #[serde(default)]
    idempotency_key: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    line1: String,
    #[serde(default)]
    line2: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    card_number: String,
    #[serde(default)]
    exp_month: String,
    #[serde(default)]
    exp_year: String,
    #[serde(default)]
    cvc: String,
}

/// A checkout page's errors: general ones, and per field (by form name).
#[derive(Debug, Default)]
struct FormErrors {
    general: Vec<String>,
    fields: HashMap<String, String>,
}

fn field(
    name: &str,
    text: &str,
    kind: &str,
    value: &str,
    autocomplete: &str,
    required: bool,
    errors: &FormErrors,
) -> Markup {
    let error = errors.fields.get(name);
    html! {
        div.field.invalid[error.is_some()] {
            label for=(name) { (text) }
            // The card's number and code are never sent back to the browser.
            input id=(name) name=(name) type=(kind) value=(value) autocomplete=(autocomplete) required[required]
                aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{name}-error"))];
            @if let Some(error) = error { span.err id=(format!("{name}-error")) { (error) } }
        }
    }
}

fn checkout_view(visit: &Visit, cart: &Cart, form: &CheckoutForm, errors: &FormErrors) -> Markup {
    let currency = cart.currency.as_deref().unwrap_or("");
    let key = domain::new_token();
    let content = html! {
        main { div.wrap {
            h1 { "Checkout" }
            (alert(&errors.general))
            div.columns {
                form method="post" action=(visit.href("/checkout")) novalidate {
                    // A fresh key per form: a double submit replays the first answer, a corrected form is a new attempt.
                    input type="hidden" name="idempotency_key" value=(key);
                    div.panel {
                        h2 { "Contact" }
                        @if visit.shopper.is_some() {
                            (field("email", "E-mail (empty: your account's)", "email", &form.email, "email", false, errors))
                        } @else {
                            (field("email", "E-mail", "email", &form.email, "email", true, errors))
                        }
                    }
                    div.panel {
                        h2 { "Shipping address" }
                        (field("name", "Full name", "text", &form.name, "name", true, errors))
                        (field("line1", "Address", "text", &form.line1, "address-line1", true, errors))
                        (field("line2", "Address line 2 (optional)", "text", &form.line2, "address-line2", false, errors))
                        div.row {
                            (field("city", "City", "text", &form.city, "address-level2", true, errors))
                            (field("postal_code", "Postal code", "text", &form.postal_code, "postal-code", true, errors))
                            (field("country", "Country (2 letters)", "text", &form.country, "country", true, errors))
                        }
                    }
                    div.panel {
                        h2 { "Card" }
                        (field("card_number", "Card number", "text", "", "cc-number", true, errors))
                        div.row {
                            (field("exp_month", "Expiry month", "text", &form.exp_month, "cc-exp-month", true, errors))
                            (field("exp_year", "Expiry year", "text", &form.exp_year, "cc-exp-year", true, errors))
                            (field("cvc", "Security code", "text", "", "cc-csc", true, errors))
                        }
                    }
                    button.button type="submit" { "Pay " (visit.locale().money_str(&cart.total, currency)) }
                }
                div {
                    table.lines {
                        tbody {
                            @for line in &cart.lines {
                                tr {
                                    td { (line.product_title.as_deref().unwrap_or("No longer available")) " " (attributes(line.attributes.as_ref())) }
                                    td.num { "× " (line.quantity) }
                                    td.num { (money(visit.locale(), &line.line_total, currency)) }
                                }
                            }
                        }
                    }
                    (totals(visit.locale(), &cart.subtotal, cart.discount.as_ref().map(|d| d.code.as_str()), &cart.discount_total, &cart.total, currency))
                    p { a href=(visit.href("/cart")) { "← Back to the cart" } }
                }
            }
        } }
    };
    vitrine_storefront::layout(
        &format!("Checkout · {}", visit.site.name),
        Some(&visit.header(cart.item_count)),
        &html! { meta name="robots" content="noindex"; },
        &html! {},
        &content,
    )
}

async fn checkout_page(
    State(state): State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    let visit = match Visit::start(&state, &slug, &headers).await {
        Ok(visit) => visit,
        Err(page) => return page,
    };
    let Some(cart) = visit.cart(&state).await.filter(|c| !c.lines.is_empty()) else {
        let location = visit.href("/cart");
        return visit.finish(see_other(&location));
    };
    let page =
        private_page(StatusCode::OK, checkout_view(&visit, &cart, &CheckoutForm::default(), &FormErrors::default()));
    visit.finish(page)
}

/// The form's number fields, or errors naming them.
fn number(raw: &str, name: &str, errors: &mut FormErrors) -> serde_json::Value {
    match raw.trim().parse::<i64>() {
        Ok(value) => json!(value),
        Err(_) => {
            errors.fields.insert(name.to_owned(), "must be a number".to_owned());
            json!(0)
        }
    }
}

/// The problem of a checkout that did not pay, as the page shows it.
fn checkout_errors(problem: &Problem, cart: &Cart) -> FormErrors {
    let mut errors = FormErrors::default();
    if problem.kind.ends_with("out-of-stock") {
        let lines = problem.extensions.get("lines").and_then(|l| l.as_array()).cloned().unwrap_or_default();
        for short in lines {
            let variant = short["variant_id"].as_str().and_then(|v| Uuid::parse_str(v).ok());
            let line = cart.lines.iter().find(|l| Some(l.variant_id) == variant);
            let title = line.and_then(|l| l.product_title.clone()).unwrap_or_else(|| "An item".to_owned());
            let options: Vec<String> = line
                .and_then(|l| l.attributes.as_ref())
                .and_then(|a| a.as_object())
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| format!("{k}: {}", v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
                        .collect()
                })
                .unwrap_or_default();
            let name = if options.is_empty() { title } else { format!("{title} ({})", options.join(", ")) };
            let available = short["available"].as_i64().unwrap_or(0);
            errors.general.push(match available {
                0 => format!("{name} is sold out: please remove it from your cart."),
                n => format!("{name}: you asked for {}, only {n} left.", short["requested"].as_i64().unwrap_or(0)),
            });
        }
        if errors.general.is_empty() {
            errors.general.push("Some items are out of stock.".to_owned());
        }
        return errors;
    }
    for error in &problem.errors {
        let leaf = error.field.rsplit('.').next().unwrap_or(&error.field);
        match leaf {
            "code" => {
                errors.general.push(format!("Your discount code {}. Remove it from the cart to go on.", error.message));
            }
            "lines" => errors.general.push(format!("Cart: {}", error.message)),
            "email" | "name" | "line1" | "line2" | "city" | "postal_code" | "country" | "card_number" | "exp_month"
            | "exp_year" | "cvc" => {
                errors.fields.insert(leaf.to_owned(), error.message.clone());
            }
            _ => errors.general.push(format!("{}: {}", label(&error.field), error.message)),
        }
    }
    if problem.errors.is_empty() {
        errors.general.push(problem.detail.clone().unwrap_or_else(|| problem.title.clone()));
    } else if errors.general.is_empty() {
        errors.general.push("Please correct the fields marked below.".to_owned());
    }
    errors
}

/// The receipt token of a receipt URL (`…/orders/{token}`).
fn receipt_token(url: &str) -> Option<&str> {
    url.rsplit('/').next().filter(|t| domain::looks_like_token(t))
}

async fn place_order(
    State(state): State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    headers: HeaderMap,
    form: Result<Form<CheckoutForm>, FormRejection>,
) -> Response {
    if let Some(refused) = refuse_foreign(&state, &headers) {
        return refused;
    }
    let mut visit = match Visit::start(&state, &slug, &headers).await {
        Ok(visit) => visit,
        Err(page) => return page,
    };
    let Some(cart) = visit.cart(&state).await.filter(|c| !c.lines.is_empty()) else {
        let location = visit.href("/cart");
        return visit.finish(see_other(&location));
    };
    let Ok(Form(form)) = form else {
        let errors = FormErrors {
            general: vec!["The form could not be read; please try again.".to_owned()],
            ..FormErrors::default()
        };
        let page =
            private_page(StatusCode::BAD_REQUEST, checkout_view(&visit, &cart, &CheckoutForm::default(), &errors));
        return visit.finish(page);
    };
    let mut errors = FormErrors::default();
    let exp_month = number(&form.exp_month, "exp_month", &mut errors);
    let exp_year = number(&form.exp_year, "exp_year", &mut errors);
    let key = form.idempotency_key.trim();
    if key.is_empty() || key.len() > 255 {
        errors.general.push("This form has expired; please send it again.".to_owned());
    }
    if !errors.fields.is_empty() || !errors.general.is_empty() {
        if errors.general.is_empty() {
            errors.general.push("Please correct the fields marked below.".to_owned());
        }
        let page = private_page(StatusCode::UNPROCESSABLE_ENTITY, checkout_view(&visit, &cart, &form, &errors));
        return visit.finish(page);
    }
    let optional = |text: &str| Some(text.trim()).filter(|t| !t.is_empty()).map(str::to_owned);
    let mut body = json!({
        "shipping_address": {
            "name": form.name, "line1": form.line1, "line2": optional(&form.line2), "city": form.city,
            "postal_code": form.postal_code, "country": form.country.trim().to_uppercase(),
        },
        "payment": {"card_number": form.card_number, "exp_month": exp_month, "exp_year": exp_year, "cvc": form.cvc},
        "experiment_key": visit.visitor,
    });
    // A signed-in shopper may leave the e-mail empty: the account's is used.
    if !(form.email.trim().is_empty() && visit.shopper.is_some()) {
        body["email"] = json!(form.email.trim());
    }
    let mut api_headers = HeaderMap::new();
    match HeaderValue::from_str(key) {
        Ok(value) => {
            api_headers.insert("idempotency-key", value);
        }
        Err(_) => {
            let errors = FormErrors {
                general: vec!["This form has expired; please send it again.".to_owned()],
                ..FormErrors::default()
            };
            let page = private_page(StatusCode::UNPROCESSABLE_ENTITY, checkout_view(&visit, &cart, &form, &errors));
            return visit.finish(page);
        }
    }
    let token = cart.token.clone();
    let answer = checkout::checkout_cart(
        State(state.clone()),
        visit.site.clone(),
        visit.shopper(),
        Path(visit.cart_path(&token)),
        api_headers,
        Json(body),
    )
    .await;
    let (status, bytes) = match answer {
        Ok(response) => {
            let status = response.status();
            match axum::body::to_bytes(response.into_body(), 4 << 20).await {
                Ok(bytes) => (status, bytes),
                Err(_) => return visit.finish(unavailable()),
            }
        }
        Err(error) => {
            (error.status_code(), axum::body::Bytes::from(serde_json::to_vec(error.body()).unwrap_or_default()))
        }
    };
    if status == StatusCode::CREATED
        && let Ok(order) = serde_json::from_slice::<Order>(&bytes)
        && let Some(receipt) = order.token
    {
        let clear = visit.cookies().clear(CART_COOKIE);
        visit.set_cookies.push(clear);
        let location = visit.href(&format!("/orders/{receipt}"));
        return visit.finish(see_other(&location));
    }
    let Ok(problem) = serde_json::from_slice::<Problem>(&bytes) else {
        return visit.finish(unavailable());
    };
    if problem.kind.ends_with("already-checked-out")
        && let Some(receipt) = problem.extensions.get("receipt").and_then(|r| r.as_str()).and_then(receipt_token)
    {
        let clear = visit.cookies().clear(CART_COOKIE);
        visit.set_cookies.push(clear);
        let location = visit.href(&format!("/orders/{receipt}"));
        return visit.finish(see_other(&location));
    }
    // The cart as it is now (a decline reopened it; stock may have moved).
    let cart = visit.cart(&state).await.unwrap_or(cart);
    let errors = checkout_errors(&problem, &cart);
    let status = if status.is_client_error() || status == StatusCode::PAYMENT_REQUIRED {
        status
    } else {
        StatusCode::BAD_GATEWAY
    };
    let page = private_page(status, checkout_view(&visit, &cart, &form, &errors));
    visit.finish(page)
}

// ---- the receipt --------------------------------------------------------------

fn receipt_view(visit: &Visit, order: &Order, cart_items: i64) -> Markup {
    let currency = order.currency.as_str();
    let content = html! {
        main { div.wrap {
            div.ok role="status" { "Thank you! Your order is confirmed." }
            h1 { "Order #" (order.number) }
            p.lede {
                "Placed " time datetime=(order.created_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()) {
                    (visit.locale().datetime(order.created_at, &visit.site.timezone))
                }
                ". A receipt for " (order.email) ". Keep this page's address to see your order again."
            }
            table.lines {
                thead { tr { th { "Product" } th { "Options" } th.num { "Price" } th.num { "Quantity" } th.num { "Total" } } }
                tbody {
                    @for line in &order.lines {
                        tr {
                            td { (line.product_title) }
                            td { (attributes(Some(&line.attributes))) }
                            td.num { (money(visit.locale(), &line.unit_price, currency)) }
                            td.num { (line.quantity) }
                            td.num { (money(visit.locale(), &line.line_total, currency)) }
                        }
                    }
                }
            }
            div.columns {
                div.panel {
                    @if let Some(address) = &order.shipping_address {
                        h2 { "Shipping to" }
                        p {
                            (address.name) br; (address.line1) br;
                            @if let Some(line2) = &address.line2 { (line2) br; }
                            (address.postal_code) " " (address.city) br; (address.country)
                        }
                    }
                    @if let Some(payment) = &order.payment {
                        h2 { "Payment" }
                        p {
                            (payment.brand.as_deref().unwrap_or("Card")) @if let Some(last4) = &payment.last4 { " ending in " (last4) }
                        }
                    }
                }
                (totals(visit.locale(), &order.subtotal, order.discount.as_ref().map(|d| d.code.as_str()), &order.discount_total, &order.total, currency))
            }
            p { a.button href=(visit.href("")) { "Continue shopping" } }
        } }
    };
    vitrine_storefront::layout(
        &format!("Order #{} · {}", order.number, visit.site.name),
        Some(&visit.header(cart_items)),
        &html! { meta name="robots" content="noindex"; },
        &html! {},
        &content,
    )
}

/// `{site_slug}/orders/{order_token}`.
#[derive(Debug, Deserialize)]
struct ReceiptParams {
    site_slug: String,
    order_token: String,
}

async fn receipt_page(
    State(state): State<AppState>,
    axum::extract::Path(params): axum::extract::Path<ReceiptParams>,
    headers: HeaderMap,
) -> Response {
    let visit = match Visit::start(&state, &params.site_slug, &headers).await {
        Ok(visit) => visit,
        Err(page) => return page,
    };
    let path = ReceiptPath { site_slug: visit.site.slug.clone(), order_token: params.order_token };
    let cart_items = visit.cart(&state).await.map_or(0, |c| c.item_count);
    let page = match receipts::get_receipt(State(state.clone()), visit.site.clone(), Path(path)).await {
        Ok(order) => private_page(StatusCode::OK, receipt_view(&visit, &order.0, cart_items)),
        Err(error) if error.status_code() == StatusCode::NOT_FOUND => private_page(
            StatusCode::NOT_FOUND,
            vitrine_storefront::notice(
                "Order not found",
                Some(&visit.header(cart_items)),
                "404",
                "This order isn't here",
                "The link may be incomplete. Check the address you were given.",
                Some((&visit.href(""), "Back to the shop")),
            ),
        ),
        Err(error) => {
            tracing::warn!(status = %error.status_code(), "receipt page failed");
            unavailable()
        }
    };
    visit.finish(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_tokens_come_from_the_receipt_url() {
        let token = "a".repeat(43);
        assert_eq!(receipt_token(&format!("/api/checkout/public/s/orders/{token}")), Some(token.as_str()));
        assert_eq!(receipt_token("/api/checkout/public/s/orders/short"), None);
    }

    #[test]
    fn api_fields_read_as_form_labels() {
        assert_eq!(label("shipping_address.postal_code"), "Postal code");
        assert_eq!(label("payment.card_number"), "Card number");
    }

    #[test]
    fn quantities_must_be_whole_numbers() {
        assert_eq!(quantity("", true).ok(), Some(1));
        assert_eq!(quantity(" 3 ", false).ok(), Some(3));
        assert!(quantity("", false).is_err());
        assert!(quantity("2.5", true).is_err());
    }
}
