// Planning for a cluster from the GUI, as a user does it: the job dialog's "Plan for a Slurm
// Cluster…", the plan dialog writing the plan and its scripts on a worker, the Generation Jobs
// panel's plan table following the shards' files, and Merge Finished Shards adding them to the
// project.
#include "ClusterPlanDialog.h"
#include "ClusterPlansPanel.h"
#include "GenerationJobDialog.h"
#include "GenerationQueuePanel.h"
#include "ModelPicker.h"
#include "ProjectSession.h"

#include "TinyGenerator.h"
#include "classes/ClassList.h"
#include "diffusion/DiffusionTrainer.h"
#include "generation/GenerationPlan.h"
#include "generation/Generator.h"
#include "project/Project.h"
#include "wordnet/WordNet.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace synset;
namespace fs = std::filesystem;

class TestClusterPanels : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_modelPath;
    ProjectSession *m_session = nullptr;
    static constexpr int kLong = 600000;

    static QString cellText(ClusterPlansPanel &panel, int column)
    {
        return panel.table()->item(0, column)->text();
    }

private slots:
    void initTestCase()
    {
        Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
        Result<ClassList> classes = classlists::load("fashion-mnist", **wn);
        Result<std::unique_ptr<Project>> p =
            Project::create((m_tmp.path() + "/proj").toStdString(), *classes, "Cluster");
        QVERIFY(p.ok());
        std::vector<std::string> wnids;
        for (const ProjectClass &c : (*p)->classes())
            wnids.push_back(c.wnid);
        m_modelPath = m_tmp.path() + "/tiny.safetensors";
        QVERIFY(writeRandomGenerator(m_modelPath.toStdString(), 1, 28, 28, wnids,
                                     tinyGeneratorOptions(), 5)
                    .ok());
        m_session = new ProjectSession(this);
        m_session->setProject(std::move(*p));
    }

    void planFromTheJobDialogAndMerge()
    {
        GenerationJobDialog dialog(m_session);
        dialog.setModelPath(m_modelPath);
        QList<ModelPicker *> pickers = dialog.findChildren<ModelPicker *>();
        for (ModelPicker *picker : pickers) {
            QSignalSpy changed(picker, &ModelPicker::modelChanged);
            if (picker->isReading())
                QVERIFY(changed.wait(kLong));
        }
        dialog.setCheckedClasses({"n03595614", "n04489008"});
        dialog.setPerClass(5);
        auto *plan = dialog.findChild<QPushButton *>("clusterPlan");
        QVERIFY(plan);
        plan->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.wantsClusterPlan());
        const QString name = dialog.jobName();

        ClusterPlanDialog planDialog(m_session, name, dialog.config());
        planDialog.setShards(2);
        planDialog.setSlurm("gpu", "gpu:1", "01:00:00");
        planDialog.setCli(SYNSET_CLI_PATH);
        QSignalSpy written(&planDialog, &ClusterPlanDialog::planWritten);
        planDialog.accept();
        QVERIFY(written.wait(kLong));
        QCOMPARE(planDialog.result(), int(QDialog::Accepted));
        const fs::path dir = planDirectory(m_session->project()->directory(), name.toStdString());
        QVERIFY(fs::exists(dir / "plan.json"));
        QVERIFY(fs::exists(dir / "slurm" / "generate.sbatch"));
        QVERIFY(planDialog.resultText().contains(
            QString::fromStdString((dir / "slurm" / "submit.sh").string())));
        // The name is taken now, by the plan.
        GenerationJobDialog second(m_session);
        QVERIFY(second.jobName() != name);

        GenerationQueuePanel queue(m_session);
        ClusterPlansPanel &panel = *queue.plans();
        panel.reload();
        QCOMPARE(panel.table()->rowCount(), 1);
        QCOMPARE(cellText(panel, ClusterPlansPanel::PlanColumn), name);
        QCOMPARE(cellText(panel, ClusterPlansPanel::MissingColumn), QStringLiteral("2"));
        QCOMPARE(cellText(panel, ClusterPlansPanel::RestColumn), QStringLiteral("0-1"));

        // A host makes shard 1; the table follows the files.
        Result<FrozenPlan> frozen = readFrozenPlan(dir);
        Result<std::unique_ptr<Generator>> gen = Generator::open(m_modelPath.toStdString(), "cpu");
        QVERIFY(frozen.ok() && gen.ok());
        QVERIFY(runPlanShard(*frozen, 1, **gen)->finished);
        panel.reload();
        QCOMPARE(cellText(panel, ClusterPlansPanel::DoneColumn), QStringLiteral("1"));
        QCOMPARE(cellText(panel, ClusterPlansPanel::RestColumn), QStringLiteral("0"));

        QSignalSpy merged(&panel, &ClusterPlansPanel::mergeFinished);
        QSignalSpy images(m_session, &ProjectSession::imagesChanged);
        QVERIFY(panel.mergeSelected().isEmpty());
        QVERIFY(merged.wait(kLong));
        QVERIFY(images.count() >= 1);
        QCOMPARE(cellText(panel, ClusterPlansPanel::MergedColumn), QStringLiteral("1"));
        int64_t synthetic = 0;
        for (const SplitCount &c : m_session->project()->imageCounts())
            if (c.kind == "synthetic")
                synthetic += c.count;
        QCOMPARE(synthetic, int64_t(5)); // image ids 1, 3, 5, 7, 9
        QVERIFY2(panel.result().contains(QStringLiteral("'%1'").arg(name)),
                 qPrintable(panel.result()));
    }
};

QTEST_MAIN(TestClusterPanels)
#include "tst_clusterpanels.moc"
