import { fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { applyTheme, showsDark, storedTheme } from "../theme";
import { ThemePicker } from "./ThemePicker";

afterEach(() => applyTheme("system"));

describe("ThemePicker", () => {
  it("pins the chosen theme on the document, remembers it, and returns to the system's", () => {
    render(<ThemePicker />);
    const select = screen.getByLabelText("Theme") as HTMLSelectElement;
    expect(select.value).toBe("system");

    fireEvent.change(select, { target: { value: "dark" } });
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(storedTheme()).toBe("dark");
    expect(showsDark()).toBe(true);

    fireEvent.change(select, { target: { value: "light" } });
    expect(showsDark()).toBe(false);

    fireEvent.change(select, { target: { value: "system" } });
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(storedTheme()).toBe("system");
  });
});
