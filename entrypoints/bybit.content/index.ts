export default defineContentScript({
  matches: ['https://www.bybit.com/trade/usdt/*'],
  main() {},
});
