import { describe, expect, it } from "vitest";
import { entityName, formatMoney, formatNumber, formatQuantity, languageOf, stateName, text } from "../src/i18n";

describe("language", () => {
  it("is French for any French locale, English otherwise", () => {
    expect(languageOf({ language: "fr" })).toBe("fr");
    expect(languageOf({ language: "en", locale: { language: "fr-BE" } })).toBe("fr");
    expect(languageOf({ language: "de" })).toBe("en");
    expect(languageOf(undefined)).toBe("en");
  });
});

describe("texts", () => {
  it("fills placeholders in both languages", () => {
    expect(text("en", "subscribed", { kva: "6" })).toBe("of 6 kVA subscribed");
    expect(text("fr", "subscribed", { kva: "6" })).toBe("sur 6 kVA souscrits");
    expect(text("fr", "headroom", { va: "3 660 VA" })).toBe("reste 3 660 VA");
  });

  it("names entities and states with the integration's own translations", () => {
    expect(entityName("en", "sensor", "active_power")).toBe("Active power");
    expect(entityName("fr", "sensor", "active_power")).toBe("Puissance active");
    expect(entityName("fr", "binary_sensor", "off_peak")).toMatch(/creuses/i);
    expect(stateName("en", "tariff_period", "blue_peak")).toBe("Blue day peak");
    expect(stateName("fr", "tempo_today", "red")).toBe("Rouge");
    expect(stateName("en", "tariff_period", "not_a_period")).toBe("not_a_period");
  });
});

describe("formats", () => {
  it("writes numbers the locale's way", () => {
    expect(formatNumber("en", 1234.5, 1)).toBe("1,234.5");
    expect(formatNumber("fr", 1234.5, 1)).toBe("1\u202f234,5");
    expect(formatQuantity("fr", 99.83, "%", 1)).toBe("99,8\u00a0%");
    expect(formatQuantity("en", 2340, "VA")).toBe("2,340\u00a0VA");
  });

  it("writes euros the locale's way", () => {
    expect(formatMoney("en", 1.4213)).toBe("€1.42");
    expect(formatMoney("fr", 1.4213)).toBe("1,42\u00a0€");
  });
});
