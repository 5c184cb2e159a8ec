#!/usr/bin/env node
// Vitrine's Postman collection, generated:
//
//   node postman/generate.mjs           write postman/vitrine.postman_collection.json
//   node postman/generate.mjs --check   fail if the committed collection is not current
//
// One folder per service, converted from its OpenAPI document (web/openapi/<service>.json,
// which the dashboard's CI keeps equal to what the code serves) by openapi-to-postmanv2,
// and the "Scenario" folder below: a merchant's and a shopper's whole path (register → login →
// site → catalog → cart → checkout → orders → webhooks), with tests on every response. newman
// runs the scenario against the all-in-one and the gateway (scripts/postman.sh).
//
// The converter is installed by scripts/postman.sh into .tools/postman (pinned there); set
// NODE_PATH=.tools/postman/node_modules to run this by hand.
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const require = createRequire(join(root, ".tools/postman/node_modules/"));
const Converter = require("openapi-to-postmanv2");
const out = join(here, "vitrine.postman_collection.json");

function convert(spec) {
  return new Promise((ok, fail) =>
    Converter.convert(
      { type: "json", data: spec },
      // Schema placeholders (<string>, <uuid>) rather than faked values: the output is
      // deterministic, so --check can compare it.
      { folderStrategy: "Tags", parametersResolution: "Schema", requestNameSource: "Fallback", includeAuthInfoInExample: false },
      (err, result) => (err ? fail(err) : result.result ? ok(result.output[0].data) : fail(new Error(result.reason))),
    ),
  );
}

// Drops what the converter makes at random (ids) so the file only changes with the APIs.
function stable(node) {
  if (Array.isArray(node)) return node.map(stable);
  if (typeof node === "string") {
    // Ids and times in the examples: fixed, so the file churns less between generations.
    return node
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "01890a5d-ac96-774b-bcce-b302099a8057")
      .replace(/-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "2026-01-01T00:00:00Z");
  }
  if (!node || typeof node !== "object") return node;
  const copy = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "id" || key === "_postman_id") continue;
    copy[key] = stable(value);
  }
  return copy;
}

// ---- the scenario ----------------------------------------------------------------------
// Every step checks its status, that errors are problem+json and successes JSON (or HTML for
// pages), that the x-request-id came back, and what it is about.
const common = [
  "pm.test('answers with an x-request-id', () => pm.expect(pm.response.headers.get('x-request-id')).to.be.a('string').and.not.empty);",
  "pm.test('answers within 5 s', () => pm.expect(pm.response.responseTime).to.be.below(5000));",
];

function step(name, method, path, { body, headers = {}, auth = true, status, tests = [], pre = [], html = false }) {
  const header = Object.entries(headers).map(([key, value]) => ({ key, value }));
  if (body !== undefined) header.push({ key: "Content-Type", value: "application/json" });
  if (auth) header.push({ key: "Authorization", value: "Bearer {{merchantToken}}" });
  const statuses = [].concat(status);
  const kind = html
    ? "pm.test('is HTML', () => pm.expect(pm.response.headers.get('content-type')).to.match(/^text\\/html/));"
    : statuses[0] >= 400
      ? "pm.test('is problem+json', () => pm.expect(pm.response.headers.get('content-type')).to.match(/^application\\/problem\\+json/));"
      : "pm.test('is JSON', () => pm.expect(pm.response.headers.get('content-type')).to.match(/^application\\/json/));";
  const event = [
    {
      listen: "test",
      script: {
        type: "text/javascript",
        exec: [`pm.test('status ${statuses.join(" or ")}', () => pm.expect(pm.response.code).to.be.oneOf(${JSON.stringify(statuses)}));`, kind, ...common, ...tests],
      },
    },
  ];
  if (pre.length) event.unshift({ listen: "prerequest", script: { type: "text/javascript", exec: pre } });
  return {
    name,
    event,
    request: {
      method,
      header,
      url: { raw: `{{baseUrl}}${path}`, host: ["{{baseUrl}}"], path: path.replace(/^\//, "").split("/") },
      ...(body !== undefined ? { body: { mode: "raw", raw: JSON.stringify(body, null, 2), options: { raw: { language: "json" } } } } : {}),
    },
  };
}

const shipping = { name: "Ada Lovelace", line1: "1 Main St", city: "Paris", postal_code: "75001", country: "FR" };
const card = (number) => ({ card_number: number, exp_month: 12, exp_year: 2099, cvc: "123" });
const set = (name, expr) => `pm.collectionVariables.set('${name}', ${expr});`;

const scenario = {
  name: "Scenario",
  description: "A merchant opens a shop and a shopper buys from it: register → login → site → catalog → cart → checkout → orders → webhooks. Run in order (newman --folder Scenario).",
  item: [
    step("Register a merchant", "POST", "/api/builder/auth/register", {
      auth: false,
      pre: [set("username", "'pm_' + Date.now() + '_' + Math.floor(Math.random() * 1e6)")],
      body: { username: "{{username}}", password: "correct horse battery" },
      status: 201,
      tests: ["pm.test('is the new merchant', () => pm.expect(pm.response.json().username).to.eql(pm.collectionVariables.get('username')));"],
    }),
    step("Register the same name again: 409", "POST", "/api/builder/auth/register", {
      auth: false,
      body: { username: "{{username}}", password: "correct horse battery" },
      status: 409,
    }),
    step("Log in with a wrong password: 401", "POST", "/api/builder/auth/login", {
      auth: false,
      body: { username: "{{username}}", password: "not the password" },
      status: 401,
    }),
    step("Log in", "POST", "/api/builder/auth/login", {
      auth: false,
      body: { username: "{{username}}", password: "correct horse battery" },
      status: 200,
      tests: ["const token = pm.response.json().access_token;", "pm.test('gives an access token', () => pm.expect(token).to.be.a('string').and.not.empty);", set("merchantToken", "token")],
    }),
    step("Create a site", "POST", "/api/builder/sites", {
      body: { name: "Postman Shop {{$timestamp}}" },
      status: 201,
      tests: [
        "const site = pm.response.json();",
        "pm.test('has an id and a slug', () => { pm.expect(site.id).to.match(/^[0-9a-f-]{36}$/); pm.expect(site.slug).to.match(/^postman-shop-/); });",
        "pm.test('says where it is', () => pm.expect(pm.response.headers.get('location')).to.include(site.id));",
        set("siteId", "site.id"),
        set("siteSlug", "site.slug"),
      ],
    }),
    step("Create a category", "POST", "/api/site/sites/{{siteId}}/categories", {
      body: { name: "Mugs" },
      status: 201,
      tests: ["pm.test('is named Mugs', () => pm.expect(pm.response.json().name).to.eql('Mugs'));", set("categoryId", "pm.response.json().id")],
    }),
    step("Create a product", "POST", "/api/site/sites/{{siteId}}/products", {
      body: { title: "Blue Mug", description: "A mug, blue.", category_id: "{{categoryId}}" },
      status: 201,
      tests: [
        "pm.test('slug from the title', () => pm.expect(pm.response.json().slug).to.eql('blue-mug'));",
        set("productId", "pm.response.json().id"),
        set("productSlug", "pm.response.json().slug"),
      ],
    }),
    step("Add a variant", "POST", "/api/site/sites/{{siteId}}/products/{{productId}}/variants", {
      body: { sku: "MUG-BLUE-S", attributes: { size: "S" }, price: "12.50", currency: "EUR", stock_qty: 10 },
      status: 201,
      tests: ["pm.test('the price is an exact decimal string', () => pm.expect(pm.response.json().price).to.eql('12.50'));", set("variantId", "pm.response.json().id")],
    }),
    step("A variant with a negative price: 422", "POST", "/api/site/sites/{{siteId}}/products/{{productId}}/variants", {
      body: { sku: "MUG-BAD", attributes: {}, price: "-1", currency: "EUR", stock_qty: 1 },
      status: 422,
      tests: ["pm.test('names the field', () => pm.expect(pm.response.json().errors.map(e => e.field)).to.include('price'));"],
    }),
    step("The public product, no token", "GET", "/api/site/public/{{siteSlug}}/products/{{productSlug}}", {
      auth: false,
      status: 200,
      tests: ["pm.test('has the variant at 12.50', () => pm.expect(pm.response.json().variants.map(v => v.price)).to.eql(['12.50']));"],
    }),
    step("The storefront page", "GET", "/site/{{siteSlug}}", {
      auth: false,
      html: true,
      status: 200,
      tests: ["pm.test('lists the product', () => pm.expect(pm.response.text()).to.include('Blue Mug'));"],
    }),
    step("A shopper's cart", "POST", "/api/checkout/public/{{siteSlug}}/carts", {
      auth: false,
      body: { lines: [{ variant_id: "{{variantId}}", quantity: 2 }] },
      status: 201,
      tests: [
        "const cart = pm.response.json();",
        "pm.test('2 × 12.50 = 25.00 EUR, exactly', () => { pm.expect(cart.total).to.eql('25.00'); pm.expect(cart.currency).to.eql('EUR'); });",
        set("cartToken", "cart.token"),
      ],
    }),
    step("Read the cart back", "GET", "/api/checkout/public/{{siteSlug}}/carts/{{cartToken}}", {
      auth: false,
      status: 200,
      tests: ["pm.test('one line of 2', () => pm.expect(pm.response.json().lines.map(l => l.quantity)).to.eql([2]));"],
    }),
    step("Check out", "POST", "/api/checkout/public/{{siteSlug}}/carts/{{cartToken}}/checkout", {
      auth: false,
      pre: [set("idempotencyKey", "'pm-' + Date.now() + '-' + Math.floor(Math.random() * 1e6)")],
      headers: { "Idempotency-Key": "{{idempotencyKey}}" },
      body: { email: "shopper@example.com", shipping_address: shipping, payment: card("4242424242424242") },
      status: 201,
      tests: [
        "const order = pm.response.json();",
        "pm.test('paid, 25.00', () => { pm.expect(order.status).to.eql('paid'); pm.expect(order.total).to.eql('25.00'); });",
        set("orderId", "order.id"),
      ],
    }),
    step("Check out again with the same Idempotency-Key", "POST", "/api/checkout/public/{{siteSlug}}/carts/{{cartToken}}/checkout", {
      auth: false,
      headers: { "Idempotency-Key": "{{idempotencyKey}}" },
      body: { email: "shopper@example.com", shipping_address: shipping, payment: card("4242424242424242") },
      status: [200, 201],
      tests: ["pm.test('the same order, not a second one', () => pm.expect(pm.response.json().id).to.eql(pm.collectionVariables.get('orderId')));"],
    }),
    step("A declined card: 402", "POST", "/api/checkout/public/{{siteSlug}}/carts", {
      auth: false,
      body: { lines: [{ variant_id: "{{variantId}}", quantity: 1 }] },
      status: 201,
      tests: [set("cartToken2", "pm.response.json().token")],
    }),
    step("Check out with the declined card", "POST", "/api/checkout/public/{{siteSlug}}/carts/{{cartToken2}}/checkout", {
      auth: false,
      headers: { "Idempotency-Key": "{{idempotencyKey}}-declined" },
      body: { email: "shopper@example.com", shipping_address: shipping, payment: card("4000000000000002") },
      status: 402,
    }),
    step("The stock went down by 2, not 3", "GET", "/api/site/sites/{{siteId}}/products/{{productId}}", {
      status: 200,
      tests: ["pm.test('8 left', () => pm.expect(pm.response.json().variants[0].stock_qty).to.eql(8));"],
    }),
    step("The merchant's orders", "GET", "/api/checkout/sites/{{siteId}}/orders", {
      status: 200,
      tests: ["pm.test('include the paid order', () => pm.expect(pm.response.json().items.map(o => o.id)).to.include(pm.collectionVariables.get('orderId')));"],
    }),
    step("One order", "GET", "/api/checkout/sites/{{siteId}}/orders/{{orderId}}", {
      status: 200,
      tests: ["pm.test('is paid, 25.00 EUR', () => { const o = pm.response.json(); pm.expect([o.status, o.total, o.currency]).to.eql(['paid', '25.00', 'EUR']); });"],
    }),
    step("Register a webhook", "POST", "/api/notifier/sites/{{siteId}}/webhooks", {
      body: { url: "{{webhookUrl}}", events: ["*"] },
      status: 201,
      tests: [
        "const hook = pm.response.json();",
        "pm.test('has a whsec_ secret', () => pm.expect(hook.secret).to.match(/^whsec_/));",
        set("webhookId", "hook.id"),
      ],
    }),
    step("A webhook to a plain-http URL on a private address is refused unless allowed", "POST", "/api/notifier/sites/{{siteId}}/webhooks", {
      body: { url: "not a url", events: ["*"] },
      status: 422,
    }),
    step("The webhooks", "GET", "/api/notifier/sites/{{siteId}}/webhooks", {
      status: 200,
      tests: ["pm.test('list the new one', () => pm.expect(pm.response.json().items.map(w => w.id)).to.include(pm.collectionVariables.get('webhookId')));"],
    }),
    step("Send a test delivery", "POST", "/api/notifier/sites/{{siteId}}/webhooks/{{webhookId}}/test", {
      status: 202,
      tests: ["pm.test('is a delivery', () => pm.expect(pm.response.json().id).to.be.a('string'));"],
    }),
    step("The webhook's deliveries", "GET", "/api/notifier/sites/{{siteId}}/webhooks/{{webhookId}}/deliveries", {
      status: 200,
      tests: ["pm.test('include the test delivery', () => pm.expect(pm.response.json().items).to.be.an('array').that.is.not.empty);"],
    }),
  ],
};

// ---- the collection --------------------------------------------------------------------
const specDir = join(root, "web/openapi");
const folders = [];
for (const file of readdirSync(specDir).filter((f) => f.endsWith(".json")).sort()) {
  const spec = JSON.parse(readFileSync(join(specDir, file), "utf8"));
  const converted = await convert(spec);
  folders.push({
    name: file.replace(/\.json$/, ""),
    description: spec.info?.description ?? "",
    item: stable(converted.item),
  });
}

const collection = {
  info: {
    name: "Vitrine",
    description:
      "Every service's API, generated from its OpenAPI document (postman/generate.mjs), and a Scenario folder with tests. " +
      "Pick the environment: all-in-one (cargo run) or gateway (Traefik). Merchant routes need {{merchantToken}}: the Scenario's login sets it.",
    schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
  },
  item: [scenario, ...folders],
  variable: [
    { key: "merchantToken", value: "" },
    { key: "siteId", value: "" },
    { key: "siteSlug", value: "" },
  ],
};
// Generated requests use {{bearerToken}} for their bearer auth: the scenario's token.
const text = JSON.stringify(collection, null, 2).replaceAll("{{bearerToken}}", "{{merchantToken}}") + "\n";

// What --check compares: every request (folder, name, method, path, query keys) and the
// scenario exactly. The converter's example values are drawn at random (enum choices, nulls)
// and are left out of the comparison.
function signature(col) {
  const lines = [];
  const walk = (items, where) => {
    for (const item of items) {
      if (item.item) walk(item.item, `${where}/${item.name}`);
      else {
        const url = item.request.url;
        const query = (url.query || []).map((q) => q.key).join("&");
        lines.push(`${where} | ${item.name} | ${item.request.method} /${url.path.join("/")}?${query}`);
      }
    }
  };
  walk(col.item.slice(1), "");
  return lines.join("\n") + "\n" + JSON.stringify(col.item[0]);
}

if (process.argv.includes("--check")) {
  const current = existsSync(out) ? JSON.parse(readFileSync(out, "utf8")) : { item: [] };
  if (current.item.length === 0 || signature(current) !== signature(JSON.parse(text))) {
    console.error("postman/vitrine.postman_collection.json is not current: run node postman/generate.mjs");
    process.exit(1);
  }
  console.log(`postman collection current (${folders.length} services, ${scenario.item.length} scenario steps)`);
} else {
  writeFileSync(out, text);
  console.log(`wrote postman/vitrine.postman_collection.json (${folders.length} services, ${scenario.item.length} scenario steps)`);
}
