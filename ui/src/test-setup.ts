import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";
import { forgetAll } from "./app/remembered";

// The screens are lazy chunks: the first test to open one waits for vite to transform it, which takes
// seconds on a loaded two-core CI machine. A `find…`/`waitFor` returns as soon as its condition holds, so a
// longer ceiling only changes how long a real failure takes to report.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  // Each test starts with no remembered selection.
  forgetAll();
});

// jsdom has no matchMedia; the terminal and theme code ask it about the colour scheme and pixel ratio.
if (!window.matchMedia) {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// jsdom implements no canvas and logs a "not implemented" error per call; report "no 2D context" quietly,
// which the terminal handles by measuring with the DOM instead.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
