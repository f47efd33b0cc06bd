import { useSyncExternalStore } from 'react';

/** Follows the `dark` class that lib/theme.ts toggles on <html>, so charts redraw when the theme flips. */
function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

const isDark = () => document.documentElement.classList.contains('dark');

export interface ChartColors {
  axis: string;
  grid: string;
  tooltipBackground: string;
  tooltipBorder: string;
  tooltipText: string;
  series: { blue: string; green: string; violet: string; red: string };
}

// Tailwind's gray and accent shades, matching the surfaces the charts sit on.
const LIGHT: ChartColors = {
  axis: '#4b5563',
  grid: '#e5e7eb',
  tooltipBackground: '#ffffff',
  tooltipBorder: '#d1d5db',
  tooltipText: '#111827',
  series: { blue: '#2563eb', green: '#16a34a', violet: '#7c3aed', red: '#dc2626' },
};
const DARK: ChartColors = {
  axis: '#9ca3af',
  grid: '#1f2937',
  tooltipBackground: '#111827',
  tooltipBorder: '#374151',
  tooltipText: '#f3f4f6',
  series: { blue: '#60a5fa', green: '#4ade80', violet: '#a78bfa', red: '#f87171' },
};

export function useChartColors(): ChartColors {
  const dark = useSyncExternalStore(subscribe, isDark, () => false);
  return dark ? DARK : LIGHT;
}
