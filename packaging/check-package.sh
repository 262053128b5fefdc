#!/usr/bin/env bash
# Builds the Debian package (CPack, from build/) and checks it as it would be installed: unpacked into a
# scratch root, with its control fields, its files, the desktop entry and AppStream metainfo validated, and
# the installed program run from those files alone (no build folder, a clean environment): --version, a
# headless start, a push taken in and found again, and a clean stop on SIGTERM. Run by packaging/test.sh
# after the build; prints where the package is.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "package: $*" >&2
  exit 1
}

out=build/package
rm -rf "$out"
cpack --config build/CPackConfig.cmake -G DEB -B "$PWD/$out" > "$out.log" 2>&1 || { cat "$out.log"; fail "cpack failed"; }
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' build/CMakeCache.txt)
deb="$out/integrator_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || fail "no $deb (cpack made: $(ls "$out"))"

scratch=$(mktemp -d)
headless_pid=
cleanup() {
  if [ -n "$headless_pid" ]; then kill -KILL "$headless_pid" 2> /dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
root="$scratch/root"
dpkg-deb -x "$deb" "$root"

# The control fields: its name and version, and dependencies that name real packages, Qt's among them.
[ "$(dpkg-deb -f "$deb" Package)" = integrator ] || fail "the package is not named integrator"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "the package's version is not $version"
depends=$(dpkg-deb -f "$deb" Depends)
for needed in libqt6core6 libqt6widgets6 libqt6httpserver6 libcurl4 libsqlite3-0 libqt6sql6-sqlite libqt6svg6; do
  grep -qw "$needed" <<< "$depends" || fail "Depends lacks $needed: $depends"
done
for dep in $(tr ',' '\n' <<< "$depends" | sed 's/(.*)//; s/|.*//' | tr -d ' '); do
  dpkg-query -W -f='${Status}' "$dep" 2> /dev/null | grep -q 'install ok installed' ||
    fail "the dependency $dep is not a package installed here"
done

# Its files.
app_id=org.integratorhub.Integrator
files=(
  usr/bin/integrator
  "usr/share/applications/$app_id.desktop"
  "usr/share/metainfo/$app_id.metainfo.xml"
  usr/share/icons/hicolor/scalable/apps/integrator.svg
  usr/share/man/man1/integrator.1.gz
  usr/lib/systemd/user/integrator.service
)
for size in 48 64 128 256; do
  files+=("usr/share/icons/hicolor/${size}x${size}/apps/integrator.png")
done
for f in "${files[@]}"; do
  [ -s "$root/$f" ] || fail "it does not install /$f"
done
# Each PNG is as large as its folder says: its IHDR's width and height, big-endian, at bytes 16 to 23.
for size in 48 64 128 256; do
  read -r w1 w2 w3 w4 h1 h2 h3 h4 < <(od -An -tu1 -j16 -N8 "$root/usr/share/icons/hicolor/${size}x${size}/apps/integrator.png")
  [ $(((w1 << 24) | (w2 << 16) | (w3 << 8) | w4)) -eq "$size" ] && [ $(((h1 << 24) | (h2 << 16) | (h3 << 8) | h4)) -eq "$size" ] ||
    fail "the ${size}x${size} icon is not ${size} pixels square"
done
desktop-file-validate "$root/usr/share/applications/$app_id.desktop" || fail "the desktop entry is not valid"
appstreamcli validate --no-net "$root/usr/share/metainfo/$app_id.metainfo.xml" > "$scratch/appstream.log" 2>&1 ||
  { cat "$scratch/appstream.log"; fail "the AppStream metainfo is not valid"; }
grep -qx 'ExecStart=/usr/bin/integrator --headless' "$root/usr/lib/systemd/user/integrator.service" ||
  fail "the systemd user unit does not start /usr/bin/integrator --headless"
gzip -t "$root/usr/share/man/man1/integrator.1.gz" || fail "the manual page is not gzip"
if readelf -d "$root/usr/bin/integrator" | grep -qE 'RPATH|RUNPATH'; then
  fail "the installed program still looks for libraries in $(readelf -d "$root/usr/bin/integrator" | grep -E 'RPATH|RUNPATH')"
fi

# The installed program, from the installed files alone.
home="$scratch/home"
mkdir -p "$home"
installed=(env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 "$root/usr/bin/integrator")
run() { "${installed[@]}" "$@"; }
[ "$(run --version)" = "integrator $version" ] || fail "the installed integrator --version said '$(run --version)'"

token=package-check-token-0123456789
cat > "$scratch/config.json" << JSON
{"version": 1, "stores": [{"id": "shop", "name": "Shop", "push_token": "$token"}]}
JSON
run config import "$scratch/config.json" --db "$home/hub.db" > /dev/null || fail "the installed integrator cannot import a configuration"
port=28520
while (: < "/dev/tcp/127.0.0.1/$port") 2> /dev/null; do
  port=$((port + 1))
done
# exec: the job is the program itself (env execs it too), so that SIGTERM reaches it and not a shell.
(exec "${installed[@]}" --headless --db "$home/hub.db" --listen "127.0.0.1:$port" > "$scratch/headless.log" 2>&1) &
headless_pid=$!
for _ in $(seq 100); do
  grep -q "running headless" "$scratch/headless.log" && break
  kill -0 "$headless_pid" 2> /dev/null || { cat "$scratch/headless.log"; fail "the installed integrator --headless stopped by itself"; }
  sleep 0.2
done
grep -q "running headless" "$scratch/headless.log" || { cat "$scratch/headless.log"; fail "the installed integrator --headless did not start"; }
echo '{"message": "order:new", "payload": {"order": {"number": "R900000001"}}}' > "$scratch/order.json"
run push --url "http://127.0.0.1:$port" --store shop --token "$token" "$scratch/order.json" > "$scratch/push.log" 2>&1 ||
  { cat "$scratch/push.log" "$scratch/headless.log"; fail "the installed integrator's push was not taken in"; }
run history order:R900000001 --db "$home/hub.db" | grep -q order:new || fail "the pushed order is not in its history"
kill -TERM "$headless_pid"
status=0
wait "$headless_pid" || status=$?
headless_pid=
[ "$status" -eq 0 ] && grep -q "shutting down" "$scratch/headless.log" ||
  { cat "$scratch/headless.log"; fail "the installed integrator --headless did not stop cleanly on SIGTERM (exit $status)"; }

echo "package: $deb ($(du -k "$deb" | cut -f1) KB) installs and runs: --version, a headless start, a push, a clean stop"
