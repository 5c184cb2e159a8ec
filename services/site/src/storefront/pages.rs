//! The storefront's HTML: maud templates escape every interpolated value, so
//! merchant text (names, titles, descriptions, attributes) is always text.

use maud::{Markup, html};
use rust_decimal::Decimal;
use vitrine_models::site::{Category, ProductSort};
use vitrine_storefront::encode;

use super::{Item, Shop, View, by_id};
use crate::catalog::{self, VariantRow};

/// The shop header of the shared storefront layout.
fn header(shop: &Shop) -> vitrine_storefront::Header<'_> {
    vitrine_storefront::Header {
        name: &shop.site.name,
        slug: &shop.site.slug,
        cart_items: shop.cart_items,
        signed_in: shop.signed_in,
        locale: locale(shop),
    }
}

/// The shop's language: how its pages write money and dates.
fn locale(shop: &Shop) -> vitrine_storefront::Locale {
    vitrine_storefront::Locale::of(&shop.site.language)
}

fn layout(title: &str, shop: &Shop, head_extra: &Markup, search: &Markup, content: &Markup) -> Markup {
    vitrine_storefront::layout(title, Some(&header(shop)), head_extra, search, content)
}

fn shop_href(shop: &Shop) -> String {
    vitrine_storefront::shop_href(&shop.site.slug)
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

/// "€19.99" or "€9.99 – €19.99" (as the shop's language writes them), from
/// the variants (cheapest first).
fn price_range(locale: vitrine_storefront::Locale, variants: &[VariantRow]) -> Markup {
    let Some(first) = variants.first() else {
        return html! {};
    };
    let min = first.price;
    let max = variants.iter().map(|v| v.price).max().unwrap_or(min);
    let amount = |value: Decimal| locale.money(value, &first.currency);
    html! {
        span.price {
            @if min == max { (amount(min)) } @else { (amount(min)) " – " (amount(max)) }
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

/// The product page's images: every image in a swipeable strip (scroll
/// snap, no JavaScript), each with a `srcset` of its web versions, and a row
/// of thumbnails linking to each when there are several.
fn gallery(item: &Item, available: bool) -> Markup {
    let title = &item.product.title;
    if item.images.is_empty() {
        return html! {
            div.media.soldout[!available] {
                (media(item))
                @if !available { span.badge { "Sold out" } }
            }
        };
    }
    let count = item.images.len();
    html! {
        div.gallery {
            div.media.soldout[!available] {
                ul.slides aria-label=(format!("Images of {title}")) {
                    @for (index, image) in item.images.iter().enumerate() {
                        li id=(format!("image-{}", index + 1)) {
                            (picture(image, title, index, "(min-width: 760px) 50vw, 100vw"))
                        }
                    }
                }
                @if !available { span.badge { "Sold out" } }
            }
            @if count > 1 {
                ul.thumbs {
                    @for (index, image) in item.images.iter().enumerate() {
                        li {
                            a href=(format!("#image-{}", index + 1)) aria-label=(format!("Image {} of {count}", index + 1)) {
                                (thumbnail(image))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One image of the gallery: the first loads at once, the others lazily.
fn picture(image: &catalog::ProductImage, title: &str, index: usize, sizes: &str) -> Markup {
    let alt = image.alt.as_deref().filter(|alt| !alt.trim().is_empty()).unwrap_or(title);
    let srcset = srcset(image);
    // The largest version stands in for the original (which may be far larger).
    let src = image.versions.last().map_or(image.url.as_str(), |(_, url)| url.as_str());
    let loading = if index == 0 { "eager" } else { "lazy" };
    html! {
        img src=(src) srcset=[srcset.as_deref()] sizes=[srcset.as_ref().map(|_| sizes)]
            alt=(alt) loading=(loading) decoding="async"
            width=[image.width] height=[image.height];
    }
}

/// A thumbnail: the smallest version, decorative (the link says which image).
fn thumbnail(image: &catalog::ProductImage) -> Markup {
    let src = image.versions.first().map_or(image.url.as_str(), |(_, url)| url.as_str());
    html! { img src=(src) alt="" loading="lazy" decoding="async"; }
}

fn srcset(image: &catalog::ProductImage) -> Option<String> {
    if image.versions.is_empty() {
        return None;
    }
    Some(image.versions.iter().map(|(width, url)| format!("{url} {width}w")).collect::<Vec<_>>().join(", "))
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
                (price_range(locale(shop), &item.variants))
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
    layout(&title, shop, &head, &search_form(shop, view), &content)
}

fn attributes(members: &vitrine_models::site::Attributes) -> Markup {
    html! {
        @for (key, value) in members.iter() {
            span.chip {
                b { (key) }
                @match value { serde_json::Value::String(text) => (text), other => (other.to_string()) }
            }
        }
    }
}

/// "Only 3 left" under a small stock, "In stock" above it, "Sold out" at 0.
fn stock_label(stock: i32) -> Markup {
    html! {
        @if stock <= 0 { span.stock.out { "Sold out" } }
        @else if stock <= 5 { span.stock { "Only " (stock) " left" } }
        @else { span.stock { "In stock" } }
    }
}

/// The variant choice (one option per variant, named by its attributes),
/// the quantity and "Add to cart": a plain form posting to checkout's
/// `/site/{slug}/cart/add`, so it works without JavaScript.
fn buy_form(shop: &Shop, variants: &[VariantRow]) -> Markup {
    let first_available = variants.iter().find(|v| v.stock_qty > 0).map(|v| v.id);
    let max = variants.iter().map(|v| v.stock_qty).max().unwrap_or(0).clamp(1, 999);
    html! {
        form.buy method="post" action=(format!("{}/cart/add", shop_href(shop))) {
            fieldset {
                legend { "Choose an option" }
                @for variant in variants {
                    label.option.out[variant.stock_qty <= 0] {
                        input type="radio" name="variant_id" value=(variant.id) required
                            disabled[variant.stock_qty <= 0] checked[first_available == Some(variant.id)];
                        span.grow {
                            (attributes(&variant.ordered_attributes()))
                            span.sku { (variant.sku) }
                        }
                        span.price { (locale(shop).money(variant.price, &variant.currency)) }
                        (stock_label(variant.stock_qty))
                    }
                }
            }
            div.row {
                div.field {
                    label for="quantity" { "Quantity" }
                    input.qty #quantity type="number" name="quantity" value="1" min="1" max=(max) required;
                }
                @if first_available.is_some() {
                    button.button type="submit" { "Add to cart" }
                } @else {
                    button.button type="submit" disabled { "Sold out" }
                }
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
                    (gallery(item, available))
                    div.info {
                        h1 { (product.title) }
                        div.price { (price_range(locale(shop), &item.variants)) }
                        @if let Some(description) = &product.description { p.desc { (description) } }
                        @if item.variants.is_empty() {
                            div.empty { "This product is not for sale yet." }
                        } @else {
                            (buy_form(shop, &item.variants))
                        }
                    }
                }
            }
        }
    };
    layout(&format!("{} · {}", product.title, shop.site.name), shop, &head, &html! {}, &content)
}

fn notice(
    shop: Option<&Shop>,
    title: &str,
    code: &str,
    heading: &str,
    text: &str,
    link: Option<(&str, &str)>,
) -> Markup {
    let header = shop.map(header);
    vitrine_storefront::notice(title, header.as_ref(), code, heading, text, link)
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
