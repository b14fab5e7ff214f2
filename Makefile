# The two entry points of the README: `make demo` and `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build test demo fuzz sanitize clean format

all: build

deps:
	@scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAWSX_WERROR=ON $(CMAKE_FLAGS) >/dev/null

build: configure
	@env -u MAKEFLAGS -u MAKELEVEL cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

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
