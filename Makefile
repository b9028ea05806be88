# The README's two commands, over CMake:
#   make report   install what is missing, build Release, regenerate REPORT.md and plots/
#   make check    install what is missing, build with ASan+UBSan, run the whole suite
JOBS ?= 2

.PHONY: report check release deps deps-test clean

deps:
	@sh scripts/deps.sh

deps-test:
	@sh scripts/deps.sh --test

release: deps
	cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DPT_TESTS=OFF
	cmake --build build-release -j $(JOBS)

report: release
	sh scripts/sample-report.sh build-release/ptaudit build-release/sample

check: deps-test
	cmake -S . -B build-check -DCMAKE_BUILD_TYPE=Debug -DPT_SANITIZE=ON -DPT_WERROR=ON
	cmake --build build-check -j $(JOBS)
	ctest --test-dir build-check --output-on-failure -j $(JOBS)
	@# gcc -O2 finds warnings -O0 does not (maybe-uninitialized): warnings are errors there too.
	cmake -S . -B build-check-release -DCMAKE_BUILD_TYPE=Release -DPT_WERROR=ON -DPT_TESTS=OFF
	cmake --build build-check-release -j $(JOBS)

clean:
	rm -rf build-release build-check build-check-release build
