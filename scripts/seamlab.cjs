#!/usr/bin/env node
// `npx seamlab ...` and the npm scripts land here: make sure the toolchain is right (see bootstrap.cjs),
// then run the TypeScript CLI directly under Node's built-in type stripping (no build step for Node code).
'use strict';

const path = require('node:path');

process.argv = [
  process.argv[0],
  path.join(__dirname, 'bootstrap.cjs'),
  '--exec',
  path.join(__dirname, '..', 'src', 'cli', 'main.ts'),
  ...process.argv.slice(2),
];
require('./bootstrap.cjs').main();
