// Vitest runs outside Next's react-server bundling, where the real "server-only" package throws on import.
export {};
