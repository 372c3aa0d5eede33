#include "Importer.h"

#include "ImportNames.h"

#include "Idx.h"
#include "ImageLoader.h"
#include "common/FileUtil.h"
#include "common/TextUtil.h"
#include "project/ImageStore.h"
#include "project/Project.h"

#include "common/Json.h"

#include <algorithm>
#include <map>
#include <system_error>

namespace fs = std::filesystem;

namespace synset {

namespace {

struct IdxPair
{
    fs::path images;
    fs::path labels;
    std::string split;
};

std::vector<IdxPair> findIdxPairs(const fs::path &dir, std::vector<std::string> &errors)
{
    std::vector<IdxPair> pairs;
    std::error_code ec;
    std::vector<fs::path> entries;
    for (const fs::directory_entry &e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file(ec))
            entries.push_back(e.path());
    std::sort(entries.begin(), entries.end());
    for (const fs::path &p : entries) {
        const std::string name = p.filename().string();
        if (!importnames::isIdxImages(name))
            continue;
        std::string labelName =
            text::replaceAll(text::replaceAll(name, "images", "labels"), "idx3", "idx1");
        const fs::path labels = dir / labelName;
        if (!fs::exists(labels, ec)) {
            errors.push_back(p.string() + ": no matching labels file " + labelName);
            continue;
        }
        pairs.push_back({p, labels, importnames::splitFromName(name, "train")});
    }
    return pairs;
}

std::string datasetNameFor(const fs::path &source, const ImportOptions &options)
{
    if (!options.datasetName.empty())
        return options.datasetName;
    fs::path p = source;
    if (p.filename().empty())
        p = p.parent_path();
    return p.filename().string();
}

struct ImportStart
{
    int64_t datasetId = 0;
    int64_t importId = 0;
};

// Every import: the dataset it fills, and a row in imports that finishImportRecord() completes.
Result<ImportStart> startImport(Project &project, const std::string &datasetName,
                                const fs::path &source)
{
    Result<int64_t> datasetId = project.ensureDataset(datasetName, "real", source.string());
    if (!datasetId)
        return makeError(datasetId.error());
    Result<int64_t> importId = beginImportRecord(project.database(), *datasetId, source.string());
    if (!importId)
        return makeError(importId.error());
    return ImportStart{*datasetId, *importId};
}

} // namespace

SourceKind detectSourceKind(const fs::path &source)
{
    std::error_code ec;
    if (!fs::is_directory(source, ec))
        return SourceKind::Unknown;
    bool hasDirs = false;
    for (const fs::directory_entry &e : fs::directory_iterator(source, ec)) {
        if (e.is_regular_file(ec) && importnames::isIdxImages(e.path().filename().string()))
            return SourceKind::Idx;
        if (e.is_directory(ec))
            hasDirs = true;
    }
    return hasDirs ? SourceKind::ImageFolder : SourceKind::Unknown;
}

Result<ImportReport> importSource(Project &project, const fs::path &source,
                                  const ImportOptions &options, const ProgressFn &progress,
                                  const CancelToken *cancel)
{
    std::error_code ec;
    if (!fs::exists(source, ec))
        return makeError(source.string() + ": no such folder");
    switch (detectSourceKind(source)) {
    case SourceKind::Idx:
        return importIdxFolder(project, source, options, progress, cancel);
    case SourceKind::ImageFolder:
        return importImageFolder(project, source, options, progress, cancel);
    case SourceKind::Unknown:
        break;
    }
    return makeError(source.string() + ": neither an IDX folder (*-images-idx3-ubyte[.gz]) nor an "
                                       "ImageFolder (wnid class folders)");
}

Result<ImportReport> importIdxFolder(Project &project, const fs::path &dir,
                                     const ImportOptions &options, const ProgressFn &progress,
                                     const CancelToken *cancel)
{
    ImportReport report;
    report.datasetName = datasetNameFor(dir, options);
    const std::vector<IdxPair> pairs = findIdxPairs(dir, report.errors);
    if (pairs.empty())
        return makeError(dir.string() + ": no IDX image files (*-images-idx3-ubyte[.gz]) found");
    Database &db = project.database();
    Result<ImportStart> started = startImport(project, report.datasetName, dir);
    if (!started)
        return makeError(started.error());
    const int64_t datasetId = started->datasetId;
    const int64_t importId = started->importId;

    const fs::path destDir = fs::path("data") / importnames::portable(report.datasetName);
    std::error_code ec;
    if (options.copyFiles) {
        fs::create_directories(project.directory() / destDir, ec);
        if (ec)
            return makeError((project.directory() / destDir).string() + ": cannot create (" +
                             ec.message() + ")");
    }
    const int64_t classCount = static_cast<int64_t>(project.classes().size());

    for (size_t p = 0; p < pairs.size() && !report.cancelled; ++p) {
        const IdxPair &pair = pairs[p];
        const double base = double(p) / pairs.size(), span = 1.0 / pairs.size();
        const std::string split = options.split.empty() ? pair.split : options.split;
        const std::string stored = options.copyFiles ? (destDir / pair.images.filename()).string()
                                                     : fs::absolute(pair.images).string();
        Result<int64_t> existing = countImagesOfFile(db, datasetId, stored);
        if (existing && *existing > 0) {
            report.skipped += *existing;
            continue;
        }
        reportProgress(progress, base, "Reading " + pair.images.filename().string());
        Result<idx::IdxFile> labels = idx::read(pair.labels);
        if (!labels) {
            report.errors.push_back(labels.error());
            continue;
        }
        Result<idx::IdxFile> images = idx::read(pair.images);
        if (!images) {
            report.errors.push_back(images.error());
            continue;
        }
        if (images->dims.size() != 3) {
            report.errors.push_back(pair.images.string() +
                                    ": expected a rank-3 IDX file (count, rows, columns)");
            continue;
        }
        if (labels->dims.size() != 1 || labels->dims[0] != images->dims[0]) {
            report.errors.push_back(pair.labels.string() + ": holds " +
                                    std::to_string(labels->dims[0]) + " labels for " +
                                    std::to_string(images->dims[0]) + " images");
            continue;
        }
        const uint8_t *labelData = labels->data.data() + labels->headerSize;
        const uint32_t count = images->dims[0];
        const auto badLabel =
            std::find_if(labelData, labelData + count, [&](uint8_t l) { return l >= classCount; });
        if (badLabel != labelData + count) {
            report.errors.push_back(pair.labels.string() + ": label " + std::to_string(*badLabel) +
                                    " at record " + std::to_string(badLabel - labelData) +
                                    " but the project has " + std::to_string(classCount) +
                                    " classes");
            continue;
        }
        if (options.copyFiles) {
            // Copy the validated files first; rows are written only once both files are in place.
            const auto copyInto = [&](const fs::path &src) -> bool {
                Result<void> r =
                    files::copyAtomically(src, project.directory() / destDir / src.filename());
                if (!r)
                    report.errors.push_back(r.error());
                return r.ok();
            };
            if (!copyInto(pair.images) || !copyInto(pair.labels))
                continue;
        }
        {
            Transaction tx(db);
            Result<ImageWriter> ins = ImageWriter::prepare(db, datasetId);
            if (!tx.active() || !ins) {
                report.errors.push_back(!tx.active() ? tx.beginError() : ins.error());
                continue;
            }
            const std::string now = nowIso8601();
            const std::vector<ProjectClass> &classes = project.classes();
            std::string failure;
            for (uint32_t i = 0; i < count; ++i) {
                if ((i & 4095) == 0) {
                    if (isCancelled(cancel)) {
                        report.cancelled = true;
                        break;
                    }
                    reportProgress(progress, base + span * i / count,
                                   "Importing " + pair.images.filename().string());
                }
                NewImage image;
                image.classId = classes[labelData[i]].id;
                image.split = split;
                image.file = stored;
                image.record = static_cast<int64_t>(i);
                image.width = int(images->dims[2]);
                image.height = int(images->dims[1]);
                image.channels = 1;
                if (Result<int64_t> r = ins->add(image, now); !r) {
                    failure = r.error();
                    break;
                }
            }
            if (report.cancelled)
                break; // rolled back: nothing of this file is half in
            if (!failure.empty()) {
                report.errors.push_back(pair.images.string() + ": " + failure);
                continue;
            }
            if (Result<void> r = tx.commit(); !r) {
                report.errors.push_back(pair.images.string() + ": " + r.error());
                continue;
            }
            report.imported += count;
        }
    }
    finishImportRecord(db, importId, report.imported, report.errors);
    reportProgress(progress, 1.0, "Import finished");
    return report;
}

Result<ImportReport> importImageFolder(Project &project, const fs::path &dir,
                                       const ImportOptions &options, const ProgressFn &progress,
                                       const CancelToken *cancel)
{
    ImportReport report;
    report.datasetName = datasetNameFor(dir, options);
    std::error_code ec;

    struct ClassDir
    {
        fs::path path;
        std::string split;
        const ProjectClass *cls;
    };
    std::vector<ClassDir> classDirs;
    const auto addClassDirs = [&](const fs::path &root, const std::string &split) {
        std::vector<fs::path> subdirs;
        for (const fs::directory_entry &e : fs::directory_iterator(root, ec))
            if (e.is_directory(ec))
                subdirs.push_back(e.path());
        std::sort(subdirs.begin(), subdirs.end());
        for (const fs::path &d : subdirs) {
            const std::string name = d.filename().string();
            const ProjectClass *cls = project.classByWnid(name);
            if (!cls) {
                report.errors.push_back(d.string() + ": folder '" + name +
                                        "' is not a wnid of this project's classes; skipped");
                continue;
            }
            classDirs.push_back({d, split, cls});
        }
    };
    static const char *kSplitDirs[] = {"train", "val", "validation", "test"};
    bool splitLayout = false;
    for (const char *s : kSplitDirs) {
        if (fs::is_directory(dir / s, ec)) {
            splitLayout = true;
            addClassDirs(dir / s, options.split.empty()
                                      ? (std::string(s) == "validation" ? "val" : s)
                                      : options.split);
        }
    }
    if (!splitLayout)
        addClassDirs(dir, options.split.empty() ? "train" : options.split);

    // Files are listed one class folder at a time (an ImageNet class holds about 1,300), so that
    // memory does not grow with the source; a first pass only counts them, for progress.
    const auto imagesIn = [&](const fs::path &classDir, std::vector<fs::path> *out) {
        int64_t count = 0;
        for (const fs::directory_entry &e : fs::directory_iterator(classDir, ec)) {
            const std::string ext = text::toLower(e.path().extension().string());
            if ((ext == ".png" || ext == ".jpg" || ext == ".jpeg") && e.is_regular_file(ec)) {
                ++count;
                if (out)
                    out->push_back(e.path());
            }
        }
        if (out)
            std::sort(out->begin(), out->end());
        return count;
    };
    int64_t total = 0;
    for (const ClassDir &cd : classDirs)
        total += imagesIn(cd.path, nullptr);
    if (total == 0)
        return makeError(
            dir.string() + ": no PNG or JPEG images in wnid class folders" +
            (report.errors.empty() ? std::string() : " (" + report.errors.front() + ")"));

    Database &db = project.database();
    Result<ImportStart> started = startImport(project, report.datasetName, dir);
    if (!started)
        return makeError(started.error());
    const int64_t datasetId = started->datasetId;
    const int64_t importId = started->importId;
    const fs::path destRoot = fs::path("data") / importnames::portable(report.datasetName);

    struct Row
    {
        int64_t classId;
        std::string split, file;
        int width, height, channels;
        std::string source;
    };
    std::vector<Row> batch;
    const auto flush = [&]() -> bool {
        if (batch.empty())
            return true;
        Transaction tx(db);
        Result<ImageWriter> ins = ImageWriter::prepare(db, datasetId);
        if (!tx.active() || !ins) {
            report.errors.push_back(!tx.active() ? tx.beginError() : ins.error());
            return false;
        }
        const std::string now = nowIso8601();
        for (const Row &r : batch) {
            NewImage image;
            image.classId = r.classId;
            image.split = r.split;
            image.file = r.file;
            image.width = r.width;
            image.height = r.height;
            image.channels = r.channels;
            image.provenance = dumpJson(Json{{"source", r.source}});
            if (Result<int64_t> res = ins->add(image, now); !res) {
                report.errors.push_back(r.source + ": " + res.error());
                return false;
            }
        }
        if (Result<void> res = tx.commit(); !res) {
            report.errors.push_back(res.error());
            return false;
        }
        report.imported += static_cast<int64_t>(batch.size());
        batch.clear();
        return true;
    };

    // One class folder's files: already imported ones are skipped (so an interrupted import
    // resumes and a grown folder adds only what is new); sizes come from the headers.
    int64_t done = 0;
    const auto importClassFiles = [&](const ClassDir &cd, const std::vector<fs::path> &files) {
        for (const fs::path &path : files) {
            if (isCancelled(cancel)) {
                report.cancelled = true;
                return false;
            }
            if ((done++ & 255) == 0)
                reportProgress(progress, double(done) / double(total),
                               "Importing " + path.filename().string());
            const fs::path rel = destRoot / cd.split / cd.cls->wnid /
                                 importnames::portable(path.filename().string());
            const std::string stored =
                options.copyFiles ? rel.string() : fs::absolute(path).string();
            if (Result<int64_t> existing = countImagesOfFile(db, datasetId, stored);
                existing && *existing > 0) {
                ++report.skipped;
                continue;
            }
            Result<ImageHeader> header = readImageHeader(path);
            if (!header) {
                report.errors.push_back(header.error());
                continue;
            }
            if (options.copyFiles) {
                fs::create_directories((project.directory() / rel).parent_path(), ec);
                if (Result<void> r = files::copyAtomically(path, project.directory() / rel); !r) {
                    report.errors.push_back(r.error());
                    continue;
                }
            }
            batch.push_back({cd.cls->id, cd.split, stored, header->width, header->height,
                             header->channels, path.string()});
            if (batch.size() >= 1024 && !flush())
                return false;
        }
        return true;
    };
    std::vector<fs::path> files;
    for (const ClassDir &cd : classDirs) {
        files.clear();
        imagesIn(cd.path, &files);
        if (!importClassFiles(cd, files))
            break;
    }
    flush();
    finishImportRecord(db, importId, report.imported, report.errors);
    reportProgress(progress, 1.0, "Import finished");
    return report;
}

} // namespace synset
