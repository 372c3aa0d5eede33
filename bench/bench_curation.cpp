// Curation figures: scoring images/s on the project given as argument (scores are rewritten), and
// the review grid over 100,000 generated images: time to first paint, time until the first
// screen's thumbnails are all there, and every frame's time while scrolling from top to bottom
// (goal: no frame over 16 ms after the first screen). Run under xvfb-run or offscreen.
#include "ReviewGrid.h"
#include "ReviewModel.h"
#include "ThumbnailLoader.h"

#include "curation/Curation.h"
#include "data/ImageLoader.h"
#include "data/PngText.h"
#include "project/Project.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
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
    std::vector<ScoredImage> rows(static_cast<size_t>(images));
    std::uniform_real_distribution<double> u(0, 1);
    for (int i = 0; i < images; ++i) {
        ScoredImage &s = rows[size_t(i)];
        s.imageId = i + 1;
        s.classIndex = i % 10;
        s.file = std::to_string(i % files) + ".png";
        s.scored = true;
        s.selfConfidence = u(rng);
        s.state = i % 7 == 0 ? "accepted" : i % 11 == 0 ? "rejected" : "pending";
    }
    ThumbnailLoader loader;
    ReviewModel model(&loader);
    QElapsedTimer t;
    t.start();
    model.setImages(std::move(rows), dir.path());
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

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    std::string project;
    int images = 100000;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--images" && i + 1 < argc)
            images = std::atoi(argv[++i]);
        else
            project = a;
    }
    if (!project.empty() && project != "-")
        benchScoring(project);
    return benchGrid(images);
}
