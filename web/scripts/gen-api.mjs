#!/usr/bin/env node
// Regenerates the dashboard's API types from the services' OpenAPI documents,
// so the dashboard cannot drift from the APIs:
//
//   1. `cargo run --bin openapi -- DIR` writes each service's document (no server, no database);
//   2. openapi-typescript turns each into src/api/schema/<service>.ts.
//
// `npm run gen:api` writes web/openapi/*.json and src/api/schema/*.ts.
// `npm run check:api` regenerates into a temporary folder and fails if anything
// differs from what is committed (CI runs it).
// `--from-json` skips cargo and regenerates the TypeScript from web/openapi/*.json.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(web, "..");
const check = process.argv.includes("--check");
const fromJson = process.argv.includes("--from-json");
const jsonDir = join(web, "openapi");
const tsDir = join(web, "src/api/schema");

/**
 * A `$ref` to a schema the document does not define is a bug in the service
 * (a type missing from its `#[openapi(components(schemas(...)))]`): say so loudly,
 * and type that spot as `unknown` rather than fail the whole generation.
 */
function withoutDanglingRefs(service, document) {
  const schemas = document.components?.schemas ?? {};
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (value && typeof value === "object" && typeof value.$ref === "string") {
        const name = value.$ref.replace("#/components/schemas/", "");
        if (value.$ref.startsWith("#/components/schemas/") && !(name in schemas)) {
          console.warn(`gen-api: WARNING: ${service}.json refers to the undefined schema ${name}; typed as unknown. Fix the ${service} service's OpenAPI components.`);
          node[key] = { description: `undefined schema ${name} in the ${service} document` };
          continue;
        }
      }
      visit(value);
    }
  };
  visit(document);
  return document;
}

const work = mkdtempSync(join(tmpdir(), "vitrine-openapi-"));
try {
  const docs = join(work, "openapi");
  if (fromJson) {
    mkdirSync(docs);
    for (const file of readdirSync(jsonDir)) writeFileSync(join(docs, file), readFileSync(join(jsonDir, file)));
  } else {
    console.log("gen-api: cargo run --quiet --bin openapi (the services' documents, without a server)");
    execFileSync("cargo", ["run", "--quiet", "--bin", "openapi", "--", docs], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  }

  const outputs = new Map(); // path -> content
  for (const file of readdirSync(docs).filter((f) => f.endsWith(".json")).sort()) {
    const service = file.replace(/\.json$/, "");
    const json = readFileSync(join(docs, file), "utf8");
    outputs.set(join(jsonDir, file), json);
    const ast = await openapiTS(withoutDanglingRefs(service, JSON.parse(json)), { alphabetize: false, exportType: true, emptyObjectsUnknown: true });
    const header =
      `// Generated from web/openapi/${file} (the ${service} service's OpenAPI document)\n` +
      `// by web/scripts/gen-api.mjs. Do not edit: run \`npm run gen:api\`.\n\n`;
    outputs.set(join(tsDir, `${service}.ts`), header + astToString(ast));
  }

  if (check) {
    const stale = [];
    for (const [path, content] of outputs) {
      if (!existsSync(path) || readFileSync(path, "utf8") !== content) stale.push(path.slice(root.length + 1));
    }
    const known = new Set(outputs.keys());
    for (const dir of [jsonDir, tsDir]) {
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)) {
        const path = join(dir, file);
        if (!known.has(path) && (file.endsWith(".json") || file.endsWith(".ts"))) stale.push(`${path.slice(root.length + 1)} (no longer generated)`);
      }
    }
    if (stale.length > 0) {
      console.error("gen-api: the committed API documents or types are out of date:\n  " + stale.join("\n  "));
      console.error("Run `cd web && npm run gen:api` and commit the result.");
      process.exit(1);
    }
    console.log(`gen-api: ${outputs.size} files up to date`);
  } else {
    mkdirSync(jsonDir, { recursive: true });
    mkdirSync(tsDir, { recursive: true });
    for (const [path, content] of outputs) {
      writeFileSync(path, content);
      console.log(`gen-api: wrote ${path.slice(root.length + 1)}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
