// ISO 8601 timestamps with an explicit UTC offset. Deadlines keep the offset the controller used, so
// "2026-02-10T14:00:00+01:00" + 72 h is "2026-02-13T14:00:00+01:00" (wall-clock in that offset).

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface OffsetTimestamp {
  /** Milliseconds since the epoch (UTC). */
  epochMs: number;
  /** Offset from UTC in minutes, e.g. 60 for +01:00. */
  offsetMinutes: number;
  /** The offset as written: "Z" or "+01:00". */
  offsetText: string;
  hasFraction: boolean;
}

function validCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function parseOffsetTimestamp(text: string): OffsetTimestamp | null {
  const match = ISO_WITH_OFFSET.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? "0");
  if (!validCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const offsetText = offset ?? "Z";
  let offsetMinutes = 0;
  if (offsetText !== "Z") {
    const sign = offsetText.startsWith("-") ? -1 : 1;
    const offsetHours = Number(offsetText.slice(1, 3));
    const offsetMins = Number(offsetText.slice(4, 6));
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  const milliseconds = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds);
  return {
    epochMs: wallClock - offsetMinutes * 60_000,
    offsetMinutes,
    offsetText,
    hasFraction: Boolean(fraction),
  };
}

export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  return match !== null && validCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** A date ("2026-02-07") or a timestamp with offset, as milliseconds since the epoch (dates at 00:00 UTC). */
export function parseDateOrTimestamp(text: string): number | null {
  if (isIsoDate(text)) return Date.parse(`${text}T00:00:00Z`);
  return parseOffsetTimestamp(text)?.epochMs ?? null;
}

const pad = (value: number, length = 2) => String(value).padStart(length, "0");

/** Formats an instant as wall-clock time in the given offset, e.g. "2026-02-13T14:00:00+01:00". */
export function formatWithOffset(
  epochMs: number,
  offsetMinutes: number,
  offsetText: string,
  withFraction = false,
): string {
  const wall = new Date(epochMs + offsetMinutes * 60_000);
  const date = `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  const fraction = withFraction ? `.${pad(wall.getUTCMilliseconds(), 3)}` : "";
  return `${date}T${time}${fraction}${offsetText}`;
}

/** Adds hours to a timestamp and writes the result in the input's own offset. */
export function addHoursKeepingOffset(timestamp: string, hours: number): string {
  const parsed = parseOffsetTimestamp(timestamp);
  if (!parsed) throw new Error(`not an ISO 8601 timestamp with offset: "${timestamp}"`);
  return formatWithOffset(
    parsed.epochMs + hours * 3_600_000,
    parsed.offsetMinutes,
    parsed.offsetText,
    parsed.hasFraction,
  );
}
