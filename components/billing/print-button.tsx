"use client";

import { Printer } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Opens the browser's print dialog; not printed itself. */
export function PrintButton({ label = "Print" }: { label?: string }) {
  return (
    <Button variant="secondary" onClick={() => window.print()} className="print:hidden" data-print-hidden="">
      <Printer aria-hidden className="size-4" />
      {label}
    </Button>
  );
}
