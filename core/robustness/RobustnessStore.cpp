#include "RobustnessStore.h"

#include "project/Database.h"
#include "project/Project.h"

namespace synset {

namespace {

// A LIKE pattern for the keys below a prefix ("probe/real" -> "probe/real/%"), its wildcards
// escaped.
std::string keysBelow(const std::string &prefix)
{
    std::string like;
    for (char ch : prefix) {
        if (ch == '%' || ch == '_' || ch == '\\')
            like += '\\';
        like += ch;
    }
    return like + "/%";
}

Result<void> deleteUnder(Database &db, int64_t runId, const std::string &prefix)
{
    Result<Statement> del = db.prepare("DELETE FROM robustness_metrics WHERE run_id = ? AND "
                                       "(metric = ? OR metric LIKE ? ESCAPE '\\')");
    if (!del)
        return makeError(del.error());
    del->bind(1, runId).bind(2, prefix).bind(3, keysBelow(prefix));
    return del->exec();
}

Result<void> insertMetrics(Database &db, int64_t runId,
                           const std::map<std::string, double> &metrics)
{
    Result<Statement> ins = db.prepare("INSERT OR REPLACE INTO robustness_metrics(run_id, "
                                       "metric, value, updated_at) VALUES (?, ?, ?, ?)");
    if (!ins)
        return makeError(ins.error());
    const std::string now = nowIso8601();
    for (const auto &[key, value] : metrics) {
        ins->reset();
        ins->bind(1, runId).bind(2, key).bind(3, value).bind(4, now);
        if (Result<void> r = ins->exec(); !r)
            return r;
    }
    return {};
}

} // namespace

Result<void> replaceRobustnessMetrics(Project &project, int64_t runId,
                                      const std::vector<std::string> &prefixes,
                                      const std::map<std::string, double> &metrics)
{
    Database &db = project.database();
    Transaction tx(db);
    if (!tx.active())
        return makeError(tx.beginError());
    for (const std::string &prefix : prefixes)
        if (Result<void> r = deleteUnder(db, runId, prefix); !r)
            return r;
    if (Result<void> r = insertMetrics(db, runId, metrics); !r)
        return r;
    return tx.commit();
}

std::map<std::string, double> storedRobustnessMetrics(Project &project, int64_t runId)
{
    std::map<std::string, double> out;
    Result<Statement> st =
        project.database().prepare("SELECT metric, value FROM robustness_metrics WHERE run_id = ?");
    if (!st)
        return out;
    st->bind(1, runId);
    while (st->step())
        out[st->columnText(0)] = st->columnDouble(1);
    return out;
}

} // namespace synset
