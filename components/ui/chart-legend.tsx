// A chart legend as a plain list. Tremor's own legend nests its list items in a way axe
// reports as a broken list, so charts turn theirs off and render this one.
const swatches = {
  emerald: "bg-emerald-500",
  rose: "bg-rose-500",
  amber: "bg-amber-500",
  indigo: "bg-indigo-500",
} as const;

export type LegendColor = keyof typeof swatches;

export function ChartLegend({ items }: { items: { label: string; color: LegendColor }[] }) {
  return (
    <ul aria-label="Legend" className="flex flex-wrap justify-end gap-x-4 gap-y-1 text-sm text-gray-700">
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1.5">
          <span aria-hidden className={`size-2.5 rounded-full ${swatches[item.color]}`} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
