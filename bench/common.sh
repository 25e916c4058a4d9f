# shellcheck shell=bash disable=SC2034,SC2154
# Shared by bench/scale and bench/fault (sourced, not run). Loopback only.
# Expects: BIN (the supportnet binary), tmp (a scratch directory).

# free_port: prints a TCP port nothing listens on at 127.0.0.1, below the
# kernel's ephemeral range (so no outgoing connection holds it either).
free_port() {
  local lo p
  lo=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$lo" -gt 12000 ] 2>/dev/null || lo=32768
  while :; do
    p=$((10000 + RANDOM % (lo - 10000)))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# wait_http URL [TRIES]: waits until URL answers 200 (0.1 s steps).
wait_http() {
  local i
  for i in $(seq "${2:-100}"); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "no answer from $1" >&2
  return 1
}

# start_serve NAME DB PORT [ARGS...]: starts `supportnet serve` in the
# background, logging to $tmp/NAME.log; PORT 0 lets the server pick a free
# one. Sets SERVE_PID and SERVE_PORT; waits for /healthz.
start_serve() {
  local name=$1 db=$2 port=$3 i
  shift 3
  "$BIN" serve --db "$db" --listen "127.0.0.1:$port" --quiet "$@" >"$tmp/$name.log" 2>&1 &
  SERVE_PID=$!
  SERVE_PORT=
  for i in $(seq 150); do
    SERVE_PORT=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/$name.log" | head -1)
    [ -n "$SERVE_PORT" ] && break
    kill -0 "$SERVE_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$SERVE_PORT" ]; then
    kill "$SERVE_PID" 2>/dev/null || true
    tail -5 "$tmp/$name.log" >&2
    return 1
  fi
  wait_http "http://127.0.0.1:$SERVE_PORT/healthz" || { tail -20 "$tmp/$name.log" >&2; return 1; }
}

# form_token FILE: the csrf_token of the first form in an HTML file.
form_token() {
  grep -o 'name="csrf_token" value="[^"]*"' "$1" | head -1 | sed 's/.*value="//; s/"$//'
}

# sign_in BASE EMAIL JAR: signs in with the demo password the way a browser
# does (GET /sign-in for the anonymous session and its token, then POST);
# the cookie jar JAR then holds the signed-in session. Fails unless 303.
sign_in() {
  local base=$1 email=$2 jar=$3 page code
  page=$(mktemp -p "$tmp")
  rm -f "$jar"
  curl -sf -c "$jar" -b "$jar" -o "$page" "$base/sign-in"
  code=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode "csrf_token=$(form_token "$page")" \
    --data-urlencode "email=$email" --data-urlencode "password=ashby-vale-demo" \
    "$base/sign-in")
  rm -f "$page"
  [ "$code" = 303 ] || { echo "sign-in as $email gave $code, not 303" >&2; return 1; }
}

# jar_cookie JAR: the sn_session value in a curl cookie jar.
jar_cookie() { awk '$6 == "sn_session" { print $7 }' "$1" | tail -1; }

# people_ids FILE: the person uuids linked from a GET /people page.
people_ids() {
  grep -o 'href="/people/[0-9a-f-]\{36\}"' "$1" | sed 's/.*people\///; s/"$//' | sort -u
}

# write_nginx_conf FILE LISTEN_PORT UPSTREAM_PORT...: nginx as a local
# reverse proxy in front of several SupportNet processes (loopback only).
write_nginx_conf() {
  local conf=$1 listen=$2 p servers=""
  shift 2
  for p in "$@"; do servers+="    server 127.0.0.1:$p;"$'\n'; done
  mkdir -p "$tmp/nginx"
  cat >"$conf" <<NGINX
worker_processes $(nproc);
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx;
  fastcgi_temp_path $tmp/nginx; uwsgi_temp_path $tmp/nginx; scgi_temp_path $tmp/nginx;
  keepalive_requests 100000;
  upstream supportnet {
$servers    keepalive 64;
    keepalive_requests 100000;
  }
  server {
    listen 127.0.0.1:$listen;
    location / {
      proxy_pass http://supportnet;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_buffer_size 16k;
      proxy_buffers 16 16k;
      proxy_connect_timeout 2s;
    }
  }
}
NGINX
}

# start_nginx CONF: starts nginx (it daemonises); sets NGINX_PID_FILE.
start_nginx() {
  nginx -t -q -c "$1" 2>"$tmp/nginx/test.log" || { cat "$tmp/nginx/test.log" >&2; return 1; }
  nginx -c "$1" 2>>"$tmp/nginx/start.log" || return 1
  NGINX_PID_FILE=$tmp/nginx/nginx.pid
  local i
  for i in $(seq 50); do [ -s "$NGINX_PID_FILE" ] && return 0; sleep 0.1; done
  echo "nginx did not start" >&2
  return 1
}

# start_proxy UPSTREAM_PORT...: nginx in front of those processes on a free
# port (another one if that is taken meanwhile); sets NGINX_PORT.
start_proxy() {
  local try
  for try in 1 2 3 4 5; do
    NGINX_PORT=$(free_port)
    write_nginx_conf "$tmp/nginx.conf" "$NGINX_PORT" "$@"
    start_nginx "$tmp/nginx.conf" && return 0
  done
  cat "$tmp/nginx/start.log" >&2
  return 1
}

stop_nginx() {
  if [ -n "${NGINX_PID_FILE:-}" ] && [ -s "$NGINX_PID_FILE" ]; then
    local pid
    pid=$(cat "$NGINX_PID_FILE")
    kill -QUIT "$pid" 2>/dev/null || true
    local i
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  NGINX_PID_FILE=
}

# stop_pid PID [LIMIT]: SIGTERM, then wait for it; SIGKILL after LIMIT
# seconds (default 10). Sets STOP_SECS (how long it took) and STOP_FORCED
# (1 when it had to be killed).
stop_pid() {
  local pid=$1 limit=${2:-10} t0 i
  STOP_SECS=0; STOP_FORCED=0
  kill "$pid" 2>/dev/null || return 0
  t0=$(date +%s%N)
  for i in $(seq $((limit * 20))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
    STOP_FORCED=1
  fi
  wait "$pid" 2>/dev/null || true
  STOP_SECS=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
}

# metrics_status PORT...: the sums of supportnet_requests_total over the
# given processes, by status class: "2xx 3xx 4xx 5xx".
metrics_status() {
  local p
  for p in "$@"; do curl -sf "http://127.0.0.1:$p/metrics" || true; done |
    awk '/^supportnet_requests_total\{/ {
           match($0, /status="[0-9]+"/); s = substr($0, RSTART + 8, 1)
           c[s] += $NF }
         END { printf "%d %d %d %d\n", c["2"], c["3"], c["4"], c["5"] }'
}

# machine: one line describing this machine.
machine() {
  local cpu
  cpu=$(awk -F: '/model name/ { gsub(/^ +/, "", $2); print $2; exit }' /proc/cpuinfo)
  echo "$(nproc) cores ($cpu), $(free -g | awk '/Mem:/ { print $2 }') GiB, $(uname -sr)"
}

# loadavg: the 1-minute load average (other work on the machine skews the numbers).
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# serve_problems LOG: the warning and error lines a serve process wrote.
serve_problems() { grep -E ' (warn|error) ' "$1" 2>/dev/null | head -5 | tr '\n' ' ' || true; }

# commit_desc: the commit the binary was built from, as `supportnet version`
# says (git describe: "-dirty" when its tree had uncommitted changes); for
# a binary that does not know, the checkout's commit, with a note when src/
# or schema/ differ from it.
commit_desc() {
  local c
  c=$("$BIN" version 2>/dev/null | sed -n 's/.*(\(.*\)).*/\1/p')
  if [ -n "$c" ] && [ "$c" != unknown ]; then
    echo "$c"
    return
  fi
  c=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git status --porcelain -- src schema CMakeLists.txt 2>/dev/null)" ]; then
    echo "$c (working tree has uncommitted changes under src/ or schema/)"
  else
    echo "$c"
  fi
}
