#!/usr/bin/env bash
# Runs the whole system locally on a fresh machine: installs what is missing, starts PostgreSQL,
# tansu and the SMTP server, builds, starts the four services and the portal, loads demo data through the
# API, submits a request and shows it travelling: the e-mail that arrived and the request's timeline;
# ends with the portal's address and a demo officer's sign-in.
# Usage: scripts/run.sh            start everything and run the demo (services keep running)
#        scripts/run.sh stop       stop the services and the infrastructure
#        scripts/run.sh status     show what runs
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# The services and their ports, from deploy/services.txt.
services=()
declare -A ports=()
while read -r name port; do services+=("$name"); ports[$name]=$port; done < <(otop_services)
export INTAKE_OPERATOR_TOKEN="${INTAKE_OPERATOR_TOKEN:-local-demo-operator-token}"

stop_services() {
  for s in "${services[@]}"; do
    pidfile="$OTOP_RUN/$s.pid"
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      say "stopping $s (SIGTERM)"
      kill -TERM "$pid"
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
  done
}

case "${1:-start}" in
  stop) stop_services; scripts/infra.sh stop; exit 0 ;;
  status)
    scripts/infra.sh status
    for s in "${services[@]}"; do
      if curl -fsS "http://127.0.0.1:${ports[$s]}/health/ready" >/dev/null 2>&1; then echo "$s  ready  :${ports[$s]}"; else echo "$s  down"; fi
    done
    exit 0 ;;
  start) ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac

scripts/setup.sh
scripts/infra.sh start
eval "$(scripts/infra.sh env)"
say "building the services"
swift build
bin="$(swift build --show-bin-path)"

stop_services
mkdir -p "$OTOP_RUN" "$OTOP_LOG"
# The portal signs a JWT per signed-in person with its own key (made once under .local); intake
# trusts it as the portal issuer through the key's JWKS (docs/portal.md).
portal_key="$OTOP_LOCAL/portal-jwt.pem"
export PORTAL_JWT_PRIVATE_KEY_FILE="$portal_key" PORTAL_JWT_KEY_ID="${PORTAL_JWT_KEY_ID:-local-portal-1}"
INTAKE_PORTAL_JWT_JWKS="$(python3 scripts/portal_key.py "$portal_key" --kid "$PORTAL_JWT_KEY_ID" --jwks)"
export INTAKE_PORTAL_JWT_JWKS
export PORTAL_INTAKE_URL="http://127.0.0.1:${ports[intake]}" PORTAL_SECURE_COOKIES="${PORTAL_SECURE_COOKIES:-never}"
PORTAL_SERVICE_URLS="$(for s in "${services[@]}"; do [ "$s" = portal ] || printf '%s=http://127.0.0.1:%s,' "$s" "${ports[$s]}"; done)"
export PORTAL_SERVICE_URLS="${PORTAL_SERVICE_URLS%,}" NOTIFICATIONS_PORTAL_URL="http://127.0.0.1:${ports[portal]}"
# Sign-in codes and LINE linking: intake and notifications share one code key (made once under
# .local); intake checks the LINE stand-in's webhook calls with the stand-in's channel secret.
signin_key="$OTOP_LOCAL/signin-code-key"
[ -s "$signin_key" ] || (umask 077 && python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())' >"$signin_key")
SIGNIN_CODE_KEY="$(cat "$signin_key")"
export SIGNIN_CODE_KEY LINE_CHANNEL_SECRET="$OTOP_LINE_CHANNEL_SECRET"
# Officers screen every request (the demo screens its own; the portal's screening queue holds the rest).
export MATCHING_SCREENING="${MATCHING_SCREENING:-officer}"
for s in "${services[@]}"; do
  say "starting $s on :${ports[$s]} (log: .local/log/$s.log)"
  # notifications sends LINE and SMS to the local stand-ins started by infra.sh.
  HTTP_PORT="${ports[$s]}" LOG_LEVEL="${LOG_LEVEL:-info}" SMTP_FROM="no-reply@otop-sti.local" \
    LINE_API_URL="http://127.0.0.1:$OTOP_LINE_PORT" LINE_CHANNEL_TOKEN="$OTOP_STANDIN_TOKEN" \
    SMS_GATEWAY_URL="http://127.0.0.1:$OTOP_SMS_PORT/send" SMS_GATEWAY_TOKEN="$OTOP_STANDIN_TOKEN" \
    nohup "$bin/$s" >"$OTOP_LOG/$s.log" 2>&1 </dev/null &
  echo $! >"$OTOP_RUN/$s.pid"
done
for s in "${services[@]}"; do
  for i in $(seq 600); do
    curl -fsS "http://127.0.0.1:${ports[$s]}/health/ready" >/dev/null 2>&1 && break
    kill -0 "$(cat "$OTOP_RUN/$s.pid")" 2>/dev/null || { tail -n 30 "$OTOP_LOG/$s.log" >&2; die "$s exited; see .local/log/$s.log"; }
    [ "$i" = 600 ] && die "$s did not become ready; see .local/log/$s.log"
    sleep 0.1
  done
  say "$s ready"
done

OTOP_STANDINS="$OTOP_STANDINS" "$OTOP_VENV/bin/python" scripts/demo_data.py --api "http://127.0.0.1:${ports[intake]}" --maildir "$OTOP_MAILDIR" \
  --state "$OTOP_LOCAL/demo-clients.json"

# The portal's demo accounts (created once; the passwords are the demo's, printed below): the northern
# officer the demo scene is built for, a national officer who sees every region, and an operator.
demo_password="mango-sticky-rice-2570"
demo_account() {
  "$bin/otopctl" account list 2>/dev/null | grep -q " $1 " && return 0
  OTOP_ACCOUNT_PASSWORD="$demo_password" "$bin/otopctl" account create --username "$1" --name "$2" --role "$3" ${4:+--region "$4"} >/dev/null
}
demo_account officer.north "เจ้าหน้าที่ภาคเหนือ (สาธิต)" officer north
demo_account officer.national "เจ้าหน้าที่ส่วนกลาง (สาธิต)" officer
demo_account operator.demo "ผู้ดูแลระบบ (สาธิต)" operator

cat <<MSG

The four services and the portal keep running:   scripts/run.sh status   |   scripts/run.sh stop
Follow the events:                eval "\$(scripts/infra.sh env)"; $bin/otopctl tail --from-beginning
Every e-mail sent:                ls $OTOP_MAILDIR/new
Every LINE push / SMS sent:       ls $OTOP_STANDINS/line $OTOP_STANDINS/sms
API (operator token in INTAKE_OPERATOR_TOKEN): http://127.0.0.1:${ports[intake]}/openapi.json
Portal: http://127.0.0.1:${ports[portal]}/
Demo officer sign-in: user officer.north  password $demo_password
Also: officer.national (every region) and operator.demo (operations), same password.
A new enterprise applies at http://127.0.0.1:${ports[portal]}/register (officer.north verifies it on the work queues).
MSG
# The demo provider's and enterprise's sign-in (a one-time code) and the links of what waits for each.
"$OTOP_VENV/bin/python" scripts/demo/provider_sign_in.py --database-url "$DATABASE_URL" --portal "http://127.0.0.1:${ports[portal]}" \
  --maildir "$OTOP_MAILDIR" --standins "$OTOP_STANDINS"
