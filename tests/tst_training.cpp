// Classifier training: models learn, runs repeat exactly, resume continues where it stopped, the
// data mix is deterministic, and what a run stores agrees with itself.
#include "SmallProject.h"

#include "common/Numbers.h"
#include "data/TrainingData.h"
#include "experiment/Experiment.h"
#include "generation/GenerationJob.h"
#include "generation/Generator.h"
#include "project/Database.h"
#include "project/WorkLock.h"
#include "training/Classifier.h"
#include "training/TrainingRun.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

using namespace synset;

namespace {

ImageSet subset(const ImageSet &all, size_t first, size_t count)
{
    ImageSet s;
    s.channels = all.channels;
    s.height = all.height;
    s.width = all.width;
    s.classWnids = all.classWnids;
    s.classNames = all.classNames;
    const size_t size = size_t(all.channels) * all.height * all.width;
    s.pixels.assign(all.pixels.begin() + long(first * size),
                    all.pixels.begin() + long((first + count) * size));
    s.labels.assign(all.labels.begin() + long(first), all.labels.begin() + long(first + count));
    return s;
}

} // namespace

class TestTraining : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<Project> m_project;
    ImageSet m_train, m_test;

    ClassifierTrainOptions options(const QString &tag, int epochs)
    {
        ClassifierTrainOptions o;
        o.model = "cnn";
        o.width = 16;
        o.epochs = epochs;
        o.batchSize = 32;
        o.augmentation = "light";
        o.device = "cpu";
        o.checkpoint = (m_tmp.path() + "/" + tag + ".ckpt").toStdString();
        o.output = (m_tmp.path() + "/" + tag + ".model").toStdString();
        return o;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // 30 real training and 20 test images a class, 20 "synthetic" ones a class.
        Result<std::unique_ptr<Project>> p =
            testing::makeSmallProject(m_tmp.path().toStdString(), 30, 20, 20);
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        m_project = std::move(*p);
        Result<ImageSet> train = loadRealImages(*m_project, "train");
        Result<ImageSet> test = loadRealImages(*m_project, "test");
        QVERIFY(train.ok() && test.ok());
        QCOMPARE(train->count(), size_t(300));
        QCOMPARE(test->count(), size_t(200));
        m_train = std::move(*train);
        m_test = std::move(*test);
    }

    void modelsRunOnAnyShape()
    {
        // Each model takes grey and colour images of odd sizes and gives one logit row each.
        for (const char *model : {"cnn", "resnet18", "resnet50"}) {
            for (const auto &[c, h, w] : {std::tuple{1, 28, 28}, {3, 20, 36}, {3, 72, 72}}) {
                ImageSet d;
                d.channels = c;
                d.height = h;
                d.width = w;
                d.classWnids = {"a", "b", "c"};
                d.pixels.assign(size_t(4 * c * h * w), 100);
                d.labels = {0, 1, 2, 0};
                ClassifierTrainOptions o = options(QStringLiteral("shape"), 1);
                o.model = model;
                o.width = 8;
                o.augmentation = "dino";
                Result<ClassifierTrainReport> r = trainClassifier(d, &d, o);
                QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
                QCOMPARE(r->test.predicted.size(), size_t(4));
                Result<std::unique_ptr<Classifier>> loaded = Classifier::load(o.output);
                QVERIFY(loaded.ok());
                QCOMPARE((*loaded)->model(), std::string(model));
                Result<ClassifierEvaluation> ev = (*loaded)->evaluate(d);
                QVERIFY(ev.ok());
                QCOMPARE(ev->predicted, r->test.predicted); // the saved model is the trained one
            }
        }
        // CIFAR-style ResNet-18 at 32x32: the commonly quoted 0.56 GMAC.
        const int64_t macs = classifierForwardMacs("resnet18", 64, 3, 32, 32, 10);
        QVERIFY2(macs > 550'000'000 && macs < 560'000'000, qPrintable(QString::number(macs)));
    }

    void augmentationIsSeededAndLeavesNoneAlone()
    {
        const ImageSet some = subset(m_train, 0, 16);
        Result<ImageSet> none = augmentPreview(some, "none", 1);
        QVERIFY(none.ok());
        QCOMPARE(none->pixels, some.pixels);
        Result<ImageSet> a = augmentPreview(some, "dino", 1), b = augmentPreview(some, "dino", 1),
                         c = augmentPreview(some, "dino", 2);
        QVERIFY(a.ok() && b.ok() && c.ok());
        QCOMPARE(a->pixels, b->pixels);
        QVERIFY(a->pixels != some.pixels);
        QVERIFY(a->pixels != c->pixels);
        // Colour images go through the same recipe (saturation and grey only apply to them).
        ImageSet rgb = some;
        rgb.channels = 3;
        rgb.pixels.clear();
        for (size_t i = 0; i < some.count(); ++i)
            for (int ch = 0; ch < 3; ++ch)
                rgb.pixels.insert(rgb.pixels.end(), some.pixels.begin() + long(i * 784),
                                  some.pixels.begin() + long((i + 1) * 784));
        QVERIFY(augmentPreview(rgb, "dino", 1).ok());
    }

    void smallCnnLearnsFromAFewHundredImages()
    {
        ClassifierTrainOptions o = options(QStringLiteral("learn"), 12);
        Result<ClassifierTrainReport> r = trainClassifier(m_train, &m_test, o);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        qInfo("small CNN, 300 images, 12 epochs: %.1f%% on 200 test images", r->test.top1 * 100);
        QVERIFY2(r->test.top1 > 0.45, "well above the 10% of chance");
        QVERIFY(r->test.top5 >= r->test.top1);
    }

    void sameSeedSameRun()
    {
        const auto losses = [&](uint64_t seed) {
            ClassifierTrainOptions o = options(QStringLiteral("seed"), 2);
            o.seed = seed;
            o.augmentation = "dino";
            std::vector<double> out;
            ClassifierTrainCallbacks cb;
            cb.onStep = [&](const ClassifierStep &s) { out.push_back(s.loss); };
            Result<ClassifierTrainReport> r = trainClassifier(m_train, nullptr, o, cb);
            return r.ok() ? out : std::vector<double>{};
        };
        const std::vector<double> a = losses(7), b = losses(7), c = losses(8);
        QCOMPARE(a.size(), size_t(2 * 10)); // 300 images in batches of 32
        QCOMPARE(a, b);
        QVERIFY(a != c);
    }

    void resumeContinuesAtTheNextEpoch()
    {
        // Uninterrupted: 3 epochs.
        ClassifierTrainOptions whole = options(QStringLiteral("whole"), 3);
        std::vector<double> expected;
        ClassifierTrainCallbacks cb;
        cb.onStep = [&](const ClassifierStep &s) { expected.push_back(s.loss); };
        QVERIFY(trainClassifier(m_train, nullptr, whole, cb).ok());

        // Cancelled after the first epoch, then resumed.
        ClassifierTrainOptions part = options(QStringLiteral("part"), 3);
        CancelToken cancel;
        std::vector<double> got;
        std::vector<int64_t> steps;
        ClassifierTrainCallbacks cb2;
        cb2.onStep = [&](const ClassifierStep &s) {
            got.push_back(s.loss);
            steps.push_back(s.step);
        };
        cb2.onEpoch = [&](const ClassifierEpoch &e) {
            if (e.epoch == 1)
                cancel.cancel();
        };
        Result<ClassifierTrainReport> first = trainClassifier(m_train, nullptr, part, cb2, &cancel);
        QVERIFY(first.ok());
        QVERIFY(first->cancelled);
        QCOMPARE(first->epochsDone, 1);
        QCOMPARE(got.size(), size_t(10));
        part.resume = true;
        Result<ClassifierTrainReport> second = trainClassifier(m_train, nullptr, part, cb2);
        QVERIFY2(second.ok(), second.ok() ? "" : second.error().c_str());
        QCOMPARE(second->startEpoch, 1);
        QCOMPARE(second->epochsDone, 3);
        QCOMPARE(steps[10], int64_t(10)); // the resumed session starts at epoch 2's first step
        QCOMPARE(got.size(), expected.size());
        for (size_t i = 0; i < got.size(); ++i)
            QVERIFY2(std::abs(got[i] - expected[i]) < 1e-5,
                     qPrintable(
                         QStringLiteral("step %1: %2 vs %3").arg(i).arg(got[i]).arg(expected[i])));
    }

    void badInputIsAnErrorNamingTheProblem()
    {
        ClassifierTrainOptions o = options(QStringLiteral("bad"), 1);
        o.model = "vgg";
        Result<ClassifierTrainReport> r = trainClassifier(m_train, nullptr, o);
        QVERIFY(!r.ok());
        QVERIFY(r.error().find("vgg") != std::string::npos);

        // A truncated checkpoint names its file; a corrupt model file too.
        o = options(QStringLiteral("trunc"), 1);
        {
            std::ofstream f(o.checkpoint, std::ios::binary);
            f << "garbage";
        }
        o.resume = true;
        r = trainClassifier(m_train, nullptr, o);
        QVERIFY(!r.ok());
        QVERIFY(r.error().find(o.checkpoint.string()) != std::string::npos);
        Result<std::unique_ptr<Classifier>> c = Classifier::load(o.checkpoint);
        QVERIFY(!c.ok());
        QVERIFY(c.error().find(o.checkpoint.string()) != std::string::npos);

        RunConfig empty;
        empty.realFraction = 0;
        QVERIFY(!empty.check().ok());
        RunConfig wrong;
        wrong.synthetic = "some";
        QVERIFY(!createRun(*m_project, "x", wrong).ok());
        QVERIFY(!createRun(*m_project, "bad name!", RunConfig{}).ok());
    }

    void dataMixIsDeterministic()
    {
        RunConfig c;
        c.realFraction = 0.1;
        c.synthetic = "all";
        c.syntheticRatio = 0.5;
        c.train.seed = 3;
        Result<DataMix> a = selectTrainingImages(*m_project, c);
        Result<DataMix> b = selectTrainingImages(*m_project, c);
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().c_str());
        QCOMPARE(a->imageIds, b->imageIds);
        for (size_t k = 0; k < 10; ++k) {
            QCOMPARE(a->realPerClass[k], int64_t(3));      // 10% of 30
            QCOMPARE(a->syntheticPerClass[k], int64_t(2)); // half as many as real
        }
        c.train.seed = 4;
        Result<DataMix> other = selectTrainingImages(*m_project, c);
        QVERIFY(other.ok());
        QVERIFY(other->imageIds != a->imageIds);

        // Rejected images are left out of "all"; "accepted" takes only accepted ones.
        RunConfig all;
        all.realFraction = 0;
        all.synthetic = "all";
        Result<DataMix> before = selectTrainingImages(*m_project, all);
        QVERIFY(before.ok());
        QCOMPARE(before->imageIds.size(), size_t(200));
        const int64_t rejected = before->imageIds[0], accepted = before->imageIds[1];
        QVERIFY(m_project->database()
                    .exec("INSERT INTO reviews(image_id, state, updated_at) VALUES (" +
                          std::to_string(rejected) + ", 'rejected', 'now'), (" +
                          std::to_string(accepted) + ", 'accepted', 'now')")
                    .ok());
        Result<DataMix> after = selectTrainingImages(*m_project, all);
        QCOMPARE(after->imageIds.size(), size_t(199));
        all.synthetic = "accepted";
        Result<DataMix> onlyAccepted = selectTrainingImages(*m_project, all);
        QVERIFY(onlyAccepted.ok());
        QCOMPARE(onlyAccepted->imageIds, std::vector<int64_t>{accepted});
        QVERIFY(m_project->database().exec("DELETE FROM reviews").ok());
    }

    void experimentPlanRunsAndResumes()
    {
        // The papers' experiment at toy scale: 20 real images a class, the shipped generator
        // at 2 steps, fractions 50% and 100%, guidance 0 and 2, filtering 2 a class.
        QTemporaryDir dir;
        Result<std::unique_ptr<Project>> p =
            testing::makeSmallProject(dir.path().toStdString(), 20, 5, 0);
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        Project &project = **p;
        Result<std::unique_ptr<Generator>> generator =
            Generator::open(defaultGeneratorPath(), "cpu");
        QVERIFY(generator.ok());
        ExperimentOptions o;
        o.fractions = {0.5, 1};
        o.sweep = {0, 2};
        o.guidance = 2;
        o.perClass = 4;
        o.sweepPerClass = 3;
        o.sampleSteps = 2;
        o.budget = 400;
        o.width = 8;
        o.batch = 32;
        o.device = "cpu";
        o.filterPerClass = 2;
        o.filterRule = "";
        Result<ExperimentPlan> plan = planExperiment("toy", o, (*generator)->description());
        QVERIFY2(plan.ok(), plan.ok() ? "" : plan.error().c_str());
        QStringList names;
        for (const ExperimentStep &s : plan->steps)
            names << QString::fromStdString(s.name);
        QCOMPARE(names, QStringList({"toy-g0", "toy-g2", "toy-real-50", "toy-mix-50",
                                     "toy-real-100", "toy-mix-100", "toy-cas-g0", "toy-cas-g2",
                                     "toy-cas-random", "gen-toy-g2", "toy-cas-filtered"}));
        QCOMPARE(plan->steps[1].perClass, 4); // the mixes' scale
        QCOMPARE(plan->steps[0].perClass, 3);
        QVERIFY(!planExperiment(
                     "toy",
                     [&] {
                         auto bad = o;
                         bad.fractions = {1.5};
                         return bad;
                     }(),
                     (*generator)->description())
                     .ok());

        // Stored and read back the same; the same plan again is the stored one, another plan
        // under that name is refused.
        QVERIFY(saveExperiment(project, *plan).ok());
        Result<ExperimentPlan> stored = saveExperiment(project, *plan);
        QVERIFY(stored.ok());
        QCOMPARE(stored->options.budget, int64_t(400));
        QCOMPARE(stored->guidance, 2.0);
        QCOMPARE(int(stored->steps.size()), int(plan->steps.size()));
        ExperimentOptions other = o;
        other.budget = 999;
        Result<ExperimentPlan> again = planExperiment("toy", other, (*generator)->description());
        QVERIFY(again.ok());
        Result<ExperimentPlan> refused = saveExperiment(project, *again);
        QVERIFY(!refused.ok());
        QVERIFY2(QString::fromStdString(refused.error()).contains("budget 400, not 999"),
                 refused.error().c_str());
        QCOMPARE(experimentNames(project), std::vector<std::string>{"toy"});

        // Cancelled once the first run is trained: the run after it is left unfinished.
        CancelToken cancel;
        QStringList notes;
        ExperimentCallbacks cb;
        cb.note = [&](const std::string &line) {
            notes << QString::fromStdString(line);
            if (QString::fromStdString(line).startsWith("toy-real-50: top-1"))
                cancel.cancel();
        };
        Result<ExperimentRun> first = runExperiment(project, "toy", **generator, cb, &cancel);
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().c_str());
        QVERIFY(!first->finished);
        QCOMPARE(QString::fromStdString(first->interrupted), QString("training was interrupted"));
        QCOMPARE(experimentStepState(project, *plan, 2), StepState::Done);
        QVERIFY(experimentStepState(project, *plan, 3) != StepState::Done);
        QCOMPARE(experimentStepState(project, *plan, 10), StepState::Pending);

        // Resumed: what is done is not done again, and every step ends done.
        notes.clear();
        CancelToken none;
        Result<ExperimentRun> second = runExperiment(project, "toy", **generator, cb, &none);
        QVERIFY2(second.ok(), second.ok() ? "" : second.error().c_str());
        QVERIFY(second->finished);
        QVERIFY(!notes.join('\n').contains("generating"));
        QVERIFY(!notes.join('\n').contains("toy-real-50"));
        for (size_t i = 0; i < plan->steps.size(); ++i)
            QCOMPARE(experimentStepState(project, *plan, i), StepState::Done);

        // The tables come from the stored runs.
        const ExperimentTables tables = experimentTables(project, *plan);
        QCOMPARE(tables.csv.substr(0, 36), std::string("run,kind,real_fraction,guidance,real"));
        QCOMPARE(QString::fromStdString(tables.csv).trimmed().split('\n').size(), 1 + 8);
        Result<RunInfo> real = findRun(project, "toy-real-100"),
                        cas = findRun(project, "toy-cas-g2");
        QVERIFY(real.ok() && cas.ok());
        const QString md = QString::fromStdString(tables.markdown);
        QVERIFY2(md.contains("| 100% (200 images) |"), qPrintable(md));
        QVERIFY2(md.contains(QString("| guidance 2 | 40 | %1 |")
                                 .arg(QString::fromStdString(numbers::fixed(cas->top1 * 100, 2)))),
                 qPrintable(md));
        QVERIFY(md.contains(QString::fromStdString(numbers::fixed(cas->top1 / real->top1, 3))));
        QVERIFY(md.contains("| picked at random | 20 |"));
        Result<std::filesystem::path> written = writeExperimentTables(project, *plan, tables);
        QVERIFY(written.ok() && std::filesystem::exists(*written));
    }

    void runInTheStoreAgreesWithItself()
    {
        RunConfig c;
        c.train = options(QStringLiteral("run"), 3);
        c.realFraction = 1;
        c.synthetic = "all";
        QVERIFY(createRun(*m_project, "mixed", c).ok());
        // The mix is fixed when the run is made: a review before it starts changes nothing.
        QVERIFY(m_project->database()
                    .exec("INSERT INTO reviews(image_id, state, updated_at) SELECT image_id, "
                          "'rejected', 'now' FROM run_images WHERE synthetic = 1 LIMIT 5")
                    .ok());
        QCOMPARE(findRun(*m_project, "mixed")->syntheticImages, int64_t(200));
        CancelToken cancel;
        RunCallbacks cb;
        int epochsSeen = 0;
        cb.epoch = [&](const ClassifierEpoch &) {
            if (++epochsSeen == 1)
                cancel.cancel();
        };
        Result<RunInfo> first = executeRun(*m_project, "mixed", false, cb, &cancel);
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().c_str());
        QCOMPARE(first->status, std::string("cancelled"));
        QCOMPARE(first->epochsDone, 1);
        cancel.reset();

        // What kill -9 leaves: status 'running' and nobody holding the run's lock.
        QVERIFY(m_project->database()
                    .exec("UPDATE runs SET status = 'running' WHERE name = 'mixed'")
                    .ok());
        QVERIFY(findRun(*m_project, "mixed")->interrupted);
        Result<int64_t> duplicate = createRun(*m_project, "mixed", c);
        QVERIFY(!duplicate.ok());
        QVERIFY2(
            QString::fromStdString(duplicate.error()).contains("continue it with --resume mixed"),
            duplicate.error().c_str());
        {
            // While another holder has the lock (a live GUI or CLI), the run is not started.
            Result<WorkLock> other = WorkLock::acquire(m_project->directory(), "run", "mixed");
            QVERIFY(other.ok());
            QVERIFY(!findRun(*m_project, "mixed")->interrupted);
            Result<RunInfo> twice = executeRun(*m_project, "mixed", true, cb, &cancel);
            QVERIFY(!twice.ok());
            QVERIFY2(QString::fromStdString(twice.error()).contains("running in another process"),
                     twice.error().c_str());
        }
        QVERIFY(findRun(*m_project, "mixed")->interrupted);
        Result<RunInfo> run = executeRun(*m_project, "mixed", true, cb, &cancel);
        QVERIFY2(run.ok(), run.ok() ? "" : run.error().c_str());
        QCOMPARE(run->status, std::string("done"));
        QCOMPARE(run->epochsDone, 3);
        QCOMPARE(run->realImages, int64_t(300));
        QCOMPARE(run->syntheticImages, int64_t(200));
        QVERIFY(m_project->database().exec("DELETE FROM reviews").ok());
        QVERIFY(run->wallSeconds > 0);

        // One loss per step, no step twice, epochs 0..2.
        const auto metrics = runMetrics(*m_project, run->id);
        const int64_t stepsPerEpoch = (500 + 31) / 32;
        QCOMPARE(metrics.at("loss").size(), size_t(3 * stepsPerEpoch));
        for (size_t i = 0; i < metrics.at("loss").size(); ++i)
            QCOMPARE(metrics.at("loss")[i].step, int64_t(i));
        QCOMPARE(metrics.at("test_acc").size(), size_t(3));
        QCOMPARE(metrics.at("lr").size(), metrics.at("loss").size());

        // Per-class accuracies, the confusion matrix and top-1 tell the same story.
        const ClassifierEvaluation ev = storedEvaluation(*m_project, run->id);
        QCOMPARE(runPredictions(*m_project, run->id).size(), size_t(200));
        int64_t diagonal = 0, total = 0;
        for (int t = 0; t < 10; ++t) {
            int64_t row = 0;
            for (int p = 0; p < 10; ++p)
                row += ev.confusion[size_t(t * 10 + p)];
            QCOMPARE(row, int64_t(20));
            QCOMPARE(ev.perClass[size_t(t)], double(ev.confusion[size_t(t * 11)]) / 20.0);
            diagonal += ev.confusion[size_t(t * 11)];
            total += row;
        }
        QCOMPARE(ev.top1, double(diagonal) / double(total));
        QCOMPARE(ev.top1, metrics.at("test_acc").back().value);
        QCOMPARE(run->top1, ev.top1);

        // eval reloads the saved model and gets the same predictions.
        Result<ClassifierEvaluation> again = evaluateRun(*m_project, "mixed");
        QVERIFY2(again.ok(), again.ok() ? "" : again.error().c_str());
        QCOMPARE(again->top1, ev.top1);

        // The failure browser's data: synthetic training images of a class, with prompts.
        const std::vector<TrainingImage> synth =
            runTrainingImages(*m_project, run->id, 3, "synthetic", 100);
        QCOMPARE(synth.size(), size_t(20));
        QVERIFY(synth[0].prompt.find("Dress") != std::string::npos);

        // A finished run does not train again; deleting it removes its files.
        QVERIFY(!executeRun(*m_project, "mixed", true).ok());
        QVERIFY(std::filesystem::exists(runDirectory(*m_project, "mixed") / "model.safetensors"));
        QVERIFY(deleteRun(*m_project, "mixed").ok());
        QVERIFY(!std::filesystem::exists(runDirectory(*m_project, "mixed")));
        QVERIFY(!findRun(*m_project, "mixed").ok());
    }
};

QTEST_GUILESS_MAIN(TestTraining)
#include "tst_training.moc"
