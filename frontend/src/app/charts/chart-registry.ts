/**
 * The one place Chart.js is registered, with only the parts the clinical charts use: line charts
 * on linear axes (time is a linear axis of epoch milliseconds with our own tick labels, so no date
 * adapter is needed), points, tooltips, decimation, and our band plugin. Imported only by the
 * chart wrappers, which only the patient page loads: Chart.js stays out of the initial bundle.
 */
import {
  Chart,
  Decimation,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';

import { clinicBandsPlugin } from './bands.plugin';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  Tooltip,
  Decimation,
  clinicBandsPlugin,
);

export { Chart };
