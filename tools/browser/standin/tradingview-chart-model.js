// Part of the stand-in TradingView chart (tradingview-chart.js puts the parts together): when the
// chart model exists, and the library's subscriptions.
(() => {
  window.__standinChartParts ??= {};
  const parts = window.__standinChartParts;

  // ---- The chart model. The API object exists from the start; the model comes some animation
  // frames later. Until then every call that needs it throws, as the real library's do.
  parts.model = (variant) => {
    let modelReady = !(variant.modelDelayFrames > 0 || variant.modelDelayMs > 0);
    if (!modelReady) {
      let frames = 0;
      const started = performance.now();
      const countFrame = () => {
        frames++;
        if (frames >= variant.modelDelayFrames && performance.now() - started >= variant.modelDelayMs) {
          modelReady = true;
        } else {
          requestAnimationFrame(countFrame);
        }
      };
      requestAnimationFrame(countFrame);
    }
    const requireModel = (member) => {
      if (!modelReady) throw new TypeError(`Cannot read properties of null (reading '${member}')`);
    };
    return { isReady: () => modelReady, requireModel };
  };

  // ISubscription as the Charting Library defines it: subscribe(obj, member, singleshot),
  // unsubscribe(obj, member), unsubscribeAll(obj). `fire` stays private to the chart's scripts.
  parts.makeSubscription = () => {
    let listeners = [];
    const api = {
      subscribe(obj, member, singleshot) {
        listeners.push({ obj, member, singleshot: Boolean(singleshot) });
      },
      unsubscribe(obj, member) {
        listeners = listeners.filter((l) => !(l.obj === obj && l.member === member));
      },
      unsubscribeAll(obj) {
        listeners = listeners.filter((l) => l.obj !== obj);
      },
    };
    const fire = (...args) => {
      const now = listeners;
      listeners = listeners.filter((l) => !l.singleshot);
      for (const l of now) {
        try {
          l.member.apply(l.obj, args);
        } catch (error) {
          console.error('[standin] subscriber failed', error);
        }
      }
    };
    return { api, fire };
  };
})();
