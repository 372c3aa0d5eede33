// synset-cli robustness: a run under corruptions, attacks, domain shift, with its representation
// metrics and linear probe.
#include "CliArgs.h"
#include "Commands.h"
#include "TerminalProgress.h"

#include "common/Numbers.h"
#include "common/TextUtil.h"
#include "project/Project.h"
#include "robustness/Corruptions.h"
#include "robustness/Robustness.h"
#include "training/TrainingRun.h"

#include "common/Json.h"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace synset::cli {

namespace {

std::string pct(double v)
{
    if (std::isnan(v))
        return "-";
    std::ostringstream s;
    s << std::fixed << std::setprecision(2) << v * 100;
    return s.str();
}

double figure(const MetricMap &m, const std::string &key)
{
    const auto it = m.find(key);
    return it == m.end() ? std::nan("") : it->second;
}

// A count kept as a figure.
long long count(const MetricMap &m, const std::string &key)
{
    return std::llround(std::isnan(figure(m, key)) ? 0 : figure(m, key));
}

nlohmann::ordered_json number(double v)
{
    return std::isnan(v) ? nlohmann::ordered_json() : nlohmann::ordered_json(v);
}

void printFigures(const std::string &run, const MetricMap &m,
                  const std::optional<std::pair<std::string, CorruptionErrors>> &errors)
{
    std::cout << "run " << run << ": clean top-1 " << pct(figure(m, "clean")) << "%\n";
    if (m.count("corruption/clean")) {
        std::cout << "\ncorruptions (" << count(m, "corruption/images")
                  << " test images; clean on them " << pct(figure(m, "corruption/clean")) << "%)\n";
        std::cout << std::left << std::setw(20) << "corruption" << std::right;
        for (int s = 1; s <= 5; ++s)
            std::cout << std::setw(8) << ("s" + std::to_string(s));
        std::cout << std::setw(8) << "mean";
        if (errors)
            std::cout << std::setw(8) << "CE" << std::setw(10) << "rel. CE";
        std::cout << '\n';
        for (const CorruptionInfo &c : corruptionList()) {
            if (!m.count("corruption/" + c.name + "/1"))
                continue;
            std::cout << std::left << std::setw(20) << c.name << std::right;
            for (int s = 1; s <= 5; ++s)
                std::cout << std::setw(8)
                          << pct(figure(m, "corruption/" + c.name + "/" + std::to_string(s)));
            std::cout << std::setw(8) << pct(axisValue(m, "corruption/" + c.name));
            if (errors) {
                const auto ce = errors->second.ce.find(c.name);
                const auto rel = errors->second.relativeCe.find(c.name);
                std::cout << std::setw(8) << (ce == errors->second.ce.end() ? "-" : pct(ce->second))
                          << std::setw(10)
                          << (rel == errors->second.relativeCe.end() ? "-" : pct(rel->second));
            }
            std::cout << '\n';
        }
        std::cout << "mean corruption accuracy " << pct(axisValue(m, "corruption/mean")) << "%";
        for (const std::string &f : corruptionFamilies())
            std::cout << "; " << f << ' ' << pct(axisValue(m, "family/" + f)) << "%";
        std::cout << '\n';
        if (errors)
            std::cout << "against " << errors->first << ": mCE " << pct(errors->second.mce)
                      << ", relative mCE " << pct(errors->second.relativeMce) << " ("
                      << errors->second.corruptions << " corruptions)\n";
    }
    if (m.count("adversarial/images")) {
        std::cout << "\nadversarial (" << count(m, "adversarial/images")
                  << " test images, L-inf, PGD " << count(m, "adversarial/pgd_steps")
                  << " steps)\n";
        std::vector<std::pair<double, std::string>> eps;
        for (const auto &[key, value] : m)
            if (key.rfind("adversarial/fgsm/", 0) == 0)
                eps.emplace_back(numbers::parseReal(key.substr(17)).value_or(0), key.substr(17));
        std::sort(eps.begin(), eps.end());
        std::cout << std::left << std::setw(12) << "epsilon" << std::right << std::setw(8) << "FGSM"
                  << std::setw(8) << "PGD" << '\n';
        for (const auto &[e, key] : eps)
            std::cout << std::left << std::setw(12) << (key + "/255") << std::right << std::setw(8)
                      << pct(figure(m, "adversarial/fgsm/" + key)) << std::setw(8)
                      << pct(figure(m, "adversarial/pgd/" + key)) << '\n';
    }
    if (m.count("representation/sparsity")) {
        std::cout << "\nrepresentation (" << count(m, "representation/dim")
                  << "-d penultimate features of the real test images)\n"
                  << "  sparsity " << std::setprecision(4) << figure(m, "representation/sparsity")
                  << ", intra-class distance " << figure(m, "representation/intra_class")
                  << ", class separation " << figure(m, "representation/separation")
                  << ", redundancy " << figure(m, "representation/redundancy") << '\n'
                  << "  coding rate R " << figure(m, "representation/coding_rate") << ", R_c "
                  << figure(m, "representation/coding_rate_classes") << ", rate reduction "
                  << figure(m, "representation/coding_rate_gain") << '\n';
    }
    for (const auto &[key, value] : m)
        if (key.rfind("probe/", 0) == 0 && key.find('/', 6) == std::string::npos)
            std::cout << "\nlinear probe on " << key.substr(6) << ": test " << pct(value)
                      << "%, train " << pct(figure(m, key + "/train")) << "% ("
                      << count(m, key + "/images") << " training images)\n";
    for (const auto &[key, value] : m)
        if (key.rfind("domain/", 0) == 0 && key.find('/', 7) == std::string::npos)
            std::cout << "domain set " << key.substr(7) << ": " << pct(value) << "% ("
                      << count(m, key + "/images") << " images, " << count(m, key + "/classes")
                      << " classes)\n";
}

} // namespace

int runRobustness(const std::vector<std::string> &argv)
{
    Args args(argv,
              {"project", "run", "suite", "baseline", "corruption-images", "adversarial-images",
               "epsilons", "pgd-steps", "probe-set", "probe-per-class", "corruptions", "seed",
               "device"},
              {"json", "show"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.value("run") || !args.positional().empty())
        return fail("usage: robustness --project P --run NAME [--suite corruptions,adversarial,"
                    "representation,probe,domain:DIR] [--baseline RUN] [--json]",
                    2);
    RobustnessOptions options;
    options.device = args.value("device", "auto");
    try {
        options.corruptionPerClass = args.integer("corruption-images", 100);
        options.adversarialPerClass = args.integer("adversarial-images", 50);
        options.pgdSteps = args.integer("pgd-steps", 10);
        options.probePerClass = args.integer("probe-per-class", 1000);
        options.seed = args.seed("seed", 0);
        if (args.value("epsilons")) {
            options.epsilons.clear();
            for (double e : args.reals("epsilons", ""))
                options.epsilons.push_back(e / 255.0);
        }
    } catch (const OptionError &e) {
        return fail(e.what(), 2);
    }
    if (auto s = args.value("suite")) {
        options.suites.clear();
        for (std::string_view part : text::split(*s, ',')) {
            const std::string p(part);
            if (p.rfind("domain:", 0) == 0)
                options.domainSets.push_back(p.substr(7));
            else if (!p.empty())
                options.suites.push_back(p);
        }
    }
    if (auto c = args.value("corruptions"))
        for (std::string_view part : text::split(*c, ','))
            options.corruptions.emplace_back(part);
    if (auto p = args.value("probe-set"))
        options.probeSet = *p;

    Result<std::unique_ptr<Project>> opened = Project::open(*args.value("project"));
    if (!opened)
        return fail(opened.error());
    Project &project = **opened;
    const std::string run = *args.value("run");
    double seconds = 0;
    MetricMap metrics;
    if (args.flag("show")) {
        if (Result<RunInfo> r = findRun(project, run); !r)
            return fail(r.error());
        metrics = robustnessMetrics(project, run);
        if (metrics.empty())
            return fail("run '" + run +
                        "' has no robustness figures yet; run robustness without "
                        "--show first");
    } else {
        CancelToken cancel;
        installInterruptHandler(&cancel);
        TerminalProgress bar;
        Result<RobustnessReport> report = evaluateRobustness(
            project, run, options,
            [&](double f, std::string_view m) { bar.update(f, std::string(m)); }, &cancel);
        bar.finish();
        if (!report)
            return fail(report.error(), cancel.isCancelled() ? 130 : 1);
        seconds = report->seconds;
        // Show everything stored for the run (earlier suites too).
        metrics = robustnessMetrics(project, run);
    }
    std::optional<std::pair<std::string, CorruptionErrors>> errors;
    if (auto base = args.value("baseline")) {
        if (Result<RunInfo> b = findRun(project, *base); !b)
            return fail(b.error());
        const MetricMap baseMetrics = robustnessMetrics(project, *base);
        Result<CorruptionErrors> e = corruptionErrors(metrics, baseMetrics);
        if (!e)
            return fail("baseline " + *base + ": " + e.error());
        errors = std::make_pair(*base, *e);
    }
    if (args.flag("json")) {
        nlohmann::ordered_json j;
        j["run"] = run;
        j["clean"] = number(figure(metrics, "clean"));
        j["mean_corruption_accuracy"] = number(axisValue(metrics, "corruption/mean"));
        if (errors) {
            nlohmann::ordered_json ce = nlohmann::ordered_json::object(),
                                   rel = nlohmann::ordered_json::object();
            for (const auto &[k, v] : errors->second.ce)
                ce[k] = number(v);
            for (const auto &[k, v] : errors->second.relativeCe)
                rel[k] = number(v);
            j["baseline"] = errors->first;
            j["mce"] = number(errors->second.mce);
            j["relative_mce"] = number(errors->second.relativeMce);
            j["ce"] = ce;
            j["relative_ce"] = rel;
        }
        nlohmann::ordered_json all = nlohmann::ordered_json::object();
        for (const auto &[k, v] : metrics)
            all[k] = number(v);
        j["metrics"] = all;
        if (seconds > 0)
            j["seconds"] = seconds;
        std::cout << dumpJson(j, 2) << '\n';
    } else {
        printFigures(run, metrics, errors);
        if (seconds > 0)
            std::cout << "\nevaluated in " << std::fixed << std::setprecision(1) << seconds
                      << " s\n";
    }
    return 0;
}

} // namespace synset::cli
