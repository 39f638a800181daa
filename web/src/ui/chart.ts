import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TelemetryData } from '../../../src/realtime/telemetry/events';
import { el } from './dom';

const WINDOW_S = 60;

/**
 * Battery, current, temperature and obstacle distance over the last minute. Points are added as
 * frames arrive and drawn at most once per animation frame; `data-points` counts points drawn.
 */
export function mountTelemetryChart(
  container: HTMLElement,
  onDrawn: () => void = () => undefined,
): (at: Date, data: TelemetryData) => void {
  const host = el('div', { 'data-testid': 'telemetry-chart', 'data-points': '0', class: 'chart' });
  container.append(el('section', { class: 'panel wide' }, el('h2', {}, 'Telemetry'), host));
  const columns: number[][] = [[], [], [], [], []];
  const plot = new uPlot(
    {
      width: Math.max(320, host.clientWidth || 640),
      height: 220,
      series: [
        {},
        { label: 'Battery %', stroke: '#2a9d8f', scale: '%' },
        { label: 'Current A', stroke: '#e76f51', scale: 'u' },
        { label: 'Temp °C', stroke: '#8a5cf6', scale: 'u' },
        { label: 'Obstacle m', stroke: '#457b9d', scale: 'u' },
      ],
      axes: [{}, { scale: '%' }, { scale: 'u', side: 1 }],
    },
    columns as uPlot.AlignedData,
    host,
  );
  let drawn = 0;
  let pending = false;
  new ResizeObserver(() =>
    plot.setSize({ width: Math.max(320, host.clientWidth), height: 220 }),
  ).observe(host);
  return (at, data) => {
    const t = at.getTime() / 1000;
    columns[0].push(t);
    columns[1].push(data.sensors.battery);
    columns[2].push(data.sensors.current);
    columns[3].push(data.sensors.temperature);
    columns[4].push(data.obstacleDistance ?? NaN);
    while (columns[0].length > 0 && columns[0][0] < t - WINDOW_S) columns.forEach((c) => c.shift());
    drawn++;
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      plot.setData(columns as uPlot.AlignedData);
      host.setAttribute('data-points', String(drawn));
      onDrawn();
    });
  };
}
