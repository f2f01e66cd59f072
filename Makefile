# Warden: two set-up commands on a fresh Debian machine: `make run` and `make test`.
SHELL := /bin/bash
APT_PACKAGES := libopenblas-dev libmicrohttpd-dev libsqlite3-dev libpng-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DATA_DIR ?= var
HOST ?= 127.0.0.1
PORT ?= 8080

# OpenBLAS 0.3.21 picks its Haswell kernel on AVX-512 EPYCs; the warden binary re-execs itself
# with SkylakeX there, and test processes get it from here.
ifneq ($(shell grep -qw avx512f /proc/cpuinfo 2>/dev/null && echo yes),)
export OPENBLAS_CORETYPE ?= SkylakeX
endif

.PHONY: deps build run test bench fuzz crash-test load slowloris clean console-screenshots

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build -c release

run: build
	./.build/release/warden serve --data-dir $(DATA_DIR) --host $(HOST) --port $(PORT)

# Release build with testing enabled: the numeric tests are 10-100x slower in debug.
# Its own scratch folder, so it does not rebuild the `make run` binary's folder each time.
test: deps
	swift test -c release -Xswiftc -enable-testing --scratch-path .build-test

# The admin console's browser walk-through (part of `make test`; skipped, saying so, without
# chromium + chromium-driver), writing its screenshots into docs/console/.
console-screenshots: deps
	WARDEN_CONSOLE_SCREENSHOTS=docs/console swift test -c release -Xswiftc -enable-testing --scratch-path .build-test \
	  --filter AdminConsoleBrowserTests

# Every benchmark in one run; one table of ratios, written to docs/benchmarks.md.
bench: build
	scripts/bench.sh

# Reliability suite (docs/reliability.md). SECONDS: per fuzz target / load duration.
SECONDS ?= 600
KILLS ?= 20
fuzz: deps
	scripts/fuzz.sh $(SECONDS)

crash-test: build
	scripts/crash-durability.sh $(KILLS)

load: build
	scripts/load-test.sh $(SECONDS)

slowloris: build
	scripts/slowloris.sh

clean:
	rm -rf .build .build-test .build-fuzz
