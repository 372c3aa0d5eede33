// Curation figures: scoring images/s on the project given as argument (scores are rewritten), and
// the review grid over 100,000 generated images: time to first paint, time until the first
// screen's thumbnails are all there, and every frame's time while scrolling from top to bottom
// (goal: no frame over 16 ms after the first screen). With --grid-project P --class WNID: the grid
// over one class of a real project, cold and warm thumbnail cache. Run under xvfb-run or
// offscreen.
#include "ReviewGrid.h"
#include "ReviewModel.h"
#include "ThumbnailLoader.h"

#include "curation/Curation.h"
#include "data/ImageLoader.h"
#include "data/PngText.h"
#include "project/Project.h"
#include "project/ThumbnailStore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>

using namespace synset;

namespace {

int benchScoring(const std::string &path)
{
    Result<std::unique_ptr<Project>> project = Project::open(path);
    if (!project) {
        std::printf("scoring: skipped (%s)\n", project.error().c_str());
        return 0;
    }
    Result<ScoreReport> r = scoreProject(**project, ScoreOptions{});
    if (!r) {
        std::printf("scoring: skipped (%s)\n", r.error().c_str());
        return 0;
    }
    std::printf("scoring %lld generated images of %s with run %s (%d-d features): %.1f s, "
                "%.0f images/s, including the real images' features and the class scores\n",
                (long long)r->images, (*project)->name().c_str(), r->reference.c_str(),
                r->featureDim, r->seconds, r->imagesPerSecond);
    return 0;
}

int benchGrid(int images)
{
    // A few hundred distinct 28x28 PNGs stand for 100k generated images: rows point at them in
    // turn, and every row has its own id, so every thumbnail is decoded and cached on its own.
    QTemporaryDir dir;
    const int files = 500;
    std::mt19937 rng(1);
    for (int f = 0; f < files; ++f) {
        ImageData img;
        img.width = img.height = 28;
        img.channels = 1;
        img.pixels.resize(28 * 28);
        for (uint8_t &p : img.pixels)
            p = uint8_t(rng() & 0xff);
        if (!writePngWithText((dir.path() + QStringLiteral("/%1.png").arg(f)).toStdString(), img,
                              "Comment", "bench"))
            return 1;
    }
    std::vector<ReviewEntry> rows(static_cast<size_t>(images));
    std::uniform_real_distribution<double> u(0, 1);
    for (int i = 0; i < images; ++i) {
        ReviewEntry &s = rows[size_t(i)];
        s.imageId = i + 1;
        s.classIndex = i % 10;
        s.scored = true;
        s.selfConfidence = float(u(rng));
        s.state = i % 7 == 0    ? ReviewState::Accepted
                  : i % 11 == 0 ? ReviewState::Rejected
                                : ReviewState::Pending;
    }
    const auto fileSource = [&](const std::vector<int64_t> &ids) {
        std::vector<ImageFile> out;
        for (int64_t id : ids)
            out.push_back({id, std::to_string((id - 1) % files) + ".png", -1});
        return out;
    };
    ThumbnailLoader loader;
    ReviewModel model(&loader);
    QElapsedTimer t;
    t.start();
    model.setImages(std::move(rows), dir.path(), fileSource);
    model.setSort(QStringLiteral("self_confidence"));
    const double modelMs = double(t.nsecsElapsed()) / 1e6;

    ReviewGrid grid(&loader);
    grid.setModel(&model);
    grid.resize(1200, 800);
    t.restart();
    grid.show();
    grid.viewport()->repaint();
    const double firstPaintMs = double(t.nsecsElapsed()) / 1e6;
    // Until every thumbnail of the first screen is there.
    const auto screenLoaded = [&] {
        for (int y = 10; y < grid.viewport()->height(); y += 40)
            for (int x = 10; x < grid.viewport()->width(); x += 40) {
                const QModelIndex i = grid.indexAt(QPoint(x, y));
                if (i.isValid() && !loader.isCached(i.data(ReviewModel::ImageIdRole).toLongLong()))
                    return false;
            }
        return true;
    };
    while (!screenLoaded() && t.elapsed() < 20000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        grid.viewport()->repaint();
    }
    const double firstScreenMs = double(t.nsecsElapsed()) / 1e6;

    // Scroll end to end a third of a screen per frame, as a fast wheel or a dragged scrollbar
    // does: each frame paints the new position, then handles pending events (arriving
    // thumbnails repaint their own tiles), as one turn of the event loop would.
    QScrollBar *bar = grid.verticalScrollBar();
    const int step = std::max(1, grid.viewport()->height() / 3);
    std::vector<double> frames;
    QElapsedTimer total;
    total.start();
    for (int v = 0; v <= bar->maximum(); v += step) {
        QElapsedTimer f;
        f.start();
        bar->setValue(v);
        grid.viewport()->repaint();
        QCoreApplication::processEvents();
        frames.push_back(double(f.nsecsElapsed()) / 1e6);
    }
    std::vector<double> sorted = frames;
    std::sort(sorted.begin(), sorted.end());
    const auto pct = [&](double p) {
        return sorted.empty() ? 0.0
                              : sorted[std::min(sorted.size() - 1, size_t(p * sorted.size()))];
    };
    const long over =
        long(std::count_if(frames.begin(), frames.end(), [](double ms) { return ms > 16.0; }));
    std::printf("review grid over %d images: model %.1f ms (load and sort), first paint %.1f ms, "
                "first screen's thumbnails %.1f ms\n",
                images, modelMs, firstPaintMs, firstScreenMs);
    std::printf("scrolling end to end: %zu frames in %.2f s, median %.2f ms, p99 %.2f ms, worst "
                "%.2f ms, %ld frames over 16 ms; %lld thumbnails decoded\n",
                frames.size(), double(total.nsecsElapsed()) / 1e9, pct(0.5), pct(0.99),
                sorted.empty() ? 0.0 : sorted.back(), over, (long long)loader.decoded());
    return 0;
}

double peakRssMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

// Whether every tile the viewport shows has its thumbnail.
bool screenLoaded(ReviewGrid &grid, ThumbnailLoader &loader)
{
    for (int y = 10; y < grid.viewport()->height(); y += 40)
        for (int x = 10; x < grid.viewport()->width(); x += 40) {
            const QModelIndex i = grid.indexAt(QPoint(x, y));
            if (i.isValid() && !loader.isCached(i.data(ReviewModel::ImageIdRole).toLongLong()))
                return false;
        }
    return true;
}

// Screens spread over the class, each shown until its thumbnails are all there (a user jumping
// through the class with the scrollbar, then looking): milliseconds per screen.
std::vector<double> visitScreens(ReviewGrid &grid, ThumbnailLoader &loader, int screens)
{
    QScrollBar *bar = grid.verticalScrollBar();
    std::vector<double> out;
    for (int k = 0; k < screens; ++k) {
        QElapsedTimer t;
        t.start();
        bar->setValue(int(int64_t(bar->maximum()) * k / std::max(1, screens - 1)));
        grid.viewport()->repaint();
        while (!screenLoaded(grid, loader) && t.elapsed() < 60000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            grid.viewport()->repaint();
        }
        out.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    return out;
}

std::string describe(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    double sum = 0;
    for (double v : ms)
        sum += v;
    char line[160];
    std::snprintf(line, sizeof line, "median %.0f ms, p90 %.0f ms, mean %.0f ms per screen",
                  ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 9 / 10)],
                  sum / double(ms.size()));
    return line;
}

// The review grid over one class of a real project (the figures use 1.28 M generated 512x512
// PNGs in one class): its rows, then screens with a cold thumbnail cache (none on disk), the
// same screens in a new session with the cache on disk (warm), and scrolling end to end.
int benchProjectGrid(const std::string &path, const std::string &wnid, int screens)
{
    Result<std::unique_ptr<Project>> project = Project::open(path);
    if (!project)
        return std::fprintf(stderr, "%s\n", project.error().c_str()), 1;
    Project &p = **project;
    const ProjectClass *cls = p.classByWnid(wnid);
    if (!cls)
        return std::fprintf(stderr, "%s: no class %s\n", path.c_str(), wnid.c_str()), 1;
    QElapsedTimer t;
    t.start();
    Result<std::vector<ReviewEntry>> rows = reviewEntries(p, {cls->classIndex});
    if (!rows)
        return std::fprintf(stderr, "%s\n", rows.error().c_str()), 1;
    const size_t count = rows->size();
    const double rowsMs = double(t.nsecsElapsed()) / 1e6;
    const std::filesystem::path cacheFile = ThumbnailStore::fileOf(p.directory());
    std::error_code ec;
    for (const char *suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(cacheFile.string() + suffix, ec);

    const auto session = [&](const char *label, std::vector<ReviewEntry> entries) {
        Result<std::unique_ptr<ThumbnailStore>> store = ThumbnailStore::open(cacheFile);
        ThumbnailLoader loader;
        loader.setDiskCache(store ? std::shared_ptr<ThumbnailStore>(std::move(*store)) : nullptr);
        ReviewModel model(&loader);
        QElapsedTimer m;
        m.start();
        model.setImages(std::move(entries), QString::fromStdString(p.directory().string()),
                        [&](const std::vector<int64_t> &ids) { return imageFiles(p, ids); });
        const double modelMs = double(m.nsecsElapsed()) / 1e6;
        ReviewGrid grid(&loader);
        grid.setModel(&model);
        grid.resize(1200, 800);
        grid.show();
        const std::vector<double> ms = visitScreens(grid, loader, screens);
        std::printf("%s cache: %d screens over the class: %s (%lld decoded, %lld from the disk "
                    "cache); model %.0f ms\n",
                    label, screens, describe(ms).c_str(), (long long)loader.decoded(),
                    (long long)loader.fromDisk(), modelMs);
        if (std::string(label) != "warm")
            return;
        // Scroll end to end a third of a screen per frame: the frames' times.
        QScrollBar *bar = grid.verticalScrollBar();
        const int step = std::max(1, grid.viewport()->height() / 3);
        std::vector<double> frames;
        for (int v = 0; v <= bar->maximum(); v += step) {
            QElapsedTimer f;
            f.start();
            bar->setValue(v);
            grid.viewport()->repaint();
            QCoreApplication::processEvents();
            frames.push_back(double(f.nsecsElapsed()) / 1e6);
        }
        std::sort(frames.begin(), frames.end());
        std::printf("scrolling the class end to end: %zu frames, median %.2f ms, p99 %.2f ms, "
                    "worst %.2f ms\n",
                    frames.size(), frames[frames.size() / 2], frames[frames.size() * 99 / 100],
                    frames.back());
    };
    std::printf("class %s: %zu generated images; grid rows read in %.0f ms\n", wnid.c_str(), count,
                rowsMs);
    session("cold", *rows);
    session("warm", std::move(*rows));
    std::printf("thumbnail cache %s: %.1f MB; peak RSS %.0f MB\n", cacheFile.string().c_str(),
                double(std::filesystem::file_size(cacheFile, ec)) / 1e6, peakRssMb());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // figures appear as they are measured
    std::string project, gridProject, wnid;
    int images = 100000, screens = 40;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--images" && i + 1 < argc)
            images = std::atoi(argv[++i]);
        else if (a == "--grid-project" && i + 1 < argc)
            gridProject = argv[++i];
        else if (a == "--class" && i + 1 < argc)
            wnid = argv[++i];
        else if (a == "--screens" && i + 1 < argc)
            screens = std::atoi(argv[++i]);
        else
            project = a;
    }
    if (!gridProject.empty())
        return benchProjectGrid(gridProject, wnid, screens);
    if (!project.empty() && project != "-")
        benchScoring(project);
    return benchGrid(images);
}
