#!/usr/bin/env bash
# Builds the images web, api and database with Jib into the local Docker engine, each with a class data sharing (CDS)
# archive made by a training run of that very image, which halves its start-up (see README, Performance).
#
#   scripts/build-images.sh                      # package, Jib, train, Jib again: web:latest, api:latest, database:latest
#   scripts/build-images.sh --no-cds             # one Jib pass, no archive
#   scripts/build-images.sh --prefix=bench/      # bench/web:latest, ... (the pom's jib.to.prefix)
#   scripts/build-images.sh --train-only         # package, Jib, train: leaves <module>/target/jib-cds for a later
#                                                #   jib:build with step 3's arguments (infra/deploy.sh does this)
#   other arguments go to every Maven call, e.g. -Djib.from.image=docker://standin/jre:17
#
# The steps, each one a user can run by hand:
#   1. ./mvnw -DskipTests -pl database,api,web -am install jib:dockerBuild       (the image, no archive yet)
#   2. per service, the image's own java with -XX:ArchiveClassesAtExit: start, let the service warm its HTTP path on
#      its liveness endpoint, SIGTERM; the JVM writes the archive at exit into <module>/target/jib-cds/app/cds/
#   3. ./mvnw -o -pl <module> jib:dockerBuild -Djib.cds.flags=,-XX:SharedArchiveFile=/app/cds/app.jsa \
#        -Djib.extraDirectories.paths=$PWD/<module>/target/jib-cds                (same jars, plus the archive layer)
# An archive only fits the JVM build that wrote it and the exact jars it saw, which is why it comes from a run of
# the image and why step 3 reuses step 2's jars and base. A JVM that finds it does not fit ignores it and starts
# as without it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVICES=(database api web)
CDS=1 TRAIN_ONLY=0 PREFIX= MVN_ARGS=()
for arg in "$@"; do
    case "$arg" in
        --no-cds) CDS=0 ;;
        --train-only) TRAIN_ONLY=1 ;;
        --prefix=*) PREFIX=${arg#--prefix=}; MVN_ARGS+=("-Djib.to.prefix=$PREFIX") ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) MVN_ARGS+=("$arg") ;;
    esac
done
# What step 3 adds to Jib for a service (infra/deploy.sh adds the same).
cds_jib_args() { echo "-Djib.cds.flags=,-XX:SharedArchiveFile=/app/cds/app.jsa -Djib.extraDirectories.paths=$ROOT/$1/target/jib-cds"; }
TRAIN_TIMEOUT=${CDS_TRAIN_TIMEOUT:-180}

log() { printf '[build-images] %s\n' "$*" >&2; }
cd "$ROOT"

log "package and Jib (${SERVICES[*]})"
# install, not package: step 3 builds one module at a time and takes common from the local repository.
./mvnw -B -q -ntp -DskipTests -pl database,api,web -am install jib:dockerBuild ${MVN_ARGS[@]+"${MVN_ARGS[@]}"}
[ "$CDS" = 1 ] || { log "done, without CDS archives"; exit 0; }

main_class() { docker run --rm --entrypoint cat "$1" /app/jib-main-class-file; }
# The image's JVM flags, read back from its entrypoint: the archive must be written with the flags it is used with.
jvm_flags() {
    docker image inspect -f '{{range .Config.Entrypoint}}{{println .}}{{end}}' "$1" | sed -n '/^-XX:\|^-X[a-z]/p'
}

train() {
    local service=$1 image=$PREFIX$1:latest dir="$ROOT/$1/target/jib-cds/app/cds" name="ecsdns-cds-$1-$$" waited=0
    rm -rf "$ROOT/$service/target/jib-cds" && mkdir -p "$dir" && chmod 777 "$dir"
    local flags; mapfile -t flags < <(jvm_flags "$image")
    # No other service is running: downstream calls fail fast (refused), which is all the start-up needs.
    docker run -d --name "$name" -v "$dir:/cds" --entrypoint java \
        -e SHUTDOWN_LAME_DUCK=0s -e AWS_REGION=us-east-1 -e AWS_ACCESS_KEY_ID=training -e AWS_SECRET_ACCESS_KEY=training \
        -e AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:9 \
        "$image" "${flags[@]}" -XX:ArchiveClassesAtExit=/cds/app.jsa -cp @/app/jib-classpath-file \
        "$(main_class "$image")" >/dev/null
    until docker logs "$name" 2>&1 | grep -q 'warmed up the HTTP client\|warm-up skipped'; do
        if [ "$(docker inspect -f '{{.State.Running}}' "$name")" != true ] || [ "$waited" -ge "$TRAIN_TIMEOUT" ]; then
            docker logs "$name" 2>&1 | tail -20 >&2; docker rm -f "$name" >/dev/null
            log "$service: training run did not warm up within ${TRAIN_TIMEOUT}s"; return 1
        fi
        sleep 1; waited=$((waited + 1))
    done
    docker stop -t 60 "$name" >/dev/null
    docker rm "$name" >/dev/null
    [ -s "$dir/app.jsa" ] || { log "$service: no archive written"; return 1; }
    log "$service: archive $(du -h "$dir/app.jsa" | cut -f1) after a ${waited}s training run"
}
for service in "${SERVICES[@]}"; do train "$service"; done
if [ "$TRAIN_ONLY" = 1 ]; then log "archives in <module>/target/jib-cds; Jib arguments: $(cds_jib_args '<module>')"; exit 0; fi

for service in "${SERVICES[@]}"; do
    log "$service: Jib again with the archive"
    # shellcheck disable=SC2046 # the arguments are two words without spaces
    ./mvnw -B -q -ntp -o -pl "$service" jib:dockerBuild $(cds_jib_args "$service") ${MVN_ARGS[@]+"${MVN_ARGS[@]}"}
done
log "done: ${SERVICES[*]/#/$PREFIX} (tag latest) with CDS archives"
