import type { CountMatrix, Normalisation } from "./matrix";

const SCALE_SUFFIX: Record<Normalisation, string> = { count: "", row: " %", column: " %", per1000: " ‰ words" };
const AXIS_NAME: Record<Normalisation, string> = { count: "Codings", row: "Share (%)", column: "Share (%)", per1000: "Codings per 1,000 words" };

/**
 * ECharts options for the aggregate charts (pure data → option object; rendering to SVG is
 * lib/server/charts.ts). Every chart has a title, named axes and a legend (the heat map's colour
 * scale), and static rendering: no animation, so the SVG is the final picture.
 */
export function heatMapOption(m: CountMatrix, values: number[][], opts: { title: string; rowAxis: string; columnAxis: string; normalisation: Normalisation }) {
  const data: [number, number, number][] = [];
  values.forEach((line, i) => line.forEach((v, j) => data.push([j, i, opts.normalisation === "per1000" ? Math.round(v * 100) / 100 : Math.round(v * 10) / 10])));
  const max = Math.max(opts.normalisation === "per1000" ? 0.01 : 1, ...values.flat());
  return {
    animation: false,
    backgroundColor: "#ffffff",
    title: { text: opts.title, left: "center", top: 8, textStyle: { fontSize: 16, fontWeight: "bold" as const } },
    grid: { top: 64, left: 160, right: 32, bottom: 110 },
    xAxis: { type: "category" as const, name: opts.columnAxis, nameLocation: "middle" as const, nameGap: 36, data: m.columns.map((c) => truncate(c.label)), axisLabel: { interval: 0, rotate: m.columns.length > 6 ? 30 : 0 } },
    yAxis: { type: "category" as const, name: opts.rowAxis, nameLocation: "end" as const, data: m.rows.map((r) => truncate(r.label)), inverse: true },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      orient: "horizontal" as const,
      left: "center",
      bottom: 8,
      text: [`${opts.normalisation === "count" ? max : max.toFixed(opts.normalisation === "per1000" ? 2 : 0)}${SCALE_SUFFIX[opts.normalisation]}`, "0"],
      inRange: { color: ["#eef2ff", "#1d4ed8"] },
    },
    series: [{ type: "heatmap" as const, name: opts.title, data, label: { show: true, formatter: (p: { value: [number, number, number] }) => (opts.normalisation === "row" || opts.normalisation === "column" ? `${p.value[2]}%` : String(p.value[2])) } }],
  };
}

function truncate(label: string): string {
  return label.length > 28 ? `${label.slice(0, 27)}…` : label;
}

/**
 * Codes over time: one line per code in its own colour (or bars stacked per period), a legend
 * naming them, periods along the x axis.
 */
export function timelineOption(m: CountMatrix, values: number[][], opts: { title: string; normalisation: Normalisation; style: "line" | "stacked" }) {
  return {
    animation: false,
    backgroundColor: "#ffffff",
    title: { text: opts.title, left: "center", top: 8, textStyle: { fontSize: 16, fontWeight: "bold" as const } },
    legend: { type: "plain" as const, bottom: 8, data: m.rows.map((r) => truncate(r.label)) },
    grid: { top: 64, left: 64, right: 32, bottom: 96 },
    xAxis: { type: "category" as const, name: "Publication date", nameLocation: "middle" as const, nameGap: 32, data: m.columns.map((c) => c.label) },
    yAxis: { type: "value" as const, name: AXIS_NAME[opts.normalisation], nameLocation: "end" as const, minInterval: opts.normalisation === "count" ? 1 : 0 },
    series: m.rows.map((r, i) => {
      const data = values[i]!.map((v) => Math.round(v * 100) / 100);
      return opts.style === "stacked"
        ? { type: "bar" as const, stack: "codes", name: truncate(r.label), data, itemStyle: { color: r.color } }
        : { type: "line" as const, name: truncate(r.label), data, itemStyle: { color: r.color }, lineStyle: { color: r.color, width: 2 }, symbolSize: 6 };
    }),
  };
}
