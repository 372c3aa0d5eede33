// A diffusers folder's configs: model_index.json, unet/, vae/, text_encoder/ config.json and
// scheduler/scheduler_config.json, cut from the input at "\n====\n".
#include "FuzzUtil.h"

#include "sd/SdCheckpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace synset;
    static const char *kFiles[] = {"model_index.json", "unet/config.json", "vae/config.json",
                                   "text_encoder/config.json", "scheduler/scheduler_config.json"};
    const std::vector<std::string> bodies = fuzz::parts(fuzz::text(data, size), 5);
    const std::filesystem::path root = fuzz::scratch() / "sd";
    for (size_t i = 0; i < 5; ++i)
        fuzz::write(root / kFiles[i], bodies[i]);
    Result<sd::CheckpointConfigs> configs = sd::readDiffusersConfigs(root);
    if (configs) {
        (void)sd::describe(*configs);
        (void)sd::vaeScaleFactor(configs->vae);
    }
    return 0;
}
