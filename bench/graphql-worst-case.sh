#!/usr/bin/env bash
# The largest GraphQL answers the default limits allow, in bytes.
# Usage: bench/graphql-worst-case.sh [character]   (default 😀: 4 bytes of UTF-8, 1 character)
# Creates the database graphql_worst_case (dropped first), runs the built API (npm run build) on
# 127.0.0.1:${PORT_OVERRIDE:-41771} with Redis prefix graphql-worst-case:, writes 100 articles whose
# title, description and body are at their length limits, then prints status, size and time per query.
set -euo pipefail
WORK=$(mktemp -d)
cd "$(dirname "$0")/.."
source scripts/lib/node.sh && ensure_node
CHAR="${1:-😀}"
DB=graphql_worst_case
PORT=${PORT_OVERRIDE:-41771}
export NODE_ENV=development HOST=127.0.0.1 PORT=$PORT \
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB REDIS_URL=redis://127.0.0.1:6379 \
  REDIS_KEY_PREFIX=graphql-worst-case: \
  RATE_LIMIT_ENABLED=false LOG_LEVEL=warn
# Another API on the port would take our writes and answer our queries.
if ss -ltn | grep -q ":$PORT "; then echo "port $PORT is taken: set PORT_OVERRIDE" >&2; exit 1; fi
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
npm run --silent migration:run > /dev/null
node dist/src/main.js > "$WORK/api.log" 2>&1 &
API=$!
cleanup() {
  kill "$API"
  wait "$API" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB"
  rm -rf "$WORK"
}
trap cleanup EXIT
until curl -sf http://127.0.0.1:$PORT/health/live > /dev/null; do
  kill -0 $API 2>/dev/null || { echo "API died" >&2; tail "$WORK/api.log" >&2; exit 1; }
  sleep 0.5
done
TOKEN=$(curl -sf -H 'content-type: application/json' http://127.0.0.1:$PORT/api/users \
  -d '{"user":{"username":"fat","email":"fat@example.com","password":"correct-horse-battery"}}' \
  | node -pe 'JSON.parse(require("fs").readFileSync(0)).user.token')
# 100 articles whose title, description and body are at their length limits (200, 1,000, 100,000).
node -e '
  const c = process.argv[1];
  const article = { title: c.repeat(200), description: c.repeat(1000), body: c.repeat(100000) };
  process.stdout.write(JSON.stringify({ article }));
' "$CHAR" > "$WORK"/article.json
for i in $(seq 1 100); do
  curl -sf -o /dev/null -H 'content-type: application/json' -H "Authorization: Token $TOKEN" \
    http://127.0.0.1:$PORT/api/articles --data-binary @"$WORK"/article.json
done
query() {
  node -e 'process.stdout.write(JSON.stringify({ query: process.argv[1] }))' "$1" > "$WORK"/q.json
  curl -s -o "$WORK"/out.json -w "%{http_code} %{size_download} bytes %{time_total}s" \
    -H 'content-type: application/json' http://127.0.0.1:$PORT/graphql --data-binary @"$WORK"/q.json
  echo "  $1"
  head -c 300 "$WORK"/out.json | grep -o '"message":"[^"]*"' || true
}
query '{ articles(limit: 100) { articles { author { articles(limit: 17) { body } } } } }'
query '{ articles(limit: null) { articles { author { articles(limit: 20) { title body } } } } }'
query '{ articles(limit: 39) { articles { body } } }'
query '{ articles(limit: 37) { articles { title description body } } }'
query '{ articles(limit: 2) { articles { author { articles(limit: 19) { body } } } } }'
query '{ articles(limit: 100) { articles { author { articles(limit: 8) { title description } } } } }'
# A batch of GRAPHQL_MAX_BATCH (10) copies of a large one: the operations share one budget.
node -e '
  const op = { query: "{ articles(limit: 37) { articles { title description body } } }" };
  process.stdout.write(JSON.stringify(Array.from({ length: 10 }, () => op)));
' > "$WORK"/batch.json
curl -s -o /dev/null -w "%{http_code} %{size_download} bytes %{time_total}s  batch of 10\n" \
  -H 'content-type: application/json' http://127.0.0.1:$PORT/graphql --data-binary @"$WORK"/batch.json
ps -o rss= -p $API | awk '{print "API RSS after: " $1/1024 " MB"}'
