// Seed arithmetic shared by everything that must give the same result on every platform and
// library (std distributions do not): SplitMix64 steps and a mix of two seeds into one.
#pragma once

#include <cstdint>

namespace synset::seeds {

// One SplitMix64 step: advances state and returns a well-mixed 64-bit value.
inline uint64_t splitMix64(uint64_t &state)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// The SplitMix64 output for state z (without keeping a state).
inline uint64_t splitMix64Of(uint64_t z)
{
    return splitMix64(z);
}

// Two seeds (a run's seed and an epoch or step, say) into one.
inline uint64_t mix(uint64_t a, uint64_t b)
{
    uint64_t z = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull + (a << 6) + (a >> 2));
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

} // namespace synset::seeds
