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
