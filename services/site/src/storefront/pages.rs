//! The storefront's HTML: maud templates escape every interpolated value, so
//! merchant text (names, titles, descriptions, attributes) is always text.

use maud::{DOCTYPE, Markup, PreEscaped, html};
use rust_decimal::Decimal;
use vitrine_common::money::format_amount;
use vitrine_models::site::{Category, ProductSort};

use super::{Item, Shop, View, by_id};
use crate::catalog::VariantRow;

/// One stylesheet for every page, inline: no request for assets, no JavaScript.
const CSS: &str = r#"
:root{--ink:#1d1d1f;--muted:#6e6e73;--line:#e6e6ea;--bg:#fafafa;--card:#fff;--accent:#2f5d50;--accent-ink:#fff;--sale:#b3261e;--radius:14px}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;min-height:100vh;display:flex;flex-direction:column;font:16px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
a{color:inherit}
.wrap{max-width:1180px;margin:0 auto;padding:0 20px}
header.top{background:var(--card);border-bottom:1px solid var(--line);position:sticky;top:0;z-index:2}
header.top .wrap{display:flex;align-items:center;gap:24px;min-height:68px;flex-wrap:wrap}
.brand{font-size:1.35rem;font-weight:750;letter-spacing:-.02em;text-decoration:none}
form.search{margin-left:auto;display:flex;gap:8px;flex:1 1 320px;max-width:520px}
form.search input,form.search select{font:inherit;padding:9px 12px;border:1px solid var(--line);border-radius:999px;background:var(--bg);min-width:0}
form.search input{flex:1}
form.search button,.button{font:inherit;font-weight:600;padding:9px 18px;border:0;border-radius:999px;background:var(--accent);color:var(--accent-ink);text-decoration:none;cursor:pointer;display:inline-block}
nav.cats{border-bottom:1px solid var(--line);background:var(--card)}
nav.cats ul{list-style:none;margin:0;padding:10px 0;display:flex;gap:8px;overflow-x:auto;flex-wrap:wrap;scrollbar-width:none}
nav.cats a{display:block;padding:6px 14px;border-radius:999px;text-decoration:none;color:var(--muted);border:1px solid transparent;white-space:nowrap}
nav.cats a:hover{border-color:var(--line);color:var(--ink)}
nav.cats a[aria-current]{background:var(--ink);color:#fff}
nav.cats ul.sub a{font-size:.9rem;padding:4px 12px}
main{padding:28px 0 56px;flex:1}
h1{font-size:clamp(1.6rem,3vw,2.2rem);letter-spacing:-.02em;margin:0 0 4px}
.lede{color:var(--muted);margin:0 0 24px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:22px}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);overflow:hidden;text-decoration:none;display:flex;flex-direction:column;transition:box-shadow .15s,transform .15s}
.card:hover{box-shadow:0 10px 30px rgba(0,0,0,.08);transform:translateY(-2px)}
.media{position:relative;aspect-ratio:4/5;background:linear-gradient(135deg,#e9efe9,#dfe6ef);display:flex;align-items:center;justify-content:center;overflow:hidden}
.media img{width:100%;height:100%;object-fit:cover;display:block}
.media .initial{font-size:3.4rem;font-weight:700;color:rgba(29,29,31,.28);text-transform:uppercase}
.badge{position:absolute;top:12px;left:12px;background:var(--ink);color:#fff;font-size:.75rem;font-weight:700;letter-spacing:.04em;text-transform:uppercase;padding:4px 10px;border-radius:999px}
.card .body{padding:14px 16px 18px;display:flex;flex-direction:column;gap:4px}
.card .title{font-weight:600;line-height:1.3}
.price{font-weight:700}
.price .cur,.cur{font-weight:500;color:var(--muted);font-size:.85em;margin-left:.25em}
.soldout .media{filter:grayscale(1);opacity:.7}
.soldout .price{color:var(--muted)}
.pager{display:flex;justify-content:space-between;align-items:center;margin-top:36px;gap:12px}
.pager .ghost{background:transparent;color:var(--ink);border:1px solid var(--line)}
.empty{background:var(--card);border:1px dashed var(--line);border-radius:var(--radius);padding:48px 24px;text-align:center;color:var(--muted)}
.crumbs{font-size:.9rem;color:var(--muted);margin-bottom:18px}
.crumbs a{text-decoration:none}
.crumbs a:hover{text-decoration:underline}
.product{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:44px;align-items:start}
.product .media{border-radius:var(--radius);border:1px solid var(--line)}
.product div.price{font-size:1.5rem;margin:6px 0 18px}
table.variants .price{font-size:1rem}
.desc{white-space:pre-line;color:#3a3a3c;margin:0 0 24px}
table.variants{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:var(--radius);overflow:hidden}
table.variants th,table.variants td{text-align:left;padding:12px 14px;border-bottom:1px solid var(--line);vertical-align:top}
table.variants th{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);background:var(--bg)}
table.variants tr:last-child td{border-bottom:0}
.chip{display:inline-block;background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:1px 8px;margin:0 4px 4px 0;font-size:.9rem}
.chip b{font-weight:600;color:var(--muted);margin-right:4px}
.sku{white-space:nowrap;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem;color:var(--muted)}
.stock{font-weight:600;color:var(--accent)}
.stock.out{color:var(--sale)}
.notice{max-width:560px;margin:12vh auto;text-align:center}
.notice .code{font-size:4rem;font-weight:800;letter-spacing:-.04em;color:var(--line)}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.85rem;padding:22px 0;background:var(--card)}
@media (max-width:760px){.product{grid-template-columns:1fr;gap:24px}header.top .wrap{gap:10px;padding-top:12px;padding-bottom:12px}form.search{max-width:none;flex-wrap:wrap;margin-left:0}form.search input{flex:1 1 100%}form.search select{flex:1}nav.cats ul{flex-wrap:nowrap}.grid{grid-template-columns:repeat(2,minmax(0,1fr));gap:14px}table.variants th:nth-child(1),table.variants td:nth-child(1){display:none}}
@media (max-width:380px){.grid{grid-template-columns:1fr}}
"#;

fn layout(title: &str, shop: Option<&Shop>, head_extra: &Markup, content: &Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                (head_extra)
                style { (PreEscaped(CSS)) }
            }
            body {
                @if let Some(shop) = shop {
                    header.top {
                        div.wrap {
                            a.brand href=(shop_href(shop)) { (shop.site.name) }
                        }
                    }
                }
                (content)
                footer { div.wrap { "Powered by Vitrine" } }
            }
        }
    }
}

fn shop_href(shop: &Shop) -> String {
    format!("/site/{}", shop.site.slug)
}

/// `application/x-www-form-urlencoded` for one query value.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(char::from(byte)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn sort_value(sort: ProductSort) -> &'static str {
    match sort {
        ProductSort::Newest => "newest",
        ProductSort::PriceAsc => "price_asc",
        ProductSort::PriceDesc => "price_desc",
    }
}

/// The catalog URL for `view` with a category and cursor.
fn catalog_href(shop: &Shop, view: &View, category: Option<uuid::Uuid>, cursor: Option<&str>) -> String {
    let mut params = Vec::new();
    if let Some(category) = category {
        params.push(format!("category={category}"));
    }
    if !view.q.trim().is_empty() {
        params.push(format!("q={}", encode(&view.q)));
    }
    if view.sort != ProductSort::Newest {
        params.push(format!("sort={}", sort_value(view.sort)));
    }
    if let Some(cursor) = cursor {
        params.push(format!("cursor={}", encode(cursor)));
    }
    if params.is_empty() { shop_href(shop) } else { format!("{}?{}", shop_href(shop), params.join("&")) }
}

/// "19.99 EUR" or "9.99 – 19.99 EUR", from the variants (cheapest first).
fn price_range(variants: &[VariantRow]) -> Markup {
    let Some(first) = variants.first() else {
        return html! {};
    };
    let min = first.price;
    let max = variants.iter().map(|v| v.price).max().unwrap_or(min);
    let amount = |value: Decimal| format_amount(value, &first.currency);
    html! {
        span.price {
            @if min == max { (amount(min)) } @else { (amount(min)) " – " (amount(max)) }
            span.cur { (first.currency) }
        }
    }
}

fn in_stock(variants: &[VariantRow]) -> bool {
    variants.iter().any(|v| v.stock_qty > 0)
}

/// The product's cover image, or its initial on a soft background.
fn media(item: &Item) -> Markup {
    let title = &item.product.title;
    if let Some(cover) = &item.cover {
        let alt = cover.alt.as_deref().unwrap_or(title);
        return html! { img src=(cover.url) alt=(alt) loading="lazy" decoding="async"; };
    }
    let initial: String = title.chars().find(|c| c.is_alphanumeric()).map(String::from).unwrap_or_default();
    html! { span.initial aria-hidden="true" { (initial) } }
}

fn category_nav(shop: &Shop, view: &View) -> Markup {
    if shop.categories.is_empty() {
        return html! {};
    }
    let categories = by_id(&shop.categories);
    let current = view.category.and_then(|id| categories.get(&id).copied());
    // The selected category's top-level ancestor stays highlighted.
    let mut top = current;
    let mut guard = 0;
    while let Some(parent) = top.and_then(|c| c.parent_id).and_then(|id| categories.get(&id).copied()) {
        top = Some(parent);
        guard += 1;
        if guard > 64 {
            break;
        }
    }
    let children_of = |parent: uuid::Uuid| -> Vec<&Category> {
        shop.categories.iter().filter(|c| c.parent_id == Some(parent)).collect()
    };
    let sub: Vec<&Category> = current
        .map(|c| children_of(c.id))
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| current.and_then(|c| c.parent_id).map(children_of).unwrap_or_default());
    html! {
        nav.cats aria-label="Categories" {
            div.wrap {
                ul {
                    li { a href=(catalog_href(shop, view, None, None)) aria-current=[current.is_none().then_some("page")] { "All products" } }
                    @for category in shop.categories.iter().filter(|c| c.parent_id.is_none()) {
                        li {
                            a href=(catalog_href(shop, view, Some(category.id), None))
                              aria-current=[top.is_some_and(|t| t.id == category.id).then_some("page")] { (category.name) }
                        }
                    }
                }
                @if !sub.is_empty() {
                    ul.sub {
                        @for category in sub {
                            li {
                                a href=(catalog_href(shop, view, Some(category.id), None))
                                  aria-current=[current.is_some_and(|c| c.id == category.id).then_some("page")] { (category.name) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn search_form(shop: &Shop, view: &View) -> Markup {
    html! {
        form.search method="get" action=(shop_href(shop)) role="search" {
            @if let Some(category) = view.category {
                input type="hidden" name="category" value=(category);
            }
            input type="search" name="q" value=(view.q) placeholder="Search products" aria-label="Search products";
            select name="sort" aria-label="Sort by" {
                option value="newest" selected[view.sort == ProductSort::Newest] { "Newest" }
                option value="price_asc" selected[view.sort == ProductSort::PriceAsc] { "Price: low to high" }
                option value="price_desc" selected[view.sort == ProductSort::PriceDesc] { "Price: high to low" }
            }
            button type="submit" { "Go" }
        }
    }
}

fn card(shop: &Shop, item: &Item) -> Markup {
    let available = in_stock(&item.variants);
    let href = format!("{}/products/{}", shop_href(shop), item.product.slug);
    html! {
        a.card.soldout[!available] href=(href) {
            div.media {
                (media(item))
                @if !available { span.badge { "Sold out" } }
            }
            div.body {
                span.title { (item.product.title) }
                (price_range(&item.variants))
            }
        }
    }
}

/// The catalog page.
pub(super) fn catalog(shop: &Shop, view: &View, items: &[Item], next_cursor: Option<&str>) -> Markup {
    let categories = by_id(&shop.categories);
    let current = view.category.and_then(|id| categories.get(&id).copied());
    let heading = current.map_or("All products", |c| c.name.as_str());
    let title = match current {
        Some(category) => format!("{} · {}", category.name, shop.site.name),
        None => shop.site.name.clone(),
    };
    let head = html! { link rel="canonical" href=(shop.canonical); };
    let content = html! {
        header.top {
            div.wrap {
                a.brand href=(shop_href(shop)) { (shop.site.name) }
                (search_form(shop, view))
            }
        }
        (category_nav(shop, view))
        main {
            div.wrap {
                h1 { (heading) }
                p.lede {
                    @if view.q.trim().is_empty() { "Browse the collection." } @else { "Results for “" (view.q.trim()) "”." }
                }
                @if items.is_empty() {
                    div.empty {
                        @if view.cursor.is_some() { "That's everything." }
                        @else if view.q.trim().is_empty() { "Nothing here yet — come back soon." }
                        @else { "No product matches your search." }
                    }
                } @else {
                    div.grid { @for item in items { (card(shop, item)) } }
                }
                @if view.cursor.is_some() || next_cursor.is_some() {
                    nav.pager aria-label="Pages" {
                        @if view.cursor.is_some() {
                            a.button.ghost href=(catalog_href(shop, view, view.category, None)) { "← First page" }
                        } @else { span {} }
                        @if let Some(next) = next_cursor {
                            a.button href=(catalog_href(shop, view, view.category, Some(next))) rel="next" { "Next page →" }
                        }
                    }
                }
            }
        }
    };
    layout_bare(&title, &head, &content)
}

/// A page whose header the content draws itself (the catalog's has the search form).
fn layout_bare(title: &str, head_extra: &Markup, content: &Markup) -> Markup {
    layout(title, None, head_extra, content)
}

fn attributes(value: &serde_json::Value) -> Markup {
    let Some(members) = value.as_object() else {
        return html! {};
    };
    html! {
        @for (key, value) in members {
            span.chip {
                b { (key) }
                @match value { serde_json::Value::String(text) => (text), other => (other.to_string()) }
            }
        }
    }
}

/// The product page.
pub(super) fn product(shop: &Shop, item: &Item) -> Markup {
    let product = &item.product;
    let categories = by_id(&shop.categories);
    let mut trail = Vec::new();
    let mut next = product.category_id.and_then(|id| categories.get(&id).copied());
    while let Some(category) = next {
        if trail.len() > 64 {
            break;
        }
        trail.push(category);
        next = category.parent_id.and_then(|id| categories.get(&id).copied());
    }
    trail.reverse();
    let available = in_stock(&item.variants);
    let canonical = format!("{}/products/{}", shop.canonical, product.slug);
    let head = html! {
        link rel="canonical" href=(canonical);
        @if let Some(description) = &product.description {
            meta name="description" content=(description.chars().take(160).collect::<String>());
        }
    };
    let content = html! {
        main {
            div.wrap {
                nav.crumbs aria-label="Breadcrumb" {
                    a href=(shop_href(shop)) { (shop.site.name) }
                    @for category in &trail {
                        " › " a href=(format!("{}?category={}", shop_href(shop), category.id)) { (category.name) }
                    }
                }
                div.product {
                    div.media.soldout[!available] {
                        (media(item))
                        @if !available { span.badge { "Sold out" } }
                    }
                    div {
                        h1 { (product.title) }
                        div.price { (price_range(&item.variants)) }
                        @if let Some(description) = &product.description { p.desc { (description) } }
                        @if item.variants.is_empty() {
                            div.empty { "This product is not for sale yet." }
                        } @else {
                            table.variants {
                                thead { tr { th { "SKU" } th { "Options" } th { "Price" } th { "Availability" } } }
                                tbody {
                                    @for variant in &item.variants {
                                        tr {
                                            td.sku { (variant.sku) }
                                            td { (attributes(&variant.attributes)) }
                                            td { span.price { (format_amount(variant.price, &variant.currency)) span.cur { (variant.currency) } } }
                                            td {
                                                @if variant.stock_qty > 0 { span.stock { "In stock" } }
                                                @else { span.stock.out { "Sold out" } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(&format!("{} · {}", product.title, shop.site.name), Some(shop), &head, &content)
}

fn notice(
    shop: Option<&Shop>,
    title: &str,
    code: &str,
    heading: &str,
    text: &str,
    link: Option<(&str, &str)>,
) -> Markup {
    let content = html! {
        main {
            div.wrap.notice {
                div.code { (code) }
                h1 { (heading) }
                p.lede { (text) }
                @if let Some((href, label)) = link { a.button href=(href) { (label) } }
            }
        }
    };
    layout(title, shop, &html! { meta name="robots" content="noindex"; }, &content)
}

/// The 404 page of an unknown (or deleted) site.
pub(super) fn not_found_site() -> Markup {
    notice(
        None,
        "Shop not found",
        "404",
        "This shop doesn't exist",
        "The address may be mistyped, or the shop has closed.",
        None,
    )
}

/// The 404 page of an unknown product in a live site.
pub(super) fn not_found_product(shop: &Shop) -> Markup {
    notice(
        Some(shop),
        &format!("Product not found · {}", shop.site.name),
        "404",
        "This product isn't here",
        "It may have been renamed or removed from the shop.",
        Some((&shop_href(shop), "Back to the shop")),
    )
}

/// The page of a request the storefront cannot read (a tampered page link).
pub(super) fn bad_request() -> Markup {
    notice(
        None,
        "Invalid link",
        "400",
        "This link doesn't work",
        "The page link is damaged. Go back and start from the first page.",
        None,
    )
}

/// The page shown while the catalog cannot be read.
pub(super) fn unavailable() -> Markup {
    notice(
        None,
        "Temporarily unavailable",
        "503",
        "We'll be right back",
        "The shop can't be shown right now. Please try again in a moment.",
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_form_encoded() {
        assert_eq!(encode("linen shirt&x=1"), "linen+shirt%26x%3D1");
        assert_eq!(encode("café"), "caf%C3%A9");
    }
}
