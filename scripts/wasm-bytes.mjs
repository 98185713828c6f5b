// Where the bytes of the app's two WebAssembly binaries go: the code of each function, summed by
// what it belongs to (the page's views, decoding and encoding messages, Yew, the JS bindings,
// cryptography, the lucid crates, Rust's standard library), and the data segments.
// Reads the `web`-profile binaries Trunk builds, which keep their function names:
//   node scripts/wasm-bytes.mjs [target/wasm32-unknown-unknown/web]
// The sizes are before wasm-opt and gzip (dist/ holds those; tests/e2e/bench.mjs prints them), so
// read them as shares, not as the bytes a visitor downloads. Prints a table; asserts nothing.
import path from 'node:path';
import { wasmFunctions } from './wasm-functions.mjs';

const dir = process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'target', 'wasm32-unknown-unknown', 'web');

// First match wins: a function is named by its mangled path, generic instances included
// (`<lucid_app::views::Timeline as yew::functional::FunctionProvider>::run` is a view).
const PARTS = [
  ['(de)serializing messages and JSON (serde, bincode, serde_json)', /serde|bincode|Deserializ|Serializ|Visitor/],
  ['cryptography (blst, sha2, sha3/keccak)', /^blst_|4blst|4sha2|4sha3|6keccak|sha256|keccak/],
  ['formatting, allocation, collections (core, alloc, std)', /^(mem(cpy|set|move|cmp)|fmax|fmin|main)$/],
  // Functions with plain C names: blst's BLS12-381 arithmetic, pairing and hash-to-curve.
  ['cryptography (blst, sha2, sha3/keccak)', /^(?!_ZN|_R)[A-Za-z]/],
  ['the app: views, state, worker (lucid_app)', /lucid_app/],
  ['the lucid libraries (core, transport, execution, duties)', /lucid_(core|transport|execution|duties|ssz_schema)|ssz_rs/],
  ['Yew (virtual DOM, components, hooks)', /yew|implicit_clone/],
  ['JS bindings (wasm-bindgen, js-sys, web-sys, gloo)', /wasm_bindgen|wbindgen|wbg|js_sys|web_sys|gloo/],
  ['formatting, allocation, collections (core, alloc, std)', /core|alloc|std|dlmalloc|hashbrown|fmt/],
];

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const file of ['app.wasm', 'worker.wasm']) {
  const { functions, dataBytes } = wasmFunctions(path.join(dir, file));
  const sums = new Map(PARTS.map(([part]) => [part, 0])); // parts named twice are summed once
  let other = 0, code = 0;
  // wasm-bindgen reads its `__wbindgen_describe_*` functions at build time and removes them.
  for (const f of functions.filter((f) => !f.name.startsWith('__wbindgen_describe'))) {
    code += f.bytes;
    const part = PARTS.find(([, re]) => re.test(f.name));
    if (part) sums.set(part[0], sums.get(part[0]) + f.bytes); else other += f.bytes;
  }
  const total = code + dataBytes;
  console.log(`${file}: ${kb(code)} of code and ${kb(dataBytes)} of data (before wasm-opt)`);
  const rows = [...sums, ['other', other], ['data segments (strings, tables)', dataBytes]].sort((a, b) => b[1] - a[1]);
  for (const [part, bytes] of rows) {
    if (bytes) console.log(`  ${kb(bytes).padStart(9)} ${((100 * bytes) / total).toFixed(0).padStart(3)}%  ${part}`);
  }
}
