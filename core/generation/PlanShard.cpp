// One shard of a generation plan, made by a host that never opens the project's database: the
// recipes come from the plan's files, the images and records go into the shard's folder.
#include "GenerationPlan.h"

#include "common/FileUtil.h"
#include "common/Json.h"
#include "common/TestHooks.h"
#include "generation/Generator.h"
#include "project/Project.h"
#include "project/WorkLock.h"

#include <unistd.h>

#include <chrono>

namespace fs = std::filesystem;

namespace synset {

namespace {

constexpr const char *kShardFormat = "synset-studio plan shard 1";

fs::path unitRecordPath(const fs::path &shardDir, int64_t unit)
{
    return shardDir / "units" / (std::to_string(unit) + ".json");
}

// A unit's record, when it is whole and names the images the plan gives the unit.
std::optional<Json> readUnitRecord(const fs::path &shardDir, const PlanUnit &unit)
{
    Result<std::string> text = files::readText(unitRecordPath(shardDir, unit.id));
    if (!text)
        return std::nullopt;
    Result<Json> j = parseJson(*text);
    if (!j || json::integer(*j, "unit", -1) != unit.id)
        return std::nullopt;
    const Json::array_t &images = json::elements(json::member(*j, "images"));
    if (images.size() != unit.images.size())
        return std::nullopt;
    std::error_code ec;
    for (const Json &image : images)
        if (!fs::exists(shardDir / json::string(image, "file"), ec))
            return std::nullopt;
    return std::move(*j);
}

std::string hostName()
{
    char name[256] = {};
    return ::gethostname(name, sizeof name - 1) == 0 ? std::string(name) : std::string();
}

struct ShardRun
{
    const FrozenPlan &plan;
    Generator &generator;
    fs::path dir;
    ShardReport report;
    std::function<void(const ShardProgress &)> progress;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    void tell(const std::string &wnid, double inFlight) const
    {
        if (!progress)
            return;
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        progress({report.made + report.skipped, report.images,
                  double(report.made) / std::max(1e-9, seconds), wnid, inFlight});
    }
};

// Generates the unit as one batch, writes its PNGs, then its record.
Result<void> makeUnit(ShardRun &run, const PlanUnit &unit)
{
    const FrozenPlan &plan = run.plan;
    const GeneratorBatch request = batchRequest(plan.config, plan.made, unit.images);
    const std::string &first = unit.images.front().wnid;
    GeneratorStepFn onStep;
    if (run.progress)
        onStep = [&](const GeneratorStep &s) {
            run.tell(first, double(unit.images.size()) * s.step / std::max(1, s.steps));
        };
    // The batch under way always ends: a stop request is looked at between units.
    Result<std::vector<ImageData>> images = run.generator.generate(request, onStep, nullptr);
    if (!images)
        return makeError("plan " + plan.name + ", shard unit " + std::to_string(unit.id) + ": " +
                         images.error());
    Json record;
    record["unit"] = unit.id;
    record["images"] = Json::array();
    for (size_t i = 0; i < unit.images.size(); ++i) {
        const ImageRecipe &r = unit.images[i];
        const int position = unit.classPositions[i];
        const GeneratedImageContext context{
            plan.config, run.generator.description(), plan.convertTo, plan.name,
            plan.textPrompts ? -1 : plan.classIndices[size_t(position)]};
        const std::string file = r.wnid + "/" + generatedFileName(r.wnid, r.index);
        std::error_code ec;
        fs::create_directories(run.dir / r.wnid, ec);
        Result<WrittenImage> written =
            writeGeneratedImage(run.dir / file, context, r, (*images)[i]);
        if (!written)
            return makeError(written.error());
        record["images"].push_back({{"wnid", r.wnid},
                                    {"index", r.index},
                                    {"file", file},
                                    {"width", written->width},
                                    {"height", written->height},
                                    {"channels", written->channels},
                                    {"provenance", written->provenance}});
    }
    return files::writeAtomically(unitRecordPath(run.dir, unit.id), dumpJson(record) + "\n");
}

// manifest.json: every image of the shard, written last; its presence marks the shard done.
Result<void> writeManifest(const ShardRun &run, const std::vector<PlanUnit> &units, int shard)
{
    Json m;
    m["format"] = kShardFormat;
    m["plan"] = run.plan.name;
    m["shard"] = shard;
    m["shards"] = run.plan.shards;
    m["host"] = hostName();
    m["finished_at"] = nowIso8601();
    m["units"] = Json::array();
    m["images"] = Json::array();
    for (const PlanUnit &unit : units) {
        std::optional<Json> record = readUnitRecord(run.dir, unit);
        if (!record)
            return makeError(unitRecordPath(run.dir, unit.id).string() +
                             ": missing or damaged after it was written");
        m["units"].push_back(unit.id);
        for (Json &image : (*record)["images"]) {
            image["unit"] = unit.id;
            m["images"].push_back(std::move(image));
        }
    }
    return files::writeAtomically(run.dir / "manifest.json", dumpJson(m) + "\n");
}

} // namespace

Result<ShardReport> runPlanShard(const FrozenPlan &plan, int shard, Generator &generator,
                                 const std::function<void(const ShardProgress &)> &progress,
                                 const CancelToken *stop)
{
    const std::string what = "shard " + std::to_string(shard) + " of plan " + plan.name;
    if (shard < 0 || shard >= plan.shards)
        return makeError("plan " + plan.name + " has shards 0 to " +
                         std::to_string(plan.shards - 1) + ", not " + std::to_string(shard));
    const GeneratorDescription &info = generator.description();
    if (info.hash != plan.config.modelHash)
        return makeError(what + " is made with model " + plan.config.modelHash + ", not " +
                         info.path.string() + " (" + info.hash + ")");
    // Held until this returns: a requeued task that starts while the old one still runs waits
    // for nothing and makes nothing twice.
    Result<WorkLock> lock = WorkLock::acquire(plan.directory, "plan shard", std::to_string(shard));
    if (!lock)
        return makeError(what + ": " + lock.error());
    Result<std::vector<PlanUnit>> units = shardUnits(plan, shard);
    if (!units)
        return makeError(units.error());
    ShardRun run{plan, generator, shardDirectory(plan.directory, shard), {}, progress};
    run.report.shard = shard;
    for (const PlanUnit &u : *units)
        run.report.images += int64_t(u.images.size());
    std::error_code ec;
    if (fs::exists(run.dir / "manifest.json", ec)) {
        run.report.skipped = run.report.images;
        run.report.finished = true;
        return run.report;
    }
    fs::create_directories(run.dir / "units", ec);
    if (ec)
        return makeError(run.dir.string() + ": cannot be created (" + ec.message() + ")");

    for (const PlanUnit &unit : *units) {
        if (readUnitRecord(run.dir, unit)) {
            run.report.skipped += int64_t(unit.images.size());
            continue;
        }
        if (isCancelled(stop))
            break;
        if (Result<void> r = makeUnit(run, unit); !r)
            return makeError(r.error());
        run.report.made += int64_t(unit.images.size());
        run.tell(unit.images.back().wnid, 0);
        hooks::reach("plan unit written");
    }
    run.report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - run.started).count();
    if (run.report.made + run.report.skipped < run.report.images)
        return run.report;
    if (Result<void> r = writeManifest(run, *units, shard); !r)
        return makeError(r.error());
    run.report.finished = true;
    return run.report;
}

} // namespace synset
