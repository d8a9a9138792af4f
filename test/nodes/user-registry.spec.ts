import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'node-red';
import { UserRegistry } from '../../nodes/synology-dsm/user-registry';

const user = (id: string): Node => ({ id }) as Node;

describe('UserRegistry', () => {
  it('tells every registered user, and no longer a removed one', () => {
    const registry = new UserRegistry();
    const heard: string[] = [];
    registry.add(user('a'), (state) => heard.push(`a:${state}`));
    registry.add(user('b'), (state) => heard.push(`b:${state}`));
    registry.announce('logging-in');
    registry.remove(user('a'));
    registry.announce('connected');
    assert.deepEqual(heard, ['a:logging-in', 'b:logging-in', 'b:connected']);
    assert.equal(registry.size, 1);
  });

  it('keeps telling the others when one listener throws', () => {
    const registry = new UserRegistry();
    const heard: string[] = [];
    registry.add(user('bad'), () => {
      throw new Error('broken');
    });
    registry.add(user('good'), (state) => heard.push(state));
    registry.announce('unreachable');
    assert.deepEqual(heard, ['unreachable']);
  });
});
