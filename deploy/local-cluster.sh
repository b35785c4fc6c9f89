#!/usr/bin/env bash
# A three-member Bourse cluster on 127.0.0.1, one BourseNode process per member, for development and demos.
#
#   deploy/local-cluster.sh start [--fresh]   build if needed, start 3 nodes in the background, wait for a leader
#   deploy/local-cluster.sh status            each member: pid, alive, role, HTTP URLs; the consensus module's view
#   deploy/local-cluster.sh stop              SIGTERM every node, wait, SIGKILL stragglers (idempotent)
#   deploy/local-cluster.sh demo              fresh cluster + the trading demo + stop, whatever happens (main command)
#   deploy/local-cluster.sh client            run the trading demo against the running cluster
#   deploy/local-cluster.sh md-tail [ARGS]    watch the market-data feed (md-tail --help for its options)
#   deploy/local-cluster.sh logs [-f|N]       the last N (default 20) lines of every node log, or follow them
#   deploy/local-cluster.sh tool ID CMD...    Aeron's ClusterTool on member ID's cluster dir (describe, errors, ...)
#   deploy/local-cluster.sh ops ARGS...       the ops CLI (status, snapshot, compact, drill, ...; ops --help)
#   deploy/local-cluster.sh clean             delete the run directory (cluster must be stopped)
#
# Environment: BOURSE_PORT_BASE (20000: member i uses UDP base+100*i .. +4, and TCP base+100*i+5 for its HTTP
# endpoint: /metrics /health /ready /status), BOURSE_RUN_DIR (data/local),
# BOURSE_START_TIMEOUT (60 s, until a leader is elected), BOURSE_STOP_TIMEOUT (20 s, before SIGKILL),
# BOURSE_JAVA_OPTS (extra JVM options for nodes and clients). Loopback only.
set -euo pipefail

caller_dir="$PWD"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

members=(0 1 2)
run_dir="${BOURSE_RUN_DIR:-data/local}"
case "$run_dir" in /*) ;; *) run_dir="$root/$run_dir" ;; esac
start_timeout="${BOURSE_START_TIMEOUT:-60}"
stop_timeout="${BOURSE_STOP_TIMEOUT:-20}"
java_opts=(--add-opens java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
    -Xms64m -Xmx256m)
if [ -n "${BOURSE_JAVA_OPTS:-}" ]; then
    read -r -a extra_opts <<< "$BOURSE_JAVA_OPTS"
    java_opts+=("${extra_opts[@]}")
fi
node_cp_file=cluster-node/target/runtime.classpath
client_cp_file=client-sdk/target/runtime.classpath
build_stamp=cluster-node/target/local-cluster.built

say() { printf '%s\n' "$*"; }
fail() { printf 'local-cluster: %s\n' "$*" >&2; exit 1; }

# The port base of the cluster in the run dir if one was started there, else the environment's, else 20000.
port_base() {
    if [ -f "$run_dir/cluster.env" ]; then
        sed -n 's/^port_base=//p' "$run_dir/cluster.env"
    else
        printf '%s\n' "${BOURSE_PORT_BASE:-20000}"
    fi
}

ingress_endpoints() {
    local base
    base="$(port_base)"
    printf '0=127.0.0.1:%d,1=127.0.0.1:%d,2=127.0.0.1:%d' "$base" $((base + 100)) $((base + 200))
}

# ------------------------------------------------------------------------------------------------------ build

build_if_needed() {
    command -v java >/dev/null || fail "java not found: install Java 17+"
    if [ -f "$build_stamp" ] && [ -f "$node_cp_file" ] && [ -f "$client_cp_file" ] && [ -z "$(find . \
            \( -path ./.git -o -path ./data -o -name target \) -prune -o \( -name '*.java' -o -name '*.xml' \) \
            -newer "$build_stamp" -print -quit)" ]; then
        return
    fi
    command -v mvn >/dev/null || fail "mvn not found: install Maven 3.8+"
    say "building (nothing built yet, or sources changed since the last build; the first build downloads" \
        "dependencies) ..."
    local started=$SECONDS
    # One reactor run, so sibling modules resolve to their freshly built jars, never to a stale ~/.m2 copy.
    # (Maven 3.8 prints stray colour resets even with -q -B: filtered out; pipefail keeps Maven's exit status.)
    mvn -B -q -Dstyle.color=never -DskipTests -pl cluster-node,client-sdk -am package dependency:build-classpath \
        -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime 2>&1 | \
        awk '{ gsub(/\033\[[0-9;]*m/, ""); if (length($0) > 0) print }'
    touch "$build_stamp"
    say "built in $((SECONDS - started)) s"
}

node_classpath() { printf '%s:%s' cluster-node/target/classes "$(cat "$node_cp_file")"; }
client_classpath() { printf '%s:%s' client-sdk/target/classes "$(cat "$client_cp_file")"; }

# ------------------------------------------------------------------------------------------------------ state

pid_file() { printf '%s/node-%s.pid' "$run_dir" "$1"; }
log_file() { printf '%s/node-%s.log' "$run_dir" "$1"; }

# The pid of member $1 if its process is alive and is a BourseNode (not a recycled pid), else nothing.
live_pid() {
    local file pid
    file="$(pid_file "$1")"
    [ -f "$file" ] || return 0
    pid="$(cat "$file")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && ps -p "$pid" -o args= 2>/dev/null | grep -q BourseNode; then
        printf '%s\n' "$pid"
    fi
}

# The member's last logged role (LEADER, FOLLOWER, CANDIDATE), or nothing if it never logged one.
logged_role() {
    local file
    file="$(log_file "$1")"
    [ -f "$file" ] || return 0
    { grep -o "is now [A-Z]*" "$file" || true; } | tail -n 1 | sed 's/is now //'
}

# Member id of the leader per the logs (the one member whose last role is LEADER), or nothing.
leader_member() {
    local id leaders=()
    for id in "${members[@]}"; do
        if [ -n "$(live_pid "$id")" ] && [ "$(logged_role "$id")" = LEADER ]; then
            leaders+=("$id")
        fi
    done
    if [ "${#leaders[@]}" -eq 1 ]; then
        printf '%s\n' "${leaders[0]}"
    fi
}

# Role for display: the logged one; a live member that never changed role is a follower (Aeron's initial role).
display_role() {
    local role
    role="$(logged_role "$1")"
    if [ -z "$(live_pid "$1")" ]; then
        printf 'down'
    elif [ -n "$role" ]; then
        printf '%s' "$role"
    else
        printf 'FOLLOWER (initial role)'
    fi
}

running_count() {
    local id count=0
    for id in "${members[@]}"; do
        if [ -n "$(live_pid "$id")" ]; then count=$((count + 1)); fi
    done
    printf '%s\n' "$count"
}

print_roles() {
    local id
    for id in "${members[@]}"; do
        printf '  member %s  pid %-8s %-24s ingress 127.0.0.1:%s  log %s\n' "$id" "$(live_pid "$id" || true)" \
            "$(display_role "$id")" $(($(port_base) + 100 * id)) "${run_dir#"$root"/}/node-$id.log"
    done
}

# Are the UDP ports of the members about to start ($2...) taken already? (best effort: needs ss)
check_ports_free() {
    local base="$1" id port taken="" used
    shift
    command -v ss >/dev/null || return 0
    used=" $(ss -Hlun 2>/dev/null | awk '{print $4}' | sed 's/.*://' | sort -un | tr '\n' ' ') "
    for id in "$@"; do
        for port in $((base + 100 * id)) $((base + 100 * id + 1)) $((base + 100 * id + 2)) \
                $((base + 100 * id + 3)) $((base + 100 * id + 4)); do
            case "$used" in *" $port "*) taken="$taken $port" ;; esac
        done
    done
    if [ -n "$taken" ]; then
        fail "UDP port(s)$taken are in use already: another cluster runs there? Stop it, or choose another" \
            "port base, e.g. BOURSE_PORT_BASE=30000 (member i uses base+100*i .. base+100*i+4)"
    fi
}

# ------------------------------------------------------------------------------------------------------ commands

cmd_start() {
    local fresh=false
    if [ "${1:-}" = --fresh ]; then fresh=true; fi

    local id to_start=()
    for id in "${members[@]}"; do
        if [ -z "$(live_pid "$id")" ]; then to_start+=("$id"); fi
    done
    if [ "${#to_start[@]}" -eq 0 ]; then
        say "a local cluster is running already in ${run_dir#"$root"/}:"
        print_roles
        return 0
    fi
    local partial=false
    if [ "${#to_start[@]}" -lt "${#members[@]}" ]; then
        partial=true
        $fresh && fail "--fresh needs the whole cluster stopped: $0 stop first"
        say "restarting the member(s) that are down: ${to_start[*]} (the others keep running)"
    fi

    build_if_needed

    if $fresh; then
        rm -rf "$run_dir"
    fi
    mkdir -p "$run_dir"
    local base="${BOURSE_PORT_BASE:-20000}"
    if [ -f "$run_dir/cluster.env" ] && [ "$(port_base)" != "$base" ]; then
        say "note: this run dir was used with port base $(port_base); its data is only valid with the same" \
            "ports, so starting with $(port_base) (use --fresh or clean for a new base)"
        base="$(port_base)"
    fi
    check_ports_free "$base" "${to_start[@]}"
    printf 'port_base=%s\n' "$base" > "$run_dir/cluster.env"

    local cp
    cp="$(node_classpath)"
    local launcher=()
    # setsid: the nodes do not get the terminal's Ctrl-C; they are stopped by 'stop' (or the demo's trap).
    if command -v setsid >/dev/null; then launcher=(setsid); else launcher=(nohup); fi
    for id in "${to_start[@]}"; do
        # Keep one previous log: a restarted member's roles start afresh.
        if [ -f "$(log_file "$id")" ]; then mv "$(log_file "$id")" "$(log_file "$id").1"; fi
        "${launcher[@]}" java "${java_opts[@]}" -cp "$cp" \
            -Dbourse.member.id="$id" \
            -Dbourse.port.base="$base" \
            -Dbourse.dir="$run_dir" \
            -Dbourse.accounts.file="$root/deploy/accounts.txt" \
            dev.bourse.node.BourseNode > "$(log_file "$id")" 2>&1 < /dev/null &
        printf '%s\n' "$!" > "$(pid_file "$id")"
    done
    say "started member(s) ${to_start[*]} (port base $base, data in ${run_dir#"$root"/}); waiting up to" \
        "${start_timeout} s for a leader ..."

    local started=$SECONDS leader=""
    while [ -z "$leader" ]; do
        for id in "${members[@]}"; do
            if [ -z "$(live_pid "$id")" ]; then
                say "member $id is not running; the end of its log:"
                tail -n 30 "$(log_file "$id")" | sed 's/^/    /'
                $partial || cmd_stop
                fail "start failed"
            fi
        done
        if [ $((SECONDS - started)) -ge "$start_timeout" ]; then
            say "no leader was elected within ${start_timeout} s (BOURSE_START_TIMEOUT); the end of each log:"
            for id in "${members[@]}"; do
                say "  -- member $id"
                tail -n 10 "$(log_file "$id")" | sed 's/^/    /'
            done
            $partial || cmd_stop
            fail "start failed"
        fi
        sleep 0.25
        leader="$(leader_member)"
    done
    say "member $leader is LEADER after $((SECONDS - started)) s; client ingress endpoints: $(ingress_endpoints)"
    print_roles
}

cmd_status() {
    local running
    running="$(running_count)"
    if [ ! -d "$run_dir" ] || [ ! -f "$run_dir/cluster.env" ]; then
        say "no local cluster in ${run_dir#"$root"/} (never started)"
        return 3
    fi
    say "local cluster in ${run_dir#"$root"/}, port base $(port_base): $running of ${#members[@]} members running"
    print_roles
    local member
    for member in "${members[@]}"; do
        say "  member $member  metrics http://127.0.0.1:$(($(port_base) + 100 * member + 5))/metrics  (also /status" \
            "/health /ready)"
    done
    if [ "$running" -eq 0 ]; then
        say "DOWN"
        return 3
    fi

    # The consensus module's own view, from the first live member (Aeron's ClusterTool; needs a live node).
    local id
    for id in "${members[@]}"; do
        if [ -n "$(live_pid "$id")" ] && [ -f "$node_cp_file" ]; then
            say "consensus module's view (ClusterTool list-members on member $id):"
            summarize_members "$(run_tool "$id" list-members 2>&1 || true)"
            break
        fi
    done

    if [ "$running" -lt "${#members[@]}" ]; then
        say "DEGRADED: $(( ${#members[@]} - running )) member(s) down"
        return 1
    fi
    if [ -z "$(leader_member)" ]; then
        say "NO LEADER (per the logs)"
        return 1
    fi
    say "UP: leader is member $(leader_member)"
}

cmd_stop() {
    local id pid pids=() stopped=0
    for id in "${members[@]}"; do
        pid="$(live_pid "$id")"
        if [ -n "$pid" ]; then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$id:$pid")
        fi
    done
    if [ "${#pids[@]}" -eq 0 ]; then
        say "no local cluster member is running"
        rm -f "$run_dir"/node-*.pid
        return 0
    fi
    say "sent SIGTERM to ${#pids[@]} member(s); waiting up to ${stop_timeout} s for them to exit ..."

    local started=$SECONDS entry alive
    while :; do
        alive=0
        for entry in "${pids[@]}"; do
            if kill -0 "${entry#*:}" 2>/dev/null; then alive=$((alive + 1)); fi
        done
        if [ "$alive" -eq 0 ] || [ $((SECONDS - started)) -ge "$stop_timeout" ]; then break; fi
        sleep 0.2
    done

    for entry in "${pids[@]}"; do
        id="${entry%%:*}"
        pid="${entry#*:}"
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
            say "  member $id (pid $pid) did not exit in ${stop_timeout} s: killed (SIGKILL)"
        else
            stopped=$((stopped + 1))
            say "  member $id (pid $pid) stopped"
        fi
        rm -f "$(pid_file "$id")"
    done
    say "stopped $stopped of ${#pids[@]} cleanly in $((SECONDS - started)) s"
}

run_tool() {
    local id="$1"
    shift
    java "${java_opts[@]}" -cp "$(node_classpath)" io.aeron.cluster.ClusterTool "$run_dir/node-$id/cluster" "$@"
}

# One line per member from ClusterTool list-members output; the raw output if it does not parse.
summarize_members() {
    local output="$1" leader lines
    leader="$(printf '%s' "$output" | grep -o 'leaderMemberId=[0-9-]*' | head -n 1 | sed 's/.*=//')"
    local fields='ClusterMember\{id=([0-9]+), isBallotSent=[a-z]+, isLeader=([a-z]+), leadershipTermId=([0-9-]+), '
    fields+='logPosition=([0-9-]+)'
    lines="$(printf '%s' "$output" | grep -o -E "$fields" | \
        sed -E "s/$fields/  member \\1  leader=\\2  leadership term \\3  log position \\4/")"
    if [ -z "$leader" ] || [ -z "$lines" ]; then
        printf '%s\n' "$output" | sed 's/^/  /'
        return
    fi
    say "  leader member $leader"
    say "$lines"
}

cmd_tool() {
    [ $# -ge 2 ] || fail "usage: $0 tool MEMBER_ID COMMAND (describe, list-members, errors, pid, ...)"
    [ -d "$run_dir/node-$1/cluster" ] || fail "no cluster dir for member $1 in ${run_dir#"$root"/}"
    build_if_needed
    run_tool "$@"
}

run_client() {
    local timeout_cmd=()
    # --foreground: Ctrl-C still reaches the demo (plain timeout would put it in a process group of its own).
    if command -v timeout >/dev/null; then timeout_cmd=(timeout --foreground 120); fi
    "${timeout_cmd[@]}" java "${java_opts[@]}" -cp "$(client_classpath)" \
        -Dbourse.client.ingress.endpoints="$(ingress_endpoints)" \
        dev.bourse.client.example.LocalExchangeDemo
}

cmd_client() {
    [ "$(running_count)" -gt 0 ] || fail "no local cluster is running: start one with $0 start"
    build_if_needed
    run_client
}

# The ops CLI (dev.bourse.node.ops.BourseOps) with the node classpath, run from the caller's directory so that
# relative paths in its arguments mean what the caller means; it finds the repository through -Dbourse.ops.root.
cmd_ops() {
    build_if_needed >&2
    local cp
    cp="$root/$(node_classpath)"
    cd "$caller_dir"
    exec java "${java_opts[@]}" -Dbourse.ops.root="$root" -cp "$cp" dev.bourse.node.ops.BourseOps "$@"
}

cmd_md_tail() {
    build_if_needed
    exec java "${java_opts[@]}" -cp "$(client_classpath)" dev.bourse.client.tools.MdTail "$@"
}

demo_cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    say ""
    say "== stopping the cluster"
    cmd_stop || true
    exit "$rc"
}

cmd_demo() {
    if [ "$(running_count)" -gt 0 ]; then
        fail "a local cluster is running already in ${run_dir#"$root"/}: stop it first ($0 stop), or run the" \
            "demo against it with $0 client"
    fi
    local started=$SECONDS
    trap demo_cleanup EXIT
    trap 'exit 130' INT TERM

    say "== starting a fresh three-member cluster on 127.0.0.1"
    cmd_start --fresh
    local leader
    leader="$(leader_member)"

    say ""
    say "== running the demo (dev.bourse.client.example.LocalExchangeDemo)"
    local demo_rc=0
    run_client || demo_rc=$?

    say ""
    say "== summary"
    say "  leader before the demo: member $leader; after: member $(leader_member || true)"
    print_roles
    local errors
    errors="$(cat "$run_dir"/node-*.log | grep -c -E 'Exception|ERROR' || true)"
    say "  lines with Exception/ERROR in the node logs: $errors"
    if [ "$demo_rc" -eq 0 ]; then
        say "  demo: OK (exit 0) in $((SECONDS - started)) s in all"
    else
        say "  demo: FAILED (exit $demo_rc); node logs are kept in ${run_dir#"$root"/}"
    fi
    return "$demo_rc"
}

cmd_logs() {
    local arg="${1:-20}" id files=()
    for id in "${members[@]}"; do
        if [ -f "$(log_file "$id")" ]; then files+=("$(log_file "$id")"); fi
    done
    [ "${#files[@]}" -gt 0 ] || fail "no node logs in ${run_dir#"$root"/}"
    if [ "$arg" = -f ]; then
        exec tail -n 20 -f "${files[@]}"
    fi
    tail -n "$arg" "${files[@]}"
}

cmd_clean() {
    [ "$(running_count)" -eq 0 ] || fail "the cluster is running: stop it first"
    rm -rf "$run_dir"
    say "removed ${run_dir#"$root"/}"
}

usage() {
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
}

command="${1:-}"
if [ $# -gt 0 ]; then shift; fi
case "$command" in
    start) cmd_start "$@" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    demo) cmd_demo ;;
    client) cmd_client ;;
    md-tail) cmd_md_tail "$@" ;;
    logs) cmd_logs "$@" ;;
    tool) cmd_tool "$@" ;;
    ops) cmd_ops "$@" ;;
    clean) cmd_clean ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
esac
