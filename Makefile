# SupportNet: a thin Makefile over CMake and CTest. See README.md.
# `make` builds build/supportnet; `make test` runs every suite; `make demo`
# installs what is missing, builds, creates the demo area and serves it.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DEMO_DB    ?= demo.db
JOBS       ?= $(shell nproc)
FUZZ_SECONDS ?= 30

.PHONY: all deps test test-unit test-asan test-e2e demo bench fuzz format clean

all: node_modules/.package-lock.json
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

# Debian packages and npm packages the build and tests need.
deps:
	scripts/install-deps

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

test: deps
	scripts/test-all

demo: deps all
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BUILD)/supportnet demo --db $(DEMO_DB) --seed 1
	@echo "Serving the demo area on http://127.0.0.1:8080/ (Ctrl-C to stop)"
	$(BUILD)/supportnet serve --db $(DEMO_DB) --listen 127.0.0.1:8080

bench: deps all
	bench/run
	bench/soak
	bench/directory

fuzz: deps node_modules/.package-lock.json
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DSN_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	scripts/run-fuzz $(FUZZ_BUILD) $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tools/*.c')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
