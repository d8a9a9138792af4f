// A timeout before the task call (discovery, login, the password confirmation of a root write) keeps
// the code TIMEOUT but says nothing was sent to the task; only a timed-out write says it may have
// taken effect. And a host typed as a URL with credentials is refused without repeating them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../../lib/sim';
import { DsmConnection, DsmError, EventScheduler } from '../../lib/dsm';
import { connect, rejection, startSim, PASSWORD, USER } from './helpers';

const NOTHING_SENT = /nothing was sent to the task yet/;
const MAY_HAVE = /may have started|may have been made/;

describe('timeouts before the task call', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSim({ seedTasks: [{ name: 't', script: 'true', owner: 'admin' }] });
  });
  after(() => sim.close());

  it('a login that times out says nothing was sent, and no run goes out', async () => {
    const connection = connect(sim, { timeoutMs: 300 });
    sim.log.clear();
    sim.faults.add({ api: 'SYNO.API.Auth', method: 'login', action: 'hang', times: 1 });
    const err = await rejection(new EventScheduler(connection).run('t'));
    assert.equal(err.code, 'TIMEOUT');
    assert.match(err.message, NOTHING_SENT);
    assert.match(err.message, /login/);
    assert.doesNotMatch(err.message, MAY_HAVE);
    assert.equal(sim.log.filter({ api: 'SYNO.Core.EventScheduler', method: 'run' }).length, 0);
    sim.faults.clear();
    await connection.close();
  });

  it('a discovery that times out says nothing was sent', async () => {
    const connection = connect(sim, { timeoutMs: 300 });
    sim.faults.add({ api: 'SYNO.API.Info', action: 'hang', times: 1 });
    const err = await rejection(new EventScheduler(connection).run('t'));
    assert.equal(err.code, 'TIMEOUT');
    assert.match(err.message, NOTHING_SENT);
    assert.match(err.message, /SYNO\.API\.Info/);
    sim.faults.clear();
    await connection.close();
  });

  it('a password confirmation that times out before a root write says nothing was sent', async () => {
    const connection = connect(sim, { timeoutMs: 300 });
    const scheduler = new EventScheduler(connection);
    await scheduler.get('t');
    sim.faults.add({ api: 'SYNO.Core.User.PasswordConfirm', action: 'hang', times: 1 });
    const err = await rejection(scheduler.create({ name: 'root task', owner: 'root', script: 'true' }));
    assert.equal(err.code, 'TIMEOUT');
    assert.match(err.message, NOTHING_SENT);
    assert.match(err.message, /password confirmation/);
    assert.equal(sim.state.tasks.has('root task'), false);
    sim.faults.clear();
    await connection.close();
  });

  it('a connection reset during the login says nothing was sent, not "the change may have been made"', async () => {
    const connection = connect(sim, { timeoutMs: 2_000 });
    sim.faults.add({ api: 'SYNO.API.Auth', method: 'login', action: 'reset', times: 1 });
    const err = await rejection(new EventScheduler(connection).run('t'));
    assert.equal(err.code, 'CONNECTION_RESET');
    assert.match(err.message, NOTHING_SENT);
    assert.doesNotMatch(err.message, MAY_HAVE);
    sim.faults.clear();
    await connection.close();
  });
});

describe('a host typed as a URL', () => {
  it('is refused without repeating the user name or password, naming only the host', () => {
    const secret = 'Pw-7f3e91c4-ZEBRA';
    for (const host of [`https://nodered:${secret}@127.0.0.1:5001/`, `nodered:${secret}@127.0.0.1`, `http://nodered:${secret}@[::1]:5000/x`]) {
      let thrown: unknown;
      try {
        new DsmConnection({ host, username: USER, password: PASSWORD });
      } catch (err) {
        thrown = err;
      }
      assert.ok(thrown instanceof DsmError, host);
      assert.equal(thrown.code, 'INVALID_INPUT');
      const text = `${thrown.message}\n${String(thrown.stack)}`;
      assert.equal(text.includes(secret), false, 'the password is not repeated');
      assert.equal(text.includes('nodered'), false, 'the user name is not repeated');
      assert.match(thrown.message, /not a URL/);
      assert.match(thrown.message, /"(127\.0\.0\.1|::1)"/);
    }
  });

  it('quotes nothing of a value that is neither a URL nor a host', () => {
    let thrown: unknown;
    try {
      new DsmConnection({ host: 'my secret value', username: USER, password: PASSWORD });
    } catch (err) {
      thrown = err;
    }
    assert.ok(thrown instanceof DsmError);
    assert.equal(thrown.code, 'INVALID_INPUT');
    assert.equal(thrown.message.includes('secret'), false);
  });
});
