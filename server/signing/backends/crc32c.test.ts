import { describe, expect, it } from "vitest";
import { crc32c } from "./crc32c";

describe("crc32c", () => {
  it("matches the standard check value and the iSCSI test vectors of RFC 3720 (B.4)", () => {
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    // RFC 3720 lists the CRC as it goes on the wire (little-endian): aa 36 91 8a -> 0x8a9136aa
    expect(crc32c(Buffer.alloc(32, 0x00))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i)))).toBe(0x46dd794e);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i)))).toBe(0x113fdb5c);
  });
});
