// The curation tables' owner: image_scores and class_scores (written by scoring), reviews,
// review_actions and review_changes (written by reviews and rules, read back by undo), and the
// reads of generated and real images that scoring, rules and export make. Functions that take a
// Database run inside the caller's transaction.
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace synset {

class Database;
class Project;

// ---- Scores ----

struct ImageScoreRow
{
    int64_t imageId = 0;
    int predicted = 0;
    double selfConfidence = 0, margin = 0, entropy = 0, realDistance = 0, uniqueness = 0;
    int64_t duplicateOf = 0; // 0: none
};

struct ClassScoreRow
{
    int64_t classId = 0;
    int64_t images = 0, realImages = 0;
    std::optional<double> fid, kid, kidStd, diversity, realDiversity;
};

// Replaces every earlier image and class score.
Result<void> replaceScores(Database &db, const std::vector<ImageScoreRow> &images,
                           const std::vector<ClassScoreRow> &classes);

// How many generated images the run trained on.
Result<int64_t> syntheticImagesOfRun(Project &project, int64_t runId);

// ---- Reviews ----

struct ReviewDecision
{
    int64_t imageId = 0;
    std::string state; // accepted, rejected, pending (removes the review)
};

// Records the old review of each image under a new action and writes the new one; the action's
// id.
Result<int64_t> writeReviews(Database &db, const std::vector<ReviewDecision> &decisions,
                             const std::string &origin, const std::string &rule,
                             const std::string &description);

struct CurrentReview
{
    std::string state;  // pending when none
    std::string origin; // empty when none
    std::string datasetKind;
};
// The image's review; nullopt when the project has no such image.
Result<std::optional<CurrentReview>> currentReview(Database &db, int64_t imageId);

// Rejects (origin "repair", with the given note as its rule) the generated images of a class a
// run trained on, except accepted ones; how many.
Result<int64_t> setAsideRunImages(Project &project, int64_t runId, int classIndex,
                                  const std::string &note);

} // namespace synset
