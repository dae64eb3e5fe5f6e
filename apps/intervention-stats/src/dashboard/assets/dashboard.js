/**
 * Served as GET /dashboard/assets/dashboard.js: fetches the analytics API every DASHBOARD_REFRESH_MS and draws
 * the page with Chart.js (window.Chart, chart.umd.min.js) and the pure functions of
 * dashboard-lib.js. Data reaches the DOM as text only (textContent), never as HTML. The emergency
 * switch posts to dashboard/emergency with the session's CSRF token (the session cookie is
 * HttpOnly), which calls the gateway server-side: no gateway token here. The filters live in the
 * page's URL (history.pushState): sharing or reloading it shows the same view.
 */
(function () {
  'use strict';

  var D = window.HandoverDashboard;
  var body = document.body;
  var refreshMs = Math.max(1000, Number(body.dataset.refreshMs) || 5000);
  var switchEnabled = body.dataset.emergencySwitch === 'enabled';
  var csrfToken = body.dataset.csrfToken;
  /** What the timeline page takes (anything else has no page to link to). */
  var RCED_ID = /^[A-Za-z0-9_-]{1,64}$/;
  /** How long the switch stays locked waiting for handover to apply a switch. */
  var PENDING_MS = 60000;
  var live = null;
  var pending = null;
  var charts = {};
  var timer = null;
  var refreshes = 0;
  var filters = D.parseFilters(window.location.search);
  var namesAnswer = null;
  var names = D.nameLookup(null);
  /** Sources and languages met in any answer: the filters' choices, with RCED's sources. */
  var seen = { sources: Object.create(null), languages: Object.create(null) };
  var optionKeys = { source: '', language: '' };

  var Dom = window.HandoverDom;
  var byId = Dom.byId;
  var element = Dom.element;
  var LOGIN = 'dashboard/login';

  function getJson(path) {
    return Dom.getJson(path, LOGIN);
  }

  function bodyOf(response) {
    return Dom.bodyOf(response, LOGIN);
  }

  /** The session ended (expired, or the supervisor's token changed): sign in again. */
  function signedOut() {
    window.location.assign(LOGIN);
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

  /** A source id as the page shows it: its RCED name, the id on hover. */
  function sourceCell(sourceId) {
    var text = sourceId ? D.nameOf(names, 'sources', sourceId) : '—';
    // An id (no name known) in the ids' monospace.
    var cell = element('td', text, text === sourceId ? 'id' : '');
    if (sourceId) {
      cell.title = 'RCED source id ' + sourceId;
      cell.dataset.sourceId = sourceId;
    }
    return cell;
  }

  function threadLink(threadId) {
    var link = element('a', threadId);
    link.href = 'dashboard/threads/' + encodeURIComponent(threadId);
    link.title = 'The timeline of this conversation';
    return link;
  }

  function note(values, kind, value) {
    if (value) {
      values[kind][value] = true;
    }
  }

  /** Rebuilds a filter's options only when they changed (a rebuild would close the list being read). */
  function fillOptions(select, key, entries, allLabel) {
    var signature = JSON.stringify(entries);
    if (optionKeys[key] !== signature) {
      optionKeys[key] = signature;
      var first = element('option', allLabel);
      first.value = '';
      fillRows(
        select,
        [first].concat(
          entries.map(function (entry) {
            var option = element('option', entry.label);
            option.value = entry.value;
            option.title = entry.title;
            return option;
          }),
        ),
      );
    }
    select.value = (key === 'source' ? filters.source : filters.language) || '';
  }

  function renderFilterChoices() {
    note(seen, 'sources', filters.source);
    note(seen, 'languages', filters.language);
    Object.keys(names.sources).forEach(function (id) {
      note(seen, 'sources', id);
    });
    var sources = Object.keys(seen.sources)
      .map(function (id) {
        return { value: id, label: D.nameOf(names, 'sources', id), title: 'RCED source id ' + id };
      })
      .sort(function (a, b) {
        return a.label.localeCompare(b.label) || a.value.localeCompare(b.value);
      });
    fillOptions(byId('filter-source'), 'source', sources, 'All sources');
    var languages = Object.keys(seen.languages)
      .sort()
      .map(function (language) {
        return { value: language, label: language, title: 'Language code ' + language };
      });
    fillOptions(byId('filter-language'), 'language', languages, 'All languages');
    byId('filter-summary').textContent = D.describeFilters(filters, Date.now(), names);
    byId('names-status').textContent = D.namesStatus(namesAnswer);
    Array.prototype.forEach.call(document.querySelectorAll('.scope[data-applies]'), function (scope) {
      var ignored = D.ignoredFilters(scope.dataset.applies.split(' '), filters);
      scope.dataset.ignored = ignored.join(' ');
      scope.classList.toggle('ignored', ignored.length > 0);
    });
  }

  /** The period's controls as the filters say (the custom days prefilled with the period shown). */
  function renderFilterControls() {
    var custom = filters.range === 'custom';
    var days = D.period(filters, Date.now());
    byId('filter-range').value = filters.range;
    byId('filter-from').value = days.first;
    byId('filter-to').value = days.last;
    Array.prototype.forEach.call(document.querySelectorAll('.custom-day'), function (label) {
      label.hidden = !custom;
    });
  }

  function filtersFromControls() {
    var range = byId('filter-range').value;
    var candidate = {
      range: range,
      from: byId('filter-from').value,
      to: byId('filter-to').value,
      source: byId('filter-source').value || null,
      language: byId('filter-language').value || null,
    };
    if (range === 'custom' && (!candidate.from || !candidate.to)) {
      var days = D.period(filters, Date.now());
      candidate.from = candidate.from || days.first;
      candidate.to = candidate.to || days.last;
    }
    return D.parseFilters(D.filtersSearch(candidate));
  }

  /** New filters: in the URL (a new history entry), in the controls, then in every panel. */
  function applyFilters(next) {
    filters = next;
    var url = window.location.pathname + D.filtersSearch(filters);
    if (url !== window.location.pathname + window.location.search) {
      window.history.pushState(null, '', url);
    }
    renderFilterControls();
    renderFilterChoices();
    refresh();
  }

  function renderKpis(summary) {
    byId('kpi-period').textContent =
      summary.conversations +
      (summary.conversations === 1 ? ' conversation' : ' conversations') +
      ' first written in the period';
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

  function dayTitle(items) {
    return items.length > 0 ? items[0].label + ' (UTC day)' : '';
  }

  function renderCharts(daily) {
    daily.days.forEach(function (row) {
      note(seen, 'sources', row.source_id);
      note(seen, 'languages', row.language);
    });
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
          plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { title: dayTitle } } },
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
                title: dayTitle,
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

  /** What each line or bar of the time series is, in the order drawn. */
  var SERIES = [
    {
      key: 'waiting_threads',
      label: 'Waiting for an agent (end of interval)',
      color: '#ef6c00',
      type: 'line',
    },
    { key: 'available_agents', label: 'Available agents (end of interval)', color: '#2e7d32', type: 'line' },
    { key: 'handover_requests', label: 'Handover requests', color: '#1565c0', type: 'bar' },
    { key: 'bot_replies', label: 'Bot replies', color: '#9aa5b1', type: 'bar' },
  ];

  function renderTimeseries(answer) {
    var series = D.timeseriesSeries(answer);
    byId('timeseries-resolution').textContent =
      series.resolution === 'minute' ? 'per minute (UTC)' : 'per day (UTC)';
    var title = function (items) {
      if (items.length === 0) {
        return '';
      }
      var at = series.at[items[0].dataIndex];
      return series.resolution === 'minute' ? D.instant(at) : items[0].label + ' (UTC day)';
    };
    if (!charts.timeseries) {
      charts.timeseries = new Chart(byId('chart-timeseries'), {
        type: 'bar',
        data: {
          labels: series.labels,
          datasets: SERIES.map(function (line) {
            return {
              key: line.key,
              type: line.type,
              label: line.label,
              data: series[line.key],
              borderColor: line.color,
              backgroundColor: line.color,
              // A line of one known point (availability on its first day) still shows.
              pointRadius: line.type === 'line' ? 2 : 0,
              spanGaps: false,
              order: line.type === 'line' ? 0 : 1,
            };
          }),
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          interaction: { mode: 'index', intersect: false },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { title: title } } },
        },
      });
    }
    charts.timeseries.options.plugins.tooltip.callbacks.title = title;
    charts.timeseries.data.labels = series.labels;
    charts.timeseries.data.datasets.forEach(function (dataset) {
      dataset.data = series[dataset.key];
    });
    charts.timeseries.update('none');
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
    threads.waiting.forEach(function (thread) {
      note(seen, 'sources', thread.source_id);
      note(seen, 'languages', thread.language);
    });
    var waiting = threads.waiting;
    fillRows(
      byId('waiting').tBodies[0],
      waiting.map(function (thread) {
        var row = element('tr');
        row.dataset.threadId = thread.thread_id;
        var cell = element('td', null, 'id');
        cell.appendChild(threadLink(thread.thread_id));
        row.appendChild(cell);
        row.appendChild(sourceCell(thread.source_id));
        row.appendChild(element('td', thread.reason || '—'));
        var waited = element('td', D.duration(thread.waiting_ms), 'num');
        waited.title = 'since ' + D.instant(thread.waiting_since);
        row.appendChild(waited);
        return row;
      }),
    );
    var empty = byId('waiting-empty');
    empty.hidden = waiting.length > 0;
    empty.textContent =
      filters.source || filters.language
        ? 'Nobody waiting for this source and language.'
        : 'Nobody is waiting.';
  }

  function renderAvailability(sources) {
    sources.forEach(function (source) {
      note(seen, 'sources', source.source_id);
    });
    var shown = sources;
    fillRows(
      byId('availability').tBodies[0],
      shown.map(function (source) {
        var row = element('tr');
        row.dataset.sourceId = source.source_id;
        row.dataset.available = String(source.available_agents);
        row.appendChild(sourceCell(source.source_id));
        row.appendChild(element('td', source.available_agents, 'num'));
        row.appendChild(element('td', source.agent_ids.join(', ') || '—', 'id'));
        var seenAt = element('td', D.duration(source.age_ms) + ' ago');
        seenAt.title = D.instant(source.observed_at);
        row.appendChild(seenAt);
        return row;
      }),
    );
    var empty = byId('availability-empty');
    empty.hidden = shown.length > 0;
    empty.textContent =
      sources.length > 0
        ? 'No availability seen for this source.'
        : 'No availability seen yet: is availability-poller running?';
    var select = byId('emergency-scope');
    sources.forEach(function (source) {
      var option = select.querySelector('option[value="' + CSS.escape(source.source_id) + '"]');
      if (!option) {
        option = element('option');
        option.value = source.source_id;
        select.appendChild(option);
      }
      option.textContent = 'Source ' + D.nameOf(names, 'sources', source.source_id);
      option.title = 'RCED source id ' + source.source_id;
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
        var linked = RCED_ID.test(failure.thread);
        var thread = element('td', linked ? null : failure.thread, 'id');
        if (linked) {
          thread.appendChild(threadLink(failure.thread));
        }
        row.appendChild(thread);
        row.appendChild(element('td', failure.reason));
        row.appendChild(element('td', D.instant(failure.at)));
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
    var now = Date.now();
    var query = D.apiQuery(filters, now);
    var timeseriesQuery = D.timeseriesQuery(filters, now);
    var liveQuery = D.liveQuery(filters);
    inFlight = Promise.all([
      getJson('analytics/summary?' + query),
      getJson('analytics/daily?' + query),
      getJson('analytics/live' + (liveQuery ? '?' + liveQuery : '')),
      getJson('dashboard/audit'),
      getJson('dashboard/failures'),
      // Names are a nicety: without them (RCED unreachable, a failed call) the page shows ids.
      getJson('dashboard/names').catch(function () {
        return namesAnswer;
      }),
      getJson('analytics/timeseries?' + timeseriesQuery),
    ])
      .then(function (answers) {
        namesAnswer = answers[5];
        names = D.nameLookup(namesAnswer);
        renderKpis(answers[0]);
        renderCharts(answers[1]);
        renderLive(answers[2]);
        renderAudit(answers[3]);
        renderFailures(answers[4]);
        renderTimeseries(answers[6]);
        renderFilterChoices();
        refreshes += 1;
        // What the figures shown were asked with: the same query gives the API's own answer.
        body.dataset.query = query;
        body.dataset.timeseriesQuery = timeseriesQuery;
        body.dataset.refreshes = String(refreshes);
        setStatus('Updated ' + D.instant(Date.now()) + ' · every ' + D.duration(refreshMs));
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
  ['filter-range', 'filter-from', 'filter-to', 'filter-source', 'filter-language'].forEach(function (id) {
    byId(id).addEventListener('change', function () {
      applyFilters(filtersFromControls());
    });
  });
  byId('filter-reset').addEventListener('click', function () {
    applyFilters(D.parseFilters(''));
  });
  window.addEventListener('popstate', function () {
    filters = D.parseFilters(window.location.search);
    renderFilterControls();
    renderFilterChoices();
    refresh();
  });
  renderFilterControls();
  renderFilterChoices();
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') {
      refresh();
    }
  });
  refresh();
})();
