import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// Every response carries a per-request CSP nonce (proxy.ts), which only dynamically rendered pages can use;
// a statically prerendered page (such as the 404 page) would have its scripts blocked.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Release governance portal", template: "%s · Release governance" },
  description:
    "Release promotion approvals, break-glass access, compliance readiness and verifiable audit evidence.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-canvas font-sans text-fg antialiased">{children}</body>
    </html>
  );
}
