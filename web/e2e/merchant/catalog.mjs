// Issue 22 segment "catalog": see index.mjs for the context it receives.
//
// A parent category lists its subcategories' products (storefront and the
// dashboard's filter); search forgives accents, plurals and prefixes; the
// dashboard finds a product by SKU; the price sort keeps the shop's currency
// first. Its own shop; the catalog is arranged through the API, then shown
// through the screens a merchant and a shopper use.
import assert from "node:assert/strict";

async function api(base, token, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

async function must(base, token, method, path, body) {
  const answer = await api(base, token, method, path, body);
  assert.ok(answer.status >= 200 && answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.json)}`);
  return answer.json;
}

/** The product titles a storefront page shows, in order. */
async function storefrontTitles(page) {
  const text = await page.locator("main").innerText();
  return ["Chemise lavée", "Chemisier à fleurs", "Tee-shirt coton", "Chapeau de paille", "Tasse émaillée", "Dollar mug"].filter((t) =>
    text.includes(t),
  );
}

export async function run({ browser, base, shot, log, stamp, username, password, consoleErrors }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
  const page = await context.newPage();
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "My sites" }).waitFor();

  const shopName = `Boutique ${stamp}`;
  const slug = `boutique-${stamp}`;
  await page.getByLabel("Shop name").fill(shopName);
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("link", { name: shopName }).click();
  await page.getByRole("heading", { name: shopName, level: 1 }).waitFor();
  const siteId = page.url().match(/sites\/([0-9a-f-]{36})/)[1];
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("vitrine.session")).token);

  // A French shop when the shop settings API is there (settings helper); the
  // search below also holds in the default language.
  const french = await api(base, token, "PATCH", `/api/builder/sites/${siteId}`, { language: "fr-FR", currency: "EUR" });
  log(`catalog: shop language fr-FR → ${french.status}`);

  // ---- Vêtements › Chemises › Lin, Vêtements › Chapeaux, Maison ----
  const category = (name, parent) => must(base, token, "POST", `/api/site/sites/${siteId}/categories`, { name, parent_id: parent?.id ?? null });
  const clothes = await category("Vêtements");
  const shirts = await category("Chemises", clothes);
  const linen = await category("Lin", shirts);
  const hats = await category("Chapeaux", clothes);
  const home = await category("Maison");
  const products = [
    ["Chemise lavée", "59.90", "EUR", `VX-101-M-${stamp}`, linen],
    ["Chemisier à fleurs", "45.00", "EUR", `VX-102-S-${stamp}`, shirts],
    ["Tee-shirt coton", "19.90", "EUR", `VX-201-L-${stamp}`, clothes],
    ["Chapeau de paille", "25.00", "EUR", `VX-301-${stamp}`, hats],
    ["Tasse émaillée", "12.00", "EUR", `VX-401-${stamp}`, home],
    ["Dollar mug", "5.00", "USD", `VX-402-${stamp}`, home],
  ];
  for (const [title, price, currency, sku, place] of products) {
    const product = await must(base, token, "POST", `/api/site/sites/${siteId}/products`, { title });
    await must(base, token, "PATCH", `/api/site/sites/${siteId}/products/${product.id}`, { category_id: place.id });
    await must(base, token, "POST", `/api/site/sites/${siteId}/products/${product.id}/variants`, {
      sku,
      price,
      currency,
      stock_qty: 5,
    });
  }

  // ---- storefront: the parent category lists its subcategories' products ----
  const shopper = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
  const storefront = await shopper.newPage();
  await storefront.goto(`/site/${slug}?category=${clothes.id}&sort=price_asc`);
  assert.deepEqual(
    await storefrontTitles(storefront),
    ["Chemise lavée", "Chemisier à fleurs", "Tee-shirt coton", "Chapeau de paille"],
    "Vêtements lists the products of Chemises › Lin, Chemises and Chapeaux",
  );
  const listed = await storefront.locator("main").innerText();
  assert.ok(
    listed.indexOf("Tee-shirt coton") < listed.indexOf("Chapeau de paille") &&
      listed.indexOf("Chapeau de paille") < listed.indexOf("Chemisier à fleurs") &&
      listed.indexOf("Chemisier à fleurs") < listed.indexOf("Chemise lavée"),
    "cheapest first across the subtree",
  );
  await shot(storefront, "catalog-storefront-parent-category");

  // ---- storefront search: accents, plural, prefix, typo ----
  for (const [q, expected, name] of [
    ["lave", ["Chemise lavée"], "accent"],
    ["chemises", ["Chemise lavée", "Chemisier à fleurs"], "plural"],
    ["chem", ["Chemise lavée", "Chemisier à fleurs"], "prefix"],
    ["emaillee", ["Tasse émaillée"], "accent"],
    ["chapeu", ["Chapeau de paille"], "typo"],
  ]) {
    await storefront.goto(`/site/${slug}?q=${encodeURIComponent(q)}`);
    assert.deepEqual(await storefrontTitles(storefront), expected, `search “${q}” (${name})`);
    if (q === "lave" || q === "chemises") await shot(storefront, `catalog-storefront-search-${q}`);
  }

  // ---- the price sort keeps the shop's currency first ----
  await storefront.goto(`/site/${slug}?category=${home.id}&sort=price_asc`);
  const homeText = await storefront.locator("main").innerText();
  assert.ok(homeText.indexOf("Tasse émaillée") < homeText.indexOf("Dollar mug"), "EUR 12 before USD 5: the shop's currency leads");
  await shot(storefront, "catalog-storefront-currency-first");

  // ---- phone: the subtree listing at 390 px ----
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: base, isMobile: true, hasTouch: true });
  const mobile = await phone.newPage();
  await mobile.goto(`/site/${slug}?category=${clothes.id}`);
  assert.equal((await storefrontTitles(mobile)).length, 4);
  await shot(mobile, "catalog-phone-parent-category");
  await phone.close();

  // ---- dashboard: the category filter includes subcategories ----
  await page.getByRole("link", { name: "Products", exact: true }).click();
  await page.getByLabel("Category").selectOption(clothes.id);
  await page.getByText("Showing Vêtements and its 3 subcategories").waitFor();
  const rows = page.locator(".product-list .product-title");
  await page.waitForFunction(() => document.querySelectorAll(".product-list .product-title").length === 4);
  assert.deepEqual(
    (await rows.allInnerTexts()).sort(),
    ["Chapeau de paille", "Chemise lavée", "Chemisier à fleurs", "Tee-shirt coton"],
    "the dashboard's Vêtements filter lists its subcategories' products",
  );
  await shot(page, "catalog-dashboard-filter-subtree");

  // ---- dashboard: search by SKU (exact and prefix) ----
  await page.getByLabel("Category").selectOption("");
  await page.getByLabel("Search products by title or SKU").fill(`VX-101-M-${stamp}`);
  await page.waitForFunction(() => {
    const titles = [...document.querySelectorAll(".product-list .product-title")].map((n) => n.textContent);
    return titles.length === 1 && titles[0] === "Chemise lavée";
  });
  await shot(page, "catalog-dashboard-sku-search");
  await page.getByLabel("Search products by title or SKU").fill("vx-10");
  await page.waitForFunction(() => document.querySelectorAll(".product-list .product-title").length === 2);
  assert.deepEqual((await rows.allInnerTexts()).sort(), ["Chemise lavée", "Chemisier à fleurs"], "SKU prefix, any case");
  await shot(page, "catalog-dashboard-sku-prefix");

  await shopper.close();
  await context.close();
}
