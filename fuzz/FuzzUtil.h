// Helpers shared by the fuzz targets.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace fuzz {

inline std::string_view text(const uint8_t *data, size_t size)
{
    return {reinterpret_cast<const char *>(data), size};
}

// The input cut at each "\n====\n" into at most `count` parts (the rest empty).
inline std::vector<std::string> parts(std::string_view in, size_t count)
{
    std::vector<std::string> out;
    constexpr std::string_view kCut = "\n====\n";
    while (out.size() + 1 < count) {
        const size_t at = in.find(kCut);
        if (at == std::string_view::npos)
            break;
        out.emplace_back(in.substr(0, at));
        in.remove_prefix(at + kCut.size());
    }
    out.emplace_back(in);
    out.resize(count);
    return out;
}

// A folder of this process's own under $TMPDIR (or /tmp), made once.
inline const std::filesystem::path &scratch()
{
    static const std::filesystem::path dir = [] {
        const char *tmp = std::getenv("TMPDIR");
        std::filesystem::path d = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") /
                                  ("synset-fuzz-" + std::to_string(getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

inline void write(const std::filesystem::path &path, const std::string &body)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << body;
}

} // namespace fuzz
