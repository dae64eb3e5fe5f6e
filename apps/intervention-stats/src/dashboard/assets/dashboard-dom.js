/**
 * Served as GET /dashboard/assets/dashboard-dom.js, before each dashboard page's own script: the DOM
 * and fetch helpers the pages share (window.HandoverDom). Data reaches the DOM as text only.
 */
(function () {
  'use strict';

  function byId(id) {
    return document.getElementById(id);
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  /** An answer's JSON body ({} when it has none); a 401 first sends the supervisor to sign in. */
  function bodyOf(response, loginUrl) {
    if (response.status === 401) {
      window.location.assign(loginUrl);
    }
    return response.json().catch(function () {
      return {};
    });
  }

  /** The JSON a GET answers; anything but 2xx is an Error naming the path, the status and the API's message. */
  function getJson(path, loginUrl) {
    return fetch(path, { headers: { accept: 'application/json' }, cache: 'no-store' }).then(
      function (response) {
        return bodyOf(response, loginUrl).then(function (json) {
          if (!response.ok) {
            throw new Error(
              path + ' answered HTTP ' + response.status + (json.message ? ': ' + json.message : ''),
            );
          }
          return json;
        });
      },
    );
  }

  window.HandoverDom = { byId: byId, element: element, bodyOf: bodyOf, getJson: getJson };
})();
