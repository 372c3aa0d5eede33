#include "CurationStore.h"

#include "Curation.h"

#include "common/TextUtil.h"
#include "project/Database.h"
#include "project/Project.h"

#include <algorithm>
#include <functional>
#include <unordered_map>

namespace synset {

namespace {

constexpr const char *kImageQuery =
    "SELECT i.id, c.class_index, i.file, i.record, d.name, COALESCE(r.state, 'pending'), "
    "COALESCE(r.origin, ''), COALESCE(r.rule, ''), COALESCE(i.provenance, ''), "
    "s.image_id IS NOT NULL, COALESCE(s.predicted, -1), COALESCE(s.self_confidence, 0), "
    "COALESCE(s.margin, 0), COALESCE(s.entropy, 0), COALESCE(s.real_distance, 0), "
    "COALESCE(s.uniqueness, 0), COALESCE(s.duplicate_of, 0) "
    "FROM images i JOIN datasets d ON d.id = i.dataset_id JOIN classes c ON c.id = i.class_id "
    "LEFT JOIN reviews r ON r.image_id = i.id LEFT JOIN image_scores s ON s.image_id = i.id "
    "WHERE d.kind = 'synthetic' ";

ScoredImage readImage(Statement &st)
{
    ScoredImage s;
    s.imageId = st.columnInt(0);
    s.classIndex = int(st.columnInt(1));
    s.file = st.columnText(2);
    s.record = st.columnInt(3);
    s.dataset = st.columnText(4);
    s.state = st.columnText(5);
    s.origin = st.columnText(6);
    s.rule = st.columnText(7);
    s.provenance = st.columnText(8);
    s.scored = st.columnInt(9) != 0;
    s.predicted = int(st.columnInt(10));
    s.selfConfidence = st.columnDouble(11);
    s.margin = st.columnDouble(12);
    s.entropy = st.columnDouble(13);
    s.realDistance = st.columnDouble(14);
    s.uniqueness = st.columnDouble(15);
    s.duplicateOf = st.columnInt(16);
    return s;
}

} // namespace

// ---- Scores -----------------------------------------------------------------------------------

Result<void> replaceScores(Database &db, const std::vector<ImageScoreRow> &images,
                           const std::vector<ClassScoreRow> &classes)
{
    if (Result<void> r = db.exec("DELETE FROM image_scores; DELETE FROM class_scores;"); !r)
        return r;
    Result<Statement> im = db.prepare(
        "INSERT INTO image_scores(image_id, predicted, self_confidence, margin, entropy, "
        "real_distance, uniqueness, duplicate_of) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    Result<Statement> cl = db.prepare(
        "INSERT INTO class_scores(class_id, images, real_images, fid, kid, kid_std, diversity, "
        "real_diversity) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    if (!im || !cl)
        return makeError(!im ? im.error() : cl.error());
    for (const ImageScoreRow &r : images) {
        im->reset();
        im->bind(1, r.imageId)
            .bind(2, r.predicted)
            .bind(3, r.selfConfidence)
            .bind(4, r.margin)
            .bind(5, r.entropy)
            .bind(6, r.realDistance)
            .bind(7, r.uniqueness);
        if (r.duplicateOf)
            im->bind(8, r.duplicateOf);
        else
            im->bindNull(8);
        if (Result<void> e = im->exec(); !e)
            return e;
    }
    for (const ClassScoreRow &c : classes) {
        cl->reset();
        cl->bind(1, c.classId).bind(2, c.images).bind(3, c.realImages);
        const std::optional<double> values[5] = {c.fid, c.kid, c.kidStd, c.diversity,
                                                 c.realDiversity};
        for (int k = 0; k < 5; ++k) {
            if (values[k])
                cl->bind(4 + k, *values[k]);
            else
                cl->bindNull(4 + k);
        }
        if (Result<void> e = cl->exec(); !e)
            return e;
    }
    return {};
}

Result<int64_t> syntheticImagesOfRun(Project &project, int64_t runId)
{
    Result<Statement> st = project.database().prepare(
        "SELECT COUNT(*) FROM run_images ri JOIN images i ON i.id = ri.image_id "
        "JOIN datasets d ON d.id = i.dataset_id WHERE ri.run_id = ? AND d.kind = 'synthetic'");
    if (!st)
        return makeError(st.error());
    st->bind(1, runId);
    if (!st->step())
        return makeError(st->failed() ? st->error() : "no count");
    return st->columnInt(0);
}

// ---- Generated images and their scores --------------------------------------------------------

std::vector<ScoredImage> scoredImages(Project &project, const std::vector<int> &classIndices,
                                      bool details)
{
    std::string sql = kImageQuery;
    if (!details)
        sql = text::replaceAll(text::replaceAll(sql, "i.file,", "'',"),
                               "COALESCE(i.provenance, '')", "''");
    if (!classIndices.empty()) {
        sql += "AND c.class_index IN (";
        for (size_t i = 0; i < classIndices.size(); ++i)
            sql += (i ? "," : "") + std::to_string(classIndices[i]);
        sql += ") ";
    }
    sql += "ORDER BY c.class_index, i.id";
    std::vector<ScoredImage> out;
    Result<Statement> st = project.database().prepare(sql);
    if (!st)
        return out;
    while (st->step())
        out.push_back(readImage(*st));
    return out;
}

Result<ScoredImage> scoredImage(Project &project, int64_t imageId)
{
    Result<Statement> st = project.database().prepare(std::string(kImageQuery) + "AND i.id = ?");
    if (!st)
        return makeError(st.error());
    st->bind(1, imageId);
    if (!st->step())
        return makeError("project " + project.name() + " has no generated image " +
                         std::to_string(imageId));
    return readImage(*st);
}

Result<std::vector<ReviewEntry>> reviewEntries(Project &project,
                                               const std::vector<int> &classIndices)
{
    std::string sql =
        "SELECT i.id, c.class_index, COALESCE(r.state, 'pending'), s.image_id IS NOT NULL, "
        "s.self_confidence, s.margin, s.entropy, s.real_distance, s.uniqueness, "
        "s.duplicate_of IS NOT NULL "
        "FROM images i JOIN datasets d ON d.id = i.dataset_id JOIN classes c ON c.id = i.class_id "
        "LEFT JOIN reviews r ON r.image_id = i.id LEFT JOIN image_scores s ON s.image_id = i.id "
        "WHERE d.kind = 'synthetic' ";
    if (!classIndices.empty()) {
        sql += "AND c.class_index IN (";
        for (size_t i = 0; i < classIndices.size(); ++i)
            sql += (i ? "," : "") + std::to_string(classIndices[i]);
        sql += ")";
    }
    Result<Statement> st = project.database().prepare(sql);
    if (!st)
        return makeError(st.error());
    std::vector<ReviewEntry> out;
    while (st->step()) {
        ReviewEntry e;
        e.imageId = st->columnInt(0);
        e.classIndex = int32_t(st->columnInt(1));
        e.state = reviewStateFromName(st->columnText(2));
        e.scored = st->columnInt(3) != 0;
        if (e.scored) {
            e.selfConfidence = float(st->columnDouble(4));
            e.margin = float(st->columnDouble(5));
            e.entropy = float(st->columnDouble(6));
            e.realDistance = float(st->columnDouble(7));
            e.uniqueness = float(st->columnDouble(8));
            e.duplicate = st->columnInt(9) != 0;
        }
        out.push_back(e);
    }
    if (st->failed())
        return makeError(st->error());
    std::sort(out.begin(), out.end(), [](const ReviewEntry &a, const ReviewEntry &b) {
        return a.classIndex != b.classIndex ? a.classIndex < b.classIndex : a.imageId < b.imageId;
    });
    return out;
}

std::vector<ImageFile> imageFiles(Project &project, const std::vector<int64_t> &ids)
{
    std::vector<ImageFile> out;
    Result<Statement> st =
        project.database().prepare("SELECT file, record FROM images WHERE id = ?");
    if (!st)
        return out;
    out.reserve(ids.size());
    for (int64_t id : ids) {
        st->reset();
        st->bind(1, id);
        if (st->step())
            out.push_back({id, st->columnText(0), st->columnInt(1)});
    }
    return out;
}

std::vector<ClassSummary> classSummaries(Project &project)
{
    std::vector<ClassSummary> out;
    for (const ProjectClass &c : project.classes()) {
        ClassSummary s;
        s.classIndex = c.classIndex;
        s.wnid = c.wnid;
        s.name = c.name;
        out.push_back(std::move(s));
    }
    // Three aggregates rather than one join of every generated image with its review and score:
    // the counts come from the images_class_dataset_split index alone, and the reviews and scores
    // are read only where there are some (at 1.28 M generated images, 0.1 s instead of 1.1 s).
    // Reviews and scores are grouped by class id walking that index, in class order (no sort of a
    // million rows: 0.5 s instead of 1 s each), and mapped to class indices here.
    std::unordered_map<int64_t, size_t> byClassId;
    for (size_t i = 0; i < project.classes().size(); ++i)
        byClassId[project.classes()[i].id] = i;
    Database &db = project.database();
    const auto each = [&](const char *sql, bool byId,
                          const std::function<void(Statement &, ClassSummary &)> &f) {
        Result<Statement> st = db.prepare(sql);
        if (!st)
            return;
        while (st->step()) {
            size_t ci = size_t(st->columnInt(0));
            if (byId) {
                const auto it = byClassId.find(st->columnInt(0));
                ci = it == byClassId.end() ? out.size() : it->second;
            }
            if (ci < out.size())
                f(*st, out[ci]);
        }
    };
    each("SELECT c.class_index, SUM(g.n) FROM (SELECT class_id, dataset_id, COUNT(*) AS n "
         "FROM images GROUP BY class_id, dataset_id) g JOIN datasets d ON d.id = g.dataset_id "
         "JOIN classes c ON c.id = g.class_id WHERE d.kind = 'synthetic' GROUP BY c.class_index",
         false, [](Statement &st, ClassSummary &s) { s.images = st.columnInt(1); });
    each("SELECT i.class_id, SUM(r.state = 'accepted'), SUM(r.state = 'rejected') "
         "FROM images i INDEXED BY images_class_dataset_split JOIN reviews r ON r.image_id = i.id "
         "WHERE i.dataset_id IN (SELECT id FROM datasets WHERE kind = 'synthetic') "
         "GROUP BY i.class_id",
         true, [](Statement &st, ClassSummary &s) {
             s.accepted = st.columnInt(1);
             s.rejected = st.columnInt(2);
         });
    each("SELECT i.class_id, SUM(s.duplicate_of IS NOT NULL), COUNT(*), AVG(s.self_confidence), "
         "AVG(s.margin), AVG(s.entropy), AVG(s.real_distance), AVG(s.uniqueness) "
         "FROM images i INDEXED BY images_class_dataset_split "
         "JOIN image_scores s ON s.image_id = i.id "
         "WHERE i.dataset_id IN (SELECT id FROM datasets WHERE kind = 'synthetic') "
         "GROUP BY i.class_id",
         true, [](Statement &st, ClassSummary &s) {
             s.duplicates = st.columnInt(1);
             s.scoredImages = st.columnInt(2);
             s.meanSelfConfidence = st.columnDouble(3);
             s.meanMargin = st.columnDouble(4);
             s.meanEntropy = st.columnDouble(5);
             s.meanRealDistance = st.columnDouble(6);
             s.meanUniqueness = st.columnDouble(7);
         });
    for (ClassSummary &s : out)
        s.pending = s.images - s.accepted - s.rejected;
    Result<Statement> cs =
        db.prepare("SELECT c.class_index, s.real_images, s.fid, s.kid, s.kid_std, s.diversity, "
                   "s.real_diversity FROM class_scores s JOIN classes c ON c.id = s.class_id");
    if (cs) {
        while (cs->step()) {
            const size_t ci = size_t(cs->columnInt(0));
            if (ci >= out.size())
                continue;
            ClassSummary &s = out[ci];
            s.realImages = cs->columnInt(1);
            std::optional<double> *fields[5] = {&s.fid, &s.kid, &s.kidStd, &s.diversity,
                                                &s.realDiversity};
            for (int k = 0; k < 5; ++k)
                if (!cs->columnIsNull(2 + k))
                    *fields[k] = cs->columnDouble(2 + k);
        }
    }
    return out;
}

// ---- Reviews ----------------------------------------------------------------------------------

Result<std::optional<CurrentReview>> currentReview(Database &db, int64_t imageId)
{
    Result<Statement> st = db.prepare(
        "SELECT COALESCE(r.state, 'pending'), COALESCE(r.origin, ''), d.kind FROM images i "
        "JOIN datasets d ON d.id = i.dataset_id LEFT JOIN reviews r ON r.image_id = i.id "
        "WHERE i.id = ?");
    if (!st)
        return makeError(st.error());
    st->bind(1, imageId);
    if (!st->step())
        return st->failed() ? Result<std::optional<CurrentReview>>(makeError(st->error()))
                            : std::optional<CurrentReview>();
    return std::optional<CurrentReview>(
        CurrentReview{st->columnText(0), st->columnText(1), st->columnText(2)});
}

Result<int64_t> writeReviews(Database &db, const std::vector<ReviewDecision> &decisions,
                             const std::string &origin, const std::string &rule,
                             const std::string &description)
{
    const std::string now = nowIso8601();
    {
        Result<Statement> st = db.prepare("INSERT INTO review_actions(description, origin, "
                                          "created_at, images) VALUES(?, ?, ?, ?)");
        if (!st)
            return makeError(st.error());
        st->bind(1, description).bind(2, origin).bind(3, now).bind(4, int64_t(decisions.size()));
        if (Result<void> r = st->exec(); !r)
            return makeError(r.error());
    }
    const int64_t action = db.lastInsertId();
    Result<Statement> save = db.prepare(
        "INSERT INTO review_changes(action_id, image_id, old_state, old_origin, old_rule, "
        "old_updated_at) SELECT ?, ?, r.state, r.origin, r.rule, r.updated_at FROM "
        "(SELECT 1) LEFT JOIN reviews r ON r.image_id = ?");
    Result<Statement> put = db.prepare(
        "INSERT INTO reviews(image_id, state, origin, rule, updated_at) VALUES(?, ?, ?, ?, ?) "
        "ON CONFLICT(image_id) DO UPDATE SET state = excluded.state, origin = excluded.origin, "
        "rule = excluded.rule, updated_at = excluded.updated_at");
    Result<Statement> remove = db.prepare("DELETE FROM reviews WHERE image_id = ?");
    if (!save || !put || !remove)
        return makeError(!save ? save.error() : !put ? put.error() : remove.error());
    for (const ReviewDecision &d : decisions) {
        save->reset();
        save->bind(1, action).bind(2, d.imageId).bind(3, d.imageId);
        if (Result<void> r = save->exec(); !r)
            return makeError(r.error());
        if (d.state == "pending") {
            remove->reset();
            remove->bind(1, d.imageId);
            if (Result<void> r = remove->exec(); !r)
                return makeError(r.error());
            continue;
        }
        put->reset();
        put->bind(1, d.imageId).bind(2, d.state).bind(3, origin);
        if (rule.empty())
            put->bindNull(4);
        else
            put->bind(4, rule);
        put->bind(5, now);
        if (Result<void> r = put->exec(); !r)
            return makeError(r.error());
    }
    return action;
}

Result<ReviewAction> undoLastReview(Project &project)
{
    Database &db = project.database();
    Transaction tx(db);
    if (!tx.active())
        return makeError(tx.beginError());
    ReviewAction action;
    {
        Result<Statement> st =
            db.prepare("SELECT id, description, origin, created_at, images FROM review_actions "
                       "WHERE undone = 0 ORDER BY id DESC LIMIT 1");
        if (!st)
            return makeError(st.error());
        if (!st->step())
            return makeError("nothing to undo: project " + project.name() +
                             " has no review left to take back");
        action = {st->columnInt(0),
                  st->columnText(1),
                  st->columnText(2),
                  st->columnText(3),
                  st->columnInt(4),
                  true,
                  {}};
    }
    Result<Statement> changes = db.prepare(
        "SELECT image_id, old_state, old_origin, old_rule, old_updated_at FROM review_changes "
        "WHERE action_id = ?");
    Result<Statement> put = db.prepare(
        "INSERT INTO reviews(image_id, state, origin, rule, updated_at) VALUES(?, ?, ?, ?, ?) "
        "ON CONFLICT(image_id) DO UPDATE SET state = excluded.state, origin = excluded.origin, "
        "rule = excluded.rule, updated_at = excluded.updated_at");
    Result<Statement> remove = db.prepare("DELETE FROM reviews WHERE image_id = ?");
    if (!changes || !put || !remove)
        return makeError(!changes ? changes.error() : !put ? put.error() : remove.error());
    changes->bind(1, action.id);
    while (changes->step()) {
        const int64_t id = changes->columnInt(0);
        action.restored.emplace_back(id, changes->columnIsNull(1)
                                             ? ReviewState::Pending
                                             : reviewStateFromName(changes->columnText(1)));
        if (changes->columnIsNull(1)) {
            remove->reset();
            remove->bind(1, id);
            if (Result<void> r = remove->exec(); !r)
                return makeError(r.error());
            continue;
        }
        put->reset();
        put->bind(1, id).bind(2, changes->columnText(1)).bind(3, changes->columnText(2));
        if (changes->columnIsNull(3))
            put->bindNull(4);
        else
            put->bind(4, changes->columnText(3));
        put->bind(5, changes->columnText(4));
        if (Result<void> r = put->exec(); !r)
            return makeError(r.error());
    }
    if (changes->failed())
        return makeError(changes->error());
    Result<Statement> mark = db.prepare("UPDATE review_actions SET undone = 1 WHERE id = ?");
    if (!mark)
        return makeError(mark.error());
    mark->bind(1, action.id);
    if (Result<void> r = mark->exec(); !r)
        return makeError(r.error());
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    return action;
}

std::vector<ReviewAction> reviewActions(Project &project, int limit)
{
    std::vector<ReviewAction> out;
    Result<Statement> st =
        project.database().prepare("SELECT id, description, origin, created_at, images, undone "
                                   "FROM review_actions ORDER BY id DESC LIMIT ?");
    if (!st)
        return out;
    st->bind(1, limit);
    while (st->step())
        out.push_back({st->columnInt(0),
                       st->columnText(1),
                       st->columnText(2),
                       st->columnText(3),
                       st->columnInt(4),
                       st->columnInt(5) != 0,
                       {}});
    return out;
}

Result<int64_t> setAsideRunImages(Project &project, int64_t runId, int classIndex,
                                  const std::string &note)
{
    Database &db = project.database();
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
    st->bind(1, note).bind(2, nowIso8601()).bind(3, runId).bind(4, classIndex);
    if (Result<void> r = st->exec(); !r)
        return makeError(r.error());
    const int64_t changed = db.changes();
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    return changed;
}

} // namespace synset
