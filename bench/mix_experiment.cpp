// Real 10% vs real 10% + synthetic on Fashion-MNIST with LibTorch alone, for GPU machines that
// have no Qt, OpenCV or SQLite (synset-cli experiment needs the project store): the real images
// come from the IDX files, the synthetic ones from a class-conditional generator sampled here,
// and every run sees the same number of training images.
//   mix_experiment --idx DIR --generator FILE [--device cuda] [--model resnet18 --width 32]
//                  [--budget 480000] [--real-per-class 600] [--synthetic-per-class 500[,N...]]
//                  [--guidance W[,W...]] [--steps 25] [--eta E] [--seed 0]
//                  [--runs real,mix,synthetic,all-real]
//                  [--grid PREFIX]
//                  [--train-generator EPOCHS | --generator-seconds S]
//                  [--generator-channels 16] [--generator-blocks 1] [--generator-mult 1,2,4]
//                  [--generator-batch 128] [--generator-lr 0.001] [--generator-images N]
// "mix" (real + generated) and "synthetic" (generated alone: the classification accuracy score)
// run once for each guidance and synthetic count (the images of a guidance are sampled once, the
// smaller counts take the first of them). --grid writes the first 10 images of each
// class as one 10x10 grey image a guidance, PREFIX-wW.pgm. Sampling is DDIM at the generator's
// default guidance (unless --guidance) and default eta: 1, stochastic, which takes away the
// high-contrast speckle that deterministic DDIM (--eta 0) leaves on about a quarter of the
// shipped generator's images.
// With --train-generator, a generator is first trained on the real training images (all of them,
// or the first N) and written to the --generator path, then sampled: a stronger generator than
// the shipped one, on a GPU. --generator-seconds instead picks the number of epochs that fits in
// S seconds from a short timed run of the same architecture.
// DIR holds the uncompressed train-/t10k- images and labels (gunzip the packaged .gz files).
#include "data/Idx.h"
#include "diffusion/DiffusionModel.h"
#include "training/Classifier.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <random>
#include <set>
#include <string>

using namespace synset;

namespace {

// The items of an uncompressed IDX file, with the checks of the app's importer (idx::parse).
std::vector<uint8_t> readIdx(const std::string &path, size_t itemSize)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "mix_experiment: %s: cannot open (gunzip the packaged .gz files)\n",
                     path.c_str());
        std::exit(2);
    }
    Result<idx::IdxFile> f = idx::parse({std::istreambuf_iterator<char>(in), {}}, path);
    if (f && f->itemSize() != itemSize)
        f = makeError(path + ": items of " + std::to_string(f->itemSize()) + " bytes, not " +
                      std::to_string(itemSize));
    if (!f) {
        std::fprintf(stderr, "mix_experiment: %s\n", f.error().c_str());
        std::exit(2);
    }
    return {f->data.begin() + long(f->headerSize), f->data.end()};
}

ImageSet fashionMnist(const std::string &dir, const std::string &split)
{
    ImageSet set;
    set.pixels = readIdx(dir + "/" + split + "-images-idx3-ubyte", 28 * 28);
    for (uint8_t label : readIdx(dir + "/" + split + "-labels-idx1-ubyte", 1))
        set.labels.push_back(label);
    if (set.pixels.size() != set.labels.size() * 28 * 28) {
        std::fprintf(stderr, "mix_experiment: %s/%s: images and labels differ in number\n",
                     dir.c_str(), split.c_str());
        std::exit(2);
    }
    for (int k = 0; k < 10; ++k)
        set.classWnids.push_back("class" + std::to_string(k));
    set.classNames = set.classWnids;
    return set;
}

void append(ImageSet &to, const ImageSet &from, size_t index)
{
    const size_t n = size_t(from.channels * from.height * from.width);
    to.pixels.insert(to.pixels.end(), from.pixels.begin() + long(index * n),
                     from.pixels.begin() + long((index + 1) * n));
    to.labels.push_back(from.labels[index]);
}

std::vector<std::string> items(const std::string &list)
{
    std::vector<std::string> out;
    for (size_t start = 0; start < list.size();) {
        const size_t end = std::min(list.find(',', start), list.size());
        out.push_back(list.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::vector<double> numbers(const std::string &list)
{
    std::vector<double> out;
    for (const std::string &item : items(list))
        out.push_back(std::stod(item));
    return out;
}

// Classes in rows, 10 images a class in columns, as a binary PGM.
void writeGrid(const std::string &path, const std::vector<GeneratedImage> &images,
               const std::vector<int> &classes)
{
    constexpr int side = 28, perRow = 10;
    std::vector<uint8_t> grid(size_t(side * side * perRow * 10), 0);
    std::vector<int> filled(10, 0);
    for (size_t i = 0; i < images.size(); ++i) {
        const int k = classes[i], column = filled[size_t(k)]++;
        if (column >= perRow || images[i].width != side || images[i].height != side)
            continue;
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x)
                grid[size_t((k * side + y) * side * perRow + column * side + x)] =
                    images[i].pixels[size_t(y * side + x)];
    }
    std::ofstream out(path, std::ios::binary);
    out << "P5\n" << side * perRow << " " << side * 10 << "\n255\n";
    out.write(reinterpret_cast<const char *>(grid.data()), std::streamsize(grid.size()));
}

GeneratorTrainOptions generatorOptions(int channels, int blocks, const std::vector<double> &mult,
                                       int batch, double lr, uint64_t seed,
                                       const std::string &device)
{
    GeneratorTrainOptions g;
    g.baseChannels = channels;
    g.numResBlocks = blocks;
    g.channelMult.assign(mult.begin(), mult.end());
    g.batchSize = batch;
    g.learningRate = lr;
    g.seed = seed;
    g.device = device;
    g.checkpoint = "/tmp/mix_experiment_generator.ckpt";
    return g;
}

// Training images per second of this architecture here: a warm-up epoch, then a timed one,
// each of 50 steps.
double generatorRate(const ImageSet &train, GeneratorTrainOptions g)
{
    ImageSet data;
    data.classWnids = data.classNames = train.classWnids;
    for (size_t i = 0; i < size_t(50 * g.batchSize) && i < train.count(); ++i)
        append(data, train, i);
    g.epochs = 1;
    g.warmupSteps = 1;
    g.output = "/tmp/mix_experiment_rate.safetensors";
    double rate = 0;
    for (int pass = 0; pass < 2; ++pass) {
        Result<GeneratorTrainReport> r = trainGenerator(data, g);
        if (!r) {
            std::fprintf(stderr, "mix_experiment: generator: %s\n", r.error().c_str());
            std::exit(2);
        }
        rate = double(data.count()) / r->seconds;
    }
    std::remove(g.checkpoint.c_str());
    std::remove(g.output.c_str());
    return rate;
}

} // namespace

int main(int argc, char **argv)
{
    std::string idx, generator, device = "cuda", model = "resnet18", runs = "real,mix", grid;
    std::string synthList = "500", guidanceList, multList = "1,2,4";
    int width = 32, realPerClass = 600, steps = 25;
    int generatorEpochs = 0, generatorChannels = 16, generatorBlocks = 1, generatorImages = 0;
    int generatorBatch = 128;
    double budget = 480000, generatorSeconds = 0, generatorLr = 1e-3, eta = -1;
    uint64_t seed = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--idx")
            idx = v;
        else if (a == "--generator")
            generator = v;
        else if (a == "--device")
            device = v;
        else if (a == "--model")
            model = v;
        else if (a == "--width")
            width = std::stoi(v);
        else if (a == "--budget")
            budget = std::stod(v);
        else if (a == "--real-per-class")
            realPerClass = std::stoi(v);
        else if (a == "--synthetic-per-class")
            synthList = v;
        else if (a == "--guidance")
            guidanceList = v;
        else if (a == "--steps")
            steps = std::stoi(v);
        else if (a == "--eta")
            eta = std::stod(v);
        else if (a == "--seed")
            seed = std::stoull(v);
        else if (a == "--runs")
            runs = v;
        else if (a == "--grid")
            grid = v;
        else if (a == "--train-generator")
            generatorEpochs = std::stoi(v);
        else if (a == "--generator-seconds")
            generatorSeconds = std::stod(v);
        else if (a == "--generator-channels")
            generatorChannels = std::stoi(v);
        else if (a == "--generator-blocks")
            generatorBlocks = std::stoi(v);
        else if (a == "--generator-mult")
            multList = v;
        else if (a == "--generator-batch")
            generatorBatch = std::stoi(v);
        else if (a == "--generator-lr")
            generatorLr = std::stod(v);
        else if (a == "--generator-images")
            generatorImages = std::stoi(v);
        else {
            std::fprintf(stderr, "mix_experiment: unknown option %s\n", a.c_str());
            return 2;
        }
    }
    const std::vector<std::string> runList = items(runs);
    const std::set<std::string> wanted(runList.begin(), runList.end());
    const std::vector<double> synthCounts = numbers(synthList), guidances = numbers(guidanceList);
    useAllCores();
    const ImageSet train = fashionMnist(idx, "train"), test = fashionMnist(idx, "t10k");

    // The real subset: the first realPerClass images of each class after a seeded shuffle.
    std::vector<size_t> order(train.count());
    std::iota(order.begin(), order.end(), size_t(0));
    std::mt19937_64 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    ImageSet real;
    real.classWnids = real.classNames = train.classWnids;
    std::vector<int> taken(10, 0);
    for (size_t i : order)
        if (taken[size_t(train.labels[i])]++ < realPerClass)
            append(real, train, i);

    if (generatorEpochs > 0 || generatorSeconds > 0) {
        ImageSet data;
        data.classWnids = data.classNames = train.classWnids;
        const size_t n =
            generatorImages > 0 ? std::min(train.count(), size_t(generatorImages)) : train.count();
        for (size_t i = 0; i < n; ++i)
            append(data, train, i);
        GeneratorTrainOptions g =
            generatorOptions(generatorChannels, generatorBlocks, numbers(multList), generatorBatch,
                             generatorLr, seed, device);
        if (generatorEpochs <= 0) {
            const double rate = generatorRate(train, g);
            generatorEpochs = std::max(1, int(generatorSeconds * rate / double(n)));
            std::printf("generator: %.0f training images/s: %d epochs fit in %.0f s\n", rate,
                        generatorEpochs, generatorSeconds);
            std::fflush(stdout);
        }
        g.epochs = generatorEpochs;
        g.output = generator;
        g.note = "bench/mix_experiment --train-generator " + std::to_string(generatorEpochs);
        Result<GeneratorTrainReport> r = trainGenerator(data, g);
        if (!r) {
            std::fprintf(stderr, "mix_experiment: generator: %s\n", r.error().c_str());
            return 2;
        }
        std::printf("generator: %d base channels x (%s), %d res blocks a level, %.2f M "
                    "parameters, batch %d, lr %g, %d epochs over %zu images: final loss %.4f in "
                    "%.0f s\n",
                    generatorChannels, multList.c_str(), generatorBlocks,
                    double(r->parameters) / 1e6, generatorBatch, generatorLr, generatorEpochs, n,
                    r->finalLoss, r->seconds);
        std::fflush(stdout);
    }

    const auto trainOn = [&](const std::string &name, const ImageSet &data) {
        ClassifierTrainOptions o;
        o.model = model;
        o.width = width;
        o.epochs = std::max(1, int(std::lround(budget / double(data.count()))));
        o.warmupEpochs = 0.05 * o.epochs;
        o.seed = seed;
        o.device = device;
        o.evaluateEvery = o.epochs;
        o.checkpoint = "/tmp/mix_experiment.ckpt";
        o.output = "/tmp/mix_experiment.model";
        const auto t0 = std::chrono::steady_clock::now();
        Result<ClassifierTrainReport> rep = trainClassifier(data, &test, o);
        if (!rep) {
            std::fprintf(stderr, "mix_experiment: %s: %s\n", name.c_str(), rep.error().c_str());
            std::exit(1);
        }
        std::printf("%-16s %s w%d: %zu images x %d epochs: top-1 %.2f%%, top-5 %.2f%% (%.0f s, "
                    "%.0f images/s)\n",
                    name.c_str(), model.c_str(), width, data.count(), o.epochs,
                    100 * rep->test.top1, 100 * rep->test.top5,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                    rep->imagesPerSecond);
        std::fflush(stdout);
    };
    if (wanted.count("real"))
        trainOn("real", real);

    if (wanted.count("mix") || wanted.count("synthetic") || !grid.empty()) {
        Result<std::unique_ptr<DiffusionModel>> gen = DiffusionModel::load(generator, device);
        if (!gen) {
            std::fprintf(stderr, "mix_experiment: %s\n", gen.error().c_str());
            return 2;
        }
        const bool trains = wanted.count("mix") || wanted.count("synthetic");
        const int most =
            trains ? int(*std::max_element(synthCounts.begin(), synthCounts.end())) : 10;
        const std::vector<double> scales =
            guidances.empty() ? std::vector<double>{(*gen)->info().defaultGuidance} : guidances;
        for (double guidance : scales) {
            SampleRequest r;
            r.guidance = guidance;
            r.steps = steps;
            r.eta = eta >= 0 ? eta : (*gen)->info().defaultEta;
            r.batchSize = 250;
            // Image j of every class comes before image j + 1 of any, so a smaller count is a
            // prefix with the same images a class.
            for (int j = 0; j < most; ++j)
                for (int k = 0; k < 10; ++k) {
                    r.classes.push_back(k);
                    r.seeds.push_back(uint64_t(k * 100000 + j));
                }
            const auto t0 = std::chrono::steady_clock::now();
            Result<std::vector<GeneratedImage>> images = (*gen)->sample(r);
            if (!images) {
                std::fprintf(stderr, "mix_experiment: %s\n", images.error().c_str());
                return 2;
            }
            std::printf(
                "generated %zu images (w = %g, DDIM %d steps, eta %g) in %.1f s\n", images->size(),
                guidance, steps, r.eta,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            std::fflush(stdout);
            if (!grid.empty()) {
                char suffix[32];
                std::snprintf(suffix, sizeof suffix, "-w%g.pgm", guidance);
                writeGrid(grid + suffix, *images, r.classes);
            }
            if (!trains)
                continue;
            for (double count : synthCounts) {
                ImageSet synthetic;
                synthetic.classWnids = synthetic.classNames = train.classWnids;
                for (size_t i = 0; i < size_t(count) * 10; ++i) {
                    synthetic.pixels.insert(synthetic.pixels.end(), (*images)[i].pixels.begin(),
                                            (*images)[i].pixels.end());
                    synthetic.labels.push_back(r.classes[i]);
                }
                char name[64];
                if (wanted.count("synthetic")) {
                    std::snprintf(name, sizeof name, "synth w%g %d", guidance, int(count) * 10);
                    trainOn(name, synthetic);
                }
                if (wanted.count("mix")) {
                    ImageSet mix = real;
                    mix.pixels.insert(mix.pixels.end(), synthetic.pixels.begin(),
                                      synthetic.pixels.end());
                    mix.labels.insert(mix.labels.end(), synthetic.labels.begin(),
                                      synthetic.labels.end());
                    std::snprintf(name, sizeof name, "mix w%g +%d", guidance, int(count) * 10);
                    trainOn(name, mix);
                }
            }
        }
    }
    if (wanted.count("all-real"))
        trainOn("all-real", train);
    return 0;
}
