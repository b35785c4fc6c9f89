#!/bin/sh
# Entry point of the Bourse node image (deploy/Dockerfile): works out this member's id and the members' hosts,
# writes the effective properties file, and runs BourseNode in the foreground (as PID 1, so SIGTERM reaches
# the JVM and the node closes cleanly).
#
#   docker-entrypoint.sh              start the node
#   docker-entrypoint.sh CMD ARGS...  run another command in the image instead (e.g. java ... ClusterTool)
#
# Environment (all optional except a way to know the member id):
#   BOURSE_CONFIG          base properties file (default /etc/bourse/bourse.properties; may be absent)
#   BOURSE_MEMBER_ID       this member's id; wins over the StatefulSet ordinal
#   BOURSE_POD_NAME        pod name (downward API metadata.name); its ordinal suffix "-N" is the member id
#   BOURSE_CLUSTER_SIZE    with BOURSE_POD_NAME: derive bourse.hosts from the StatefulSet, member i being
#                          <statefulset>-i.<BOURSE_SERVICE_NAME>.<BOURSE_NAMESPACE>.svc.<BOURSE_CLUSTER_DOMAIN>
#   BOURSE_SERVICE_NAME    the headless Service (required with BOURSE_CLUSTER_SIZE)
#   BOURSE_NAMESPACE       the namespace (downward API metadata.namespace; required with BOURSE_CLUSTER_SIZE)
#   BOURSE_CLUSTER_DOMAIN  the cluster's DNS domain (default cluster.local)
#   BOURSE_POD_IP          this pod's IP (downward API status.podIP): replaces @POD_IP@ in the properties and
#                          is what this member's own name must resolve to before the node starts
#   BOURSE_SESSION_KEY_FILE  file holding the hex session key (a mounted Secret); never passed on a command line
#   BOURSE_RUNTIME_DIR     where the effective properties file is written, mode 0600 (default /run/bourse)
#   BOURSE_DNS_WAIT_SECONDS  how long to wait for this member's own name to resolve (default 120)
#   BOURSE_PEER_DNS_WAIT_SECONDS  how long to wait for the other members' names, then start anyway (default 30)
#   JAVA_OPTS              extra JVM options (heap etc.); the Aeron --add-opens are always passed
#
# In the properties, @MEMBER_ID@, @POD_IP@ and @HOST@ (this member's host name) are replaced, so that one
# ConfigMap can hold per-member values such as a market-data channel bound to the pod's own address.
set -eu
set -f  # JAVA_OPTS is split into words below: never glob them (-Xlog:gc* must stay as written)

say() { printf 'bourse-entrypoint: %s\n' "$*"; }
fail() { printf 'bourse-entrypoint: %s\n' "$*" >&2; exit 64; }

if [ "$#" -gt 0 ]; then
    exec "$@"
fi

home="${BOURSE_HOME:-/opt/bourse}"
base_config="${BOURSE_CONFIG:-/etc/bourse/bourse.properties}"
runtime_dir="${BOURSE_RUNTIME_DIR:-/run/bourse}"
config="$runtime_dir/node.properties"

is_count() {
    case "$1" in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac
}

# ------------------------------------------------------------------------------------------------- member id

member_id="${BOURSE_MEMBER_ID:-}"
if [ -z "$member_id" ] && [ -n "${BOURSE_POD_NAME:-}" ]; then
    member_id="${BOURSE_POD_NAME##*-}"
    is_count "$member_id" || fail "BOURSE_POD_NAME=$BOURSE_POD_NAME does not end in -<ordinal>"
    say "member id $member_id from the StatefulSet ordinal of pod $BOURSE_POD_NAME"
fi
[ -n "$member_id" ] || fail "set BOURSE_MEMBER_ID, or BOURSE_POD_NAME to a StatefulSet pod name (name-<ordinal>)"
is_count "$member_id" || fail "member id must be a whole number: $member_id"

# ------------------------------------------------------------------------------------------------- hosts

hosts=""
own_host=""
if [ -n "${BOURSE_CLUSTER_SIZE:-}" ]; then
    is_count "$BOURSE_CLUSTER_SIZE" || fail "BOURSE_CLUSTER_SIZE must be a whole number: $BOURSE_CLUSTER_SIZE"
    [ -n "${BOURSE_POD_NAME:-}" ] || fail "BOURSE_CLUSTER_SIZE needs BOURSE_POD_NAME (the StatefulSet's pod name)"
    [ -n "${BOURSE_SERVICE_NAME:-}" ] || fail "BOURSE_CLUSTER_SIZE needs BOURSE_SERVICE_NAME (the headless Service)"
    [ -n "${BOURSE_NAMESPACE:-}" ] || fail "BOURSE_CLUSTER_SIZE needs BOURSE_NAMESPACE (downward API)"
    [ "$member_id" -lt "$BOURSE_CLUSTER_SIZE" ] ||
        fail "member id $member_id is not below BOURSE_CLUSTER_SIZE=$BOURSE_CLUSTER_SIZE: the StatefulSet was" \
            "scaled beyond the cluster's static membership (scale it back; see RUNBOOK.md)"
    statefulset="${BOURSE_POD_NAME%-*}"
    domain="$BOURSE_SERVICE_NAME.$BOURSE_NAMESPACE.svc.${BOURSE_CLUSTER_DOMAIN:-cluster.local}"
    i=0
    while [ "$i" -lt "$BOURSE_CLUSTER_SIZE" ]; do
        host="$statefulset-$i.$domain"
        if [ "$i" -eq "$member_id" ]; then own_host="$host"; fi
        hosts="${hosts:+$hosts,}$host"
        i=$((i + 1))
    done
elif [ -f "$base_config" ]; then
    configured="$(sed -n 's/^[[:space:]]*bourse\.hosts[[:space:]]*[=:][[:space:]]*//p' "$base_config" | tail -n 1)"
    if [ -n "$configured" ]; then
        own_host="$(printf '%s\n' "$configured" | tr ',' '\n' | sed -n "$((member_id + 1))p" | tr -d '[:space:]')"
    fi
fi

# Aeron binds this member's endpoints to the address its own name resolves to: wait until the name resolves
# (a StatefulSet pod's DNS record appears shortly after the pod gets its IP) and, when the pod IP is known,
# until it resolves to this pod and not to a previous incarnation's address.
resolves() {
    getent hosts "$1" | awk '{print $1}'
}

if [ -n "$own_host" ] && command -v getent >/dev/null 2>&1; then
    waited=0
    limit="${BOURSE_DNS_WAIT_SECONDS:-120}"
    while :; do
        addresses="$(resolves "$own_host" || true)"
        if [ -n "$addresses" ] && { [ -z "${BOURSE_POD_IP:-}" ] ||
            printf '%s\n' "$addresses" | grep -qx "$BOURSE_POD_IP"; }; then
            break
        fi
        [ "$waited" -lt "$limit" ] ||
            fail "this member's host $own_host does not resolve${BOURSE_POD_IP:+ to $BOURSE_POD_IP} after" \
                "${limit} s (headless Service with publishNotReadyAddresses: true?)"
        if [ $((waited % 10)) -eq 0 ]; then
            say "waiting for $own_host to resolve${BOURSE_POD_IP:+ to $BOURSE_POD_IP} (${waited} s)"
        fi
        sleep 1
        waited=$((waited + 1))
    done
    if [ -n "$hosts" ]; then
        waited=0
        limit="${BOURSE_PEER_DNS_WAIT_SECONDS:-30}"
        for host in $(printf '%s\n' "$hosts" | tr ',' ' '); do
            while [ -z "$(resolves "$host" || true)" ] && [ "$waited" -lt "$limit" ]; do
                sleep 1
                waited=$((waited + 1))
            done
            [ -n "$(resolves "$host" || true)" ] ||
                say "warning: $host does not resolve yet; starting anyway (the consensus module records a peer it" \
                    "cannot resolve as an error and tries again)"
        done
    fi
fi

# ------------------------------------------------------------------------------------------------- properties

umask 077
mkdir -p "$runtime_dir"
{
    printf '# Written by docker-entrypoint.sh at start; do not edit (edit %s and restart).\n' "$base_config"
    if [ -f "$base_config" ]; then
        sed -e "s/@MEMBER_ID@/$member_id/g" -e "s/@POD_IP@/${BOURSE_POD_IP:-}/g" -e "s/@HOST@/$own_host/g" \
            "$base_config"
        printf '\n'
    fi
    printf 'bourse.member.id=%s\n' "$member_id"
    if [ -n "$hosts" ]; then
        printf 'bourse.hosts=%s\n' "$hosts"
    fi
    if [ -n "${BOURSE_SESSION_KEY_FILE:-}" ]; then
        [ -r "$BOURSE_SESSION_KEY_FILE" ] || fail "cannot read BOURSE_SESSION_KEY_FILE=$BOURSE_SESSION_KEY_FILE"
        printf 'bourse.session.key=%s\n' "$(tr -d '[:space:]' < "$BOURSE_SESSION_KEY_FILE")"
    fi
} > "$config"
if grep -q '@POD_IP@\|@MEMBER_ID@\|@HOST@' "$config"; then
    fail "a placeholder in $base_config has no value here (is BOURSE_POD_IP set?)"
fi

say "member $member_id${own_host:+ on $own_host}${hosts:+, members $hosts}; properties $config"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options, split on purpose (globbing is off)
exec java ${JAVA_OPTS:-} \
    --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    -cp "$home/lib/*" \
    dev.bourse.node.BourseNode "$config"
