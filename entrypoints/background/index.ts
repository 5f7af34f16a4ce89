export default defineBackground(() => {
  // Wiring only; the work lives in core/ and background modules.
});
