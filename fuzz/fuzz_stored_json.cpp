// JSON the project stores and reads back (runs, jobs, model metadata), with the decimal-comma
// repair, and the UNet config of this project's own diffusion models.
#include "FuzzUtil.h"

#include "common/Json.h"
#include "diffusion/UNetConfig.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace synset;
    Result<Json> j = parseStoredJson(fuzz::text(data, size));
    if (!j)
        return 0;
    (void)dumpJson(*j, 1);
    (void)json::number(json::member(*j, "learning_rate"), 0.1);
    (void)json::int32(json::member(*j, "epochs"), 1);
    (void)json::seed(json::member(*j, "seed"), 0);
    if (Result<diffusion::UNetConfig> c = diffusion::UNetConfig::fromJson(*j)) {
        (void)c->flopsPerImage();
        (void)c->toJson();
    }
    return 0;
}
