#!/bin/sh
# The image's entrypoint: the first argument names the app to run, the rest are passed to it.
#   docker run handover gateway
# Apps read runtime files by paths relative to the image's root (the bot's rules, the simulator's
# scenarios), so they run from there. exec: node replaces this shell and receives SIGTERM itself,
# which closes the app gracefully (Docker stop, Kubernetes pod deletion).
set -eu

APPS='gateway bot-responder handover availability-poller intervention-stats engage-simulator'
ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)

valid_apps() {
  printf '%s' "$APPS" | sed 's/ /, /g'
}

app=${1:-}
known=false
for name in $APPS; do
  if [ "$name" = "$app" ]; then
    known=true
  fi
done
if [ "$known" != true ]; then
  if [ -z "$app" ]; then
    echo "handover: name the app to run, one of: $(valid_apps)" >&2
  else
    echo "handover: unknown app '$app'; the apps are: $(valid_apps)" >&2
  fi
  exit 64
fi
shift

main="$ROOT/dist/apps/$app/apps/$app/src/main.js"
if [ ! -f "$main" ]; then
  echo "handover: $app is not built in this image ($main is missing): build it with npm run build" >&2
  exit 1
fi

cd "$ROOT"
exec node "$main" "$@"
