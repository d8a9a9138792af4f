// What the nodes conclude from a DSM result record (design.md: failed = exit code not 0 or ended
// by a signal). Shared by the run, results and watch nodes.

export interface ResultRecordLike {
  result_id?: unknown;
  start_time?: unknown;
  stop_time?: unknown;
  exit_info?: { exit_code?: unknown; exit_type?: unknown } | null;
}

// exit_type values seen: stop, normal, by_signal (dsm-protocol.md §4.4); killed by the time limit
const SIGNAL_EXIT_TYPES = new Set(['by_signal', 'killed']);

export function isFailedResult(record: ResultRecordLike): boolean {
  const info = record.exit_info;
  if (!info) return false;
  const code = Number(info.exit_code);
  return (Number.isFinite(code) && code !== 0) || SIGNAL_EXIT_TYPES.has(String(info.exit_type));
}

/** A result that has ended: it has a stop time and exit information. */
export function isFinishedResult(record: ResultRecordLike): boolean {
  return typeof record.stop_time === 'string' && record.stop_time !== '' && record.exit_info != null;
}

/** The short status reason of a failed result: `exit 3` or the exit type. */
export function failureReason(record: ResultRecordLike): string {
  const info = record.exit_info ?? {};
  return SIGNAL_EXIT_TYPES.has(String(info.exit_type)) ? String(info.exit_type) : `exit ${String(info.exit_code)}`;
}
