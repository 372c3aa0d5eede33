// The repair loop's first half: from a run's failing class, a generation job that regenerates
// that class with the prompt in force now, and the class's old synthetic images set aside.
#include "TrainingRun.h"

#include "generation/GenerationJob.h"
#include "generation/Generator.h"
#include "project/Database.h"
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
    Database &db = project.database();
    int64_t count = 0;
    std::string dataset;
    {
        Result<Statement> st = db.prepare(
            "SELECT d.name, COUNT(*) FROM run_images r JOIN images i ON i.id = r.image_id "
            "JOIN datasets d ON d.id = i.dataset_id WHERE r.run_id = ? AND r.synthetic = 1 "
            "AND r.label = ? GROUP BY d.id ORDER BY 2 DESC");
        if (!st)
            return makeError(st.error());
        st->bind(1, run->id).bind(2, cls->classIndex);
        while (st->step()) {
            if (dataset.empty())
                dataset = st->columnText(0);
            count += st->columnInt(1);
        }
    }
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
    Transaction tx(db);
    if (!tx.active())
        return makeError(tx.beginError());
    Result<Statement> st = db.prepare(
        "INSERT OR REPLACE INTO reviews(image_id, state, origin, rule, updated_at) "
        "SELECT r.image_id, 'rejected', 'repair', ?, ? FROM run_images r "
        "LEFT JOIN reviews v ON v.image_id = r.image_id WHERE r.run_id = ? AND r.synthetic = 1 "
        "AND r.label = ? AND COALESCE(v.state, '') <> 'accepted'");
    if (!st)
        return makeError(st.error());
    st->bind(1, "set aside for " + repair.jobName)
        .bind(2, nowIso8601())
        .bind(3, run->id)
        .bind(4, cls->classIndex);
    if (Result<void> r = st->exec(); !r)
        return makeError(r.error());
    repair.setAside = db.changes();
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    return repair;
}

} // namespace synset
