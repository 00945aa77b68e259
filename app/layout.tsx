import type { Metadata } from "next";
import { connection } from "next/server";
import { Toaster } from "sonner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Qualcode", template: "%s · Qualcode" },
  description: "Code documents together, measure agreement, export the evidence.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, the 404 page too: Next puts the request's CSP nonce
  // (proxy.ts) on its scripts only while rendering, so a page prerendered at build time would
  // carry scripts without it, and the browser would refuse to run them.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {children}
        {/* A close button on every message: one that lands over the next row's button can be
            dismissed at once (a hovered toast pauses and would otherwise stay). */}
        <Toaster richColors closeButton position="bottom-right" />
      </body>
    </html>
  );
}
