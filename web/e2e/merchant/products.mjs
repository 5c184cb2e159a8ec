// Issue 22 segment "products": see index.mjs for the context it receives.
//
// A product with a refused variant creates nothing and shows the error at the
// field; the option generator makes 6 variants; SKUs are generated; attributes
// keep their order on the storefront; a duplicate category is refused; a
// changed product address answers 301 to the new one; focus stays near a
// removed row; the phone tab strip shows that more tabs hide past its edge.
import assert from "node:assert/strict";

async function logIn(page, username, password) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "My sites" }).waitFor();
}

async function apiGet(base, page, path) {
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("vitrine.session")).token);
  const response = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  return response.json();
}

const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent);

export async function run({ browser, base, shot, log, stamp, username, password, consoleErrors }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
  const page = await context.newPage();
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  await logIn(page, username, password);

  const shopName = `Variant Shop ${stamp}`;
  await page.getByLabel("Shop name").fill(shopName);
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("link", { name: shopName }).click();
  await page.getByRole("heading", { name: shopName, level: 1 }).waitFor();
  const siteId = page.url().match(/sites\/([0-9a-f-]{36})/)[1];
  const shopSlug = `variant-shop-${stamp}`;

  // ---- duplicate category names are refused (ignoring case) ----
  log("products: duplicate category");
  await page.getByRole("link", { name: "Categories" }).click();
  await page.getByLabel("Category name").fill("Shirts");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByRole("list", { name: "Category tree" }).getByRole("listitem").filter({ hasText: "Shirts" }).waitFor();
  await page.getByLabel("Category name").fill("shirts");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByText("another category with this parent already has this name").waitFor();
  await shot(page, "products-duplicate-category-refused");
  const categories = await apiGet(base, page, `/api/site/sites/${siteId}/categories`);
  assert.equal(categories.items.length, 1, "the duplicate was not created");

  // ---- the option generator: Size × Colour → 6 variants, SKUs made by the server ----
  log("products: option generator");
  await page.getByRole("link", { name: "Products", exact: true }).click();
  await page.getByRole("link", { name: "New product" }).first().click();
  await page.getByRole("heading", { name: "New product" }).waitFor();
  await page.getByLabel("Title").fill(`Linen shirt ${stamp}`);
  await page.getByText("Generate variants from options").click();
  await page.getByLabel("Option 1", { exact: true }).fill("Size");
  await page.getByLabel("Values of option 1 (comma-separated)").fill("S, M, L");
  await page.getByLabel("Option 2", { exact: true }).fill("Colour");
  await page.getByLabel("Values of option 2 (comma-separated)").fill("Red, Blue");
  await page.getByLabel("Price of each").fill("59.90");
  await page.getByRole("button", { name: "Generate variants" }).click();
  await page.getByText("6 variants added below").waitFor();
  await page.getByLabel("SKU of variant 6").waitFor();
  assert.equal(await page.getByLabel("SKU of variant 7").count(), 0, "the blank row was replaced: 6 rows");
  assert.equal(await page.getByLabel("Attribute 1 value of variant 4").inputValue(), "M");
  assert.equal(await page.getByLabel("Attribute 2 value of variant 4").inputValue(), "Blue");
  // Stock starts at 0, and the editor says what that means.
  assert.equal(await page.locator(".badge.sold-out").count(), 6);
  await page.getByLabel("Stock of variant 1").fill("5");
  assert.equal(await page.locator(".badge.sold-out").count(), 5);
  await shot(page, "products-generator-six-variants");
  await page.getByRole("button", { name: "Create product" }).click();
  await page.getByRole("status").filter({ hasText: "Product created." }).waitFor();
  const productId = page.url().match(/products\/([0-9a-f-]{36})$/)[1];
  const product = await apiGet(base, page, `/api/site/sites/${siteId}/products/${productId}`);
  assert.equal(product.variants.length, 6);
  const generated = product.variants.map((v) => v.sku);
  const stampUpper = stamp.toUpperCase();
  assert.ok(generated.includes(`LINEN-SHIRT-${stampUpper}-S-RED`), `a generated SKU: ${generated.join(", ")}`);
  assert.ok(generated.includes(`LINEN-SHIRT-${stampUpper}-L-BLUE`), `a generated SKU: ${generated.join(", ")}`);
  await page.getByLabel("SKU of variant 6").waitFor();
  await shot(page, "products-generated-skus");

  // ---- all or nothing: a refused variant leaves no product behind ----
  log("products: all or nothing");
  await page.getByRole("link", { name: "← All products" }).click();
  await page.getByRole("link", { name: "New product" }).first().click();
  await page.getByLabel("Title").fill(`Wool scarf ${stamp}`);
  await page.getByLabel("SKU of variant 1").fill(`LINEN-SHIRT-${stampUpper}-S-RED`);
  await page.getByLabel("Price of variant 1").fill("20");
  await page.getByRole("button", { name: "+ Add a variant" }).click();
  await page.getByLabel("SKU of variant 2").fill(`SCARF-${stampUpper}`);
  await page.getByLabel("Price of variant 2").fill("22");
  await page.getByRole("button", { name: "Create product" }).click();
  await page.getByText("another variant of this site has this SKU").waitFor();
  await page.getByRole("heading", { name: "New product" }).waitFor();
  assert.equal(await page.getByLabel("SKU of variant 1").getAttribute("aria-invalid"), "true");
  assert.equal(await focused(page), "SKU of variant 1", "focus on the first error");
  let list = await apiGet(base, page, `/api/site/sites/${siteId}/products`);
  assert.deepEqual(list.items.map((p) => p.title), [`Linen shirt ${stamp}`], "no half-created scarf");
  await shot(page, "products-variant-refused-nothing-created");
  // An empty SKU is made by the server.
  await page.getByLabel("SKU of variant 1").fill("");
  await page.getByRole("button", { name: "Create product" }).click();
  await page.getByRole("status").filter({ hasText: "Product created." }).waitFor();
  list = await apiGet(base, page, `/api/site/sites/${siteId}/products`);
  assert.equal(list.items.length, 2);

  // ---- focus stays near a removed row ----
  log("products: focus after removing a row");
  await page.getByRole("button", { name: "Remove variant 1" }).click();
  assert.equal(await focused(page), "SKU of variant 1", "the next row's first field (the row took the removed one's place)");
  await page.getByRole("button", { name: "Remove variant 1" }).click();
  assert.equal(await focused(page), "+ Add a variant", "no row left: the add button");
  await shot(page, "products-focus-after-remove");

  // ---- attribute order on the storefront, and an old address that redirects ----
  log("products: attribute order and old slug");
  const shopper = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
  const store = await shopper.newPage();
  store.on("pageerror", (error) => consoleErrors.push(error.message));
  const oldSlug = product.slug;
  await store.goto(`/site/${shopSlug}/products/${oldSlug}`);
  const chips = await store.locator(".option").first().locator(".chip b").allTextContents();
  assert.deepEqual(chips, ["Size", "Colour"], "attributes in the order typed");

  const edit = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
  const editor = await edit.newPage();
  editor.on("pageerror", (error) => consoleErrors.push(error.message));
  await logIn(editor, username, password);
  await editor.goto(`/sites/${siteId}/products/${productId}`);
  await editor.getByLabel("Address in the shop").fill(`linen-shirt-new-${stamp}`);
  await editor.getByText("it redirects (301) to the new one").waitFor();
  await editor.getByRole("button", { name: "Save changes" }).click();
  await editor.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  const response = await store.goto(`/site/${shopSlug}/products/${oldSlug}`);
  assert.equal(response.status(), 200);
  assert.match(store.url(), new RegExp(`/site/${shopSlug}/products/linen-shirt-new-${stamp}$`), "the old link lands on the new address");
  const hop = response.request().redirectedFrom();
  assert.ok(hop, "through a redirect");
  assert.equal((await hop.response()).status(), 301);
  await shot(store, "products-old-link-301-followed");
  await edit.close();
  await shopper.close();

  // ---- phone: the tab strip shows that more tabs hide past its edge ----
  log("products: phone tab strip");
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: base, isMobile: true, hasTouch: true });
  const mobile = await phone.newPage();
  mobile.on("pageerror", (error) => consoleErrors.push(error.message));
  await logIn(mobile, username, password);
  await mobile.goto(`/sites/${siteId}/overview`);
  await mobile.getByRole("heading", { name: shopName, level: 1 }).waitFor();
  const more = mobile.locator(".tab-more.right");
  await more.waitFor();
  await shot(mobile, "products-phone-tab-strip-cue");
  await more.click();
  await mobile.locator(".tab-more.left").waitFor();
  await mobile.getByRole("link", { name: "Products", exact: true }).click();
  await mobile.getByRole("link", { name: "New product" }).first().click();
  await mobile.getByText("Generate variants from options").click();
  await shot(mobile, "products-phone-editor-generator");
  await phone.close();
  await context.close();
}
