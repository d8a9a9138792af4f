// Reading node input: TypedInputs (callback form: jsonata and persistent context need it), the task
// name, and the small validators the action nodes share. Every problem becomes INVALID_INPUT.
import type { Node, NodeAPI, NodeMessage } from 'node-red';
import { describe, invalidInput } from './errors';

/** Where a TypedInput value comes from, for messages: `msg.payload.id`, `flow.x`, `env.NAS`. */
function sourceOf(value: string, type: string): string {
  return type === 'msg' || type === 'flow' || type === 'global' || type === 'env' ? `${type}.${value}` : `the ${type} value`;
}

/**
 * Evaluates a TypedInput value for a message (the callback form of evaluateNodeProperty). A failure
 * becomes INVALID_INPUT that keeps the evaluator's own message (JSONata throws plain objects):
 * "the task name expression failed: …". `what` names the property ("task name", "result id").
 */
export function evaluateProperty(RED: NodeAPI, node: Node, value: string, type: string, msg: NodeMessage, what = 'property'): Promise<unknown> {
  const failed = (err: unknown): Error =>
    invalidInput(
      type === 'jsonata' ? `the ${what} expression failed: ${describe(err)}` : `the ${what} could not be read from ${sourceOf(value, type)}: ${describe(err)}`,
      err,
    );
  return new Promise((resolve, reject) => {
    try {
      RED.util.evaluateNodeProperty(value, type, node, msg, (err: unknown, result: unknown) => {
        if (err) reject(failed(err));
        else resolve(result);
      });
    } catch (err) {
      reject(failed(err));
    }
  });
}

/** The value of `obj[key]` only when it is the object's own property (never an inherited one). */
export function ownValue(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * This package's own limit on a task name's length (not a DSM rule): a longer name is almost surely
 * a wrong value (a whole payload in msg.task), refused before anything is sent.
 */
export const MAX_TASK_NAME_LENGTH = 1024;

/**
 * A task name: a non-blank string of at most MAX_TASK_NAME_LENGTH characters without control
 * characters. `source` says where it came from ("msg.task") for the wrong-type message.
 */
export function checkTaskName(value: unknown, what = 'task name', source?: string): string {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw invalidInput(`no ${what}: set the node's Task field or msg.task`);
  }
  if (typeof value !== 'string') {
    const got = Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
    throw invalidInput(`${source ?? `the ${what}`} must be a string, not ${got}`);
  }
  if (value.length > MAX_TASK_NAME_LENGTH) {
    throw invalidInput(
      `the ${what} is ${value.length} characters long; this package accepts at most ${MAX_TASK_NAME_LENGTH} (its own limit, to catch a wrong value before anything is sent to DSM)`,
    );
  }
  if (CONTROL_CHARS.test(value)) throw invalidInput(`the ${what} contains control characters`);
  return value;
}

/**
 * The task name of a message: the node's `task` TypedInput; an empty str means msg.task
 * (design.md, "Message contract"); `fallback` (msg.payload.task) is used when that is absent too.
 */
export async function resolveTaskName(
  RED: NodeAPI,
  node: Node,
  task: string | undefined,
  taskType: string | undefined,
  msg: NodeMessage,
  fallback?: unknown,
): Promise<string> {
  const type = taskType || 'str';
  if (type === 'str' && !task) {
    const fromMsg = ownValue(msg, 'task');
    if (fromMsg !== undefined && fromMsg !== null) return checkTaskName(fromMsg, 'task name', 'msg.task');
    return checkTaskName(fallback, 'task name', 'msg.payload.task');
  }
  const value = await evaluateProperty(RED, node, task ?? '', type, msg, 'task name');
  return checkTaskName(value, 'task name', type === 'jsonata' ? 'the task name expression\'s result' : sourceOf(task ?? '', type));
}

const ON = new Set(['enable', 'on']);
const OFF = new Set(['disable', 'off']);

/** true/false from a boolean or "enable"/"disable"/"on"/"off" (any case). */
export function parseEnabled(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (ON.has(word)) return true;
    if (OFF.has(word)) return false;
  }
  throw invalidInput('msg.payload must be true, false, "enable", "disable", "on" or "off"');
}

const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

export function checkEmail(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string' || !EMAIL.test(value.trim())) throw invalidInput('notifyEmail is not an e-mail address');
  return value.trim();
}

/** A property that must be a boolean when given; `fallback` when absent. */
export function checkBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw invalidInput(`${name} must be true or false`);
  return value;
}

/** A flow property that may arrive as a number or a numeric string; `fallback` when empty. */
export function numberOr(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : fallback;
}
