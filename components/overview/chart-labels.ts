/** Axis, tooltip and table labels of the Overview charts, all UTC. */
import { dayLabel, hourLabel } from '@/lib/overview/chart-series';
import { HOUR_MS } from '@/lib/overview/overview-types';

export const hourTick = (start: number) => hourLabel(start).slice(11);
/** A 6-hour bar: the day (month-day) and the hour it starts. */
export const sixHourTick = (start: number) => `${dayLabel(start).slice(5)} ${hourLabel(start).slice(11)}`;
export const dayTick = (start: number) => dayLabel(start).slice(5);

export const hourTooltip = (start: number) => `${hourLabel(start)} UTC`;
export const sixHourTooltip = (start: number) => `${hourLabel(start)}–${hourLabel(start + 5 * HOUR_MS).slice(11, 13)}:59 UTC`;
export const dayTooltip = (start: number) => `${dayLabel(start)} (UTC)`;
