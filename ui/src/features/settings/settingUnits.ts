// Setting values between the form and the core: a stored number split into an amount and a unit people
// read (600 → 10 minutes, 5242880 → 5 MiB) and joined back into whole seconds or bytes, and the checks
// each kind of input gets before anything is sent (the core checks again and has the last word).
import type { SettingInput } from "../../ipc";

/** A unit a number is typed in, and how many base units (seconds, bytes) one of it is. */
export interface Unit {
  unit: string;
  factor: number;
}

export const TIME_UNITS: readonly Unit[] = [
  { unit: "seconds", factor: 1 },
  { unit: "minutes", factor: 60 },
  { unit: "hours", factor: 3600 },
];

export const SIZE_UNITS: readonly Unit[] = [
  { unit: "bytes", factor: 1 },
  { unit: "KiB", factor: 1024 },
  { unit: "MiB", factor: 1024 ** 2 },
  { unit: "GiB", factor: 1024 ** 3 },
];

/** The units a setting's number is typed in, or null when it is not a number with a unit. */
export function unitsOf(input: SettingInput): readonly Unit[] | null {
  if (input.kind === "seconds") return TIME_UNITS;
  if (input.kind === "bytes") return SIZE_UNITS;
  return null;
}

/** What a form shows for a stored value: the text in the field and, for numbers with units, the unit. */
export interface Draft {
  text: string;
  unit: string;
}

/**
 * A stored value as the form shows it: a count of seconds or bytes in the largest unit that keeps it a
 * whole number, so nothing is rounded away; an empty value keeps the unit people mostly pick.
 */
export function draftOf(input: SettingInput, value: string): Draft {
  const units = unitsOf(input);
  if (!units) return { text: value, unit: "" };
  const usual = input.kind === "seconds" ? "minutes" : "MiB";
  const n = Number(value);
  if (value.trim() === "" || !Number.isSafeInteger(n) || n <= 0) return { text: value, unit: usual };
  const fits = [...units].reverse().find((u) => n % u.factor === 0) ?? units[0]!;
  return { text: String(n / fits.factor), unit: fits.unit };
}

/** The value to send for a draft, or why it cannot be sent (in words for the field's message line). */
export type Settled = { value: string; problem: null } | { value: null; problem: string };

const ok = (value: string): Settled => ({ value, problem: null });
const no = (problem: string): Settled => ({ value: null, problem });

export function settle(input: SettingInput, draft: Draft): Settled {
  const text = draft.text.trim();
  switch (input.kind) {
    case "choice":
      return input.choices.includes(text) ? ok(text) : no("Pick one of the listed values.");
    case "url":
      return isHttpUrl(text) ? ok(text) : no("Enter an http:// or https:// address, e.g. http://127.0.0.1:8080/v1.");
    case "text":
      return text === "" ? no("This cannot be empty (Reset restores the default).") : ok(text);
    case "env_name":
      return /^[A-Z_][A-Z0-9_]*$/.test(text)
        ? ok(text)
        : no("Capital letters, digits and _ only, e.g. OPENAI_API_KEY.");
    case "flag":
      return text === "true" || text === "false" ? ok(text) : no("Choose on or off.");
    case "count": {
      const n = Number(text);
      return text !== "" && Number.isInteger(n) && n >= input.min && n <= input.max
        ? ok(String(n))
        : no(`Enter a whole number from ${input.min} to ${input.max}.`);
    }
    case "time":
      return text !== "" && !Number.isNaN(Date.parse(text)) ? ok(text) : no("Enter a date and time, e.g. 2026-12-01T09:00:00Z.");
    case "dollars": {
      const n = Number(text.replace(/^\$/, ""));
      return text !== "" && Number.isFinite(n) && n >= 0 && n <= input.max
        ? ok(String(n))
        : no(`Enter an amount in US dollars from 0 (no budget) to ${input.max}, e.g. 2.50.`);
    }
    case "seconds": {
      const range = input.max > 0 ? `0 (no limit) up to ${formatDuration(input.max)}` : "0 (no limit) or more";
      const total = joinAmount(text, draft.unit, TIME_UNITS);
      if (total === null) return no(`Enter a number: ${range}.`);
      if (!Number.isInteger(total)) return no(`Use whole seconds: ${range}.`);
      if (input.max > 0 && total > input.max) return no(`At most ${formatDuration(input.max)}; 0 = no limit.`);
      return ok(String(total));
    }
    case "bytes": {
      const upper = input.max > 0 ? ` to ${formatByteSize(input.max)}` : " or more";
      const range = `0 (no cap) or ${formatByteSize(input.min)}${upper}`;
      const total = joinAmount(text, draft.unit, SIZE_UNITS);
      if (total === null) return no(`Enter a size: ${range}.`);
      if (!Number.isInteger(total)) return no(`Use whole bytes: ${range}.`);
      if (total !== 0 && (total < input.min || (input.max > 0 && total > input.max))) return no(`Enter ${range}.`);
      return ok(String(total));
    }
  }
}

/**
 * An amount in a unit as a count of base units, or null when it is not a number of at least 0. A result
 * within a millionth of a whole number is taken as that number, so "1.1 hours" is 3960 seconds even though
 * 1.1 × 3600 is not exactly 3960 in floating point.
 */
function joinAmount(text: string, unit: string, units: readonly Unit[]): number | null {
  const amount = Number(text);
  if (text === "" || !Number.isFinite(amount) || amount < 0) return null;
  const factor = units.find((u) => u.unit === unit)?.factor ?? 1;
  const total = amount * factor;
  const whole = Math.round(total);
  return Math.abs(total - whole) < 1e-6 ? whole : total;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** A value as the settings read it: "5 MiB", "10 min", "0 (no limit)"; choices through `label`. */
export function describeValue(input: SettingInput, value: string, label: (choice: string) => string = (c) => c): string {
  const n = Number(value);
  switch (input.kind) {
    case "seconds":
      return n === 0 ? "0 (no limit)" : formatDuration(n);
    case "bytes":
      return n === 0 ? "0 (no cap)" : formatByteSize(n);
    case "flag":
      return value === "true" ? "on" : "off";
    case "choice":
      return label(value);
    case "dollars":
      return n === 0 ? "0 (no budget)" : `$${n.toFixed(2)}`;
    default:
      return value;
  }
}

/** Seconds in the largest unit that divides them: 600 → "10 min", 604800 → "7 days", 90 → "90 s". */
export function formatDuration(seconds: number): string {
  if (seconds > 0 && seconds % 86400 === 0) return seconds === 86400 ? "1 day" : `${seconds / 86400} days`;
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** A byte count in the largest binary unit that keeps it whole (5242880 → "5 MiB"), else one decimal. */
export function formatByteSize(n: number): string {
  const exact = [...SIZE_UNITS].reverse().find((u) => u.factor > 1 && n > 0 && n % u.factor === 0);
  return exact ? `${n / exact.factor} ${exact.unit}` : formatBytes(n);
}

/** 1536 → "1.5 KiB": a size measured, not chosen, so one decimal is enough. */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}
