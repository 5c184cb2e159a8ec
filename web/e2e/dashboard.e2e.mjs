#!/usr/bin/env node
// End-to-end test of the merchant dashboard in real headless Chromium, against
// the all-in-one binary exactly as a merchant starts it (`cargo run`, which also
// builds the dashboard when web/dist is stale).
//
//   register → create a site (live slug preview) → a category tree → a product
//   with two variants (a field error first) → its storefront shows it → delete
//   the site (confirmation) → the storefront is gone; plus session expiry and a
//   phone-sized editor; then the commerce story of issue 17 (story.mjs): the
//   merchant sets up a shop, a code and a webhook, shoppers buy in the
//   storefront without JavaScript (skipped, saying so, while the storefront's
//   commerce pages are missing), the merchant reads the orders, the chart and
//   the experiment, fulfils one order and cancels the other.
//
// Every screen is saved to web/e2e/screenshots/. The server runs on a loopback
// port with its own VITRINE_DATA_DIR in a temporary folder, and is stopped by
// its process group id. Chromium is the machine's (/usr/bin/chromium), never a
// downloaded one.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, openSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { commerceStory } from "./story.mjs";
import { merchantFixes } from "./merchant/index.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const shots = join(here, "screenshots");
const port = Number(process.env.E2E_PORT ?? 18000 + Math.floor(Math.random() * 1000));
const base = `http://127.0.0.1:${port}`;
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

mkdirSync(shots, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "vitrine-e2e-"));
const logPath = join(shots, "server.log");
let server;
let browser;
let step = 0;

function log(message) {
  console.log(`e2e: ${message}`);
}

/** Our environment for cargo, but the server gets a throwaway PostgreSQL of its own, never a DATABASE_URL. */
function serverEnv() {
  const env = {
    ...process.env,
    BIND_ADDR: `127.0.0.1:${port}`,
    VITRINE_DATA_DIR: dataDir,
    LOG_FORMAT: "json",
    RUST_LOG: "info,sqlx=warn",
    // The story's webhook receiver is this test, on loopback over http (the settings exist for tests).
    NOTIFIER_ALLOW_INSECURE_URLS: "true",
    NOTIFIER_ALLOW_PRIVATE_TARGETS: "true",
  };
  delete env.DATABASE_URL;
  return env;
}

async function startServer() {
  // A clean clone has no web/dist: then `cargo run` must build it by itself, and this run
  // proves it. A stale one would be rebuilt in the background while the test already runs
  // on the old build, so bring it up to date first.
  if (existsSync(join(root, "web/dist/index.html"))) {
    log("web/dist exists: npm run build first, so the test sees the current sources");
    execFileSync("npm", ["run", "--silent", "build"], { cwd: join(root, "web"), stdio: ["ignore", "ignore", "inherit"] });
  }
  // E2E_BIN runs a built binary instead (e.g. a release build); the default is the README's command.
  const [command, args] = process.env.E2E_BIN ? [process.env.E2E_BIN, []] : ["cargo", ["run", "--quiet", "--bin", "vitrine"]];
  log(`starting \`${[command, ...args].join(" ")}\` on ${base} (data in ${dataDir}, log in ${logPath})`);
  const out = openSync(logPath, "w");
  server = spawn(command, args, {
    cwd: root,
    env: serverEnv(),
    stdio: ["ignore", out, out],
    // Its own process group: stopping it stops cargo and the binary, and nothing else.
    detached: true,
  });
  const deadline = Date.now() + 15 * 60_000; // a cold build of the binary and the dashboard
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}); see ${logPath}`);
    try {
      const response = await fetch(`${base}/login`);
      if (response.status === 200 && (await response.text()).includes('id="root"')) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the dashboard was not served within 15 minutes; see ${logPath}`);
}

async function stopServer() {
  if (!server || server.exitCode !== null) return;
  log(`stopping the server (process group ${server.pid})`);
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    return;
  }
  const deadline = Date.now() + 30_000;
  while (server.exitCode === null && server.signalCode === null && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
  }
  if (server.exitCode === null && server.signalCode === null) process.kill(-server.pid, "SIGKILL");
}

async function available(service) {
  const response = await fetch(`${base}/api/${service}/openapi.json`);
  return response.status === 200;
}

async function shot(page, name) {
  step += 1;
  const file = join(shots, `${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log(`screenshot ${file.slice(root.length + 1)}`);
}

async function run() {
  await startServer();
  for (const service of ["builder", "site", "media", "promotion", "experiment", "checkout", "customer", "notifier"]) {
    assert.ok(await available(service), `the ${service} API is served by the all-in-one binary`);
  }
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("console", (message) => {
    // 4xx answers the test provokes on purpose are logged by Chromium as failed loads.
    if (message.type() === "error" && !/status of 4\d\d/.test(message.text())) consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  const stamp = Date.now().toString(36);
  const username = `e2e_${stamp}`;
  const password = "correct horse battery";

  // ---- register and log in ----
  await page.goto("/");
  await page.getByRole("heading", { name: "Log in" }).waitFor();
  assert.match(page.url(), /\/login$/, "signed-out visitors land on the login page");
  await shot(page, "login");
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByRole("heading", { name: "Create your account" }).waitFor();
  await page.getByLabel("Username").fill("ab");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText("must be 3 to 32").waitFor();
  await shot(page, "register-field-errors");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "My sites" }).waitFor();
  await page.getByRole("heading", { name: "No site yet" }).waitFor();
  await shot(page, "sites-empty");

  // ---- the session survives a reload ----
  await page.reload();
  await page.getByRole("heading", { name: "My sites" }).waitFor();

  // ---- create a site, with the live preview of its address ----
  const siteName = `Café Crème ${stamp}`;
  const slug = `cafe-creme-${stamp}`;
  await page.getByLabel("Shop name").fill(siteName);
  const preview = page.getByTestId("url-preview");
  assert.equal(await preview.textContent(), `${base}/site/${slug}`, "the preview shows the storefront URL");
  await page.getByText("✓ available").waitFor();
  await shot(page, "create-site-preview");
  // Keyboard only: Enter in the name field submits the form.
  await page.getByLabel("Shop name").press("Enter");
  await page.getByRole("status").filter({ hasText: "is live at" }).waitFor();
  await page.getByRole("heading", { name: siteName }).waitFor();

  // The same name again: 409, the slug taken, a free one suggested.
  await page.getByLabel("Shop name").fill(siteName);
  await page.getByText("already taken: the server will suggest another").waitFor();
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByText(`“${slug}” is already taken`).waitFor();
  await shot(page, "create-site-slug-taken");
  await page.getByLabel("Shop name").fill("");
  await shot(page, "sites-list");

  await page.getByRole("link", { name: siteName }).click();
  await page.getByRole("heading", { name: siteName, level: 1 }).waitFor();

  {
    // A shop opens on its overview; the catalog is one tab away.
    await page.getByRole("link", { name: "Products", exact: true }).click();
    await page.getByRole("heading", { name: "No product yet" }).waitFor();
    await shot(page, "products-empty");

    // ---- a category tree ----
    await page.getByRole("link", { name: "Categories" }).click();
    await page.getByRole("heading", { name: "No category yet" }).waitFor();
    await page.getByLabel("Category name").fill("Clothing");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const tree = page.getByRole("list", { name: "Category tree" });
    await tree.getByRole("listitem").filter({ hasText: "Clothing" }).waitFor();
    await page.getByRole("button", { name: "Add a category inside Clothing" }).click();
    await tree.getByLabel("Category name").fill("Shirts");
    await tree.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByRole("list", { name: "Inside Clothing" }).getByRole("listitem").filter({ hasText: "Shirts" }).waitFor();
    // A parent cannot be deleted before its children: said before anything is sent.
    await page.getByRole("button", { name: "Delete Clothing" }).click();
    await page.getByText("“Clothing” has subcategories").waitFor();
    await page.getByRole("button", { name: "OK" }).click();
    await shot(page, "categories-tree");

    // ---- a product with two variants ----
    await page.getByRole("link", { name: "Products", exact: true }).click();
    await page.getByRole("link", { name: "New product" }).click();
    await page.getByRole("heading", { name: "New product" }).waitFor();
    await page.getByLabel("Title").fill("Linen Shirt");
    await page.getByLabel("Category").selectOption({ label: "\u00a0\u00a0Shirts" });
    await page.getByLabel("Description").fill("Washed linen, relaxed fit.");
    await page.getByLabel("SKU of variant 1").fill(`LS-S-${stamp}`);
    await page.getByLabel("Attribute 1 name of variant 1").fill("size");
    await page.getByLabel("Attribute 1 value of variant 1").fill("S");
    await page.getByLabel("Price of variant 1").fill("19.999");
    await page.getByRole("button", { name: "+ Add a variant" }).click();
    await page.getByLabel("SKU of variant 2").fill(`LS-M-${stamp}`);
    await page.getByLabel("Attribute 1 name of variant 2").fill("size");
    await page.getByLabel("Attribute 1 value of variant 2").fill("M");
    await page.getByLabel("Price of variant 2").fill("21.50");
    await page.getByLabel("Stock of variant 2").fill("4");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByText("EUR has at most 2 decimals").waitFor();
    await shot(page, "product-field-error");
    await page.getByLabel("Price of variant 1").fill("19.99");
    await page.getByLabel("Stock of variant 1").fill("7");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByRole("status").filter({ hasText: "Product created." }).waitFor();
    await page.getByRole("heading", { name: "Linen Shirt" }).waitFor();
    assert.match(page.url(), /\/products\/[0-9a-f-]{36}$/, "a created product gets its own address");
    // What the server holds, not only what the form shows.
    await page.reload();
    await page.getByLabel("SKU of variant 2").waitFor();
    assert.equal(await page.getByLabel("Price of variant 1").inputValue(), "19.99");
    assert.equal(await page.getByLabel("Price of variant 2").inputValue(), "21.50");
    {
      // An image this machine can load offline: the dashboard's own icon.
      await page.getByLabel("Image URL").fill(`${base}/favicon.svg`);
      await page.getByLabel("Description (alt text)").fill("Linen shirt, front");
      await page.getByRole("button", { name: "Add image" }).click();
      await page.getByRole("link", { name: `${base}/favicon.svg` }).waitFor();
    }
    await shot(page, "product-editor");

    // ---- search ----
    await page.getByRole("link", { name: "← All products" }).click();
    await page.getByLabel("Search products").fill("linen");
    await page.waitForURL(/q=linen/);
    await page.getByRole("link", { name: /Linen Shirt/ }).waitFor();
    await shot(page, "products-search");
    await page.getByLabel("Search products").fill("no such thing");
    await page.getByRole("heading", { name: "No product matches" }).waitFor();
    await page.getByLabel("Search products").fill("");

    // ---- the server's field errors (409s) land next to their fields ----
    await page.getByRole("link", { name: "New product" }).click();
    await page.getByLabel("Title").fill("Linen Shirt, long");
    await page.getByLabel("Address in the shop").fill("linen-shirt");
    await page.getByLabel("SKU of variant 1").fill(`LS-S-${stamp}`);
    await page.getByLabel("Price of variant 1").fill("25");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByText("another product of this site has this slug").waitFor();
    assert.equal(await page.getByLabel("Address in the shop").getAttribute("aria-invalid"), "true");
    await page.getByLabel("Address in the shop").fill("");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByText("another variant of this site has this SKU").waitFor();
    // All or nothing (issue 22): the refused variant left no half-created product behind.
    await page.getByRole("heading", { name: "New product" }).waitFor();
    assert.equal(await page.getByLabel("SKU of variant 1").getAttribute("aria-invalid"), "true");
    await shot(page, "product-server-field-errors");
    await page.getByLabel("SKU of variant 1").fill(`LS-L-${stamp}`);
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByRole("status").filter({ hasText: "Product created." }).waitFor();
    await page.getByRole("link", { name: "← All products" }).click();
    await page.getByRole("link", { name: /Linen Shirt, long/ }).waitFor();

    // ---- promotions ----
    await page.getByRole("link", { name: "Promotions", exact: true }).click();
    await page.getByRole("heading", { name: "No promotion yet" }).waitFor();
    await page.getByLabel("Code").fill("summer10");
    await page.getByLabel("Percent").fill("150");
    await page.getByRole("button", { name: "Create promotion" }).click();
    await page.getByText("a percentage is at most 100").waitFor();
    await page.getByLabel("Percent").fill("10");
    await page.getByRole("button", { name: "Create promotion" }).click();
    const promotion = page.getByRole("row").filter({ hasText: "SUMMER10" });
    await promotion.getByText("Live").waitFor();
    await promotion.getByRole("button", { name: "Switch off" }).click();
    await promotion.getByText("Off", { exact: true }).waitFor();
    await promotion.getByRole("button", { name: "Switch on" }).waitFor();
    await shot(page, "promotions");

    // ---- experiments and their per-arm results ----
    await page.getByRole("link", { name: "Experiments", exact: true }).click();
    await page.getByRole("heading", { name: "No experiment yet" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Hero image");
    await page.getByLabel("Arm 2 weight").fill("40");
    await page.getByRole("button", { name: "Create experiment" }).click();
    await page.getByText("weights add up to 90, not 100").waitFor();
    await page.getByLabel("Arm 2 weight").fill("50");
    await page.getByRole("button", { name: "Create experiment" }).click();
    const experiment = page.getByRole("article").filter({ hasText: "Hero image" });
    await experiment.getByRole("button", { name: "Start" }).click();
    await experiment.getByText("running", { exact: true }).waitFor();
    await experiment.getByRole("button", { name: "Show results" }).click();
    await experiment.getByRole("rowheader", { name: "control" }).waitFor();
    await experiment.getByRole("rowheader", { name: "variant" }).waitFor();
    await shot(page, "experiments");

    // ---- the storefront shows the product ----
    const storefront = await context.newPage();
    const shown = await storefront.goto(`${base}/site/${slug}`);
    assert.equal(shown.status(), 200, "the storefront is live");
    await storefront.getByText("Linen Shirt").first().waitFor();
    await shot(storefront, "storefront");

    // ---- delete the site, after confirming ----
    await page.getByRole("link", { name: "My sites", exact: true }).click();
    await page.getByRole("heading", { name: siteName }).waitFor();
    await page.getByRole("button", { name: "Delete" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("heading", { name: `Delete “${siteName}”?` }).waitFor();
    await shot(page, "delete-site-confirm");
    // The safe answer has the focus, and Escape cancels.
    assert.equal(await dialog.getByRole("button", { name: "Cancel" }).evaluate((b) => b === document.activeElement), true);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    assert.equal(await page.getByRole("heading", { name: siteName }).count(), 1, "cancel keeps the site");
    await page.getByRole("button", { name: "Delete" }).first().click();
    await dialog.getByRole("button", { name: "Delete site" }).click();
    await page.getByRole("heading", { name: "No site yet" }).waitFor();
    await shot(page, "sites-after-delete");

    // ---- the storefront is gone ----
    const gone = await storefront.goto(`${base}/site/${slug}`);
    assert.equal(gone.status(), 404, "a deleted site's storefront is a 404");
    await shot(storefront, "storefront-gone");
    await storefront.close();
  }

  // ---- a phone ----
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: base, isMobile: true, hasTouch: true });
  const mobile = await phone.newPage();
  await mobile.goto("/login");
  await mobile.getByLabel("Username").fill(username);
  await mobile.getByLabel("Password").fill(password);
  await mobile.getByLabel("Password").press("Enter");
  await mobile.getByRole("heading", { name: "My sites" }).waitFor();
  await mobile.getByLabel("Shop name").fill(`Phone Shop ${stamp}`);
  await mobile.getByRole("button", { name: "Create site" }).click();
  await mobile.getByRole("heading", { name: `Phone Shop ${stamp}` }).waitFor();
  await shot(mobile, "phone-sites");
  {
    await mobile.getByRole("link", { name: "Manage" }).first().click();
    // The tab strip scrolls sideways on a phone: Products is reachable.
    await mobile.getByRole("link", { name: "Products", exact: true }).click();
    await mobile.getByRole("link", { name: "Add a product" }).click();
    await mobile.getByLabel("Title").fill("Phone product");
    await mobile.getByRole("button", { name: "+ Add a variant" }).click();
    await shot(mobile, "phone-product-editor");
    // Unsaved edits: leaving the page asks first.
    const asked = new Promise((resolve) => mobile.once("dialog", (dialog) => {
        resolve(dialog.type());
        void dialog.accept();
      }));
    await mobile.reload();
    assert.equal(await asked, "beforeunload", "leaving unsaved edits asks first");
  }

  // ---- an expired session returns to login, saying so ----
  await mobile.evaluate(() => {
    const session = JSON.parse(localStorage.getItem("vitrine.session"));
    session.expiresAt = Date.now() - 1000;
    localStorage.setItem("vitrine.session", JSON.stringify(session));
  });
  await mobile.goto("/sites/0190a0a0-0000-7000-8000-000000000000/categories");
  await mobile.getByRole("heading", { name: "Log in" }).waitFor();
  assert.match(mobile.url(), /\/login\?next=/, "the login page knows where to return");
  await mobile.getByText("Your session expired").waitFor();
  // A token the server refuses (as after a key change) ends the session too.
  await mobile.evaluate(() => {
    localStorage.setItem("vitrine.session", JSON.stringify({ token: "a.b.c", username: "x", expiresAt: Date.now() + 3_600_000 }));
  });
  await mobile.goto("/");
  await mobile.getByText("Your session expired").waitFor();
  await shot(mobile, "session-expired");
  await phone.close();

  // ---- the APIs keep their problem+json 404s beside the SPA fallback ----
  const api404 = await fetch(`${base}/api/builder/nope`);
  assert.equal(api404.status, 404);
  assert.equal(api404.headers.get("content-type"), "application/problem+json");
  const swagger = await fetch(`${base}/api/builder/docs/`);
  assert.equal(swagger.status, 200, "Swagger UI is still served");

  // ---- issue 17: the whole story, merchant and shoppers ----
  await commerceStory({ browser, base, shot, log, stamp, username, password, consoleErrors });

  // ---- issue 22: what a merchant hit, each fix shown in the screenshots ----
  await merchantFixes({ browser, base, shot, log, stamp, username, password, consoleErrors });

  assert.deepEqual(consoleErrors, [], "no errors in the browser console");
}

let failed = false;
try {
  await run();
  log("passed");
} catch (error) {
  failed = true;
  console.error("e2e: FAILED:", error);
  try {
    const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
    for (const p of pages) await shot(p, "failure");
  } catch {
    // best effort
  }
} finally {
  await browser?.close().catch(() => {});
  await stopServer();
  if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
