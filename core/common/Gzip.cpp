#include "FileUtil.h"

#include <zlib.h>

#include <algorithm>
#include <optional>

namespace fs = std::filesystem;

namespace synset::files {

namespace {

bool isGzip(std::string_view in)
{
    return in.size() >= 2 && static_cast<uint8_t>(in[0]) == 0x1f &&
           static_cast<uint8_t>(in[1]) == 0x8b;
}

struct Inflater
{
    z_stream zs{};
    bool ready = false;
    ~Inflater()
    {
        if (ready)
            inflateEnd(&zs);
    }
};

} // namespace

Result<std::vector<uint8_t>> gunzip(std::string_view in, const std::string &where,
                                    const OutputCap &cap)
{
    Inflater z;
    if (inflateInit2(&z.zs, 16 + MAX_WBITS) != Z_OK)
        return makeError(where + ": cannot initialise gzip decoder");
    z.ready = true;
    z.zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
    z.zs.avail_in = static_cast<uInt>(in.size());
    std::vector<uint8_t> out;
    std::optional<uint64_t> limit;
    int rc = Z_OK;
    uint8_t buf[1 << 16];
    while (rc != Z_STREAM_END) {
        // Until the cap is known, inflate just enough to show it the head of the data.
        const size_t room = cap.ask && !limit ? cap.headBytes - out.size() : sizeof buf;
        z.zs.next_out = buf;
        z.zs.avail_out = static_cast<uInt>(std::min(room, sizeof buf));
        const uInt asked = z.zs.avail_out;
        rc = inflate(&z.zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
            return makeError(where + ": corrupt gzip data (" +
                             (z.zs.msg ? std::string(z.zs.msg) : std::to_string(rc)) + ")");
        if (rc == Z_BUF_ERROR && z.zs.avail_out == asked)
            return makeError(where + ": truncated gzip file (ends after " +
                             std::to_string(in.size()) + " bytes)");
        out.insert(out.end(), buf, buf + (asked - z.zs.avail_out));
        if (cap.ask && !limit && out.size() >= cap.headBytes) {
            Result<uint64_t> l = cap.ask(out);
            if (!l)
                return makeError(l.error());
            limit = *l;
        }
        if (limit && out.size() > *limit)
            return makeError(where + ": decompresses to more than the " + std::to_string(*limit) +
                             " bytes its header declares");
        if (rc != Z_STREAM_END && z.zs.avail_in == 0 && z.zs.avail_out != 0)
            return makeError(where + ": truncated gzip file (ends after " +
                             std::to_string(in.size()) + " bytes)");
    }
    return out;
}

Result<std::vector<uint8_t>> readMaybeGzip(const fs::path &path, const OutputCap &cap)
{
    Result<std::string> raw = readText(path);
    if (!raw)
        return makeError(raw.error());
    if (!isGzip(*raw))
        return std::vector<uint8_t>(raw->begin(), raw->end());
    return gunzip(*raw, path.string(), cap);
}

} // namespace synset::files
