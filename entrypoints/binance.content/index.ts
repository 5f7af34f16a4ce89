export default defineContentScript({
  matches: ['https://www.binance.com/*/futures/*'],
  main() {},
});
