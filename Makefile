# The two commands of the README: `make run` and `make test` (plus `make build`).
# Each does all set-up first (scripts/bootstrap installs missing Debian packages).
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
DB ?= sqlite:var/sunlit.db
# ccache, when installed, makes rebuilds of unchanged sources free (it is optional).
LAUNCHER := $(if $(shell command -v ccache 2>/dev/null),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

.PHONY: all bootstrap build build-asan run demo test test-unit test-asan bench format tidy clean

all: build

bootstrap:
	@scripts/bootstrap

$(BUILD)/build.ninja: CMakeLists.txt | bootstrap
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(LAUNCHER)

build: bootstrap $(BUILD)/build.ninja web
	cmake --build $(BUILD) -j $(JOBS)

$(ASAN_BUILD)/build.ninja: CMakeLists.txt | bootstrap
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSUNLIT_SANITIZE=ON -DSUNLIT_BENCH=OFF $(LAUNCHER)

build-asan: bootstrap $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

LISTEN ?= 127.0.0.1:8080
WEB_DIR ?= web/dist

# Builds the demo database once (var/sunlit.db) with its demo logins.
demo: build
	@mkdir -p var
	@if [ ! -f var/sunlit.db ]; then $(BUILD)/sunlit demo --db $(DB); fi

# Serves the demo on $(LISTEN) (Ctrl-C stops it) and says how to log in.
run: demo
	@$(BUILD)/sunlit demo --db $(DB) --logins
	@echo
	@echo "Log in at http://$(LISTEN)/ (web UI, when built) or with the API, e.g."
	@echo "  curl -c jar -H 'Content-Type: application/json' \\"
	@echo "       -d '{\"username\":\"scjg.admin\",\"password\":\"sunlit-demo-2026\"}' http://$(LISTEN)/api/v1/session"
	@echo "API description: http://$(LISTEN)/api/v1/openapi.json"
	@echo
	$(BUILD)/sunlit serve --db $(DB) --listen $(LISTEN) $(if $(wildcard $(WEB_DIR)/index.html),--web $(WEB_DIR))

# Every test: unit, store and CLI tests on the release build, then the unit tests again
# under AddressSanitizer + UndefinedBehaviorSanitizer.
test: build build-asan test-web test-e2e
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -E '^cli_'
	$(MAKE) test-fuzz

# The libFuzzer targets (fuzz/README.md), built with clang in build-fuzz/, each run for
# FUZZ_SECONDS on its committed corpus: any crash, sanitizer report or broken invariant fails.
FUZZ_SECONDS ?= 13
.PHONY: test-fuzz
test-fuzz: bootstrap
	fuzz/run $(FUZZ_SECONDS)

bench: build
	bench/run-all

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'bench/*.cc')

tidy: build
	clang-tidy -p $(BUILD) $$(git ls-files 'src/*.cc' | grep -v _test.cc)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

# ---- web/: the staff console and public portal (Vue 3, built by Vite into web/dist) ----
# `npm ci` runs only when web/node_modules is missing or package-lock.json changed (the
# stamp), the Vite build only when a source changed. Needs Node.js >= 20.19 and, for npm ci,
# the npm registry; nothing else reaches the network.
WEB_STAMP := web/node_modules/.sunlit-npm-ci
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) \
  web/index.html web/vite.config.js web/package.json

.PHONY: web test-web test-e2e

$(WEB_STAMP): web/package-lock.json | bootstrap
	@node web/scripts/check-node.mjs
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: $(WEB_STAMP) $(WEB_SOURCES)
	cd web && npm run build

web: web/dist/index.html

# Vitest in node; the verifier's cross-check runs the C++ binary just built.
test-web: $(WEB_STAMP) build
	cd web && SUNLIT_BIN=$(abspath $(BUILD))/sunlit npm test

# End to end in Debian's Chromium (playwright-core) against a real `sunlit serve` on
# 127.0.0.1 with a fresh demo database; screenshots go to $(BUILD)/e2e-artifacts.
test-e2e: web build
	cd web && SUNLIT_BIN=$(abspath $(BUILD))/sunlit SUNLIT_E2E_ARTIFACTS=$(abspath $(BUILD))/e2e-artifacts \
	  npm run e2e
