// Batch generation: N images per class written into the project as PNGs (with AUTOMATIC1111
// "parameters") plus a row each with provenance. A job lives in the project, so it resumes after
// a pause, a restart or a crash: images already written are kept and it continues up to N.
#pragma once

#include "common/Json.h"
#include "common/Progress.h"
#include "common/Result.h"
#include "data/ImageKind.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace synset {

class DiffusionModel;
class Generator;
class Project;
struct GeneratorDescription;

struct GenerationConfig
{
    std::vector<std::string> wnids; // classes of the project, generated in this order
    int perClass = 100;
    double guidance = 2.0;
    std::string sampler = "ddim";
    int steps = 50;
    double eta = 0.0;
    uint64_t seed = 0;
    int batchSize = 64;
    std::filesystem::path model;
    std::string modelHash;
    // Text (Stable Diffusion) models: each image's prompt is its class's template expanded with
    // the image's index; these apply to every image.
    std::string negativePrompt;
    int width = 0, height = 0; // 0: the model's own size
    bool karras = false;
    // Images of another kind than the project's real ones (size, channels) are stored converted
    // to the project's kind; without this the job refuses to start.
    bool convertToProjectKind = false;
    std::map<std::string, std::string>
        templates; // wnid -> template body, fixed when the job is made
};

struct GenerationJobInfo
{
    int64_t id = 0;
    std::string name;
    std::string status; // queued, running, paused, done, cancelled, failed
    std::string error;
    GenerationConfig config;
    int64_t done = 0, total = 0;
    // Status running, but no live process holds the job's lock: it was killed or crashed, and
    // resumes at once.
    bool interrupted = false;
};

// The configuration as jobs and plans store it, and back (members that are absent take their
// defaults).
Json generationConfigToJson(const GenerationConfig &config);
GenerationConfig generationConfigFromJson(const Json &j);

// Whether two configurations make the same images: the same classes, counts, model, sampling
// settings, seed and prompts (the batch size only groups the work).
bool sameImages(const GenerationConfig &a, const GenerationConfig &b);
// Jobs that stopped before making all their images and were not cancelled: interrupted (the
// process died), paused, failed, or queued and never started.
std::vector<GenerationJobInfo> unfinishedGenerationJobs(Project &project);
// The unfinished job that a new job of `config` would repeat (the prompt templates it would fix
// are the project's current ones), so that running the same command again resumes it.
std::optional<GenerationJobInfo> resumableGenerationJob(Project &project, GenerationConfig config);

struct GenerationProgress
{
    int64_t done = 0, total = 0;
    double imagesPerSecond = 0; // over the images written in this run
    double etaSeconds = -1;     // -1 until the first batch of this run is written
    std::string wnid;           // the class being generated
    // Images of the batch under way, counted by sampler steps (0 when a batch has just been
    // written): progress is also reported after every step, so that a bar moves during long
    // batches.
    double inFlight = 0;
};

// The sampler as AUTOMATIC1111 names it: "DDIM", "DPM++ 2M", "Euler a"; a "-karras" suffix
// gives "DPM++ 2M Karras".
std::string samplerDisplayName(const std::string &sampler);
// The seed of image index of a class in a job: images never depend on batching or order.
uint64_t imageSeed(uint64_t jobSeed, const std::string &wnid, int64_t index);
// "Steps: 50, Sampler: DDIM, CFG scale: 3, Seed: 1234, Size: 28x28, Model hash: ..., Synset:
// n04489008", and ", Eta DDIM: 1" where DDIM's eta is not 0
std::string a1111Parameters(const std::string &prompt, const std::string &negativePrompt, int steps,
                            const std::string &sampler, double guidance, uint64_t seed, int width,
                            int height, const std::string &modelHash, const std::string &wnid,
                            double eta = 0);

// Makes a job (status queued); the templates in force for its classes are copied into it, and
// eta is set to 0 for samplers other than DDIM.
Result<int64_t> createGenerationJob(Project &project, const std::string &name,
                                    GenerationConfig config);
Result<GenerationJobInfo> generationJob(Project &project, const std::string &name);
std::vector<GenerationJobInfo> generationJobs(Project &project);
Result<void> setGenerationJobStatus(Project &project, int64_t id, const std::string &status,
                                    const std::string &error = {});
// Takes a job that is not running off the list; the images it made stay in the project (its
// dataset "gen-NAME"), where runs may have trained on them and review can reject them.
Result<void> removeGenerationJob(Project &project, const std::string &name);

// The size and channels of the images a job makes with this generator.
ImageKind generatedImageKind(const GenerationConfig &config, const GeneratorDescription &info);
// The project's kind when the job's images are of another kind and the job converts them (none
// when they fit); an error that says so when they are of another kind and it does not.
Result<std::optional<ImageKind>> jobConversion(Project &project, const GenerationConfig &config,
                                               const GeneratorDescription &info);

// Runs (or resumes) a job until done or cancelled. pause: when set, cancelling ends as 'paused'
// (resumable) rather than 'cancelled'.
Result<GenerationJobInfo>
runGenerationJob(Project &project, const std::string &name, Generator &generator,
                 const std::function<void(const GenerationProgress &)> &progress = {},
                 const CancelToken *cancel = nullptr, bool pauseOnCancel = true);
Result<GenerationJobInfo>
runGenerationJob(Project &project, const std::string &name, DiffusionModel &model,
                 const std::function<void(const GenerationProgress &)> &progress = {},
                 const CancelToken *cancel = nullptr, bool pauseOnCancel = true);

// How fast a model generated on this project's machine, in images x sampler steps a second: the
// rate of the latest job run with it that wrote a batch (a run of a job records it when it ends).
// nullopt before any. Time estimates scale it by the images and steps asked for.
std::optional<double> measuredGenerationRate(Project &project, const std::string &modelHash);

// One picked sample (e.g. from the Samples panel) into the synthetic dataset "samples": its PNG
// with parameters and a row with provenance. Returns the image id. A sample of another kind than
// the project's images is refused, or stored converted to the project's kind with convert.
struct SampleProvenance
{
    std::string prompt, negativePrompt;
    uint64_t seed = 0;
    double guidance = 0;
    std::string sampler;
    int steps = 0;
    std::string modelFile, modelHash;
    double eta = 0; // DDIM
};
Result<int64_t> addGeneratedImage(Project &project, const std::string &wnid,
                                  const struct ImageData &image, const SampleProvenance &provenance,
                                  bool convert = false);

// The shipped Fashion-MNIST generator: $SYNSET_GENERATOR, else the installed copy beside the
// executable (../share/synset-studio/models), else the source tree's resources/models.
std::filesystem::path defaultGeneratorPath();

} // namespace synset
