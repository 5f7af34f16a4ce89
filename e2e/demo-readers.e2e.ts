import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedExtension, launchExtension } from '../tools/browser';
import { readOverlayBands, readSidePanelZones } from '../tools/demo/read-ui';

/** The demo reports only what the UI shows: these readers must neither invent nor drop silently. */
describe("the demo's UI readers", () => {
  let ext: LaunchedExtension;

  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('reads zones from data-zone attributes and names the ones it cannot read', async () => {
    const page = await ext.context.newPage();
    const zone = {
      side: 'long',
      priceLow: 64640,
      priceHigh: 64840,
      notionalUsd: 64308428,
      distancePct: -2.83,
      intensity: 0.78,
    };
    await page.setContent(`<ul>
      <li data-zone='${JSON.stringify(zone)}'>Longs</li>
      <li data-zone='{"side":"sideways"}'>?</li>
      <li data-zone='not json'>?</li>
    </ul>`);
    const read = await readSidePanelZones(page);
    expect(read.value).toEqual([zone]);
    expect(read.note).toMatch(/^2 data-zone attribute\(s\) unreadable/);
    await page.setContent('<p>Loading cached data…</p>');
    expect(await readSidePanelZones(page)).toEqual({
      value: [],
      note: 'the side panel shows no [data-zone] element (yet)',
    });
    await page.close();
  });

  it('reads the band count from heatbands-overlay and says when it is missing', async () => {
    const page = await ext.context.newPage();
    await page.setContent('<heatbands-overlay data-bands="17"></heatbands-overlay>');
    expect(await readOverlayBands(page)).toEqual({ value: 17 });
    await page.setContent('<heatbands-overlay data-bands="many"></heatbands-overlay>');
    expect(await readOverlayBands(page)).toEqual({ value: 0, note: 'data-bands is not a count: many' });
    await page.setContent('<div></div>');
    expect(await readOverlayBands(page)).toEqual({
      value: 0,
      note: 'no heatbands-overlay element on the trading page (yet)',
    });
    await page.close();
  });
});
