# The two entry points of the README: `make demo` and `make test`.
# `make test` runs the whole suite twice: on the normal build, then built with ASan and
# UBSan (scripts/sanitize-test, in build-asan). On 2 cores, from scratch, ~6 + ~6.5 min.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build test demo fuzz sanitize clean format

all: build

deps:
	@scripts/install-deps

# -g1 (line tables) keeps file:line in backtraces and perf at a fraction of -g's compile time.
configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAWSX_WERROR=ON \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" $(CMAKE_FLAGS) >/dev/null

build: configure
	@env -u MAKEFLAGS -u MAKELEVEL cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	@JOBS=$(JOBS) scripts/sanitize-test

demo: build
	@scripts/demo $(BUILD)/awsx

# Each libFuzzer target for FUZZ_SECONDS (default 60), with clang, ASan and UBSan.
fuzz: deps
	@scripts/fuzz

# The whole CTest suite built with -DAWSX_SANITIZE=address,undefined, in build-asan.
sanitize: deps
	@JOBS=$(JOBS) scripts/sanitize-test

format: configure
	@cmake --build $(BUILD) --target format

clean:
	rm -rf $(BUILD) build-asan build-fuzz
