import { parser } from '@prometheus-io/lezer-promql';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** A function applied to a selector: `rate(x[5m])` is `{ fn: 'rate', metric: 'x' }`. */
export interface FunctionUse {
  fn: string;
  metric: string;
}

/** What one PromQL expression says, as Prometheus's own grammar (lezer-promql) reads it. */
export interface PromqlReading {
  /** Where the grammar found no valid expression; empty when the expression parses. */
  syntaxErrors: string[];
  /** Every metric name selected (a `{__name__=~"…"}` regex is listed in `unnamed` instead). */
  metrics: string[];
  /** Selectors whose metric name cannot be read: no name, or a regex on `__name__`. */
  unnamed: string[];
  /** Every matcher, e.g. `{ metric: 'up', label: 'job', op: '=~', value: 'gateway' }`. */
  matchers: Array<{ metric?: string; label: string; op: string; value: string }>;
  /**
   * The labels of each `by (…)` and `on (…)`, with the metrics each operand selects (one operand for
   * an aggregation, two for a binary operation): each operand needs them.
   */
  groupings: Array<{ labels: string[]; operands: string[][] }>;
  /** Range-vector functions (rate, deriv, *_over_time, …) given something else than a range. */
  missingRanges: string[];
  /** Range-vector functions and the metric of the range they read. */
  rangeFunctions: FunctionUse[];
  /** histogram_quantile calls and the metrics they read. */
  quantiles: FunctionUse[];
}

const RANGE_FUNCTIONS = new Set([
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
  'predict_linear',
  'resets',
  'changes',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'sum_over_time',
  'count_over_time',
  'quantile_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'last_over_time',
  'present_over_time',
  'absent_over_time',
]);

export function readPromql(expr: string): PromqlReading {
  const reading: PromqlReading = {
    syntaxErrors: [],
    metrics: [],
    unnamed: [],
    matchers: [],
    groupings: [],
    missingRanges: [],
    rangeFunctions: [],
    quantiles: [],
  };
  const text = (node: SyntaxNode): string => expr.slice(node.from, node.to);
  parser.parse(expr).iterate({
    enter: ({ node }) => {
      if (node.type.isError) {
        reading.syntaxErrors.push(
          `at ${node.from}: «${expr.slice(Math.max(0, node.from - 20), node.from + 20)}»`,
        );
      } else if (node.name === 'VectorSelector') {
        readSelector(node, text, reading);
      } else if (node.name === 'FunctionCall') {
        readFunctionCall(node, text, reading);
      } else if (node.name === 'GroupingLabels') {
        readGrouping(node, text, reading);
      }
    },
  });
  return reading;
}

function readSelector(node: SyntaxNode, text: (node: SyntaxNode) => string, reading: PromqlReading): void {
  const identifier = node.getChild('Identifier');
  const matchers = (node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []).map(
    (matcher) => ({
      label: text(matcher.getChild('LabelName') ?? matcher),
      op: text(matcher.getChild('MatchOp') ?? matcher),
      value: unquote(text(matcher.getChild('StringLiteral') ?? matcher)),
    }),
  );
  const byName = matchers.find((matcher) => matcher.label === '__name__');
  const metric = identifier ? text(identifier) : byName?.op === '=' ? byName.value : undefined;
  if (metric === undefined) {
    reading.unnamed.push(text(node));
  } else {
    reading.metrics.push(metric);
  }
  reading.matchers.push(
    ...matchers.filter((matcher) => matcher !== byName).map((matcher) => ({ metric, ...matcher })),
  );
}

function readGrouping(node: SyntaxNode, text: (node: SyntaxNode) => string, reading: PromqlReading): void {
  const modifier = node.parent;
  const scope = modifier?.parent;
  if (!scope || !(modifier?.getChild('By') || modifier?.getChild('On'))) {
    return;
  }
  const labels = node.getChildren('LabelName').map(text);
  const metricsOf = (operand: SyntaxNode | null): string[] =>
    operand ? identifiersUnder(operand).map(text) : [];
  const operands =
    modifier.name === 'AggregateModifier'
      ? [metricsOf(scope.getChild('FunctionCallBody'))]
      : [metricsOf(scope.firstChild), metricsOf(scope.lastChild)];
  reading.groupings.push({ labels, operands: operands.filter((metrics) => metrics.length > 0) });
}

function readFunctionCall(
  node: SyntaxNode,
  text: (node: SyntaxNode) => string,
  reading: PromqlReading,
): void {
  const fn = text(node.getChild('FunctionIdentifier') ?? node);
  const args = node.getChild('FunctionCallBody');
  if (RANGE_FUNCTIONS.has(fn)) {
    const range = fn === 'quantile_over_time' ? args?.firstChild?.nextSibling : args?.firstChild;
    if (range?.name === 'MatrixSelector') {
      const selector = range.getChild('VectorSelector')?.getChild('Identifier');
      if (selector) {
        reading.rangeFunctions.push({ fn, metric: text(selector) });
      }
    } else if (range?.name !== 'SubqueryExpr') {
      reading.missingRanges.push(text(node));
    }
  }
  const quantiled = fn === 'histogram_quantile' ? args?.firstChild?.nextSibling : null;
  if (quantiled) {
    reading.quantiles.push(...identifiersUnder(quantiled).map((metric) => ({ fn, metric: text(metric) })));
  }
}

function identifiersUnder(node: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] =
    node.name === 'Identifier' && node.parent?.name === 'VectorSelector' ? [node] : [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    found.push(...identifiersUnder(child));
  }
  return found;
}

/** A PromQL string literal's value: "…" with JSON escapes, '…' or `…` taken as written. */
function unquote(literal: string): string {
  return literal.startsWith('"') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
}
