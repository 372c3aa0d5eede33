// Image classifiers for the training runs (plain types; no LibTorch in this header): a small CNN,
// ResNet-18 and ResNet-50 with a small-image stem, for any input size and channel count.
// trainClassifier() runs SGD with momentum or AdamW under a cosine schedule with warm-up, label
// smoothing, DINO-style augmentation prepared by a loader thread while the model trains, a
// checkpoint every epoch that resumes exactly, and the same run for the same seed.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "diffusion/DiffusionTrainer.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace synset {

// N images, uint8 N*C*H*W channel-planar, with a class index each.
using ImageSet = GeneratorTrainData;

// Data-parallel training over several processes (torchrun's or Slurm's ranks): every rank holds
// the whole model, reads its slice of each batch, and the gradients are summed over the ranks
// (PyTorch's c10d: Gloo on the CPU, NCCL on CUDA). batchSize stays the batch of a whole step, so
// a run is the same run on any number of ranks and resumes on another.
struct DistributedOptions
{
    std::string backend; // empty: one process; gloo | nccl
    int rank = 0, worldSize = 1, localRank = 0;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    // torchrun's agent already hosts the store: every rank is its client, under this prefix.
    bool agentStore = false;
    std::string storePrefix;
    bool syncBatchNorm = false; // BatchNorm statistics over the whole batch (else per rank)
    int timeoutSeconds = 600;   // a collective that waits longer (a rank gone) is an error
    bool enabled() const { return !backend.empty(); }
    bool leader() const { return rank == 0; }
};

struct ClassifierTrainOptions
{
    std::string model = "cnn"; // cnn | resnet18 | resnet50
    int width = 0;             // channels of the first stage; 0: the model's usual (32, 64, 64)
    int epochs = 10;
    int batchSize = 128;
    std::string optimizer = "sgd"; // sgd | adamw
    double learningRate = 0;       // 0: 0.1 * batch/256 for SGD, 1e-3 for AdamW
    double momentum = 0.9;
    double weightDecay = -1; // < 0: 5e-4 for SGD, 0.05 for AdamW
    double warmupEpochs = 1;
    double labelSmoothing = 0.1;
    // light: crop and flip; dino: DINO's recipe (for long runs, synthetic-heavy data); none.
    std::string augmentation = "light";
    uint64_t seed = 0;
    std::string device = "auto";
    int evaluateEvery = 1;   // epochs between test evaluations; the last epoch always has one
    int prefetchBatches = 4; // batches the loader thread keeps ready
    // Streamed sets (ImageNet-sized images, read from their files while training): the threads
    // that decode and crop them (0: the cores LibTorch leaves; on a GPU all but one), and a
    // checkpoint every this many steps inside an epoch as well (0: at epoch ends only).
    int decodeThreads = 0;
    int checkpointSteps = 0;
    // Rewritten after every epoch; resume continues after the last completed epoch.
    std::filesystem::path checkpoint;
    std::filesystem::path output; // the final model
    bool resume = false;
    // Only rank 0 evaluates and writes the checkpoint and the final model.
    DistributedOptions distributed;

    double effectiveLearningRate() const;
    double effectiveWeightDecay() const;
    int effectiveWidth() const;
};

struct ClassifierStep
{
    int64_t step = 0; // 0-based global step
    int epoch = 0;    // 0-based
    double loss = 0, learningRate = 0;
};

struct ClassifierEvaluation
{
    double top1 = 0, top5 = 0;
    int numClasses = 0;
    std::vector<int> predicted;     // per image
    std::vector<float> confidence;  // softmax probability of the prediction
    std::vector<int> top5Classes;   // per image, 5 entries (fewer classes: padded with -1)
    std::vector<int64_t> confusion; // numClasses*numClasses, row = true class, column = predicted
    std::vector<double> perClass;   // accuracy per true class (NaN: no test images)
    std::vector<int64_t> perClassCount;
    std::vector<std::string> unreadable; // streamed images that could not be read (counted wrong)
};

struct ClassifierEpoch
{
    int epoch = 0; // 1-based: epochs completed
    int64_t step = 0;
    double trainLoss = 0, trainAccuracy = 0;
    bool evaluated = false;
    ClassifierEvaluation test;
    double seconds = 0; // whole training time so far, earlier sessions included
    double imagesPerSecond = 0;
    double dataWaitShare = 0; // share of this epoch's time the step waited for the loader
};

struct ClassifierTrainCallbacks
{
    std::function<void(const ClassifierStep &)> onStep;
    // After the epoch's checkpoint is written.
    std::function<void(const ClassifierEpoch &)> onEpoch;
    std::function<void(double fraction, std::string_view message)> onProgress;
    // A streamed image that could not be read: left out of its batch, and the run goes on.
    std::function<void(const std::string &error)> onSkipped;
};

struct ClassifierTrainReport
{
    int epochsDone = 0;
    int startEpoch = 0; // where this session began (resume)
    int64_t steps = 0;
    double seconds = 0;
    bool cancelled = false;
    int64_t parameters = 0;
    double imagesPerSecond = 0, dataWaitShare = 0;
    std::vector<std::string> skipped; // streamed images left out (unreadable), one error each
    ClassifierEvaluation test;        // after the last epoch, when a test set was given
};

// Checks a model name and the options against the data; the message says what is wrong.
Result<void> checkClassifierOptions(const ClassifierTrainOptions &options);

// test may be null (no evaluation). On cancel the report says so and the last checkpoint stays.
Result<ClassifierTrainReport> trainClassifier(const ImageSet &train, const ImageSet *test,
                                              const ClassifierTrainOptions &options,
                                              const ClassifierTrainCallbacks &callbacks = {},
                                              const CancelToken *cancel = nullptr);

// Summaries of predictions against labels (used by evaluation and by stored predictions).
ClassifierEvaluation summarizePredictions(const std::vector<int> &labels,
                                          const std::vector<int> &predicted, int numClasses);

// The images as one training batch would see them under an augmentation preset (dino, light,
// none), for previews; the same seed gives the same views.
Result<ImageSet> augmentPreview(const ImageSet &images, const std::string &augmentation,
                                uint64_t seed);

// Multiply-accumulates of one forward pass, for the benchmarks.
int64_t classifierForwardMacs(const std::string &model, int width, int channels, int height,
                              int imageWidth, int numClasses);

// What a trained model sees in a set of images: the softmax over its classes and the
// penultimate (globally pooled) features, both row-major, one row per image.
struct ClassifierEmbedding
{
    int numClasses = 0, featureDim = 0;
    std::vector<float> probabilities; // N*numClasses
    std::vector<float> features;      // N*featureDim
};

// Adversarial accuracy under an L-infinity attack on inputs in [0, 1]: FGSM (one signed-gradient
// step of epsilon) or PGD (steps of stepSize from a random start in the epsilon ball, projected
// back after each). Epsilon 0 is the clean accuracy.
struct AdversarialOptions
{
    std::string method = "fgsm"; // fgsm | pgd
    std::vector<double> epsilons{0, 1 / 255.0, 2 / 255.0, 4 / 255.0, 8 / 255.0};
    int steps = 10;
    double stepSize = 0; // 0: 2.5 * epsilon / steps (Madry et al.)
    bool randomStart = true;
    uint64_t seed = 0;
    int batchSize = 250;
};

struct AdversarialPoint
{
    double epsilon = 0, accuracy = 0;
};

class Classifier
{
public:
    ~Classifier();
    static Result<std::unique_ptr<Classifier>> load(const std::filesystem::path &path,
                                                    const std::string &device = "auto");
    std::string model() const;
    int numClasses() const;
    std::vector<std::string> classWnids() const;
    Result<ClassifierEvaluation> evaluate(const ImageSet &data, const ProgressFn &progress = {},
                                          const CancelToken *cancel = nullptr) const;
    Result<ClassifierEmbedding> embed(const ImageSet &data, const ProgressFn &progress = {},
                                      const CancelToken *cancel = nullptr) const;
    Result<std::vector<AdversarialPoint>> attack(const ImageSet &data,
                                                 const AdversarialOptions &options,
                                                 const ProgressFn &progress = {},
                                                 const CancelToken *cancel = nullptr) const;

    struct Impl;

private:
    Classifier();
    std::unique_ptr<Impl> m_impl;
};

} // namespace synset
