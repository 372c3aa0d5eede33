// score, filter, review and export: curation of generated images from the command line.
#include "CliArgs.h"
#include "Commands.h"
#include "TerminalProgress.h"

#include "curation/Curation.h"
#include "project/Project.h"

#include "common/Json.h"
#include "common/Numbers.h"
#include "common/TextUtil.h"

#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace synset::cli {

namespace {

std::string fixed(double v, int decimals)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << v;
    return s.str();
}

std::string optionalFixed(const std::optional<double> &v, int decimals)
{
    return v ? fixed(*v, decimals) : "-";
}

Result<std::unique_ptr<Project>> openProject(const Args &args)
{
    return Project::open(*args.value("project"));
}

void printOutcome(const RuleOutcome &o, bool dryRun)
{
    std::cout << std::left << std::setw(12) << "class" << std::right << std::setw(8) << "images"
              << std::setw(8) << "keep" << std::setw(8) << "drop" << std::setw(10) << "untouched"
              << std::setw(10) << "unscored" << std::setw(9) << "changes" << '\n';
    for (const ClassOutcome &c : o.classes)
        std::cout << std::left << std::setw(12) << c.wnid << std::right << std::setw(8) << c.images
                  << std::setw(8) << c.kept << std::setw(8) << c.dropped << std::setw(10)
                  << c.untouched << std::setw(10) << c.unscored << std::setw(9) << c.changed
                  << '\n';
    std::cout << (dryRun ? "dry run: would keep " : "kept ") << o.kept << ", "
              << (dryRun ? "drop " : "dropped ") << o.dropped << " (" << o.changed << " reviews "
              << (dryRun ? "would change" : "changed") << "; " << o.untouched
              << " reviewed by hand or set aside left as they are)\n";
}

} // namespace

// score --project P [--reference RUN] [--neighbours K --real-per-class N --duplicate-factor F]
int runScore(const std::vector<std::string> &argv)
{
    Args args(
        argv,
        {"project", "reference", "neighbours", "real-per-class", "duplicate-factor", "device"},
        {"json"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.positional().empty())
        return fail("usage: score --project P [--reference RUN]", 2);
    ScoreOptions options;
    options.reference = args.value("reference", "");
    options.device = args.value("device", "auto");
    try {
        options.neighbours = args.integer("neighbours", 5);
        options.realPerClass = args.integer("real-per-class", 1000);
        options.duplicateFactor = args.real("duplicate-factor", 0.25);
    } catch (const OptionError &e) {
        return fail(e.what(), 2);
    }
    if (options.neighbours < 1)
        return fail("score: --neighbours must be at least 1", 2);
    Result<std::unique_ptr<Project>> opened = openProject(args);
    if (!opened)
        return fail(opened.error());
    Project &project = **opened;
    CancelToken cancel;
    installInterruptHandler(&cancel);
    TerminalProgress bar;
    Result<ScoreReport> report = scoreProject(
        project, options, [&](double f, std::string_view m) { bar.update(f, std::string(m)); },
        &cancel);
    bar.finish();
    if (!report)
        return fail(report.error(), cancel.isCancelled() ? 130 : 1);
    const std::vector<ClassSummary> summaries = classSummaries(project);
    if (args.flag("json")) {
        nlohmann::ordered_json j;
        j["reference"] = report->reference;
        j["images"] = report->images;
        j["duplicates"] = report->duplicates;
        j["feature_dim"] = report->featureDim;
        j["seconds"] = report->seconds;
        nlohmann::ordered_json classes = nlohmann::ordered_json::object();
        const auto opt = [](const std::optional<double> &v) {
            return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
        };
        for (const ClassSummary &s : summaries) {
            if (s.images == 0)
                continue;
            classes[s.wnid] = {{"images", s.images},
                               {"self_confidence", s.meanSelfConfidence},
                               {"margin", s.meanMargin},
                               {"entropy", s.meanEntropy},
                               {"real_distance", s.meanRealDistance},
                               {"uniqueness", s.meanUniqueness},
                               {"duplicates", s.duplicates},
                               {"fid", opt(s.fid)},
                               {"kid", opt(s.kid)},
                               {"diversity", opt(s.diversity)},
                               {"real_diversity", opt(s.realDiversity)}};
        }
        j["classes"] = classes;
        std::cout << dumpJson(j, 2) << '\n';
        return 0;
    }
    std::cout << "scored " << report->images << " generated images in " << report->classes
              << " classes with run " << report->reference << " (" << fixed(report->seconds, 1)
              << " s, " << fixed(report->imagesPerSecond, 0) << " images/s); " << report->duplicates
              << " near-duplicates\n";
    std::cout << "FID and KID use the reference's penultimate-layer features ("
              << report->featureDim << "-d), not Inception's.\n";
    std::cout << std::left << std::setw(12) << "class" << std::right << std::setw(7) << "images"
              << std::setw(8) << "conf" << std::setw(8) << "margin" << std::setw(9) << "entropy"
              << std::setw(9) << "to real" << std::setw(8) << "unique" << std::setw(6) << "dups"
              << std::setw(10) << "FID" << std::setw(10) << "KID" << std::setw(8) << "divers."
              << "  name\n";
    for (const ClassSummary &s : summaries) {
        if (s.images == 0)
            continue;
        std::cout << std::left << std::setw(12) << s.wnid << std::right << std::setw(7) << s.images
                  << std::setw(8) << fixed(s.meanSelfConfidence, 3) << std::setw(8)
                  << fixed(s.meanMargin, 3) << std::setw(9) << fixed(s.meanEntropy, 3)
                  << std::setw(9) << fixed(s.meanRealDistance, 3) << std::setw(8)
                  << fixed(s.meanUniqueness, 3) << std::setw(6) << s.duplicates << std::setw(10)
                  << optionalFixed(s.fid, 3) << std::setw(10) << optionalFixed(s.kid, 4)
                  << std::setw(8) << optionalFixed(s.diversity, 3) << "  " << s.name << '\n';
    }
    return 0;
}

// filter --project P --rule "self_confidence>=0.5" [--class WNID,...] [--dataset NAME,...]
//        [--keep-top K --by SCORE]
//        [--drop-duplicates] [--dry-run]
int runFilter(const std::vector<std::string> &argv)
{
    Args args(argv, {"project", "rule", "class", "dataset", "keep-top", "by"},
              {"dry-run", "drop-duplicates"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || !args.positional().empty() ||
        (!args.value("rule") && !args.value("keep-top") && !args.flag("drop-duplicates")))
        return fail(
            "usage: filter --project P --rule \"self_confidence>=0.5\" [--class WNID,...] "
            "[--dataset NAME,...] [--keep-top K --by SCORE] [--drop-duplicates] [--dry-run]",
            2);
    Result<FilterRule> rule = parseRuleConditions(args.value("rule", ""));
    if (!rule)
        return fail(rule.error(), 2);
    try {
        rule->keepTop = args.integer("keep-top", 0);
    } catch (const OptionError &e) {
        return fail(e.what(), 2);
    }
    rule->sortBy = args.value("by", "self_confidence");
    rule->dropDuplicates = args.flag("drop-duplicates");
    std::stringstream classes(args.value("class", ""));
    for (std::string w; std::getline(classes, w, ',');)
        if (!w.empty())
            rule->classes.push_back(w);
    std::stringstream datasets(args.value("dataset", ""));
    for (std::string d; std::getline(datasets, d, ',');)
        if (!d.empty())
            rule->datasets.push_back(d);
    Result<std::unique_ptr<Project>> opened = openProject(args);
    if (!opened)
        return fail(opened.error());
    const bool dry = args.flag("dry-run");
    Result<RuleOutcome> outcome = dry ? dryRunRule(**opened, *rule) : applyRule(**opened, *rule);
    if (!outcome)
        return fail(outcome.error());
    std::cout << "rule: " << rule->text() << '\n';
    printOutcome(*outcome, dry);
    if (!dry && outcome->actionId)
        std::cout << "undo with: synset-cli review --project " << *args.value("project")
                  << " --undo\n";
    return 0;
}

// review --project P --accept|--reject|--clear ID... | --undo | --list
int runReview(const std::vector<std::string> &argv)
{
    Args args(argv, {"project"}, {"accept", "reject", "clear", "undo", "list"});
    if (!args.ok())
        return fail(args.error(), 2);
    const int modes = int(args.flag("accept")) + int(args.flag("reject")) +
                      int(args.flag("clear")) + int(args.flag("undo")) + int(args.flag("list"));
    if (!args.value("project") || modes != 1)
        return fail("usage: review --project P --accept|--reject|--clear ID... | --undo | --list",
                    2);
    Result<std::unique_ptr<Project>> opened = openProject(args);
    if (!opened)
        return fail(opened.error());
    Project &project = **opened;
    if (args.flag("list")) {
        for (const ReviewAction &a : reviewActions(project))
            std::cout << a.id << "  " << a.createdAt << "  " << a.description << " (" << a.images
                      << " images)" << (a.undone ? "  [undone]" : "") << '\n';
        return 0;
    }
    if (args.flag("undo")) {
        Result<ReviewAction> undone = undoLastReview(project);
        if (!undone)
            return fail(undone.error());
        std::cout << "undid: " << undone->description << " (" << undone->images << " images)\n";
        return 0;
    }
    if (args.positional().empty())
        return fail("review: name the image ids to review", 2);
    std::vector<int64_t> ids;
    for (const std::string &p : args.positional()) {
        const std::optional<int64_t> id = numbers::parseInteger(p);
        if (!id || *id < 1)
            return fail("review: '" + p + "' is not an image id", 2);
        ids.push_back(*id);
    }
    const std::string state = args.flag("accept")   ? "accepted"
                              : args.flag("reject") ? "rejected"
                                                    : "pending";
    Result<int64_t> action = reviewImages(project, ids, state);
    if (!action)
        return fail(action.error());
    if (*action == 0)
        std::cout << "nothing changed: the images already had that review\n";
    else
        std::cout << (state == "pending" ? "cleared the review of " : state + " ") << ids.size()
                  << (ids.size() == 1 ? " image\n" : " images\n");
    return 0;
}

// export --project P OUT [--accepted] [--with-real]
int runExport(const std::vector<std::string> &argv)
{
    Args args(argv, {"project", "real-split"}, {"accepted", "with-real", "copy"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || args.positional().size() != 1)
        return fail("usage: export --project P OUT [--accepted] [--with-real] [--real-split S] "
                    "[--copy]",
                    2);
    Result<std::unique_ptr<Project>> opened = openProject(args);
    if (!opened)
        return fail(opened.error());
    ExportOptions options;
    options.acceptedOnly = args.flag("accepted");
    options.withReal = args.flag("with-real");
    options.realSplit = args.value("real-split", "train");
    options.hardLinks = !args.flag("copy");
    CancelToken cancel;
    installInterruptHandler(&cancel);
    TerminalProgress bar;
    Result<ExportReport> report = exportImageFolder(
        **opened, args.positional()[0], options,
        [&](double f, std::string_view m) { bar.update(f, std::string(m)); }, &cancel);
    bar.finish();
    if (!report)
        return fail(report.error(), cancel.isCancelled() ? 130 : 1);
    std::cout << "exported " << report->synthetic << " generated and " << report->real
              << " real images in " << report->classes << " class folders to "
              << args.positional()[0] << " (" << report->linked << " as hard links); manifest "
              << report->manifest.string() << ", class indices in classes.json\n";
    if (!report->missingWnids.empty())
        std::cerr << "synset-cli: warning: " << report->missingWnids.size()
                  << " classes have no image to export and are left out, so ImageFolder numbers "
                     "the other "
                  << report->classes << " from 0 (as manifest.csv's class_index does): "
                  << text::join(report->missingWnids, ", ") << '\n';
    return 0;
}

} // namespace synset::cli
