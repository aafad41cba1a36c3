// A chart of a controlled table, drawn by Chart.js (loaded only with the statistics screens).
// Only the controllers and elements used here are registered, so the rest of the library is
// left out of the bundle. The canvas is an image whose accessible form is the data table next
// to it: it carries a short label pointing there. Suppressed cells are gaps (never zeros), and
// their categories are marked "x" on the axis.
import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { SUPPRESSED_MARK, type ChartData } from '../statistics';

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
);

// Colours with at least 3:1 contrast on white, told apart without colour by the legend's order.
const PALETTE = ['#0b4f6c', '#c2410c', '#1d6b3c', '#6d28d9', '#9b1c1c', '#4a5360', '#a16207', '#0e7490'];

export interface StatChartProps {
  kind: 'line' | 'bar';
  data: ChartData;
  /** Label of a column (category) and of a row (series). */
  columnLabel(code: string): string;
  rowLabel(code: string): string;
  /** The canvas's accessible name: what it shows, and that its figures are in the table. */
  label: string;
  horizontal?: boolean;
  stacked?: boolean;
  format(n: number): string;
  onDrawn?(): void;
}

export function StatChart({
  kind,
  data,
  columnLabel,
  rowLabel,
  label,
  horizontal,
  stacked,
  format,
  onDrawn,
}: StatChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useRef(onDrawn);
  drawn.current = onDrawn;
  useEffect(() => {
    if (!canvas.current) return;
    const suppressed = new Set(data.suppressedColumns);
    const labels = data.columns.map((c) =>
      suppressed.has(c) ? `${columnLabel(c)} (${SUPPRESSED_MARK})` : columnLabel(c),
    );
    const chart = new Chart(canvas.current, {
      type: kind,
      data: {
        labels,
        datasets: data.series.map((s, i) => ({
          label: s.row === null ? label : rowLabel(s.row),
          data: s.values,
          backgroundColor: PALETTE[i % PALETTE.length],
          borderColor: PALETTE[i % PALETTE.length],
          spanGaps: false,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        plugins: {
          legend: { display: data.series.length > 1 },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${format(Number(item.raw))}` } },
        },
        scales: {
          x: { stacked, beginAtZero: true, ticks: horizontal ? { precision: 0 } : { autoSkip: true } },
          y: { stacked, beginAtZero: true, ticks: horizontal ? { autoSkip: false } : { precision: 0 } },
        },
      },
    });
    drawn.current?.();
    return () => chart.destroy();
  }, [kind, data, columnLabel, rowLabel, label, horizontal, stacked, format]);
  const tall = horizontal ? Math.max(12, data.columns.length * 1.6) : 16;
  return (
    <div className={`stat-chart stat-chart-${tall > 30 ? 'tall' : horizontal && tall > 16 ? 'mid' : 'short'}`}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
