// Classifier training figures: images/s of each model at Fashion-MNIST's 28x28x1 and at
// CIFAR-like 32x32x3, with every augmentation of the DINO recipe on the loader thread, the share
// of step time spent waiting for the loader, and GFLOP/s (3 x forward MACs x 2 per image).
// Builds with LibTorch alone (SYNSET_TENSOR_ONLY) so it runs on GPU machines too.
#include "diffusion/DiffusionModel.h"
#include "training/Classifier.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

using namespace synset;

// A PGM contact sheet of augmented views: rows of the same image under the preset, to look at.
static int dumpAugmentations(const std::string &preset, const std::string &path)
{
    ImageSet d;
    d.channels = 1;
    d.height = d.width = 28;
    d.classWnids = {"x"};
    // A test card: a bright disc with a bar, so crops, flips and blurs are easy to see.
    const int views = 12;
    for (int v = 0; v < views * 6; ++v) {
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x) {
                const int dx = x - 11, dy = y - 13;
                const bool disc = dx * dx + dy * dy<64, bar = x> 20 && y > 4 && y < 22;
                d.pixels.push_back(uint8_t(disc ? 230 : bar ? 140 : 20 + x * 2));
            }
        d.labels.push_back(0);
    }
    Result<ImageSet> a = augmentPreview(d, preset, 1);
    if (!a) {
        std::fprintf(stderr, "%s\n", a.error().c_str());
        return 1;
    }
    FILE *f = std::fopen(path.c_str(), "wb");
    if (!f)
        return 1;
    std::fprintf(f, "P5 %d %d 255\n", 28 * views, 28 * 6);
    for (int row = 0; row < 6; ++row)
        for (int y = 0; y < 28; ++y)
            for (int v = 0; v < views; ++v)
                std::fwrite(a->pixels.data() + size_t((row * views + v) * 784 + y * 28), 1, 28, f);
    std::fclose(f);
    std::printf("wrote %s\n", path.c_str());
    return 0;
}

// ResNet-50 at 224 px, ImageNet's 1000 classes, fed by the streamed loader (the path ImageNet-sized
// projects take): each image "decoded" by a stand-in that writes a pattern, so the figure is what
// the GPU and the loader's augment, standardise and pinned copy allow; the decode threads a real
// dataset needs are this rate over bench_imagenet's per-thread decode rate.
static int imagenetFigure(const std::string &device, int decodeThreads, int batch, int steps)
{
    ImageSet data;
    data.channels = 3;
    data.height = data.width = 224;
    for (int k = 0; k < 1000; ++k)
        data.classWnids.push_back("n" + std::to_string(k));
    const size_t n = size_t(batch) * size_t(steps);
    for (size_t i = 0; i < n; ++i) {
        data.labels.push_back(int(i % 1000));
        data.sourceWidths.push_back(500);
        data.sourceHeights.push_back(375);
    }
    data.decode = [](size_t i, const ViewCrop &, uint8_t *chw) -> Result<void> {
        for (size_t k = 0; k < size_t(3 * 224 * 224); ++k)
            chw[k] = uint8_t((i * 131 + k * 7) & 0xff);
        return {};
    };
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "bench_training";
    std::filesystem::create_directories(dir);
    ClassifierTrainOptions o;
    o.model = "resnet50";
    o.width = 64;
    o.epochs = 1;
    o.batchSize = batch;
    o.augmentation = "light";
    o.device = device;
    o.decodeThreads = decodeThreads;
    o.checkpoint = dir / "imagenet.ckpt";
    o.output = dir / "imagenet.model";
    Result<ClassifierTrainReport> r = trainClassifier(data, nullptr, o);
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error().c_str());
        return 1;
    }
    std::printf("resnet50 224x224x3, 1000 classes, batch %d, %d steps, %s decode threads: %.0f "
                "img/s, data wait %.1f%%\n",
                batch, steps, decodeThreads > 0 ? std::to_string(decodeThreads).c_str() : "default",
                r->imagesPerSecond, 100 * r->dataWaitShare);
    std::error_code ec;
    for (const char *file : {"imagenet.ckpt", "imagenet.model"})
        std::filesystem::remove(dir / file, ec);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 3 && std::string(argv[1]) == "--dump-augment")
        return dumpAugmentations(argv[2], argv[3]);
    // --imagenet DEVICE [DECODE-THREADS [BATCH [STEPS]]]
    if (argc > 2 && std::string(argv[1]) == "--imagenet") {
        useAllCores();
        return imagenetFigure(argv[2], argc > 3 ? std::atoi(argv[3]) : 0,
                              argc > 4 ? std::atoi(argv[4]) : 256,
                              argc > 5 ? std::atoi(argv[5]) : 40);
    }
    const std::string device = argc > 1 ? argv[1] : "auto";
    useAllCores();
    struct Case
    {
        const char *model;
        int width, channels, size, batch, steps;
    };
    const Case cases[] = {
        {"cnn", 32, 1, 28, 128, 40},     {"resnet18", 32, 1, 28, 128, 8},
        {"resnet18", 64, 1, 28, 128, 4}, {"resnet50", 32, 1, 28, 64, 4},
        {"cnn", 32, 3, 32, 128, 40},     {"resnet18", 64, 3, 32, 128, 4},
    };
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "bench_training";
    std::filesystem::create_directories(dir);
    std::printf("%-9s %5s %-8s %12s %10s %10s %10s\n", "model", "width", "input", "MFLOP/img",
                "img/s", "GFLOP/s", "data wait");
    for (const Case &c : cases) {
        ImageSet data;
        data.channels = c.channels;
        data.height = data.width = c.size;
        for (int k = 0; k < 10; ++k)
            data.classWnids.push_back("n" + std::to_string(k));
        const size_t n = size_t(c.batch) * size_t(c.steps + 1);
        std::mt19937 rng(1);
        data.pixels.resize(n * size_t(c.channels * c.size * c.size));
        for (uint8_t &p : data.pixels)
            p = uint8_t(rng() & 0xff);
        for (size_t i = 0; i < n; ++i)
            data.labels.push_back(int(i % 10));
        ClassifierTrainOptions o;
        o.model = c.model;
        o.width = c.width;
        o.epochs = 1;
        o.batchSize = c.batch;
        o.augmentation = "dino";
        o.device = device;
        o.checkpoint = dir / "bench.ckpt";
        o.output = dir / "bench.model";
        Result<ClassifierTrainReport> r = trainClassifier(data, nullptr, o);
        if (!r) {
            std::fprintf(stderr, "%s: %s\n", c.model, r.error().c_str());
            return 1;
        }
        const double mflop =
            2.0 * double(classifierForwardMacs(c.model, c.width, c.channels, c.size, c.size, 10)) /
            1e6;
        const std::string input = std::to_string(c.size) + "x" + std::to_string(c.size) + "x" +
                                  std::to_string(c.channels);
        std::printf("%-9s %5d %-8s %12.1f %10.1f %10.1f %9.1f%%\n", c.model, c.width, input.c_str(),
                    mflop, r->imagesPerSecond, 3 * mflop * r->imagesPerSecond / 1000,
                    100 * r->dataWaitShare);
    }
    // File by file: the LibTorch of PyTorch's wheels exports its own std::filesystem::remove_all,
    // which crashes when it wins the symbol lookup (seen with torch 2.11 on a GPU machine).
    std::error_code ec;
    for (const char *file : {"bench.ckpt", "bench.model"})
        std::filesystem::remove(dir / file, ec);
    std::filesystem::remove(dir, ec);
    return 0;
}
