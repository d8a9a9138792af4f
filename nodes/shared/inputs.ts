// Reading node input: TypedInputs (callback form: jsonata and persistent context need it), the task
// name, and the small validators the action nodes share. Every problem becomes INVALID_INPUT.
import type { Node, NodeAPI, NodeMessage } from 'node-red';
import { invalidInput, toCodedError } from './errors';

/** Evaluates a TypedInput value for a message (the callback form of evaluateNodeProperty). */
export function evaluateProperty(RED: NodeAPI, node: Node, value: string, type: string, msg: NodeMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    try {
      RED.util.evaluateNodeProperty(value, type, node, msg, (err: Error | null, result: unknown) => {
        if (err) reject(toCodedError(err, 'INVALID_INPUT'));
        else resolve(result);
      });
    } catch (err) {
      reject(toCodedError(err, 'INVALID_INPUT'));
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

/** A task name: a non-blank string without control characters. */
export function checkTaskName(value: unknown, what = 'task name'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidInput(`no ${what}: set the node's Task field or msg.task`);
  }
  if (CONTROL_CHARS.test(value)) throw invalidInput(`the ${what} contains control characters`);
  return value;
}

/**
 * The task name of a message: the node's `task` TypedInput; an empty str means msg.task
 * (design.md, "Message contract"); `fallback` is used when that is absent too.
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
  const value = type === 'str' && !task ? (ownValue(msg, 'task') ?? fallback) : await evaluateProperty(RED, node, task ?? '', type, msg);
  return checkTaskName(value);
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
