import { describe, expect, it } from "vitest";
import { configFromForm, editorData, editorSchema } from "../src/editor";

describe("editor", () => {
  it("asks for a device of the integration, never for an entity", () => {
    const schema = editorSchema("en");
    expect(schema[0]).toEqual({
      name: "device_id",
      required: true,
      selector: { device: { filter: { integration: "linky_tic" } } },
    });
    expect(JSON.stringify(schema)).not.toContain("entity");
  });

  it("offers the five parts, labelled in the user's language", () => {
    const parts = editorSchema("fr")[2] as { selector: { select: { options: { value: string; label: string }[] } } };
    expect(parts.selector.select.options.map((o) => o.value)).toEqual([
      "power",
      "tariff",
      "calendar",
      "energy",
      "health",
    ]);
    expect(parts.selector.select.options[0]?.label).toBe("Puissance et abonnement");
  });

  it("shows every part ticked for a new card", () => {
    expect(editorData({ type: "custom:linky-tic-card" }).parts).toHaveLength(5);
    expect(editorData({ type: "custom:linky-tic-card", parts: ["power"] }).parts).toEqual(["power"]);
  });

  it("keeps the card type and drops an emptied title", () => {
    const config = { type: "custom:linky-tic-card", device_id: "a", title: "Garage" };
    expect(configFromForm(config, { device_id: "b", title: "" })).toEqual({
      type: "custom:linky-tic-card",
      device_id: "b",
    });
  });
});
