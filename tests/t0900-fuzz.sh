#!/bin/bash
# The libFuzzer targets of tests/fuzz/, each for FUZZ_SECONDS (30 by
# default; make check passes its own) from its seeds, when clang built
# them (make check builds them when clang is there); skipped otherwise.
# A target that finds a crash, a leak or a difference fails, and leaves
# the input that did it in tests/bin/NAME-crash-* (or -leak-, -timeout-).
. "$(dirname "$0")/lib.sh"

FUZZ_SECONDS=${FUZZ_SECONDS:-30}

for src in "$TOP"/tests/fuzz/fuzz-*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz-}
	bin=$TOP/tests/bin/fuzz-$name
	test_count=$((test_count + 1))
	if [ ! -x "$bin" ] || [ "$bin" -ot "$src" ]; then
		if command -v clang >/dev/null 2>&1; then
			echo "not ok $test_count - fuzz-$name: tests/bin/fuzz-$name is missing or older than its source (make check builds it)"
			test_failed=$((test_failed + 1))
		else
			echo "ok $test_count - fuzz-$name # SKIP clang not found: libFuzzer targets not built"
		fi
		continue
	fi
	mkdir -p "$SCRATCH/corpus-$name"
	if "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix="$TOP/tests/bin/$name-" \
	    "$SCRATCH/corpus-$name" "$TOP/tests/fuzz/corpus-$name/" >"$SCRATCH/fuzz.out" 2>&1; then
		echo "ok $test_count - fuzz-$name: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$SCRATCH/fuzz.out" | tail -n 1)"
	else
		echo "not ok $test_count - fuzz-$name"
		grep -E 'ERROR|SUMMARY|Test unit written|^ +#[0-9]+ .*(lib|tests)/' "$SCRATCH/fuzz.out" | head -n 20 | sed 's/^/#   /'
		test_failed=$((test_failed + 1))
	fi
done

test_done
