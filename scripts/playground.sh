# Sourced by scripts/run and the tests: the Microsoft 365 Agents Playground (npm
# @microsoft/m365agentsplayground), Microsoft's local Teams emulator, with the mock Teams data of
# .m365agentsplayground.yml (the example ROR-IKT committee).
#
#   ensure_node_tools               npm ci when node_modules is missing or older than the lock file
#   start_playground BOT_PORT [PORT]
#                                   starts it in the background for the bot at
#                                   http://127.0.0.1:BOT_PORT/api/messages and waits until it listens;
#                                   PORT defaults to 56150 and, when busy, the playground silently
#                                   takes another one: PLAYGROUND_PORT is the port it really uses.
#                                   Exports PLAYGROUND_PORT, PLAYGROUND_PID and PLAYGROUND_LOGS.
#   stop_playground                 stops it (safe to call twice; use it in an EXIT trap)
#
# Logs go to PLAYGROUND_LOGS, a new folder under ${PLAYGROUND_LOG_DIR:-.playground} (git-ignored).
# Telemetry is off (--dt). The browser is not opened (TEAMSAPPTESTER_BROWSER=none; without it the
# playground tries xdg-open and exits). Note: it listens on all network interfaces.

_playground_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd); }

ensure_node_tools() {
    local root
    root=$(_playground_root)
    if [ ! -f "$root/node_modules/.package-lock.json" ] \
        || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
        echo "== installing node tools into node_modules (npm ci)"
        (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
        touch "$root/node_modules/.package-lock.json"
    fi
}

start_playground() {
    local bot_port=${1:?usage: start_playground BOT_PORT [PORT]} port=${2:-56150}
    local root base logs
    root=$(_playground_root)
    base=${PLAYGROUND_LOG_DIR:-$root/.playground}
    mkdir -p "$base"
    logs=$(mktemp -d "$base/run-XXXXXX")
    (
        cd "$root" || exit 1
        export TEAMSAPPTESTER_BROWSER=none
        export M365_AGENTS_PLAYGROUND_LOGFILE="$logs/m365agentsplayground.log"
        export M365_AGENTS_PLAYGROUND_RECORDING_FILE="$logs/events_recording.log"
        export M365_AGENTS_PLAYGROUND_CONFIG_PATH="${M365_AGENTS_PLAYGROUND_CONFIG_PATH:-$root/.m365agentsplayground.yml}"
        exec node node_modules/@microsoft/m365agentsplayground/cli.js \
            -e "http://127.0.0.1:$bot_port/api/messages" -c msteams -p "$port" --dt
    ) >"$logs/stdout.log" 2>"$logs/stderr.log" </dev/null &
    PLAYGROUND_PID=$!
    PLAYGROUND_LOGS=$logs
    export PLAYGROUND_PID PLAYGROUND_LOGS
    local tries listening
    for tries in $(seq 1 300); do  # up to 30 s
        listening=$(sed -n 's/^Listening on \([0-9][0-9]*\)$/\1/p' "$logs/stdout.log" | head -n 1)
        if [ -n "$listening" ]; then
            PLAYGROUND_PORT=$listening
            export PLAYGROUND_PORT
            echo "Agents Playground on http://127.0.0.1:$PLAYGROUND_PORT (pid $PLAYGROUND_PID, logs in $logs)"
            return 0
        fi
        if ! kill -0 "$PLAYGROUND_PID" 2>/dev/null; then
            echo "the Agents Playground exited before listening; its output:" >&2
            cat "$logs/stdout.log" "$logs/stderr.log" >&2
            unset PLAYGROUND_PID
            return 1
        fi
        sleep 0.1
    done
    echo "the Agents Playground did not listen within 30 s (tried $tries times); logs in $logs" >&2
    stop_playground
    return 1
}

stop_playground() {
    local pid=${PLAYGROUND_PID:-}
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do  # up to 5 s, then force
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null || true
    fi
    unset PLAYGROUND_PID PLAYGROUND_PORT
}
