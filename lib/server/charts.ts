import "server-only";
import { HeatmapChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([HeatmapChart, LineChart, GridComponent, LegendComponent, TitleComponent, VisualMapComponent, SVGRenderer]);

/**
 * Renders a chart to an SVG string on the server (ECharts' zero-dependency SSR), so charts need no
 * script in the browser and download as exactly what is shown. ECharts escapes every text it
 * writes; the SVG is still only ever served as an image (with a sandboxing CSP), never inlined.
 */
export function renderChartSvg(option: Record<string, unknown>, size: { width: number; height: number }): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
