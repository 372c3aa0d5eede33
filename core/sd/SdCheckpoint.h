// What a Stable Diffusion checkpoint is made of, before any weight is read: the configs of a
// diffusers folder, the LDM key names of a single file, an architecture read from tensor shapes,
// the weights file of each component and the bundled CLIP vocabulary. Internal to the tensor
// library.
#pragma once

#include "SdConfig.h"

#include "common/Result.h"
#include "diffusion/TensorIndex.h"

#include <filesystem>
#include <string>

namespace synset::sd {

struct CheckpointConfigs
{
    UNetConfig unet;
    VaeConfig vae;
    ClipTextConfig text;
    SchedulerConfig scheduler;
};

// unet/, vae/, text_encoder/ config.json and scheduler/scheduler_config.json (optional) of a
// folder with model_index.json; an unsupported setting is an error naming the file.
Result<CheckpointConfigs> readDiffusersConfigs(const std::filesystem::path &root);
// Architecture from a single file's tensor shapes, with SD 1.x's conventions for what shapes
// cannot tell (8 UNet heads, 64-wide CLIP heads, 32 norm groups). Throws WeightError.
void inferFromShapes(const tensorfile::Index &index, CheckpointConfigs &configs);

// diffusers names -> the original LDM names ("model.diffusion_model.*", "first_stage_model.*").
std::string ldmUNetName(const std::string &name, const UNetConfig &config);
std::string ldmVaeName(const std::string &name, const VaeConfig &config);

// The weights file of a diffusers component: the plain name, else the fp16 variant (first when
// preferHalf), else any .safetensors; PyTorch pickles are refused with a clear message.
Result<std::filesystem::path> componentWeights(const std::filesystem::path &folder,
                                               const std::string &plain, bool preferHalf);
// resources/sd/clip-tokenizer: $SYNSET_RESOURCES, the installed data folder or the source tree;
// empty when none has it.
std::filesystem::path bundledTokenizer();

// Pixels per latent pixel.
int64_t vaeScaleFactor(const VaeConfig &vae);
// One line: UNet widths, layers, heads, context width, VAE, CLIP.
std::string describe(const CheckpointConfigs &configs);

} // namespace synset::sd
