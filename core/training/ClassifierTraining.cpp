// Training a classifier: checks, the session (net, optimiser, schedule), epochs with their
// checkpoints, resume, and the final model.
#include "Classifier.h"

#include "ClassifierData.h"
#include "ClassifierInternal.h"
#include "ClassifierNets.h"
#include "Distributed.h"

#include "diffusion/DiffusionModel.h"
#include "diffusion/TensorFile.h"

#include "common/Json.h"

#include <torch/nn/functional/loss.h>

#include <chrono>
#include <cmath>

namespace synset {

using namespace classifier;

// ---- Training --------------------------------------------------------------------------------

namespace {

double secondsSince(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

Result<void> checkTrainingData(const ImageSet &train, const ImageSet *test,
                               const ClassifierTrainOptions &o)
{
    const int64_t n = int64_t(train.count());
    const int64_t size = int64_t(train.channels) * train.height * train.width;
    if (n == 0)
        return makeError("training: there are no training images");
    if (train.streamed() &&
        (int64_t(train.sourceWidths.size()) != n || int64_t(train.sourceHeights.size()) != n))
        return makeError("training data: the streamed images' sizes do not match the labels");
    if (!train.streamed() && int64_t(train.pixels.size()) != n * size)
        return makeError("training data: " + std::to_string(n) + " labels but " +
                         std::to_string(train.pixels.size()) + " bytes of pixels");
    if (std::min(train.height, train.width) < 8)
        return makeError("training: images must be at least 8x8 pixels");
    if (test && (test->channels != train.channels || test->height != train.height ||
                 test->width != train.width))
        return makeError("the test images are " + std::to_string(test->width) + "x" +
                         std::to_string(test->height) + "x" + std::to_string(test->channels) +
                         " but the training images are " + std::to_string(train.width) + "x" +
                         std::to_string(train.height) + "x" + std::to_string(train.channels));
    if (o.checkpoint.empty() || o.output.empty())
        return makeError("training: a checkpoint path and an output path are needed");
    return {};
}

Result<Spec> trainingSpec(const ImageSet &train, const ClassifierTrainOptions &o)
{
    Spec spec;
    spec.model = o.model;
    spec.width = o.effectiveWidth();
    spec.channels = train.channels;
    spec.height = train.height;
    spec.imageWidth = train.width;
    spec.classes = int(train.classWnids.size());
    spec.input = train.streamed() ? "imagenet" : "unit";
    for (int label : train.labels)
        if (label < 0 || label >= spec.classes)
            return makeError("training data: label " + std::to_string(label) + " is not a class");
    return spec;
}

std::shared_ptr<NetBase> makeSeededNet(const Spec &spec, uint64_t seed)
{
    torch::manual_seed(seed);
    return makeNet(spec);
}

// One training: the net, its optimizer and learning-rate schedule, and how far it has got.
struct Session
{
    Session(const ClassifierTrainOptions &options, Spec s, int64_t images)
        : o(options)
        , spec(std::move(s))
        , device(pickDevice(o.device))
        , net(makeSeededNet(spec, o.seed))
        , opt(net->parameters(), o.optimizer == "adamw", o.momentum)
        , stepsPerEpoch((images + o.batchSize - 1) / o.batchSize)
        , totalSteps(stepsPerEpoch * o.epochs)
        , warmup(std::min<int64_t>(totalSteps / 2,
                                   int64_t(std::llround(o.warmupEpochs * double(stepsPerEpoch)))))
    {}

    const ClassifierTrainOptions &o;
    Spec spec;
    torch::Device device;
    std::shared_ptr<NetBase> net;
    Optimizer opt;
    int64_t stepsPerEpoch, totalSteps, warmup;
    std::unique_ptr<Collective> collective; // data parallel: the other ranks
    int epoch = 0;
    int64_t stepInEpoch = 0;    // a checkpoint inside an epoch resumes there
    double previousSeconds = 0; // before a resume
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    double seconds() const { return previousSeconds + secondsSince(started); }
    // Rank 0 (or the one process) evaluates and writes the checkpoint and the final model.
    bool leader() const { return o.distributed.leader(); }
};

// Picks up the weights, optimizer state and epoch of the run's checkpoint.
Result<void> resumeFromCheckpoint(Session &s)
{
    const std::filesystem::path &path = s.o.checkpoint;
    Result<tensorfile::Contents> ck = tensorfile::load(path);
    if (!ck)
        return makeError(ck.error());
    const auto meta = ck->metadata.find("synset");
    Result<Json> state = parseStoredJson(meta == ck->metadata.end() ? "" : meta->second);
    if (!state || json::string(*state, "format") != kCheckpointFormat)
        return makeError(path.string() + ": not a classifier checkpoint");
    if (json::member(*state, "spec") != s.spec.toJson())
        return makeError(path.string() +
                         ": the checkpoint's model or images differ from this run's");
    if (Result<void> r = loadState(*s.net, ck->tensors, path); !r)
        return r;
    if (Result<void> r = s.opt.load(ck->tensors, path); !r)
        return r;
    s.epoch = int(json::integer(*state, "epoch", 0));
    s.stepInEpoch =
        std::clamp<int64_t>(json::integer(*state, "step_in_epoch", 0), 0, s.stepsPerEpoch - 1);
    s.opt.steps = json::integer(*state, "optimizer_steps", 0);
    s.previousSeconds = json::number(*state, "seconds", 0);
    return {};
}

void moveToDevice(Session &s)
{
    s.net->to(s.device);
    for (size_t i = 0; i < s.opt.params.size(); ++i) {
        s.opt.buf1[i] = s.opt.buf1[i].to(s.device);
        if (s.opt.adamw)
            s.opt.buf2[i] = s.opt.buf2[i].to(s.device);
    }
    s.opt.params = s.net->parameters();
    s.net->train();
}

Result<void> saveCheckpoint(const Session &s, double seconds)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    appendState(*s.net, tensors);
    s.opt.append(tensors);
    Json state;
    state["format"] = kCheckpointFormat;
    state["spec"] = s.spec.toJson();
    state["options"] = optionsJson(s.o);
    state["epoch"] = s.epoch;
    state["step_in_epoch"] = s.stepInEpoch;
    state["optimizer_steps"] = s.opt.steps;
    state["seconds"] = seconds;
    return tensorfile::save(s.o.checkpoint, tensors, {{"synset", dumpJson(state)}});
}

// The final model: weights, the spec, the classes and how it was trained.
Result<void> saveFinalModel(const Session &s, const ImageSet &train, double seconds)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    appendState(*s.net, tensors);
    Json meta;
    meta["format"] = kModelFormat;
    meta["spec"] = s.spec.toJson();
    meta["options"] = optionsJson(s.o);
    std::vector<std::string> names = train.classNames;
    names.resize(train.classWnids.size());
    meta["class_wnids"] = train.classWnids;
    meta["class_names"] = names;
    meta["seconds"] = seconds;
    return tensorfile::save(s.o.output, tensors, {{"synset", dumpJson(meta)}});
}

enum class Outcome
{
    Finished,
    Cancelled
};

struct EpochCounts
{
    int64_t images = 0;
    double wait = 0;                  // seconds the steps waited for the loader
    std::vector<std::string> skipped; // unreadable streamed images
};

void reportSkipped(Loader &loader, const ClassifierTrainCallbacks &callbacks, EpochCounts &counts)
{
    for (std::string &error : loader.takeSkipped()) {
        if (callbacks.onSkipped)
            callbacks.onSkipped(error);
        counts.skipped.push_back(std::move(error));
    }
}

// Every checkpointSteps steps inside an epoch (streamed ImageNet epochs take hours), a
// checkpoint that resumes at the step about to run.
Result<void> checkpointInsideEpoch(Session &s, int64_t step)
{
    const int every = s.o.checkpointSteps;
    if (every <= 0 || step == s.stepInEpoch || step % every != 0)
        return {};
    s.stepInEpoch = step;
    return s.leader() ? saveCheckpoint(s, s.seconds()) : Result<void>();
}

struct StepSums
{
    double loss = 0;                 // the mean over the whole batch
    int64_t correct = 0, images = 0; // over every rank
};

// One data-parallel step: this rank's slice forward and backward with its loss summed (not
// averaged), then the gradients, the loss and the counts summed over the ranks in one collective
// and divided by the whole batch's size; the step one process takes on the whole batch.
Result<StepSums> distributedStep(Session &s, const torch::Tensor &x, const torch::Tensor &y,
                                 double lr, double decay)
{
    const ClassifierTrainOptions &o = s.o;
    for (auto &p : s.opt.params)
        p.mutable_grad() = torch::Tensor();
    torch::Tensor lossSum = torch::zeros({}, torch::TensorOptions().device(s.device));
    torch::Tensor correct = torch::zeros({}, torch::TensorOptions().device(s.device));
    // With SyncBatchNorm an empty slice still takes part in the layers' collectives.
    if (x.size(0) > 0 || o.distributed.syncBatchNorm) {
        const torch::Tensor logits = s.net->forward(x);
        lossSum =
            torch::cross_entropy_loss(logits, y, {}, at::Reduction::Sum, -100, o.labelSmoothing);
        lossSum.backward();
        correct = logits.argmax(1).eq(y).sum().to(torch::kFloat32);
    }
    std::vector<torch::Tensor> sums;
    for (auto &p : s.opt.params) {
        if (!p.grad().defined())
            p.mutable_grad() = torch::zeros_like(p);
        sums.push_back(p.grad());
    }
    const torch::Tensor counts =
        torch::stack({lossSum.detach().to(torch::kFloat32), correct.to(torch::kFloat32),
                      torch::full({}, float(x.size(0)), lossSum.options().dtype(torch::kFloat32))});
    sums.push_back(counts);
    if (Result<void> r = s.collective->allReduceSum(sums); !r)
        return makeError(r.error());
    const auto c = counts.to(torch::kCPU);
    StepSums out;
    out.images = int64_t(std::llround(c[2].item<double>()));
    out.correct = int64_t(std::llround(c[1].item<double>()));
    out.loss = c[0].item<double>() / double(std::max<int64_t>(1, out.images));
    for (size_t i = 0; i + 1 < sums.size(); ++i)
        sums[i].div_(double(std::max<int64_t>(1, out.images)));
    s.opt.apply(lr, decay);
    return out;
}

// One pass over the training images: e gets the epoch's loss, accuracy, speed and data wait.
Result<Outcome> trainEpoch(Session &s, Loader &loader, double baseLr, double decay,
                           const ClassifierTrainCallbacks &callbacks, const CancelToken *cancel,
                           ClassifierEpoch &e, EpochCounts &counts)
{
    const ClassifierTrainOptions &o = s.o;
    double lossSum = 0;
    int64_t correct = 0, seen = 0;
    for (int64_t step = s.stepInEpoch; step < s.stepsPerEpoch; ++step) {
        if (isCancelled(cancel))
            return Outcome::Cancelled;
        const auto waitStart = std::chrono::steady_clock::now();
        Batch batch = loader.next();
        counts.wait += secondsSince(waitStart);
        if (!batch.x.defined())
            return makeError(loader.error());
        reportSkipped(loader, callbacks, counts);
        if (Result<void> r = checkpointInsideEpoch(s, step); !r)
            return makeError(r.error());
        const double lr = scheduledRate(baseLr, batch.step, s.warmup, s.totalSteps);
        double lossValue = 0;
        if (s.collective) {
            // Every rank takes every step, with or without images of its own.
            Result<StepSums> sums = distributedStep(s, batch.x.to(s.device, true),
                                                    batch.y.to(s.device, true), lr, decay);
            if (!sums)
                return makeError(sums.error());
            if (sums->images == 0)
                continue;
            lossValue = sums->loss;
            lossSum += sums->loss * double(sums->images);
            correct += sums->correct;
            seen += sums->images;
        } else {
            if (batch.x.size(0) == 0)
                continue; // every image of the batch was unreadable
            const torch::Tensor x = batch.x.to(s.device, /*non_blocking=*/true);
            const torch::Tensor y = batch.y.to(s.device, /*non_blocking=*/true);
            const torch::Tensor logits = s.net->forward(x);
            const torch::Tensor loss = torch::cross_entropy_loss(logits, y, {}, at::Reduction::Mean,
                                                                 -100, o.labelSmoothing);
            for (auto &p : s.opt.params)
                p.mutable_grad() = torch::Tensor();
            loss.backward();
            s.opt.apply(lr, decay);
            lossValue = loss.item<double>();
            lossSum += lossValue * double(x.size(0));
            correct += logits.argmax(1).eq(y).sum().item<int64_t>();
            seen += x.size(0);
        }
        if (callbacks.onStep)
            callbacks.onStep({batch.step, s.epoch, lossValue, lr});
        if (callbacks.onProgress && (step % 10 == 0 || step + 1 == s.stepsPerEpoch))
            callbacks.onProgress(double(batch.step + 1) / double(s.totalSteps), "Training");
    }
    e.trainLoss = lossSum / double(std::max<int64_t>(1, seen));
    e.trainAccuracy = double(correct) / double(std::max<int64_t>(1, seen));
    counts.images = seen;
    return Outcome::Finished;
}

// The test accuracy after an epoch, when one is due (every evaluateEvery epochs and the last).
Result<Outcome> evaluateEpoch(Session &s, const ImageSet *test,
                              const ClassifierTrainCallbacks &callbacks, const CancelToken *cancel,
                              ClassifierEpoch &e)
{
    const ClassifierTrainOptions &o = s.o;
    if (!test || !s.leader() ||
        (s.epoch != o.epochs && s.epoch % std::max(1, o.evaluateEvery) != 0))
        return Outcome::Finished;
    const auto progress = [&](double, std::string_view) {
        if (callbacks.onProgress)
            callbacks.onProgress(double(e.step) / double(s.totalSteps), "Evaluating");
    };
    Result<ClassifierEvaluation> ev =
        evaluateNet(*s.net, *test, s.spec, s.device, progress, cancel);
    if (!ev) {
        if (isCancelled(cancel))
            return Outcome::Cancelled;
        return makeError(ev.error());
    }
    e.evaluated = true;
    e.test = std::move(*ev);
    return Outcome::Finished;
}

// Epochs until the last, a checkpoint after each.
Result<Outcome> trainEpochs(Session &s, const ImageSet &train, const ImageSet *test,
                            const ClassifierTrainCallbacks &callbacks, const CancelToken *cancel,
                            ClassifierTrainReport &report)
{
    const ClassifierTrainOptions &o = s.o;
    const bool cuda = s.device.is_cuda();
    DecodePool pool(train.streamed()
                        ? (o.decodeThreads > 0 ? o.decodeThreads : defaultDecodeThreads(cuda))
                        : 0);
    Loader::Input input;
    if (train.streamed())
        input.streamed = &train;
    else
        input.pixels = torch::from_blob(
            const_cast<uint8_t *>(train.pixels.data()),
            {int64_t(train.count()), train.channels, train.height, train.width}, torch::kUInt8);
    input.pool = &pool;
    input.imagenet = s.spec.imagenetInput();
    input.pin = cuda;
    input.rank = o.distributed.enabled() ? o.distributed.rank : 0;
    input.worldSize = o.distributed.enabled() ? o.distributed.worldSize : 1;
    const torch::Tensor labels = torch::tensor(
        std::vector<int64_t>(train.labels.begin(), train.labels.end()), torch::kInt64);
    const Augment aug = Augment::preset(o.augmentation, train.height, train.width);
    const double baseLr = o.effectiveLearningRate(), decay = o.effectiveWeightDecay();
    Loader loader(std::move(input), labels, aug, o.seed, o.batchSize,
                  int64_t(s.epoch) * s.stepsPerEpoch + s.stepInEpoch, s.totalSteps,
                  o.prefetchBatches);
    double waitTotal = 0, trainTotal = 0;
    int64_t imagesTotal = 0;
    while (s.epoch < o.epochs) {
        const auto epochStart = std::chrono::steady_clock::now();
        ClassifierEpoch e;
        EpochCounts counts;
        Result<Outcome> trained =
            trainEpoch(s, loader, baseLr, decay, callbacks, cancel, e, counts);
        if (!trained || *trained == Outcome::Cancelled)
            return trained;
        const double epochSeconds = secondsSince(epochStart);
        e.epoch = ++s.epoch;
        s.stepInEpoch = 0;
        for (std::string &skipped : counts.skipped)
            report.skipped.push_back(std::move(skipped));
        e.step = int64_t(s.epoch) * s.stepsPerEpoch;
        e.imagesPerSecond = double(counts.images) / std::max(1e-9, epochSeconds);
        e.dataWaitShare = counts.wait / std::max(1e-9, epochSeconds);
        waitTotal += counts.wait;
        trainTotal += epochSeconds;
        imagesTotal += counts.images;
        Result<Outcome> evaluated = evaluateEpoch(s, test, callbacks, cancel, e);
        if (!evaluated || *evaluated == Outcome::Cancelled)
            return evaluated;
        e.seconds = s.seconds();
        if (s.leader())
            if (Result<void> r = saveCheckpoint(s, e.seconds); !r)
                return makeError(r.error());
        report.epochsDone = s.epoch;
        report.steps = e.step;
        report.seconds = e.seconds;
        report.test = e.test;
        if (callbacks.onEpoch)
            callbacks.onEpoch(e);
    }
    report.imagesPerSecond = double(imagesTotal) / std::max(1e-9, trainTotal);
    report.dataWaitShare = waitTotal / std::max(1e-9, trainTotal);
    return Outcome::Finished;
}

// Data parallel: meets the other ranks, then every rank starts from rank 0's weights and
// buffers (after a resume every rank has read the checkpoint; this makes sure).
Result<void> joinRanks(Session &s)
{
    if (!s.o.distributed.enabled())
        return {};
    Result<std::unique_ptr<Collective>> c = Collective::connect(s.o.distributed, s.device);
    if (!c)
        return makeError(c.error());
    s.collective = std::move(*c);
    std::vector<torch::Tensor> state;
    for (const auto &p : s.net->parameters())
        state.push_back(p.data());
    for (const auto &b : s.net->buffers())
        state.push_back(b);
    torch::NoGradGuard guard;
    return s.collective->broadcast(state);
}

} // namespace

Result<ClassifierTrainReport> trainClassifier(const ImageSet &train, const ImageSet *test,
                                              const ClassifierTrainOptions &o,
                                              const ClassifierTrainCallbacks &callbacks,
                                              const CancelToken *cancel)
{
    useAllCores();
    if (Result<void> ok = checkClassifierOptions(o); !ok)
        return makeError(ok.error());
    if (Result<void> ok = checkTrainingData(train, test, o); !ok)
        return makeError(ok.error());
    Result<Spec> spec = trainingSpec(train, o);
    if (!spec)
        return makeError(spec.error());

    ClassifierTrainReport report;
    try {
        Session s(o, std::move(*spec), int64_t(train.count()));
        for (const auto &p : s.net->parameters())
            report.parameters += p.numel();
        if (o.resume && std::filesystem::exists(o.checkpoint))
            if (Result<void> r = resumeFromCheckpoint(s); !r)
                return makeError(r.error());
        report.startEpoch = s.epoch;
        moveToDevice(s);
        if (Result<void> r = joinRanks(s); !r)
            return makeError(r.error());
        const SyncBatchNormScope syncNorm(o.distributed.syncBatchNorm ? s.collective.get()
                                                                      : nullptr);
        Result<Outcome> outcome = trainEpochs(s, train, test, callbacks, cancel, report);
        if (!outcome)
            return makeError(outcome.error());
        if (*outcome == Outcome::Cancelled) {
            report.cancelled = true;
            report.seconds = s.seconds();
            return report;
        }
        if (s.leader())
            if (Result<void> r = saveFinalModel(s, train, report.seconds); !r)
                return makeError(r.error());
    } catch (const c10::Error &e) {
        return makeError(std::string("training failed: ") + e.what_without_backtrace());
    } catch (const std::exception &e) {
        // A collective inside autograd (SyncBatchNorm's backward) that failed.
        const std::string what = e.what();
        return makeError("training failed: " + what.substr(0, what.find('\n')));
    }
    return report;
}

} // namespace synset
