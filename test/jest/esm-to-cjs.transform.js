// @ts-check
/*
 * NestJS 12 publishes ES modules only. Node 20 loads them through require(esm), but Jest's own module
 * loader cannot before Node 24.9, so Jest transforms those files to CommonJS here. Their few uses of
 * `import.meta` become the CommonJS equivalents first (a `const require = createRequire(...)` would
 * otherwise collide with the module wrapper's own `require`).
 */
const { createHash } = require('node:crypto');
const ts = require('typescript');

const REWRITES = [
  [/^\s*const require = createRequire\(import\.meta\.url\);?\s*$/gm, ''],
  [/import\.meta\.resolve\(/g, 'require.resolve('],
  [/import\.meta\.url/g, "require('node:url').pathToFileURL(__filename).href"],
  [/import\.meta\.dirname/g, '__dirname'],
  [/import\.meta\.filename/g, '__filename'],
];

const COMPILER_OPTIONS = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  allowJs: true,
  esModuleInterop: true,
  sourceMap: false,
  inlineSourceMap: false,
};

module.exports = {
  /** @param {string} source @param {string} path */
  process(source, path) {
    let code = source;
    for (const [pattern, replacement] of REWRITES)
      code = code.replace(pattern, /** @type {string} */ (replacement));
    const out = ts.transpileModule(code, { compilerOptions: COMPILER_OPTIONS, fileName: path });
    return { code: out.outputText };
  },
  /** @param {string} source @param {string} path */
  getCacheKey(source, path) {
    return createHash('sha256').update('esm-to-cjs-v1').update(path).update(source).digest('hex');
  },
};
