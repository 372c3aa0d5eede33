// synset-cli chart spider: the Robustness panel's spider chart written to a file, headless.
#include "CliArgs.h"
#include "Commands.h"

#include "common/TextUtil.h"
#include "project/Project.h"
#include "robustness/Robustness.h"
#include "training/TrainingRun.h"

#ifdef SYNSET_CLI_CHARTS
#include "SpiderChart.h"

#include <QApplication>
#endif

#include <cstdlib>
#include <iostream>

namespace synset::cli {

int runChart(const std::vector<std::string> &argv)
{
    Args args(argv, {"project", "runs", "out", "axes", "width", "height", "scale"}, {});
    if (!args.ok())
        return fail(args.error(), 2);
    if (args.positional().size() != 1 || args.positional()[0] != "spider" ||
        !args.value("project") || !args.value("runs") || !args.value("out"))
        return fail("usage: chart spider --project P --runs A,B,C --out FILE.svg|png|pdf "
                    "[--axes KEY,KEY,... --scale spread|zero --width W --height H]",
                    2);
#ifndef SYNSET_CLI_CHARTS
    return fail("chart: this synset-cli was built without Qt (SYNSET_BUILD_GUI=OFF)");
#else
    int width = 900, height = 700;
    try {
        width = args.integer("width", 900);
        height = args.integer("height", 700);
    } catch (const OptionError &e) {
        return fail(e.what(), 2);
    }
    if (width < 100 || height < 100 || width > 10000 || height > 10000)
        return fail("chart: --width and --height must be 100 to 10000 pixels", 2);
    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    Project &project = **opened;
    std::vector<std::string> runs;
    std::vector<MetricMap> metrics;
    const std::string runList = *args.value("runs");
    for (std::string_view part : text::split(runList, ',')) {
        const std::string run(part);
        if (run.empty())
            continue;
        if (Result<RunInfo> r = findRun(project, run); !r)
            return fail(r.error());
        MetricMap m = robustnessMetrics(project, run);
        if (m.empty())
            return fail("run '" + run +
                        "' has no robustness figures; run synset-cli robustness "
                        "--run " +
                        run + " first");
        runs.push_back(run);
        metrics.push_back(std::move(m));
    }
    if (runs.empty())
        return fail("chart: --runs names no run", 2);
    std::vector<std::string> keys;
    if (auto a = args.value("axes")) {
        for (std::string_view part : text::split(*a, ','))
            if (!part.empty())
                keys.emplace_back(part);
    } else {
        keys = defaultAxes(metrics);
    }
    std::map<std::string, RobustnessAxis> known;
    for (const RobustnessAxis &axis : robustnessAxes(metrics))
        known[axis.key] = axis;
    std::vector<SpiderChart::Axis> axes;
    for (const std::string &k : keys) {
        const auto it = known.find(k);
        if (it == known.end()) {
            std::string list;
            for (const auto &[key, axis] : known)
                list += (list.empty() ? "" : ", ") + key;
            return fail("chart: no run has a figure for axis '" + k + "' (axes: " + list + ")");
        }
        axes.push_back({QString::fromStdString(it->second.label), it->second.higherIsBetter,
                        k.rfind("representation/", 0) != 0});
    }
    if (axes.size() < 3)
        return fail("chart: a spider chart needs at least three axes (have " +
                    std::to_string(axes.size()) + ")");
    std::vector<SpiderChart::Series> series;
    for (size_t i = 0; i < runs.size(); ++i) {
        SpiderChart::Series s;
        s.name = QString::fromStdString(runs[i]);
        for (const std::string &k : keys)
            s.values.push_back(axisValue(metrics[i], k));
        series.push_back(std::move(s));
    }
    // Headless unless a display is there.
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY"))
        setenv("QT_QPA_PLATFORM", "offscreen", 0);
    static int qtArgc = 1;
    static char name[] = "synset-cli";
    static char *qtArgv[] = {name, nullptr};
    QApplication app(qtArgc, qtArgv);
    const std::string scale = args.value("scale", "spread");
    if (scale != "spread" && scale != "zero")
        return fail("chart: --scale is spread (worst to best run) or zero (zero to best run)", 2);
    SpiderChart chart;
    chart.setScaling(scale == "zero" ? SpiderChart::Scaling::FromZero
                                     : SpiderChart::Scaling::Spread);
    chart.resize(width, height);
    chart.setData(axes, series);
    const QString out = QString::fromStdString(*args.value("out"));
    if (const QString error = chart.exportTo(out, width, height); !error.isEmpty())
        return fail(error.toStdString());
    std::cout << "wrote " << out.toStdString() << " (" << runs.size() << " runs, " << axes.size()
              << " axes)\n";
    return 0;
#endif
}

} // namespace synset::cli
