// Training panel figures: the GUI-thread time of one refresh while a long run trains, with a
// 100,000-step run plotted (loss and learning rate at every step, the per-epoch keys at each of
// its 100 epochs). Each refresh happens after 100 more steps were stored, as the panel's 1 s poll
// sees a fast run; the panel reads only the rows after those it shows. Run under xvfb-run or
// offscreen: bench_training_panel [STEPS]
#include "ProjectSession.h"
#include "TrainingPanel.h"

#include "common/Numbers.h"
#include "project/DefaultProject.h"
#include "project/Project.h"
#include "training/TrainingRun.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace synset;

namespace {

constexpr int kStepsPerEpoch = 1000;

// Steps [from, to) of a run: loss and lr at every step, the epoch keys at each epoch's last step.
Result<void> storeSteps(Project &project, int64_t runId, int64_t from, int64_t to)
{
    std::vector<MetricPoint> loss, lr, epochEnd;
    for (int64_t s = from; s < to; ++s) {
        const int epoch = int(s / kStepsPerEpoch);
        loss.push_back({s, epoch, 2.3 * std::exp(-double(s) / 20000) + 0.05 * std::sin(double(s))});
        lr.push_back({s, epoch, 0.1 * 0.5 * (1 + std::cos(M_PI * double(s) / 100000))});
        if ((s + 1) % kStepsPerEpoch == 0)
            epochEnd.push_back({s, epoch, 0.5 + 0.4 * double(s) / 100000});
    }
    for (const auto &[key, points] :
         {std::pair{"loss", &loss}, std::pair{"lr", &lr}, std::pair{"train_acc", &epochEnd},
          std::pair{"test_acc", &epochEnd}})
        if (Result<void> r = storeRunMetrics(project, runId, key, *points); !r)
            return r;
    return {};
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const int64_t steps = argc > 1 ? numbers::parseInteger(argv[1]).value_or(100000) : 100000;
    QTemporaryDir dir;
    Result<std::unique_ptr<Project>> project =
        openOrCreateDefaultProject((dir.path() + "/p").toStdString());
    if (!project) {
        std::fprintf(stderr, "bench_training_panel: %s\n", project.error().c_str());
        return 1;
    }
    Result<int64_t> run = createRun(**project, "long", RunConfig{});
    if (!run) {
        std::fprintf(stderr, "bench_training_panel: %s\n", run.error().c_str());
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    if (Result<void> r = storeSteps(**project, *run, 0, steps); !r) {
        std::fprintf(stderr, "bench_training_panel: %s\n", r.error().c_str());
        return 1;
    }
    std::printf("stored %lld steps (loss, lr; train_acc, test_acc each epoch) in %.1f s\n",
                static_cast<long long>(steps), timer.elapsed() / 1000.0);

    ProjectSession session;
    session.setProject(std::move(*project));
    TrainingPanel panel(&session);
    panel.resize(1200, 800);
    panel.show();
    timer.restart();
    panel.setPlotted("long", true);
    QApplication::processEvents();
    std::printf("first plot of the %lld-step run: %.0f ms on the GUI thread\n",
                static_cast<long long>(steps), double(timer.nsecsElapsed()) / 1e6);

    std::vector<double> ms;
    for (int k = 0; k < 30; ++k) {
        const int64_t from = steps + int64_t(k) * 100;
        if (Result<void> r = storeSteps(*session.project(), *run, from, from + 100); !r) {
            std::fprintf(stderr, "bench_training_panel: %s\n", r.error().c_str());
            return 1;
        }
        timer.restart();
        panel.reload(); // what the 1 s poll does while the run trains
        QApplication::processEvents();
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("refresh with 100 new steps, %lld steps plotted: median %.1f ms, worst %.1f ms "
                "(30 refreshes, GUI thread: the read of the new rows, smoothing, the replot)\n",
                static_cast<long long>(steps), ms[ms.size() / 2], ms.back());
    return 0;
}
