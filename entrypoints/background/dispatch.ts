import { isNeutralSymbol } from '@/core/exchanges/symbols';
import { estimateForPage, type HeatmapReply, type Message, parseMessage } from '@/core/messaging';
import { loadEstimate } from '@/utils/estimate';
import { loadSettings, updateSettings } from '@/utils/settings';

/**
 * The worker's one message dispatcher: every message from our own pages and content scripts is
 * parsed once and handed to the handler for its type; anything else (another extension, a message
 * that does not parse) is ignored. A handler may answer (a promise's value is sent back).
 */
type Handlers = {
  [T in Message['type']]?: (
    message: Extract<Message, { type: T }>,
    sender: Browser.runtime.MessageSender,
  ) => Promise<unknown> | undefined;
};

export function registerDispatcher(handlers: Handlers): void {
  browser.runtime.onMessage.addListener((raw, sender, sendResponse) => {
    if (sender.id !== browser.runtime.id) return;
    const message = parseMessage(raw);
    if (!message) return;
    const handle = handlers[message.type] as
      | ((m: Message, s: Browser.runtime.MessageSender) => Promise<unknown> | undefined)
      | undefined;
    const answer = handle?.(message, sender);
    if (!answer) return;
    answer.then(sendResponse, (error: unknown) => {
      console.warn(`HeatBands: ${message.type} failed`, error);
      sendResponse(undefined);
    });
    // Keeps the channel open for the asynchronous answer (Chrome and Firefox alike).
    return true;
  });
}

/**
 * A trading page names its market: the chart in front of the trader may take the worker along
 * (when the trader lets it follow the chart; a background tab never does), and the page gets the
 * published estimate for it, or why there is none. No estimate is computed for the asker.
 */
export async function answerPageMarket(
  message: Extract<Message, { type: 'get-heatmap' }>,
  sender: Browser.runtime.MessageSender,
): Promise<HeatmapReply> {
  const settings = await loadSettings();
  const follow =
    message.symbol !== settings.symbol &&
    settings.followChart &&
    sender.tab?.active === true &&
    isNeutralSymbol(message.symbol);
  if (follow) await updateSettings({ symbol: message.symbol });
  return (
    estimateForPage(await loadEstimate(), message.symbol, follow) ?? {
      ok: false,
      problem: 'HeatBands has no estimate yet: it is computing the first one.',
    }
  );
}
