// Binary helpers: socket.io-client may hand binary back as Buffer, ArrayBuffer or a
// typed array depending on transport; tests compare bytes, not container types.

/** Recursively converts ArrayBuffer / typed arrays to Buffer so deepEqual compares bytes. */
export function normalizeBinary(v) {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v)) return v.map(normalizeBinary);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalizeBinary(x)]));
  }
  return v;
}

export function bytes(n, seed = 0) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}
