// The bundle's entry: defines the card and its editor, and lists the card in the
// dashboard's card picker (window.customCards), with a live preview.
import { LinkyTicCard } from "./card";
import { LinkyTicCardEditor } from "./editor";
import { text } from "./i18n";

interface CustomCardEntry {
  type: string;
  name: string;
  description: string;
  preview: boolean;
  documentationURL: string;
}

declare global {
  interface Window {
    customCards?: CustomCardEntry[];
  }
}

export const CARD_TYPE = "linky-tic-card";

if (!customElements.get(CARD_TYPE)) customElements.define(CARD_TYPE, LinkyTicCard);
if (!customElements.get(`${CARD_TYPE}-editor`)) customElements.define(`${CARD_TYPE}-editor`, LinkyTicCardEditor);

window.customCards = window.customCards ?? [];
if (!window.customCards.some((card) => card.type === CARD_TYPE)) {
  const french = (navigator.language ?? "").toLowerCase().startsWith("fr");
  window.customCards.push({
    type: CARD_TYPE,
    name: "Linky TIC",
    description: text(french ? "fr" : "en", "card_description"),
    preview: true,
    documentationURL: "https://github.com/linky-tic/linky_tic#the-linky-tic-card",
  });
}
