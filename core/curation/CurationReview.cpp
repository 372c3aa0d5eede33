// Filter rules (judged on the stored scores, dry-run or applied as reviews) and the review log
// with undo.
#include "Curation.h"

#include "common/Numbers.h"
#include "common/TextUtil.h"
#include "project/Database.h"
#include "project/Project.h"

#include <cmath>
#include <set>

namespace synset {

using text::join;
using text::replaceAll;
using text::split;
using text::trim;

namespace {

struct Decision
{
    int64_t imageId = 0;
    std::string state;
};

// The rule's verdict on every image in scope, and the counts per class.
Result<RuleOutcome> judge(Project &project, const FilterRule &rule,
                          std::vector<Decision> *decisions)
{
    for (const Condition &c : rule.conditions) {
        const auto &n = score::names();
        if (std::find(n.begin(), n.end(), c.score) == n.end())
            return makeError("unknown score '" + c.score + "'; the scores are " + join(n, ", "));
    }
    if (rule.keepTop > 0) {
        const auto &n = score::names();
        if (std::find(n.begin(), n.end(), rule.sortBy) == n.end())
            return makeError("unknown score '" + rule.sortBy + "' to keep the top images by");
    }
    std::vector<int> classIndices;
    for (const std::string &wnid : rule.classes) {
        const ProjectClass *c = project.classByWnid(wnid);
        if (!c)
            return makeError("project " + project.name() + " has no class " + wnid);
        classIndices.push_back(c->classIndex);
    }
    std::vector<ScoredImage> images = scoredImages(project, classIndices);
    if (!rule.datasets.empty()) {
        for (const std::string &d : rule.datasets) {
            Result<Statement> st = project.database().prepare(
                "SELECT 1 FROM datasets WHERE name = ? AND kind = 'synthetic'");
            if (!st)
                return makeError(st.error());
            st->bind(1, d);
            if (!st->step())
                return makeError("project " + project.name() + " has no generated dataset '" + d +
                                 "'");
        }
        std::erase_if(images, [&](const ScoredImage &s) {
            return std::find(rule.datasets.begin(), rule.datasets.end(), s.dataset) ==
                   rule.datasets.end();
        });
    }
    bool anyScored = false;
    for (const ScoredImage &s : images)
        anyScored = anyScored || s.scored;
    const bool needsScores = !rule.conditions.empty() || rule.keepTop > 0 || rule.dropDuplicates;
    if (needsScores && !images.empty() && !anyScored)
        return makeError("the images of project " + project.name() +
                         " have no scores yet; score them first (synset-cli score)");
    const std::string text = rule.text();
    RuleOutcome outcome;
    std::map<int, ClassOutcome> perClass;
    if (classIndices.empty())
        for (const ProjectClass &c : project.classes())
            perClass[c.classIndex] = ClassOutcome{c.classIndex, c.wnid};
    else
        for (int ci : classIndices)
            perClass[ci] = ClassOutcome{ci, project.classes()[size_t(ci)].wnid};

    size_t begin = 0;
    while (begin < images.size()) {
        size_t end = begin;
        while (end < images.size() && images[end].classIndex == images[begin].classIndex)
            ++end;
        ClassOutcome &co = perClass[images[begin].classIndex];
        std::vector<const ScoredImage *> passing;
        std::vector<const ScoredImage *> failing;
        for (size_t i = begin; i < end; ++i) {
            const ScoredImage &s = images[i];
            ++co.images;
            if (s.origin == "manual" || s.origin == "repair") {
                ++co.untouched;
                continue;
            }
            if (!s.scored && needsScores) {
                ++co.unscored;
                continue;
            }
            bool pass = !(rule.dropDuplicates && s.duplicateOf != 0);
            for (const Condition &c : rule.conditions)
                pass = pass && c.test(s.value(c.score));
            (pass ? passing : failing).push_back(&s);
        }
        if (rule.keepTop > 0 && int64_t(passing.size()) > rule.keepTop) {
            const bool higher = score::higherIsBetter(rule.sortBy);
            std::stable_sort(passing.begin(), passing.end(),
                             [&](const ScoredImage *a, const ScoredImage *b) {
                                 const double va = a->value(rule.sortBy);
                                 const double vb = b->value(rule.sortBy);
                                 return higher ? va > vb : va < vb;
                             });
            failing.insert(failing.end(), passing.begin() + rule.keepTop, passing.end());
            passing.resize(size_t(rule.keepTop));
        }
        const auto decide = [&](const ScoredImage *s, const char *state) {
            const bool changed = s->state != state || s->origin != "rule" || s->rule != text;
            if (changed) {
                ++co.changed;
                if (decisions)
                    decisions->push_back({s->imageId, state});
            }
        };
        for (const ScoredImage *s : passing)
            decide(s, "accepted");
        for (const ScoredImage *s : failing)
            decide(s, "rejected");
        co.kept += int64_t(passing.size());
        co.dropped += int64_t(failing.size());
        begin = end;
    }
    for (auto &[index, co] : perClass) {
        outcome.kept += co.kept;
        outcome.dropped += co.dropped;
        outcome.untouched += co.untouched;
        outcome.unscored += co.unscored;
        outcome.changed += co.changed;
        outcome.classes.push_back(co);
    }
    return outcome;
}

// Records the old review of each image under a new action and writes the new one (state
// "pending" by a person removes the review). Must run inside a transaction.
Result<int64_t> writeReviews(Database &db, const std::vector<Decision> &decisions,
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
    for (const Decision &d : decisions) {
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

} // namespace

// ---- Rules ------------------------------------------------------------------------------------

bool Condition::test(double v) const
{
    if (std::isnan(v))
        return false;
    if (op == ">=")
        return v >= value;
    if (op == "<=")
        return v <= value;
    if (op == ">")
        return v > value;
    if (op == "<")
        return v < value;
    if (op == "==")
        return v == value;
    if (op == "!=")
        return v != value;
    return false;
}

std::string FilterRule::text() const
{
    std::vector<std::string> parts;
    for (const Condition &c : conditions)
        parts.push_back(c.score + c.op + text::shortNumber(c.value));
    std::string s = join(parts, " and ");
    if (dropDuplicates)
        s += std::string(s.empty() ? "" : "; ") + "no near-duplicates";
    if (keepTop > 0)
        s +=
            std::string(s.empty() ? "" : "; ") + "top " + std::to_string(keepTop) + " by " + sortBy;
    if (!classes.empty())
        s += " [" + join(classes, ",") + "]";
    if (!datasets.empty())
        s += " in " + join(datasets, ",");
    return s.empty() ? "keep all" : s;
}

Result<FilterRule> parseRuleConditions(std::string_view text)
{
    FilterRule rule;
    std::string normalized = replaceAll(std::string(text), " AND ", ",");
    normalized = replaceAll(normalized, " and ", ",");
    normalized = replaceAll(normalized, "&&", ",");
    for (std::string_view part : split(normalized, ',')) {
        part = trim(part);
        if (part.empty())
            continue;
        size_t pos = part.find_first_of("<>=!");
        if (pos == std::string_view::npos || pos == 0)
            return makeError("rule '" + std::string(text) + "': '" + std::string(part) +
                             "' is not SCORE OP VALUE (for example self_confidence>=0.5)");
        size_t opEnd = pos;
        while (opEnd < part.size() &&
               std::string_view("<>=!").find(part[opEnd]) != std::string_view::npos)
            ++opEnd;
        Condition c;
        c.score = std::string(trim(part.substr(0, pos)));
        c.op = std::string(part.substr(pos, opEnd - pos));
        if (c.op == "=")
            c.op = "==";
        static const std::set<std::string> ops = {">=", "<=", ">", "<", "==", "!="};
        if (!ops.count(c.op))
            return makeError("rule '" + std::string(text) + "': unknown comparison '" + c.op +
                             "' (use >=, <=, >, <, == or !=)");
        const auto &n = score::names();
        if (std::find(n.begin(), n.end(), c.score) == n.end())
            return makeError("rule '" + std::string(text) + "': unknown score '" + c.score +
                             "'; the scores are " + join(n, ", "));
        const std::string number(trim(part.substr(opEnd)));
        const std::optional<double> value = numbers::parseReal(number);
        if (!value)
            return makeError("rule '" + std::string(text) + "': '" + number + "' is not a number");
        c.value = *value;
        rule.conditions.push_back(c);
    }
    return rule;
}

Result<RuleOutcome> dryRunRule(Project &project, const FilterRule &rule)
{
    return judge(project, rule, nullptr);
}

Result<RuleOutcome> applyRule(Project &project, const FilterRule &rule)
{
    Database &db = project.database();
    Transaction tx(db);
    if (!tx.active())
        return makeError(tx.beginError());
    std::vector<Decision> decisions;
    Result<RuleOutcome> outcome = judge(project, rule, &decisions);
    if (!outcome)
        return outcome;
    if (decisions.empty())
        return outcome;
    Result<int64_t> action =
        writeReviews(db, decisions, "rule", rule.text(), "rule " + rule.text());
    if (!action)
        return makeError(action.error());
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    outcome->actionId = *action;
    return outcome;
}

// ---- Reviews ----------------------------------------------------------------------------------

Result<int64_t> reviewImages(Project &project, const std::vector<int64_t> &imageIds,
                             std::string_view state)
{
    if (state != "accepted" && state != "rejected" && state != "pending")
        return makeError("unknown review state '" + std::string(state) +
                         "' (accepted, rejected or pending)");
    Database &db = project.database();
    Transaction tx(db);
    if (!tx.active())
        return makeError(tx.beginError());
    std::vector<Decision> decisions;
    Result<Statement> st = db.prepare(
        "SELECT COALESCE(r.state, 'pending'), COALESCE(r.origin, ''), d.kind FROM images i "
        "JOIN datasets d ON d.id = i.dataset_id LEFT JOIN reviews r ON r.image_id = i.id "
        "WHERE i.id = ?");
    if (!st)
        return makeError(st.error());
    std::set<int64_t> seen;
    for (int64_t id : imageIds) {
        if (!seen.insert(id).second)
            continue;
        st->reset();
        st->bind(1, id);
        if (!st->step())
            return makeError("project " + project.name() + " has no image " + std::to_string(id));
        if (st->columnText(2) != "synthetic")
            return makeError("image " + std::to_string(id) +
                             " is a real image; only generated images are reviewed");
        const std::string current = st->columnText(0), origin = st->columnText(1);
        const bool unchanged =
            state == "pending" ? origin.empty() : (current == state && origin == "manual");
        if (!unchanged)
            decisions.push_back({id, std::string(state)});
    }
    if (decisions.empty())
        return int64_t(0);
    const std::string verb = state == "accepted"   ? "accept"
                             : state == "rejected" ? "reject"
                                                   : "clear the review of";
    const std::string description =
        verb + " " +
        (decisions.size() == 1 ? "image " + std::to_string(decisions[0].imageId)
                               : std::to_string(decisions.size()) + " images");
    Result<int64_t> action = writeReviews(db, decisions, "manual", "", description);
    if (!action)
        return action;
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
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
        action = {st->columnInt(0),  st->columnText(1), st->columnText(2),
                  st->columnText(3), st->columnInt(4),  true};
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
        out.push_back({st->columnInt(0), st->columnText(1), st->columnText(2), st->columnText(3),
                       st->columnInt(4), st->columnInt(5) != 0});
    return out;
}

} // namespace synset
