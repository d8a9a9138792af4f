// DSM's timestamp format in result rows (§4.4): "YYYY-MM-DD HH:MM:SS" in the NAS's local time
// (the simulator's local time zone; DSM's own time-zone setting is not reproduced).

const pad = (n: number): string => String(n).padStart(2, '0');

export function dsmTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
