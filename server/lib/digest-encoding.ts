// Hex SHA-256 (how the portal names digests) as the base64 that HTTP digest headers (RFC 9530) carry.
export function sha256HexToBase64(hex: string): string {
  return Buffer.from(hex, "hex").toString("base64");
}
