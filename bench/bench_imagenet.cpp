// ImageNet-scale figures on this machine: a synthetic ImageNet-shaped tree (wnid folders of JPEGs
// at ImageNet's spread of sizes, or 512x512 generated PNGs with A1111 "parameters"), the streamed
// decode rate per thread at 224 px, the training loader's rate, and import --link of the tree.
// Prints figures; asserts nothing.
//
//   bench_imagenet tree OUT --classes N --per-class M [--distinct D] [--pool DIR] [--png]
//                       [--split train]
//   bench_imagenet decode TREE [--count 2000] [--threads 1,2] [--size 224]
//   bench_imagenet loader TREE [--count 2000] [--threads 1,2] [--size 224] [--batch 64]
//   bench_imagenet import TREE PROJECT
//   bench_imagenet add-generated PNG-TREE PROJECT
//   bench_imagenet project PROJECT
//
// A tree of more files than the disk holds is made of hard links to D distinct files (the
// figures say when); import reads every file's header all the same.
#include "classes/ClassList.h"
#include "common/ImageViews.h"
#include "curation/Curation.h"
#include "curation/CurationStore.h"
#include "data/ImageLoader.h"
#include "data/Importer.h"
#include "data/PngText.h"
#include "data/ViewDecode.h"
#include "diffusion/DiffusionModel.h"
#include "project/Database.h"
#include "project/ImageStore.h"
#include "project/Project.h"
#include "training/ClassifierData.h"
#include "wordnet/WordNet.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <vector>

using namespace synset;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

double peakRssMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

// --name value options after the positional arguments.
struct Options
{
    std::vector<std::string> positional;
    std::map<std::string, std::string> named;
    bool has(const std::string &k) const { return named.count(k) > 0; }
    long number(const std::string &k, long fallback) const
    {
        auto it = named.find(k);
        return it == named.end() ? fallback : std::stol(it->second);
    }
    std::vector<int> list(const std::string &k, std::vector<int> fallback) const
    {
        auto it = named.find(k);
        if (it == named.end())
            return fallback;
        std::vector<int> out;
        size_t at = 0;
        while (at <= it->second.size()) {
            const size_t comma = it->second.find(',', at);
            out.push_back(std::stoi(it->second.substr(at, comma - at)));
            if (comma == std::string::npos)
                break;
            at = comma + 1;
        }
        return out;
    }
};

Options parse(int argc, char **argv)
{
    Options o;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a.rfind("--", 0) == 0) {
            const bool value = i + 1 < argc && std::strncmp(argv[i + 1], "--", 2) != 0;
            o.named[a.substr(2)] = value ? argv[++i] : "1";
        } else {
            o.positional.push_back(a);
        }
    }
    return o;
}

// ---- The tree ------------------------------------------------------------------------------

// ImageNet's sizes: mostly 500 px on the long side at 4:3 or 3:4, some 3:2 and square, the rest
// spread; long sides from 200 to 500.
cv::Size imagenetSize(std::mt19937_64 &rng)
{
    std::uniform_real_distribution<double> u(0, 1);
    const double pick = u(rng);
    const int longSide = pick < 0.6 ? 500 : 200 + int(u(rng) * 300);
    double ratio; // width / height
    const double shape = u(rng);
    if (shape < 0.5)
        ratio = 4.0 / 3;
    else if (shape < 0.7)
        ratio = 3.0 / 4;
    else if (shape < 0.8)
        ratio = 3.0 / 2;
    else if (shape < 0.9)
        ratio = 1;
    else
        ratio = 0.6 + u(rng) * 1.2;
    return ratio >= 1 ? cv::Size(longSide, std::max(1, int(longSide / ratio)))
                      : cv::Size(std::max(1, int(longSide * ratio)), longSide);
}

// Random content that compresses like a photograph: smooth colour fields, edges and grain.
cv::Mat photoLike(cv::Size size, std::mt19937_64 &rng)
{
    cv::Mat small(18, 24, CV_8UC3);
    cv::randu(small, 0, 255);
    cv::Mat image;
    cv::resize(small, image, size, 0, 0, cv::INTER_CUBIC);
    std::uniform_int_distribution<int> px(0, std::max(size.width, size.height));
    std::uniform_int_distribution<int> c(0, 255);
    for (int i = 0; i < 12; ++i)
        cv::circle(image, {px(rng), px(rng)}, 5 + px(rng) / 6, cv::Scalar(c(rng), c(rng), c(rng)),
                   i % 3 == 0 ? -1 : 3, cv::LINE_AA);
    cv::Mat grain(size, CV_8UC3);
    cv::randn(grain, 0, 40);
    cv::Mat noisy;
    cv::add(image, grain, noisy, cv::noArray(), CV_8UC3);
    return noisy;
}

std::string a1111Parameters(const std::string &wnid, uint64_t seed)
{
    return "a photo of a " + wnid +
           "\nNegative prompt: \nSteps: 50, Sampler: DDIM, CFG scale: 2, " +
           "Seed: " + std::to_string(seed) + ", Size: 512x512, Model hash: 0000000000";
}

int makeTree(const Options &o)
{
    const fs::path out = o.positional.at(0);
    const int classes = int(o.number("classes", 100)), perClass = int(o.number("per-class", 100));
    const long total = long(classes) * perClass;
    const long distinct = std::min(total, o.number("distinct", total));
    const bool png = o.has("png");
    const std::string split = o.named.count("split") ? o.named.at("split") : "train";
    Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
    Result<ClassList> in1k = wn ? classlists::load("imagenet1k", **wn) : makeError(wn.error());
    if (!in1k) {
        std::fprintf(stderr, "%s\n", in1k.error().c_str());
        return 1;
    }
    if (classes > int(in1k->classes.size()))
        return std::fprintf(stderr, "at most %zu classes\n", in1k->classes.size()), 1;

    // The distinct files, made on every core, then linked into place.
    // The distinct files live in --pool (shared between trees on one file system) or OUT/.pool.
    const fs::path pool = o.named.count("pool") ? fs::path(o.named.at("pool")) : out / ".pool";
    fs::create_directories(pool);
    std::vector<std::string> poolFiles(static_cast<size_t>(distinct));
    std::atomic<long> next{0}, bytes{0};
    const auto t0 = Clock::now();
    const auto worker = [&] {
        for (long i = next++; i < distinct; i = next++) {
            std::mt19937_64 rng(uint64_t(i) * 0x9E3779B97F4A7C15ull + 1);
            const fs::path file = pool / (std::to_string(i) + (png ? ".png" : ".JPEG"));
            if (!fs::exists(file)) {
                if (png) {
                    cv::Mat bgr = photoLike({512, 512}, rng), rgb;
                    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
                    ImageData image;
                    image.width = image.height = 512;
                    image.channels = 3;
                    image.pixels.assign(rgb.data, rgb.data + rgb.total() * 3);
                    const std::string wnid = in1k->classes[size_t(i % classes)].wnid;
                    if (Result<void> r = writePngWithText(file, image, "parameters",
                                                          a1111Parameters(wnid, uint64_t(i)));
                        !r)
                        std::fprintf(stderr, "%s\n", r.error().c_str());
                } else {
                    cv::imwrite(file.string(), photoLike(imagenetSize(rng), rng),
                                {cv::IMWRITE_JPEG_QUALITY, 90});
                }
            }
            bytes += long(fs::file_size(file));
            poolFiles[size_t(i)] = file.string();
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < std::max(1u, std::thread::hardware_concurrency()); ++t)
        threads.emplace_back(worker);
    for (std::thread &t : threads)
        t.join();
    const double made = secondsSince(t0);
    const auto t1 = Clock::now();
    long files = 0;
    for (int k = 0; k < classes; ++k) {
        const std::string wnid = in1k->classes[size_t(k)].wnid;
        const fs::path dir = out / split / wnid;
        fs::create_directories(dir);
        for (int i = 0; i < perClass; ++i, ++files) {
            const fs::path link = dir / (wnid + "_" + std::to_string(i) + (png ? ".png" : ".JPEG"));
            std::error_code ec;
            if (!fs::exists(link, ec))
                fs::create_hard_link(poolFiles[size_t(files % distinct)], link, ec);
            if (ec)
                return std::fprintf(stderr, "%s: %s\n", link.c_str(), ec.message().c_str()), 1;
        }
    }
    std::printf("tree %s: %d classes x %d = %ld %s files (%ld distinct, mean %.0f KB, %.1f GB "
                "on disk), made in %.0f s + linked in %.0f s\n",
                out.c_str(), classes, perClass, files, png ? "PNG" : "JPEG", distinct,
                double(bytes) / double(distinct) / 1024, double(bytes) / 1e9, made,
                secondsSince(t1));
    return 0;
}

// ---- Decode and loader figures ---------------------------------------------------------------

struct Listed
{
    std::vector<std::string> files;
    std::vector<int> widths, heights;
};

Listed listTree(const fs::path &tree, long count)
{
    Listed l;
    for (const fs::directory_entry &e : fs::recursive_directory_iterator(tree)) {
        if (long(l.files.size()) >= count)
            break;
        const std::string ext = e.path().extension().string();
        if (!e.is_regular_file() || e.path().string().find("/.pool/") != std::string::npos ||
            (ext != ".JPEG" && ext != ".png"))
            continue;
        Result<ImageHeader> h = readImageHeader(e.path());
        if (!h)
            continue;
        l.files.push_back(e.path().string());
        l.widths.push_back(h->width);
        l.heights.push_back(h->height);
    }
    return l;
}

// Images per second for work(i) on every listed file on `threads` threads.
double rate(const Listed &l, int threads, const std::function<bool(size_t)> &work)
{
    std::atomic<size_t> next{0};
    std::atomic<long> failed{0};
    const auto t0 = Clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            for (size_t i = next++; i < l.files.size(); i = next++)
                if (!work(i))
                    ++failed;
        });
    for (std::thread &t : pool)
        t.join();
    if (failed)
        std::fprintf(stderr, "%ld images could not be decoded\n", long(failed));
    return double(l.files.size()) / secondsSince(t0);
}

// The same for views of the files decoded to size x size.
double decodeRate(const Listed &l, int threads, int size,
                  const std::function<ViewCrop(size_t)> &view)
{
    return rate(l, threads, [&](size_t i) {
        thread_local std::vector<uint8_t> chw;
        chw.resize(size_t(3 * size * size));
        return decodeView(l.files[i], -1, l.widths[i], l.heights[i], view(i), 3, size, size,
                          chw.data())
            .ok();
    });
}

int decodeFigures(const Options &o)
{
    const int size = int(o.number("size", 224));
    const Listed l = listTree(o.positional.at(0), o.number("count", 2000));
    if (l.files.empty())
        return std::fprintf(stderr, "no images under %s\n", o.positional.at(0).c_str()), 1;
    double meanPixels = 0;
    for (size_t i = 0; i < l.files.size(); ++i)
        meanPixels += double(l.widths[i]) * l.heights[i] / double(l.files.size());
    // Read once first, so that every figure is the decoder's and not the disk's.
    const double warm = rate(l, 2, [&](size_t i) {
        std::ifstream in(l.files[i], std::ios::binary);
        std::vector<char> bytes(1 << 16);
        while (in.read(bytes.data(), std::streamsize(bytes.size())))
            ;
        return in.eof();
    });
    std::printf("%zu images, mean %.0f kpixels, output %dx%d (first read %.0f files/s)\n",
                l.files.size(), meanPixels / 1000, size, size, warm);
    const auto train = [&](size_t i) {
        return randomResizedCrop(l.widths[i], l.heights[i], 0.08, 3.0 / 4, 4.0 / 3, 0.5, i);
    };
    const auto eval = [&](size_t i) { return centreCrop(l.widths[i], l.heights[i], size, size); };
    // Decoding whole at full size, as loading every image into memory did.
    const auto full = [&](size_t i) { return decodeImageFile(l.files[i]).ok(); };
    for (int threads : o.list("threads", {1, 2})) {
        // The first pass also warms the page cache for the others.
        const double tr = decodeRate(l, threads, size, train);
        const double ev = decodeRate(l, threads, size, eval);
        const double fu = rate(l, threads, full);
        std::printf("%d thread(s): training views %7.0f img/s (%5.0f per thread), evaluation "
                    "views %7.0f img/s, full-size decode %6.0f img/s\n",
                    threads, tr, tr / threads, ev, fu);
    }
    return 0;
}

int loaderFigures(const Options &o)
{
    using namespace synset::classifier;
    const int size = int(o.number("size", 224));
    const int batch = int(o.number("batch", 64));
    const Listed l = listTree(o.positional.at(0), o.number("count", 2000));
    if (l.files.empty())
        return 1;
    ImageSet set;
    set.channels = 3;
    set.width = set.height = size;
    set.sourceWidths = l.widths;
    set.sourceHeights = l.heights;
    set.labels.assign(l.files.size(), 0);
    set.classWnids = {"n00000000"};
    set.decode = [&](size_t i, const ViewCrop &v, uint8_t *chw) {
        return decodeView(l.files[i], -1, l.widths[i], l.heights[i], v, 3, size, size, chw);
    };
    const torch::Tensor labels = torch::zeros({int64_t(l.files.size())}, torch::kInt64);
    for (const char *augmentation : {"light", "dino"}) {
        for (int threads : o.list("threads", {1, 2})) {
            DecodePool pool(threads);
            Loader::Input input;
            input.streamed = &set;
            input.pool = &pool;
            input.imagenet = true;
            const int64_t steps = int64_t(l.files.size()) / batch;
            Loader loader(input, labels, Augment::preset(augmentation, size, size), 1, batch, 0,
                          steps, 4);
            const auto t0 = Clock::now();
            for (int64_t s = 0; s < steps; ++s)
                if (!loader.next().x.defined())
                    return std::fprintf(stderr, "%s\n", loader.error().c_str()), 1;
            const double rate = double(steps * batch) / secondsSince(t0);
            std::printf("loader %-5s %d decode thread(s) + 1 loader thread, batch %d: %6.0f "
                        "img/s\n",
                        augmentation, threads, batch, rate);
        }
    }
    return 0;
}

// ---- Import --------------------------------------------------------------------------------

int importFigures(const Options &o)
{
    const fs::path tree = o.positional.at(0), projectDir = o.positional.at(1);
    Result<std::unique_ptr<Project>> project =
        fs::exists(projectDir / "project.sqlite") ? Project::open(projectDir) : [&] {
            Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
            Result<ClassList> in1k =
                wn ? classlists::load("imagenet1k", **wn) : makeError(wn.error());
            return in1k ? Project::create(projectDir, *in1k, "ImageNet bench")
                        : Result<std::unique_ptr<Project>>(makeError(in1k.error()));
        }();
    if (!project)
        return std::fprintf(stderr, "%s\n", project.error().c_str()), 1;
    ImportOptions options;
    options.copyFiles = false;
    for (const char *pass : {"first import", "again (nothing new)"}) {
        const auto t0 = Clock::now();
        Result<ImportReport> r = importSource(**project, tree, options);
        const double s = secondsSince(t0);
        if (!r)
            return std::fprintf(stderr, "%s\n", r.error().c_str()), 1;
        const long files = long(r->imported + r->skipped + long(r->errors.size()));
        std::printf("import --link, %s: %ld files (%ld imported, %ld skipped, %zu errors) in "
                    "%.1f s = %.0f files/s, peak RSS %.0f MB\n",
                    pass, files, long(r->imported), long(r->skipped), r->errors.size(), s,
                    double(files) / s, peakRssMb());
    }
    return 0;
}

// ---- A project of millions ------------------------------------------------------------------

// The generated tree's PNGs as a synthetic dataset (linked, sizes from the headers, provenance as
// a generation job writes it), the way the figures' 2.6 M-image project is made.
int addGenerated(const Options &o)
{
    const fs::path tree = fs::absolute(o.positional.at(0));
    Result<std::unique_ptr<Project>> project = Project::open(o.positional.at(1));
    if (!project)
        return std::fprintf(stderr, "%s\n", project.error().c_str()), 1;
    Project &p = **project;
    Result<int64_t> dataset = p.ensureDataset("imagenet-sd-bench", "synthetic", tree.string());
    if (!dataset)
        return std::fprintf(stderr, "%s\n", dataset.error().c_str()), 1;
    const auto t0 = Clock::now();
    long added = 0;
    std::vector<fs::path> classDirs;
    for (const fs::directory_entry &e : fs::directory_iterator(tree / "train"))
        classDirs.push_back(e.path());
    std::sort(classDirs.begin(), classDirs.end());
    // --class WNID: every image in that class (the thumbnail figures' class of a million).
    const ProjectClass *only = o.has("class") ? p.classByWnid(o.named.at("class")) : nullptr;
    if (o.has("class") && !only)
        return std::fprintf(stderr, "no class %s\n", o.named.at("class").c_str()), 1;
    for (const fs::path &dir : classDirs) {
        const ProjectClass *cls = only ? only : p.classByWnid(dir.filename().string());
        if (!cls)
            continue;
        std::vector<fs::path> files;
        for (const fs::directory_entry &e : fs::directory_iterator(dir))
            files.push_back(e.path());
        std::sort(files.begin(), files.end());
        Result<void> written = [&]() -> Result<void> {
            Transaction tx(p.database());
            if (!tx.active())
                return makeError(tx.beginError());
            Result<ImageWriter> writer = ImageWriter::prepare(p.database(), *dataset);
            if (!writer)
                return makeError(writer.error());
            const std::string now = nowIso8601();
            for (size_t i = 0; i < files.size(); ++i) {
                Result<ImageHeader> h = readImageHeader(files[i]);
                if (!h)
                    return makeError(h.error());
                NewImage image;
                image.classId = cls->id;
                image.file = files[i].string();
                image.width = h->width;
                image.height = h->height;
                image.channels = h->channels;
                image.provenance = "{\"prompt\":\"a photo of a " + cls->name +
                                   "\",\"seed\":" + std::to_string(i) +
                                   ",\"guidance\":2,\"sampler\":\"ddim\",\"steps\":50}";
                if (Result<int64_t> id = writer->add(image, now); !id)
                    return makeError(id.error());
            }
            return tx.commit();
        }();
        if (!written)
            return std::fprintf(stderr, "%s\n", written.error().c_str()), 1;
        added += long(files.size());
    }
    const double s = secondsSince(t0);
    std::printf("added %ld generated images (headers read, rows written) in %.1f s = %.0f "
                "images/s\n",
                added, s, double(added) / s);
    return 0;
}

// What a user waits for on a project of millions: opening it, its counts (project info and the
// class tables), the review grid's rows for one class and for all.
int projectFigures(const Options &o)
{
    auto t0 = Clock::now();
    Result<std::unique_ptr<Project>> project = Project::open(o.positional.at(0));
    if (!project)
        return std::fprintf(stderr, "%s\n", project.error().c_str()), 1;
    Project &p = **project;
    std::printf("open                                %9.1f ms\n", secondsSince(t0) * 1e3);
    t0 = Clock::now();
    const int64_t images = p.imageCount();
    std::printf("image count (%lld)             %9.1f ms\n", (long long)images,
                secondsSince(t0) * 1e3);
    t0 = Clock::now();
    const size_t counts = p.imageCounts().size();
    std::printf("per-class counts (project info)     %9.1f ms (%zu rows)\n", secondsSince(t0) * 1e3,
                counts);
    t0 = Clock::now();
    const size_t summaries = classSummaries(p).size();
    std::printf("class summaries (review table)      %9.1f ms (%zu classes)\n",
                secondsSince(t0) * 1e3, summaries);
    t0 = Clock::now();
    const size_t one = reviewEntries(p, {0}).value().size();
    std::printf("review grid, one class              %9.1f ms (%zu images)\n",
                secondsSince(t0) * 1e3, one);
    t0 = Clock::now();
    const size_t all = reviewEntries(p).value().size();
    std::printf("review grid, all classes            %9.1f ms (%zu images), peak RSS %.0f MB\n",
                secondsSince(t0) * 1e3, all, peakRssMb());
    return 0;
}

// Curation at 2.6 M images: random scores stand for a scoring run (the database's work is
// measured, not the classifier's), then a filter rule's dry run and its application, the review
// grid's rows with the reviews, the export of what was kept (hard links), and undo.
int curationFigures(const Options &o)
{
    Result<std::unique_ptr<Project>> project = Project::open(o.positional.at(0));
    if (!project)
        return std::fprintf(stderr, "%s\n", project.error().c_str()), 1;
    Project &p = **project;
    const fs::path out = o.positional.at(1);
    auto t0 = Clock::now();
    Result<std::vector<ReviewEntry>> entries = reviewEntries(p);
    if (!entries)
        return std::fprintf(stderr, "%s\n", entries.error().c_str()), 1;
    std::vector<ImageScoreRow> rows;
    rows.reserve(entries->size());
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0, 1);
    for (const ReviewEntry &e : *entries) {
        ImageScoreRow r;
        r.imageId = e.imageId;
        r.predicted = e.classIndex;
        r.selfConfidence = u(rng);
        r.margin = u(rng);
        r.entropy = 3 * u(rng);
        r.realDistance = u(rng);
        r.uniqueness = u(rng);
        rows.push_back(r);
    }
    {
        Transaction tx(p.database());
        if (Result<void> r = replaceScores(p.database(), rows, {}); !r || !tx.commit().ok())
            return std::fprintf(stderr, "cannot write the scores\n"), 1;
    }
    std::printf("random scores for %zu generated images written in %.1f s\n", rows.size(),
                secondsSince(t0));
    rows = {};
    *entries = {};

    Result<FilterRule> rule = parseRuleConditions("self_confidence>=0.5 and uniqueness>0.2");
    if (!rule)
        return std::fprintf(stderr, "%s\n", rule.error().c_str()), 1;
    t0 = Clock::now();
    Result<RuleOutcome> dry = dryRunRule(p, *rule);
    if (!dry)
        return std::fprintf(stderr, "%s\n", dry.error().c_str()), 1;
    std::printf("filter dry run (%s): keeps %lld, drops %lld in %.2f s, peak RSS %.0f MB\n",
                rule->text().c_str(), (long long)dry->kept, (long long)dry->dropped,
                secondsSince(t0), peakRssMb());
    t0 = Clock::now();
    Result<RuleOutcome> applied = applyRule(p, *rule);
    if (!applied)
        return std::fprintf(stderr, "%s\n", applied.error().c_str()), 1;
    std::printf("filter applied: %lld reviews written in %.2f s\n", (long long)applied->changed,
                secondsSince(t0));
    t0 = Clock::now();
    const size_t one = reviewEntries(p, {0}).value().size();
    std::printf("review grid rows, one class: %zu in %.1f ms\n", one, secondsSince(t0) * 1e3);
    t0 = Clock::now();
    const size_t all = reviewEntries(p).value().size();
    std::printf("review grid rows, all classes: %zu in %.2f s\n", all, secondsSince(t0));
    t0 = Clock::now();
    const size_t summaries = classSummaries(p).size();
    std::printf("class summaries with reviews and scores: %zu classes in %.2f s\n", summaries,
                secondsSince(t0));

    ExportOptions eo;
    eo.acceptedOnly = true;
    t0 = Clock::now();
    Result<ExportReport> exported = exportImageFolder(p, out, eo);
    if (!exported)
        return std::fprintf(stderr, "%s\n", exported.error().c_str()), 1;
    const double es = secondsSince(t0);
    std::printf("export of the accepted: %lld images (%lld hard links) in %.1f s = %.0f "
                "images/s, peak RSS %.0f MB\n",
                (long long)exported->synthetic, (long long)exported->linked, es,
                double(exported->synthetic) / es, peakRssMb());
    t0 = Clock::now();
    Result<ReviewAction> undone = undoLastReview(p);
    if (!undone)
        return std::fprintf(stderr, "%s\n", undone.error().c_str()), 1;
    std::printf("undo of the rule (%lld reviews) in %.2f s\n", (long long)undone->images,
                secondsSince(t0));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // figures appear as they are measured
    useAllCores(); // as training does: LibTorch's threads and the allocator's settings
    const std::string command = argc > 1 ? argv[1] : "";
    const Options o = parse(argc, argv);
    try {
        if (command == "tree" && o.positional.size() == 1)
            return makeTree(o);
        if (command == "decode" && o.positional.size() == 1)
            return decodeFigures(o);
        if (command == "loader" && o.positional.size() == 1)
            return loaderFigures(o);
        if (command == "import" && o.positional.size() == 2)
            return importFigures(o);
        if (command == "add-generated" && o.positional.size() == 2)
            return addGenerated(o);
        if (command == "project" && o.positional.size() == 1)
            return projectFigures(o);
        if (command == "curation" && o.positional.size() == 2)
            return curationFigures(o);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_imagenet: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr,
                 "usage: bench_imagenet tree OUT --classes N --per-class M [--distinct D] "
                 "[--png] | decode TREE | loader TREE | import TREE PROJECT | add-generated TREE "
                 "PROJECT [--class WNID] | project PROJECT | curation PROJECT EXPORT-DIR\n");
    return 2;
}
