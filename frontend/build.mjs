// Bundles the card into the integration (custom_components/linky_tic/frontend/), where
// Home Assistant serves it. `node build.mjs --check` builds in memory and fails when the
// committed bundle differs from what the sources give (scripts/test runs it).
import { build } from "esbuild";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { pickShown } from "./shown-translations.mjs";

const here = dirname(fileURLToPath(import.meta.url));

/** Only the translations the card shows go into the bundle (shown-translations.mjs). */
const shownTranslations = {
  name: "shown-translations",
  setup(builder) {
    builder.onLoad({ filter: /translations[\\/](en|fr)\.json$/ }, async (args) => {
      const translations = JSON.parse(await readFile(args.path, "utf8"));
      return { contents: JSON.stringify(pickShown(translations)), loader: "json" };
    });
  },
};
const outfile = `${here}/../custom_components/linky_tic/frontend/linky-tic-card.js`;
const check = process.argv.includes("--check");

const result = await build({
  entryPoints: [`${here}/src/index.ts`],
  bundle: true,
  format: "esm",
  target: "es2021",
  minify: true,
  legalComments: "eof",
  charset: "utf8",
  write: false,
  outfile,
  logLevel: "warning",
  plugins: [shownTranslations],
});
const bundle = result.outputFiles[0].contents;
const shown = relative(process.cwd(), outfile);

if (check) {
  const committed = await readFile(outfile).catch(() => Buffer.alloc(0));
  if (!Buffer.from(bundle).equals(committed)) {
    console.error(`${shown} does not match frontend/src: run "npm run build" in frontend/ and commit it`);
    process.exit(1);
  }
  console.log(`${shown} matches its sources (${bundle.length} bytes)`);
} else {
  await mkdir(dirname(outfile), { recursive: true });
  await writeFile(outfile, bundle);
  console.log(`wrote ${shown} (${bundle.length} bytes)`);
}
