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
        new Date(current.switched_at).toLocaleString() +
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
      new Date(entry.switched_at).toLocaleString() +
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
        ? ', applied by handover ' + new Date(entry.applied_at).toLocaleString()
        : ', not applied by handover yet';
    } else if (entry.detail) {
      outcome += ' (' + entry.detail + ')';
    }
    return (
      new Date(entry.requested_at).toLocaleString() +
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
    rate: rate,
    duration: duration,
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
