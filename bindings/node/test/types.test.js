'use strict';
// index.d.ts checked by the TypeScript compiler: test/types-check.ts uses the API as a TypeScript
// user would, and marks with @ts-expect-error what the declarations must refuse (tsc fails on an
// expected error that does not occur, so the check can fail both ways).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { PACKAGE_DIR } = require('../testlib/helpers');

const TSC = path.join(PACKAGE_DIR, 'node_modules', 'typescript', 'bin', 'tsc');

test('tsc --noEmit --strict accepts test/types-check.ts', { skip: fs.existsSync(TSC) ? false : 'tsc is not installed (npm ci)' }, () => {
  const child = spawnSync(process.execPath, [TSC, '--noEmit', '--strict', '--types', 'node', path.join('test', 'types-check.ts')],
    { cwd: PACKAGE_DIR, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stdout + child.stderr);
});
