#include "ExperimentStore.h"

#include "project/Database.h"
#include "project/Project.h"

namespace synset {

Result<void> insertExperiment(Project &project, const std::string &name, const std::string &plan)
{
    Transaction tx(project.database());
    Result<Statement> st = project.database().prepare(
        "INSERT INTO experiments(name, plan, created_at) VALUES (?, ?, ?)");
    if (!st)
        return makeError(st.error());
    if (Result<void> r = st->bind(1, name).bind(2, plan).bind(3, nowIso8601()).exec(); !r)
        return r;
    return tx.commit();
}

Result<std::optional<std::string>> storedExperimentPlan(Project &project, const std::string &name)
{
    Result<Statement> st =
        project.database().prepare("SELECT plan FROM experiments WHERE name = ?");
    if (!st)
        return makeError(st.error());
    st->bind(1, name);
    if (!st->step())
        return st->failed() ? Result<std::optional<std::string>>(makeError(st->error()))
                            : std::optional<std::string>();
    return std::optional<std::string>(st->columnText(0));
}

std::vector<std::string> storedExperimentNames(Project &project)
{
    std::vector<std::string> out;
    Result<Statement> st = project.database().prepare("SELECT name FROM experiments ORDER BY id");
    if (st)
        while (st->step())
            out.push_back(st->columnText(0));
    return out;
}

} // namespace synset
