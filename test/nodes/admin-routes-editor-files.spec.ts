// Static checks of the editor side: each node's .html registers its type once with a literal
// definition whose defaults are design.md's flow properties; every catalogue (en-US, de) has the
// status keys and every key the template uses; help exists; the examples use every node type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';

const root = join(__dirname, '..', '..', '..');
const LANGS = ['en-US', 'de'];
const STATUS_KEYS = [
  'requesting', 'ok', 'started', 'waiting', 'failed', 'logging-in', 'connected', 'unreachable', 'login-failed',
  'otp-required', 'ip-blocked', 'disconnected', 'no-server', 'watching', 'nas-down',
];
const ACTION = ['name', 'server', 'task', 'taskType'];

// design.md, "Node properties" and "Node types"
const TYPES: Record<string, { props: string[]; credentials?: string[]; inputs: number; outputs: number; palette?: string }> = {
  'synology-dsm': {
    props: ['name', 'host', 'port', 'https', 'tlsMode', 'fingerprint', 'ca', 'timeout', 'maxConcurrent', 'sessionName'],
    credentials: ['username', 'password', 'deviceToken'],
    inputs: 0,
    outputs: 0,
  },
  'synology-event-run': { props: [...ACTION, 'wait', 'includeOutput', 'waitTimeout'], inputs: 1, outputs: 2, palette: 'run task' },
  'synology-event-enable': { props: [...ACTION, 'action'], inputs: 1, outputs: 1, palette: 'enable task' },
  'synology-event-create': {
    props: [...ACTION, 'mode', 'owner', 'event', 'script', 'dependsOn', 'enabled', 'notifyEmail', 'notifyOnlyOnError', 'allowScriptFromMsg'],
    inputs: 1,
    outputs: 1,
    palette: 'create task',
  },
  'synology-event-delete': { props: ACTION, inputs: 1, outputs: 1, palette: 'delete task' },
  'synology-event-results': { props: [...ACTION, 'limit', 'onlyFailures'], inputs: 1, outputs: 1, palette: 'task results' },
  'synology-event-output': { props: [...ACTION, 'resultId', 'resultIdType'], inputs: 1, outputs: 1, palette: 'result output' },
  'synology-event-watch': {
    props: ['name', 'server', 'tasks', 'interval', 'includeOutput', 'emitExisting'],
    inputs: 1,
    outputs: 2,
    palette: 'watch tasks',
  },
  'synology-event-tasks': { props: ['name', 'server'], inputs: 1, outputs: 1, palette: 'list tasks' },
};

interface Definition {
  category: string;
  defaults: Record<string, { value: unknown; type?: string }>;
  credentials?: Record<string, { type: string }>;
  inputs?: number;
  outputs?: number;
  icon?: string;
  paletteLabel?: string;
  label: (this: Record<string, unknown>) => string;
}

function scripts(html: string, type: string): string[] {
  return [...html.matchAll(new RegExp(`<script type="${type}"[^>]*>([\\s\\S]*?)</script>`, 'g'))].map((m) => m[1]);
}

/** Runs the editor script with a stub RED and returns what it registered. */
function definitionsIn(html: string): Record<string, Definition> {
  const registered: Record<string, Definition> = {};
  const stubValidator = () => () => true;
  const sandbox = {
    RED: {
      nodes: { registerType: (type: string, def: Definition) => (registered[type] = def) },
      validators: { typedInput: stubValidator, number: stubValidator, regex: stubValidator },
    },
    window: {} as Record<string, unknown>,
    $: () => ({}),
  };
  for (const code of scripts(html, 'text/javascript')) runInNewContext(code, sandbox);
  return registered;
}

function catalogue(type: string, lang: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, 'nodes', type, 'locales', lang, `${type}.json`), 'utf8')) as Record<string, unknown>;
}

function lookup(cat: Record<string, unknown>, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), cat);
}

for (const [type, spec] of Object.entries(TYPES)) {
  const html = readFileSync(join(root, 'nodes', type, `${type}.html`), 'utf8');

  test(`${type}.html registers its type once, literally, with design.md's properties`, () => {
    const calls = [...html.matchAll(/registerType\(/g)];
    assert.equal(calls.length, 1, 'one registerType call');
    assert.match(html, new RegExp(`RED\\.nodes\\.registerType\\('${type}', \\{`), 'a literal type and object');
    const def = definitionsIn(html)[type];
    assert.ok(def, 'the script registers the type');
    assert.deepEqual(Object.keys(def.defaults).sort(), [...spec.props].sort());
    assert.deepEqual(Object.keys(def.credentials ?? {}).sort(), [...(spec.credentials ?? [])].sort());
    if (type === 'synology-dsm') {
      assert.equal(def.category, 'config');
      assert.equal(def.defaults.port.value, 5001);
      assert.equal(def.defaults.https.value, true);
      assert.equal(def.defaults.tlsMode.value, 'verify');
      assert.equal(def.defaults.timeout.value, 30);
      assert.equal(def.defaults.maxConcurrent.value, 4);
      assert.equal(def.credentials?.password.type, 'password');
      assert.equal(def.credentials?.deviceToken.type, 'password');
    } else {
      assert.equal(def.category, 'Synology');
      assert.equal(def.paletteLabel, spec.palette);
      assert.equal(def.inputs, spec.inputs);
      assert.equal(def.outputs, spec.outputs);
      assert.equal(def.defaults.server.type, 'synology-dsm');
      assert.ok(def.icon && existsSync(join(root, 'icons', def.icon)), `icon ${def.icon} exists`);
      assert.equal(typeof def.label.call({ ...Object.fromEntries(Object.entries(def.defaults).map(([k, v]) => [k, v.value])) }), 'string');
      if (spec.props.includes('taskType')) assert.equal(def.defaults.taskType.value, 'str');
    }
    assert.equal(scripts(html, 'text/html').length, 1, 'one edit template');
    assert.match(html, new RegExp(`data-template-name="${type}"`));
    assert.ok(!html.includes('data-help-name'), 'help lives in locales/, not in the editor file');
  });

  for (const lang of LANGS) {
    test(`${type} ${lang}: catalogue has the status keys and every key the template uses; help exists`, () => {
      const cat = catalogue(type, lang);
      for (const key of STATUS_KEYS) {
        const text = lookup(cat, `common.status.${key}`);
        assert.equal(typeof text, 'string', `common.status.${key}`);
        assert.ok((text as string).length <= 20, `common.status.${key} is short`);
      }
      const used = [
        ...[...html.matchAll(/data-i18n="(?:\[[a-z]+\])?([^"]+)"/g)].map((m) => m[1]),
        ...[...html.matchAll(/_\('([a-z-]+\.[a-zA-Z.]+)'/g)].map((m) => m[1]).filter((key) => !key.endsWith('.')),
        ...[...html.matchAll(/\bt\('([a-zA-Z.]+)'/g)].map((m) => `${type}.${m[1]}`),
      ];
      assert.ok(used.length > 0);
      for (const key of used) assert.equal(typeof lookup(cat, key), 'string', `${lang} catalogue lacks ${key}`);
      const help = readFileSync(join(root, 'nodes', type, 'locales', lang, `${type}.html`), 'utf8');
      assert.match(help, new RegExp(`data-help-name="${type}"`));
      assert.match(help, /<h3>/);
    });
  }
}

test('the examples use every node type, one shared config node and no credentials', () => {
  const dir = join(root, 'examples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 9, 'one example per flow');
  const used = new Set<string>();
  for (const file of files) {
    const flow = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>[];
    assert.ok(Array.isArray(flow), `${file} is a flow array`);
    const configs = flow.filter((n) => n.type === 'synology-dsm');
    assert.equal(configs.length, 1, `${file} has one config node`);
    assert.deepEqual(
      { id: configs[0].id, name: configs[0].name, host: configs[0].host, port: configs[0].port, https: configs[0].https, tlsMode: configs[0].tlsMode },
      { id: 'synology-dsm-example', name: 'My NAS', host: 'nas.local', port: 5001, https: true, tlsMode: 'verify' },
      file,
    );
    for (const node of flow) {
      used.add(String(node.type));
      assert.ok(!('credentials' in node), `${file}: ${String(node.id)} carries no credentials`);
      if (String(node.type).startsWith('synology-event-')) assert.equal(node.server, 'synology-dsm-example', `${file}: ${String(node.id)}`);
    }
  }
  for (const type of Object.keys(TYPES)) assert.ok(used.has(type), `an example uses ${type}`);
});
