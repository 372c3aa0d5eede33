#include "WorkLock.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string_view>
#include <unistd.h>

namespace fs = std::filesystem;

namespace synset {

namespace {

// A lock file per work item. Names may hold any character, so the file is named by the kind,
// the name's safe characters and a hash of the whole name.
std::string safeName(const std::string &s)
{
    std::string safe;
    for (char c : s.substr(0, 64))
        safe.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_');
    return safe;
}

fs::path lockPath(const fs::path &projectDir, const std::string &kind, const std::string &name)
{
    uint64_t h = 1469598103934665603ull; // FNV-1a
    for (unsigned char c : name)
        h = (h ^ c) * 1099511628211ull;
    char hex[17];
    for (int i = 0; i < 16; ++i)
        hex[i] = "0123456789abcdef"[(h >> (60 - 4 * i)) & 0xF];
    hex[16] = 0;
    return projectDir / "locks" / (safeName(kind) + "-" + safeName(name) + "-" + hex + ".lock");
}

int openLockFile(const fs::path &path)
{
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    return ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
}

// Open-file-description locks: like flock they belong to one open file (so two opens in one
// process exclude each other too) and end when it closes, and like fcntl they can be queried.
struct flock wholeFile(short type)
{
    struct flock l = {};
    l.l_type = type;
    l.l_whence = SEEK_SET;
    l.l_start = 0;
    l.l_len = 0;
    return l;
}

std::string holderPid(int fd)
{
    char buf[32] = {};
    const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    std::string pid(buf, n > 0 ? size_t(n) : 0);
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' '))
        pid.pop_back();
    return pid;
}

} // namespace

WorkLock::WorkLock(WorkLock &&other) noexcept
    : m_fd(other.m_fd)
{
    other.m_fd = -1;
}

WorkLock &WorkLock::operator=(WorkLock &&other) noexcept
{
    if (this != &other) {
        release();
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

WorkLock::~WorkLock()
{
    release();
}

void WorkLock::release()
{
    if (m_fd >= 0)
        ::close(m_fd); // closing the descriptor drops the lock
    m_fd = -1;
}

Result<WorkLock> WorkLock::acquire(const fs::path &projectDir, const std::string &kind,
                                   const std::string &name)
{
    const fs::path path = lockPath(projectDir, kind, name);
    const int fd = openLockFile(path);
    if (fd < 0)
        return makeError("cannot open the lock file " + path.string() + " (" +
                         std::strerror(errno) + ")");
    struct flock whole = wholeFile(F_WRLCK);
    if (::fcntl(fd, F_OFD_SETLK, &whole) != 0) {
        const int err = errno;
        const std::string pid = holderPid(fd);
        ::close(fd);
        if (err == EAGAIN || err == EACCES)
            return makeError(kind + " '" + name + "' is running in another process" +
                             (pid.empty() ? std::string() : " (pid " + pid + ")"));
        return makeError("cannot lock " + path.string() + " (" + std::strerror(err) + ")");
    }
    // The pid is for messages only; the lock itself is what counts.
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) == 0)
        (void)!::pwrite(fd, pid.data(), pid.size(), 0);
    WorkLock lock;
    lock.m_fd = fd;
    return lock;
}

bool WorkLock::isHeld(const fs::path &projectDir, const std::string &kind, const std::string &name)
{
    const fs::path path = lockPath(projectDir, kind, name);
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return false; // never locked
    // F_OFD_GETLK only asks: it takes no lock, so probing never gets in a holder's way.
    struct flock probe = wholeFile(F_WRLCK);
    const bool held = ::fcntl(fd, F_OFD_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
    ::close(fd);
    return held;
}

} // namespace synset
