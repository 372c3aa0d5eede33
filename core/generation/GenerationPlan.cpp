#include "GenerationPlan.h"
#include "PlanStore.h"

#include "common/FileUtil.h"
#include "common/Json.h"
#include "common/TextUtil.h"
#include "generation/Generator.h"
#include "project/Project.h"
#include "project/WorkLock.h"
#include "prompts/PromptContext.h"
#include "prompts/PromptTemplate.h"
#include "wordnet/WordNet.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>

namespace fs = std::filesystem;

namespace synset {

namespace {

constexpr const char *kPlanFormat = "synset-studio generation plan 1";
constexpr const char *kImagesHeader = "id\twnid\tindex\tseed\tprompt";

// Tabs, newlines and backslashes in a prompt, written so that a line stays one image.
std::string escapeField(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else
            out += c;
    }
    return out;
}

std::string unescapeField(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        const char c = text[++i];
        out += c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
    }
    return out;
}

template<typename T> bool parseWhole(std::string_view text, T &value)
{
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

bool validPlanName(const std::string &name)
{
    return !name.empty() && name[0] != '.' && name.size() <= 100 &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                      c == '.';
           });
}

// Images done in a shard whose first `units` units are written.
int64_t imagesOfUnits(const FrozenPlan &plan, int shard, int64_t units)
{
    return std::min<int64_t>(plan.imagesOf(shard), units * plan.config.batchSize);
}

Json kindJson(const ImageKind &k)
{
    return Json{{"width", k.width}, {"height", k.height}, {"channels", k.channels}};
}

ImageKind kindOf(const Json &j)
{
    return {json::int32(j, "width", 0), json::int32(j, "height", 0), json::int32(j, "channels", 0)};
}

// ---- Making a plan ----

struct PlanDraft
{
    FrozenPlan plan;
    GeneratorDescription info;
};

Result<void> checkPlanRequest(Project &project, const std::string &name,
                              const GenerationConfig &config, int shards)
{
    if (!validPlanName(name))
        return makeError("a generation plan needs a name of letters, digits, '-', '_' and '.' (" +
                         (name.empty() ? std::string("none given") : "'" + name + "'") + ")");
    if (shards < 1 || shards > 1000000)
        return makeError("a generation plan needs 1 to 1,000,000 shards, not " +
                         std::to_string(shards));
    if (config.wnids.empty() || config.perClass < 1 || config.batchSize < 1)
        return makeError("a generation plan needs classes, at least one image per class and a "
                         "batch size of at least 1");
    for (const std::string &w : config.wnids)
        if (!project.classByWnid(w))
            return makeError("'" + w + "' is not a class of project " + project.name());
    if (Result<GenerationJobInfo> job = generationJob(project, name); job)
        return makeError("project " + project.name() + " has a generation job named '" + name +
                         "'; a plan needs a name of its own");
    if (Result<std::optional<StoredPlan>> p = storedPlan(project, name); !p || *p)
        return makeError(!p ? p.error() : "a generation plan named '" + name + "' exists already");
    return {};
}

// The model's side of the plan: its hash, the classes it knows, the size it makes and the
// conversion to the project's kind.
Result<PlanDraft> describePlanModel(Project &project, const std::string &name,
                                    GenerationConfig config, int shards)
{
    Result<GeneratorDescription> info = describeGenerator(config.model);
    if (!info)
        return makeError(info.error());
    if (!config.modelHash.empty() && config.modelHash != info->hash)
        return makeError(config.model.string() + " has hash " + info->hash + ", not " +
                         config.modelHash);
    PlanDraft d;
    FrozenPlan &p = d.plan;
    config.modelHash = info->hash;
    config.eta = ddimEta(config.sampler, config.eta);
    for (const std::string &w : config.wnids) {
        if (info->textPrompts)
            continue;
        const auto it = std::find(info->classWnids.begin(), info->classWnids.end(), w);
        if (it == info->classWnids.end())
            return makeError(config.model.string() + " has no class " + w);
        p.classIndices.push_back(int(it - info->classWnids.begin()));
    }
    for (const std::string &w : config.wnids)
        if (!config.templates.count(w))
            config.templates[w] = project.effectiveTemplate(w);
    Result<std::optional<ImageKind>> convertTo = jobConversion(project, config, *info);
    if (!convertTo)
        return makeError(convertTo.error());
    p.name = name;
    p.project = project.name();
    p.createdAt = nowIso8601();
    p.shards = shards;
    p.images = int64_t(config.perClass) * int64_t(config.wnids.size());
    p.made = generatedImageKind(config, *info);
    p.convertTo = *convertTo;
    p.textPrompts = info->textPrompts;
    p.modelFile = info->path.filename().string();
    p.directory = planDirectory(project.directory(), name);
    p.config = std::move(config);
    for (int k = 0; k < shards; ++k)
        p.units += p.unitsOf(k);
    d.info = std::move(*info);
    return d;
}

// A folder that holds shard output from an earlier plan of this name is not overwritten.
Result<void> checkPlanFolder(const fs::path &dir)
{
    std::error_code ec;
    if (!fs::exists(dir, ec))
        return {};
    for (const fs::directory_entry &e : fs::directory_iterator(dir, ec)) {
        int shard = 0;
        if (e.is_directory() && parseWhole(e.path().filename().string(), shard))
            return makeError(dir.string() + " already holds shard output; remove it or name the "
                                            "plan otherwise");
    }
    return {};
}

// images.tsv: a line per image, by id, with its seed and expanded prompt.
Result<void> writeImageList(Project &project, const FrozenPlan &p, const ProgressFn &progress,
                            const CancelToken *cancel)
{
    Result<std::shared_ptr<const WordNet>> wordnet = WordNet::shared();
    if (!wordnet)
        return makeError(wordnet.error());
    const WordLists lists = project.wordLists();
    const GenerationConfig &cfg = p.config;
    std::string out = std::string(kImagesHeader) + "\n";
    for (size_t c = 0; c < cfg.wnids.size(); ++c) {
        if (isCancelled(cancel))
            return makeError("cancelled");
        reportProgress(progress, double(c) / double(cfg.wnids.size()), "Expanding prompts");
        const std::string &wnid = cfg.wnids[c];
        Result<PromptTemplate> tmpl = PromptTemplate::parse(cfg.templates.at(wnid));
        if (!tmpl)
            return makeError("template of " + wnid + ": " + tmpl.error());
        const PromptContext context =
            makePromptContext(**wordnet, wnid, project.classByWnid(wnid)->name, lists);
        for (int64_t i = 0; i < cfg.perClass; ++i) {
            const int64_t id = int64_t(c) * cfg.perClass + i;
            out += std::to_string(id) + '\t' + wnid + '\t' + std::to_string(i) + '\t' +
                   std::to_string(imageSeed(cfg.seed, wnid, i)) + '\t' +
                   escapeField(tmpl->render(context, cfg.seed, uint64_t(i))) + '\n';
        }
    }
    return files::writeAtomically(p.directory / "images.tsv", out);
}

Json frozenJson(const FrozenPlan &p)
{
    Json j;
    j["format"] = kPlanFormat;
    j["name"] = p.name;
    j["project"] = p.project;
    j["created_at"] = p.createdAt;
    j["shards"] = p.shards;
    j["units"] = p.units;
    j["images"] = p.images;
    j["made"] = kindJson(p.made);
    j["convert_to"] = p.convertTo ? kindJson(*p.convertTo) : Json();
    j["text_prompts"] = p.textPrompts;
    j["class_indices"] = p.classIndices;
    j["model_file"] = p.modelFile;
    j["config"] = generationConfigToJson(p.config);
    return j;
}

} // namespace

fs::path planDirectory(const fs::path &projectDir, const std::string &name)
{
    return projectDir / "shards" / name;
}

fs::path shardDirectory(const fs::path &planDir, int shard)
{
    return planDir / std::to_string(shard);
}

GeneratorDescription FrozenPlan::modelDescription() const
{
    GeneratorDescription d;
    d.path = config.model.parent_path() / modelFile;
    d.hash = config.modelHash;
    d.textPrompts = textPrompts;
    d.width = made.width;
    d.height = made.height;
    d.channels = made.channels;
    return d;
}

Result<FrozenPlan> readFrozenPlan(const fs::path &planDir)
{
    const fs::path file = planDir / "plan.json";
    Result<std::string> text = files::readText(file);
    if (!text)
        return makeError(text.error());
    Result<Json> j = parseJson(*text);
    if (!j)
        return makeError(file.string() + ": " + j.error());
    if (json::string(*j, "format") != kPlanFormat)
        return makeError(file.string() + ": not a Synset Studio generation plan");
    FrozenPlan p;
    p.name = json::string(*j, "name");
    p.project = json::string(*j, "project");
    p.createdAt = json::string(*j, "created_at");
    p.shards = json::int32(*j, "shards", 0);
    p.units = json::integer(*j, "units", 0);
    p.images = json::integer(*j, "images", 0);
    p.made = kindOf(json::member(*j, "made"));
    if (const Json &c = json::member(*j, "convert_to"); c.is_object())
        p.convertTo = kindOf(c);
    p.textPrompts = json::boolean(*j, "text_prompts", false);
    for (const Json &i : json::elements(json::member(*j, "class_indices")))
        p.classIndices.push_back(i.is_number_integer() ? i.get<int>() : -1);
    p.modelFile = json::string(*j, "model_file");
    p.config = generationConfigFromJson(json::member(*j, "config"));
    p.directory = planDir;
    const GenerationConfig &c = p.config;
    bool consistent = p.shards >= 1 && !c.wnids.empty() && c.perClass >= 1 && c.batchSize >= 1 &&
                      p.images == int64_t(c.perClass) * int64_t(c.wnids.size()) &&
                      (p.textPrompts || p.classIndices.size() == c.wnids.size()) &&
                      p.made.channels > 0;
    int64_t units = 0;
    for (int k = 0; consistent && k < p.shards; ++k)
        units += p.unitsOf(k);
    consistent = consistent && units == p.units;
    if (!consistent)
        return makeError(file.string() + ": the plan's sizes do not add up (shards, units, "
                                         "images, classes); the file is damaged");
    return p;
}

Result<std::vector<PlanUnit>> shardUnits(const FrozenPlan &plan, int shard)
{
    const fs::path file = plan.directory / "images.tsv";
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return makeError(file.string() + ": cannot be read");
    std::string line;
    if (!std::getline(in, line) || line != kImagesHeader)
        return makeError(file.string() + ": not a plan's image list (its first line is not '" +
                         kImagesHeader + "')");
    std::vector<PlanUnit> units;
    int64_t lineNo = 1, expected = shard, taken = 0;
    const auto bad = [&](const std::string &what) {
        return makeError(file.string() + ", line " + std::to_string(lineNo) + ": " + what);
    };
    const int64_t perClass = plan.config.perClass;
    while (std::getline(in, line)) {
        ++lineNo;
        const size_t tab = line.find('\t');
        int64_t id = -1;
        if (tab == std::string::npos || !parseWhole(std::string_view(line).substr(0, tab), id) ||
            id < 0 || id >= plan.images)
            return bad("no image id of this plan");
        if (plan.shardOf(id) != shard)
            continue;
        if (id != expected)
            return bad("image " + std::to_string(id) + " where " + std::to_string(expected) +
                       " was expected");
        expected += plan.shards;
        const std::vector<std::string_view> f = text::split(line, '\t');
        ImageRecipe r;
        if (f.size() != 5 || !parseWhole(f[2], r.index) || !parseWhole(f[3], r.seed))
            return bad("expected id, wnid, index, seed and prompt");
        r.wnid = std::string(f[1]);
        r.prompt = unescapeField(f[4]);
        const int position = int(id / perClass);
        if (r.wnid != plan.config.wnids[size_t(position)] || r.index != id % perClass)
            return bad("image " + std::to_string(id) + " is not " + r.wnid + " " +
                       std::to_string(r.index));
        if (taken++ % plan.config.batchSize == 0)
            units.push_back({int64_t(units.size()), {}, {}});
        units.back().images.push_back(std::move(r));
        units.back().classPositions.push_back(position);
    }
    if (taken != plan.imagesOf(shard))
        return makeError(file.string() + ": lists " + std::to_string(taken) + " of the " +
                         std::to_string(plan.imagesOf(shard)) + " images of shard " +
                         std::to_string(shard) + "; the file is damaged");
    return units;
}

Result<GenerationPlanInfo> createGenerationPlan(Project &project, const std::string &name,
                                                GenerationConfig config, int shards,
                                                const ProgressFn &progress,
                                                const CancelToken *cancel)
{
    if (Result<void> r = checkPlanRequest(project, name, config, shards); !r)
        return makeError(r.error());
    Result<PlanDraft> draft = describePlanModel(project, name, std::move(config), shards);
    if (!draft)
        return makeError(draft.error());
    const FrozenPlan &p = draft->plan;
    if (Result<void> r = checkPlanFolder(p.directory); !r)
        return makeError(r.error());
    std::error_code ec;
    fs::create_directories(p.directory, ec);
    if (ec)
        return makeError(p.directory.string() + ": cannot be created (" + ec.message() + ")");
    // The image list first, then plan.json: a plan folder with a plan.json is always whole.
    if (Result<void> r = writeImageList(project, p, progress, cancel); !r)
        return makeError(r.error());
    if (Result<void> r =
            files::writeAtomically(p.directory / "plan.json", dumpJson(frozenJson(p), 2) + "\n");
        !r)
        return makeError(r.error());
    Result<int64_t> dataset =
        project.ensureDataset("gen-" + name, "synthetic", p.config.model.string());
    if (!dataset)
        return makeError(dataset.error());
    StoredPlan stored;
    stored.name = name;
    stored.datasetId = *dataset;
    stored.config = dumpJson(frozenJson(p));
    stored.shards = p.shards;
    stored.units = p.units;
    stored.images = p.images;
    stored.createdAt = p.createdAt;
    if (Result<int64_t> id = insertPlan(project, stored); !id)
        return makeError(id.error());
    reportProgress(progress, 1, "Plan written");
    return generationPlan(project, name);
}

Result<GenerationPlanInfo> generationPlan(Project &project, const std::string &name)
{
    Result<std::optional<StoredPlan>> stored = storedPlan(project, name);
    if (!stored)
        return makeError(stored.error());
    if (!*stored)
        return makeError("project " + project.name() + " has no generation plan '" + name + "'");
    Result<FrozenPlan> frozen = readFrozenPlan(planDirectory(project.directory(), name));
    if (!frozen)
        return makeError(frozen.error());
    GenerationPlanInfo info;
    info.id = (*stored)->id;
    info.datasetId = (*stored)->datasetId;
    info.frozen = std::move(*frozen);
    info.mergedShards = mergedShards(project, info.id);
    return info;
}

std::vector<GenerationPlanInfo> generationPlans(Project &project)
{
    std::vector<GenerationPlanInfo> out;
    for (const std::string &n : planNames(project))
        if (Result<GenerationPlanInfo> p = generationPlan(project, n); p)
            out.push_back(std::move(*p));
    return out;
}

std::string shardStateName(ShardState state)
{
    switch (state) {
    case ShardState::Done:
        return "done";
    case ShardState::Partial:
        return "partial";
    case ShardState::Missing:
        break;
    }
    return "missing";
}

std::vector<ShardStatus> planShardStatus(const FrozenPlan &plan, const std::vector<int> &merged)
{
    std::vector<ShardStatus> out(size_t(plan.shards));
    std::error_code ec;
    for (int k = 0; k < plan.shards; ++k) {
        ShardStatus &s = out[size_t(k)];
        s.shard = k;
        s.merged = std::binary_search(merged.begin(), merged.end(), k);
        const fs::path dir = shardDirectory(plan.directory, k);
        if (fs::exists(dir / "manifest.json", ec)) {
            s.state = ShardState::Done;
            s.unitsDone = plan.unitsOf(k);
            s.images = plan.imagesOf(k);
            continue;
        }
        for (const fs::directory_entry &e : fs::directory_iterator(dir / "units", ec)) {
            int64_t unit = -1;
            const std::string stem = e.path().stem().string();
            if (e.path().extension() == ".json" && parseWhole(stem, unit) && unit >= 0 &&
                unit < plan.unitsOf(k))
                ++s.unitsDone;
        }
        s.images = imagesOfUnits(plan, k, s.unitsDone);
        s.running = WorkLock::isHeld(plan.directory, "plan shard", std::to_string(k));
        s.state = s.unitsDone > 0 || s.running ? ShardState::Partial : ShardState::Missing;
    }
    return out;
}

std::string arrayRanges(std::vector<int> shards)
{
    std::sort(shards.begin(), shards.end());
    shards.erase(std::unique(shards.begin(), shards.end()), shards.end());
    std::string out;
    for (size_t i = 0; i < shards.size();) {
        size_t j = i;
        while (j + 1 < shards.size() && shards[j + 1] == shards[j] + 1)
            ++j;
        if (!out.empty())
            out += ',';
        out += std::to_string(shards[i]);
        if (j > i)
            out += '-' + std::to_string(shards[j]);
        i = j + 1;
    }
    return out;
}

Result<int> shardFromEnvironment(int arrayOffset)
{
    const char *id = std::getenv("SLURM_ARRAY_TASK_ID");
    int task = -1;
    if (!id || !parseWhole(std::string_view(id), task) || task < 0)
        return makeError(id ? "SLURM_ARRAY_TASK_ID is '" + std::string(id) + "', not a task number"
                            : "no shard given: pass --shard K, or run as a Slurm array task "
                              "(SLURM_ARRAY_TASK_ID)");
    return task + arrayOffset;
}

} // namespace synset
