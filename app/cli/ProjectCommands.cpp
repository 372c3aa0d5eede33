#include "CliArgs.h"
#include "Commands.h"

#include "classes/ClassList.h"
#include "data/Importer.h"
#include "project/Project.h"
#include "wordnet/WordNet.h"

#include "common/Json.h"

#include <iomanip>
#include <iostream>
#include <map>

namespace synset::cli {

namespace {

int projectCreate(const std::vector<std::string> &argv)
{
    Args args(argv, {"classes", "name"}, {});
    if (!args.ok())
        return fail(args.error(), 2);
    if (args.positional().size() != 1 || !args.value("classes"))
        return fail("usage: project create PATH --classes "
                    "imagenet1k|imagenet100|fashion-mnist|FILE [--name NAME]",
                    2);
    const std::filesystem::path path = args.positional()[0];
    Result<std::shared_ptr<const WordNet>> wordnet = WordNet::shared();
    if (!wordnet)
        return fail(wordnet.error());
    Result<ClassList> classes = classlists::load(*args.value("classes"), **wordnet);
    if (!classes)
        return fail(classes.error());
    const std::string name =
        args.value("name", std::filesystem::absolute(path).filename().string());
    Result<std::unique_ptr<Project>> project = Project::create(path, *classes, name);
    if (!project)
        return fail(project.error());
    std::cout << "created project '" << name << "' at " << (*project)->directory().string()
              << " with " << classes->classes.size() << " classes\n";
    return 0;
}

// SQLite's integrity and foreign-key checks: "ok" and status 0, else the problems and status 1.
int projectCheck(const std::vector<std::string> &argv)
{
    Args args(argv, {}, {});
    if (!args.ok())
        return fail(args.error(), 2);
    if (args.positional().size() != 1)
        return fail("usage: project check PATH", 2);
    Result<std::unique_ptr<Project>> opened = Project::open(args.positional()[0]);
    if (!opened)
        return fail(opened.error());
    const std::string report = (*opened)->checkIntegrity();
    std::cout << report << (report == "ok" ? "\n" : "");
    return report == "ok" ? 0 : 1;
}

int projectInfo(const std::vector<std::string> &argv)
{
    Args args(argv, {}, {"json"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (args.positional().size() != 1)
        return fail("usage: project info PATH [--json]", 2);
    Result<std::unique_ptr<Project>> opened = Project::open(args.positional()[0]);
    if (!opened)
        return fail(opened.error());
    const Project &project = **opened;

    // wnid -> "real/train" -> count
    std::map<std::string, std::map<std::string, int64_t>> counts;
    std::map<std::string, int64_t> totals;
    for (const SplitCount &c : project.imageCounts()) {
        counts[c.wnid][c.kind + "/" + c.split] += c.count;
        totals[c.kind + "/" + c.split] += c.count;
    }
    if (args.flag("json")) {
        Json j;
        j["name"] = project.name();
        j["path"] = project.directory().string();
        j["schema_version"] = project.schemaVersion();
        j["class_list"] = project.classListSource();
        j["images"] = project.imageCount();
        j["totals"] = totals;
        Json classes = Json::array();
        for (const ProjectClass &c : project.classes()) {
            Json cj{{"index", c.classIndex}, {"wnid", c.wnid}, {"name", c.name}};
            Json splits = Json::object();
            if (const auto it = counts.find(c.wnid); it != counts.end())
                splits = it->second;
            cj["counts"] = splits;
            classes.push_back(std::move(cj));
        }
        j["classes"] = std::move(classes);
        std::cout << dumpJson(j, 2) << '\n';
        return 0;
    }
    std::cout << "Project:  " << project.name() << '\n'
              << "Path:     " << project.directory().string() << '\n'
              << "Classes:  " << project.classes().size() << " (" << project.classListSource()
              << ")\n"
              << "Images:   " << project.imageCount() << '\n'
              << "Schema:   " << project.schemaVersion() << "\n\n";
    std::vector<std::string> columns;
    for (const auto &[key, total] : totals)
        columns.push_back(key);
    std::cout << std::left << std::setw(6) << "index" << std::setw(11) << "wnid" << std::setw(24)
              << "name";
    for (const std::string &c : columns)
        std::cout << std::right << std::setw(16) << c;
    std::cout << '\n';
    for (const ProjectClass &c : project.classes()) {
        std::cout << std::left << std::setw(6) << c.classIndex << std::setw(11) << c.wnid
                  << std::setw(24) << c.name.substr(0, 23);
        for (const std::string &col : columns) {
            int64_t n = 0;
            if (const auto it = counts.find(c.wnid); it != counts.end())
                if (const auto jt = it->second.find(col); jt != it->second.end())
                    n = jt->second;
            std::cout << std::right << std::setw(16) << n;
        }
        std::cout << '\n';
    }
    return 0;
}

} // namespace

int runProject(const std::vector<std::string> &args)
{
    if (args.empty())
        return fail("usage: project create|info ...", 2);
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "create")
        return projectCreate(rest);
    if (args[0] == "info")
        return projectInfo(rest);
    if (args[0] == "check")
        return projectCheck(rest);
    return fail("unknown project command '" + args[0] + "'", 2);
}

int runImport(const std::vector<std::string> &argv)
{
    Args args(argv, {"project", "split", "dataset"}, {"link"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("project") || args.positional().size() != 1)
        return fail(
            "usage: import --project P SOURCE [--split train|test|val] [--dataset NAME] [--link]",
            2);
    Result<std::unique_ptr<Project>> project = Project::open(*args.value("project"));
    if (!project)
        return fail(project.error());
    ImportOptions options;
    options.split = args.value("split", "");
    options.datasetName = args.value("dataset", "");
    options.copyFiles = !args.flag("link");
    if (!options.split.empty() && options.split != "train" && options.split != "test" &&
        options.split != "val")
        return fail("--split must be train, test or val, not '" + options.split + "'", 2);
    Result<ImportReport> report = importSource(**project, args.positional()[0], options);
    if (!report)
        return fail(report.error());
    for (const std::string &e : report->errors)
        std::cerr << "warning: " << e << '\n';
    std::cout << "imported " << report->imported << " images into dataset '" << report->datasetName
              << "'";
    if (report->skipped)
        std::cout << ", " << report->skipped << " already there";
    if (!report->errors.empty())
        std::cout << ", " << report->errors.size() << " files failed";
    std::cout << '\n';
    if (report->imported == 0 && report->skipped == 0)
        return fail("nothing could be imported from " + args.positional()[0]);
    return 0;
}

} // namespace synset::cli
