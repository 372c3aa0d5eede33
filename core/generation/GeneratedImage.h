// One generated image as generation jobs and cluster plans make it: its recipe (class, index,
// seed, prompt), the batch request a generator takes for several recipes, and the PNG with its
// AUTOMATIC1111 parameters and the provenance its row records. Jobs and plan shards write images
// through here, so an image made by a shard on another host has the bytes a job would write.
#pragma once

#include "common/Json.h"
#include "common/Result.h"
#include "data/ImageKind.h"
#include "generation/GenerationJob.h"
#include "generation/Generator.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace synset {

struct ImageRecipe
{
    std::string wnid;
    int64_t index = 0; // within its class
    uint64_t seed = 0;
    std::string prompt;
};

// The file name of image index of a class: "n01440764_000042.png".
std::string generatedFileName(const std::string &wnid, int64_t index);

// The generator request for these recipes (one class model batch, or a text model's prompts) at
// the job's settings; made: the size the generator is asked for.
GeneratorBatch batchRequest(const GenerationConfig &config, const ImageKind &made,
                            const std::vector<ImageRecipe> &recipes);

// What writing one generated image stored: the kind written and the provenance (JSON text).
struct WrittenImage
{
    int width = 0, height = 0, channels = 0;
    std::string provenance;
};

struct GeneratedImageContext
{
    const GenerationConfig &config;
    const GeneratorDescription &info;
    std::optional<ImageKind> convertTo; // the project's kind, when the images are converted
    std::string jobName;                // "job" in the provenance: the job's or the plan's name
    int classIndex = -1;                // the model's index of the class (class models)
};

// Writes the image (converted when the context says so) as a PNG with its parameters, atomically,
// at path; the provenance the image's row records.
Result<WrittenImage> writeGeneratedImage(const std::filesystem::path &path,
                                         const GeneratedImageContext &context,
                                         const ImageRecipe &recipe, const ImageData &made);

// Only DDIM has an eta; other samplers record none.
double ddimEta(const std::string &sampler, double eta);
// What an images row says of how its image was made.
Json provenanceJson(const SampleProvenance &p);
// Records a conversion in an image's provenance: what was made, and what was stored.
void noteConversion(Json &provenance, const ImageData &made, const ImageKind &stored);

// The "parameters" text a PNG of this recipe carries (what writeGeneratedImage writes, for
// checking a file against its recipe).
std::string generatedParameters(const GeneratedImageContext &context, const ImageRecipe &recipe,
                                int madeWidth, int madeHeight);

} // namespace synset
