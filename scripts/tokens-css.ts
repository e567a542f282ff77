// Writes app/styles/tokens.css from the Suomi.fi design tokens package, as CSS custom properties.
// Run `npx tsx scripts/tokens-css.ts` after updating suomifi-design-tokens; a unit test checks the file is current.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokensCss } from './tokens-lib';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'app', 'styles', 'tokens.css');
fs.writeFileSync(out, tokensCss());
console.log(`Wrote ${path.relative(process.cwd(), out)}`);
