#!/usr/bin/env bash
# Runs the README's test command as a newcomer would on a fresh Debian 12 machine, and fails when it fails:
# a minimal root (debootstrap --variant=minbase bookworm, plus git, sudo and ca-certificates), an ordinary
# user who may use sudo, a clone of this repository's HEAD in their home, then packaging/test.sh there, and
# then packaging/run.sh as packaging/first-start.sh makes it.
# A package the install script forgets is missing here, so the build or a test fails. CI runs this (.ci/run).
#
# Needs root on the host (it installs debootstrap if missing). Between runs on one machine it keeps, in
# $INTEGRATOR_FRESH_CACHE (default /var/cache/integrator-fresh-machine):
#   base.tar    the root exactly as debootstrap made it; made again when older than a week
#   archives/   the .deb files apt downloaded inside the root, so they are not downloaded again; apt still
#               checks each against the signed package lists and installs it, as on a fresh machine
# Nothing else carries over: every run unpacks base.tar afresh and builds from nothing.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${INTEGRATOR_FRESH_CACHE:-/var/cache/integrator-fresh-machine}
user=newcomer

if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=INTEGRATOR_FRESH_CACHE "$0" "$@"
fi

started=$(date +%s)
elapsed() { echo "$(($(date +%s) - started)) s"; }

if ! command -v debootstrap > /dev/null; then
  echo "fresh machine: installing debootstrap on this host"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
fi

mkdir -p "$cache/archives" "$cache/runs"

# The minimal root, as the issue that asked for this check made it by hand.
if [ ! -f "$cache/base.tar" ] || [ -n "$(find "$cache/base.tar" -mtime +7)" ]; then
  echo "fresh machine: making a minimal Debian 12 root with debootstrap"
  staging=$(mktemp -d "$cache/runs/debootstrap.XXXXXX")
  if ! debootstrap --variant=minbase --include=git,sudo,ca-certificates bookworm "$staging" \
    > "$cache/debootstrap.log" 2>&1; then
    tail -n 30 "$cache/debootstrap.log"
    rm -rf "$staging"
    exit 1
  fi
  chmod 0755 "$staging" # mktemp's 0700 would be the root's own mode, and shut the user out of /
  tar -C "$staging" -cf "$cache/base.tar.new" .
  mv "$cache/base.tar.new" "$cache/base.tar"
  rm -rf "$staging"
  echo "fresh machine: root made ($(elapsed))"
fi

run=$(mktemp -d "$cache/runs/run.XXXXXX")
# The mounts below live in a private mount namespace and end with it, so removing the folder is safe.
trap 'rm -rf "$run"' EXIT
root="$run/root"
mkdir "$root"
tar -C "$root" -xf "$cache/base.tar"
chmod 0755 "$root"

# What a Debian installation has and debootstrap leaves out: a hosts file and a person's account.
cat > "$root/etc/hosts" << EOF
127.0.0.1	localhost
127.0.1.1	$(hostname)
::1	localhost ip6-localhost ip6-loopback
EOF
chroot "$root" useradd --create-home --shell /bin/bash --groups sudo "$user"
echo "$user ALL=(ALL:ALL) NOPASSWD: ALL" > "$root/etc/sudoers.d/$user"
chmod 0440 "$root/etc/sudoers.d/$user"
echo 'Acquire::Retries "3";' > "$root/etc/apt/apt.conf.d/80retries"

if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  echo "fresh machine: note: uncommitted changes in $repo are not part of the clone"
fi
git clone --quiet --no-hardlinks "$repo" "$root/home/$user/integrator"
chroot "$root" chown -R "$user:$user" "/home/$user/integrator"
echo "fresh machine: clone of $(git -C "$repo" rev-parse --short HEAD) in a fresh root ($(elapsed))"

status=0
unshare --mount --fork /bin/bash -euo pipefail -c '
  root=$1 cache=$2 user=$3
  mount -t proc proc "$root/proc"
  mount --rbind /sys "$root/sys"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
  mount --bind "$cache/archives" "$root/var/cache/apt/archives"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  exec chroot "$root" /bin/su --login "$user" --command "cd integrator && packaging/test.sh && packaging/first-start.sh"
' fresh-machine "$root" "$cache" "$user" || status=$?

if [ "$status" -eq 0 ]; then
  echo "fresh machine: the README's two commands passed in a fresh Debian 12 root ($(elapsed))"
else
  echo "fresh machine: the README's commands FAILED in a fresh Debian 12 root (exit $status, $(elapsed))"
fi
exit "$status"
