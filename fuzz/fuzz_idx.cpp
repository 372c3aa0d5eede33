// An IDX file as imported: gzip or not, the decompressed size capped by the header, then parsed.
#include "FuzzUtil.h"

#include "common/FileUtil.h"
#include "data/Idx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace synset;
    const std::filesystem::path path = "fuzz-images-idx3-ubyte";
    files::OutputCap cap;
    cap.headBytes = 16;
    cap.ask = [&](const std::vector<uint8_t> &head) { return idx::declaredSize(head, path); };
    std::vector<uint8_t> bytes;
    const std::string_view in = fuzz::text(data, size);
    if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
        Result<std::vector<uint8_t>> out = files::gunzip(in, path.string(), cap);
        if (!out)
            return 0;
        bytes = std::move(*out);
    } else {
        bytes.assign(data, data + size);
    }
    Result<idx::IdxFile> file = idx::parse(std::move(bytes), path);
    if (file && !file->dims.empty() && file->dims[0] > 0) {
        // Every item the header promises lies inside the data.
        const size_t item = file->itemSize();
        if (file->headerSize + uint64_t(file->dims[0]) * item > file->data.size())
            __builtin_trap();
    }
    return 0;
}
