#include "CliArgs.h"
#include "Commands.h"
#include "TerminalProgress.h"

#include "data/TrainingData.h"
#include "diffusion/DiffusionModel.h"
#include "generation/GenerationJob.h"
#include "project/Project.h"
#include "training/ReferenceClassifier.h"

#include "common/Json.h"

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace synset::cli {

// evaluate-generator --project P [--model F --per-class N --guidance 0,1,2,3 --steps S --sampler X
//                    --eta E --classifier F --json]: how often a classifier trained on real
// images only labels generated images as the class asked for, per class, and FID against the real
// test set in that classifier's 128-d penultimate feature space.
int runEvaluateGenerator(const std::vector<std::string> &argv)
{
    Args args(argv,
              {"project", "model", "per-class", "guidance", "steps", "sampler", "eta", "classifier",
               "seed", "device"},
              {"json"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project"))
        return fail("usage: evaluate-generator --project P [--model FILE --per-class N --guidance "
                    "0,1,2,3 --json]",
                    2);
    Result<std::unique_ptr<Project>> project = Project::open(*args.value("project"));
    if (!project)
        return fail(project.error());
    Result<std::unique_ptr<DiffusionModel>> model = DiffusionModel::load(
        args.value("model", defaultGeneratorPath().string()), args.value("device", "auto"));
    if (!model)
        return fail(model.error());
    const GeneratorInfo &info = (*model)->info();
    int perClass = 100, steps = info.defaultSteps;
    double eta = info.defaultEta;
    uint64_t seed = 0;
    std::vector<double> guidances;
    try {
        perClass = args.integer("per-class", 100);
        steps = args.integer("steps", info.defaultSteps);
        seed = args.seed("seed", 1000);
        eta = args.real("eta", eta);
        guidances = args.reals("guidance", "0,1,2,3,5");
    } catch (const OptionError &e) {
        return fail(e.what(), 2);
    }
    const std::string sampler = args.value("sampler", info.defaultSampler);

    Result<GeneratorTrainData> test = loadRealImages(**project, "test");
    if (!test)
        return fail(test.error());
    const std::filesystem::path classifierPath = args.value(
        "classifier",
        ((*project)->directory() / "models" / "reference-classifier.safetensors").string());
    std::unique_ptr<ReferenceClassifier> classifier;
    if (std::filesystem::exists(classifierPath)) {
        Result<std::unique_ptr<ReferenceClassifier>> loaded =
            ReferenceClassifier::load(classifierPath);
        if (!loaded)
            return fail(loaded.error());
        classifier = std::move(*loaded);
    } else {
        std::cerr << "Training the reference classifier on the real training images (once)...\n";
        Result<GeneratorTrainData> train = loadRealImages(**project, "train");
        if (!train)
            return fail(train.error());
        TerminalProgress bar;
        Result<std::unique_ptr<ReferenceClassifier>> trained = ReferenceClassifier::train(
            *train, 3, 1, [&](double f, std::string_view m) { bar.update(f, std::string(m)); });
        bar.finish();
        if (!trained)
            return fail(trained.error());
        classifier = std::move(*trained);
        std::filesystem::create_directories(classifierPath.parent_path());
        if (Result<void> r = classifier->save(classifierPath); !r)
            return fail(r.error());
    }
    std::vector<int> predictions;
    std::vector<float> realFeatures;
    classifier->classify(test->pixels, test->count(), predictions, &realFeatures);
    int correct = 0;
    for (size_t i = 0; i < predictions.size(); ++i)
        correct += predictions[i] == test->labels[i];
    const double testAccuracy = double(correct) / predictions.size();

    // Map model classes to project classes by wnid.
    const std::vector<std::string> &wnids = info.classWnids;
    Json report;
    report["model"] = info.path.string();
    report["model_hash"] = info.hash;
    report["sampler"] = sampler;
    report["steps"] = steps;
    report["eta"] = eta;
    report["per_class"] = perClass;
    report["classifier_test_accuracy"] = testAccuracy;
    report["feature_extractor"] =
        "penultimate 128-d ReLU layer of the reference CNN trained on real " + (*project)->name() +
        " training images only";
    report["results"] = Json::array();
    std::cerr << "reference classifier: " << std::fixed << std::setprecision(2)
              << 100 * testAccuracy << "% on the real test set\n";
    std::cerr.unsetf(std::ios::floatfield);

    for (double w : guidances) {
        SampleRequest request;
        request.guidance = w;
        request.sampler = sampler;
        request.steps = steps;
        request.eta = eta;
        request.batchSize = 100;
        for (size_t c = 0; c < wnids.size(); ++c)
            for (int i = 0; i < perClass; ++i) {
                request.classes.push_back(int(c));
                request.seeds.push_back(imageSeed(seed, wnids[c], i));
            }
        const auto t0 = std::chrono::steady_clock::now();
        TerminalProgress bar;
        const size_t total = request.classes.size();
        Result<std::vector<GeneratedImage>> images =
            (*model)->sample(request, [&](const SampleStep &s) {
                std::ostringstream label;
                label << "guidance " << w;
                bar.update((s.firstImage + double(s.step) / s.steps * s.batch) / total,
                           label.str());
            });
        bar.finish();
        if (!images)
            return fail(images.error());
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::vector<uint8_t> pixels;
        for (const GeneratedImage &g : *images) {
            // interleaved HWC to planar CHW
            for (int ch = 0; ch < g.channels; ++ch)
                for (int p = 0; p < g.width * g.height; ++p)
                    pixels.push_back(g.pixels[size_t(p * g.channels + ch)]);
        }
        std::vector<float> features;
        classifier->classify(pixels, images->size(), predictions, &features);
        // Project class index of each model class.
        std::vector<int> projectIndex;
        for (const std::string &wnid : wnids) {
            const ProjectClass *pc = (*project)->classByWnid(wnid);
            projectIndex.push_back(pc ? pc->classIndex : -1);
        }
        Json perClassJson;
        int hits = 0;
        double worst = 1.0;
        for (size_t c = 0; c < wnids.size(); ++c) {
            int h = 0;
            for (int i = 0; i < perClass; ++i)
                h += predictions[c * perClass + size_t(i)] == projectIndex[c];
            hits += h;
            perClassJson[wnids[c]] = double(h) / perClass;
            worst = std::min(worst, double(h) / perClass);
        }
        const double fid =
            frechetDistance(features, realFeatures, ReferenceClassifier::kFeatureDim);
        Json row{{"guidance", w},
                 {"accuracy", double(hits) / total},
                 {"worst_class", worst},
                 {"fid", fid},
                 {"per_class", perClassJson},
                 {"images_per_second", total / seconds}};
        report["results"].push_back(row);
        char line[160];
        std::snprintf(line, sizeof line,
                      "guidance %5.2f: labelled as asked %5.1f%%, worst class %5.1f%%, FID %6.2f  "
                      "(%.1f img/s)\n",
                      w, 100.0 * hits / total, 100.0 * worst, fid, total / seconds);
        std::cerr << line;
    }
    if (args.flag("json")) {
        std::cout << dumpJson(report, 2) << '\n';
    } else {
        std::cout << "class";
        for (const auto &r : report["results"])
            std::cout << "\tw=" << r["guidance"].get<double>();
        std::cout << '\n';
        for (size_t c = 0; c < wnids.size(); ++c) {
            std::cout << wnids[c] << ' ' << (c < info.classNames.size() ? info.classNames[c] : "");
            for (const auto &r : report["results"])
                std::cout << '\t' << std::fixed << std::setprecision(1)
                          << 100 * r["per_class"][wnids[c]].get<double>() << '%';
            std::cout << '\n';
        }
    }
    return 0;
}

} // namespace synset::cli
