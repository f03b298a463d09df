// Finds a meter's entities from its device: the integration names each value by its
// translation key, so the card never needs an entity id from the user.
import type { EntityRegistryEntry, HomeAssistant } from "./types";

export const DOMAIN = "linky_tic";

/**
 * The tariff periods an energy index counts for: the integration's TariffPeriod but
 * "other" (test/discovery.test.ts checks it against the period names in en.json).
 */
export const PERIODS = [
  "base",
  "off_peak",
  "peak",
  "ejp_normal",
  "ejp_peak",
  "blue_off_peak",
  "blue_peak",
  "white_off_peak",
  "white_peak",
  "red_off_peak",
  "red_peak",
  "weekend",
] as const;
export type Period = (typeof PERIODS)[number];

/** The single-valued roles: "domain.translation_key" of the integration's entities. */
const ROLES = {
  apparentPower: "sensor.apparent_power",
  activePower: "sensor.active_power",
  referencePower: "sensor.reference_power",
  cutoffPower: "sensor.cutoff_power",
  subscribedCurrent: "sensor.subscribed_current",
  tariffPeriod: "sensor.tariff_period",
  tariffOption: "sensor.tariff_option",
  tempoToday: "sensor.tempo_today",
  tempoTomorrow: "sensor.tempo_tomorrow",
  currentPrice: "sensor.current_price",
  costToday: "sensor.cost_today",
  validFrames: "sensor.valid_frames",
  offPeak: "binary_sensor.off_peak",
  overload: "binary_sensor.overload",
  ejpNotice: "binary_sensor.mobile_peak_notice",
  ejpActive: "binary_sensor.mobile_peak_active",
} as const;
export type Role = keyof typeof ROLES;

export interface MeterEntities {
  roles: Partial<Record<Role, string>>;
  /** Energy index entity per tariff period, in the order of PERIODS. */
  energy: Partial<Record<Period, string>>;
  /** Number of phases, when per-phase entities say it (else 1). */
  phases: number;
}

const BY_KEY: Map<string, Role> = new Map(
  (Object.entries(ROLES) as [Role, string][]).map(([role, key]) => [key, role]),
);

function domainOf(entityId: string): string {
  return entityId.slice(0, entityId.indexOf("."));
}

/** The meter's entities of the device `deviceId`, sorted into the card's roles. */
export function findMeterEntities(
  entities: HomeAssistant["entities"],
  deviceId: string | undefined,
): MeterEntities {
  const found: MeterEntities = { roles: {}, energy: {}, phases: 1 };
  if (!deviceId) return found;
  let phaseEntities = 0;
  for (const entry of Object.values(entities)) {
    if (!entry || entry.device_id !== deviceId || entry.platform !== DOMAIN) continue;
    const key = entry.translation_key;
    if (!key) continue;
    const domain = domainOf(entry.entity_id);
    const role = BY_KEY.get(`${domain}.${key}`);
    if (role && !found.roles[role]) {
      found.roles[role] = entry.entity_id;
      continue;
    }
    if (domain !== "sensor") continue;
    const period = key.startsWith("energy_") ? key.slice("energy_".length) : "";
    if ((PERIODS as readonly string[]).includes(period)) {
      found.energy[period as Period] = entry.entity_id;
    } else if (key === "current_phase") {
      phaseEntities += 1; // one per phase: only three-phase meters have them
    }
  }
  if (phaseEntities > 1) found.phases = 3;
  return found;
}

/** The devices that carry entities of the integration, in a stable order. */
export function meterDevices(hass: Pick<HomeAssistant, "entities">): string[] {
  const ids = new Set<string>();
  for (const entry of Object.values(hass.entities)) {
    if (entry?.platform === DOMAIN && entry.device_id) ids.add(entry.device_id);
  }
  return [...ids].sort();
}

export type { EntityRegistryEntry };
