/*
 * Chart.js with only the pieces the dashboards use (tree-shaken), one set of defaults in
 * the product's typeface, and a resize before printing so charts fit the A4 page.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { CHART } from './format.ts';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
  Filler,
);
Chart.defaults.font.family = CHART.font;
Chart.defaults.font.size = 12;
Chart.defaults.color = CHART.text;
Chart.defaults.animation = false;
Chart.defaults.locale = 'ru-RU';

if (typeof window !== 'undefined') {
  const resizeAll = () => {
    for (const chart of Object.values(Chart.instances)) chart.resize();
  };
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
}

export { Chart };
