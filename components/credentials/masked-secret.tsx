// A stored secret as lists show it: dots and, for a long secret, its last four characters.
export function MaskedSecret({ hint }: { hint: string }) {
  return (
    <span className="font-mono text-gray-800" translate="no">
      <span aria-hidden>••••••••</span>
      <span className="sr-only">{hint ? "Hidden, ending in " : "Hidden"}</span>
      {hint}
    </span>
  );
}
