#pragma once

// Counts a fuzz target's accepted and refused inputs and prints them when the fuzzer exits
// (libFuzzer ends with exit(), so static destructors run). scripts/fuzz.sh reports the line.

#include <cstdio>

#include "fuzz/fuzz_input.h"

namespace digitscope::fuzz {

class OutcomeCounter {
public:
    explicit OutcomeCounter(const char* target) : m_target(target) {}
    ~OutcomeCounter() {
        std::fprintf(stderr, "digitscope-fuzz: %s accepted %llu refused %llu\n", m_target,
                     m_accepted, m_refused);
    }
    OutcomeCounter(const OutcomeCounter&) = delete;
    OutcomeCounter& operator=(const OutcomeCounter&) = delete;

    void add(Outcome outcome) { ++(outcome == Outcome::Accepted ? m_accepted : m_refused); }

private:
    const char* m_target;
    unsigned long long m_accepted = 0;
    unsigned long long m_refused = 0;
};

}  // namespace digitscope::fuzz
