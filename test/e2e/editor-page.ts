// What a person does in the Node-RED editor, as Playwright steps: drag a node from the palette, wire
// two nodes, open a node's dialog, deploy, press an inject button, read the debug sidebar and the help.
// The page's globals (RED, $) are only touched to find things (ids, labels), never to do the step.
import type { Locator, Page } from 'playwright-core';

/** The editor's globals, as far as these steps read them. */
interface EditorWindow {
  RED: {
    nodes: {
      eachNode(cb: (node: { id: string; type: string }) => void): void;
      eachConfig(cb: (node: { id: string; type: string }) => void): void;
      dirty(): boolean;
      getType(type: string): { paletteLabel?: string | (() => string) } | undefined;
    };
  };
}

declare const window: EditorWindow;

export async function openEditor(page: Page, url: string, waitForType: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.locator(`.red-ui-palette-node[data-palette-type="${waitForType}"]`).waitFor({ state: 'attached', timeout: 60_000 });
  // The editor is ready once the workspace has its first tab.
  await page.locator('#red-ui-workspace-chart').waitFor({ state: 'visible' });
}

async function nodeIds(page: Page, config = false): Promise<{ id: string; type: string }[]> {
  return page.evaluate((config) => {
    const found: { id: string; type: string }[] = [];
    const collect = (n: { id: string; type: string }): void => {
      found.push({ id: n.id, type: n.type });
    };
    if (config) window.RED.nodes.eachConfig(collect);
    else window.RED.nodes.eachNode(collect);
    return found;
  }, config);
}

/** Ids of the config nodes of `type` the editor holds. */
export async function configNodeIds(page: Page, type: string): Promise<string[]> {
  return (await nodeIds(page, true)).filter((n) => n.type === type).map((n) => n.id);
}

/** Drags a node of `type` from the palette onto the workspace at (x, y) of the chart; returns its id. */
export async function dragFromPalette(page: Page, type: string, x: number, y: number): Promise<string> {
  const before = new Set((await nodeIds(page)).map((n) => n.id));
  const source = page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`);
  await source.scrollIntoViewIfNeeded();
  const from = await source.boundingBox();
  const chart = await page.locator('#red-ui-workspace-chart').boundingBox();
  if (!from || !chart) throw new Error(`palette node ${type} or the workspace is not visible`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(chart.x + x - 10, chart.y + y - 10, { steps: 12 });
  await page.mouse.move(chart.x + x, chart.y + y, { steps: 4 });
  await page.mouse.up();
  const deadline = Date.now() + 5_000;
  for (;;) {
    const added = (await nodeIds(page)).filter((n) => !before.has(n.id) && n.type === type);
    if (added.length === 1) return added[0].id;
    if (Date.now() > deadline) throw new Error(`dragging ${type} from the palette added ${added.length} nodes`);
    await page.waitForTimeout(100);
  }
}

export function flowNode(page: Page, id: string): Locator {
  return page.locator(`#red-ui-workspace-chart g.red-ui-flow-node-group[id="${id}"]`);
}

/** Draws a wire with the mouse from output `port` of `fromId` to the input of `toId`. */
export async function wire(page: Page, fromId: string, port: number, toId: string): Promise<void> {
  const out = await flowNode(page, fromId).locator('g.red-ui-flow-port-output').nth(port).boundingBox();
  const input = await flowNode(page, toId).locator('g.red-ui-flow-port-input').first().boundingBox();
  if (!out || !input) throw new Error(`no port to wire ${fromId}[${port}] → ${toId}`);
  await page.mouse.move(out.x + out.width / 2, out.y + out.height / 2);
  await page.mouse.down();
  await page.mouse.move(input.x + input.width / 2 - 5, input.y + input.height / 2, { steps: 10 });
  await page.mouse.move(input.x + input.width / 2, input.y + input.height / 2, { steps: 2 });
  await page.mouse.up();
}

/** The ids each output of a node is wired to, as the editor holds them. */
export async function wiresOf(page: Page, id: string): Promise<string[][]> {
  return page.evaluate((id) => {
    const red = (window as unknown as { RED: { nodes: { node(id: string): { wires?: string[][] } | null; filterLinks(f: object): { sourcePort: number; target: { id: string } }[] } } }).RED;
    const node = red.nodes.node(id);
    const links = red.nodes.filterLinks({ source: node });
    const wires: string[][] = [];
    for (const link of links) (wires[link.sourcePort] ??= []).push(link.target.id);
    return wires;
  }, id);
}

/** Opens a node's edit dialog by double-clicking it. */
export async function openNodeDialog(page: Page, id: string): Promise<void> {
  await flowNode(page, id).dblclick();
  await page.locator('#node-dialog-ok').waitFor({ state: 'visible' });
}

export async function deploy(page: Page): Promise<void> {
  await page.locator('#red-ui-header-button-deploy').click();
  await page.locator('.red-ui-notification', { hasText: /deployed/i }).first().waitFor({ state: 'visible', timeout: 30_000 });
  const deadline = Date.now() + 10_000;
  while (await page.evaluate(() => window.RED.nodes.dirty())) {
    if (Date.now() > deadline) throw new Error('the workspace is still dirty after Deploy');
    await page.waitForTimeout(100);
  }
}

/**
 * Shows a sidebar tab (debug, help, info, config): Node-RED 4 has a tab button for each; Node-RED 5's
 * redesigned sidebar has icon buttons without ids, so there the editor's own call does it.
 */
export async function showSidebarTab(page: Page, tab: string): Promise<void> {
  const link = page.locator(`#red-ui-tab-${tab}-link-button`);
  if (await link.isVisible()) {
    await link.click();
    return;
  }
  await page.evaluate((tab) => (window as unknown as { RED: { sidebar: { show(tab: string): void } } }).RED.sidebar.show(tab), tab);
}

export async function pressInject(page: Page, id: string): Promise<void> {
  await flowNode(page, id).locator('.red-ui-flow-node-button').click();
}

/** The palette label of each type (the help tree lists nodes by it; a config node by its type). */
export async function paletteLabels(page: Page, types: string[]): Promise<Record<string, string>> {
  return page.evaluate((types) => {
    const labels: Record<string, string> = {};
    for (const type of types) {
      const def = window.RED.nodes.getType(type);
      const label = def?.paletteLabel;
      labels[type] = (typeof label === 'function' ? label.call(def) : label) || type;
    }
    return labels;
  }, types);
}
