#!/usr/bin/env bash
# Runs the whole system on this machine without Docker: DynamoDB Local, database, api and web as separate JVMs,
# found by their production DNS names (database.internal.local, api.internal.local) through a hosts file.
# Needs a JDK 17+ and Linux (the services bind 127.0.0.2 and 127.0.0.3). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "building the service jars (./mvnw package, tests skipped) ..."
./mvnw -q -B -DskipTests package -pl common,database,api,web,system
# The module's own jar, whatever the project's version (not the -tests or -sources jar).
jar=''
for candidate in system/target/system-*.jar; do
  [[ $candidate == *-tests.jar || $candidate == *-sources.jar ]] || jar=$candidate
done
[[ -n $jar && -f $jar ]] || { echo "no system/target/system-<version>.jar after the build" >&2; exit 1; }
exec java -cp "$jar:$(cat system/target/classpath.txt)" dev.ecsdns.system.LocalSystem
