// Writes the bundled sample examples/cx-answers.csv (run: pnpm --filter @cxkit/cli run sample).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SAMPLE_HEADER, sampleRows } from './sample-data.js';

const target = fileURLToPath(new URL('../../../examples/cx-answers.csv', import.meta.url));
const rows = [...sampleRows(640)];
writeFileSync(target, [SAMPLE_HEADER.join(','), ...rows].join('\n') + '\n');
console.log(`wrote ${rows.length} answers to ${target}`);
