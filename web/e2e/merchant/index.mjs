// Issue 22, "what a merchant hit": one segment per area, each in its own file,
// each starting from its own shop so they do not depend on one another. Every
// segment gets the same context as the commerce story:
//   { browser, base, shot, log, stamp, username, password, consoleErrors }
// (`shot(page, name)` saves web/e2e/screenshots/NN-name.png).
import { run as settings } from "./settings.mjs";
import { run as catalog } from "./catalog.mjs";
import { run as products } from "./products.mjs";
import { run as images } from "./images.mjs";

export async function merchantFixes(ctx) {
  for (const [name, segment] of Object.entries({ settings, catalog, products, images })) {
    ctx.log(`issue 22: ${name}`);
    await segment(ctx);
  }
}
