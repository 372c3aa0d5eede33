// A safetensors header (its JSON text) checked against data sections of several sizes.
#include "FuzzUtil.h"

#include "diffusion/TensorIndex.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace synset::tensorfile;
    for (uint64_t dataSize : {uint64_t(0), uint64_t(4096), ~uint64_t(0)}) {
        synset::Result<Index> index = parseIndex(fuzz::text(data, size), dataSize, "fuzz");
        if (!index)
            continue;
        for (const auto &[name, e] : index->entries)
            if (e.end < e.begin || e.end > dataSize || dtypeSize(e.dtype) == 0)
                __builtin_trap(); // parseIndex promised these
    }
    return 0;
}
