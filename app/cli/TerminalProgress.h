// A one-line terminal progress bar with rate and ETA, and Ctrl+C as a cancel request.
#pragma once

#include "common/Progress.h"

#include <chrono>
#include <string>

namespace synset::cli {

class TerminalProgress
{
public:
    // fraction in [0,1]; elapsed < 0 uses the time since construction.
    void update(double fraction, const std::string &message, double elapsed = -1);
    void finish();

private:
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point m_last{};
    double m_lastFraction = 0;
    std::string m_lastMessage;
    bool m_drawn = false;
};

// The first Ctrl+C or SIGTERM cancels the token (work stops cleanly, state saved); a second one
// kills. warningSignal: SIGUSR1 too, the signal Slurm sends before a time limit
// (--signal=B:USR1@120).
void installInterruptHandler(CancelToken *token, bool warningSignal = false);

} // namespace synset::cli
