#!/usr/bin/env bash
# Runs every benchmark of issue 6 (and item 8, of issue 11; 9 and 10, of issue 30; 11 and 12, of issue 26) and writes
# docs/benchmarks.md.
#
#   benchmarks/run.sh             build, measure everything (about 57 minutes on 2 cores), write docs/benchmarks.md
#   benchmarks/run.sh --quick     fewer repetitions, to try changes; the file says it is not for publication
#   benchmarks/run.sh --no-build  reuse the jars already built
#   benchmarks/run.sh --only 2,3  only some items (1 start-up, 2 latency, 3 lookup throughput, 4 registry
#                                 throughput, 5 recovery, 6 shutdown, 7 footprint, 8 fleet discoverability,
#                                 9 and 10 compared with Eureka, 11 LoadBalancer picks over a fleet,
#                                 12 the join race and reads from memory;
#                                 1 and 7 run together); docs/benchmarks.md then holds only those items
#
# Needs a JDK 17+ (java on the PATH: the measured JVMs run on the same one), Maven, and wrk for item 4
# (installed with apt-get when missing and running as root; without it item 4 is reported as not measured).
# Every process it starts listens on 127.0.0.1 only and is stopped before it exits.
set -euo pipefail

cd "$(dirname "$0")/.."
repo="$(pwd)"
results="$repo/benchmarks/target/results"
build=true
suite_args=()
while [ $# -gt 0 ]; do
	case "$1" in
		--no-build) build=false ;;
		--quick) suite_args+=(--quick) ;;
		--only) suite_args+=(--only "$2"); shift ;;
		*) echo "unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done

say() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*"; }
started_at=$(date +%s)

# --- wrk (item 4) ------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		say "installing wrk (apt-get)"
		apt-get update -qq >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && command -v apt-get >/dev/null 2>&1; then
		say "installing wrk (sudo apt-get)"
		sudo -n apt-get update -qq >/dev/null
		sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
	else
		say "wrk is missing and cannot be installed here: item 4 will be reported as not measured"
	fi
fi
wrk_path="$(command -v wrk || echo none)"

# --- build ---------------------------------------------------------------------------------------------------------
if $build; then
	say "building the project (mvn -B -q install -DskipTests)"
	mvn -B -q install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
	say "building benchmarks/ (not part of the default build)"
	# clean: classes compiled against an earlier starter would hide a dependency it no longer brings.
	mvn -B -q -f benchmarks/pom.xml clean package
	say "building benchmarks/apps/ (the applications of items 9 to 11: plain, srsr, Eureka client, callers, Eureka server)"
	# clean: an application's classes do not change when the starter's dependencies do, and the repackaged jar
	# would keep the libraries of its last build.
	mvn -B -q -f benchmarks/apps/pom.xml clean package
fi

# --- measure -------------------------------------------------------------------------------------------------------
mkdir -p "$results"
rm -rf "$results/logs"
: > "$results/pids"
suite_pid=""

# Kills what is left should the suite itself be interrupted: its own children, then the processes it recorded in
# the pid file, each only if it is still one of ours (its command line names one of our jars or wrk).
cleanup() {
	local pid
	if [ -n "$suite_pid" ] && kill -0 "$suite_pid" 2>/dev/null; then
		for pid in $(ps -o pid= --ppid "$suite_pid" 2>/dev/null); do
			kill "$pid" 2>/dev/null || true
		done
		kill "$suite_pid" 2>/dev/null || true
		wait "$suite_pid" 2>/dev/null || true
	fi
	while read -r pid; do
		[ -n "$pid" ] || continue
		if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" \
				| grep -q -e 'srsr-sample-app' -e 'srsr-embedded-registry' -e 'benchmarks/wrk/srsr.lua' \
					-e 'benchmarks/apps/'; then
			kill -9 "$pid" 2>/dev/null || true
		fi
	done < "$results/pids"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "measuring (progress below; logs in benchmarks/target/results/logs/)"
java -Xmx512m -cp "benchmarks/target/srsr-benchmarks.jar:benchmarks/target/lib/*" \
	io.github.srsr.benchmarks.suite.BenchmarkSuite --repo "$repo" --wrk "$wrk_path" ${suite_args[@]+"${suite_args[@]}"} &
suite_pid=$!
status=0
wait "$suite_pid" || status=$?
suite_pid=""
say "done in $(( $(date +%s) - started_at )) s (build included); results: docs/benchmarks.md"
exit "$status"
