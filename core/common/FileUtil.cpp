#include "FileUtil.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace synset::files {

Result<std::string> readText(const fs::path &path)
{
    std::error_code ec;
    if (fs::is_directory(path, ec))
        return makeError(path.string() + ": a folder, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(path.string() + ": cannot open (" + std::strerror(errno) + ")");
    std::ostringstream ss;
    try {
        ss << in.rdbuf();
    } catch (const std::exception &) {
        return makeError(path.string() + ": read error");
    }
    if (in.bad())
        return makeError(path.string() + ": read error");
    return ss.str();
}

namespace {

std::string tempNameFor(const fs::path &path)
{
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    return path.string() + ".tmp-" + std::to_string(::getpid()) + "-" +
           std::to_string(rng() % 1000000);
}

Result<void> syncDirectory(const fs::path &dir)
{
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return {};
    ::fsync(fd);
    ::close(fd);
    return {};
}

} // namespace

Result<void> writeAtomically(const fs::path &path, std::string_view data)
{
    const std::string tmp = tempNameFor(path);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return makeError(path.string() + ": cannot write (" + std::strerror(errno) + ")");
    size_t written = 0;
    while (written < data.size()) {
        const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            return makeError(path.string() + ": write failed (" + why + ")");
        }
        written += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(tmp.c_str());
        return makeError(path.string() + ": could not flush to disk");
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmp.c_str());
        return makeError(path.string() + ": cannot replace (" + why + ")");
    }
    return syncDirectory(path.parent_path());
}

Result<void> copyAtomically(const fs::path &from, const fs::path &to)
{
    Result<std::string> data = readText(from);
    if (!data)
        return makeError(data.error());
    return writeAtomically(to, *data);
}

Result<bool> linkOrCopyAtomically(const fs::path &from, const fs::path &to)
{
    std::error_code ec;
    if (fs::exists(to, ec) && fs::equivalent(from, to, ec))
        return true;
    fs::path temp = to;
    temp += ".link-" + std::to_string(::getpid());
    fs::remove(temp, ec);
    fs::create_hard_link(from, temp, ec);
    if (!ec) {
        fs::rename(temp, to, ec);
        if (!ec)
            return true;
        fs::remove(temp, ec);
    }
    if (!fs::exists(from, ec))
        return makeError(from.string() + ": missing");
    // Another file system, or links not allowed there: a copy.
    if (Result<void> r = copyAtomically(from, to); !r)
        return makeError(r.error());
    return false;
}

} // namespace synset::files
