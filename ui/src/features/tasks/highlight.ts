// Syntax colouring of diff lines with highlight.js (a well-kept highlighter; only the languages below are
// bundled). Lines are coloured one at a time, as a diff shows them: a construct spanning lines (a block
// comment) is coloured line by line, which keeps every line independent of what the diff left out.
// Colouring costs more than drawing (about 0.1 ms a line in the webview), so a file is drawn as plain
// text first and coloured in the frames after, a few milliseconds of work per frame.
import hljs from "highlight.js/lib/core";
import type { DiffLine, Hunk } from "../../ipc";
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cpp from "highlight.js/lib/languages/cpp";
import css from "highlight.js/lib/languages/css";
import go from "highlight.js/lib/languages/go";
import ini from "highlight.js/lib/languages/ini";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import markdown from "highlight.js/lib/languages/markdown";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";

const LANGUAGES = { bash, c, cpp, css, go, ini, java, javascript, json, markdown, python, rust, sql, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);

const BY_EXTENSION: Record<string, keyof typeof LANGUAGES> = {
  rs: "rust",
  ts: "typescript",
  tsx: "typescript",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  py: "python",
  go: "go",
  java: "java",
  kt: "java",
  c: "c",
  h: "c",
  cc: "cpp",
  cpp: "cpp",
  hpp: "cpp",
  css: "css",
  scss: "css",
  html: "xml",
  xml: "xml",
  svg: "xml",
  vue: "xml",
  json: "json",
  yml: "yaml",
  yaml: "yaml",
  toml: "ini",
  ini: "ini",
  md: "markdown",
  sh: "bash",
  bash: "bash",
  sql: "sql",
};

/** The highlight.js language of a file, by its extension; none for an unknown one. */
export function languageOf(path: string): string | null {
  const name = path.split("/").pop() ?? "";
  const dot = name.lastIndexOf(".");
  if (dot < 0) return null;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? null;
}

/** One line as highlighted HTML (highlight.js escapes the text), or null to show it as plain text. */
export function highlightLine(text: string, language: string | null): string | null {
  if (!language || text.length > 2_000) return null;
  try {
    return hljs.highlight(text, { language, ignoreIllegals: true }).value;
  } catch {
    return null;
  }
}

/** Each line's colouring once made: its HTML, or null where it stays plain text. */
const coloured = new WeakMap<DiffLine, string | null>();

/** A line's coloured HTML: undefined until it has been coloured, null when it stays plain. */
export function colouredLine(line: DiffLine): string | null | undefined {
  return coloured.get(line);
}

/** True once every line of `hunks` has been coloured. */
export function isColoured(hunks: Hunk[]): boolean {
  return hunks.every((hunk) => hunk.lines.every((line) => coloured.has(line)));
}

/** Milliseconds of colouring per frame, so that scrolling and typing stay smooth meanwhile. */
const FRAME_BUDGET_MS = 6;
const waiting: (() => void)[] = [];
let frame = 0;

/**
 * Colours `hunks` in the coming frames, then calls `done` (unless `wanted` says the result is no longer
 * shown). One queue for the whole window: the files on screen are coloured in the order they asked.
 */
export function colourSoon(hunks: Hunk[], language: string, wanted: () => boolean, done: () => void) {
  for (const hunk of hunks)
    waiting.push(() => {
      if (!wanted()) return;
      for (const line of hunk.lines) if (!coloured.has(line)) coloured.set(line, highlightLine(line.text, language));
    });
  waiting.push(() => wanted() && done());
  if (frame === 0) frame = requestAnimationFrame(colourSome);
}

function colourSome() {
  frame = 0;
  const start = performance.now();
  while (waiting.length > 0 && performance.now() - start < FRAME_BUDGET_MS) waiting.shift()?.();
  if (waiting.length > 0) frame = requestAnimationFrame(colourSome);
}
