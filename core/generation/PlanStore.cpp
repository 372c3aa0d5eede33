#include "PlanStore.h"

#include "project/Database.h"
#include "project/Project.h"

namespace synset {

Result<std::optional<StoredPlan>> storedPlan(Project &project, const std::string &name)
{
    Result<Statement> st = project.database().prepare(
        "SELECT id, dataset_id, config, shards, units, images, created_at FROM generation_plans "
        "WHERE name = ?");
    if (!st)
        return makeError(st.error());
    st->bind(1, name);
    if (!st->step())
        return st->failed() ? Result<std::optional<StoredPlan>>(makeError(st->error()))
                            : std::optional<StoredPlan>();
    StoredPlan plan;
    plan.id = st->columnInt(0);
    plan.datasetId = st->columnInt(1);
    plan.name = name;
    plan.config = st->columnText(2);
    plan.shards = int(st->columnInt(3));
    plan.units = st->columnInt(4);
    plan.images = st->columnInt(5);
    plan.createdAt = st->columnText(6);
    return std::optional<StoredPlan>(std::move(plan));
}

std::vector<std::string> planNames(Project &project)
{
    std::vector<std::string> names;
    if (Result<Statement> st =
            project.database().prepare("SELECT name FROM generation_plans ORDER BY id");
        st)
        while (st->step())
            names.push_back(st->columnText(0));
    return names;
}

Result<int64_t> insertPlan(Project &project, const StoredPlan &plan)
{
    Database &db = project.database();
    Transaction tx(db);
    Result<Statement> st =
        db.prepare("INSERT INTO generation_plans(name, dataset_id, config, shards, units, images, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return makeError(st.error());
    if (Result<void> r = st->bind(1, plan.name)
                             .bind(2, plan.datasetId)
                             .bind(3, plan.config)
                             .bind(4, plan.shards)
                             .bind(5, plan.units)
                             .bind(6, plan.images)
                             .bind(7, plan.createdAt)
                             .exec();
        !r)
        return makeError(r.error().find("UNIQUE") != std::string::npos
                             ? "a generation plan named '" + plan.name + "' exists already"
                             : r.error());
    const int64_t id = db.lastInsertId();
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    return id;
}

std::vector<int> mergedShards(Project &project, int64_t planId)
{
    std::vector<int> shards;
    Result<Statement> st = project.database().prepare(
        "SELECT shard FROM generation_plan_merges WHERE plan_id = ? ORDER BY shard");
    if (!st)
        return shards;
    st->bind(1, planId);
    while (st->step())
        shards.push_back(int(st->columnInt(0)));
    return shards;
}

Result<void> recordShardMerged(Database &db, int64_t planId, int shard, int64_t images)
{
    Result<Statement> st =
        db.prepare("INSERT INTO generation_plan_merges(plan_id, shard, images, merged_at) "
                   "VALUES (?, ?, ?, ?)");
    if (!st)
        return makeError(st.error());
    return st->bind(1, planId).bind(2, shard).bind(3, images).bind(4, nowIso8601()).exec();
}

} // namespace synset
