// A single-file checkpoint's header: the architecture read from its shapes, and every diffusers
// name mapped to its LDM key.
#include "FuzzUtil.h"

#include "sd/SdCheckpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace synset;
    Result<tensorfile::Index> index =
        tensorfile::parseIndex(fuzz::text(data, size), ~uint64_t(0), "fuzz.safetensors");
    if (!index)
        return 0;
    sd::CheckpointConfigs configs;
    try {
        sd::inferFromShapes(*index, configs);
    } catch (const sd::WeightError &) {
        return 0;
    }
    (void)sd::describe(configs);
    (void)sd::vaeScaleFactor(configs.vae);
    for (const auto &[name, entry] : index->entries) {
        (void)sd::ldmUNetName(name, configs.unet);
        (void)sd::ldmVaeName(name, configs.vae);
    }
    return 0;
}
