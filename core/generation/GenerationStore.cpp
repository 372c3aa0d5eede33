#include "GenerationStore.h"

#include "project/Database.h"
#include "project/Project.h"

namespace synset {

Result<std::optional<StoredGenerationJob>> storedGenerationJob(Project &project,
                                                               const std::string &name)
{
    Result<Statement> st =
        project.database().prepare("SELECT id, status, coalesce(error, ''), config, dataset_id "
                                   "FROM generation_jobs WHERE name = ?");
    if (!st)
        return makeError(st.error());
    st->bind(1, name);
    if (!st->step())
        return st->failed() ? Result<std::optional<StoredGenerationJob>>(makeError(st->error()))
                            : std::optional<StoredGenerationJob>();
    StoredGenerationJob job;
    job.id = st->columnInt(0);
    job.status = st->columnText(1);
    job.error = st->columnText(2);
    job.config = st->columnText(3);
    job.datasetId = st->columnInt(4);
    return std::optional<StoredGenerationJob>(std::move(job));
}

std::vector<std::string> generationJobNames(Project &project)
{
    std::vector<std::string> names;
    if (Result<Statement> st =
            project.database().prepare("SELECT name FROM generation_jobs ORDER BY id");
        st)
        while (st->step())
            names.push_back(st->columnText(0));
    return names;
}

Result<int64_t> insertGenerationJob(Project &project, const std::string &name, int64_t datasetId,
                                    const std::string &config)
{
    Database &db = project.database();
    Transaction tx(db);
    Result<Statement> st =
        db.prepare("INSERT INTO generation_jobs(name, dataset_id, config, status, created_at, "
                   "updated_at) VALUES (?, ?, ?, 'queued', ?, ?)");
    if (!st)
        return makeError(st.error());
    const std::string now = nowIso8601();
    if (Result<void> r =
            st->bind(1, name).bind(2, datasetId).bind(3, config).bind(4, now).bind(5, now).exec();
        !r)
        return makeError(r.error().find("UNIQUE") != std::string::npos
                             ? "a generation job named '" + name + "' exists already"
                             : r.error());
    const int64_t id = db.lastInsertId();
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    return id;
}

Result<void> updateGenerationJobStatus(Project &project, int64_t id, const std::string &status,
                                       const std::string &error)
{
    Transaction tx(project.database());
    Result<Statement> st = project.database().prepare(
        "UPDATE generation_jobs SET status = ?, error = ?, updated_at = ? WHERE id = ?");
    if (!st)
        return makeError(st.error());
    if (Result<void> r =
            st->bind(1, status).bind(2, error).bind(3, nowIso8601()).bind(4, id).exec();
        !r)
        return r;
    return tx.commit();
}

Result<bool> deleteGenerationJob(Project &project, const std::string &name)
{
    Transaction tx(project.database());
    Result<Statement> st = project.database().prepare("DELETE FROM generation_jobs WHERE name = ?");
    if (!st)
        return makeError(st.error());
    if (Result<void> r = st->bind(1, name).exec(); !r)
        return makeError(r.error());
    if (project.database().changes() == 0)
        return false;
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    return true;
}

} // namespace synset
