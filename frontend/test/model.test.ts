import { describe, expect, it } from "vitest";
import { findMeterEntities } from "../src/discovery";
import {
  baselines,
  energyRows,
  numeric,
  periodColour,
  powerView,
  startOfDay,
  subscribedVa,
  visibleParts,
} from "../src/model";
import { DEVICE, TEMPO_METER, makeHass, withStates, without } from "./fixtures";

const state = (value: string, unit?: string) => ({
  entity_id: "sensor.x",
  state: value,
  attributes: unit ? { unit_of_measurement: unit } : {},
});

describe("numeric", () => {
  it("reads a number in the card's base unit", () => {
    expect(numeric(state("2340", "VA"))).toBe(2340);
    expect(numeric(state("2.34", "kVA"))).toBeCloseTo(2340);
    expect(numeric(state("1.5", "kW"))).toBe(1500);
    expect(numeric(state("1500", "Wh"))).toBe(1.5);
  });

  it("has no value for unknown, unavailable or text states", () => {
    expect(numeric(state("unknown", "VA"))).toBeNull();
    expect(numeric(state("unavailable", "VA"))).toBeNull();
    expect(numeric(state("blue"))).toBeNull();
    expect(numeric(undefined)).toBeNull();
  });
});

describe("subscribed power", () => {
  it("takes the reference power in standard mode", () => {
    const hass = makeHass();
    expect(subscribedVa(hass, findMeterEntities(hass.entities, DEVICE))).toBe(6000);
  });

  it("falls back to the cut-off power when the reference power is unknown", () => {
    const hass = withStates(makeHass(), { "sensor.linky_reference_power": "unknown", "sensor.linky_cutoff_power": "9" });
    expect(subscribedVa(hass, findMeterEntities(hass.entities, DEVICE))).toBe(9000);
  });

  it("is 200 VA per subscribed ampere on each phase in historic mode", () => {
    const single = makeHass([
      ...without(["reference_power", "cutoff_power"]),
      ["sensor.linky_subscribed_current", "subscribed_current", "30", { unit_of_measurement: "A" }],
    ]);
    expect(subscribedVa(single, findMeterEntities(single.entities, DEVICE))).toBe(6000);
    const three = makeHass([
      ...without(["reference_power", "cutoff_power"]),
      ["sensor.linky_subscribed_current", "subscribed_current", "20", { unit_of_measurement: "A" }],
      ["sensor.linky_current_phase_1", "current_phase", "5"],
      ["sensor.linky_current_phase_2", "current_phase", "4"],
      ["sensor.linky_current_phase_3", "current_phase", "3"],
    ]);
    expect(subscribedVa(three, findMeterEntities(three.entities, DEVICE))).toBe(12000);
  });
});

describe("powerView", () => {
  it("gives the gauge's fraction and the headroom left", () => {
    const hass = makeHass();
    const view = powerView(hass, findMeterEntities(hass.entities, DEVICE));
    expect(view).toMatchObject({ apparentVa: 2340, activeW: 2105.4, subscribedVa: 6000, headroomVa: 3660, level: "normal" });
    expect(view.fraction).toBeCloseTo(0.39);
  });

  it("turns orange at 70 % and red at 90 % of the subscription", () => {
    const found = findMeterEntities(makeHass().entities, DEVICE);
    const at = (va: string) => powerView(withStates(makeHass(), { "sensor.linky_apparent_power": va }), found);
    expect(at("4199").level).toBe("normal");
    expect(at("4200").level).toBe("warning");
    expect(at("5400").level).toBe("critical");
  });

  it("clamps the gauge above the subscription and says by how much it is over", () => {
    const hass = withStates(makeHass(), { "sensor.linky_apparent_power": "6600" });
    const view = powerView(hass, findMeterEntities(hass.entities, DEVICE));
    expect(view.fraction).toBe(1);
    expect(view.headroomVa).toBe(-600);
  });

  it("has no gauge without a subscribed power, but still the powers", () => {
    const hass = makeHass(without(["reference_power", "cutoff_power"]));
    const view = powerView(hass, findMeterEntities(hass.entities, DEVICE));
    expect(view).toMatchObject({ apparentVa: 2340, activeW: 2105.4, fraction: null, headroomVa: null });
  });
});

describe("periodColour", () => {
  it("shows a Tempo period with its day's colour", () => {
    expect(periodColour("blue_peak")).toBe("blue");
    expect(periodColour("white_off_peak")).toBe("white");
    expect(periodColour("red_peak")).toBe("red");
  });

  it("tells off-peak from peak and the EJP peak day", () => {
    expect(periodColour("off_peak")).toBe("off_peak");
    expect(periodColour("peak")).toBe("peak");
    expect(periodColour("ejp_peak")).toBe("ejp_peak");
    expect(periodColour("base")).toBe("neutral");
    expect(periodColour(null)).toBe("neutral");
  });
});

describe("today's energy", () => {
  const history = {
    "sensor.linky_blue_day_off_peak_energy": [{ s: "unavailable" }, { s: "1230.25" }, { s: "1231" }],
    "sensor.linky_blue_day_peak_energy": [{ s: "2340000" }],
  };

  it("starts from each index's first known value of the day, in kWh", () => {
    expect(
      baselines(history, {
        "sensor.linky_blue_day_off_peak_energy": "kWh",
        "sensor.linky_blue_day_peak_energy": "Wh",
      }),
    ).toEqual({ "sensor.linky_blue_day_off_peak_energy": 1230.25, "sensor.linky_blue_day_peak_energy": 2340 });
  });

  it("gives each period's energy and cost at its own price, and marks the current period", () => {
    const hass = makeHass();
    const start = { "sensor.linky_blue_day_off_peak_energy": 1230.25, "sensor.linky_blue_day_peak_energy": 2340 };
    const rows = energyRows(hass, findMeterEntities(hass.entities, DEVICE), start);
    expect(rows.map((r) => [r.period, r.current])).toEqual([
      ["blue_off_peak", false],
      ["blue_peak", true],
    ]);
    expect(rows[0]?.kwh).toBeCloseTo(4.25);
    expect(rows[0]?.cost).toBeCloseTo(4.25 * 0.1288);
    expect(rows[1]?.kwh).toBeCloseTo(5.25);
    expect(rows[1]?.cost).toBeCloseTo(5.25 * 0.1552);
  });

  it("has no figure before the history answered, and no cost without prices", () => {
    const hass = makeHass(without(["current_price"]));
    const found = findMeterEntities(hass.entities, DEVICE);
    expect(energyRows(hass, found, {}).map((r) => r.kwh)).toEqual([null, null]);
    const rows = energyRows(hass, found, { "sensor.linky_blue_day_peak_energy": 2340 });
    expect(rows[1]?.kwh).toBeCloseTo(5.25);
    expect(rows[1]?.cost).toBeNull();
  });

  it("never shows a negative day (an index replaced by a new meter)", () => {
    const hass = makeHass();
    const rows = energyRows(hass, findMeterEntities(hass.entities, DEVICE), {
      "sensor.linky_blue_day_peak_energy": 99999,
    });
    expect(rows[1]?.kwh).toBe(0);
  });
});

describe("visibleParts", () => {
  it("shows every part the meter can fill, in a fixed order", () => {
    const found = findMeterEntities(makeHass().entities, DEVICE);
    expect(visibleParts(found, undefined)).toEqual(["power", "tariff", "calendar", "energy", "health"]);
    expect(visibleParts(found, ["health", "power"])).toEqual(["power", "health"]);
  });

  it("hides a part whose entities the meter does not send", () => {
    const base = without([
      "tempo_today",
      "tempo_tomorrow",
      "energy_blue_off_peak",
      "energy_blue_peak",
      "overload",
      "valid_frames",
    ]);
    const found = findMeterEntities(makeHass(base).entities, DEVICE);
    expect(visibleParts(found, undefined)).toEqual(["power", "tariff"]);
  });

  it("shows the EJP notice instead of Tempo colours on an EJP meter", () => {
    const ejp = [
      ...without(["tempo_today", "tempo_tomorrow"]),
      ["binary_sensor.linky_mobile_peak_notice", "mobile_peak_notice", "on"],
    ] as typeof TEMPO_METER;
    expect(visibleParts(findMeterEntities(makeHass(ejp).entities, DEVICE), ["calendar"])).toEqual(["calendar"]);
  });
});

describe("startOfDay", () => {
  it("is midnight in Home Assistant's time zone, not the browser's", () => {
    const now = new Date("2026-01-15T23:30:00Z"); // 00:30 on the 16th in Paris
    expect(startOfDay(now, "Europe/Paris").toISOString()).toBe("2026-01-15T23:00:00.000Z");
    expect(startOfDay(now, "UTC").toISOString()).toBe("2026-01-15T00:00:00.000Z");
    expect(startOfDay(new Date("2026-07-01T10:15:30.250Z"), "Europe/Paris").toISOString()).toBe(
      "2026-06-30T22:00:00.000Z",
    );
  });
});
