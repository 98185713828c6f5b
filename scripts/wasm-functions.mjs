// Reads a WebAssembly binary's functions: each defined function's name (from the `name` section)
// and the size of its body in bytes, and the size of the data segments. Used by
// scripts/page-links-no-crypto.mjs and scripts/wasm-bytes.mjs on the `web`-profile binaries Trunk
// builds (target/wasm32-unknown-unknown/web/*.wasm, before wasm-bindgen strips the names).
import { readFileSync } from 'node:fs';

/**
 * The functions of the wasm binary at `file`: `{ functions: [{ name, bytes }], dataBytes }`.
 * Throws if the binary has no function names.
 */
export function wasmFunctions(file) {
  const b = readFileSync(file);
  let p = 8;
  const leb = () => { let r = 0, s = 0, x; do { x = b[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
  const skipLimits = () => { const flags = b[p++]; leb(); if (flags & 1) leb(); };
  const names = new Map(), bodies = [];
  let imported = 0, dataBytes = 0;
  while (p < b.length) {
    const id = b[p++], size = leb(), end = p + size;
    if (id === 2) {
      // Imported functions come first in the function index space.
      for (let n = leb(); n > 0; n--) {
        for (let field = 0; field < 2; field++) { const len = leb(); p += len; } // module, name
        const kind = b[p++];
        if (kind === 0) { leb(); imported++; } else if (kind === 1) { p++; skipLimits(); } else if (kind === 2) skipLimits(); else p += 2;
      }
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) { const s = leb(); bodies.push(s); p += s; }
    } else if (id === 11) {
      dataBytes = size;
    } else if (id === 0) {
      const len = leb(), section = b.toString('utf8', p, p + len);
      p += len;
      while (section === 'name' && p < end) {
        const sub = b[p++], subSize = leb(), subEnd = p + subSize;
        if (sub === 1) for (let n = leb(); n > 0; n--) { const i = leb(), l = leb(); names.set(i, b.toString('utf8', p, p + l)); p += l; }
        p = subEnd;
      }
    }
    p = end;
  }
  if (names.size === 0) throw new Error(`${file} has no function names: build it with the web profile (trunk build --release)`);
  const functions = bodies.map((bytes, i) => ({ name: names.get(imported + i) ?? `function ${imported + i}`, bytes }));
  return { functions, dataBytes };
}
