/**
 * FNV-1a, 64-bit, in plain JavaScript numbers: a stable, dependency-free fingerprint for puzzle content
 * (ARC task keys). Not cryptographic; 64 bits keep collisions negligible across thousands of tasks.
 */

/** FNV-1a 64 over the low byte of each UTF-16 code unit (exact for the ASCII JSON it is used on), as 16 hex digits. */
export function fnv1a64(text: string): string {
  // The 64-bit state as two unsigned 32-bit halves; the prime 2^40 + 0x1b3 splits into a multiply and a shift.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ (text.charCodeAt(i) & 0xff)) >>> 0;
    const loProduct = lo * 0x1b3;
    const carry = Math.floor(loProduct / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = loProduct >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
