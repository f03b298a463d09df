import { describe, expect, it } from "vitest";
import en from "../../custom_components/linky_tic/translations/en.json";
import { PERIODS, findMeterEntities, meterDevices } from "../src/discovery";
import { DEVICE, TEMPO_METER, makeHass } from "./fixtures";

describe("findMeterEntities", () => {
  it("sorts the device's entities into roles by their translation keys", () => {
    const found = findMeterEntities(makeHass().entities, DEVICE);
    expect(found.roles).toEqual({
      apparentPower: "sensor.linky_apparent_power",
      activePower: "sensor.linky_active_power",
      referencePower: "sensor.linky_reference_power",
      cutoffPower: "sensor.linky_cutoff_power",
      tariffPeriod: "sensor.linky_tariff_period",
      tariffOption: "sensor.linky_tariff_option",
      tempoToday: "sensor.linky_tempo_colour_today",
      tempoTomorrow: "sensor.linky_tempo_colour_tomorrow",
      offPeak: "binary_sensor.linky_off_peak_hours",
      overload: "binary_sensor.linky_overload",
      validFrames: "sensor.linky_valid_frames",
      currentPrice: "sensor.linky_current_price",
      costToday: "sensor.linky_cost_today",
    });
  });

  it("lists the period indexes only (not the total), in tariff order", () => {
    const found = findMeterEntities(makeHass().entities, DEVICE);
    expect(Object.entries(found.energy)).toEqual([
      ["blue_off_peak", "sensor.linky_blue_day_off_peak_energy"],
      ["blue_peak", "sensor.linky_blue_day_peak_energy"],
    ]);
  });

  it("does not depend on entity ids: renamed entities are still found", () => {
    const renamed = TEMPO_METER.map(
      ([id, key, state, attrs]) => [id.replace("linky", "compteur_garage"), key, state, attrs] as typeof TEMPO_METER[number],
    );
    const found = findMeterEntities(makeHass(renamed).entities, DEVICE);
    expect(found.roles.apparentPower).toBe("sensor.compteur_garage_apparent_power");
  });

  it("ignores other devices and other integrations", () => {
    const found = findMeterEntities(makeHass().entities, "dev-linky-2");
    expect(found.roles).toEqual({ apparentPower: "sensor.linky_2_apparent_power" });
    expect(findMeterEntities(makeHass().entities, "dev-plug").roles).toEqual({});
  });

  it("finds nothing without a device", () => {
    expect(findMeterEntities(makeHass().entities, undefined)).toEqual({ roles: {}, energy: {}, phases: 1 });
  });

  it("counts three phases from the per-phase current entities", () => {
    const rows = [
      ...TEMPO_METER,
      ["sensor.linky_current_phase_1", "current_phase", "5"],
      ["sensor.linky_current_phase_2", "current_phase", "4"],
      ["sensor.linky_current_phase_3", "current_phase", "3"],
    ] as typeof TEMPO_METER;
    expect(findMeterEntities(makeHass(rows).entities, DEVICE).phases).toBe(3);
    expect(findMeterEntities(makeHass().entities, DEVICE).phases).toBe(1);
  });
});

describe("meterDevices", () => {
  it("lists each device that has Linky TIC entities once", () => {
    expect(meterDevices(makeHass())).toEqual(["dev-linky-1", "dev-linky-2"]);
  });
});

describe("PERIODS", () => {
  it("are the integration's tariff periods, all but the unnamed supplier index", () => {
    const named = Object.keys(en.entity.sensor.tariff_period.state).filter((p) => p !== "other");
    expect([...PERIODS]).toEqual(named);
  });
});
