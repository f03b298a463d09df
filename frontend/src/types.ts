// The few parts of Home Assistant's frontend objects the card reads (a subset of the
// frontend's own types, which are not published as a package).

export interface HassEntityState {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed?: string;
  last_updated?: string;
}

/** An entry of `hass.entities`: the entity registry as the frontend sees it. */
export interface EntityRegistryEntry {
  entity_id: string;
  device_id?: string | null;
  platform?: string;
  translation_key?: string | null;
  hidden?: boolean;
}

export interface DeviceRegistryEntry {
  id: string;
  name?: string | null;
  name_by_user?: string | null;
}

export interface HomeAssistant {
  states: Record<string, HassEntityState | undefined>;
  entities: Record<string, EntityRegistryEntry | undefined>;
  devices: Record<string, DeviceRegistryEntry | undefined>;
  language?: string;
  config?: { time_zone?: string };
  locale?: { language?: string };
  callWS?<T>(message: Record<string, unknown>): Promise<T>;
}

export interface LovelaceCardConfig {
  type: string;
  device_id?: string;
  parts?: string[];
  title?: string;
}
