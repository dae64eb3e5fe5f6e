const TRIGGER_ID_SLOT = '__CHAT_TRIGGER_ID__';

/** How long the script waits for RCED's chat library, polling every quarter second, before giving up. */
export const CHAT_TRIGGER_GIVE_UP_MS = 30_000;

// Served as is (no build step): plain ES2017 for any visitor's browser. It names only what RCED's
// "Manually execute a Dimelo Chat trigger" snippet uses; the header says so to whoever reads it in a page.
const TEMPLATE = `/*
 * handover: execute an RCED chat trigger so the chat (and so the bot) is offered 24/7, even when no
 * agent is logged in. Served by the gateway (GET /chat-trigger.js) for the trigger in CHAT_TRIGGER_ID.
 *
 * It relies on the RCED chat library API shown in RCED's bot integration guide, "Manually execute a
 * Dimelo Chat trigger", and on nothing else:
 *   - _chatq.push(['_onEvent', 'started', fn]) calls fn once the library has loaded;
 *   - Dimelo.Chat.Manager.ChatQLoader.manager.triggers lists the active triggers, each with an id;
 *   - Dimelo.Chat.Manager.ChatQLoader.manager.activateTrigger(trigger) executes one;
 *   - a chat window is open when the page has an element of class "dimelo-chat-window".
 * It also polls for that manager (in case the library started before this script ran), executes the
 * trigger at most once per page even if included twice, never while a chat window is open, and gives
 * up quietly after ${CHAT_TRIGGER_GIVE_UP_MS / 1000} s. window.__handoverChatTrigger[id] tells where it stands:
 * "waiting", "activated", "chat-open", "gave-up" or "failed".
 */
(function (triggerId) {
  'use strict';
  var POLL_MS = 250;
  var GIVE_UP_MS = ${CHAT_TRIGGER_GIVE_UP_MS};
  var outcomes = (window.__handoverChatTrigger = window.__handoverChatTrigger || {});
  if (outcomes[triggerId]) {
    return;
  }
  outcomes[triggerId] = 'waiting';
  var poller;
  var deadline;

  function settle(outcome) {
    clearInterval(poller);
    clearTimeout(deadline);
    if (outcomes[triggerId] !== 'waiting') {
      return false;
    }
    outcomes[triggerId] = outcome;
    return true;
  }

  function chatManager() {
    try {
      return window.Dimelo.Chat.Manager.ChatQLoader.manager;
    } catch (notLoaded) {
      return undefined;
    }
  }

  function findTrigger(triggers) {
    for (var i = 0; i < triggers.length; i += 1) {
      if (triggers[i] && String(triggers[i].id) === triggerId) {
        return triggers[i];
      }
    }
    return undefined;
  }

  function attempt() {
    if (outcomes[triggerId] !== 'waiting') {
      return;
    }
    var manager = chatManager();
    if (!manager || typeof manager.activateTrigger !== 'function' || !manager.triggers) {
      return;
    }
    var trigger = findTrigger(manager.triggers);
    if (!trigger) {
      return;
    }
    if (document.getElementsByClassName('dimelo-chat-window').length > 0) {
      settle('chat-open');
      return;
    }
    if (settle('activated')) {
      try {
        manager.activateTrigger(trigger);
      } catch (refused) {
        outcomes[triggerId] = 'failed';
      }
    }
  }

  try {
    window._chatq = window._chatq || [];
    window._chatq.push(['_onEvent', 'started', attempt]);
  } catch (queueRefused) {
    // The poller below still finds the manager.
  }
  poller = setInterval(attempt, POLL_MS);
  deadline = setTimeout(function () {
    settle('gave-up');
  }, GIVE_UP_MS);
  attempt();
})(${TRIGGER_ID_SLOT});
`;

/** The chat trigger script for one trigger id, the id embedded as a JSON string literal. */
export function renderChatTriggerScript(triggerId: string): string {
  return TEMPLATE.replace(TRIGGER_ID_SLOT, () => scriptSafeStringLiteral(triggerId));
}

// JSON is a JS literal except for U+2028/U+2029 before ES2019; "<" is escaped so that "</script>"
// cannot end an inline copy of the script.
function scriptSafeStringLiteral(value: string): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
