// A chart spec as an ECharts option: bars (stacked where the spec says), a line for levels over
// time, the legend on top, no animation (the elder mode has no motion; a dashboard needs none),
// no tooltip (the numbers are one tap away in the table). Fonts and colours come from the
// screen's CSS variables, so the elder and high-contrast modes apply to the charts too.
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
} from 'echarts/components';
import type { ChartSpec } from './chart-specs';

export type DashboardOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | AriaComponentOption
>;

export interface ChartTheme {
  fontFamily: string;
  /** px */
  fontSize: number;
  text: string;
  muted: string;
  grid: string;
  series: readonly string[];
  levels: readonly string[];
}

/** Colours told apart on white: blue, orange, teal, red, purple, brown. */
export const SERIES_COLOURS = ['#0b4a8b', '#c15a00', '#1e7f74', '#b3261e', '#6a3d9a', '#7a5230'];
/** 非常满意 … 非常不满意: green to red through grey. */
export const LEVEL_COLOURS = ['#1e6b34', '#4f9a5f', '#8593a3', '#d9822b', '#b3261e'];
/** The same on black (high contrast). */
export const SERIES_COLOURS_HC = ['#ffff00', '#00ffff', '#7dff9a', '#ff8c8c', '#ffffff', '#ffd27d'];
export const LEVEL_COLOURS_HC = ['#7dff9a', '#00ffff', '#ffffff', '#ffd27d', '#ff8c8c'];

/** The chart's height in px: horizontal charts grow with their rows. */
export function chartHeight(spec: ChartSpec, fontSize: number): number {
  const legend = spec.series.filter((s) => !s.tableOnly).length > 1 ? fontSize * 3 : 0;
  if (spec.horizontal)
    return Math.round(Math.max(3, spec.categories.length) * fontSize * 2.2 + fontSize * 3 + legend);
  return Math.round(fontSize * 14 + legend);
}

export function chartOption(spec: ChartSpec, theme: ChartTheme): DashboardOption {
  const drawn = spec.series.filter((s) => !s.tableOnly);
  const colours = spec.palette === 'levels' ? theme.levels : theme.series;
  const text = { color: theme.text, fontSize: theme.fontSize, fontFamily: theme.fontFamily };
  const category = {
    type: 'category' as const,
    data: spec.categories,
    inverse: spec.horizontal,
    axisLabel: {
      ...text,
      // Long names wrap in the table; in the chart they are cut with an ellipsis.
      width: spec.horizontal ? theme.fontSize * 9 : undefined,
      overflow: 'truncate' as const,
      hideOverlap: true,
    },
    axisLine: { lineStyle: { color: theme.muted } },
    axisTick: { show: false },
  };
  const value = {
    type: 'value' as const,
    minInterval: 1,
    axisLabel: { ...text },
    splitLine: { lineStyle: { color: theme.grid } },
  };
  return {
    animation: false,
    aria: { enabled: false },
    textStyle: { fontFamily: theme.fontFamily, fontSize: theme.fontSize, color: theme.text },
    color: [...colours],
    legend:
      drawn.length > 1
        ? { top: 0, textStyle: { ...text }, itemWidth: theme.fontSize, itemHeight: theme.fontSize }
        : { show: false },
    grid: {
      top: drawn.length > 1 ? theme.fontSize * 3 : theme.fontSize,
      left: theme.fontSize / 2,
      right: theme.fontSize,
      bottom: theme.fontSize / 2,
    },
    xAxis: spec.horizontal ? value : category,
    yAxis: spec.horizontal ? category : value,
    series: drawn.map((s) =>
      s.type === 'line'
        ? ({
            type: 'line',
            name: s.name,
            data: s.values,
            connectNulls: false,
            symbolSize: theme.fontSize / 3,
            lineStyle: { width: 3 },
          } satisfies LineSeriesOption)
        : ({
            type: 'bar',
            name: s.name,
            data: s.values,
            ...(s.stack ? { stack: s.stack } : {}),
            barMaxWidth: theme.fontSize * 2,
          } satisfies BarSeriesOption),
    ),
  };
}
