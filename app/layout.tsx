import type { Metadata } from "next";
import "./globals.css";

// Every page carries a per-request CSP nonce (middleware.ts), so none may be prerendered.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Nexus", template: "%s · Nexus" },
  description: "Automation operations and ROI for agencies and their clients.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-gray-50 text-gray-900 antialiased">{children}</body>
    </html>
  );
}
