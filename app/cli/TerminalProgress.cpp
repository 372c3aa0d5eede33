#include "TerminalProgress.h"

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace synset::cli {

namespace {
CancelToken *g_token = nullptr;

void onInterrupt(int)
{
    if (g_token && !g_token->isCancelled()) {
        g_token->cancel();
        return;
    }
    std::_Exit(130);
}

std::string formatSeconds(double s)
{
    char buf[32];
    const long t = long(s);
    if (t >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
    return buf;
}
} // namespace

void installInterruptHandler(CancelToken *token, bool warningSignal)
{
    g_token = token;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    if (warningSignal)
        std::signal(SIGUSR1, onInterrupt);
}

void TerminalProgress::update(double fraction, const std::string &message, double elapsed)
{
    const auto now = std::chrono::steady_clock::now();
    const bool tty = ::isatty(STDERR_FILENO);
    // Redraw at most 5 times a second on a terminal, every 10 s in a log; the end of a phase is
    // drawn at once, but only once.
    const bool ends = fraction >= 1.0 && (m_lastFraction < 1.0 || message != m_lastMessage);
    if (m_drawn && now - m_last < std::chrono::milliseconds(tty ? 200 : 10000) && !ends)
        return;
    m_last = now;
    m_lastFraction = fraction;
    m_lastMessage = message;
    if (elapsed < 0)
        elapsed = std::chrono::duration<double>(now - m_start).count();
    const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
    constexpr int kWidth = 28;
    const int filled = int(fraction * kWidth + 0.5);
    std::string bar(size_t(filled), '#');
    bar.append(size_t(kWidth - filled), '.');
    std::fprintf(stderr, "%s[%s] %5.1f%%  %s  elapsed %s  eta %s%s", tty ? "\r" : "", bar.c_str(),
                 fraction * 100, message.c_str(), formatSeconds(elapsed).c_str(),
                 formatSeconds(eta).c_str(), tty ? "\033[K" : "\n");
    std::fflush(stderr);
    m_drawn = true;
}

void TerminalProgress::finish()
{
    if (m_drawn && ::isatty(STDERR_FILENO))
        std::fputc('\n', stderr);
}

} // namespace synset::cli
