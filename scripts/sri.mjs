#!/usr/bin/env node
// Prints the Subresource Integrity hash of the script-tag bundle, and the tag to paste with it.
// `npm run build` runs it; `node scripts/sri.mjs [file]` prints it for any file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'dist/cmcc-uaid.iife.js';
const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// sha384: what the SRI spec's examples and the CDNs use; browsers accept sha256/384/512.
const integrity = `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;

process.stdout.write(`${file}  ${integrity}\n`);
process.stdout.write(
	`<script src="https://cdn.jsdelivr.net/npm/${name}@${version}/${file}" integrity="${integrity}" crossorigin="anonymous"></script>\n`,
);
