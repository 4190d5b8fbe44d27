#!/usr/bin/env bash
# make serve REPLICAS=3 [PORT=8500]: N Streamlit replicas behind nginx (Debian's), until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
REPLICAS="${REPLICAS:-3}"
PORT="${PORT:-8500}"
FIRST="${FIRST_REPLICA_PORT:-8601}"
PY="${PY:-.venv/bin/python}"
RUN="$(pwd)/deploy/run"
mkdir -p "$RUN"

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
    else
        echo "serve: nginx is not installed; install Debian's nginx (apt-get install nginx-light)" >&2; exit 2
    fi
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

pids=()
cleanup() {
    [ -f "$RUN/nginx.pid" ] && kill "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

upstreams=""
for i in $(seq 0 $((REPLICAS - 1))); do
    port=$((FIRST + i))
    env -u ATLAS_EDITOR "$PY" -m streamlit run app.py --server.port "$port" --server.address 127.0.0.1 --server.headless true \
        > "$RUN/replica-$port.log" 2>&1 &
    pids+=($!)
    upstreams+="        server 127.0.0.1:${port} max_fails=3 fail_timeout=10s;"$'\n'
done
for i in $(seq 0 $((REPLICAS - 1))); do
    port=$((FIRST + i))
    for _ in $(seq 1 300); do
        curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null 2>&1 && break
        sleep 0.2
    done
    curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null || { echo "serve: replica on $port did not start; see $RUN/replica-$port.log" >&2; exit 1; }
done

sed -e "s#@RUN@#$RUN#g" -e "s#@PORT@#$PORT#g" deploy/nginx.conf.template \
    | awk -v ups="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", ups; else print }' > "$RUN/nginx.conf"
"$NGINX" -t -p "$RUN" -c "$RUN/nginx.conf" -q
echo "serve: $REPLICAS replicas (ports $FIRST..$((FIRST + REPLICAS - 1))) behind nginx on http://localhost:$PORT — Ctrl-C stops all"
"$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -g "daemon off;" &
pids+=($!)
wait
