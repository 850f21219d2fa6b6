import type { Metadata, Viewport } from "next";
import "./globals.css";

// Every page carries a per-request CSP nonce (middleware.ts), so none may be prerendered.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Nexus", template: "%s · Nexus" },
  description: "Automation operations and ROI for agencies and their clients.",
  // public/: the SVG for browsers that take one, PNGs for the rest (render-icons.ts makes them)
  icons: {
    icon: [
      { url: "/favicon.svg", type: "image/svg+xml" },
      { url: "/favicon-32.png", type: "image/png", sizes: "32x32" },
    ],
    apple: [{ url: "/apple-touch-icon.png", sizes: "180x180" }],
  },
  manifest: "/manifest.webmanifest",
  // a private application: robots.txt keeps crawlers out, this keeps any page out of an index
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { themeColor: "#4338ca" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-gray-50 text-gray-900 antialiased">{children}</body>
    </html>
  );
}
