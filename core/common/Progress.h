// Progress reporting and cancellation for long core operations: each job gets its own callback
// and token; nothing here is global.
#pragma once

#include <atomic>
#include <functional>
#include <string_view>

namespace synset {

class CancelToken
{
public:
    void cancel() { m_cancelled.store(true, std::memory_order_release); }
    void reset() { m_cancelled.store(false, std::memory_order_release); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }

private:
    std::atomic<bool> m_cancelled{false};
};

// fraction in [0, 1]; message says what is being worked on. Called from the worker thread.
using ProgressFn = std::function<void(double fraction, std::string_view message)>;

inline void reportProgress(const ProgressFn &fn, double fraction, std::string_view message)
{
    if (fn)
        fn(fraction, message);
}

inline bool isCancelled(const CancelToken *token)
{
    return token && token->isCancelled();
}

} // namespace synset
