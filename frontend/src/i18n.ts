// The card's words in English and French. Entity and state names come from the
// integration's own translations (one source for the card and Home Assistant).
import { entity as enEntity } from "../../custom_components/linky_tic/translations/en.json";
import { entity as frEntity } from "../../custom_components/linky_tic/translations/fr.json";
import type { HomeAssistant } from "./types";

export type Language = "en" | "fr";

const CARD = {
  en: {
    subscribed: "of {kva} kVA subscribed",
    headroom: "{va} left",
    over: "{va} over",
    today: "Today",
    tomorrow: "Tomorrow",
    not_announced: "not announced yet",
    energy_today: "Energy today",
    period: "Period",
    total: "Total",
    off_peak_now: "now",
    off_peak_not_now: "not now",
    ejp_notice: "EJP day tomorrow",
    ejp_active: "EJP peak day now",
    ejp_none: "No EJP day announced",
    overload_on: "yes, the breaker may trip",
    overload_off: "no",
    pick_meter: "Pick a Linky meter in the card's settings.",
    no_entities: "This device has no Linky TIC entity.",
    unavailable: "The meter sends nothing right now.",
    meter: "Meter",
    parts: "Parts to show",
    title: "Title",
    part_power: "Power against the subscription",
    part_tariff: "Tariff period and off-peak hours",
    part_calendar: "Tempo colours or EJP notice",
    part_energy: "Energy and cost today per period",
    part_health: "Overload and link health",
    card_description: "Live power, tariff period, Tempo/EJP and today's energy of a Linky meter.",
  },
  fr: {
    subscribed: "sur {kva} kVA souscrits",
    headroom: "reste {va}",
    over: "{va} au-delà",
    today: "Aujourd'hui",
    tomorrow: "Demain",
    not_announced: "pas encore annoncée",
    energy_today: "Énergie du jour",
    period: "Période",
    total: "Total",
    off_peak_now: "en cours",
    off_peak_not_now: "non",
    ejp_notice: "Jour EJP demain",
    ejp_active: "Jour EJP en cours",
    ejp_none: "Aucun jour EJP annoncé",
    overload_on: "oui, le disjoncteur peut couper",
    overload_off: "non",
    pick_meter: "Choisissez un compteur Linky dans les réglages de la carte.",
    no_entities: "Cet appareil n'a aucune entité Linky TIC.",
    unavailable: "Le compteur n'envoie rien en ce moment.",
    meter: "Compteur",
    parts: "Éléments affichés",
    title: "Titre",
    part_power: "Puissance et abonnement",
    part_tariff: "Période tarifaire et heures creuses",
    part_calendar: "Couleurs Tempo ou préavis EJP",
    part_energy: "Énergie et coût du jour par période",
    part_health: "Dépassement et qualité de la liaison",
    card_description:
      "Puissance en direct, période tarifaire, Tempo/EJP et énergie du jour d'un compteur Linky.",
  },
} as const;

export type CardText = keyof (typeof CARD)["en"];

const ENTITY = { en: enEntity, fr: frEntity } as const;

/** The card's language: French for any fr-* locale, else English. */
export function languageOf(hass: Pick<HomeAssistant, "language" | "locale"> | undefined): Language {
  const tag = hass?.locale?.language ?? hass?.language ?? "en";
  return tag.toLowerCase().startsWith("fr") ? "fr" : "en";
}

/** The locale for number formats (the user's own, e.g. en-GB or fr-BE). */
export function localeOf(hass: Pick<HomeAssistant, "language" | "locale"> | undefined): string {
  return hass?.locale?.language ?? hass?.language ?? "en";
}

/** A card text with its {placeholders} filled. */
export function text(language: Language, key: CardText, values: Record<string, string> = {}): string {
  return CARD[language][key].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
}

type EntityTable = Record<string, Record<string, { name?: string; state?: Record<string, string> }>>;

/** An entity's name as the integration translates it (domain "sensor" or "binary_sensor"). */
export function entityName(language: Language, domain: string, key: string): string {
  return (ENTITY[language] as EntityTable)[domain]?.[key]?.name ?? key;
}

/** A state's name as the integration translates it (e.g. a tariff period or a Tempo colour). */
export function stateName(language: Language, key: string, state: string): string {
  return (ENTITY[language] as EntityTable).sensor?.[key]?.state?.[state] ?? state;
}

/** A number in the user's locale with at most `digits` decimals. */
export function formatNumber(locale: string, value: number, digits = 0): string {
  return new Intl.NumberFormat(locale, {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
}

/** A value with its unit, separated as the locale wants it (a no-break space). */
export function formatQuantity(locale: string, value: number, unit: string, digits = 0): string {
  return `${formatNumber(locale, value, digits)}\u00a0${unit}`;
}

/** An amount of money in the user's locale. */
export function formatMoney(locale: string, value: number, currency = "EUR"): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(value);
}
