#!/usr/bin/env node
// `pnpm bench <name>`: runs bench/<name>/run.mjs. Each benchmark prints, as its last line, one JSON object.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const name = process.argv[2];
const available = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(here, d.name, 'run.mjs')))
  .map((d) => d.name);
if (!name || !available.includes(name)) {
  console.error(`usage: pnpm bench <${available.join('|')}>`);
  process.exit(2);
}
process.argv.splice(2, 1);
await import(pathToFileURL(join(here, name, 'run.mjs')).href);
