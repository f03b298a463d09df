// What the card shows, computed from Home Assistant's states: no DOM here, so that every
// rule (units, subscription, headroom, visibility of the parts, today's energy) is tested.
import { PERIODS, type MeterEntities, type Period, type Role } from "./discovery";
import type { HassEntityState, HomeAssistant } from "./types";

export const PARTS = ["power", "tariff", "calendar", "energy", "health"] as const;
export type Part = (typeof PARTS)[number];

/** The roles each part is drawn from: a part shows when one of them exists. */
export const PART_ROLES: Record<Exclude<Part, "energy">, readonly Role[]> = {
  power: ["apparentPower", "activePower"],
  tariff: ["tariffPeriod", "offPeak"],
  calendar: ["tempoToday", "tempoTomorrow", "ejpNotice", "ejpActive"],
  health: ["overload", "validFrames"],
};

const MISSING = new Set(["unknown", "unavailable", ""]);

/** Multipliers to the card's base units (VA, W, kWh, kVA -> VA). */
const TO_BASE: Record<string, number> = {
  VA: 1,
  kVA: 1000,
  W: 1,
  kW: 1000,
  MW: 1_000_000,
  Wh: 0.001,
  kWh: 1,
  MWh: 1000,
};

export function stateOf(hass: Pick<HomeAssistant, "states">, entityId: string | undefined): HassEntityState | undefined {
  return entityId ? hass.states[entityId] : undefined;
}

/** A state as a number in the card's base unit (VA, W or kWh); null when there is none. */
export function numeric(state: HassEntityState | undefined, fallbackUnit = ""): number | null {
  if (!state || MISSING.has(state.state)) return null;
  const value = Number(state.state);
  if (!Number.isFinite(value)) return null;
  const unit = String(state.attributes.unit_of_measurement ?? fallbackUnit);
  return value * (TO_BASE[unit] ?? 1);
}

/** An on/off state; null when unknown. */
export function isOn(state: HassEntityState | undefined): boolean | null {
  if (!state || MISSING.has(state.state)) return null;
  return state.state === "on";
}

/** A text state; null when unknown. */
export function textState(state: HassEntityState | undefined): string | null {
  if (!state || MISSING.has(state.state)) return null;
  return state.state;
}

/**
 * The subscribed power in VA: the reference power (standard mode, kVA), else the cut-off
 * power, else the subscribed current (historic mode: 5 A per kVA on each phase).
 */
export function subscribedVa(hass: Pick<HomeAssistant, "states">, found: MeterEntities): number | null {
  for (const role of ["referencePower", "cutoffPower"] as const) {
    const va = numeric(stateOf(hass, found.roles[role]), "kVA");
    if (va !== null && va > 0) return va;
  }
  const amps = numeric(stateOf(hass, found.roles.subscribedCurrent));
  if (amps !== null && amps > 0) return (amps * found.phases * 1000) / 5;
  return null;
}

export interface PowerView {
  apparentVa: number | null;
  activeW: number | null;
  subscribedVa: number | null;
  /** Apparent power over the subscription, clamped to [0, 1] for the gauge. */
  fraction: number | null;
  /** What is left before the subscription (negative: above it). */
  headroomVa: number | null;
  level: "normal" | "warning" | "critical";
}

/** The gauge turns orange at 70 % of the subscription and red at 90 %. */
export const WARNING_FRACTION = 0.7;
export const CRITICAL_FRACTION = 0.9;

export function powerView(hass: Pick<HomeAssistant, "states">, found: MeterEntities): PowerView {
  const apparentVa = numeric(stateOf(hass, found.roles.apparentPower));
  const activeW = numeric(stateOf(hass, found.roles.activePower));
  const limit = subscribedVa(hass, found);
  if (apparentVa === null || limit === null) {
    return { apparentVa, activeW, subscribedVa: limit, fraction: null, headroomVa: null, level: "normal" };
  }
  const ratio = apparentVa / limit;
  return {
    apparentVa,
    activeW,
    subscribedVa: limit,
    fraction: Math.min(1, Math.max(0, ratio)),
    headroomVa: limit - apparentVa,
    level: ratio >= CRITICAL_FRACTION ? "critical" : ratio >= WARNING_FRACTION ? "warning" : "normal",
  };
}

export type Colour = "blue" | "white" | "red";

/** The colour a tariff period shows with: its Tempo day, else off-peak/peak/other. */
export function periodColour(period: string | null): Colour | "off_peak" | "peak" | "ejp_peak" | "neutral" {
  if (!period) return "neutral";
  const tempo = /^(blue|white|red)_/.exec(period)?.[1];
  if (tempo) return tempo as Colour;
  if (period === "off_peak") return "off_peak";
  if (period === "peak") return "peak";
  if (period === "ejp_peak") return "ejp_peak";
  return "neutral";
}

export interface EnergyRow {
  period: Period;
  entityId: string;
  kwh: number | null;
  cost: number | null;
  current: boolean;
}

/** State history as `history/history_during_period` returns it with minimal_response. */
export type History = Record<string, { s: string }[] | undefined>;

/** Each index's first known value of the day (kWh): today's energy is counted from it. */
export function baselines(history: History, units: Record<string, string>): Record<string, number> {
  const found: Record<string, number> = {};
  for (const [entityId, states] of Object.entries(history)) {
    for (const item of states ?? []) {
      const value = numeric({ entity_id: entityId, state: item.s, attributes: {} }, "");
      if (value !== null) {
        found[entityId] = value * (TO_BASE[units[entityId] ?? "kWh"] ?? 1);
        break;
      }
    }
  }
  return found;
}

/** The prices per period that the price sensor publishes (EUR/kWh). */
export function pricesOf(state: HassEntityState | undefined): Partial<Record<Period, number>> {
  const prices = state?.attributes.prices;
  if (!prices || typeof prices !== "object") return {};
  const result: Partial<Record<Period, number>> = {};
  for (const [period, price] of Object.entries(prices as Record<string, unknown>)) {
    if (typeof price === "number" && Number.isFinite(price) && (PERIODS as readonly string[]).includes(period)) {
      result[period as Period] = price;
    }
  }
  return result;
}

/** Today's energy (and its cost when prices are set) of each index the meter counts. */
export function energyRows(
  hass: Pick<HomeAssistant, "states">,
  found: MeterEntities,
  start: Record<string, number>,
): EnergyRow[] {
  const prices = pricesOf(stateOf(hass, found.roles.currentPrice));
  const current = textState(stateOf(hass, found.roles.tariffPeriod));
  const rows: EnergyRow[] = [];
  for (const period of PERIODS) {
    const entityId = found.energy[period];
    if (!entityId) continue;
    const now = numeric(stateOf(hass, entityId), "kWh");
    const first = start[entityId];
    const kwh = now === null || first === undefined ? null : Math.max(0, now - first);
    const price = prices[period];
    rows.push({
      period,
      entityId,
      kwh,
      cost: kwh === null || price === undefined ? null : kwh * price,
      current: period === current,
    });
  }
  return rows;
}

/** Which parts show: the ones asked for whose entities this meter has. */
export function visibleParts(found: MeterEntities, asked: readonly string[] | undefined): Part[] {
  const wanted = asked && asked.length > 0 ? asked : PARTS;
  return PARTS.filter((part) => {
    if (!wanted.includes(part)) return false;
    if (part === "energy") return Object.keys(found.energy).length > 0;
    return PART_ROLES[part].some((role) => found.roles[role] !== undefined);
  });
}

/**
 * The last midnight before `now` in the time zone `timeZone` (Home Assistant's, where the
 * daily cost starts again), as an instant. On a day with a clock change the wall clock's
 * hours since midnight are one off: the baseline is then an hour early or late.
 */
export function startOfDay(now: Date, timeZone?: string): Date {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(now);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const elapsed = ((part("hour") * 60 + part("minute")) * 60 + part("second")) * 1000 + now.getMilliseconds();
  return new Date(now.getTime() - elapsed);
}
