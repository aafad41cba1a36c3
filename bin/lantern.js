#!/usr/bin/env node
// The `lantern` command: the compiled CLI (npm run build writes dist/).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/cli/main.js');
if (!fs.existsSync(main)) {
  console.error('Lantern is not built yet: run `npm run build` (npm ci does it for you).');
  process.exit(3);
}
await import(pathToFileURL(main).href);
