// A Tempo meter as Home Assistant's frontend sees it: registry entries and states.
import type { EntityRegistryEntry, HassEntityState, HomeAssistant } from "../src/types";

export const DEVICE = "dev-linky-1";

type Row = [entityId: string, translationKey: string, state: string, attributes?: Record<string, unknown>];

export const TEMPO_METER: Row[] = [
  ["sensor.linky_apparent_power", "apparent_power", "2340", { unit_of_measurement: "VA" }],
  ["sensor.linky_active_power", "active_power", "2105.4", { unit_of_measurement: "W" }],
  ["sensor.linky_reference_power", "reference_power", "6", { unit_of_measurement: "kVA" }],
  ["sensor.linky_cutoff_power", "cutoff_power", "6", { unit_of_measurement: "kVA" }],
  ["sensor.linky_tariff_period", "tariff_period", "blue_peak"],
  ["sensor.linky_tariff_option", "tariff_option", "tempo"],
  ["sensor.linky_tempo_colour_today", "tempo_today", "blue"],
  ["sensor.linky_tempo_colour_tomorrow", "tempo_tomorrow", "unknown"],
  ["binary_sensor.linky_off_peak_hours", "off_peak", "off"],
  ["binary_sensor.linky_overload", "overload", "off"],
  ["binary_sensor.linky_tempo_red_day_tomorrow", "tempo_red_tomorrow", "off"],
  ["sensor.linky_valid_frames", "valid_frames", "99.83", { unit_of_measurement: "%" }],
  ["sensor.linky_blue_day_off_peak_energy", "energy_blue_off_peak", "1234.5", { unit_of_measurement: "kWh" }],
  ["sensor.linky_blue_day_peak_energy", "energy_blue_peak", "2345.25", { unit_of_measurement: "kWh" }],
  ["sensor.linky_total_consumed_energy", "energy_total", "3579.75", { unit_of_measurement: "kWh" }],
  [
    "sensor.linky_current_price",
    "current_price",
    "0.1552",
    { unit_of_measurement: "EUR/kWh", prices: { blue_off_peak: 0.1288, blue_peak: 0.1552, red_peak: 0.6586 } },
  ],
  ["sensor.linky_cost_today", "cost_today", "1.42", { unit_of_measurement: "EUR" }],
];

export function makeHass(rows: Row[] = TEMPO_METER, extra: Partial<HomeAssistant> = {}): HomeAssistant {
  const entities: Record<string, EntityRegistryEntry> = {};
  const states: Record<string, HassEntityState> = {};
  for (const [entityId, key, state, attributes] of rows) {
    entities[entityId] = { entity_id: entityId, device_id: DEVICE, platform: "linky_tic", translation_key: key };
    states[entityId] = { entity_id: entityId, state, attributes: attributes ?? {} };
  }
  // Another integration's entity on another device, and one of ours on another meter.
  entities["sensor.kitchen_power"] = {
    entity_id: "sensor.kitchen_power",
    device_id: "dev-plug",
    platform: "shelly",
    translation_key: "power",
  };
  entities["sensor.linky_2_apparent_power"] = {
    entity_id: "sensor.linky_2_apparent_power",
    device_id: "dev-linky-2",
    platform: "linky_tic",
    translation_key: "apparent_power",
  };
  return {
    states,
    entities,
    devices: { [DEVICE]: { id: DEVICE, name: "Linky" } },
    language: "en",
    ...extra,
  };
}

/** The same meter with some states replaced. */
export function withStates(hass: HomeAssistant, changes: Record<string, string>): HomeAssistant {
  const states = { ...hass.states };
  for (const [entityId, state] of Object.entries(changes)) {
    const old = states[entityId];
    states[entityId] = { entity_id: entityId, attributes: old?.attributes ?? {}, state };
  }
  return { ...hass, states };
}

/** The meter without the entities whose translation key is in `keys`. */
export function without(keys: string[]): Row[] {
  return TEMPO_METER.filter(([, key]) => !keys.includes(key));
}
