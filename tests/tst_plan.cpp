// Generation plans for clusters: shards made apart (one killed, one stopped by a signal, each run
// again), merged twice, give what the same plan gives unsharded, byte for byte; a tampered file
// is named and its shard left out; the Slurm scripts, host lists and array shards.
#include "TinyGenerator.h"

#include "classes/ClassList.h"
#include "cluster/Launch.h"
#include "cluster/Slurm.h"
#include "common/FileUtil.h"
#include "common/TestHooks.h"
#include "curation/Curation.h"
#include "data/ImageLoader.h"
#include "data/PngText.h"
#include "diffusion/DiffusionTrainer.h"
#include "generation/GenerationPlan.h"
#include "generation/Generator.h"
#include "project/ImageStore.h"
#include "project/Project.h"
#include "wordnet/WordNet.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

using namespace synset;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kWnids = {"n03595614", "n04489008", "n04021028"};

std::unique_ptr<Project> makeProject(const QString &dir)
{
    Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
    Result<ClassList> classes = classlists::load("fashion-mnist", **wn);
    Result<std::unique_ptr<Project>> p = Project::create(dir.toStdString(), *classes, "Plan");
    if (!p)
        return nullptr;
    if (!(*p)->setPromptOverride("n04489008", std::string("a pair of {name}")).ok())
        return nullptr;
    return std::move(*p);
}

// The project's generated images: file -> class, size and a hash of the bytes.
std::map<std::string, std::string> generatedRows(Project &project)
{
    std::map<std::string, std::string> rows;
    Result<std::vector<ImageRow>> all = allImageRows(project.database());
    for (const ImageRow &r : *all) {
        if (r.datasetKind != "synthetic")
            continue;
        Result<std::string> bytes = files::readText(project.resolve(r.file));
        if (!bytes) {
            rows[r.file] = bytes.error();
            continue;
        }
        rows[r.file] = std::to_string(r.classIndex) + " " + std::to_string(r.width) + "x" +
                       std::to_string(r.height) + "x" + std::to_string(r.channels) + " " +
                       std::to_string(std::hash<std::string>{}(*bytes));
    }
    return rows;
}

// Each generated image's dataset and provenance, as its row records them, by file.
std::map<std::string, std::string> storedProvenance(Project &project)
{
    std::map<std::string, std::string> out;
    for (const ScoredImage &s : scoredImages(project))
        out[s.file] = s.dataset + " " + s.provenance;
    return out;
}

// Each generated image's parameters chunk, by file.
std::map<std::string, std::string> pngParameters(Project &project)
{
    std::map<std::string, std::string> out;
    const Result<std::vector<ImageRow>> rows = allImageRows(project.database());
    for (const ImageRow &r : *rows)
        if (r.datasetKind == "synthetic")
            if (Result<std::string> text = readPngText(project.resolve(r.file), "parameters"))
                out[r.file] = *text;
    return out;
}

struct Died : std::runtime_error
{
    Died()
        : std::runtime_error("the process died")
    {}
};

} // namespace

class TestPlan : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    std::string m_model;

    GenerationConfig config() const
    {
        GenerationConfig c;
        c.wnids = kWnids;
        c.perClass = 7; // units of 3, 3 and 1 image
        c.batchSize = 3;
        c.steps = 3;
        c.guidance = 2;
        c.seed = 5;
        c.eta = 1;
        c.model = m_model;
        return c;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_model = (m_tmp.path() + "/tiny.safetensors").toStdString();
        Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
        Result<ClassList> fm = classlists::load("fashion-mnist", **wn);
        std::vector<std::string> all;
        for (const ClassEntry &c : fm->classes)
            all.push_back(c.wnid);
        QVERIFY(writeRandomGenerator(m_model, 1, 12, 12, all, tinyGeneratorOptions(), 3).ok());
    }

    void shardsMergeAsUnsharded()
    {
        std::unique_ptr<Project> sharded = makeProject(m_tmp.path() + "/sharded");
        std::unique_ptr<Project> whole = makeProject(m_tmp.path() + "/whole");
        QVERIFY(sharded && whole);
        Result<GenerationPlanInfo> plan = createGenerationPlan(*sharded, "p", config(), 3);
        QVERIFY2(plan.ok(), plan.ok() ? "" : plan.error().c_str());
        const FrozenPlan &fp = plan->frozen;
        QCOMPARE(fp.units, int64_t(9));
        QCOMPARE(fp.images, int64_t(21));
        // Shard k holds the images whose id % 3 == k: 7 a shard, every class in each.
        for (int k = 0; k < 3; ++k) {
            Result<std::vector<PlanUnit>> units = shardUnits(fp, k);
            QVERIFY(units.ok());
            QCOMPARE(units->size(), size_t(3)); // batches of 3, 3 and 1
            std::map<int, int> perClass;
            for (const PlanUnit &u : *units)
                for (int c : u.classPositions)
                    ++perClass[c];
            QCOMPARE(perClass.size(), size_t(3));
            for (const auto &[c, n] : perClass)
                QVERIFY(n == 2 || n == 3);
        }
        Result<std::unique_ptr<Generator>> gen = Generator::open(m_model, "cpu");
        QVERIFY(gen.ok());

        QVERIFY(runPlanShard(fp, 0, **gen)->finished);
        // Shard 1 dies after its first unit: what it wrote stays, the shard is partial.
        int reached = 0;
        hooks::install([&](std::string_view point) {
            if (point == "plan unit written" && ++reached == 1)
                throw Died();
        });
        bool died = false;
        try {
            (void)runPlanShard(fp, 1, **gen);
        } catch (const Died &) {
            died = true;
        }
        hooks::install({});
        QVERIFY(died);
        std::vector<ShardStatus> status = planShardStatus(fp);
        QCOMPARE(status[0].state, ShardState::Done);
        QCOMPARE(status[1].state, ShardState::Partial);
        QCOMPARE(status[1].unitsDone, int64_t(1));
        QCOMPARE(status[2].state, ShardState::Missing);
        QCOMPARE(arrayRanges({2, 1}), std::string("1-2"));

        // A merge now takes the finished shard only.
        Result<PlanMergeReport> first = mergeGenerationPlan(*sharded, "p");
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().c_str());
        QCOMPARE(first->merged, std::vector<int>{0});
        QCOMPARE(first->notDone, (std::vector<int>{1, 2}));
        QCOMPARE(first->images, int64_t(7));

        // Shard 1 again, stopped between batches (the signal before a time limit): the unit
        // under way is written, the shard is not done; then once more to its end.
        CancelToken stop;
        Result<ShardReport> stopped = runPlanShard(
            fp, 1, **gen,
            [&](const ShardProgress &p) {
                if (p.inFlight == 0)
                    stop.cancel();
            },
            &stop);
        QVERIFY(stopped.ok());
        QVERIFY(!stopped->finished);
        QCOMPARE(stopped->made, int64_t(3));
        QCOMPARE(stopped->skipped, int64_t(3));
        Result<ShardReport> rest = runPlanShard(fp, 1, **gen);
        QVERIFY(rest.ok() && rest->finished);
        QCOMPARE(rest->made, int64_t(1));
        QCOMPARE(rest->skipped, int64_t(6));
        QVERIFY(runPlanShard(fp, 2, **gen)->finished);
        QCOMPARE(runPlanShard(fp, 2, **gen)->made, int64_t(0)); // done: nothing again

        Result<PlanMergeReport> second = mergeGenerationPlan(*sharded, "p");
        QVERIFY(second.ok());
        QCOMPARE(second->merged, (std::vector<int>{1, 2}));
        QCOMPARE(second->alreadyMerged, std::vector<int>{0});
        QCOMPARE(second->images, int64_t(14));
        Result<PlanMergeReport> third = mergeGenerationPlan(*sharded, "p");
        QVERIFY(third.ok());
        QCOMPARE(third->images, int64_t(0)); // merging twice adds nothing
        QCOMPARE(third->alreadyMerged.size(), size_t(3));

        // The same plan made in one go on one host, in a project of its own: the same bytes and
        // rows.
        Result<GenerationPlanInfo> again = createGenerationPlan(*whole, "p", config(), 3);
        QVERIFY(again.ok());
        for (int k = 0; k < 3; ++k)
            QVERIFY(runPlanShard(again->frozen, k, **gen)->finished);
        QVERIFY(mergeGenerationPlan(*whole, "p").ok());
        const std::map<std::string, std::string> a = generatedRows(*sharded);
        const std::map<std::string, std::string> b = generatedRows(*whole);
        QCOMPARE(a.size(), size_t(21));
        for (const auto &[file, row] : a)
            QVERIFY2(b.count(file) && b.at(file) == row, (file + ": " + row).c_str());
        QVERIFY(a == b); // the same files, classes, sizes and bytes
        QVERIFY(pngParameters(*sharded) == pngParameters(*whole));
        QVERIFY(storedProvenance(*sharded) == storedProvenance(*whole));
        // And the prompts are the templates' (the override of the second class).
        const std::map<std::string, std::string> params = pngParameters(*sharded);
        QVERIFY(params.at("data/synthetic/p/n04489008/n04489008_000004.png")
                    .starts_with("a pair of Trouser"));

        // Unsharded (one shard, other batches): the same images, prompts and seeds; the pixels
        // agree to the rounding of other batch sizes.
        std::unique_ptr<Project> one = makeProject(m_tmp.path() + "/one");
        Result<GenerationPlanInfo> single = createGenerationPlan(*one, "p", config(), 1);
        QVERIFY(single.ok());
        QVERIFY(runPlanShard(single->frozen, 0, **gen)->finished);
        QVERIFY(mergeGenerationPlan(*one, "p").ok());
        QVERIFY(pngParameters(*one) == pngParameters(*sharded));
        QVERIFY(storedProvenance(*one) == storedProvenance(*sharded));
        for (const auto &[file, row] : a) {
            Result<ImageData> x = decodeImageFile(sharded->resolve(file));
            Result<ImageData> y = decodeImageFile(one->resolve(file));
            QVERIFY(x.ok() && y.ok());
            QCOMPARE(x->pixels.size(), y->pixels.size());
            for (size_t i = 0; i < x->pixels.size(); ++i)
                QVERIFY(std::abs(int(x->pixels[i]) - int(y->pixels[i])) <= 1);
        }
    }

    void mergeNamesATamperedFile()
    {
        std::unique_ptr<Project> project = makeProject(m_tmp.path() + "/tampered");
        QVERIFY(project);
        Result<GenerationPlanInfo> plan = createGenerationPlan(*project, "t", config(), 2);
        QVERIFY(plan.ok());
        Result<std::unique_ptr<Generator>> gen = Generator::open(m_model, "cpu");
        QVERIFY(runPlanShard(plan->frozen, 0, **gen)->finished);
        QVERIFY(runPlanShard(plan->frozen, 1, **gen)->finished);
        // A file of shard 1 (image id 7 % 2: the second class's first image) rewritten with other
        // parameters.
        const fs::path file =
            shardDirectory(plan->frozen.directory, 1) / "n04489008" / "n04489008_000000.png";
        Result<ImageData> image = decodeImageFile(file);
        QVERIFY(image.ok());
        QVERIFY(writePngWithText(file, *image, "parameters", "something else").ok());
        Result<PlanMergeReport> report = mergeGenerationPlan(*project, "t");
        QVERIFY(report.ok());
        QCOMPARE(report->merged, std::vector<int>{0});
        QCOMPARE(report->failed, std::vector<int>{1});
        QCOMPARE(report->problems.size(), size_t(1));
        QVERIFY2(report->problems[0].find(file.string()) != std::string::npos,
                 report->problems[0].c_str());
        // The shard made again from its unit: the merge takes it.
        fs::remove_all(shardDirectory(plan->frozen.directory, 1));
        QVERIFY(runPlanShard(plan->frozen, 1, **gen)->finished);
        Result<PlanMergeReport> again = mergeGenerationPlan(*project, "t");
        QVERIFY(again.ok());
        QCOMPARE(again->merged, std::vector<int>{1});
        QVERIFY(again->problems.empty());
    }

    void plansAreRefusedClearly()
    {
        std::unique_ptr<Project> project = makeProject(m_tmp.path() + "/refused");
        QVERIFY(project);
        QVERIFY(!createGenerationPlan(*project, "bad name", config(), 2).ok());
        QVERIFY(!createGenerationPlan(*project, "p", config(), 0).ok());
        GenerationConfig unknown = config();
        unknown.wnids = {"n99999999"};
        QVERIFY(!createGenerationPlan(*project, "p", unknown, 2).ok());
        QVERIFY(createGenerationJob(*project, "job", config()).ok());
        Result<GenerationPlanInfo> taken = createGenerationPlan(*project, "job", config(), 2);
        QVERIFY(!taken.ok());
        QVERIFY(taken.error().find("generation job") != std::string::npos);
        QVERIFY(createGenerationPlan(*project, "p", config(), 2).ok());
        QVERIFY(!createGenerationPlan(*project, "p", config(), 2).ok()); // exists
        // A shard of another model's hash is refused before anything is written.
        const std::string other = (m_tmp.path() + "/other.safetensors").toStdString();
        QVERIFY(writeRandomGenerator(other, 1, 12, 12, kWnids, tinyGeneratorOptions(), 9).ok());
        Result<std::unique_ptr<Generator>> gen = Generator::open(other, "cpu");
        Result<FrozenPlan> fp = readFrozenPlan(planDirectory(project->directory(), "p"));
        QVERIFY(fp.ok());
        Result<ShardReport> wrong = runPlanShard(*fp, 0, **gen);
        QVERIFY(!wrong.ok());
        QVERIFY(wrong.error().find("is made with model") != std::string::npos);
        QVERIFY(!runPlanShard(*fp, 2, **gen).ok()); // no shard 2 of 2
        // A damaged plan file names itself.
        QVERIFY(files::writeAtomically(fp->directory / "plan.json", "{\"format\": 1}").ok());
        Result<FrozenPlan> damaged = readFrozenPlan(fp->directory);
        QVERIFY(!damaged.ok());
        QVERIFY(damaged.error().find("plan.json") != std::string::npos);
    }

    void shardFromSlurm()
    {
        qputenv("SLURM_ARRAY_TASK_ID", "3");
        qputenv("SLURM_ARRAY_TASK_COUNT", "2"); // never read: resubmissions change it
        QCOMPARE(*shardFromEnvironment(1000), 1003);
        qputenv("SLURM_ARRAY_TASK_ID", "x");
        QVERIFY(!shardFromEnvironment(0).ok());
        qunsetenv("SLURM_ARRAY_TASK_ID");
        QVERIFY(!shardFromEnvironment(0).ok());
    }

    void hostLists()
    {
        QCOMPARE(slurm::expandHostList("gpu[01-03,7],login1"),
                 (std::vector<std::string>{"gpu01", "gpu02", "gpu03", "gpu7", "login1"}));
        QCOMPARE(slurm::expandHostList("node5"), std::vector<std::string>{"node5"});
        QCOMPARE(slurm::expandHostList("a[9-11]b"),
                 (std::vector<std::string>{"a9b", "a10b", "a11b"}));
        QVERIFY(slurm::expandHostList("").empty());
    }

    void slurmScripts()
    {
        std::unique_ptr<Project> project = makeProject(m_tmp.path() + "/scripts");
        QVERIFY(project);
        Result<GenerationPlanInfo> plan = createGenerationPlan(*project, "s", config(), 9);
        QVERIFY(plan.ok());
        slurm::JobOptions o;
        o.cli = "/opt/synset/bin/synset-cli";
        o.partition = "gpu";
        o.gres = "gpu:1";
        o.time = "04:00:00";
        o.maxArraySize = 4; // 9 shards: arrays at offsets 0, 4 and 8
        o.maxParallel = 2;
        Result<slurm::PlanScripts> s =
            slurm::writePlanScripts(project->directory(), plan->frozen, o);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().c_str());
        QCOMPARE(s->arrays,
                 (std::vector<std::string>{"--array=0-3%2 (offset 0)", "--array=0-3%2 (offset 4)",
                                           "--array=0%2 (offset 8)"}));
        const std::string array = *files::readText(s->arrayScript);
        for (const char *line :
             {"#SBATCH --requeue", "#SBATCH --signal=B:USR1@120", "#SBATCH --partition=gpu",
              "#SBATCH --gres=gpu:1", "#SBATCH --time=04:00:00", "%A_%a.out", "plan run --project",
              "scontrol requeue"})
            QVERIFY2(array.find(line) != std::string::npos, line);
        const std::string submit = *files::readText(s->submitScript);
        QVERIFY(submit.find("--array=0-3%2 generate.sbatch 4") != std::string::npos);
        QVERIFY(submit.find("--dependency=afterok$deps merge.sbatch") != std::string::npos);
        // Only some shards (a resubmission).
        Result<slurm::PlanScripts> some =
            slurm::writePlanScripts(project->directory(), plan->frozen, o, {1, 2, 6});
        QVERIFY(some.ok());
        QCOMPARE(some->arrays,
                 (std::vector<std::string>{"--array=1-2%2 (offset 0)", "--array=2%2 (offset 4)"}));
        o.partition = "gpu; rm -rf /";
        QVERIFY(!slurm::writePlanScripts(project->directory(), plan->frozen, o).ok());
    }

    void launchEnvironments()
    {
        for (const char *name : {"RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT",
                                 "TORCHELASTIC_USE_AGENT_STORE", "TORCHELASTIC_RESTART_COUNT"})
            qunsetenv(name);
        // srun: the master is the step's first node, the port the job's own.
        qputenv("SLURM_PROCID", "3");
        qputenv("SLURM_NTASKS", "8");
        qputenv("SLURM_LOCALID", "1");
        qputenv("SLURM_STEP_NODELIST", "gpu[07-08]");
        qputenv("SLURM_JOB_ID", "123456");
        Result<DistributedOptions> slurm = distributedFromEnvironment("nccl");
        QVERIFY(slurm.ok());
        QCOMPARE(slurm->rank, 3);
        QCOMPARE(slurm->worldSize, 8);
        QCOMPARE(slurm->localRank, 1);
        QCOMPARE(slurm->masterAddr, std::string("gpu07"));
        QCOMPARE(slurm->masterPort, 23456);
        QVERIFY(!slurm->agentStore);
        // torchrun under its agent (torchrun's variables win over srun's).
        qputenv("RANK", "1");
        qputenv("WORLD_SIZE", "2");
        qputenv("MASTER_ADDR", "node3");
        qputenv("MASTER_PORT", "29500");
        qputenv("TORCHELASTIC_USE_AGENT_STORE", "True");
        qputenv("TORCHELASTIC_RESTART_COUNT", "2");
        Result<DistributedOptions> torchrun = distributedFromEnvironment("gloo");
        QVERIFY(torchrun.ok());
        QCOMPARE(torchrun->rank, 1);
        QCOMPARE(torchrun->masterAddr, std::string("node3"));
        QVERIFY(torchrun->agentStore);
        QCOMPARE(torchrun->storePrefix, std::string("/worker/attempt_2"));
        qputenv("RANK", "x");
        QVERIFY(!distributedFromEnvironment("gloo").ok());
        for (const char *name :
             {"RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT", "TORCHELASTIC_USE_AGENT_STORE",
              "TORCHELASTIC_RESTART_COUNT", "SLURM_PROCID", "SLURM_NTASKS", "SLURM_LOCALID",
              "SLURM_STEP_NODELIST", "SLURM_JOB_ID"})
            qunsetenv(name);
        Result<DistributedOptions> none = distributedFromEnvironment("gloo");
        QVERIFY(none.ok());
        QCOMPARE(none->worldSize, 1); // one process

        // The training job's script: nodes x ranks, requeued, resuming the run.
        slurm::JobOptions o;
        o.cli = "/opt/synset/bin/synset-cli";
        Result<fs::path> script = slurm::writeTrainScript(m_tmp.path().toStdString() + "/scripts",
                                                          "r50", 4, 8, "nccl", o);
        QVERIFY(script.ok());
        const std::string text = *files::readText(*script);
        for (const char *line : {"#SBATCH --nodes=4", "#SBATCH --ntasks-per-node=8",
                                 "#SBATCH --gres=gpu:8", "#SBATCH --requeue",
                                 "--resume 'r50' --distributed nccl", "srun --kill-on-bad-exit=1"})
            QVERIFY2(text.find(line) != std::string::npos, line);
    }

    // The CLI's shard under SIGTERM: the batch under way is written, exit 75 (requeue); run
    // again, it finishes. The process is frozen while the signal is sent, so the signal lands
    // mid-shard on any machine.
    void shardStopsOnSignal()
    {
        std::unique_ptr<Project> project = makeProject(m_tmp.path() + "/signal");
        QVERIFY(project);
        GenerationConfig c = config();
        c.perClass = 40;
        c.batchSize = 1;
        Result<GenerationPlanInfo> plan = createGenerationPlan(*project, "sig", c, 1);
        QVERIFY(plan.ok());
        project.reset();
        const QString dir = m_tmp.path() + "/signal";
        const fs::path units = shardDirectory(plan->frozen.directory, 0) / "units";
        QProcess run;
        run.start(SYNSET_CLI_PATH, {"plan", "run", "--project", dir, "--name", "sig", "--shard",
                                    "0", "--device", "cpu"});
        QVERIFY(run.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(fs::exists(units / "0.json"), 120000);
        ::kill(pid_t(run.processId()), SIGSTOP);
        const bool finishedAlready =
            fs::exists(shardDirectory(plan->frozen.directory, 0) / "manifest.json");
        ::kill(pid_t(run.processId()), SIGTERM);
        ::kill(pid_t(run.processId()), SIGCONT);
        QVERIFY(run.waitForFinished(120000));
        if (finishedAlready)
            QSKIP("the shard ended before the signal could be sent");
        QCOMPARE(run.exitCode(), 75);
        QVERIFY(!fs::exists(shardDirectory(plan->frozen.directory, 0) / "manifest.json"));
        QProcess again;
        again.start(SYNSET_CLI_PATH, {"plan", "run", "--project", dir, "--name", "sig", "--shard",
                                      "0", "--device", "cpu"});
        QVERIFY(again.waitForFinished(120000));
        QCOMPARE(again.exitCode(), 0);
        QVERIFY(QString::fromUtf8(again.readAllStandardOutput()).contains("made before"));
        QVERIFY(fs::exists(shardDirectory(plan->frozen.directory, 0) / "manifest.json"));
    }
};

QTEST_GUILESS_MAIN(TestPlan)
#include "tst_plan.moc"
