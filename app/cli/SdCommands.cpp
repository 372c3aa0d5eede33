// Stable Diffusion from the command line: text-to-image with a diffusers folder or a single-file
// checkpoint (generate --model ... --prompt ...), and the CLIP tokenizer (sd tokenize).
#include "CliArgs.h"
#include "Commands.h"
#include "TerminalProgress.h"

#include "data/ImageLoader.h"
#include "data/PngText.h"
#include "generation/GenerationJob.h"
#include "sd/ClipTokenizer.h"
#include "sd/StableDiffusion.h"

#include "common/Json.h"

#include <iomanip>
#include <iostream>
#include <sstream>

namespace synset::cli {

namespace {

template<typename T> bool parseNumber(const std::string &text, T &out)
{
    std::istringstream in(text);
    in >> out;
    return in && in.eof();
}

sd::LoadOptions loadOptions(const Args &args)
{
    sd::LoadOptions o;
    o.device = args.value("device", "cpu");
    o.channelsLast = args.flag("channels-last");
    if (auto config = args.value("config"))
        o.configFolder = *config;
    return o;
}

Result<std::unique_ptr<sd::StableDiffusion>> loadModel(const Args &args, bool quiet)
{
    TerminalProgress bar;
    ProgressFn progress;
    if (!quiet)
        progress = [&](double f, std::string_view m) { bar.update(f, "model: " + std::string(m)); };
    auto model = sd::StableDiffusion::load(*args.value("model"), loadOptions(args), progress);
    if (!quiet)
        bar.finish();
    return model;
}

} // namespace

// generate --model DIR|FILE.safetensors --prompt TEXT [--negative TEXT --steps N --guidance S
//          --sampler ddim|euler|euler-a|dpmpp2m --karras --eta E --seed S --width W --height H
//          --out FILE.png --init-latents FILE --save-latents FILE --device D --channels-last
//          --config DIR]
int runSdGenerate(const std::vector<std::string> &argv)
{
    Args args(argv,
              {"model", "prompt", "negative", "steps", "guidance", "sampler", "eta", "seed",
               "width", "height", "out", "init-latents", "save-latents", "device", "config"},
              {"karras", "quiet", "channels-last"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("model") || !args.value("prompt"))
        return fail("usage: generate --model DIR|FILE.safetensors --prompt TEXT [--negative TEXT "
                    "--steps N --guidance S --sampler ddim|euler|euler-a|dpmpp2m --karras --seed S "
                    "--width W --height H --out FILE.png --init-latents FILE --save-latents FILE "
                    "--device cpu|cuda --channels-last --config DIR]",
                    2);
    sd::GenerateRequest r;
    r.prompts = {*args.value("prompt")};
    r.negativePrompt = args.value("negative", "");
    uint64_t seed = 0;
    if (!parseNumber(args.value("steps", "30"), r.steps) ||
        !parseNumber(args.value("guidance", "7.5"), r.guidance) ||
        !parseNumber(args.value("eta", "0"), r.eta) || !parseNumber(args.value("seed", "0"), seed))
        return fail("generate: --steps, --guidance, --eta and --seed take numbers", 2);
    r.seeds = {seed};
    r.sampler = args.value("sampler", "ddim");
    r.karras = args.flag("karras");
    const bool quiet = args.flag("quiet");

    Result<std::unique_ptr<sd::StableDiffusion>> model = loadModel(args, quiet);
    if (!model)
        return fail(model.error());
    const sd::ModelInfo &info = (*model)->info();
    r.width = info.defaultWidth;
    r.height = info.defaultHeight;
    if ((args.value("width") && !parseNumber(*args.value("width"), r.width)) ||
        (args.value("height") && !parseNumber(*args.value("height"), r.height)))
        return fail("generate: --width and --height take numbers", 2);
    if (auto init = args.value("init-latents")) {
        Result<sd::Floats> latents = sd::loadLatents(*init);
        if (!latents)
            return fail(latents.error());
        r.initLatents = std::move(*latents);
    }
    if (!quiet)
        std::cerr << info.format << " (" << info.architecture << "), " << info.device << ", "
                  << info.dtype << '\n';

    CancelToken cancel;
    installInterruptHandler(&cancel);
    TerminalProgress bar;
    ProgressFn progress;
    if (!quiet)
        progress = [&](double f, std::string_view m) { bar.update(f, std::string(m)); };
    Result<sd::GenerateResult> result = (*model)->generate(r, {}, progress, &cancel);
    if (!quiet)
        bar.finish();
    if (!result)
        return fail(result.error());

    const std::string out = args.value("out", "sd.png");
    ImageData image;
    image.width = result->images[0].width;
    image.height = result->images[0].height;
    image.channels = 3;
    image.pixels = result->images[0].rgb;
    // AUTOMATIC1111's parameters, so that other tools read how the image was made.
    std::string params = a1111Parameters(r.prompts[0], r.negativePrompt, r.steps,
                                         r.karras ? r.sampler + "-karras" : r.sampler, r.guidance,
                                         seed, r.width, r.height, info.hash, {}, r.eta);
    params += ", Model: " + info.path.filename().string();
    Result<void> written = writePngWithText(out, image, "parameters", params);
    if (!written)
        return fail(written.error());
    if (auto save = args.value("save-latents")) {
        Result<void> saved = sd::saveLatents(*save, result->noise);
        if (!saved)
            return fail(saved.error());
    }
    std::cout << "wrote " << out << " (" << image.width << "x" << image.height << ", " << std::fixed
              << std::setprecision(1) << result->seconds << " s)\n";
    return 0;
}

// sd tokenize --model DIR|FILE TEXT... [--json]
int runSd(const std::vector<std::string> &argv)
{
    if (argv.empty() || argv[0] != "tokenize")
        return fail("usage: sd tokenize --model DIR|FILE [--config DIR] [--json] TEXT...", 2);
    Args args(std::vector<std::string>(argv.begin() + 1, argv.end()), {"model", "config", "device"},
              {"json"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("model") || args.positional().empty())
        return fail("usage: sd tokenize --model DIR|FILE [--config DIR] [--json] TEXT...", 2);
    // The tokenizer alone: no weights are read.
    Result<sd::ClipTokenizer> tok =
        sd::tokenizerForModel(*args.value("model"), args.value("config", ""));
    if (!tok)
        return fail(tok.error());
    Json all = Json::object();
    for (const std::string &text : args.positional()) {
        const std::vector<int32_t> ids = tok->encodePadded(text);
        if (args.flag("json")) {
            all[text] = ids;
            continue;
        }
        std::cout << text << '\n';
        size_t k = 0;
        for (; k < ids.size(); ++k) {
            std::cout << "  " << ids[k] << '\t' << tok->tokenText(ids[k]) << '\n';
            if (k > 0 && ids[k] == tok->eosId())
                break;
        }
        if (k + 1 < ids.size())
            std::cout << "  (padded to " << ids.size() << " ids with " << tok->padId() << ")\n";
    }
    if (args.flag("json"))
        std::cout << dumpJson(all, 1) << '\n';
    return 0;
}

} // namespace synset::cli
