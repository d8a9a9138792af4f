import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, NodeStatus as StatusObject } from 'node-red';
import { NodeStatus, shortTime } from '../../nodes/shared/status';

function fakeNode(): { node: Node; shown: StatusObject[] } {
  const shown: StatusObject[] = [];
  return { node: { status: (s: StatusObject) => shown.push(s) } as unknown as Node, shown };
}

describe('NodeStatus', () => {
  it('shows a blue ring while requesting, with the count when more than one', () => {
    const { node, shown } = fakeNode();
    const status = new NodeStatus(node, (k) => k);
    status.requesting(1);
    status.requesting(3);
    assert.deepEqual(shown, [
      { fill: 'blue', shape: 'ring', text: 'common.status.requesting' },
      { fill: 'blue', shape: 'ring', text: 'common.status.requesting (3)' },
    ]);
  });

  it('shows a green dot with HH:MM after success and a red ring with the code after failure', () => {
    const { node, shown } = fakeNode();
    const status = new NodeStatus(node, (k) => `<${k}>`);
    status.ok(new Date(2026, 0, 2, 7, 5));
    status.failed('TASK_NOT_FOUND');
    assert.deepEqual(shown, [
      { fill: 'green', shape: 'dot', text: '<common.status.ok> 07:05' },
      { fill: 'red', shape: 'ring', text: '<common.status.failed>: TASK_NOT_FOUND' },
    ]);
  });

  it('maps every connection state to a look, and idle to no status', () => {
    const { node, shown } = fakeNode();
    const status = new NodeStatus(node, (k) => k);
    status.connection('idle');
    status.connection('logging-in');
    status.connection('connected');
    status.connection('login-failed');
    status.connection('closed');
    assert.deepEqual(shown, [
      {},
      { fill: 'yellow', shape: 'ring', text: 'common.status.logging-in' },
      { fill: 'green', shape: 'dot', text: 'common.status.connected' },
      { fill: 'red', shape: 'ring', text: 'common.status.login-failed' },
      { fill: 'grey', shape: 'ring', text: 'common.status.disconnected' },
    ]);
  });

  it('pads the time', () => {
    assert.equal(shortTime(new Date(2026, 5, 1, 0, 0)), '00:00');
    assert.equal(shortTime(new Date(2026, 5, 1, 23, 59)), '23:59');
  });
});
