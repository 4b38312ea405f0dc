// The theme's text colours against its surfaces, by the WCAG contrast formula: body text, muted text and
// placeholders must reach 4.5:1 in both themes, and placeholders must stay visibly apart from values.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Tests run from ui/ (vitest's root), where the stylesheet is src/styles.css.
const css = readFileSync(join(process.cwd(), "src", "styles.css"), "utf8");

/** The [light, dark] pair of a `--name: light-dark(#…, #…)` variable. */
function pair(name: string): [string, string] {
  const found = new RegExp(`--${name}:\\s*light-dark\\((#[0-9a-f]{6}),\\s*(#[0-9a-f]{6})\\)`, "i").exec(css);
  if (!found?.[1] || !found[2]) throw new Error(`--${name} is not a light-dark pair of hex colours`);
  return [found[1], found[2]];
}

function placeholder(): [string, string] {
  const found = /::placeholder\s*\{[^}]*color:\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/i.exec(css);
  if (!found?.[1] || !found[2]) throw new Error("the placeholder colour is not a light-dark pair");
  return [found[1], found[2]];
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe("theme contrast", () => {
  for (const [theme, at] of [["light", 0], ["dark", 1]] as const) {
    it(`reaches 4.5:1 for text, muted text and placeholders in the ${theme} theme`, () => {
      for (const surface of [pair("panel")[at], pair("bg")[at]]) {
        expect(contrast(pair("text")[at], surface)).toBeGreaterThanOrEqual(4.5);
        expect(contrast(pair("muted")[at], surface)).toBeGreaterThanOrEqual(4.5);
      }
      // Inputs sit on the panel colour.
      expect(contrast(placeholder()[at], pair("panel")[at])).toBeGreaterThanOrEqual(4.5);
      // A placeholder reads as a hint, not a value: clearly fainter than typed text.
      expect(contrast(pair("text")[at], pair("panel")[at]) / contrast(placeholder()[at], pair("panel")[at])).toBeGreaterThan(2);
    });
  }
});
