// The repair loop's first half: from a run's failing class, a generation job that regenerates
// that class with the prompt in force now, and the class's old synthetic images set aside.
#include "TrainingRun.h"

#include "RunStore.h"
#include "curation/CurationStore.h"
#include "generation/GenerationJob.h"
#include "generation/Generator.h"
#include "project/Project.h"

namespace synset {

Result<ClassRepair> startClassRepair(Project &project, const std::string &runName,
                                     const std::string &wnid)
{
    Result<RunInfo> run = findRun(project, runName);
    if (!run)
        return makeError(run.error());
    const ProjectClass *cls = project.classByWnid(wnid);
    if (!cls)
        return makeError("project " + project.name() + " has no class " + wnid);
    Result<std::vector<std::pair<std::string, int64_t>>> sources =
        runSyntheticSources(project, run->id, cls->classIndex);
    if (!sources)
        return makeError(sources.error());
    int64_t count = 0;
    for (const auto &[name, n] : *sources)
        count += n;
    const std::string dataset = sources->empty() ? std::string() : sources->front().first;
    if (count == 0)
        return makeError("run '" + runName + "' trained on no synthetic images of " + cls->name +
                         "; there is nothing to regenerate");
    GenerationConfig config;
    if (dataset.rfind("gen-", 0) == 0)
        if (Result<GenerationJobInfo> job = generationJob(project, dataset.substr(4)))
            config = job->config;
    if (config.model.empty()) {
        // No job made these images: the default generator at its own settings.
        config.model = defaultGeneratorPath();
        if (Result<GeneratorDescription> d = describeGenerator(config.model)) {
            config.guidance = d->defaultGuidance;
            config.sampler = d->defaultSampler;
            config.steps = d->defaultSteps;
            config.eta = d->defaultEta;
        }
    }
    config.wnids = {wnid};
    config.perClass = int(count);
    config.templates.clear(); // the prompt in force now
    ClassRepair repair;
    for (int i = 1;; ++i) {
        repair.jobName = runName + "-repair-" + wnid + (i > 1 ? "-" + std::to_string(i) : "");
        if (!generationJob(project, repair.jobName))
            break;
    }
    config.seed = config.seed + 7919 * uint64_t(repair.jobName.size() + 1) + uint64_t(count);
    if (Result<int64_t> id = createGenerationJob(project, repair.jobName, config); !id)
        return makeError(id.error());
    repair.datasetName = "gen-" + repair.jobName;
    repair.perClass = int(count);
    Result<int64_t> setAside =
        setAsideRunImages(project, run->id, cls->classIndex, "set aside for " + repair.jobName);
    if (!setAside)
        return makeError(setAside.error());
    repair.setAside = *setAside;
    return repair;
}

} // namespace synset
