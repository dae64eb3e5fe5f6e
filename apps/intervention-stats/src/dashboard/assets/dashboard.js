/**
 * Served as GET /dashboard/assets/dashboard.js: fetches the analytics API every DASHBOARD_REFRESH_MS and draws
 * the page with Chart.js (window.Chart, chart.umd.min.js) and the pure functions of
 * dashboard-lib.js. Data reaches the DOM as text only (textContent), never as HTML. The emergency
 * switch posts to dashboard/emergency with the session's CSRF token (the session cookie is
 * HttpOnly), which calls the gateway server-side: no gateway token here.
 */
(function () {
  'use strict';

  var D = window.HandoverDashboard;
  var body = document.body;
  var refreshMs = Math.max(1000, Number(body.dataset.refreshMs) || 5000);
  var switchEnabled = body.dataset.emergencySwitch === 'enabled';
  var csrfToken = body.dataset.csrfToken;
  /** How long the switch stays locked waiting for handover to apply a switch. */
  var PENDING_MS = 60000;
  var live = null;
  var pending = null;
  var charts = {};
  var timer = null;
  var refreshes = 0;

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

  function getJson(path) {
    return fetch(path, { headers: { accept: 'application/json' }, cache: 'no-store' }).then(
      function (response) {
        return bodyOf(response).then(function (json) {
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

  /** An answer's JSON body ({} when it has none); a 401 first sends the supervisor to sign in. */
  function bodyOf(response) {
    if (response.status === 401) {
      signedOut();
    }
    return response.json().catch(function () {
      return {};
    });
  }

  /** The session ended (expired, or the supervisor's token changed): sign in again. */
  function signedOut() {
    window.location.assign('dashboard/login');
  }

  function setStatus(text, isError) {
    var status = byId('status');
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  function message(text, isError) {
    var node = byId('emergency-message');
    node.textContent = text;
    node.className = 'message' + (isError ? ' error' : '');
  }

  function renderKpis(summary) {
    byId('kpi-period').textContent =
      summary.conversations +
      ' since ' +
      new Date(summary.filter.from).toLocaleDateString() +
      ' (first message)';
    Array.prototype.forEach.call(document.querySelectorAll('[data-kpi]'), function (card) {
      var value = D.pick(summary, card.dataset.kpi);
      var node = card.querySelector('.value');
      node.dataset.value = value === null ? '' : String(value);
      node.textContent = D.formatKpi(value, card.dataset.format);
    });
  }

  function percentTick(value) {
    return Math.round(value * 100) + '%';
  }

  function renderCharts(daily) {
    var series = D.dailySeries(daily.days, daily.filter.from, daily.filter.to);
    if (!charts.outcomes) {
      charts.outcomes = new Chart(byId('chart-outcomes'), {
        type: 'bar',
        data: {
          labels: series.labels,
          datasets: D.OUTCOMES.map(function (outcome) {
            return {
              key: outcome.key,
              label: outcome.label,
              data: series.outcomes[outcome.key],
              backgroundColor: outcome.color,
              stack: 'outcomes',
            };
          }),
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: 'bottom' } },
        },
      });
      charts.containment = new Chart(byId('chart-containment'), {
        type: 'line',
        data: {
          labels: series.labels,
          datasets: [
            {
              key: 'containment_rate',
              label: 'Containment rate',
              data: series.containment,
              borderColor: '#2e7d32',
              backgroundColor: 'rgba(46, 125, 50, 0.15)',
              fill: true,
              spanGaps: true,
              pointRadius: 4,
            },
          ],
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: { y: { min: 0, max: 1, ticks: { callback: percentTick } } },
          plugins: {
            legend: { display: false },
            tooltip: {
              callbacks: {
                label: function (item) {
                  return D.rate(item.parsed.y);
                },
              },
            },
          },
        },
      });
      return;
    }
    charts.outcomes.data.labels = series.labels;
    charts.outcomes.data.datasets.forEach(function (dataset) {
      dataset.data = series.outcomes[dataset.key];
    });
    charts.outcomes.update('none');
    charts.containment.data.labels = series.labels;
    charts.containment.data.datasets[0].data = series.containment;
    charts.containment.update('none');
  }

  function fillRows(tbody, rows) {
    while (tbody.firstChild) {
      tbody.removeChild(tbody.firstChild);
    }
    rows.forEach(function (row) {
      tbody.appendChild(row);
    });
  }

  function renderThreads(threads, windowMs) {
    byId('owners-window').textContent = 'active in the last ' + D.duration(windowMs);
    ['BOT', 'WAITING', 'AGENT'].forEach(function (route) {
      var count = document.querySelector('[data-route="' + route + '"] .count');
      count.dataset.count = String(threads.by_route[route]);
      count.textContent = String(threads.by_route[route]);
    });
    fillRows(
      byId('waiting').tBodies[0],
      threads.waiting.map(function (thread) {
        var row = element('tr');
        row.dataset.threadId = thread.thread_id;
        row.appendChild(element('td', thread.thread_id, 'id'));
        row.appendChild(element('td', thread.source_id || '—', 'id'));
        row.appendChild(element('td', thread.reason || '—'));
        row.appendChild(element('td', D.duration(thread.waiting_ms), 'num'));
        return row;
      }),
    );
    byId('waiting-empty').hidden = threads.waiting.length > 0;
  }

  function renderAvailability(sources) {
    fillRows(
      byId('availability').tBodies[0],
      sources.map(function (source) {
        var row = element('tr');
        row.dataset.sourceId = source.source_id;
        row.dataset.available = String(source.available_agents);
        row.appendChild(element('td', source.source_id, 'id'));
        row.appendChild(element('td', source.available_agents, 'num'));
        row.appendChild(element('td', source.agent_ids.join(', ') || '—', 'id'));
        row.appendChild(element('td', D.duration(source.age_ms) + ' ago'));
        return row;
      }),
    );
    byId('availability-empty').hidden = sources.length > 0;
    var select = byId('emergency-scope');
    var known = Array.prototype.map.call(select.options, function (option) {
      return option.value;
    });
    sources.forEach(function (source) {
      if (known.indexOf(source.source_id) === -1) {
        var option = element('option', 'Source ' + source.source_id);
        option.value = source.source_id;
        select.appendChild(option);
      }
    });
  }

  function renderEmergency(emergency) {
    var view = D.emergencyView(emergency);
    var state = byId('emergency-state');
    state.dataset.active = String(view.active);
    state.textContent = view.title;
    byId('emergency-detail').textContent = view.detail;
    body.classList.toggle('emergency-on', view.active);
    if (pending && (pending.active === view.active || Date.now() > pending.until)) {
      message(
        pending.active === view.active
          ? 'Handover applied it: the emergency is ' + (view.active ? 'ON.' : 'OFF.')
          : 'Handover has not applied the switch yet: check handover and the gateway.',
        pending.active !== view.active,
      );
      pending = null;
    }
    var button = byId('emergency-switch');
    button.textContent = view.buttonLabel;
    button.setAttribute('aria-checked', String(view.active));
    button.disabled = !switchEnabled || pending !== null;
    fillRows(
      byId('emergency-history'),
      emergency.history.map(function (entry) {
        return element('li', D.historyLine(entry));
      }),
    );
    byId('emergency-history-empty').hidden = emergency.history.length > 0;
  }

  function renderAudit(audit) {
    fillRows(
      byId('emergency-audit'),
      audit.entries.map(function (entry) {
        var item = element('li', D.auditLine(entry));
        item.dataset.supervisor = entry.supervisor;
        item.dataset.outcome = entry.outcome;
        item.dataset.applied = String(Boolean(entry.applied_at));
        return item;
      }),
    );
    byId('emergency-audit-empty').hidden = audit.entries.length > 0;
  }

  function renderFailures(answer) {
    var view = D.failureRows(answer);
    byId('failures-disabled').hidden = answer.configured;
    fillRows(
      byId('failures-counts'),
      view.counts.map(function (count) {
        var item = element('li', count.text, count.error ? 'error' : '');
        item.dataset.app = count.app;
        item.dataset.failed = String(count.failed === undefined ? '' : count.failed);
        item.dataset.parked = String(count.parked === undefined ? '' : count.parked);
        return item;
      }),
    );
    fillRows(
      byId('failures').tBodies[0],
      view.rows.map(function (failure) {
        var row = element('tr');
        row.dataset.kind = failure.kind;
        row.appendChild(element('td', failure.app));
        row.appendChild(element('td', (failure.kind === 'parked' ? 'parked: ' : '') + failure.what));
        row.appendChild(element('td', failure.thread, 'id'));
        row.appendChild(element('td', failure.reason));
        row.appendChild(element('td', failure.at ? new Date(failure.at).toISOString() : '—'));
        var cell = element('td');
        var link = element('a', 'detail');
        link.href = failure.detail;
        link.target = '_blank';
        link.rel = 'noopener';
        cell.appendChild(link);
        row.appendChild(cell);
        return row;
      }),
    );
    byId('failures-empty').hidden = !answer.configured || view.rows.length > 0;
  }

  function renderLive(state) {
    live = state;
    renderThreads(state.threads, state.window_ms);
    renderAvailability(state.availability);
    renderEmergency(state.emergency);
  }

  var inFlight = null;
  var again = false;

  /** One refresh at a time; one asked for meanwhile runs right after it. */
  function refresh() {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    clearTimeout(timer);
    inFlight = Promise.all([
      getJson('analytics/summary'),
      getJson('analytics/daily'),
      getJson('analytics/live'),
      getJson('dashboard/audit'),
      getJson('dashboard/failures'),
    ])
      .then(function (answers) {
        renderKpis(answers[0]);
        renderCharts(answers[1]);
        renderLive(answers[2]);
        renderAudit(answers[3]);
        renderFailures(answers[4]);
        refreshes += 1;
        body.dataset.refreshes = String(refreshes);
        setStatus('Updated ' + new Date().toLocaleTimeString() + ' · every ' + D.duration(refreshMs));
      })
      .catch(function (error) {
        setStatus('Could not refresh: ' + error.message, true);
      })
      .then(function () {
        inFlight = null;
        if (again) {
          again = false;
          return refresh();
        }
        timer = setTimeout(refresh, refreshMs);
      });
    return inFlight;
  }

  function switchEmergency() {
    if (!live || !switchEnabled || pending) {
      return;
    }
    var next = !live.emergency.active;
    var selected = byId('emergency-scope').value;
    var scope = selected === 'all' ? 'all' : [selected];
    var reason = byId('emergency-reason').value.trim();
    if (!reason) {
      message('Say why in Reason first.', true);
      return;
    }
    if (!window.confirm(D.confirmText(next, scope))) {
      return;
    }
    var button = byId('emergency-switch');
    button.disabled = true;
    message('Sending the switch to the gateway…', false);
    fetch('dashboard/emergency', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify({ active: next, scope: scope, reason: reason }),
    })
      .then(function (response) {
        return bodyOf(response).then(function (json) {
          if (response.status !== 202) {
            throw new Error(json.message || 'HTTP ' + response.status);
          }
          pending = { active: next, until: Date.now() + PENDING_MS };
          message(
            'The gateway accepted the switch (command ' +
              json.command_id +
              '); waiting for handover to apply it…',
            false,
          );
          return refresh();
        });
      })
      .catch(function (error) {
        message('The switch failed: ' + error.message, true);
        button.disabled = !switchEnabled;
        refresh();
      });
  }

  function signOut() {
    fetch('dashboard/logout', { method: 'POST', headers: { 'x-csrf-token': csrfToken } }).then(
      signedOut,
      signedOut,
    );
  }

  byId('emergency-switch').addEventListener('click', switchEmergency);
  byId('sign-out').addEventListener('click', signOut);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') {
      refresh();
    }
  });
  refresh();
})();
