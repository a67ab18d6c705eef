#!/usr/bin/env bash
# Installs (Debian packages) and starts a local PostgreSQL for the kintsugi-server storage tests,
# and creates the database and user they use. Exports nothing: the tests read
#   KINTSUGI_TEST_PG_URL=jdbc:postgresql://127.0.0.1:5432/kintsugi_test?user=kintsugi&password=kintsugi
# which the caller sets (this script prints it). Idempotent: safe to run twice.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q postgresql
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | grep "^${version} main" >/dev/null; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep online >/dev/null; then
  pg_ctlcluster "$version" main start
fi

for _ in $(seq 1 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done

su postgres -c "psql -v ON_ERROR_STOP=1 -qAt" <<'SQL' >/dev/null
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kintsugi') THEN
    CREATE ROLE kintsugi LOGIN PASSWORD 'kintsugi';
  END IF;
END $$;
SQL
if ! su postgres -c "psql -qAt -c \"select 1 from pg_database where datname='kintsugi_test'\"" | grep 1 >/dev/null; then
  su postgres -c "createdb -O kintsugi kintsugi_test"
fi

port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
echo "KINTSUGI_TEST_PG_URL=jdbc:postgresql://127.0.0.1:${port}/kintsugi_test?user=kintsugi&password=kintsugi"
