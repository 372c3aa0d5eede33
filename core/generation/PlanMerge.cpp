// Merging a plan's finished shards into the project, on the host that holds it: each shard is
// checked file by file against the plan, linked into data/synthetic/NAME/ and added in one
// transaction with the record that it is merged, so a merge run twice adds nothing and a merge
// that dies leaves each shard merged whole or not at all.
#include "GenerationPlan.h"
#include "PlanStore.h"

#include "common/FileUtil.h"
#include "common/Json.h"
#include "data/ImageLoader.h"
#include "data/PngText.h"
#include "project/ImageStore.h"
#include "project/Project.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

namespace fs = std::filesystem;

namespace synset {

namespace {

struct ShardImage
{
    std::string wnid, file, provenance; // file: relative to the shard's folder
    int64_t index = 0;
    int width = 0, height = 0, channels = 0;
    const ImageRecipe *recipe = nullptr;
    int classPosition = 0;
};

// The images the shard's manifest lists, matched to the plan's recipes of the shard: the same
// units, the same images.
Result<std::vector<ShardImage>> readManifest(const FrozenPlan &plan, int shard,
                                             const std::vector<PlanUnit> &units)
{
    const fs::path file = shardDirectory(plan.directory, shard) / "manifest.json";
    Result<std::string> text = files::readText(file);
    if (!text)
        return makeError(text.error());
    Result<Json> m = parseJson(*text);
    if (!m)
        return makeError(file.string() + ": " + m.error());
    if (json::string(*m, "plan") != plan.name || json::integer(*m, "shard", -1) != shard)
        return makeError(file.string() + ": the manifest of another plan or shard");
    std::map<std::pair<std::string, int64_t>, std::pair<const ImageRecipe *, int>> recipes;
    for (const PlanUnit &u : units)
        for (size_t i = 0; i < u.images.size(); ++i)
            recipes[{u.images[i].wnid, u.images[i].index}] = {&u.images[i], u.classPositions[i]};
    std::vector<ShardImage> out;
    for (const Json &j : json::elements(json::member(*m, "images"))) {
        ShardImage s;
        s.wnid = json::string(j, "wnid");
        s.index = json::integer(j, "index", -1);
        s.file = json::string(j, "file");
        s.provenance = json::string(j, "provenance");
        s.width = json::int32(j, "width", 0);
        s.height = json::int32(j, "height", 0);
        s.channels = json::int32(j, "channels", 0);
        const auto it = recipes.find({s.wnid, s.index});
        if (it == recipes.end() || s.file.empty() || s.file.find("..") != std::string::npos ||
            !it->second.first)
            return makeError(file.string() + ": image " + s.wnid + " " + std::to_string(s.index) +
                             " is not one of the shard's");
        s.recipe = it->second.first;
        s.classPosition = it->second.second;
        it->second.first = nullptr; // listed once
        out.push_back(std::move(s));
    }
    if (out.size() != recipes.size())
        return makeError(file.string() + ": lists " + std::to_string(out.size()) + " of the " +
                         std::to_string(recipes.size()) + " images of shard " +
                         std::to_string(shard));
    return out;
}

// Each PNG decodes at the size its manifest says and carries the parameters its recipe gives;
// the first that does not is named. On all cores: a shard holds thousands of large PNGs.
Result<void> checkShardImages(const FrozenPlan &plan, const fs::path &dir,
                              const std::vector<ShardImage> &images, const CancelToken *cancel)
{
    const GeneratorDescription model = plan.modelDescription();
    std::atomic<size_t> next{0};
    std::mutex mutex;
    std::string error;
    const auto work = [&] {
        for (size_t i; (i = next++) < images.size();) {
            if (isCancelled(cancel))
                return;
            const ShardImage &s = images[i];
            const fs::path file = dir / s.file;
            const GeneratedImageContext context{
                plan.config, model, plan.convertTo, plan.name,
                plan.textPrompts ? -1 : plan.classIndices[size_t(s.classPosition)]};
            std::string problem;
            Result<std::string> parameters = readPngText(file, "parameters");
            Result<ImageData> decoded = decodeImageFile(file);
            if (!decoded)
                problem = decoded.error();
            else if (decoded->width != s.width || decoded->height != s.height ||
                     decoded->channels != s.channels)
                problem = file.string() + ": its size or channels are not the manifest's";
            else if (!parameters ||
                     *parameters !=
                         generatedParameters(context, *s.recipe, plan.made.width, plan.made.height))
                problem = file.string() + ": its parameters are not those the plan gives image " +
                          s.wnid + " " + std::to_string(s.index);
            if (!problem.empty()) {
                std::lock_guard lock(mutex);
                if (error.empty())
                    error = problem;
                next = images.size();
            }
        }
    };
    std::vector<std::thread> pool;
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned t = 1; t < std::min<size_t>(threads, images.size()); ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &t : pool)
        t.join();
    if (!error.empty())
        return makeError(error);
    if (isCancelled(cancel))
        return makeError("merge cancelled");
    return {};
}

// Links (else copies) the shard's files into data/synthetic/NAME/, then adds their rows and the
// shard's merge record in one transaction.
Result<int64_t> mergeShard(Project &project, const GenerationPlanInfo &plan, int shard,
                           const CancelToken *cancel)
{
    const FrozenPlan &p = plan.frozen;
    Result<std::vector<PlanUnit>> units = shardUnits(p, shard);
    if (!units)
        return makeError(units.error());
    Result<std::vector<ShardImage>> images = readManifest(p, shard, *units);
    if (!images)
        return makeError(images.error());
    const fs::path dir = shardDirectory(p.directory, shard);
    if (Result<void> r = checkShardImages(p, dir, *images, cancel); !r)
        return makeError(r.error());
    const fs::path root = fs::path("data") / "synthetic" / p.name;
    std::vector<NewImage> rows;
    for (const ShardImage &s : *images) {
        const fs::path rel = root / s.wnid / fs::path(s.file).filename();
        std::error_code ec;
        fs::create_directories((project.directory() / rel).parent_path(), ec);
        if (Result<bool> linked =
                files::linkOrCopyAtomically(dir / s.file, project.directory() / rel);
            !linked)
            return makeError(linked.error());
        NewImage row;
        row.classId = project.classByWnid(s.wnid)->id;
        row.file = rel.string();
        row.width = s.width;
        row.height = s.height;
        row.channels = s.channels;
        row.provenance = s.provenance;
        rows.push_back(std::move(row));
    }
    Database &db = project.database();
    Transaction tx(db);
    Result<ImageWriter> writer = ImageWriter::prepare(db, plan.datasetId);
    if (!writer)
        return makeError(writer.error());
    const std::string now = nowIso8601();
    for (const NewImage &row : rows)
        if (Result<int64_t> r = writer->add(row, now); !r)
            return makeError(r.error());
    if (Result<void> r = recordShardMerged(db, plan.id, shard, int64_t(rows.size())); !r)
        return makeError(r.error());
    if (Result<void> r = tx.commit(); !r)
        return makeError(r.error());
    return int64_t(rows.size());
}

} // namespace

Result<PlanMergeReport> mergeGenerationPlan(Project &project, const std::string &name,
                                            const ProgressFn &progress, const CancelToken *cancel)
{
    Result<GenerationPlanInfo> plan = generationPlan(project, name);
    if (!plan)
        return makeError(plan.error());
    for (const std::string &w : plan->frozen.config.wnids)
        if (!project.classByWnid(w))
            return makeError("plan " + name + " makes class " + w + ", which project " +
                             project.name() + " no longer has");
    PlanMergeReport report;
    const std::vector<ShardStatus> status = planShardStatus(plan->frozen, plan->mergedShards);
    for (const ShardStatus &s : status) {
        if (isCancelled(cancel))
            return makeError("merge cancelled");
        reportProgress(progress, double(s.shard) / double(status.size()),
                       "Merging shard " + std::to_string(s.shard));
        if (s.merged) {
            report.alreadyMerged.push_back(s.shard);
            continue;
        }
        if (s.state != ShardState::Done) {
            report.notDone.push_back(s.shard);
            continue;
        }
        Result<int64_t> added = mergeShard(project, *plan, s.shard, cancel);
        if (!added && isCancelled(cancel))
            return makeError("merge cancelled");
        if (!added) {
            report.failed.push_back(s.shard);
            report.problems.push_back("shard " + std::to_string(s.shard) + ": " + added.error());
            continue;
        }
        report.merged.push_back(s.shard);
        report.images += *added;
    }
    reportProgress(progress, 1, "Merged");
    return report;
}

} // namespace synset
