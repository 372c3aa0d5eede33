// Holds the first worker that reaches a named point (common/TestHooks.h) until the test lets it
// go: the test pauses or cancels meanwhile, and the work stops at a known place on any machine.
#pragma once

#include "common/TestHooks.h"

#include <QSemaphore>

#include <atomic>
#include <memory>
#include <string>

namespace synset::testing {

class Gate
{
public:
    explicit Gate(std::string point)
        : m_state(std::make_shared<State>())
    {
        hooks::install([state = m_state, point = std::move(point)](std::string_view p) {
            if (p != point || state->passed.exchange(true))
                return;
            state->reached.release();
            state->go.acquire();
        });
    }
    ~Gate()
    {
        release();
        hooks::install({});
    }
    Gate(const Gate &) = delete;
    Gate &operator=(const Gate &) = delete;

    // Blocks until a worker is held at the point (or the time is up: false).
    bool waitReached(int milliseconds = 600000)
    {
        return m_state->reached.tryAcquire(1, milliseconds);
    }
    void release()
    {
        if (!m_state->released.exchange(true))
            m_state->go.release();
    }

private:
    struct State
    {
        QSemaphore reached, go;
        std::atomic<bool> passed{false}, released{false};
    };
    std::shared_ptr<State> m_state;
};

} // namespace synset::testing
