/**
 * Served as GET /dashboard/assets/dashboard-lib.js: the page's pure functions (formatting, the daily series
 * of the charts, the emergency panel's wording), as a classic script that defines
 * `HandoverDashboard` on the global object. No DOM, no fetch: unit specs run this very text in a
 * node:vm context (dashboard-lib.unit.spec.ts).
 */
(function (root) {
  'use strict';

  var DAY_MS = 86400000;
  var MAX_DAYS = 400;
  /** The period presets, in UTC days ending today (included). */
  var RANGES = { today: 1, '7d': 7, '30d': 30 };
  var DEFAULT_RANGE = '30d';
  var DAY = /^\d{4}-\d{2}-\d{2}$/;
  /** As GET /analytics/* checks them (analytics-filter.dto.ts): a value the API would refuse is dropped. */
  var SOURCE_ID = /^[A-Za-z0-9_-]{1,64}$/;
  var LANGUAGE = /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/;

  var OUTCOMES = [
    { key: 'resolved_by_bot', label: 'Resolved by the bot', color: '#2e7d32' },
    { key: 'handed_over', label: 'Handed over', color: '#1565c0' },
    { key: 'waiting', label: 'Waiting for an agent', color: '#ef6c00' },
    { key: 'with_bot', label: 'Still with the bot', color: '#9aa5b1' },
  ];

  /** 0.625 → "62.5%"; null or not a number → "—". */
  function rate(value) {
    return typeof value === 'number' && isFinite(value) ? (value * 100).toFixed(1) + '%' : '—';
  }

  /** 850 → "850 ms", 12300 → "12.3 s", 125000 → "2 min 5 s", 7260000 → "2 h 1 min", 86400000 → "24 h". */
  function duration(ms) {
    if (typeof ms !== 'number' || !isFinite(ms)) {
      return '—';
    }
    var value = Math.max(0, Math.round(ms));
    if (value < 1000) {
      return value + ' ms';
    }
    if (value < 60000) {
      return (value / 1000).toFixed(1) + ' s';
    }
    var minutes = Math.floor(value / 60000);
    if (minutes < 60) {
      var seconds = Math.floor((value % 60000) / 1000);
      return minutes + ' min' + (seconds > 0 ? ' ' + seconds + ' s' : '');
    }
    return Math.floor(minutes / 60) + ' h' + (minutes % 60 > 0 ? ' ' + (minutes % 60) + ' min' : '');
  }

  /** The value at a dotted path ('time_to_handover_ms.p50'), or null. */
  function pick(object, path) {
    var value = path.split('.').reduce(function (current, key) {
      return current !== null && typeof current === 'object' ? current[key] : undefined;
    }, object);
    return value === undefined ? null : value;
  }

  function formatKpi(value, format) {
    return format === 'rate' ? rate(value) : duration(value);
  }

  function utcDay(time) {
    return new Date(time).toISOString().slice(0, 10);
  }

  /**
   * Every instant on the page, in one format: '2026-05-12 14:03:07 UTC'. UTC, as the API's days are
   * (the charts and the period are whole UTC days); "—" when there is none.
   */
  function instant(value) {
    var time = typeof value === 'number' ? value : Date.parse(value);
    if (value === null || value === undefined || !isFinite(time)) {
      return '—';
    }
    var iso = new Date(time).toISOString();
    return iso.slice(0, 10) + ' ' + iso.slice(11, 19) + ' UTC';
  }

  function validDay(value) {
    // Round-tripped: Date.parse takes 2026-02-30 for 2026-03-02.
    var time = typeof value === 'string' && DAY.test(value) ? Date.parse(value + 'T00:00:00Z') : NaN;
    return isFinite(time) && utcDay(time) === value ? value : null;
  }

  function addDays(day, days) {
    return utcDay(Date.parse(day + 'T00:00:00Z') + days * DAY_MS);
  }

  /** A query string's parameters, the first of each name kept (no URLSearchParams: this runs in node:vm too). */
  function parseQuery(search) {
    var params = Object.create(null);
    String(search || '')
      .replace(/^\?/, '')
      .split('&')
      .forEach(function (pair) {
        if (!pair) {
          return;
        }
        var at = pair.indexOf('=');
        var name = decodeParam(at === -1 ? pair : pair.slice(0, at));
        if (!(name in params)) {
          params[name] = decodeParam(at === -1 ? '' : pair.slice(at + 1));
        }
      });
    return params;
  }

  function decodeParam(text) {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      // A malformed escape (%E0%A4%A) is no value.
      return '';
    }
  }

  /**
   * The filters the page's URL holds (`range`, custom `from` and `to` days, both included, `source_id`,
   * `language`), so that a view can be shared and a reload restores it. Anything invalid is dropped:
   * a custom range without two valid days is the default period.
   */
  function parseFilters(search) {
    var params = parseQuery(search);
    var filters = {
      range: Object.prototype.hasOwnProperty.call(RANGES, params.range) ? params.range : DEFAULT_RANGE,
      from: null,
      to: null,
      source: SOURCE_ID.test(params.source_id || '') ? params.source_id : null,
      language: LANGUAGE.test(params.language || '') ? params.language : null,
    };
    var from = validDay(params.from);
    var to = validDay(params.to);
    if (params.range === 'custom' && from && to) {
      filters.range = 'custom';
      filters.from = from <= to ? from : to;
      filters.to = from <= to ? to : from;
    }
    return filters;
  }

  /** The page's query string for the filters ('' for the default view). */
  function filtersSearch(filters) {
    var pairs = [];
    if (filters.range === 'custom') {
      pairs.push(['range', 'custom'], ['from', filters.from], ['to', filters.to]);
    } else if (filters.range !== DEFAULT_RANGE) {
      pairs.push(['range', filters.range]);
    }
    if (filters.source) {
      pairs.push(['source_id', filters.source]);
    }
    if (filters.language) {
      pairs.push(['language', filters.language]);
    }
    return pairs.length === 0 ? '' : '?' + queryString(pairs);
  }

  function queryString(pairs) {
    return pairs
      .map(function (pair) {
        return encodeURIComponent(pair[0]) + '=' + encodeURIComponent(pair[1]);
      })
      .join('&');
  }

  /** The first and last UTC day of the period (both included), a preset ending on the day of `now`. */
  function period(filters, now) {
    if (filters.range === 'custom') {
      return { first: filters.from, last: filters.to };
    }
    var today = utcDay(now);
    return { first: addDays(today, 1 - (RANGES[filters.range] || RANGES[DEFAULT_RANGE])), last: today };
  }

  /**
   * The query of GET /analytics/summary and /analytics/daily for the filters: whole UTC days, `to`
   * excluded (the day after the last), so the page and the API count the same conversations.
   */
  function apiQuery(filters, now) {
    var days = period(filters, now);
    var pairs = [
      ['from', days.first],
      ['to', addDays(days.last, 1)],
    ];
    if (filters.source) {
      pairs.push(['source_id', filters.source]);
    }
    if (filters.language) {
      pairs.push(['language', filters.language]);
    }
    return queryString(pairs);
  }

  /**
   * The query of GET /analytics/timeseries: the period's days, but not past the current minute (the
   * future would read as an empty queue); per minute over a day at most, else per UTC day.
   */
  function timeseriesQuery(filters, now) {
    var days = period(filters, now);
    var from = Date.parse(days.first + 'T00:00:00Z');
    var end = Date.parse(addDays(days.last, 1) + 'T00:00:00Z');
    var nextMinute = Math.floor(now / 60000) * 60000 + 60000;
    var to = nextMinute > from && nextMinute < end ? nextMinute : end;
    var pairs = [
      ['from', days.first],
      ['to', to === end ? utcDay(end) : new Date(to).toISOString().slice(0, 19) + 'Z'],
      ['resolution', to - from <= DAY_MS ? 'minute' : 'day'],
    ];
    if (filters.source) {
      pairs.push(['source_id', filters.source]);
    }
    if (filters.language) {
      pairs.push(['language', filters.language]);
    }
    return queryString(pairs);
  }

  /** GET /analytics/timeseries' points as the chart's series; a minute reads 'YYYY-MM-DD HH:mm', a day 'YYYY-MM-DD'. */
  function timeseriesSeries(answer) {
    var points = (answer && answer.points) || [];
    var minutes = answer && answer.resolution === 'minute';
    var column = function (key) {
      return points.map(function (point) {
        return point[key] === null || point[key] === undefined ? null : Number(point[key]);
      });
    };
    return {
      resolution: minutes ? 'minute' : 'day',
      at: points.map(function (point) {
        return point.at;
      }),
      labels: points.map(function (point) {
        var iso = new Date(point.at).toISOString();
        return minutes ? iso.slice(0, 10) + ' ' + iso.slice(11, 16) : iso.slice(0, 10);
      }),
      waiting_threads: column('waiting_threads'),
      available_agents: column('available_agents'),
      handover_requests: column('handover_requests'),
      bot_replies: column('bot_replies'),
    };
  }

  /** A source or category as the page shows it: its RCED name, or its id when the name is unknown. */
  function nameOf(names, kind, id) {
    var known = names && names[kind];
    return known && Object.prototype.hasOwnProperty.call(known, id) ? known[id] : String(id);
  }

  /** GET dashboard/names' lists as id → name lookups. */
  function nameLookup(answer) {
    var lookup = { sources: Object.create(null), categories: Object.create(null) };
    ['sources', 'categories'].forEach(function (kind) {
      ((answer && answer[kind]) || []).forEach(function (entry) {
        lookup[kind][entry.id] = entry.name;
      });
    });
    return lookup;
  }

  /** What the names are, said under the filters (never silent about ids shown instead of names). */
  function namesStatus(answer) {
    if (!answer || !answer.configured) {
      return 'Sources and categories are shown by id: set ENGAGE_BASE_URL and ENGAGE_API_TOKEN on intervention-stats for their RCED names.';
    }
    if (answer.problem) {
      return (
        'RCED names ' +
        (answer.refreshed_at ? 'as of ' + instant(answer.refreshed_at) : 'unavailable (ids shown)') +
        ': the latest fetch failed (' +
        answer.problem +
        ').'
      );
    }
    return answer.refreshed_at
      ? 'Names from RCED as of ' + instant(answer.refreshed_at) + '; hover a name for its id.'
      : 'Fetching the names from RCED (ids shown meanwhile).';
  }

  /** The period, source and language in words, e.g. '2026-05-06 → 2026-05-12 (UTC days) · Chat · fr'. */
  function describeFilters(filters, now, names) {
    var days = period(filters, now);
    return [
      days.first === days.last ? days.first + ' (UTC day)' : days.first + ' → ' + days.last + ' (UTC days)',
      filters.source ? 'source ' + nameOf(names, 'sources', filters.source) : 'all sources',
      filters.language ? 'language ' + filters.language : 'all languages',
    ].join(' · ');
  }

  /** The query of GET /analytics/live: the source and language (the period does not apply to "now"). */
  function liveQuery(filters) {
    var pairs = [];
    if (filters.source) {
      pairs.push(['source_id', filters.source]);
    }
    if (filters.language) {
      pairs.push(['language', filters.language]);
    }
    return queryString(pairs);
  }

  /** The active filters a panel does not apply (`applies`: the ones it does), for its visible note. */
  function ignoredFilters(applies, filters) {
    return ['source', 'language'].filter(function (name) {
      return filters[name] && applies.indexOf(name) === -1;
    });
  }

  /**
   * GET /analytics/daily's rows (one per day, source and language) summed per UTC day, every day
   * of [from, to) present (zero when nothing happened, so gaps show); containment is
   * resolved_by_bot / conversations, null on a day without conversations.
   */
  function dailySeries(days, from, to) {
    var totals = {};
    (days || []).forEach(function (row) {
      var day = totals[row.day] || (totals[row.day] = { conversations: 0 });
      day.conversations += Number(row.conversations) || 0;
      OUTCOMES.forEach(function (outcome) {
        day[outcome.key] = (day[outcome.key] || 0) + (Number(row[outcome.key]) || 0);
      });
    });
    var labels = [];
    var start = Date.parse(from);
    var end = Date.parse(to) - 1;
    if (isFinite(start) && isFinite(end) && end >= start) {
      for (var t = Date.parse(utcDay(start)); t <= end && labels.length < MAX_DAYS; t += DAY_MS) {
        labels.push(utcDay(t));
      }
    }
    Object.keys(totals).forEach(function (day) {
      if (labels.indexOf(day) === -1) {
        labels.push(day);
      }
    });
    labels.sort();
    var outcomes = {};
    OUTCOMES.forEach(function (outcome) {
      outcomes[outcome.key] = labels.map(function (day) {
        return totals[day] ? totals[day][outcome.key] : 0;
      });
    });
    var containment = labels.map(function (day) {
      var total = totals[day];
      return total && total.conversations > 0 ? total.resolved_by_bot / total.conversations : null;
    });
    var conversations = labels.map(function (day) {
      return totals[day] ? totals[day].conversations : 0;
    });
    return { labels: labels, outcomes: outcomes, containment: containment, conversations: conversations };
  }

  var ROUTE_WORDS = { BOT: 'with the bot', WAITING: 'waiting for an agent', AGENT: 'with agents' };

  function numberOrNull(value) {
    return value === null || value === undefined || value === '' || !isFinite(Number(value))
      ? null
      : Number(value);
  }

  /** One conversation's statistics (GET /analytics/threads/:id `thread`) as labelled lines. */
  function threadFacts(thread, names) {
    if (!thread) {
      return [];
    }
    var outcome = OUTCOMES.filter(function (entry) {
      return entry.key === thread.outcome;
    })[0];
    var after = function (ms) {
      return numberOrNull(ms) === null ? '' : ' (after ' + duration(numberOrNull(ms)) + ')';
    };
    var facts = [
      {
        label: 'Source',
        text: thread.source_id ? nameOf(names, 'sources', thread.source_id) : '—',
        title: thread.source_id ? 'RCED source id ' + thread.source_id : undefined,
      },
      { label: 'Language', text: thread.language || '—' },
      { label: 'Outcome', text: outcome ? outcome.label : String(thread.outcome || '—') },
      { label: 'Now', text: thread.route + ' (' + (ROUTE_WORDS[thread.route] || '') + ')' },
      { label: "Customer's first message", text: instant(thread.first_customer_at) },
      { label: 'First bot reply', text: instant(thread.first_bot_at) + after(thread.time_to_first_bot_ms) },
      { label: 'Resolved by the bot', text: instant(thread.first_resolved_at) },
      {
        label: 'Handover requested',
        text:
          instant(thread.first_handover_request_at) +
          (thread.handover_reason ? ' (' + thread.handover_reason + ')' : ''),
      },
      { label: 'Queued (nobody free)', text: instant(thread.first_queued_at) },
      {
        label: 'Handed over',
        text:
          instant(thread.first_handed_over_at) +
          after(thread.time_to_handover_ms) +
          (thread.handover_trigger ? ', ' + thread.handover_trigger : '') +
          (numberOrNull(thread.waited_ms) ? ', waited ' + duration(numberOrNull(thread.waited_ms)) : ''),
      },
      {
        label: 'Messages',
        text:
          Number(thread.customer_messages) +
          ' from the customer, ' +
          Number(thread.bot_turns) +
          ' bot replies (' +
          Number(thread.fallbacks) +
          ' fallbacks)',
      },
      {
        label: 'Handovers',
        text: Number(thread.handovers) + ', ' + Number(thread.returns_to_bot) + ' back to the bot',
      },
      {
        label: 'Interventions',
        text:
          Number(thread.interventions_closed) +
          ' closed, ' +
          Number(thread.interventions_reopened) +
          ' reopened',
      },
    ];
    return facts;
  }

  /** One detail of a timeline event as shown: category ids by name (ids on hover), durations in words. */
  function detailPart(name, value, names) {
    if (name === 'category_ids' && Array.isArray(value)) {
      return {
        name: 'categories',
        text:
          value.length === 0
            ? 'none'
            : value
                .map(function (id) {
                  return nameOf(names, 'categories', id);
                })
                .join(', '),
        title: value.length === 0 ? undefined : 'RCED category ids ' + value.join(', '),
      };
    }
    if (/_ms$/.test(name) && numberOrNull(value) !== null) {
      return { name: name.replace(/_ms$/, ''), text: duration(numberOrNull(value)) };
    }
    return { name: name, text: typeof value === 'object' ? JSON.stringify(value) : String(value) };
  }

  /** GET /analytics/threads/:id `timeline`, oldest first, each event's details in words. */
  function timelineRows(timeline, names) {
    return (timeline || []).map(function (entry) {
      var detail = entry.detail || {};
      return {
        eventId: entry.event_id,
        at: instant(entry.at),
        topic: entry.topic,
        type: entry.type,
        details: Object.keys(detail)
          .filter(function (name) {
            return detail[name] !== null && detail[name] !== undefined;
          })
          .map(function (name) {
            return detailPart(name, detail[name], names);
          }),
      };
    });
  }

  function scopeText(sourceIds) {
    if (sourceIds === null || sourceIds === undefined || sourceIds === 'all') {
      return 'all sources';
    }
    return sourceIds.length === 1 ? 'source ' + sourceIds[0] : sourceIds.length + ' sources';
  }

  /** The emergency panel's wording for GET /analytics/live's emergency. */
  function emergencyView(emergency) {
    var current = emergency && emergency.current;
    var active = Boolean(emergency && emergency.active);
    var detail = 'Never switched on: the bot answers every source.';
    if (current) {
      detail =
        (active ? 'On for ' + scopeText(current.source_ids) : 'Off') +
        ' since ' +
        instant(current.switched_at) +
        ', by ' +
        current.actor +
        ': ' +
        current.reason +
        (active ? ' (' + current.threads_in_scope + ' threads moved to agents)' : '');
    }
    return {
      active: active,
      title: active ? 'ON — every conversation in scope goes to agents' : 'OFF — the bot answers',
      detail: detail,
      buttonLabel: active ? 'Switch the emergency OFF' : 'Switch the emergency ON',
    };
  }

  /** What the confirmation dialog asks before a switch. */
  function confirmText(nextActive, scope) {
    return nextActive
      ? 'Switch the emergency handover ON for ' +
          scopeText(scope) +
          '? Every conversation in scope goes to human agents and the bot stays silent.'
      : 'Switch the emergency handover OFF for ' + scopeText(scope) + '? The bot answers again.';
  }

  function historyLine(entry) {
    return (
      instant(entry.switched_at) +
      ': ' +
      (entry.active ? 'ON' : 'OFF') +
      ' for ' +
      scopeText(entry.source_ids) +
      ' by ' +
      entry.actor +
      ' (' +
      entry.reason +
      ')'
    );
  }

  var AUDIT_OUTCOMES = {
    pending: 'no answer from the gateway yet',
    accepted: 'accepted by the gateway',
    failed: 'not made',
    timed_out: 'the gateway did not answer in time: may or may not have been made',
  };

  /** One switch of the audit trail (GET dashboard/audit): who, when, what, outcome. */
  function auditLine(entry) {
    var outcome = AUDIT_OUTCOMES[entry.outcome] || entry.outcome;
    if (entry.outcome === 'accepted') {
      outcome += entry.applied_at
        ? ', applied by handover ' + instant(entry.applied_at)
        : ', not applied by handover yet';
    } else if (entry.detail) {
      outcome += ' (' + entry.detail + ')';
    }
    return (
      instant(entry.requested_at) +
      ': ' +
      entry.supervisor +
      ' switched ' +
      (entry.active ? 'ON' : 'OFF') +
      ' for ' +
      scopeText(entry.source_ids) +
      ' (' +
      entry.reason +
      ') — ' +
      outcome
    );
  }

  /**
   * The failures panel from GET dashboard/failures: one line of counts per app (or why it could not
   * be read), and the latest failed effects and parked records of every app, newest first, each with
   * the dashboard path of its detail.
   */
  function failureRows(answer) {
    var counts = [];
    var rows = [];
    (answer.apps || []).forEach(function (entry) {
      if (!entry.ok) {
        counts.push({ app: entry.app, text: entry.app + ': not read (' + entry.message + ')', error: true });
        return;
      }
      var summary = entry.summary;
      counts.push({
        app: entry.app,
        text:
          entry.app +
          ': ' +
          summary.effects.failed +
          ' failed call' +
          (summary.effects.failed === 1 ? '' : 's') +
          ', ' +
          summary.parked.open +
          ' parked record' +
          (summary.parked.open === 1 ? '' : 's'),
        error: false,
        failed: summary.effects.failed,
        parked: summary.parked.open,
      });
      summary.effects.latestFailed.forEach(function (effect) {
        rows.push({
          app: entry.app,
          kind: 'effect',
          what: effect.kind,
          thread: effect.threadId || '—',
          reason: effect.lastError || '—',
          at: effect.updatedAt,
          detail:
            'dashboard/failures/' +
            encodeURIComponent(entry.app) +
            '/effects/' +
            encodeURIComponent(effect.id),
        });
      });
      summary.parked.latestOpen.forEach(function (record) {
        rows.push({
          app: entry.app,
          kind: 'parked',
          what: record.eventType || record.topic,
          thread: record.threadId || '—',
          reason: record.reason,
          at: record.parkedAt,
          detail:
            'dashboard/failures/' +
            encodeURIComponent(entry.app) +
            '/parked/' +
            encodeURIComponent(record.key),
        });
      });
    });
    rows.sort(function (a, b) {
      return String(b.at).localeCompare(String(a.at));
    });
    return { counts: counts, rows: rows };
  }

  root.HandoverDashboard = {
    OUTCOMES: OUTCOMES,
    DEFAULT_RANGE: DEFAULT_RANGE,
    rate: rate,
    duration: duration,
    instant: instant,
    parseFilters: parseFilters,
    filtersSearch: filtersSearch,
    period: period,
    apiQuery: apiQuery,
    timeseriesQuery: timeseriesQuery,
    timeseriesSeries: timeseriesSeries,
    nameOf: nameOf,
    nameLookup: nameLookup,
    namesStatus: namesStatus,
    describeFilters: describeFilters,
    liveQuery: liveQuery,
    ignoredFilters: ignoredFilters,
    threadFacts: threadFacts,
    timelineRows: timelineRows,
    pick: pick,
    formatKpi: formatKpi,
    dailySeries: dailySeries,
    scopeText: scopeText,
    emergencyView: emergencyView,
    confirmText: confirmText,
    historyLine: historyLine,
    auditLine: auditLine,
    failureRows: failureRows,
  };
})(this);
