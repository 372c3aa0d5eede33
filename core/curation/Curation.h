// Curation of generated images, kept in the project: per-image and per-class quality scores from a
// reference classifier trained on real images only, filter rules with a dry run, reviews that
// are saved at once and can be undone (rules never overrule a person), and export as an
// ImageFolder with a manifest.
#pragma once

#include "common/Progress.h"
#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace synset {

class Project;

// The per-image scores, by the names rules and sort keys use.
namespace score {
inline constexpr std::string_view kSelfConfidence = "self_confidence";
inline constexpr std::string_view kMargin = "margin";
inline constexpr std::string_view kEntropy = "entropy";
inline constexpr std::string_view kRealDistance = "real_distance";
inline constexpr std::string_view kUniqueness = "uniqueness";
inline constexpr std::string_view kDuplicate = "duplicate"; // 1 for a near-copy, else 0
const std::vector<std::string> &names();
// True when a higher value is better (entropy and real_distance: lower is better).
bool higherIsBetter(std::string_view name);
} // namespace score

struct ScoreOptions
{
    std::string reference;   // a training run on real images only; empty: the best such run
    int neighbours = 5;      // k for the distance to the real images of the class
    int realPerClass = 1000; // real training images per class for distances, FID, KID (0: all)
    // A synthetic image is a near-duplicate when another synthetic image of its class is closer
    // than this fraction of the median nearest-neighbour distance among the class's real images.
    double duplicateFactor = 0.25;
    std::string device = "auto";
};

struct ScoreReport
{
    std::string reference;
    int64_t images = 0, duplicates = 0;
    int classes = 0;
    int featureDim = 0;
    double seconds = 0, imagesPerSecond = 0;
};

// The reference to use: the named run (checked: finished, trained on real images only), else the
// finished real-only run with the best top-1.
Result<std::string> pickReferenceRun(Project &project, const std::string &name);

// Scores every synthetic image of the project and every class; replaces earlier scores in one
// transaction. Images the reference trained on are refused.
Result<ScoreReport> scoreProject(Project &project, const ScoreOptions &options,
                                 const ProgressFn &progress = {},
                                 const CancelToken *cancel = nullptr);

struct ScoringInfo
{
    std::string reference, model, scoredAt;
    int featureDim = 0;
    bool valid() const { return !reference.empty(); }
};
ScoringInfo scoringInfo(Project &project);

struct ScoredImage
{
    int64_t imageId = 0;
    int classIndex = 0;
    std::string file;
    int64_t record = -1;
    std::string dataset;
    std::string state = "pending"; // pending | accepted | rejected
    std::string origin;            // manual | rule | repair; empty before any review
    std::string rule;
    std::string provenance; // JSON: prompt, seed, guidance, sampler...
    bool scored = false;
    int predicted = -1;
    double selfConfidence = 0, margin = 0, entropy = 0, realDistance = 0, uniqueness = 0;
    int64_t duplicateOf = 0; // the twin this image nearly copies; 0: none
    double value(std::string_view scoreName) const;
};

// Synthetic images with their scores and reviews; classIndices empty: every class. Ordered by
// class, then id. Without details, file and provenance are left empty (a third of the memory).
std::vector<ScoredImage> scoredImages(Project &project, const std::vector<int> &classIndices = {},
                                      bool details = true);
Result<ScoredImage> scoredImage(Project &project, int64_t imageId);

// A generated image as the review grid lists it: small enough for millions of rows (40 bytes;
// the file, prompt and review note are read for the rows on screen only, by scoredImage and
// imageFiles).
enum class ReviewState : uint8_t
{
    Pending,
    Accepted,
    Rejected
};
std::string_view reviewStateName(ReviewState state); // pending | accepted | rejected
ReviewState reviewStateFromName(std::string_view name);

struct ReviewEntry
{
    int64_t imageId = 0;
    int32_t classIndex = 0;
    ReviewState state = ReviewState::Pending;
    bool scored = false;
    bool duplicate = false;
    float selfConfidence = 0, margin = 0, entropy = 0, realDistance = 0, uniqueness = 0;
    double value(std::string_view scoreName) const;
};
// The review grid's rows: classIndices empty: every class. Ordered by class, then id. One pass
// over the images (sorted here rather than by SQLite: 0.4 s instead of 1.5 s at 1.28 M).
Result<std::vector<ReviewEntry>> reviewEntries(Project &project,
                                               const std::vector<int> &classIndices = {});

struct ImageFile
{
    int64_t imageId = 0;
    std::string file; // relative to the project
    int64_t record = -1;
};
// The files of some images (one lookup each: for the rows on screen), in the order of ids;
// ids the project does not have are left out.
std::vector<ImageFile> imageFiles(Project &project, const std::vector<int64_t> &ids);

struct ClassSummary
{
    int classIndex = 0;
    std::string wnid, name;
    int64_t images = 0, accepted = 0, rejected = 0, pending = 0, duplicates = 0;
    int64_t scoredImages = 0, realImages = 0;
    double meanSelfConfidence = 0, meanMargin = 0, meanEntropy = 0, meanRealDistance = 0,
           meanUniqueness = 0;
    std::optional<double> fid, kid, kidStd, diversity, realDiversity;
};
std::vector<ClassSummary> classSummaries(Project &project);

// ---- Filter rules -----------------------------------------------------------------------------

struct Condition
{
    std::string score; // one of score::names()
    std::string op;    // >=, <=, >, <, ==, !=
    double value = 0;
    bool test(double v) const;
};

// Conditions joined by "and" (or ','), e.g. "self_confidence>=0.5 and uniqueness>0.2", limited to
// some classes, then the best keepTop per class by sortBy, and near-duplicates dropped. Images
// that pass are accepted, the others rejected, by the rule; images a person reviewed, or set
// aside by the repair loop, are left as they are.
struct FilterRule
{
    std::vector<Condition> conditions;
    std::vector<std::string> classes;  // wnids; empty: every class
    std::vector<std::string> datasets; // synthetic datasets; empty: all of them
    int keepTop = 0;                   // 0: no limit
    std::string sortBy = "self_confidence";
    bool dropDuplicates = false;
    std::string text() const; // a readable form, stored with each review it makes
};
Result<FilterRule> parseRuleConditions(std::string_view text);

struct ClassOutcome
{
    int classIndex = 0;
    std::string wnid;
    int64_t images = 0, kept = 0, dropped = 0, untouched = 0, unscored = 0;
    int64_t changed = 0; // reviews the rule writes (differs from the current state)
};
struct RuleOutcome
{
    std::vector<ClassOutcome> classes; // classes in scope, in class order
    int64_t kept = 0, dropped = 0, untouched = 0, unscored = 0, changed = 0;
    int64_t actionId = 0; // applied: the review action to undo
};
// The dry run: what the rule would keep and drop per class, changing nothing.
Result<RuleOutcome> dryRunRule(Project &project, const FilterRule &rule);
// Writes the reviews in one transaction, as one undoable action.
Result<RuleOutcome> applyRule(Project &project, const FilterRule &rule);

// ---- Reviews ----------------------------------------------------------------------------------

struct ReviewAction
{
    int64_t id = 0;
    std::string description, origin, createdAt;
    int64_t images = 0;
    bool undone = false;
    // Filled by undoLastReview: each image's state now restored.
    std::vector<std::pair<int64_t, ReviewState>> restored;
};

// A person's review of some synthetic images (state: accepted, rejected or pending), saved at once
// as one undoable action. Returns the action's id (0 when nothing changed).
Result<int64_t> reviewImages(Project &project, const std::vector<int64_t> &imageIds,
                             std::string_view state);
// Restores the reviews the newest action that is not undone replaced; returns it.
Result<ReviewAction> undoLastReview(Project &project);
std::vector<ReviewAction> reviewActions(Project &project, int limit = 50);

// ---- Export -----------------------------------------------------------------------------------

struct ExportOptions
{
    bool acceptedOnly = false; // else every synthetic image not rejected
    bool withReal = false;     // the real training images as well
    std::string realSplit = "train";
    // PNG and JPEG files are hard-linked where the export is on their file system (else copied).
    bool hardLinks = true;
};
// One class folder of an export.
struct ExportedClass
{
    std::string folder, wnid, name;
    int index = 0;        // what torchvision's ImageFolder numbers it: its place in sorted folders
    int projectIndex = 0; // its index in the project (and in classifiers trained here)
    int64_t synthetic = 0, real = 0;
};
struct ExportReport
{
    int64_t synthetic = 0, real = 0;
    int64_t linked = 0; // of them, hard links to the project's files
    int classes = 0;
    std::vector<ExportedClass> perClass;   // in ImageFolder's order
    std::vector<std::string> missingWnids; // project classes with no image to export
    std::filesystem::path manifest;
};
// out/<wnid>/<name>.png (.jpg/.JPEG: a JPEG kept as it is) for torchvision's ImageFolder,
// out/manifest.csv (path, wnid, class_index, project_class_index, source, prompt, seed, guidance,
// sampler, scores, review) and out/classes.json (ImageFolder's class_to_idx, each class's project
// index and counts, and the classes left out). class_index is ImageFolder's: the folder's place
// among the sorted folder names of this tree, which is the project's index only when every class is
// there and the project lists its classes in wnid order (as ImageNet does). out must be absent or
// empty; the folder is built beside it and renamed into place at the end.
Result<ExportReport> exportImageFolder(Project &project, const std::filesystem::path &out,
                                       const ExportOptions &options,
                                       const ProgressFn &progress = {},
                                       const CancelToken *cancel = nullptr);
// A file or folder name made safe on every platform: letters, digits, '-', '_', '.' kept, other
// characters as '_', never empty, "." or "..".
std::string sanitizeFileName(std::string_view name);

} // namespace synset
