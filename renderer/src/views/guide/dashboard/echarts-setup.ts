// ECharts, modular: the core, bar and line charts, grid and legend, and the SVG renderer — nothing
// else goes into the bundle. The SVG renderer sets element styles through the DOM (CSSOM), which
// the app's Content-Security-Policy (style-src 'self', no inline styles in HTML) allows.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, AriaComponent, SVGRenderer]);

export { echarts };
