// Filter rules (judged on the stored scores, dry-run or applied as reviews) and the review log
// with undo.
#include "Curation.h"
#include "CurationStore.h"

#include "common/Numbers.h"
#include "common/TextUtil.h"
#include "project/Database.h"
#include "project/Project.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace synset {

using text::join;
using text::replaceAll;
using text::split;
using text::trim;

namespace {

Result<void> checkRuleScores(const FilterRule &rule)
{
    const auto &n = score::names();
    for (const Condition &c : rule.conditions)
        if (std::find(n.begin(), n.end(), c.score) == n.end())
            return makeError("unknown score '" + c.score + "'; the scores are " + join(n, ", "));
    if (rule.keepTop > 0 && std::find(n.begin(), n.end(), rule.sortBy) == n.end())
        return makeError("unknown score '" + rule.sortBy + "' to keep the top images by");
    return {};
}

// The classes the rule looks at, by index: its wnids, or every class.
Result<std::vector<int>> ruleClasses(Project &project, const FilterRule &rule)
{
    std::vector<int> out;
    for (const std::string &wnid : rule.classes) {
        const ProjectClass *c = project.classByWnid(wnid);
        if (!c)
            return makeError("project " + project.name() + " has no class " + wnid);
        out.push_back(c->classIndex);
    }
    if (out.empty())
        for (const ProjectClass &c : project.classes())
            out.push_back(c.classIndex);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Result<void> checkRuleDatasets(Project &project, const FilterRule &rule)
{
    const std::vector<DatasetInfo> generated = project.datasets("synthetic");
    for (const std::string &d : rule.datasets)
        if (std::none_of(generated.begin(), generated.end(),
                         [&](const DatasetInfo &g) { return g.name == d; }))
            return makeError("project " + project.name() + " has no generated dataset '" + d + "'");
    return {};
}

// The rule's verdict on one class's images (those of its datasets): kept, dropped, left alone.
void judgeClass(const FilterRule &rule, const std::string &text,
                const std::vector<ScoredImage> &images, ClassOutcome &co,
                std::vector<ReviewDecision> *decisions)
{
    const bool needsScores = !rule.conditions.empty() || rule.keepTop > 0 || rule.dropDuplicates;
    std::vector<const ScoredImage *> passing;
    std::vector<const ScoredImage *> failing;
    for (const ScoredImage &s : images) {
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
}

// The rule's verdict on every image in scope, and the counts per class. One class is read at a
// time (without the images' files and prompts), so memory holds the largest class, not the
// project.
Result<RuleOutcome> judge(Project &project, const FilterRule &rule,
                          std::vector<ReviewDecision> *decisions)
{
    if (Result<void> r = checkRuleScores(rule); !r)
        return makeError(r.error());
    if (Result<void> r = checkRuleDatasets(project, rule); !r)
        return makeError(r.error());
    Result<std::vector<int>> classes = ruleClasses(project, rule);
    if (!classes)
        return makeError(classes.error());
    const std::string text = rule.text();
    RuleOutcome outcome;
    bool anyImage = false, anyScored = false;
    for (int ci : *classes) {
        std::vector<ScoredImage> images = scoredImages(project, {ci}, false);
        if (!rule.datasets.empty())
            std::erase_if(images, [&](const ScoredImage &s) {
                return std::find(rule.datasets.begin(), rule.datasets.end(), s.dataset) ==
                       rule.datasets.end();
            });
        for (const ScoredImage &s : images)
            anyScored = anyScored || s.scored;
        anyImage = anyImage || !images.empty();
        ClassOutcome co{ci, project.classes()[size_t(ci)].wnid};
        judgeClass(rule, text, images, co, decisions);
        outcome.kept += co.kept;
        outcome.dropped += co.dropped;
        outcome.untouched += co.untouched;
        outcome.unscored += co.unscored;
        outcome.changed += co.changed;
        outcome.classes.push_back(co);
    }
    const bool needsScores = !rule.conditions.empty() || rule.keepTop > 0 || rule.dropDuplicates;
    if (needsScores && anyImage && !anyScored)
        return makeError("the images of project " + project.name() +
                         " have no scores yet; score them first (synset-cli score)");
    return outcome;
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
    std::vector<ReviewDecision> decisions;
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
    std::vector<ReviewDecision> decisions;
    std::set<int64_t> seen;
    for (int64_t id : imageIds) {
        if (!seen.insert(id).second)
            continue;
        Result<std::optional<CurrentReview>> review = currentReview(db, id);
        if (!review)
            return makeError(review.error());
        if (!*review)
            return makeError("project " + project.name() + " has no image " + std::to_string(id));
        if ((*review)->datasetKind != "synthetic")
            return makeError("image " + std::to_string(id) +
                             " is a real image; only generated images are reviewed");
        const std::string &current = (*review)->state, &origin = (*review)->origin;
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

} // namespace synset
