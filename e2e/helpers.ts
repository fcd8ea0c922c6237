import { expect, type Page } from '@playwright/test';

/** A node of the architecture graph by its unique key (layer id, block or stage name). */
export const node = (page: Page, key: string) => page.locator(`[data-testid="architecture-graph"] [data-key="${key}"]`);

/** Clicks a node the way a user reaches one that is off screen: focusing it brings it into view. */
export async function clickNode(page: Page, key: string) {
  const n = node(page, key);
  await n.focus();
  await n.click();
}

export async function openModel(page: Page, query = '') {
  await page.goto(`/${query ? `?${query}` : ''}`);
  await expect(page.getByTestId('architecture-graph')).toBeVisible();
}

/** The totals as the page shows them, as numbers. */
export async function totals(page: Page) {
  const read = async (id: string) => Number((await page.getByTestId(id).textContent())!.replace(/,/g, ''));
  return { params: await read('total-params'), macs: await read('total-macs') };
}

/** Drops a file on the page the way a browser does: a drop event carrying it. */
export async function dropFile(page: Page, name: string, buffer: Buffer) {
  const data = await page.evaluateHandle(
    ({ name, bytes }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], name));
      return dt;
    },
    { name, bytes: [...buffer] },
  );
  await page.dispatchEvent('[data-testid="architecture-graph"]', 'drop', { dataTransfer: data });
}

/** Records every text the download's byte counter shows; the function returned reads them. */
export async function recordProgress(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __progress: string[] };
    w.__progress = [];
    new MutationObserver(() => {
      const t = document.querySelector('[data-testid="download-bytes"]')?.textContent;
      if (t && w.__progress.at(-1) !== t) w.__progress.push(t);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
}
