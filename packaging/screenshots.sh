#!/usr/bin/env bash
# Takes the screenshots in resources/screenshots/ (the README's and the AppStream metainfo's) from the demo,
# under a virtual display: the welcome page of a new hub, then the demo's views once its store and its
# shipping endpoint have each been down once (about two minutes in). Needs a build (packaging/build.sh);
# installs Xvfb and the X tools it uses when they are missing. Not part of the tests: run it by hand when
# the window changes, and look at what it took.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=(xvfb x11-apps xdotool netpbm)
missing=()
for p in "${tools[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -ne 0 ]; then
  as_root=()
  [ "$(id -u)" -ne 0 ] && as_root=(sudo)
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ -z "${SCREENSHOTS_IN_XVFB:-}" ]; then
  exec env SCREENSHOTS_IN_XVFB=1 xvfb-run --auto-servernum --server-args="-screen 0 1280x820x24" "$0" "$@"
fi

out=resources/screenshots
mkdir -p "$out"
home=$(mktemp -d)
trap 'kill $(jobs -p) 2> /dev/null || true; rm -rf "$home"' EXIT

shot() { # NAME: the whole display, which the window fills
  xwd -root -silent | xwdtopnm 2> /dev/null | pnmtopng > "$out/$1.png"
  echo "screenshots: $out/$1.png"
}
view() { # KEY NAME: switch the window to a view by its shortcut, let it draw, take it
  xdotool search --name "$window" windowfocus --sync key --clearmodifiers "$1"
  sleep 2
  shot "$2"
}
wait_for_window() {
  for _ in $(seq 60); do
    xdotool search --name "$window" > /dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "screenshots: no window named '$window' appeared; what the program said:" >&2
  cat "$home"/*.log >&2
  exit 1
}

# A new hub: the welcome page.
window="^Integrator$"
HOME="$home/new" build/app/integrator --db "$home/new/hub.db" --listen 127.0.0.1:28690 > "$home/new.log" 2>&1 &
new=$!
wait_for_window
sleep 3
shot welcome
kill -TERM "$new"
wait "$new" || true

# The demo, once each of its outages has been seen.
window="^Integrator demo$"
HOME="$home/demo" build/app/integrator --demo > "$home/demo.log" 2>&1 &
wait_for_window
sleep "${SCREENSHOTS_DEMO_SECONDS:-70}"
view ctrl+1 dashboard
view ctrl+4 endpoints
view ctrl+2 messages
view ctrl+3 objects # the demo shows the newest order's history there
sleep 40
view ctrl+8 alerts
