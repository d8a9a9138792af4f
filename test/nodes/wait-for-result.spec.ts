import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TaskResult } from '../../lib/dsm';
import { isFromRun, markBeforeRun } from '../../nodes/synology-event-run/wait-for-result';
import { failureReason, isFailedResult, isFinishedResult } from '../../nodes/shared/result-records';

function row(result_id: number, extra: Partial<TaskResult> = {}): TaskResult {
  return { result_id, task_name: 't', start_time: '2026-12-03 10:00:00', stop_time: '2026-12-03 10:00:01', exit_info: { exit_code: 0, exit_type: 'stop' }, ...extra };
}

describe('which result belongs to a run', () => {
  it('counts only results with a higher id than the newest before the run', () => {
    const mark = markBeforeRun([row(7), row(5)]);
    assert.equal(mark.newestId, 7);
    assert.equal(isFromRun(row(7), mark), false);
    assert.equal(isFromRun(row(8), mark), true);
  });

  it('counts any result when there was none before', () => {
    assert.equal(isFromRun(row(1), markBeforeRun([])), true);
  });

  it('falls back to the start time when a record has no usable id', () => {
    const mark = markBeforeRun([row(3)], new Date(2026, 11, 3, 10, 0, 0, 500));
    const noId = (start: string): TaskResult => row(0, { result_id: Number.NaN, start_time: start });
    assert.equal(isFromRun(noId('2026-12-03 10:00:00'), mark), true);
    assert.equal(isFromRun(noId('2026-12-03 09:59:59'), mark), false);
  });

  it('does not take an old result for the run when no record before it had an id', () => {
    const noId = (start: string): TaskResult => row(0, { result_id: Number.NaN, start_time: start });
    const mark = markBeforeRun([noId('2026-12-03 09:00:00')], new Date(2026, 11, 3, 10, 0, 0, 500));
    assert.equal(isFromRun(noId('2026-12-03 09:00:00'), mark), false);
    assert.equal(isFromRun(noId('2026-12-03 10:00:01'), mark), true);
  });
});

describe('result records', () => {
  it('call a non-zero exit or a signal a failure', () => {
    assert.equal(isFailedResult(row(1)), false);
    assert.equal(isFailedResult(row(1, { exit_info: { exit_code: 2, exit_type: 'stop' } })), true);
    assert.equal(isFailedResult(row(1, { exit_info: { exit_code: 0, exit_type: 'by_signal' } })), true);
    assert.equal(failureReason(row(1, { exit_info: { exit_code: 2, exit_type: 'stop' } })), 'exit 2');
    assert.equal(failureReason(row(1, { exit_info: { exit_code: 0, exit_type: 'by_signal' } })), 'by_signal');
  });

  it('call a result finished once it has a stop time and exit information', () => {
    assert.equal(isFinishedResult(row(1)), true);
    assert.equal(isFinishedResult(row(1, { stop_time: '' })), false);
  });
});
