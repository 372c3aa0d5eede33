#include "TestHooks.h"

#include <atomic>
#include <memory>
#include <mutex>

namespace synset::hooks {

namespace {
std::atomic<bool> g_installed{false};
std::mutex g_mutex;
std::shared_ptr<const Hook> g_hook;
} // namespace

void install(Hook hook)
{
    std::lock_guard lock(g_mutex);
    g_hook = hook ? std::make_shared<const Hook>(std::move(hook)) : nullptr;
    g_installed.store(g_hook != nullptr, std::memory_order_release);
}

void reach(std::string_view point)
{
    if (!g_installed.load(std::memory_order_acquire))
        return;
    std::shared_ptr<const Hook> hook;
    {
        std::lock_guard lock(g_mutex);
        hook = g_hook;
    }
    if (hook)
        (*hook)(point);
}

} // namespace synset::hooks
