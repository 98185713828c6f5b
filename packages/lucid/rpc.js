// Shared by the module and its worker: typed errors, the JSON answers of the wasm exports, bytes.

/** An error of lucid: `kind` names what was wrong (a failed check, "usage", "rejected", ...). */
export class LucidError extends Error {
  constructor({ kind, message, file } = {}) {
    super(message ?? kind);
    this.name = 'LucidError';
    this.kind = kind ?? 'unknown';
    if (file !== undefined) this.file = file;
  }
}

/** Parse a wasm export's JSON answer; `{ok: false, error}` becomes a thrown LucidError. */
export function answer(text) {
  const value = JSON.parse(text);
  if (!value.ok) throw new LucidError(value.error);
  return value;
}

/** JSON text or SSZ bytes as a Uint8Array. */
export function toBytes(file) {
  if (typeof file === 'string') return new TextEncoder().encode(file);
  if (file instanceof Uint8Array) return file;
  if (file instanceof ArrayBuffer) return new Uint8Array(file);
  throw new LucidError({ kind: 'usage', message: 'a file is JSON text, a Uint8Array or an ArrayBuffer' });
}
