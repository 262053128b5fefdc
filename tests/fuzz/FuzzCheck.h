#pragma once
// What a fuzz target asserts: a broken rule prints what it is and aborts, which libFuzzer records as a
// crash with the input that broke it (it becomes a regression: tests/fuzz/README.md).

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, rule)                                                                                    \
    do {                                                                                                               \
        if (!(condition)) {                                                                                            \
            std::fprintf(stderr, "fuzz: broken: %s (%s:%d)\n", rule, __FILE__, __LINE__);                              \
            std::abort();                                                                                              \
        }                                                                                                              \
    } while (false)
