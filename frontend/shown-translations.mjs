// The integration's translations the card shows (src/i18n.ts: entityName, stateName).
// Only these go into the bundle (build.mjs), so that a new entity's name elsewhere in
// en.json or fr.json leaves the bundle as it is. test/bundle.test.ts checks the list
// against the calls in src/card.ts.
export const SHOWN = {
  sensor: ["apparent_power", "active_power", "valid_frames", "tariff_period", "tempo_today"],
  binary_sensor: ["off_peak", "overload"],
};

/** The `entity` part of a translation file, with only the SHOWN keys. */
export function pickShown(translations) {
  const picked = {};
  for (const [domain, keys] of Object.entries(SHOWN)) {
    picked[domain] = Object.fromEntries(keys.map((key) => [key, translations.entity[domain][key]]));
  }
  return { entity: picked };
}
