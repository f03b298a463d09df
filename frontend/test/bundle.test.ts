import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript module shared with build.mjs
import { SHOWN, pickShown } from "../shown-translations.mjs";
import en from "../../custom_components/linky_tic/translations/en.json";
import fr from "../../custom_components/linky_tic/translations/fr.json";
import card from "../src/card.ts?raw";

const shown = SHOWN as Record<string, string[]>;

describe("the translations put into the bundle", () => {
  it("hold every name and state the card asks for", () => {
    const names = [...card.matchAll(/entityName\(lang, "(\w+)", "(\w+)"\)/g)].map((m) => [m[1], m[2]]);
    const states = [...card.matchAll(/stateName\(lang, "(\w+)"/g)].map((m) => ["sensor", m[1]]);
    expect(names.length).toBeGreaterThan(4);
    for (const [domain, key] of [...names, ...states]) {
      expect(shown[domain ?? ""], `${domain}.${key}`).toContain(key);
    }
  });

  it("exist in both languages", () => {
    for (const translations of [en, fr]) {
      const picked = pickShown(translations).entity as Record<string, Record<string, { name: string }>>;
      for (const [domain, keys] of Object.entries(shown)) {
        for (const key of keys) expect(picked[domain]?.[key]?.name, `${domain}.${key}`).toBeTruthy();
      }
    }
  });
});
