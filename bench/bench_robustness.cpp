// Robustness figures: corruption throughput per corruption type (1,000 Fashion-MNIST test images
// at severity 3, gray 28x28, and the same images as 32x32 RGB), and, given a project and a run,
// the wall time of the full suite with the default options, stage by stage.
//   bench_robustness [PROJECT RUN]
#include "data/Idx.h"
#include "project/DefaultProject.h"
#include "project/Project.h"
#include "robustness/Corruptions.h"
#include "robustness/Robustness.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <string>

using namespace synset;

namespace {

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

GeneratorTrainData testImages(int count)
{
    GeneratorTrainData set;
    Result<idx::IdxFile> f = idx::read(fashionMnistDirectory() / "t10k-images-idx3-ubyte.gz");
    if (!f)
        return set;
    set.channels = 1;
    set.height = set.width = 28;
    set.pixels.assign(f->data.begin() + std::ptrdiff_t(f->headerSize),
                      f->data.begin() + std::ptrdiff_t(f->headerSize + size_t(count) * 784));
    set.labels.assign(size_t(count), 0);
    return set;
}

// Gray 28x28 to RGB 32x32 (padded, tinted), the CIFAR shape.
GeneratorTrainData toRgb32(const GeneratorTrainData &gray)
{
    GeneratorTrainData out = gray;
    out.channels = 3;
    out.height = out.width = 32;
    out.pixels.assign(gray.count() * 3 * 32 * 32, 0);
    for (size_t i = 0; i < gray.count(); ++i)
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 28; ++y)
                for (int x = 0; x < 28; ++x)
                    out.pixels[((i * 3 + size_t(c)) * 32 + size_t(y + 2)) * 32 + size_t(x + 2)] =
                        uint8_t(gray.pixels[i * 784 + size_t(y * 28 + x)] * (1.0 - 0.25 * c));
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    const GeneratorTrainData gray = testImages(1000);
    if (gray.count() == 0) {
        std::printf("no Fashion-MNIST test images (install dataset-fashion-mnist)\n");
        return 1;
    }
    const GeneratorTrainData rgb = toRgb32(gray);
    std::printf("corruption throughput, 1000 images at severity 3 (images/s)\n");
    std::printf("%-20s %14s %14s\n", "corruption", "28x28 gray", "32x32 RGB");
    double totalGray = 0, totalRgb = 0;
    for (const CorruptionInfo &c : corruptionList()) {
        auto t = std::chrono::steady_clock::now();
        (void)corruptImages(gray, c.name, 3, 0);
        const double g = seconds(t);
        t = std::chrono::steady_clock::now();
        (void)corruptImages(rgb, c.name, 3, 0);
        const double r = seconds(t);
        totalGray += g;
        totalRgb += r;
        std::printf("%-20s %14.0f %14.0f\n", c.name.c_str(), 1000 / g, 1000 / r);
    }
    std::printf("all 15 x 5 severities for 1000 images: %.1f s gray, %.1f s RGB (corruption "
                "only)\n",
                totalGray * 5, totalRgb * 5);

    if (argc < 3)
        return 0;
    Result<std::unique_ptr<Project>> project = Project::open(argv[1]);
    if (!project) {
        std::printf("suite: skipped (%s)\n", project.error().c_str());
        return 0;
    }
    std::map<std::string, double> stageSeconds;
    std::string stage = "loading";
    auto stageStart = std::chrono::steady_clock::now();
    const auto started = stageStart;
    const auto progress = [&](double, std::string_view message) {
        std::string s(message);
        if (s.rfind("Corruption", 0) == 0)
            s = "corruptions";
        else if (s.find("attack") != std::string::npos)
            s = "adversarial (FGSM + PGD)";
        else if (s.find("probe") != std::string::npos)
            s = "linear probe";
        else if (s.find("Scoring") != std::string::npos)
            s = "representation";
        else if (s == "Loading images" || s == "Images loaded")
            s = "loading";
        else if (s == "Robustness evaluated")
            s = stage;
        if (s != stage) {
            stageSeconds[stage] += seconds(stageStart);
            stage = s;
            stageStart = std::chrono::steady_clock::now();
        }
    };
    Result<RobustnessReport> r =
        evaluateRobustness(**project, argv[2], RobustnessOptions{}, progress);
    stageSeconds[stage] += seconds(stageStart);
    if (!r) {
        std::printf("suite: %s\n", r.error().c_str());
        return 1;
    }
    std::printf("\nfull suite on run %s (defaults: 100 images a class x 75 corruptions, 50 a class "
                "x FGSM + PGD-10 x 5 epsilons, representation, probe on 1000 a class): %.1f s\n",
                argv[2], seconds(started));
    for (const auto &[name, s] : stageSeconds)
        std::printf("  %-26s %7.1f s\n", name.c_str(), s);
    return 0;
}
