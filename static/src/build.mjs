// Builds static/dist/ from npm packages: compiled GOV.UK Frontend CSS, its JavaScript and images.
// Nothing here is committed; `make assets` runs this after `npm ci`.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const dist = join(root, "static", "dist");

mkdirSync(dist, { recursive: true });

const css = sass.compile(join(root, "static", "src", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(dist, "app.css"), css.css);

cpSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
// The manifest storage rewrites the sourceMappingURL comment, so the map must travel with the script.
cpSync(join(govuk, "govuk-frontend.min.js.map"), join(dist, "govuk-frontend.min.js.map"));
cpSync(join(govuk, "assets", "images"), join(dist, "assets", "images"), { recursive: true });

console.log(`Built ${dist}`);
