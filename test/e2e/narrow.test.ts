/**
 * Finnish has long compound words. On a phone a list row must break one rather than push the
 * page sideways: found with the benchmark's data ("Kaupunkiympäristölautakunta"), where
 * the stacked tables of the queue, the archive and "all decisions" were wider than 375 px.
 */
import { describe, it } from 'vitest';
import { createDraft, expectNoHorizontalScroll, waitForHydration } from './helpers';
import { hasChromium, useServerAndBrowser } from './fixture';

const e2e = useServerAndBrowser();

describe.skipIf(!hasChromium)('a long compound word on a phone', () => {
  it('breaks inside the stacked list rows of the official and of the manager, at 375 px', async () => {
    const title = 'Kaupunkiympäristölautakunnanpöytäkirjantarkastajienvalintamenettely';
    const official = await e2e.as('valmistelija', { width: 375 });
    await createDraft(official.page, title);
    await official.page.goto('/decisions');
    await waitForHydration(official.page, true);
    await expectNoHorizontalScroll(official.page, 'own decisions with a long title');
    await official.context.close();

    const manager = await e2e.as('esimies', { javaScriptEnabled: false, width: 375 });
    await manager.page.goto('/decisions/all');
    await expectNoHorizontalScroll(manager.page, 'all decisions with a long title');
    await manager.context.close();
  });
});
