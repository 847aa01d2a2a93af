import { describe, expect, it } from 'vitest';
import { staleCopies } from '../scripts/generate-copies.ts';

// HubSpot builds each component folder alone, so the view model, the settings validation and the
// connection helpers are generated copies; a change to their source without regenerating fails here.
describe('the generated copies in the HubSpot project', () => {
  it('match what scripts/generate-copies.ts writes from their sources', { timeout: 120_000 }, async () => {
    expect(await staleCopies(), 'run `pnpm --filter @cxkit/hubspot-app run generate`').toEqual([]);
  });
});
