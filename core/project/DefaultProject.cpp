#include "DefaultProject.h"

#include "Project.h"
#include "classes/ClassList.h"
#include "data/Importer.h"
#include "wordnet/WordNet.h"

#include <cstdlib>

namespace fs = std::filesystem;

namespace synset {

fs::path fashionMnistDirectory()
{
    if (const char *env = std::getenv("SYNSET_FASHION_MNIST_DIR"); env && *env)
        return fs::path(env);
    return fs::path("/usr/share/datasets/fashion-mnist");
}

Result<std::unique_ptr<Project>> openOrCreateDefaultProject(const fs::path &dir,
                                                            const ProgressFn &progress,
                                                            const CancelToken *cancel)
{
    std::unique_ptr<Project> project;
    if (Project::exists(dir)) {
        Result<std::unique_ptr<Project>> opened = Project::open(dir);
        if (!opened)
            return opened;
        project = std::move(*opened);
    } else {
        Result<std::shared_ptr<const WordNet>> wordnet = WordNet::shared();
        if (!wordnet)
            return makeError(wordnet.error());
        Result<ClassList> classes = classlists::load("fashion-mnist", **wordnet);
        if (!classes)
            return makeError(classes.error());
        Result<std::unique_ptr<Project>> created = Project::create(dir, *classes, "Fashion-MNIST");
        if (!created)
            return created;
        project = std::move(*created);
    }
    const fs::path source = fashionMnistDirectory();
    std::error_code ec;
    if (!fs::is_directory(source, ec))
        return makeError(
            source.string() +
            ": Fashion-MNIST not found; install the Debian package dataset-fashion-mnist");
    ImportOptions options;
    options.datasetName = "fashion-mnist";
    // Already imported files are skipped, so this only fills in what an interrupted run missed.
    Result<ImportReport> report = importIdxFolder(*project, source, options, progress, cancel);
    if (!report)
        return makeError(report.error());
    if (!report->errors.empty())
        return makeError(report->errors.front());
    return project;
}

} // namespace synset
