// Vite's "?raw" imports: a file's text (the tests read the card's source with it).
declare module "*?raw" {
  const text: string;
  export default text;
}
