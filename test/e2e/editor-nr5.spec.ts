// The editor in Chromium on Node-RED 5 / Node 22 with the packed package (see editor-suite.ts).
import { editorSuite } from './editor-suite';

editorSuite('nr5');
