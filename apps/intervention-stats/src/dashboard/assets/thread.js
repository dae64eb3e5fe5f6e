/**
 * Served as GET /dashboard/assets/thread.js: the timeline page of one conversation
 * (/dashboard/threads/:id), drawn once from GET /analytics/threads/:id with the pure functions of
 * dashboard-lib.js, the sources and categories by their RCED names (ids on hover) when known. Data
 * reaches the DOM as text only.
 */
(function () {
  'use strict';

  var D = window.HandoverDashboard;
  var threadId = document.body.dataset.threadId;

  var Dom = window.HandoverDom;
  var byId = Dom.byId;
  var element = Dom.element;

  function getJson(path) {
    return Dom.getJson(path, '../login');
  }

  function renderFacts(thread, names) {
    var list = byId('thread-facts');
    D.threadFacts(thread, names).forEach(function (fact) {
      list.appendChild(element('dt', fact.label));
      var value = element('dd', fact.text);
      if (fact.title) {
        value.title = fact.title;
      }
      list.appendChild(value);
    });
    byId('thread-no-stats').hidden = thread !== null;
  }

  function renderTimeline(timeline, names) {
    var rows = D.timelineRows(timeline, names);
    var tbody = byId('timeline').tBodies[0];
    rows.forEach(function (entry) {
      var row = element('tr');
      row.dataset.eventId = entry.eventId;
      row.dataset.type = entry.type;
      row.appendChild(element('td', entry.at, 'when'));
      row.appendChild(element('td', entry.topic, 'id'));
      row.appendChild(element('td', entry.type));
      var detail = element('td');
      entry.details.forEach(function (part) {
        var item = element('span', part.name + ': ' + part.text, 'detail-part');
        if (part.title) {
          item.title = part.title;
        }
        detail.appendChild(item);
      });
      row.appendChild(detail);
      tbody.appendChild(row);
    });
    byId('timeline-empty').hidden = rows.length > 0;
  }

  Promise.all([
    getJson('../../analytics/threads/' + encodeURIComponent(threadId)),
    // Names are a nicety: without them the page shows ids.
    getJson('../names').catch(function () {
      return null;
    }),
  ])
    .then(function (answers) {
      var names = D.nameLookup(answers[1]);
      renderFacts(answers[0].thread, names);
      renderTimeline(answers[0].timeline, names);
      document.body.dataset.loaded = 'true';
      byId('status').textContent = D.namesStatus(answers[1]);
    })
    .catch(function (error) {
      var status = byId('status');
      status.textContent = 'Could not load the conversation: ' + error.message;
      status.className = 'error';
    });
})();
