// A Synset Studio project: a folder holding project.db (SQLite, WAL) and the files it points to.
// Every write is one transaction, so a crash at any moment leaves a project that opens.
#pragma once

#include "classes/ClassList.h"
#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace synset {

class Database;

struct ProjectClass
{
    int64_t id = 0;
    int classIndex = 0;
    std::string wnid;
    std::string name;
};

struct PromptVersion
{
    int64_t id = 0;
    std::optional<std::string> body; // nullopt: the override was cleared
    std::string createdAt;
};

struct SplitCount
{
    std::string wnid;
    std::string split;
    std::string kind; // "real" or "synthetic"
    int64_t count = 0;
};

struct ImageRecord
{
    int64_t id = 0;
    int64_t classId = 0;
    std::string split;
    std::string file; // relative to the project folder, or absolute
    int64_t record = -1;
    int width = 0, height = 0, channels = 0;
};

struct DatasetInfo
{
    std::string name, kind, source; // kind: real or synthetic
    int64_t images = 0;
};

using WordLists = std::map<std::string, std::vector<std::string>, std::less<>>;

class Project
{
public:
    ~Project();
    static constexpr std::string_view kDatabaseName = "project.db";

    // Creates dir (which must be empty or absent) with the given classes.
    static Result<std::unique_ptr<Project>> create(const std::filesystem::path &dir,
                                                   const ClassList &classes, std::string_view name);
    // dir may be the project folder or its project.db. Older schemas are migrated in place.
    static Result<std::unique_ptr<Project>> open(const std::filesystem::path &dir);
    static bool exists(const std::filesystem::path &dir);

    const std::filesystem::path &directory() const { return m_dir; }
    std::string name() const;
    std::string classListSource() const;
    int schemaVersion() const;
    Database &database() { return *m_db; }
    std::filesystem::path resolve(const std::string &file) const;

    // Classes
    const std::vector<ProjectClass> &classes() const { return m_classes; }
    const ProjectClass *classByWnid(std::string_view wnid) const;
    const ProjectClass *classById(int64_t id) const;

    // Prompt templates: a project-wide template and per-synset overrides, each with its history.
    std::string projectTemplate() const;
    Result<void> setProjectTemplate(std::string_view body);
    std::optional<std::string> promptOverride(std::string_view wnid) const;
    Result<void> setPromptOverride(std::string_view wnid, std::optional<std::string> body);
    // The override if there is one, else the project template.
    std::string effectiveTemplate(std::string_view wnid) const;
    // Newest first. wnid empty: the project-wide template's history.
    std::vector<PromptVersion> promptHistory(std::string_view wnid) const;

    // Word lists for wildcards (__name__) and {background}/{count}: the built-in ones, then the
    // files <project>/wildcards/NAME.txt (one item a line, '#' comments), then lists saved in the
    // project; a later source replaces an earlier list of the same name.
    WordLists wordLists() const;
    Result<void> setWordList(std::string_view name, const std::vector<std::string> &items);
    // The list as saved in the project, if it has its own copy.
    std::optional<std::vector<std::string>> savedWordList(std::string_view name) const;
    // Removes the project's saved copy, so the file or built-in list of that name shows again.
    Result<void> resetWordList(std::string_view name);
    std::filesystem::path wildcardDirectory() const { return m_dir / "wildcards"; }

    // Datasets and images
    Result<int64_t> ensureDataset(std::string_view name, std::string_view kind,
                                  std::string_view source);
    std::vector<SplitCount> imageCounts() const;
    // The datasets of a kind ("real", "synthetic"; empty: all) in the order they were made, with
    // their image counts.
    std::vector<DatasetInfo> datasets(std::string_view kind = {}) const;
    // The first image (lowest id) of each class among images of a kind and split, for at most
    // `classes` classes: one example per class, e.g. for a preview.
    std::vector<int64_t> firstImagePerClass(std::string_view kind, std::string_view split,
                                            int classes) const;
    int64_t imageCount() const;
    // SQLite's integrity_check and foreign_key_check: "ok", else what is wrong (one line each).
    std::string checkIntegrity() const;
    std::vector<ImageRecord> images(int64_t classId, std::string_view kind, std::string_view split,
                                    int limit, int offset = 0) const;
    // A value of project_info ("name", "class_list", "scores.reference", ...); empty when unset.
    std::string info(std::string_view key) const;

private:
    Project() = default;
    Result<void> loadClasses();
    Result<void> appendPromptVersion(std::optional<int64_t> classId,
                                     std::optional<std::string> body);
    std::optional<PromptVersion> latestPrompt(std::optional<int64_t> classId) const;

    std::filesystem::path m_dir;
    std::unique_ptr<Database> m_db;
    std::vector<ProjectClass> m_classes;
};

std::string nowIso8601();

// Sets a project_info value, inside the caller's transaction.
Result<void> writeProjectInfo(Database &db, std::string_view key, std::string_view value);

} // namespace synset
