// The editor in Chromium on Node-RED 4.1 / Node 20 with the packed package (see editor-suite.ts).
import { editorSuite } from './editor-suite';

editorSuite('nr4');
