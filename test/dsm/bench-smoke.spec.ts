import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { benchClientVsUndici } from '../../bench/client-vs-undici';

describe('bench/client-vs-undici (smoke, tiny sizes)', () => {
  it('measures both sides in one run with one client login', async () => {
    const { figures, sizes } = await benchClientVsUndici({ scale: 0.01, rounds: 1 });
    const value = (label: string): number | undefined => figures.find((f) => f.label === label)?.value;
    assert.equal(value('client logins'), 1);
    for (const label of ['results: client / bare', 'run: client / bare']) {
      const ratio = value(label);
      assert.ok(ratio !== undefined && Number.isFinite(ratio) && ratio > 0, `${label} = ${ratio}`);
    }
    assert.ok(sizes.resultCalls >= 20);
  });
});
