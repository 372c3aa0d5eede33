// Export of curated images as an ImageFolder tree (one folder per wnid) with a manifest.csv of
// provenance and scores.
#include "Curation.h"
#include "CurationStore.h"

#include "common/FileUtil.h"
#include "common/Json.h"
#include "common/TextUtil.h"
#include "data/ImageLoader.h"
#include "data/PngText.h"
#include "project/ImageStore.h"
#include "project/Project.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace synset {

using files::writeAtomically;
using text::toLower;

namespace {

std::string csvField(const std::string &s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    return "\"" + text::replaceAll(s, "\"", "\"\"") + "\"";
}

// The class folders of an export numbered as torchvision's ImageFolder numbers them (sorted
// folder names), with the project classes that have nothing to export listed apart.
std::vector<ExportedClass> imageFolderClasses(const Project &project, const std::set<int> &present,
                                              std::vector<std::string> &missing)
{
    std::vector<ExportedClass> classes;
    for (const ProjectClass &c : project.classes()) {
        if (!present.count(c.classIndex)) {
            missing.push_back(c.wnid);
            continue;
        }
        ExportedClass e;
        e.folder = sanitizeFileName(c.wnid);
        e.wnid = c.wnid;
        e.name = c.name;
        e.projectIndex = c.classIndex;
        classes.push_back(std::move(e));
    }
    std::sort(classes.begin(), classes.end(),
              [](const ExportedClass &a, const ExportedClass &b) { return a.folder < b.folder; });
    for (size_t i = 0; i < classes.size(); ++i)
        classes[i].index = int(i);
    return classes;
}

std::string classesJson(const ExportReport &report)
{
    using Ordered = nlohmann::ordered_json;
    Ordered mapping = Ordered::object(), list = Ordered::array(), missing = Ordered::array();
    for (const ExportedClass &c : report.perClass) {
        mapping[c.folder] = c.index;
        list.push_back({{"folder", c.folder},
                        {"wnid", c.wnid},
                        {"name", c.name},
                        {"class_index", c.index},
                        {"project_class_index", c.projectIndex},
                        {"synthetic", c.synthetic},
                        {"real", c.real}});
    }
    for (const std::string &wnid : report.missingWnids)
        missing.push_back(wnid);
    const Ordered j = {{"class_to_idx", mapping}, {"classes", list}, {"missing", missing}};
    return dumpJson(j, 2) + "\n";
}

} // namespace

std::string sanitizeFileName(std::string_view name)
{
    std::string out;
    for (char ch : name) {
        const unsigned char c = static_cast<unsigned char>(ch);
        out += (std::isalnum(c) && c < 128) || c == '-' || c == '_' || c == '.' ? ch : '_';
    }
    while (!out.empty() && out.front() == '.')
        out.front() = '_';
    if (out.empty())
        out = "_";
    return out;
}

namespace {

namespace fs = std::filesystem;

// One image to export: a generated one (with its scores) or a real one.
struct ExportItem
{
    int64_t id = 0;
    int classIndex = 0;
    std::string file;
    int64_t record = -1;
    const ScoredImage *scored = nullptr; // null for a real image
    std::string name;                    // its file name in the class folder
};

// An export goes into a new or empty folder, never over earlier work.
Result<void> checkExportTarget(const fs::path &out)
{
    std::error_code ec;
    if (!fs::exists(out, ec))
        return {};
    if (!fs::is_directory(out, ec))
        return makeError(out.string() + ": exists and is not a folder");
    if (!fs::is_empty(out, ec))
        return makeError(out.string() + ": the folder is not empty; export into a new one");
    return {};
}

bool takesGenerated(const ExportOptions &options, std::string_view state)
{
    return options.acceptedOnly ? state == "accepted" : state != "rejected";
}

// Files ImageFolder reads as they are: linked or copied byte for byte, keeping their extension
// (a PNG's parameters, a JPEG's bytes). Anything else (an IDX record) is decoded into a PNG.
bool passesThrough(const std::string &file, int64_t record)
{
    const std::string ext = toLower(fs::path(file).extension().string());
    return record < 0 && (ext == ".png" || ext == ".jpg" || ext == ".jpeg");
}

std::string exportName(const std::string &stem, const std::string &file, int64_t record)
{
    return stem + (passesThrough(file, record) ? fs::path(file).extension().string() : ".png");
}

// How many images each class exports, from the lean review rows and the real counts: the class
// folders and their ImageFolder numbers are known before any image is written.
std::map<int, int64_t> exportCounts(Project &project, const ExportOptions &options)
{
    std::map<int, int64_t> counts;
    if (Result<std::vector<ReviewEntry>> entries = reviewEntries(project); entries)
        for (const ReviewEntry &e : *entries)
            if (takesGenerated(options, reviewStateName(e.state)))
                ++counts[e.classIndex];
    if (options.withReal)
        for (const SplitCount &c : project.imageCounts())
            if (c.kind == "real" && c.split == options.realSplit && c.count > 0)
                if (const ProjectClass *pc = project.classByWnid(c.wnid))
                    counts[pc->classIndex] += c.count;
    return counts;
}

// One class's images: the generated ones the options take, then its real images of the split.
Result<std::vector<ExportItem>> classExportItems(Project &project, int classIndex,
                                                 const std::vector<ScoredImage> &synthetic,
                                                 const ExportOptions &options)
{
    std::vector<ExportItem> items;
    for (const ScoredImage &s : synthetic)
        if (takesGenerated(options, s.state))
            items.push_back(
                {s.imageId, s.classIndex, s.file, s.record, &s,
                 exportName(sanitizeFileName(s.dataset) + "_" + std::to_string(s.imageId), s.file,
                            s.record)});
    if (options.withReal) {
        Result<std::vector<ImageRow>> real =
            realImageRows(project.database(), options.realSplit, classIndex);
        if (!real)
            return makeError(real.error());
        for (const ImageRow &r : *real)
            items.push_back({r.id, r.classIndex, r.file, r.record, nullptr,
                             exportName("real_" + std::to_string(r.id), r.file, r.record)});
    }
    return items;
}

// A file ImageFolder reads is hard-linked where the file system allows (no bytes copied: an
// export of 1.3 M images takes minutes) and else copied; anything else is decoded and written as
// PNG. Counts what was linked.
Result<void> writeExportImage(const Project &project, const ExportItem &item,
                              const fs::path &target, bool link, int64_t &linked)
{
    const fs::path source = project.resolve(item.file);
    if (passesThrough(item.file, item.record)) {
        std::error_code ec;
        if (link) {
            fs::create_hard_link(source, target, ec);
            if (!ec) {
                ++linked;
                return {};
            }
            if (!fs::exists(source))
                return makeError(source.string() + ": the image file is missing");
            ec.clear(); // another file system, or links not allowed: copy
        }
        fs::copy_file(source, target, ec);
        if (ec)
            return makeError(target.string() + ": cannot write (" + ec.message() + "; copying " +
                             source.string() + ")");
        return {};
    }
    Result<ImageData> image = loadImage(source, item.record);
    if (!image)
        return makeError(image.error());
    return writePngWithText(target, *image, "Comment", "synset-studio");
}

constexpr const char *kManifestHeader =
    "path,wnid,class_index,project_class_index,source,prompt,seed,guidance,sampler,"
    "self_confidence,margin,entropy,real_distance,uniqueness,duplicate_of,review\n";

// The image's manifest.csv row: where it went, its class both ways, and for a generated image
// how it was made, its scores and its review state.
std::string manifestRow(const ExportItem &item, const ExportedClass &c)
{
    std::ostringstream row;
    row << csvField(c.folder + "/" + item.name) << ',' << c.wnid << ',' << c.index << ','
        << c.projectIndex << ',' << (item.scored ? "synthetic" : "real") << ',';
    const ScoredImage *s = item.scored;
    if (!s) {
        row << ",,,,,,,,,,\n";
        return row.str();
    }
    Json p;
    if (Result<Json> prov = parseStoredJson(s->provenance); prov)
        p = std::move(*prov);
    row << csvField(json::string(p, "prompt")) << ',' << csvField(json::string(p, "seed")) << ','
        << (json::member(p, "guidance").is_number()
                ? text::shortNumber(json::number(p, "guidance", 0))
                : "")
        << ',' << csvField(json::string(p, "sampler")) << ',';
    if (s->scored)
        row << text::shortNumber(s->selfConfidence) << ',' << text::shortNumber(s->margin) << ','
            << text::shortNumber(s->entropy) << ',' << text::shortNumber(s->realDistance) << ','
            << text::shortNumber(s->uniqueness) << ','
            << (s->duplicateOf ? std::to_string(s->duplicateOf) : "") << ',';
    else
        row << ",,,,,,";
    row << s->state << '\n';
    return row.str();
}

} // namespace

Result<ExportReport> exportImageFolder(Project &project, const std::filesystem::path &out,
                                       const ExportOptions &options, const ProgressFn &progress,
                                       const CancelToken *cancel)
{
    if (Result<void> r = checkExportTarget(out); !r)
        return makeError(r.error());
    // Class folders numbered as ImageFolder will number them.
    const std::map<int, int64_t> counts = exportCounts(project, options);
    std::set<int> present;
    int64_t total = 0;
    for (const auto &[classIndex, n] : counts) {
        present.insert(classIndex);
        total += n;
    }
    if (total == 0)
        return makeError(std::string("nothing to export: project ") + project.name() + " has no " +
                         (options.acceptedOnly ? "accepted " : "") + "generated images" +
                         (options.withReal ? " and no real " + options.realSplit + " images" : ""));
    ExportReport report;
    report.perClass = imageFolderClasses(project, present, report.missingWnids);

    // Everything is written into a staging folder that replaces out at the end.
    std::error_code ec;
    const fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    fs::create_directories(parent, ec);
    const fs::path staging = parent / ("." + out.filename().string() + ".partial");
    fs::remove_all(staging, ec);
    if (!fs::create_directories(staging, ec))
        return makeError(staging.string() + ": cannot create the folder (" + ec.message() + ")");
    const auto fail = [&](const std::string &message) -> Result<ExportReport> {
        std::error_code ignored;
        fs::remove_all(staging, ignored);
        return makeError(message);
    };
    std::ofstream manifest(staging / "manifest.csv", std::ios::binary);
    manifest << kManifestHeader;

    // One class at a time, so that memory holds one class's rows whatever the project's size.
    std::sort(report.perClass.begin(), report.perClass.end(),
              [](const ExportedClass &a, const ExportedClass &b) {
                  return a.projectIndex < b.projectIndex;
              });
    int64_t done = 0;
    for (ExportedClass &c : report.perClass) {
        const std::vector<ScoredImage> synthetic = scoredImages(project, {c.projectIndex});
        Result<std::vector<ExportItem>> items =
            classExportItems(project, c.projectIndex, synthetic, options);
        if (!items)
            return fail(items.error());
        const fs::path dir = staging / c.folder;
        if (!fs::create_directories(dir, ec) && ec)
            return fail(dir.string() + ": cannot create the folder (" + ec.message() + ")");
        for (const ExportItem &it : *items) {
            if (isCancelled(cancel))
                return fail("export cancelled");
            if (Result<void> r =
                    writeExportImage(project, it, dir / it.name, options.hardLinks, report.linked);
                !r)
                return fail(r.error());
            manifest << manifestRow(it, c);
            ++(it.scored ? report.synthetic : report.real);
            ++(it.scored ? c.synthetic : c.real);
            if (++done % 256 == 0 || done == total)
                reportProgress(progress, double(done) / double(total), "Exporting");
        }
    }
    std::sort(report.perClass.begin(), report.perClass.end(),
              [](const ExportedClass &a, const ExportedClass &b) { return a.index < b.index; });

    manifest.close();
    if (!manifest)
        return fail((staging / "manifest.csv").string() + ": cannot write (disk full?)");
    if (Result<void> r = writeAtomically(staging / "classes.json", classesJson(report)); !r)
        return fail(r.error());
    if (fs::exists(out, ec))
        fs::remove(out, ec); // the empty folder checked above
    fs::rename(staging, out, ec);
    if (ec)
        return fail(out.string() + ": cannot move the export into place (" + ec.message() + ")");
    report.classes = int(report.perClass.size());
    report.manifest = out / "manifest.csv";
    return report;
}

} // namespace synset
