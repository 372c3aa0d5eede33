#include "GeneratedImage.h"

#include "common/Json.h"
#include "data/ImageLoader.h"
#include "data/PngText.h"

#include <cstdio>

namespace synset {

namespace {

// The sampler as parameters name it: Karras sigmas are part of the name ("DPM++ 2M Karras").
std::string samplerName(const GenerationConfig &c)
{
    return c.karras ? c.sampler + "-karras" : c.sampler;
}

} // namespace

double ddimEta(const std::string &sampler, double eta)
{
    return sampler == "ddim" ? eta : 0.0;
}

Json provenanceJson(const SampleProvenance &p)
{
    Json prov;
    prov["prompt"] = p.prompt;
    if (!p.negativePrompt.empty())
        prov["negative_prompt"] = p.negativePrompt;
    prov["seed"] = std::to_string(p.seed); // a string: JSON readers lose 64-bit integers
    prov["guidance"] = p.guidance;
    prov["sampler"] = p.sampler;
    prov["steps"] = p.steps;
    prov["model"] = p.modelFile;
    prov["model_hash"] = p.modelHash;
    prov["eta"] = ddimEta(p.sampler, p.eta);
    return prov;
}

void noteConversion(Json &provenance, const ImageData &made, const ImageKind &stored)
{
    provenance["converted"]["from"] = describeImageKind({made.width, made.height, made.channels});
    provenance["converted"]["to"] = describeImageKind(stored);
}

std::string generatedFileName(const std::string &wnid, int64_t index)
{
    char name[64];
    std::snprintf(name, sizeof name, "%s_%06lld.png", wnid.c_str(), static_cast<long long>(index));
    return name;
}

GeneratorBatch batchRequest(const GenerationConfig &config, const ImageKind &made,
                            const std::vector<ImageRecipe> &recipes)
{
    GeneratorBatch request;
    request.guidance = config.guidance;
    request.sampler = config.sampler;
    request.karras = config.karras;
    request.steps = config.steps;
    request.eta = config.eta;
    request.batchSize = config.batchSize;
    request.negativePrompt = config.negativePrompt;
    request.width = made.width;
    request.height = made.height;
    for (const ImageRecipe &r : recipes) {
        request.wnids.push_back(r.wnid);
        request.prompts.push_back(r.prompt);
        request.seeds.push_back(r.seed);
    }
    return request;
}

std::string generatedParameters(const GeneratedImageContext &context, const ImageRecipe &recipe,
                                int madeWidth, int madeHeight)
{
    const GenerationConfig &cfg = context.config;
    const std::string negative = context.info.textPrompts ? cfg.negativePrompt : std::string();
    return a1111Parameters(recipe.prompt, negative, cfg.steps, samplerName(cfg), cfg.guidance,
                           recipe.seed, madeWidth, madeHeight, context.info.hash, recipe.wnid,
                           cfg.eta);
}

Result<WrittenImage> writeGeneratedImage(const std::filesystem::path &path,
                                         const GeneratedImageContext &context,
                                         const ImageRecipe &recipe, const ImageData &made)
{
    const GenerationConfig &cfg = context.config;
    const GeneratorDescription &info = context.info;
    const ImageData img = context.convertTo ? convertToImageKind(made, *context.convertTo) : made;
    if (Result<void> r = writePngWithText(
            path, img, "parameters", generatedParameters(context, recipe, made.width, made.height));
        !r)
        return makeError(r.error());
    Json prov = provenanceJson({recipe.prompt, info.textPrompts ? cfg.negativePrompt : "",
                                recipe.seed, cfg.guidance, samplerName(cfg), cfg.steps,
                                info.path.filename().string(), info.hash, cfg.eta});
    prov["job"] = context.jobName;
    prov["index"] = recipe.index;
    if (context.convertTo)
        noteConversion(prov, made, *context.convertTo);
    if (info.textPrompts) {
        prov["kind"] = "text";
        prov["width"] = made.width;
        prov["height"] = made.height;
    } else {
        prov["class_index"] = context.classIndex;
    }
    return WrittenImage{img.width, img.height, img.channels, dumpJson(prov)};
}

} // namespace synset
