// Checks that the page's WebAssembly links no cryptography: no function of blst (BLS), sha2, sha3
// or keccak, and none of the core's hashing or verification (Merkle branches, hash_tree_root, the
// store's update rules, teaching keys). Everything that hashes or verifies runs in the worker.
// As a control, the worker's wasm must contain BLS and SHA-256 functions.
// The other way round, the worker links no page code: no Yew and nothing of the views (`views/`
// holds only what the page draws; what the worker computes for them lives outside it).
// Reads the function names of the `web`-profile binaries Trunk builds (before wasm-bindgen):
//   node scripts/page-links-no-crypto.mjs [target/wasm32-unknown-unknown/web]
// Prints what it found; exits non-zero if the page links any of it.
import path from 'node:path';
import { wasmFunctions } from './wasm-functions.mjs';

const dir = process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'target', 'wasm32-unknown-unknown', 'web');

/** The function names of a wasm binary. */
const functionNames = (file) => wasmFunctions(file).functions.map((f) => f.name);

// Mangled crate and module names (`_ZN4blst…`, `10lucid_core6merkle…`) and blst's C functions.
const CRYPTO = [
  ['BLS (blst)', /^blst_|4blst/], ['SHA-256 (sha2)', /4sha2/], ['sha3 / keccak', /4sha3|6keccak/],
  ['hash_tree_root (ssz_rs)', /14hash_tree_root/], ['Merkle branches', /10lucid_core6merkle/],
  ['the store\'s update rules', /10lucid_core5store/], ['teaching keys', /13teaching_keys/],
  ['SHA-256 of the checkpoint seal', /10sha256_hex/],
];
// (De)serializing the store's result types is data, not verification.
const found = (names) => CRYPTO.map(([what, re]) => [what, names.filter((n) => re.test(n) && !/serde/.test(n))])
  .filter(([, hits]) => hits.length);

const pageNames = functionNames(path.join(dir, 'app.wasm'));
const workerNames = functionNames(path.join(dir, 'worker.wasm'));
const page = found(pageNames);
const worker = found(workerNames);
console.log(`worker (control): ${worker.map(([w, h]) => `${w} ${h.length}`).join(', ')}`);
const control = ['BLS (blst)', 'SHA-256 (sha2)'].every((w) => worker.some(([x]) => x === w));
if (page.length) {
  console.log('the page links cryptography:');
  for (const [what, hits] of page) console.log(`  ${what}: ${hits.slice(0, 5).join(', ')}${hits.length > 5 ? ` and ${hits.length - 5} more` : ''}`);
}
if (!control) console.log('the control failed: no BLS or SHA-256 function found in the worker, so the check would see none');

// Mangled names of Yew's crates and of the app's `views` module.
const PAGE_CODE = /3yew|lucid_app\.\.views\.\.|9lucid_app5views/;
const workerPageCode = workerNames.filter((n) => PAGE_CODE.test(n));
const pageControl = pageNames.filter((n) => PAGE_CODE.test(n)).length;
console.log(`page (control): Yew and views functions ${pageControl}`);
if (workerPageCode.length) console.log(`the worker links page code: ${workerPageCode.slice(0, 5).join(', ')}${workerPageCode.length > 5 ? ` and ${workerPageCode.length - 5} more` : ''}`);
if (!pageControl) console.log('the control failed: no Yew or views function found in the page, so the check would see none');

const results = [page.length === 0 && control, workerPageCode.length === 0 && pageControl > 0];
const passed = results.filter(Boolean).length;
console.log(`the page links no cryptography, the worker no page code: ${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
