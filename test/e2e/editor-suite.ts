// The editor in a real browser: the packed package on Node-RED 4.1 or 5, Debian's Chromium through
// playwright-core. A person drags inject → run task → debug from the palette, wires them, adds the
// NAS in the config dialog (HTTPS, certificate pinned), picks the task from the drop-down the NAS
// fills, deploys, presses the inject button and reads the result in the debug sidebar; then opens
// the help of each of the nine node types. Screenshots go to test-output/screenshots/<runtime>-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../lib/sim';
import { BrowserSession } from '../helpers/browser';
import { NodeRedProcess, readManifest, type NodeRedRuntime } from '../helpers/node-red-process';
import {
  configNodeIds,
  deploy,
  dragFromPalette,
  flowNode,
  openEditor,
  openNodeDialog,
  paletteLabels,
  pressInject,
  showSidebarTab,
  wire,
  wiresOf,
} from './editor-page';
import { E2E_USER } from './run-and-record-flow';

const manifest = readManifest();
const nodeTypes = Object.keys(manifest['node-red'].nodes);
const TASK = 'e2e-editor-task';
const OTHER_TASK = 'e2e-editor-other';

const runtimeNames: Record<NodeRedRuntime, string> = { nr4: 'Node-RED 4.1 / Node 20', nr5: 'Node-RED 5 / Node 22' };

/** The editor tests on one runtime; each spec file calls it once, so the runtimes run in parallel. */
export function editorSuite(runtime: NodeRedRuntime): void {
  let sim: Simulator;
  let nr: NodeRedProcess;
  let browser: BrowserSession;
  const shot = (name: string): Promise<string> => browser.screenshot(`${runtime}-${name}`);

  /**
   * Runs one step of a test; on failure saves a screenshot and adds the browser console and the
   * Node-RED log to the error, so a red test says what the page and the runtime saw.
   */
  async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      let path = '';
      try {
        path = await shot(`failed-${name}`);
      } catch {
        path = '(no screenshot)';
      }
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`step "${name}" failed: ${message}\nscreenshot: ${path}\n${browser.report()}\n${nr.logTail()}`, { cause: err });
    }
  }

  describe(`the editor (packed install on ${runtimeNames[runtime]}, Chromium)`, () => {
    before(async () => {
      sim = await startSimulator({
        host: '127.0.0.1',
        port: 0,
        https: true,
        users: [{ name: E2E_USER.name, password: E2E_USER.password, admin: true }],
        runStartDelayMs: 0,
        scriptTimeoutMs: 10_000,
        seedTasks: [
          { name: TASK, event: 'bootup', owner: 'root', script: 'echo "hello from the editor"', enabled: true },
          { name: OTHER_TASK, event: 'shutdown', owner: 'root', script: 'true', enabled: false },
        ],
      });
      nr = await NodeRedProcess.start({ runtime });
      browser = await BrowserSession.open();
      await step('open-editor', () => openEditor(browser.page, nr.url, 'synology-event-run'));
    });

    after(async () => {
      await browser?.close();
      await nr?.stop();
      await sim?.close();
    });

    test('the palette offers the eight task nodes in the Synology category', async () => {
      const page = browser.page;
      const inCategory = await page
        .locator('#red-ui-palette-container-Synology .red-ui-palette-node')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-palette-type')));
      const expected = nodeTypes.filter((type) => type !== 'synology-dsm');
      assert.deepEqual([...inCategory].sort(), [...expected].sort(), 'the palette category "Synology"');
    });

    test('a flow built in the editor runs the task picked from the drop-down and shows the result', async () => {
      const page = browser.page;

      const ids = await step('build-flow', async () => {
        const inject = await dragFromPalette(page, 'inject', 160, 160);
        const run = await dragFromPalette(page, 'synology-event-run', 420, 160);
        const debug = await dragFromPalette(page, 'debug', 700, 160);
        await wire(page, inject, 0, run);
        await wire(page, run, 0, debug);
        await wire(page, run, 1, debug);
        assert.deepEqual(await wiresOf(page, inject), [[run]], 'inject is wired to the run node');
        assert.deepEqual(await wiresOf(page, run), [[debug], [debug]], 'both run outputs are wired to debug');
        await shot('editor-flow');
        return { inject, run, debug };
      });

      await step('config-dialog', async () => {
        await openNodeDialog(page, ids.run);
        // Node-RED 4 has an "add" button beside the config select; older editors only the pencil.
        const add = page.locator('#node-input-btn-server-add');
        if (await add.count()) await add.click();
        else await page.locator('#node-input-lookup-server').click();
        await page.locator('#node-config-input-host').waitFor({ state: 'visible' });
        assert.equal(await page.locator('#node-config-input-https').isChecked(), true, 'HTTPS is on by default');
        await page.locator('#node-config-input-name').fill('e2e NAS');
        await page.locator('#node-config-input-host').fill('127.0.0.1');
        await page.locator('#node-config-input-port').fill(String(sim.port));
        await page.locator('#node-config-input-tlsMode').selectOption('pin');
        await page.locator('#node-config-input-fingerprint').fill(sim.fingerprint ?? '');
        await page.locator('#node-config-input-username').fill(E2E_USER.name);
        await page.locator('#node-config-input-password').fill(E2E_USER.password);
        await page.locator('#synology-dsm-test').click();
        const result = page.locator('#synology-dsm-test-result');
        await result.locator('xpath=self::*[contains(@class, "synology-dsm-ok") or contains(@class, "synology-dsm-failed")]').waitFor({ timeout: 30_000 });
        await shot('config-dialog');
        assert.match((await result.getAttribute('class')) ?? '', /synology-dsm-ok/, `Test connection: ${await result.innerText()}`);
        assert.ok(!(await result.innerText()).includes(E2E_USER.password), 'the test answer shows the password');
        await page.locator('#node-config-dialog-ok').click();
        await page.locator('#node-config-input-host').waitFor({ state: 'detached' });
        const configs = await configNodeIds(page, 'synology-dsm');
        assert.equal(configs.length, 1, 'one synology-dsm config node was added');
        assert.equal(await page.locator('#node-input-server').inputValue(), configs[0], 'the run node uses the new config node');
      });

      await step('task-drop-down', async () => {
        await page.locator('#synology-event-run-refresh').click();
        await page.locator('#synology-event-run-tasks-tip', { hasText: /\b2\b/ }).waitFor({ timeout: 30_000 });
        // A TypedInput hides the original <input> and shows its own text field beside the type menu.
        const input = page.locator('#node-input-task').locator('xpath=..').locator('.red-ui-typedInput-input-wrap input');
        await input.click();
        await input.pressSequentially('e2e-ed', { delay: 30 });
        const list = page.locator('.red-ui-autoComplete-container');
        await list.waitFor({ state: 'visible', timeout: 30_000 });
        const offered = await list.locator('li').allInnerTexts();
        await shot('task-drop-down');
        assert.ok(offered.some((text) => text.includes(TASK)), `the drop-down offers ${TASK}: ${JSON.stringify(offered)}`);
        assert.ok(offered.some((text) => text.includes(OTHER_TASK)), `the drop-down offers ${OTHER_TASK}: ${JSON.stringify(offered)}`);
        await list.locator('li', { hasText: TASK }).first().click();
        assert.equal(await input.inputValue(), TASK, 'the task picked from the drop-down');
        await page.locator('#node-input-wait').check();
        await page.locator('#node-input-includeOutput').check();
        await shot('run-dialog');
        await page.locator('#node-dialog-ok').click();
        await page.locator('#node-dialog-ok').waitFor({ state: 'detached' });
      });

      await step('deploy-and-inject', async () => {
        await deploy(page);
        const flows = await nr.getFlows();
        const runNode = flows.flows.find((n) => n.id === ids.run);
        assert.equal(runNode?.task, TASK, 'the deployed run node has the task');
        assert.equal(runNode?.wait, true, 'the deployed run node waits');
        assert.ok(!flows.text.includes(E2E_USER.password), 'GET /flows contains the password');

        await showSidebarTab(page, 'debug');
        await pressInject(page, ids.inject);
        const message = page.locator('.red-ui-debug-msg', { hasText: TASK });
        await message.first().waitFor({ state: 'visible', timeout: 30_000 });
        await shot('debug-result');
        const text = await message.first().innerText();
        assert.match(text, /exit_info|result_id/, `the debug message shows a result record: ${text}`);
        assert.equal(await page.locator('.red-ui-debug-msg-level-error').count(), 0, 'an error in the debug sidebar');
        const results = sim.state.results(TASK).filter((r) => r.trigger_event === 'on_demand');
        assert.equal(results.length, 1, 'the NAS ran the task once');
        assert.equal(results[0].exit_info.exit_code, 0);
        await flowNode(page, ids.run).locator('.red-ui-flow-node-status-dot-green').waitFor({ state: 'attached', timeout: 10_000 });
      });

      await step('config-dialog-after-deploy', async () => {
        // Reopened with the pencil, the dialog shows what was deployed, but never the password itself.
        await openNodeDialog(page, ids.run);
        await page.locator('#node-input-btn-server-edit, #node-input-lookup-server').first().click();
        await page.locator('#node-config-input-host').waitFor({ state: 'visible' });
        assert.equal(await page.locator('#node-config-input-host').inputValue(), '127.0.0.1');
        assert.equal(await page.locator('#node-config-input-port').inputValue(), String(sim.port));
        assert.equal(await page.locator('#node-config-input-tlsMode').inputValue(), 'pin');
        assert.equal(await page.locator('#node-config-input-fingerprint').inputValue(), sim.fingerprint);
        assert.equal(await page.locator('#node-config-input-username').inputValue(), E2E_USER.name);
        const password = await page.locator('#node-config-input-password').inputValue();
        assert.ok(password.length > 0, 'the dialog shows that a password is stored');
        assert.notEqual(password, E2E_USER.password, 'the runtime sent the password back to the editor');
        await shot('config-dialog-deployed');
        await page.locator('#node-config-dialog-cancel').click();
        await page.locator('#node-config-input-host').waitFor({ state: 'detached' });
        await page.locator('#node-dialog-cancel').click();
        await page.locator('#node-dialog-ok').waitFor({ state: 'detached' });
      });
    });

    test('each of the nine node types has help with a title and a summary', async () => {
      const page = browser.page;
      const labels = await paletteLabels(page, nodeTypes);
      await step('open-help', () => showSidebarTab(page, 'help'));
      for (const type of nodeTypes) {
        await step(`help-${type}`, async () => {
          const entry = page.locator('.red-ui-sidebar-help-stack .red-ui-treeList-label', {
            has: page.locator('.red-ui-node-label', { hasText: new RegExp(`^${labels[type]}$`) }),
          });
          await entry.first().scrollIntoViewIfNeeded();
          await entry.first().click();
          const title = page.locator('.red-ui-sidebar-help-stack h1.red-ui-help-title');
          await title.filter({ hasText: labels[type] }).waitFor({ timeout: 10_000 });
          const help = title.locator('xpath=..');
          const summary = (await help.locator('p').first().innerText()).trim();
          assert.ok(summary.length > 20, `${type}: the help has a summary ("${summary}")`);
          await shot(`help-${type}`);
        });
      }
    });

    test('the editor raised no page error and asked for nothing outside 127.0.0.1', () => {
      const errors = browser.console.filter((line) => line.startsWith('[pageerror]'));
      assert.deepEqual(errors, [], browser.report());
      assert.deepEqual(browser.blocked, [], 'requests to other hosts');
    });
  });
}
