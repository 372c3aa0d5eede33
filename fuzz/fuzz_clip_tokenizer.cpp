// Any prompt text through the bundled CLIP tokenizer (normalisation, pre-tokenisation, BPE).
#include "FuzzUtil.h"

#include "sd/ClipTokenizer.h"
#include "sd/SdCheckpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace synset;
    static const sd::ClipTokenizer tokenizer = [] {
        Result<sd::ClipTokenizer> t = sd::ClipTokenizer::load(sd::bundledTokenizer());
        if (!t) {
            std::fprintf(stderr, "fuzz_clip_tokenizer: %s\n", t.error().c_str());
            std::abort();
        }
        return std::move(*t);
    }();
    const std::vector<int32_t> ids = tokenizer.encodePadded(fuzz::text(data, size));
    if (ids.size() != 77)
        __builtin_trap();
    for (int32_t id : ids)
        if (id < 0 || size_t(id) >= tokenizer.vocabularySize())
            __builtin_trap();
    return 0;
}
