// <linky-tic-card>: one Linky meter on a dashboard. Everything it shows is computed in
// model.ts from the entities of the device picked in the editor.
import { LitElement, css, html, nothing, svg, type PropertyValues, type TemplateResult } from "lit";
import { findMeterEntities, meterDevices, type MeterEntities } from "./discovery";
import {
  entityName,
  formatMoney,
  formatNumber,
  formatQuantity,
  languageOf,
  localeOf,
  stateName,
  text,
  type Language,
} from "./i18n";
import {
  baselines,
  energyRows,
  isOn,
  numeric,
  periodColour,
  powerView,
  startOfDay,
  stateOf,
  textState,
  visibleParts,
  type History,
  type Part,
  type PowerView,
} from "./model";
import type { HomeAssistant, LovelaceCardConfig } from "./types";

/** How often the card looks for a new day (then takes today's baselines again). */
const DAY_CHECK_MS = 60_000;

export class LinkyTicCard extends LitElement {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _start: { state: true },
  };

  hass?: HomeAssistant;
  _config?: LovelaceCardConfig;
  /** Each energy index's value at the start of the day (kWh). */
  _start: Record<string, number> = {};
  private _startKey = "";
  private _timer?: ReturnType<typeof setInterval>;

  static getConfigElement(): HTMLElement {
    return document.createElement("linky-tic-card-editor");
  }

  /** The card picker's preview: the first Linky meter of this Home Assistant. */
  static getStubConfig(hass: HomeAssistant): Omit<LovelaceCardConfig, "type"> {
    const [first] = meterDevices(hass);
    return first ? { device_id: first } : {};
  }

  setConfig(config: LovelaceCardConfig): void {
    if (!config || typeof config !== "object") throw new Error("Invalid configuration");
    this._config = { ...config };
    this._startKey = "";
  }

  getCardSize(): number {
    return 6;
  }

  getGridOptions(): Record<string, number> {
    return { columns: 12, min_columns: 6, min_rows: 4 };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._timer = setInterval(() => this._loadBaselines(), DAY_CHECK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this._timer);
  }

  private get _found(): MeterEntities {
    return findMeterEntities(this.hass?.entities ?? {}, this._config?.device_id);
  }

  /** Redraw only when one of the meter's entities (or the language) changed. */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (changed.size !== 1 || !changed.has("hass")) return true;
    const old = changed.get("hass") as HomeAssistant | undefined;
    if (!old || !this.hass || old.entities !== this.hass.entities || old.locale !== this.hass.locale) return true;
    const found = this._found;
    const ids = [...Object.values(found.roles), ...Object.values(found.energy)];
    return ids.some((id) => id !== undefined && old.states[id] !== this.hass?.states[id]);
  }

  protected override updated(): void {
    this._loadBaselines();
  }

  /** Fetch each index's first value of the day from the history, once per day and index set. */
  private _loadBaselines(): void {
    const hass = this.hass;
    if (!hass?.callWS) return;
    const found = this._found;
    const ids = Object.values(found.energy).filter((id): id is string => id !== undefined);
    if (ids.length === 0) return;
    const start = startOfDay(new Date(), hass.config?.time_zone);
    const key = `${start.toISOString()} ${ids.join(",")}`;
    if (key === this._startKey) return;
    this._startKey = key;
    const units = Object.fromEntries(
      ids.map((id) => [id, String(hass.states[id]?.attributes.unit_of_measurement ?? "kWh")]),
    );
    hass
      .callWS<History>({
        type: "history/history_during_period",
        start_time: start.toISOString(),
        entity_ids: ids,
        minimal_response: true,
        no_attributes: true,
        include_start_time_state: true,
        significant_changes_only: false,
      })
      .then((history) => {
        if (this._startKey === key) this._start = baselines(history, units);
      })
      .catch(() => {
        if (this._startKey === key) this._startKey = ""; // try again on the next update
      });
  }

  protected override render(): TemplateResult {
    const hass = this.hass;
    const config = this._config;
    const lang = languageOf(hass);
    if (!hass || !config) return html``;
    const title = config.title ?? hass.devices[config.device_id ?? ""]?.name_by_user ?? hass.devices[config.device_id ?? ""]?.name ?? "Linky";
    if (!config.device_id) return this._notice(title, text(lang, "pick_meter"));
    const found = this._found;
    const parts = visibleParts(found, config.parts);
    if (parts.length === 0) return this._notice(title, text(lang, "no_entities"));
    const apparent = stateOf(hass, found.roles.apparentPower);
    return html`
      <ha-card>
        <div class="header">
          <span class="title">${title}</span>
          ${apparent?.state === "unavailable" ? html`<span class="warning">${text(lang, "unavailable")}</span>` : nothing}
        </div>
        <div class="content">${parts.map((part) => this._part(part, hass, found, lang))}</div>
      </ha-card>
    `;
  }

  private _notice(title: string, message: string): TemplateResult {
    return html`<ha-card><div class="header"><span class="title">${title}</span></div><div class="content notice">${message}</div></ha-card>`;
  }

  private _part(part: Part, hass: HomeAssistant, found: MeterEntities, lang: Language): TemplateResult {
    switch (part) {
      case "power":
        return this._power(powerView(hass, found), hass, lang);
      case "tariff":
        return this._tariff(hass, found, lang);
      case "calendar":
        return this._calendar(hass, found, lang);
      case "energy":
        return this._energy(hass, found, lang);
      case "health":
        return this._health(hass, found, lang);
    }
  }

  private _power(view: PowerView, hass: HomeAssistant, lang: Language): TemplateResult {
    const locale = localeOf(hass);
    const va = (value: number): string => formatQuantity(locale, value, "VA");
    return html`
      <div class="part power" data-part="power">
        ${view.apparentVa !== null
          ? html`<div class="gauge ${view.level}">
              ${view.fraction !== null ? gaugeArc(view.fraction) : nothing}
              <div class="gauge-value" data-value="apparent">${va(view.apparentVa)}</div>
              <div class="gauge-label">${entityName(lang, "sensor", "apparent_power")}</div>
              ${view.subscribedVa !== null
                ? html`<div class="gauge-limit">
                    ${text(lang, "subscribed", { kva: formatNumber(locale, view.subscribedVa / 1000, view.subscribedVa % 1000 ? 1 : 0) })}
                  </div>`
                : nothing}
              ${view.headroomVa !== null
                ? html`<div class="headroom" data-value="headroom">
                    ${view.headroomVa >= 0
                      ? text(lang, "headroom", { va: va(view.headroomVa) })
                      : text(lang, "over", { va: va(-view.headroomVa) })}
                  </div>`
                : nothing}
            </div>`
          : nothing}
        ${view.activeW !== null
          ? html`<div class="big">
              <div class="big-value" data-value="active">${formatQuantity(locale, view.activeW, "W")}</div>
              <div class="big-label">${entityName(lang, "sensor", "active_power")}</div>
            </div>`
          : nothing}
      </div>
    `;
  }

  private _tariff(hass: HomeAssistant, found: MeterEntities, lang: Language): TemplateResult {
    const period = textState(stateOf(hass, found.roles.tariffPeriod));
    const offPeak = isOn(stateOf(hass, found.roles.offPeak));
    return html`
      <div class="part row" data-part="tariff">
        ${found.roles.tariffPeriod
          ? html`<span class="chip ${periodColour(period)}" data-value="period">
              ${period ? stateName(lang, "tariff_period", period) : "—"}
            </span>`
          : nothing}
        ${found.roles.offPeak
          ? html`<span class="label">${entityName(lang, "binary_sensor", "off_peak")}:</span>
              <span data-value="off-peak">
                ${offPeak === null ? "—" : text(lang, offPeak ? "off_peak_now" : "off_peak_not_now")}
              </span>`
          : nothing}
      </div>
    `;
  }

  private _calendar(hass: HomeAssistant, found: MeterEntities, lang: Language): TemplateResult {
    if (found.roles.tempoToday || found.roles.tempoTomorrow) {
      const day = (label: string, entityId: string | undefined, which: string): TemplateResult => {
        const colour = textState(stateOf(hass, entityId));
        return html`<span class="day">
          <span class="label">${label}</span>
          <span class="chip ${colour ?? "neutral"}" data-value=${which}>
            ${colour ? stateName(lang, "tempo_today", colour) : text(lang, "not_announced")}
          </span>
        </span>`;
      };
      return html`<div class="part row" data-part="calendar">
        ${found.roles.tempoToday ? day(text(lang, "today"), found.roles.tempoToday, "tempo-today") : nothing}
        ${found.roles.tempoTomorrow ? day(text(lang, "tomorrow"), found.roles.tempoTomorrow, "tempo-tomorrow") : nothing}
      </div>`;
    }
    const active = isOn(stateOf(hass, found.roles.ejpActive));
    const notice = isOn(stateOf(hass, found.roles.ejpNotice));
    const message = active ? "ejp_active" : notice ? "ejp_notice" : "ejp_none";
    return html`<div class="part row" data-part="calendar">
      <span class="chip ${active || notice ? "red" : "neutral"}" data-value="ejp">${text(lang, message)}</span>
    </div>`;
  }

  private _energy(hass: HomeAssistant, found: MeterEntities, lang: Language): TemplateResult {
    const locale = localeOf(hass);
    const rows = energyRows(hass, found, this._start);
    const costToday = numeric(stateOf(hass, found.roles.costToday));
    const hasCost = costToday !== null || rows.some((row) => row.cost !== null);
    const known = rows.filter((row) => row.kwh !== null);
    const totalKwh = known.length ? known.reduce((sum, row) => sum + (row.kwh ?? 0), 0) : null;
    const kwh = (value: number | null): string => (value === null ? "—" : formatQuantity(locale, value, "kWh", 2));
    const money = (value: number | null): string => (value === null ? "—" : formatMoney(locale, value));
    return html`<div class="part" data-part="energy">
      <table>
        <thead>
          <tr>
            <th>${text(lang, "energy_today")}</th>
            <th class="num">kWh</th>
            ${hasCost ? html`<th class="num">€</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) => html`<tr class=${row.current ? "current" : ""} data-period=${row.period}>
              <td><span class="dot ${periodColour(row.period)}"></span>${stateName(lang, "tariff_period", row.period)}</td>
              <td class="num">${kwh(row.kwh)}</td>
              ${hasCost ? html`<td class="num">${money(row.cost)}</td>` : nothing}
            </tr>`,
          )}
          ${rows.length > 1 || costToday !== null
            ? html`<tr class="total">
                <td>${text(lang, "total")}</td>
                <td class="num" data-value="energy-total">${kwh(totalKwh)}</td>
                ${hasCost ? html`<td class="num" data-value="cost-today">${money(costToday)}</td>` : nothing}
              </tr>`
            : nothing}
        </tbody>
      </table>
    </div>`;
  }

  private _health(hass: HomeAssistant, found: MeterEntities, lang: Language): TemplateResult {
    const locale = localeOf(hass);
    const overload = isOn(stateOf(hass, found.roles.overload));
    const valid = numeric(stateOf(hass, found.roles.validFrames));
    return html`<div class="part row small" data-part="health">
      ${found.roles.overload
        ? html`<span class=${overload ? "alert" : ""}>
            <span class="label">${entityName(lang, "binary_sensor", "overload")}:</span>
            <span data-value="overload">${overload === null ? "—" : text(lang, overload ? "overload_on" : "overload_off")}</span>
          </span>`
        : nothing}
      ${found.roles.validFrames
        ? html`<span>
            <span class="label">${entityName(lang, "sensor", "valid_frames")}:</span>
            <span data-value="valid-frames">${valid === null ? "—" : `${formatNumber(locale, valid, 1)} %`}</span>
          </span>`
        : nothing}
    </div>`;
  }

  static override styles = css`
    :host {
      --linky-blue: #1e6fd9;
      --linky-white: #c9ccd1;
      --linky-red: #d93025;
      --linky-off-peak: #2e9e5b;
      --linky-peak: #e8890c;
    }
    .header {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
      padding: 16px 16px 0;
      gap: 8px;
    }
    .title {
      font-size: 1.3em;
      font-weight: 500;
    }
    .warning,
    .alert {
      color: var(--error-color, #db4437);
    }
    .content {
      padding: 8px 16px 16px;
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .notice {
      color: var(--secondary-text-color);
    }
    .power {
      display: flex;
      align-items: center;
      justify-content: space-around;
      gap: 16px;
      flex-wrap: wrap;
    }
    .gauge {
      position: relative;
      width: 220px;
      text-align: center;
    }
    .gauge svg {
      width: 220px;
      height: 120px;
      display: block;
    }
    .gauge .track {
      stroke: var(--divider-color, #e0e0e0);
    }
    .gauge .fill {
      stroke: var(--success-color, #43a047);
    }
    .gauge.warning .fill {
      stroke: var(--warning-color, #ffa600);
    }
    .gauge.critical .fill {
      stroke: var(--error-color, #db4437);
    }
    .gauge-value {
      margin-top: -48px;
      font-size: 1.8em;
      font-weight: 500;
    }
    .gauge-label,
    .gauge-limit,
    .big-label,
    .label {
      color: var(--secondary-text-color);
    }
    .headroom {
      font-weight: 500;
    }
    .big {
      text-align: center;
    }
    .big-value {
      font-size: 2.2em;
      font-weight: 500;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
    }
    .small {
      font-size: 0.9em;
    }
    .day {
      display: inline-flex;
      gap: 6px;
      align-items: center;
    }
    .chip {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 12px;
      font-weight: 500;
      background: var(--secondary-background-color, #eee);
      color: var(--primary-text-color);
    }
    .chip.blue,
    .dot.blue {
      background: var(--linky-blue);
      color: #fff;
    }
    .chip.white,
    .dot.white {
      background: #f4f5f7;
      color: #222;
      box-shadow: inset 0 0 0 1px var(--linky-white);
    }
    .chip.red,
    .dot.red,
    .chip.ejp_peak,
    .dot.ejp_peak {
      background: var(--linky-red);
      color: #fff;
    }
    .chip.off_peak,
    .dot.off_peak {
      background: var(--linky-off-peak);
      color: #fff;
    }
    .chip.peak,
    .dot.peak {
      background: var(--linky-peak);
      color: #fff;
    }
    .dot {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 50%;
      margin-right: 8px;
      background: var(--secondary-text-color);
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th {
      text-align: left;
      font-weight: 500;
      color: var(--secondary-text-color);
    }
    td,
    th {
      padding: 3px 0;
    }
    .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
      padding-left: 12px;
      white-space: nowrap;
    }
    tr.current td {
      font-weight: 600;
    }
    tr.total td {
      border-top: 1px solid var(--divider-color, #e0e0e0);
      font-weight: 500;
    }
  `;
}

/** A half-circle gauge filled to `fraction` (0..1). */
function gaugeArc(fraction: number): TemplateResult {
  const radius = 90;
  const length = Math.PI * radius;
  return html`<svg viewBox="0 0 220 120" role="img">
    ${svg`<path class="track" d="M 20 110 A 90 90 0 0 1 200 110" fill="none" stroke-width="18" />
      <path class="fill" d="M 20 110 A 90 90 0 0 1 200 110" fill="none" stroke-width="18"
        stroke-dasharray="${length * fraction} ${length}" />`}
  </svg>`;
}
