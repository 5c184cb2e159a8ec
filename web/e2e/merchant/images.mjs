// Issue 22 segment "images": see index.mjs for the context it receives.
// A merchant uploads a PNG (it appears with its web sizes), adds a URL that
// does not resolve (flagged broken), the storefront product page shows every
// image as a gallery, and with two-option variants (size × colour) it does
// not scroll sideways on a 390 px phone.
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";

/** A real PNG of `width` × `height` (a colour gradient), made without dependencies. */
function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(Buffer.concat([Buffer.from(type, "ascii"), data])), 0);
    return Buffer.concat([head, data, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      rows[row + 1 + x * 3] = (x * 255) / width;
      rows[row + 2 + x * 3] = (y * 255) / height;
      rows[row + 3 + x * 3] = 160;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

async function api(base, token, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export async function run({ browser, base, shot, log, stamp, username, password, consoleErrors }) {
  const merchant = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
  const page = await merchant.newPage();
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "My sites" }).waitFor();
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("vitrine.session")).token);

  // A shop with a product in sizes × colours (the phone-overflow case).
  const site = await api(base, token, "POST", "/api/builder/sites", { name: `Gallery Shop ${stamp}` });
  const product = await api(base, token, "POST", `/api/site/sites/${site.id}/products`, {
    title: "Gallery Linen Shirt",
    description: "Washed linen, relaxed fit.",
  });
  for (const size of ["XS", "M", "XXL"]) {
    for (const colour of ["Midnight blue", "Terracotta"]) {
      await api(base, token, "POST", `/api/site/sites/${site.id}/products/${product.id}/variants`, {
        sku: `SHIRT-${size}-${colour.replace(/\s/g, "").toUpperCase()}-${stamp}`,
        attributes: { size, colour },
        price: "59.90",
        currency: "EUR",
        stock_qty: size === "XXL" ? 0 : 4,
      });
    }
  }
  log("images: a shop with a size × colour product");

  // Upload a PNG through the file picker: it appears with its web sizes.
  await page.goto(`/sites/${site.id}/products/${product.id}`);
  await page.getByRole("heading", { name: "Images" }).waitFor();
  await page.locator("#media-file").setInputFiles({ name: "shirt-front.png", mimeType: "image/png", buffer: png(1800, 1200) });
  await page.getByText(/Uploaded image · 1800 × 1200 · web sizes 320, 800, 1600 px/).waitFor({ timeout: 60_000 });
  // A second upload, and a file that is not an image: refused in words.
  await page.locator("#media-file").setInputFiles({ name: "shirt-back.png", mimeType: "image/png", buffer: png(900, 1200) });
  await page.getByText(/Uploaded image · 900 × 1200/).waitFor({ timeout: 60_000 });
  await page.locator("#media-file").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await page.getByRole("alert").filter({ hasText: "“notes.txt” is not a JPEG, PNG, GIF or WebP image." }).waitFor();
  await shot(page, "images-uploaded");

  // A URL that does not resolve: the checker flags it within seconds.
  await page.getByLabel("Image URL").fill(`https://no-such-host-${stamp}.invalid/shirt.jpg`);
  await page.getByRole("button", { name: "Add image" }).click();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !(await page.getByText(/Broken link:/).count())) {
    await page.waitForTimeout(1500);
    await page.reload();
    await page.getByRole("heading", { name: "Images" }).waitFor();
  }
  await page.getByText(/Broken link: host .* does not resolve/).waitFor();
  await shot(page, "images-broken-url-flagged");

  // The storefront: every (working) image, with srcset and alt text.
  const shopPage = await merchant.newPage();
  await shopPage.goto(`/site/${site.slug}/products/${product.slug}`);
  const slides = shopPage.locator("ul.slides img");
  assert.equal(await slides.count(), 2, "both uploads shown, the broken URL left out");
  assert.match(await slides.first().getAttribute("srcset"), /320w, .* 800w, .* 1600w/);
  assert.equal(await shopPage.locator("ul.thumbs a").count(), 2);
  await shopPage.waitForFunction(() => [...document.querySelectorAll("ul.slides img")][0].complete);
  await shot(shopPage, "images-storefront-gallery");
  await shopPage.close();

  // A 390 px phone: no sideways scroll with two-option variants.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: base, isMobile: true, hasTouch: true });
  const small = await phone.newPage();
  await small.goto(`/site/${site.slug}/products/${product.slug}`);
  const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the phone product page does not scroll sideways (${overflow}px)`);
  await shot(small, "images-phone-product-390");
  await small.locator("form.buy").scrollIntoViewIfNeeded();
  await shot(small, "images-phone-variants-390");
  await phone.close();
  await merchant.close();
}
