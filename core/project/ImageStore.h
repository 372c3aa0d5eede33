// The images table's one writer (and the imports log's): real images from the importers, generated
// ones from jobs and the Samples panel. Rows are added inside the caller's transaction with one
// prepared statement.
#pragma once

#include "Database.h"

#include "common/Result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace synset {

struct NewImage
{
    int64_t classId = 0;
    std::string split = "train";
    std::string file;    // relative to the project
    int64_t record = -1; // the image's index in an IDX file; -1 for a file of its own
    int width = 0, height = 0, channels = 1;
    std::optional<std::string> provenance; // JSON
};

class ImageWriter
{
public:
    static Result<ImageWriter> prepare(Database &db, int64_t datasetId);
    // The new row's id.
    Result<int64_t> add(const NewImage &image, const std::string &createdAt);

private:
    ImageWriter(Database &db, Statement insert, int64_t datasetId)
        : m_db(&db)
        , m_insert(std::move(insert))
        , m_datasetId(datasetId)
    {}
    Database *m_db;
    Statement m_insert;
    int64_t m_datasetId;
};

// A stored image as the loaders need it.
struct ImageRow
{
    int64_t id = 0;
    int classIndex = 0;
    std::string file;
    int64_t record = -1;
    int width = 0, height = 0, channels = 1;
    std::string datasetKind; // real or synthetic
};
// The real images of a split (of one class, or of all: classIndex -1), or every image; by id.
Result<std::vector<ImageRow>> realImageRows(Database &db, const std::string &split,
                                            int classIndex = -1);
Result<std::vector<ImageRow>> allImageRows(Database &db);
// The rows of these ids, in their order (one lookup each: for a few, not for millions).
Result<std::vector<ImageRow>> imageRowsById(Database &db, const std::vector<int64_t> &ids);

struct ImageShapeCount
{
    int width = 0, height = 0, channels = 0;
    int64_t count = 0;
};
// How many real images have each size and channel count.
Result<std::vector<ImageShapeCount>> realImageShapes(Database &db);

// Images of a dataset: of one class, or those stored under one file (an IDX file's records).
int64_t countImagesOfClass(Database &db, int64_t datasetId, int64_t classId);
Result<int64_t> countImagesOfFile(Database &db, int64_t datasetId, const std::string &file);

// The imports log: a row when an import starts, completed with its counts and errors when it
// ends.
Result<int64_t> beginImportRecord(Database &db, int64_t datasetId, const std::string &source);
void finishImportRecord(Database &db, int64_t importId, int64_t imported,
                        const std::vector<std::string> &errors);

} // namespace synset
