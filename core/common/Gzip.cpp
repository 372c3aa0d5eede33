#include "FileUtil.h"

#include <zlib.h>

namespace fs = std::filesystem;

namespace synset::files {

Result<std::vector<uint8_t>> readMaybeGzip(const fs::path &path)
{
    Result<std::string> raw = readText(path);
    if (!raw)
        return makeError(raw.error());
    const std::string &in = *raw;
    const bool gz = in.size() >= 2 && static_cast<uint8_t>(in[0]) == 0x1f &&
                    static_cast<uint8_t>(in[1]) == 0x8b;
    if (!gz)
        return std::vector<uint8_t>(in.begin(), in.end());

    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
        return makeError(path.string() + ": cannot initialise gzip decoder");
    std::vector<uint8_t> out;
    out.reserve(in.size() * 3);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    uint8_t buf[1 << 16];
    while (rc != Z_STREAM_END) {
        zs.next_out = buf;
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            return makeError(path.string() + ": corrupt gzip data (" +
                             (zs.msg ? std::string(zs.msg) : std::to_string(rc)) + ")");
        }
        out.insert(out.end(), buf, buf + (sizeof buf - zs.avail_out));
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            return makeError(path.string() + ": truncated gzip file (ends after " +
                             std::to_string(in.size()) + " bytes)");
        }
    }
    inflateEnd(&zs);
    return out;
}

} // namespace synset::files
