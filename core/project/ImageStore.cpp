#include "ImageStore.h"

#include "Project.h"

namespace synset {

namespace {

constexpr const char *kRowColumns =
    "SELECT i.id, c.class_index, i.file, i.record, i.width, i.height, i.channels, d.kind "
    "FROM images i JOIN classes c ON c.id = i.class_id JOIN datasets d ON d.id = i.dataset_id ";

Result<std::vector<ImageRow>> readRows(Statement &st)
{
    std::vector<ImageRow> rows;
    while (st.step())
        rows.push_back({st.columnInt(0), int(st.columnInt(1)), st.columnText(2), st.columnInt(3),
                        int(st.columnInt(4)), int(st.columnInt(5)), int(st.columnInt(6)),
                        st.columnText(7)});
    if (st.failed())
        return makeError(st.error());
    return rows;
}

} // namespace

Result<std::vector<ImageRow>> realImageRows(Database &db, const std::string &split, int classIndex)
{
    Result<Statement> st =
        db.prepare(std::string(kRowColumns) + "WHERE d.kind = 'real' AND i.split = ? " +
                   (classIndex >= 0 ? "AND c.class_index = ? " : "") + "ORDER BY i.id");
    if (!st)
        return makeError(st.error());
    st->bind(1, split);
    if (classIndex >= 0)
        st->bind(2, classIndex);
    return readRows(*st);
}

Result<std::vector<ImageRow>> allImageRows(Database &db)
{
    Result<Statement> st = db.prepare(std::string(kRowColumns) + "ORDER BY i.id");
    if (!st)
        return makeError(st.error());
    return readRows(*st);
}

Result<std::vector<ImageRow>> imageRowsById(Database &db, const std::vector<int64_t> &ids)
{
    Result<Statement> st = db.prepare(std::string(kRowColumns) + "WHERE i.id = ?");
    if (!st)
        return makeError(st.error());
    std::vector<ImageRow> rows;
    rows.reserve(ids.size());
    for (int64_t id : ids) {
        st->reset();
        st->bind(1, id);
        if (!st->step())
            return makeError(st->failed()
                                 ? st->error()
                                 : "image " + std::to_string(id) + " is not in the project");
        rows.push_back({st->columnInt(0), int(st->columnInt(1)), st->columnText(2),
                        st->columnInt(3), int(st->columnInt(4)), int(st->columnInt(5)),
                        int(st->columnInt(6)), st->columnText(7)});
    }
    return rows;
}

Result<std::vector<ImageShapeCount>> realImageShapes(Database &db)
{
    Result<Statement> st =
        db.prepare("SELECT i.width, i.height, i.channels, COUNT(*) FROM images i "
                   "JOIN datasets d ON d.id = i.dataset_id WHERE d.kind = 'real' "
                   "GROUP BY i.width, i.height, i.channels");
    if (!st)
        return makeError(st.error());
    std::vector<ImageShapeCount> out;
    while (st->step())
        out.push_back({int(st->columnInt(0)), int(st->columnInt(1)), int(st->columnInt(2)),
                       st->columnInt(3)});
    if (st->failed())
        return makeError(st->error());
    return out;
}

Result<ImageWriter> ImageWriter::prepare(Database &db, int64_t datasetId)
{
    Result<Statement> st = db.prepare(
        "INSERT INTO images(dataset_id, class_id, split, file, record, width, height, channels, "
        "provenance, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return makeError(st.error());
    return ImageWriter(db, std::move(*st), datasetId);
}

Result<int64_t> ImageWriter::add(const NewImage &image, const std::string &createdAt)
{
    m_insert.reset();
    m_insert.bind(1, m_datasetId)
        .bind(2, image.classId)
        .bind(3, image.split)
        .bind(4, image.file)
        .bind(5, image.record)
        .bind(6, image.width)
        .bind(7, image.height)
        .bind(8, image.channels)
        .bind(9, image.provenance)
        .bind(10, createdAt);
    if (Result<void> r = m_insert.exec(); !r)
        return makeError(r.error());
    return m_db->lastInsertId();
}

int64_t countImagesOfClass(Database &db, int64_t datasetId, int64_t classId)
{
    Result<Statement> st =
        db.prepare("SELECT count(*) FROM images WHERE dataset_id = ? AND class_id = ?");
    if (!st)
        return 0;
    st->bind(1, datasetId).bind(2, classId);
    return st->step() ? st->columnInt(0) : 0;
}

Result<int64_t> countImagesOfFile(Database &db, int64_t datasetId, const std::string &file)
{
    Result<Statement> st =
        db.prepare("SELECT count(*) FROM images WHERE dataset_id = ? AND file = ?");
    if (!st)
        return makeError(st.error());
    st->bind(1, datasetId).bind(2, file);
    return st->step() ? st->columnInt(0) : 0;
}

Result<int64_t> beginImportRecord(Database &db, int64_t datasetId, const std::string &source)
{
    Result<Statement> st =
        db.prepare("INSERT INTO imports(dataset_id, source, started_at) VALUES (?, ?, ?)");
    if (!st)
        return makeError(st.error());
    if (Result<void> r = st->bind(1, datasetId).bind(2, source).bind(3, nowIso8601()).exec(); !r)
        return makeError(r.error());
    return db.lastInsertId();
}

void finishImportRecord(Database &db, int64_t importId, int64_t imported,
                        const std::vector<std::string> &errors)
{
    std::string text;
    for (const std::string &e : errors)
        text += e + "\n";
    Result<Statement> st = db.prepare(
        "UPDATE imports SET finished_at = ?, imported = ?, failed = ?, errors = ? WHERE id = ?");
    if (st)
        (void)st->bind(1, nowIso8601())
            .bind(2, imported)
            .bind(3, static_cast<int64_t>(errors.size()))
            .bind(4, text)
            .bind(5, importId)
            .exec();
}

} // namespace synset
