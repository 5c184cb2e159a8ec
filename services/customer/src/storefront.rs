//! The storefront's account pages for shoppers, in the shop's one look
//! (`vitrine-storefront`) and working without JavaScript:
//!
//! - `GET|POST /site/{slug}/account/sign-up` and `…/account/sign-in`: the
//!   account is created (or checked) by the API's own functions, and the
//!   shopper token goes into an `HttpOnly; SameSite=Lax` cookie scoped to
//!   `/site/{slug}`, which the checkout pages read to attach the cart and its
//!   order to the customer.
//! - `GET /site/{slug}/account`: "my orders" (from checkout's published
//!   `customer_orders`), linking to their receipts; `POST …/account/sign-out`.
//!
//! Posts from another origin get a 403; a failed form comes back with what was
//! typed (never the password) and the reason.

use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use maud::{Markup, html};
use rust_decimal::Decimal;
use serde::Deserialize;
use time::OffsetDateTime;
use uuid::Uuid;
use vitrine_common::shopper::Shopper;
use vitrine_common::sites::{PublicSite, find_by_slug};
use vitrine_common::{ApiError, Json};
use vitrine_models::customer::Register;
use vitrine_storefront::{CART_COOKIE, Cookies, Header, SHOPPER_COOKIE, private_page, read_cookie, see_other};

use crate::AppState;
use crate::session::ShopperSession;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/site/{site_slug}/account", get(account_page))
        .route("/site/{site_slug}/account/sign-in", get(sign_in_page).post(sign_in))
        .route("/site/{site_slug}/account/sign-up", get(sign_up_page).post(sign_up))
        .route("/site/{site_slug}/account/sign-out", post(sign_out))
}

/// The shop, the visitor's cookies and their valid session, if any.
struct Visit {
    site: PublicSite,
    secure: bool,
    cart_items: i64,
    session: Option<ShopperSession>,
    set_cookies: Vec<HeaderValue>,
}

impl Visit {
    async fn start(state: &AppState, slug: &str, headers: &HeaderMap) -> Result<Self, Response> {
        let site = match find_by_slug(&state.pool, slug).await {
            Ok(Some(site)) if slug.len() <= vitrine_common::slug::MAX_LEN => site,
            Ok(_) => return Err(not_found_shop()),
            Err(err) => {
                tracing::error!(error = %err, "reading the shop failed");
                return Err(unavailable());
            }
        };
        let secure = state_public_secure(state);
        let cookies = Cookies { slug: &site.slug, secure };
        let (_, visitor_cookie) = vitrine_storefront::visitor(headers, &cookies);
        let session = read_cookie(headers, SHOPPER_COOKIE)
            .and_then(|token| state.shoppers.verify(token).ok())
            .filter(|claims| claims.site == site.id)
            .map(|claims| ShopperSession {
                shopper: Shopper { id: claims.sub, site_id: claims.site, issued_at: claims.iat },
                issued_at: claims.iat,
            });
        let cart_items = match read_cookie(headers, CART_COOKIE) {
            Some(token) => cart_items(&state.pool, site.id, token).await.unwrap_or_else(|err| {
                tracing::warn!(error = %err, "reading the cart's item count failed");
                0
            }),
            None => 0,
        };
        Ok(Self { site, secure, cart_items, session, set_cookies: visitor_cookie.into_iter().collect() })
    }

    fn cookies(&self) -> Cookies<'_> {
        Cookies { slug: &self.site.slug, secure: self.secure }
    }

    fn header(&self, signed_in: bool) -> Header<'_> {
        Header {
            name: &self.site.name,
            slug: &self.site.slug,
            cart_items: self.cart_items,
            signed_in,
            locale: self.locale(),
        }
    }

    /// The shop's language: how its pages write money and dates.
    fn locale(&self) -> vitrine_storefront::Locale {
        vitrine_storefront::Locale::of(&self.site.language)
    }

    fn href(&self, rest: &str) -> String {
        format!("/site/{}{rest}", self.site.slug)
    }

    fn finish(self, mut response: Response) -> Response {
        for cookie in self.set_cookies {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
        response
    }
}

/// Whether the storefront is served over https (cookies are then `Secure`).
fn state_public_secure(state: &AppState) -> bool {
    state.public_url.starts_with("https://")
}

/// The item count of cart `token` (checkout's published `cart_summary`).
#[tracing::instrument(level = "debug", skip(pool, token))]
async fn cart_items(pool: &sqlx::PgPool, site_id: Uuid, token: &str) -> Result<i64, sqlx::Error> {
    if token.len() != 43 {
        return Ok(0);
    }
    let count = sqlx::query_scalar!(
        r#"SELECT item_count AS "item_count!" FROM checkout.cart_summary WHERE token = $1 AND site_id = $2"#,
        token,
        site_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(count.unwrap_or(0))
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

fn refuse_foreign(state: &AppState, headers: &HeaderMap) -> Option<Response> {
    (!vitrine_storefront::same_origin(headers, &state.public_url)).then(vitrine_storefront::forbidden_origin)
}

/// What the sign-in and sign-up forms hold (the password is never sent back).
#[derive(Debug, Default, Deserialize)]
struct AccountForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    name: String,
}

fn form_page(visit: &Visit, sign_up: bool, form: &AccountForm, errors: &[String]) -> Markup {
    let (title, action, button) = if sign_up {
        ("Create an account", "/account/sign-up", "Create account")
    } else {
        ("Sign in", "/account/sign-in", "Sign in")
    };
    let content = html! {
        main { div.wrap.narrow {
            h1 { (title) }
            @if !errors.is_empty() {
                div.alert role="alert" { @for e in errors { div { (e) } } }
            }
            form.panel method="post" action=(visit.href(action)) {
                @if sign_up {
                    div.field {
                        label for="name" { "Name (optional)" }
                        input #name type="text" name="name" value=(form.name) autocomplete="name" maxlength="100";
                    }
                }
                div.field {
                    label for="email" { "E-mail" }
                    input #email type="email" name="email" value=(form.email) autocomplete="email" required;
                }
                div.field {
                    label for="password" { "Password" @if sign_up { " (8 characters or more)" } }
                    input #password type="password" name="password" required
                        autocomplete=(if sign_up { "new-password" } else { "current-password" });
                }
                button.button type="submit" { (button) }
            }
            p {
                @if sign_up { "Have an account? " a href=(visit.href("/account/sign-in")) { "Sign in" } }
                @else { "New here? " a href=(visit.href("/account/sign-up")) { "Create an account" } }
            }
        } }
    };
    vitrine_storefront::layout(
        &format!("{title} · {}", visit.site.name),
        Some(&visit.header(false)),
        &html! { meta name="robots" content="noindex"; },
        &html! {},
        &content,
    )
}

async fn sign_in_page(
    State(state): State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    form_get(&state, &slug, &headers, false).await
}

async fn sign_up_page(
    State(state): State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    form_get(&state, &slug, &headers, true).await
}

async fn form_get(state: &AppState, slug: &str, headers: &HeaderMap, sign_up: bool) -> Response {
    let visit = match Visit::start(state, slug, headers).await {
        Ok(visit) => visit,
        Err(page) => return page,
    };
    let page = private_page(StatusCode::OK, form_page(&visit, sign_up, &AccountForm::default(), &[]));
    visit.finish(page)
}

/// The messages of an API error, for the form.
fn messages(error: &ApiError) -> Vec<String> {
    let problem = error.body();
    if problem.errors.is_empty() {
        return vec![problem.detail.clone().unwrap_or_else(|| problem.title.clone())];
    }
    problem
        .errors
        .iter()
        .map(|e| {
            let field = match e.field.as_str() {
                "email" => "E-mail",
                "password" => "Password",
                "name" => "Name",
                other => other,
            };
            format!("{field}: {}", e.message)
        })
        .collect()
}

/// Signs `form`'s account in: the shopper cookie, then 303 to the account.
async fn signed_in(state: &AppState, mut visit: Visit, sign_up: bool, form: AccountForm) -> Response {
    match crate::accounts::authenticate(state, visit.site.id, &form.email, form.password.clone()).await {
        Ok(token) => {
            let max_age = token.expires_in;
            let cookie = visit.cookies().set(SHOPPER_COOKIE, &token.access_token, max_age);
            visit.set_cookies.push(cookie);
            let location = visit.href("/account");
            visit.finish(see_other(&location))
        }
        Err(error) => {
            let status = error.status_code();
            let errors = if status == StatusCode::UNAUTHORIZED {
                vec!["The e-mail or the password is not right.".to_owned()]
            } else {
                messages(&error)
            };
            let form = AccountForm { password: String::new(), ..form };
            let page = private_page(status, form_page(&visit, sign_up, &form, &errors));
            visit.finish(page)
        }
    }
}

async fn sign_in(
    State(state): State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    headers: HeaderMap,
    form: Result<Form<AccountForm>, FormRejection>,
) -> Response {
    if let Some(refused) = refuse_foreign(&state, &headers) {
        return refused;
    }
    let visit = match Visit::start(&state, &slug, &headers).await {
        Ok(visit) => visit,
        Err(page) => return page,
    };
    let form = form.map(|Form(f)| f).unwrap_or_default();
    signed_in(&state, visit, false, form).await
}

async fn sign_up(
    State(state): State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    headers: HeaderMap,
    form: Result<Form<AccountForm>, FormRejection>,
) -> Response {
    if let Some(refused) = refuse_foreign(&state, &headers) {
        return refused;
    }
    let visit = match Visit::start(&state, &slug, &headers).await {
        Ok(visit) => visit,
        Err(page) => return page,
    };
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let name = Some(form.name.trim().to_owned()).filter(|n| !n.is_empty());
    let body = Register { email: form.email.clone(), password: form.password.clone(), name };
    match crate::accounts::register(State(state.clone()), visit.site.clone(), Json(body)).await {
        Ok(_) => signed_in(&state, visit, true, form).await,
        Err(error) => {
            let form = AccountForm { password: String::new(), ..form };
            let page = private_page(error.status_code(), form_page(&visit, true, &form, &messages(&error)));
            visit.finish(page)
        }
    }
}

async fn sign_out(
    State(state): State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = refuse_foreign(&state, &headers) {
        return refused;
    }
    let mut visit = match Visit::start(&state, &slug, &headers).await {
        Ok(visit) => visit,
        Err(page) => return page,
    };
    if let Some(session) = &visit.session
        && let Err(err) = crate::accounts::revoke(&state.pool, session).await
    {
        tracing::error!(error = %err, "revoking the shopper's tokens failed");
        return visit.finish(unavailable());
    }
    let clear = visit.cookies().clear(SHOPPER_COOKIE);
    visit.set_cookies.push(clear);
    let location = visit.href("");
    visit.finish(see_other(&location))
}

/// One row of "my orders".
struct OrderRow {
    number: i32,
    token: String,
    status: String,
    total: Decimal,
    currency: String,
    created_at: OffsetDateTime,
}

/// The shopper's orders on this shop, newest first (at most 100).
#[tracing::instrument(level = "debug", skip(pool))]
async fn my_orders(pool: &sqlx::PgPool, site_id: Uuid, customer: Uuid) -> Result<Vec<OrderRow>, sqlx::Error> {
    sqlx::query_as!(
        OrderRow,
        r#"SELECT number AS "number!", token AS "token!", status AS "status!", total AS "total!",
                  currency AS "currency!: String", created_at AS "created_at!"
           FROM checkout.customer_orders
           WHERE site_id = $1 AND customer_id = $2
           ORDER BY created_at DESC, number DESC
           LIMIT 100"#,
        site_id,
        customer
    )
    .fetch_all(pool)
    .await
}

fn status_label(status: &str) -> &str {
    match status {
        "paid" => "Paid",
        "fulfilled" => "Shipped",
        "canceled" => "Canceled",
        other => other,
    }
}

async fn account_page(
    State(state): State<AppState>,
    axum::extract::Path(slug): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    let mut visit = match Visit::start(&state, &slug, &headers).await {
        Ok(visit) => visit,
        Err(page) => return page,
    };
    // A revoked, expired or deleted account's cookie is no session: sign in again.
    let customer = match &visit.session {
        Some(session) => match crate::accounts::current(&state.pool, session).await {
            Ok(row) => row,
            Err(err) => {
                tracing::error!(error = %err, "reading the shopper's account failed");
                return visit.finish(unavailable());
            }
        },
        None => None,
    };
    let Some(customer) = customer else {
        if visit.session.is_some() {
            let clear = visit.cookies().clear(SHOPPER_COOKIE);
            visit.set_cookies.push(clear);
        }
        let location = visit.href("/account/sign-in");
        return visit.finish(see_other(&location));
    };
    let orders = match my_orders(&state.pool, visit.site.id, customer.id).await {
        Ok(orders) => orders,
        Err(err) => {
            tracing::error!(error = %err, "reading the shopper's orders failed");
            return visit.finish(unavailable());
        }
    };
    let content = html! {
        main { div.wrap {
            h1 { "My account" }
            p.lede { "Signed in as " (customer.name.as_deref().unwrap_or(&customer.email)) " (" (customer.email) ")." }
            h2 { "My orders" }
            @if orders.is_empty() {
                div.empty { "No orders yet. " a href=(visit.href("")) { "Start shopping" } }
            } @else {
                table.lines {
                    thead { tr { th { "Order" } th { "Date" } th { "Status" } th.num { "Total" } } }
                    tbody {
                        @for order in &orders {
                            tr {
                                td { a href=(visit.href(&format!("/orders/{}", order.token))) { "#" (order.number) } }
                                td { (visit.locale().date(order.created_at, &visit.site.timezone)) }
                                td { (status_label(&order.status)) }
                                td.num { span.price { (visit.locale().money(order.total, &order.currency)) } }
                            }
                        }
                    }
                }
            }
            form method="post" action=(visit.href("/account/sign-out")) {
                button.button.ghost type="submit" { "Sign out" }
            }
        } }
    };
    let markup = vitrine_storefront::layout(
        &format!("My account · {}", visit.site.name),
        Some(&visit.header(true)),
        &html! { meta name="robots" content="noindex"; },
        &html! {},
        &content,
    );
    let page = private_page(StatusCode::OK, markup);
    visit.finish(page)
}
