// ECDSA signatures come in two encodings: DER (SEQUENCE { INTEGER r, INTEGER s }, what openssl, sigstore and DSSE
// verifiers require) and IEEE P1363 (r||s, fixed width, what PKCS#11 tokens and WebCrypto return). Converting
// is done here, once, with strict parsing: a verifier must not accept a signature with trailing bytes or
// non-minimal integers.

const P256_SCALAR_BYTES = 32;

/** r||s (64 bytes for P-256) -> DER */
export function p1363ToDer(signature: Uint8Array, scalarBytes = P256_SCALAR_BYTES): Uint8Array {
  if (signature.length !== scalarBytes * 2) {
    throw new Error(`raw ECDSA signature must be ${scalarBytes * 2} bytes, got ${signature.length}`);
  }
  const r = derInteger(signature.subarray(0, scalarBytes));
  const s = derInteger(signature.subarray(scalarBytes));
  const body = Buffer.concat([r, s]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

/** DER -> r||s; throws on anything that is not exactly one well-formed SEQUENCE of two positive INTEGERs. */
export function derToP1363(signature: Uint8Array, scalarBytes = P256_SCALAR_BYTES): Uint8Array {
  const bytes = Buffer.from(signature);
  let offset = 0;
  const expect = (tag: number) => {
    if (bytes[offset] !== tag) throw new Error("not a DER ECDSA signature");
    offset += 1;
    const length = readLength();
    if (offset + length > bytes.length) throw new Error("not a DER ECDSA signature (truncated)");
    return length;
  };
  const readLength = () => {
    const first = bytes[offset++];
    if (first === undefined) throw new Error("not a DER ECDSA signature (truncated)");
    if (first < 0x80) return first;
    if (first !== 0x81) throw new Error("not a DER ECDSA signature (length)");
    const length = bytes[offset++];
    if (length === undefined || length < 0x80) throw new Error("not a DER ECDSA signature (length)");
    return length;
  };
  const readInteger = () => {
    const length = expect(0x02);
    const value = bytes.subarray(offset, offset + length);
    offset += length;
    if (length === 0 || (value[0] ?? 0) & 0x80)
      throw new Error("not a DER ECDSA signature (negative integer)");
    if (length > 1 && value[0] === 0 && !((value[1] ?? 0) & 0x80)) {
      throw new Error("not a DER ECDSA signature (non-minimal integer)");
    }
    const trimmed = value[0] === 0 ? value.subarray(1) : value;
    if (trimmed.length > scalarBytes) throw new Error("not a DER ECDSA signature (integer too large)");
    const padded = Buffer.alloc(scalarBytes);
    trimmed.copy(padded, scalarBytes - trimmed.length);
    return padded;
  };
  const sequenceLength = expect(0x30);
  if (offset + sequenceLength !== bytes.length) throw new Error("not a DER ECDSA signature (trailing bytes)");
  const r = readInteger();
  const s = readInteger();
  if (offset !== bytes.length) throw new Error("not a DER ECDSA signature (trailing bytes)");
  return Buffer.concat([r, s]);
}

export function isDerEcdsaSignature(signature: Uint8Array): boolean {
  try {
    derToP1363(signature);
    return true;
  } catch {
    return false;
  }
}

function derInteger(unsigned: Uint8Array): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start += 1;
  let value = Buffer.from(unsigned.subarray(start));
  if ((value[0] ?? 0) & 0x80) value = Buffer.concat([Buffer.from([0]), value]);
  return Buffer.concat([Buffer.from([0x02]), derLength(value.length), value]);
}

function derLength(length: number): Buffer {
  return length < 0x80 ? Buffer.from([length]) : Buffer.from([0x81, length]);
}
