/* fuzz.h: what every harness in tests/fuzz/ shares.
 *
 * A harness defines LLVMFuzzerTestOneInput and is linked two ways: with
 * libFuzzer (clang -fsanitize=fuzzer, PT_FUZZ=ON) to search for inputs, and
 * with replay_main.c (any compiler, the normal ctest build under ASan+UBSan)
 * to re-run the committed corpus and regressions. A property violation
 * calls PT_FUZZ_CHECK, which prints what broke and aborts: libFuzzer saves
 * the input as a crash, the replay test fails. Harnesses must be
 * deterministic and must not leak: the leak checker runs in both modes. */
#ifndef PTAUDIT_FUZZ_H
#define PTAUDIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when PT_FUZZ_STRICT is set in the environment. Some properties hold
 * only for well-formed UTF-8, which is all the CSV reader lets through
 * (it quarantines the rest); harnesses check them on other bytes only in
 * strict mode, which the regression tests of open findings turn on
 * (tests/fuzz/regressions/OPEN). */
static inline int pt_fuzz_strict(void)
{
    static int strict = -1;
    if (strict < 0) {
        const char *v = getenv("PT_FUZZ_STRICT");
        strict = v != NULL && v[0] != '\0' && v[0] != '0';
    }
    return strict;
}

#define PT_FUZZ_CHECK(cond, ...)                                                  \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "%s:%d: property failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                         \
            fputc('\n', stderr);                                                  \
            abort();                                                              \
        }                                                                         \
    } while (0)

#endif
