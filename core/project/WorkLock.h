// Liveness of jobs and runs from OS file locks: a process that executes a generation job or a
// training run holds an exclusive lock (fcntl, open-file-description) on a file in the project's
// locks/ folder for as long as it works. The kernel drops the lock when the process ends, however
// it ends (a crash, kill -9, a power cut), so interrupted work can resume at once, and two live
// processes — the GUI and a CLI, or two CLIs — never execute the same job or run. No heartbeats, no
// timeouts.
#pragma once

#include "common/Result.h"

#include <filesystem>
#include <string>

namespace synset {

class WorkLock
{
public:
    WorkLock() = default;
    WorkLock(WorkLock &&other) noexcept;
    WorkLock &operator=(WorkLock &&other) noexcept;
    WorkLock(const WorkLock &) = delete;
    WorkLock &operator=(const WorkLock &) = delete;
    ~WorkLock();

    // Takes the lock of work `name` of `kind` ("run", "generation") in the project folder, or
    // says that another live process (or another part of this one) holds it, naming its pid.
    static Result<WorkLock> acquire(const std::filesystem::path &projectDir,
                                    const std::string &kind, const std::string &name);
    // Whether a live process holds that lock now.
    static bool isHeld(const std::filesystem::path &projectDir, const std::string &kind,
                       const std::string &name);

    bool held() const { return m_fd >= 0; }
    void release();

private:
    int m_fd = -1;
};

} // namespace synset
