// <linky-tic-card-editor>: the card's visual editor. The user picks a meter (a device of
// the integration) and the parts to show; entity ids never appear.
import { LitElement, html, type TemplateResult } from "lit";
import { DOMAIN } from "./discovery";
import { languageOf, text, type CardText, type Language } from "./i18n";
import { PARTS } from "./model";
import type { HomeAssistant, LovelaceCardConfig } from "./types";

/** The form Home Assistant's <ha-form> draws for the card. */
export function editorSchema(language: Language): Record<string, unknown>[] {
  return [
    { name: "device_id", required: true, selector: { device: { filter: { integration: DOMAIN } } } },
    { name: "title", selector: { text: {} } },
    {
      name: "parts",
      selector: {
        select: {
          multiple: true,
          mode: "list",
          options: PARTS.map((part) => ({ value: part, label: text(language, `part_${part}` as CardText) })),
        },
      },
    },
  ];
}

/** The form's data: every part is shown until the user says otherwise. */
export function editorData(config: LovelaceCardConfig): Record<string, unknown> {
  return { ...config, parts: config.parts ?? [...PARTS] };
}

/** The card's configuration after a form change (an empty title is no title). */
export function configFromForm(config: LovelaceCardConfig, value: Record<string, unknown>): LovelaceCardConfig {
  const next: LovelaceCardConfig = { ...config, ...value, type: config.type };
  if (!next.title) delete next.title;
  return next;
}

const LABELS: Record<string, CardText> = { device_id: "meter", title: "title", parts: "parts" };

export class LinkyTicCardEditor extends LitElement {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
  };

  hass?: HomeAssistant;
  _config?: LovelaceCardConfig;

  setConfig(config: LovelaceCardConfig): void {
    this._config = config;
  }

  protected override render(): TemplateResult {
    if (!this.hass || !this._config) return html``;
    const language = languageOf(this.hass);
    return html`<ha-form
      .hass=${this.hass}
      .data=${editorData(this._config)}
      .schema=${editorSchema(language)}
      .computeLabel=${(field: { name: string }) => text(language, LABELS[field.name] ?? "title")}
      @value-changed=${this._changed}
    ></ha-form>`;
  }

  private _changed(event: CustomEvent<{ value: Record<string, unknown> }>): void {
    event.stopPropagation();
    if (!this._config) return;
    this._config = configFromForm(this._config, event.detail.value);
    this.dispatchEvent(
      new CustomEvent("config-changed", { detail: { config: this._config }, bubbles: true, composed: true }),
    );
  }
}
