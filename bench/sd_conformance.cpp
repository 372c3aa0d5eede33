// The Stable Diffusion conformance check of tests/tst_sd on any device, with LibTorch alone (no
// Qt), so that the CUDA path is checked on a GPU machine: the tiny SD-shaped fixture (diffusers
// folder and LDM single file) against the diffusers 0.21 references, in float32 and in float16.
//   sd_conformance [--device cpu|cuda] [--fixtures tests/data/sd]
// Prints the relative error (max |a - b| / max |b|) of each piece; exits 1 when one is over the
// tolerance of its dtype (float32: 1e-4 on CPU, 1e-3 on CUDA, where convolutions may use TF32;
// float16: 2e-2).
#include "common/Json.h"
#include "sd/StableDiffusion.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

using namespace synset;
using namespace synset::sd;

namespace {

Floats withBatch(Floats f)
{
    f.shape.insert(f.shape.begin(), 1);
    return f;
}

struct Checker
{
    const std::map<std::string, Floats> &ref;
    const Json &refJson;
    double tolerance;
    bool ok = true;

    void report(const std::string &label, const std::string &what, double err)
    {
        const bool pass = err < tolerance;
        ok = ok && pass;
        std::printf("  %-28s %-14s %.2e %s\n", label.c_str(), what.c_str(), err,
                    pass ? "ok" : "OVER TOLERANCE");
    }

    void fail(const std::string &label, const std::string &error)
    {
        ok = false;
        std::printf("  %-28s error: %s\n", label.c_str(), error.c_str());
    }

    void check(const std::string &label, const StableDiffusion &model)
    {
        const Json::array_t &texts = json::elements(json::member(refJson, "text"));
        double textErr = 0;
        for (size_t i = 0; i < texts.size(); ++i) {
            Result<Floats> h = model.encodeText(json::stringOf(texts[i]));
            if (!h)
                return fail(label, h.error());
            textErr = std::max(textErr,
                               relativeError(*h, withBatch(ref.at("text." + std::to_string(i)))));
        }
        report(label, "text encoder", textErr);

        const Floats &t = ref.at("unet.t");
        Result<Floats> eps =
            model.predictNoise(ref.at("unet.x"), {t.data[0], t.data[1]}, ref.at("unet.context"));
        if (!eps)
            return fail(label, eps.error());
        report(label, "unet", relativeError(*eps, ref.at("unet.eps")));

        Result<Floats> image = model.decodeLatents(ref.at("vae.latents"));
        if (!image)
            return fail(label, image.error());
        report(label, "vae decoder", relativeError(*image, ref.at("vae.image")));

        const Json &ddim = json::member(json::member(refJson, "pipelines"), "ddim");
        GenerateRequest r;
        r.prompts = {json::string(ddim, "prompt")};
        r.negativePrompt = json::string(ddim, "negative_prompt");
        r.seeds = {0};
        r.steps = static_cast<int>(json::integer(ddim, "steps", 0));
        r.guidance = json::number(ddim, "guidance", 0);
        r.sampler = "ddim";
        r.width = r.height = 64;
        r.initLatents = withBatch(ref.at("ddim.noise"));
        Result<GenerateResult> run = model.generate(r);
        if (!run)
            return fail(label, run.error());
        const Json::array_t &expected = json::elements(json::member(ddim, "timesteps"));
        bool sameTimesteps = run->timesteps.size() == expected.size();
        for (size_t i = 0; sameTimesteps && i < expected.size(); ++i)
            sameTimesteps = run->timesteps[i] == json::number(expected[i], -1);
        if (!sameTimesteps)
            fail(label, "DDIM timesteps differ from the reference");
        report(label, "ddim latents",
               relativeError(run->latents, withBatch(ref.at("ddim.latents"))));
        report(label, "ddim image", relativeError(run->image, withBatch(ref.at("ddim.image"))));
    }
};

} // namespace

int main(int argc, char **argv)
{
    std::string device = "cpu";
    std::string fixtures = "tests/data/sd";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--device"))
            device = argv[i + 1];
        else if (!std::strcmp(argv[i], "--fixtures"))
            fixtures = argv[i + 1];
    }
    Result<std::map<std::string, Floats>> ref =
        readFloatTensors(fixtures + "/tiny-sd-reference.safetensors");
    if (!ref) {
        std::fprintf(stderr, "sd_conformance: %s\n", ref.error().c_str());
        return 2;
    }
    std::ifstream jsonFile(fixtures + "/tiny-sd-reference.json");
    std::stringstream text;
    text << jsonFile.rdbuf();
    Result<Json> refJson = parseJson(text.str());
    if (!refJson) {
        std::fprintf(stderr, "sd_conformance: %s/tiny-sd-reference.json: %s\n", fixtures.c_str(),
                     refJson.error().c_str());
        return 2;
    }

    bool ok = true;
    const bool cuda = device.rfind("cuda", 0) == 0;
    for (bool half : {false, true}) {
        if (half && !cuda)
            continue; // float16 runs on CUDA only
        Checker checker{*ref, *refJson, half ? 2e-2 : (cuda ? 1e-3 : 1e-4)};
        for (bool channelsLast : {false, true}) {
            for (const std::string file : {"tiny-sd", "tiny-sd-ldm.safetensors"}) {
                LoadOptions options;
                options.device = device;
                options.halfOnCuda = half;
                options.channelsLast = channelsLast;
                if (file != "tiny-sd") // the single file's architecture comes from the folder
                    options.configFolder = fixtures + "/tiny-sd";
                Result<std::unique_ptr<StableDiffusion>> model =
                    StableDiffusion::load(fixtures + "/" + file, options);
                const std::string label =
                    file + (half ? " f16" : " f32") + (channelsLast ? " NHWC" : "");
                if (!model) {
                    checker.fail(label, model.error());
                    continue;
                }
                std::printf("%s on %s (%s)\n", label.c_str(), (*model)->info().device.c_str(),
                            (*model)->info().dtype.c_str());
                checker.check(label, **model);
            }
        }
        ok = ok && checker.ok;
    }
    std::printf("%s\n", ok ? "all within tolerance" : "SOME PIECES ARE OVER TOLERANCE");
    return ok ? 0 : 1;
}
