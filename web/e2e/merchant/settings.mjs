// Issue 22 segment "settings": shop settings (rename, currency, language, time
// zone), the storefront in the shop's language, dates in the shop's zone, and
// passwords (common ones refused, changing one). It uses a merchant of its own,
// since it changes that merchant's password.
import assert from "node:assert/strict";

const plain = (text) => text.replace(/[\u00a0\u202f]/g, " ");

export async function run({ browser, base, shot, log, stamp, consoleErrors }) {
  // This segment's pages report console errors like the main page (4xx it provokes on purpose aside).
  const watch = (p) => {
    p.on("console", (message) => {
      if (message.type() === "error" && !/status of 4\d\d/.test(message.text())) consoleErrors.push(message.text());
    });
    p.on("pageerror", (error) => consoleErrors.push(error.message));
    return p;
  };
  const api = async (method, path, token, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const login = async (username, password) => api("POST", "/api/builder/auth/login", null, { username, password });
  /** A product with one variant, through the API (this segment is about what surrounds it). */
  const priced = async (token, siteId, title, price, currency) => {
    const product = await api("POST", `/api/site/sites/${siteId}/products`, token, { title });
    assert.equal(product.status, 201, JSON.stringify(product.body));
    const variant = await api("POST", `/api/site/sites/${siteId}/products/${product.body.id}/variants`, token, {
      sku: `SET-${stamp}-${title.length}-${currency}`,
      price,
      currency,
      stock_qty: 5,
      attributes: {},
    });
    assert.equal(variant.status, 201, JSON.stringify(variant.body));
    return product.body;
  };

  const username = `settings_${stamp}`;
  const first = "linen and sea salt";
  const second = "tide pools at noon";
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
  const page = watch(await context.newPage());

  // ---- registration: "password" and blanks are refused, in words ----
  await page.goto("/register");
  await page.getByLabel("Username").fill(` ${username} `);
  await page.getByLabel("Password").fill("password");
  await page.getByRole("button", { name: /create account|register|sign up/i }).click();
  await page.getByText(/one of the most common passwords/).waitFor();
  await shot(page, "settings-common-password-refused");
  await page.getByLabel("Password").fill(first);
  await page.getByRole("button", { name: /create account|register|sign up/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/register"));
  const token = (await login(` ${username}`, first)).body.access_token;
  assert.ok(token, "the username is trimmed at login as at registration");

  // ---- a shop, renamed and set to French, euros, Paris time ----
  const shop = await api("POST", "/api/builder/sites", token, { name: `Linen ${stamp}` });
  assert.equal(shop.status, 201, JSON.stringify(shop.body));
  const { id: siteId, slug } = shop.body;
  await priced(token, siteId, "Chemise", "59.90", "EUR");
  await page.goto(`/sites/${siteId}/settings`);
  await page.getByLabel("Shop name").fill(`Maison du Lin ${stamp}`);
  await page.getByLabel("Language").selectOption("fr-FR");
  await page.getByLabel("Time zone").fill("Europe/Atlantis");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("must be a time zone such as Europe/Paris").waitFor();
  await shot(page, "settings-unknown-time-zone");
  await page.getByLabel("Time zone").fill("Europe/Paris");
  await page.getByLabel("Currency").first().selectOption("EUR");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  await page.getByRole("heading", { level: 1, name: `Maison du Lin ${stamp}` }).waitFor();
  await shot(page, "settings-saved");
  const saved = await api("GET", `/api/builder/sites/${siteId}`, token);
  assert.deepEqual(
    [saved.body.name, saved.body.slug, saved.body.currency, saved.body.language, saved.body.timezone],
    [`Maison du Lin ${stamp}`, slug, "EUR", "fr-FR", "Europe/Paris"],
    "renamed, the address kept",
  );

  // ---- the storefront speaks French ----
  const store = watch(await context.newPage());
  await store.goto(`/site/${slug}`);
  assert.equal(await store.locator("html").getAttribute("lang"), "fr-FR");
  assert.ok(plain(await store.locator("body").innerText()).includes("59,90 €"), "the price is written the French way");
  await shot(store, "settings-storefront-fr");

  // ---- promotion dates are typed and shown in Paris time ----
  await page.getByRole("link", { name: "Promotions", exact: true }).click();
  await page.getByLabel("Code").fill("NOEL");
  await page.getByLabel("Kind").selectOption("fixed_amount");
  await page.getByLabel("Amount").fill("5.00");
  assert.equal(await page.getByLabel("Currency").inputValue(), "EUR", "the shop's currency is the default");
  await page.getByLabel("Starts").fill("2026-12-01T00:00");
  await page.getByLabel("Ends").fill("2026-12-26T00:00");
  await page.getByText("Europe/Paris time").first().waitFor();
  await page.getByRole("button", { name: "Create promotion" }).click();
  await page.getByRole("row").filter({ hasText: "NOEL" }).waitFor();
  const promos = await api("GET", `/api/promotion/sites/${siteId}/promotions`, token);
  const noel = promos.body.items.find((p) => p.code === "NOEL");
  assert.equal(new Date(noel.start_at).toISOString(), "2026-11-30T23:00:00.000Z", "midnight in Paris is 23:00 UTC");
  assert.equal(new Date(noel.end_at).toISOString(), "2026-12-25T23:00:00.000Z");
  await shot(page, "settings-promotion-paris-time");

  // ---- a Japanese shop in yen ----
  const tokyo = await api("POST", "/api/builder/sites", token, {
    name: `Tokyo ${stamp}`,
    currency: "JPY",
    language: "ja",
    timezone: "Asia/Tokyo",
  });
  assert.equal(tokyo.status, 201, JSON.stringify(tokyo.body));
  await priced(token, tokyo.body.id, "Tea bowl", "12800", "JPY");
  await store.goto(`/site/${tokyo.body.slug}`);
  assert.equal(await store.locator("html").getAttribute("lang"), "ja");
  assert.ok(plain(await store.locator("body").innerText()).includes("¥12,800"), "yen without decimals, symbol first");
  await shot(store, "settings-storefront-ja");
  await page.goto(`/sites/${tokyo.body.id}/promotions`);
  await page.getByLabel("Kind").selectOption("fixed_amount");
  assert.equal(await page.getByLabel("Currency").inputValue(), "JPY", "a yen shop's promotions default to yen");

  // ---- changing the password: a common one refused, then the old one stops working ----
  await page.goto("/account");
  await page.getByLabel("Current password").fill(first);
  await page.getByLabel("New password", { exact: true }).fill("password1");
  await page.getByLabel("New password again").fill("password1");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByText(/one of the most common passwords/).waitFor();
  await shot(page, "settings-new-password-too-common");
  await page.getByLabel("New password", { exact: true }).fill(second);
  await page.getByLabel("New password again").fill(second);
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByRole("status").filter({ hasText: "Password changed." }).waitFor();
  await shot(page, "settings-password-changed");
  assert.equal((await login(username, first)).status, 401, "the old password is refused");
  assert.equal((await login(username, second)).status, 200, "the new one works");
  assert.equal((await api("GET", "/api/builder/auth/me", token)).status, 401, "earlier sessions are signed out");
  await page.goto(`/sites/${siteId}/settings`);
  await page.getByLabel("Shop name").waitFor();
  assert.ok(!page.url().includes("/login"), "this session goes on with its new token");
  await context.close();

  // ---- the settings and account screens on a phone ----
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: base, isMobile: true, hasTouch: true });
  const mobile = watch(await phone.newPage());
  await mobile.goto("/login");
  await mobile.getByLabel("Username").fill(username);
  await mobile.getByLabel("Password").fill(second);
  await mobile.getByRole("button", { name: /log in|sign in/i }).click();
  await mobile.waitForURL((url) => !url.pathname.startsWith("/login"));
  await mobile.goto(`/sites/${siteId}/settings`);
  await mobile.getByLabel("Time zone").waitFor();
  await shot(mobile, "settings-phone");
  await mobile.goto("/account");
  await mobile.getByRole("heading", { name: "Change password" }).waitFor();
  await shot(mobile, "settings-account-phone");
  await phone.close();
  log("settings: shop settings, storefront formats, shop time zone and passwords shown");
}
