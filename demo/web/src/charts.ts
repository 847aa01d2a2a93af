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

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.animation = false;

/** A line with its interval band (lower and upper as filled lines), one point per period. */
export function intervalLineChart(
  canvas: HTMLCanvasElement,
  label: string,
  points: { key: string; value: number | null; lower: number | null; upper: number | null }[],
): Chart {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: points.map((p) => p.key),
      datasets: [
        {
          label: `${label} upper bound`,
          data: points.map((p) => p.upper),
          borderWidth: 0,
          pointRadius: 0,
          fill: '+1',
          backgroundColor: 'rgba(11,92,173,0.15)',
        },
        {
          label: `${label} lower bound`,
          data: points.map((p) => p.lower),
          borderWidth: 0,
          pointRadius: 0,
          fill: false,
        },
        {
          label,
          data: points.map((p) => p.value),
          borderColor: '#0b5cad',
          backgroundColor: '#0b5cad',
          spanGaps: true,
        },
      ],
    },
    options: { maintainAspectRatio: false, plugins: { legend: { display: false } } },
  });
}

/** Horizontal bars, one per segment. */
export function barChart(
  canvas: HTMLCanvasElement,
  label: string,
  rows: { key: string; value: number | null }[],
): Chart {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.key),
      datasets: [{ label, data: rows.map((r) => r.value), backgroundColor: '#0b5cad' }],
    },
    options: { indexAxis: 'y', maintainAspectRatio: false, plugins: { legend: { display: false } } },
  });
}

/** Horizontal stacked bars: one bar per row, one segment per series (e.g. negative, neutral, positive). */
export function stackedBarChart(
  canvas: HTMLCanvasElement,
  labels: string[],
  series: { label: string; color: string; data: number[] }[],
): Chart {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color })),
    },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true } },
      plugins: { legend: { display: true, position: 'bottom' } },
    },
  });
}
