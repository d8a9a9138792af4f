// The `synology-event-watch` node: emits each new result of the watched event tasks once; out 1
// when it succeeded, out 2 when it failed. The behaviour lives in watch-node.ts.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { WatchConfigProps } from './watch-config';
import { startWatchNode } from './watch-node';

type WatchDef = NodeDef & WatchConfigProps & { server?: string };

export = function (RED: NodeAPI): void {
  function SynologyEventWatchNode(this: Node, config: WatchDef): void {
    RED.nodes.createNode(this, config);
    startWatchNode(RED, this, config);
  }
  RED.nodes.registerType('synology-event-watch', SynologyEventWatchNode);
};
