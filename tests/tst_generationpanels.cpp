// The Samples panel and the generation queue as a user drives them, on a tiny random model:
// the guidance x seed grid fills in live and matches direct sampling, cancel stops within a step,
// "Add to dataset" writes a PNG with parameters; queued jobs run to the end, pause, cancel and
// resume, and a job a crash left "running" shows as interrupted and resumes where it stopped.
#include "GenerationJobDialog.h"
#include "GenerationQueueModel.h"
#include "GenerationQueuePanel.h"
#include "ProjectSession.h"
#include "SampleGrid.h"
#include "SamplesPanel.h"

#include "TinyGenerator.h"
#include "classes/ClassList.h"
#include "data/PngText.h"
#include "diffusion/DiffusionModel.h"
#include "diffusion/DiffusionTrainer.h"
#include "generation/GenerationJob.h"
#include "project/Project.h"
#include "wordnet/WordNet.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace synset;

namespace {

GeneratorTrainOptions tinyOptions()
{
    GeneratorTrainOptions o = tinyGeneratorOptions();
    o.defaultGuidance = 1.5;
    return o;
}

int64_t syntheticImages(Project &project, const std::string &wnid)
{
    int64_t n = 0;
    for (const SplitCount &c : project.imageCounts())
        if (c.kind == "synthetic" && c.wnid == wnid)
            n += c.count;
    return n;
}

} // namespace

class TestGenerationPanels : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_modelPath;
    ProjectSession *m_session = nullptr;
    std::vector<std::string> m_wnids;

    GenerationConfig jobConfig(int perClass, int steps, int batch) const
    {
        GenerationConfig c;
        c.wnids = {m_wnids[0], m_wnids[1]};
        c.perClass = perClass;
        c.steps = steps;
        c.batchSize = batch;
        c.guidance = 2;
        c.seed = 11;
        c.model = m_modelPath.toStdString();
        return c;
    }

    QString jobStatus(GenerationQueuePanel &panel, const QString &name) const
    {
        return panel.model()->effectiveStatus(panel.model()->rowOf(name));
    }

private slots:
    void initTestCase()
    {
        Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
        QVERIFY2(wn.ok(), wn.ok() ? "" : wn.error().c_str());
        Result<ClassList> classes = classlists::load("fashion-mnist", **wn);
        QVERIFY(classes.ok());
        Result<std::unique_ptr<Project>> p =
            Project::create((m_tmp.path() + "/proj").toStdString(), *classes, "Panels");
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        for (const ProjectClass &c : (*p)->classes())
            m_wnids.push_back(c.wnid);
        m_modelPath = m_tmp.path() + "/tiny.safetensors";
        QVERIFY(
            writeRandomGenerator(m_modelPath.toStdString(), 1, 28, 28, m_wnids, tinyOptions(), 5)
                .ok());
        m_session = new ProjectSession(this);
        m_session->setProject(std::move(*p));
    }

    void samplesGridFillsLiveAndMatchesDirectSampling()
    {
        SamplesPanel panel(m_session);
        panel.setModelPath(m_modelPath);
        panel.setSynset(QString::fromStdString(m_wnids[1]));
        panel.setGuidances("0, 1, 3");
        panel.setSeeds(5, 2);
        panel.setSteps(6);
        QSignalSpy cells(panel.grid(), &SampleGrid::cellChanged);
        QSignalSpy finished(&panel, &SamplesPanel::finished);
        panel.generate();
        QVERIFY(panel.isRunning()); // sampling runs off the GUI thread
        QVERIFY(finished.wait(60000));
        int previews = 0, finals = 0;
        for (const QList<QVariant> &c : cells)
            (c[2].toInt() > 0 ? previews : finals) += 1;
        QCOMPARE(previews, 3 * 6 * 2); // every step of every cell was shown
        QCOMPARE(finals, 3 * 2);
        for (int col = 0; col < 3; ++col)
            for (int row = 0; row < 2; ++row)
                QVERIFY(panel.grid()->isFinal(col, row));

        // The cell for guidance 3, seed 6 is the image direct sampling gives.
        Result<std::unique_ptr<DiffusionModel>> model =
            DiffusionModel::load(m_modelPath.toStdString(), "cpu");
        QVERIFY(model.ok());
        SampleRequest r;
        r.classes = {1};
        r.seeds = {6};
        r.guidance = 3;
        r.steps = 6;
        Result<std::vector<GeneratedImage>> direct = (*model)->sample(r);
        QVERIFY(direct.ok());
        const QImage cell = panel.grid()->image(2, 1);
        QCOMPARE(cell.size(), QSize(28, 28));
        for (int y = 0; y < 28; ++y)
            QVERIFY(std::equal(cell.constScanLine(y), cell.constScanLine(y) + 28,
                               (*direct)[0].pixels.begin() + y * 28));

        // Add to dataset: a PNG with AUTOMATIC1111 parameters and a row in the store.
        const int64_t before = syntheticImages(*m_session->project(), m_wnids[1]);
        QCOMPARE(panel.addToDataset(2, 1), QString());
        QCOMPARE(syntheticImages(*m_session->project(), m_wnids[1]), before + 1);
        std::vector<ImageRecord> rows = m_session->project()->images(
            m_session->project()->classByWnid(m_wnids[1])->id, "synthetic", "train", 10);
        QVERIFY(!rows.empty());
        Result<std::string> params =
            readPngText(m_session->project()->directory() / rows.back().file, "parameters");
        QVERIFY(params.ok());
        const QString text = QString::fromStdString(*params);
        QVERIFY2(text.contains("Steps: 6, Sampler: DDIM, CFG scale: 3, Seed: 6, Size: 28x28") &&
                     text.contains("Synset: " + QString::fromStdString(m_wnids[1])),
                 qPrintable(text));
    }

    void samplesCancelStopsWithinAStep()
    {
        SamplesPanel panel(m_session);
        panel.setModelPath(m_modelPath);
        panel.setGuidances("0, 1, 2, 3, 4, 5, 6, 7");
        panel.setSeeds(1, 16);
        panel.setSteps(100);
        QSignalSpy cells(panel.grid(), &SampleGrid::cellChanged);
        QSignalSpy finished(&panel, &SamplesPanel::finished);
        panel.generate();
        QTRY_VERIFY_WITH_TIMEOUT(cells.count() > 0, 60000);
        panel.cancel();
        const int atCancel = int(cells.count());
        QVERIFY(finished.wait(30000));
        // The core stops between steps (tst_diffusion); here only previews already on their way
        // land afterwards, a few steps at most of the 800 left.
        QVERIFY2(cells.count() - atCancel <= 16 * 10,
                 qPrintable(QString::number(cells.count() - atCancel)));
        QVERIFY(!panel.grid()->isFinal(7, 15));
        QVERIFY(!panel.isRunning());
    }

    void dialogTakesTheModelsDefaults()
    {
        GenerationJobDialog dialog(m_session);
        dialog.setModelPath(m_modelPath);
        dialog.setCheckedClasses(
            {QString::fromStdString(m_wnids[3]), QString::fromStdString(m_wnids[4])});
        dialog.setPerClass(7);
        const GenerationConfig c = dialog.config();
        QCOMPARE(int(c.wnids.size()), 2);
        QCOMPARE(c.wnids[0], m_wnids[3]);
        QCOMPARE(c.perClass, 7);
        QCOMPARE(c.guidance, 1.5);
        QCOMPARE(c.steps, 10);
        QCOMPARE(QString::fromStdString(c.model.string()), m_modelPath);
        Result<std::unique_ptr<DiffusionModel>> model =
            DiffusionModel::load(m_modelPath.toStdString(), "cpu");
        QCOMPARE(c.modelHash, (*model)->info().hash);
        QVERIFY(c.templates.empty()); // each class keeps its own template
        QVERIFY(dialog.jobName().startsWith("generation-"));

        dialog.setModelPath(m_tmp.path() + "/missing.safetensors");
        QVERIFY(dialog.config().modelHash.empty());
        dialog.accept(); // refused: the model cannot be read
        QVERIFY(dialog.result() != QDialog::Accepted);
    }

    void queuedJobsRunToTheEnd()
    {
        GenerationQueuePanel panel(m_session);
        QSignalSpy finished(&panel, &GenerationQueuePanel::jobFinished);
        QCOMPARE(panel.createJob("first", jobConfig(3, 3, 2)), QString());
        QCOMPARE(panel.createJob("second", jobConfig(2, 2, 4)), QString());
        QVERIFY(!panel.createJob("first", jobConfig(3, 3, 2)).isEmpty()); // names are unique
        QCOMPARE(panel.activeJob(), QString("first")); // one at a time, oldest first
        QCOMPARE(jobStatus(panel, "second"), QString("queued"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000);
        QCOMPARE(finished[0][0].toString(), QString("first"));
        QCOMPARE(finished[0][1].toString(), QString("done"));
        QCOMPARE(finished[1][0].toString(), QString("second"));
        QCOMPARE(jobStatus(panel, "first"), QString("done"));
        const GenerationJobRow *row = panel.model()->job(panel.model()->rowOf("first"));
        QCOMPARE(row->done, qint64(6));
        QCOMPARE(row->total, qint64(6));
        const QString file = m_session->projectPath() + "/data/synthetic/first/" +
                             QString::fromStdString(m_wnids[1]) + "/" +
                             QString::fromStdString(m_wnids[1]) + "_000002.png";
        QVERIFY2(QFile::exists(file), qPrintable(file));
        QVERIFY(readPngText(file.toStdString(), "parameters").ok());
    }

    void pauseCancelAndResume()
    {
        GenerationQueuePanel panel(m_session);
        QSignalSpy finished(&panel, &GenerationQueuePanel::jobFinished);
        QCOMPARE(panel.createJob("long", jobConfig(40, 20, 2)), QString());
        GenerationQueueModel *model = panel.model();
        const auto done = [&] { return model->job(model->rowOf("long"))->done; };
        QTRY_VERIFY_WITH_TIMEOUT(done() > 0, 60000);
        QCOMPARE(panel.pause("long"), QString());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.last()[1].toString(), QString("paused"));
        const qint64 paused = done();
        QVERIFY(paused > 0 && paused < 80);
        QCOMPARE(syntheticImages(*m_session->project(), m_wnids[0]) >= paused ? 1 : 0, 1);

        QCOMPARE(panel.resume("long"), QString());
        QTRY_VERIFY_WITH_TIMEOUT(done() > paused, 60000);
        QCOMPARE(panel.cancel("long"), QString());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.last()[1].toString(), QString("cancelled"));
        const qint64 cancelled = done();
        QVERIFY(cancelled > paused && cancelled < 80); // what was written is kept

        // A cancelled job can still be finished later; it continues from what is there.
        QCOMPARE(panel.resume("long"), QString());
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.last()[1].toString(), QString("done"));
        QCOMPARE(done(), qint64(80));
    }

    void crashLeftoverShowsInterruptedAndResumes()
    {
        Project &project = *m_session->project();
        QVERIFY(createGenerationJob(project, "crashed", jobConfig(4, 2, 4)).ok());
        Result<GenerationJobInfo> job = generationJob(project, "crashed");
        QVERIFY(job.ok());
        // What a process killed mid-job leaves: status running and part of the images.
        Result<std::unique_ptr<DiffusionModel>> model =
            DiffusionModel::load(m_modelPath.toStdString(), "cpu");
        CancelToken cancel;
        QVERIFY(runGenerationJob(
                    project, "crashed", **model,
                    [&](const GenerationProgress &p) {
                        if (p.inFlight == 0)
                            cancel.cancel();
                    },
                    &cancel)
                    .ok());
        QVERIFY(setGenerationJobStatus(project, job->id, "running").ok());

        GenerationQueuePanel panel(m_session); // the application starts again
        QCOMPARE(jobStatus(panel, "crashed"), QString("interrupted"));
        QCOMPARE(panel.activeJob(), QString()); // nothing starts by itself
        QCOMPARE(panel.model()->job(panel.model()->rowOf("crashed"))->done, qint64(4));
        QSignalSpy finished(&panel, &GenerationQueuePanel::jobFinished);
        QCOMPARE(panel.resume("crashed"), QString());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.last()[1].toString(), QString("done"));
        QCOMPARE(panel.model()->job(panel.model()->rowOf("crashed"))->done, qint64(8));
        QVERIFY(!panel.resume("crashed").isEmpty()); // done is done
    }

    void openingAnotherProjectPausesTheRunningJob()
    {
        GenerationQueuePanel panel(m_session);
        QSignalSpy finished(&panel, &GenerationQueuePanel::jobFinished);
        QCOMPARE(panel.createJob("switch", jobConfig(40, 20, 2)), QString());
        const QString firstDir = m_session->projectPath();
        QTRY_VERIFY_WITH_TIMEOUT(panel.model()->job(panel.model()->rowOf("switch"))->done > 0,
                                 60000);

        Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
        Result<ClassList> classes = classlists::load("fashion-mnist", **wn);
        Result<std::unique_ptr<Project>> other =
            Project::create((m_tmp.path() + "/other").toStdString(), *classes, "Other");
        QVERIFY(other.ok());
        m_session->setProject(std::move(*other));
        QCOMPARE(panel.model()->rowCount(), 0); // the other project's (empty) queue
        QCOMPARE(panel.activeJob(), QString());
        // The job ends paused in its own project, resumable there; nothing starts here.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                Result<std::unique_ptr<Project>> first = Project::open(firstDir.toStdString());
                Result<GenerationJobInfo> job = generationJob(**first, "switch");
                return job.ok() && job->status == "paused" && job->done > 0 && job->done < 80;
            }(),
            30000);
        QCOMPARE(finished.count(), 0); // it was not this project's job
        QCOMPARE(panel.model()->rowCount(), 0);
    }
};

QTEST_MAIN(TestGenerationPanels)
#include "tst_generationpanels.moc"
