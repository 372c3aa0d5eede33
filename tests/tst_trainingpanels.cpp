// The Training and Failures panels on a small project (offscreen): a run started from the panel
// trains on the worker thread, the plots show exactly the stored metrics, cancel and resume work,
// and the failure views agree with the stored predictions; the repair loop's first steps.
#include "Gate.h"
#include "SmallProject.h"
#include "UserLocale.h"

#include "ExperimentPanel.h"
#include "FailuresPanel.h"
#include "LocaleText.h"
#include "ModelPicker.h"
#include "ProjectSession.h"
#include "RunDialog.h"
#include "TrainingPanel.h"

#include "project/Database.h"
#include "training/TrainingRun.h"

#include <QComboBox>
#include <QDeadlineTimer>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QListWidget>
#include <QLocale>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <qcustomplot.h>

using namespace synset;

class TestTrainingPanels : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    ProjectSession *m_session = nullptr;

    static RunConfig smallConfig(int epochs)
    {
        RunConfig c;
        c.train.model = "cnn";
        c.train.width = 8;
        c.train.epochs = epochs;
        c.train.batchSize = 50;
        c.train.augmentation = "light";
        c.train.device = "cpu";
        c.synthetic = "all";
        return c;
    }

    // Waits for runFinished of name (ten minutes at most: a sanitizer build on a busy machine is
    // slow); returns its status, or "no runFinished" when it never came.
    static QString waitFor(TrainingPanel &panel, const QString &name)
    {
        QSignalSpy spy(&panel, &TrainingPanel::runFinished);
        QDeadlineTimer deadline(600000);
        while (!deadline.hasExpired()) {
            for (const QList<QVariant> &args : spy)
                if (args[0].toString() == name)
                    return args[1].toString();
            spy.wait(int(std::max<qint64>(1, deadline.remainingTime())));
        }
        return QStringLiteral("no runFinished");
    }

private slots:
    void initTestCase()
    {
        Result<std::unique_ptr<Project>> p =
            testing::makeSmallProject(m_tmp.path().toStdString(), 30, 20, 20);
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        m_session = new ProjectSession(this);
        m_session->setProject(std::move(*p));
    }

    void smoothingIsTensorBoards()
    {
        // TensorBoard: last = last * w + (1 - w) * v; shown = last / (1 - w^n).
        const std::vector<double> s = TrainingPanel::smoothed({1, 3, 3}, 0.5);
        QCOMPARE(s[0], 1.0);
        QCOMPARE(s[1], (0.5 * 0.5 + 1.5) / 0.75);
        double last = 0;
        std::vector<double> expected;
        int n = 0;
        for (double v : {1.0, 3.0, 3.0}) {
            last = last * 0.5 + 0.5 * v;
            expected.push_back(last / (1 - std::pow(0.5, ++n)));
        }
        QCOMPARE(s, expected);
        QCOMPARE(TrainingPanel::smoothed({4, 2}, 0), (std::vector<double>{4, 2}));
    }

    void runTrainsLiveAndPlotsStoredMetrics()
    {
        TrainingPanel panel(m_session);
        QCOMPARE(panel.startRun(QStringLiteral("first"), smallConfig(2)), QString());
        QCOMPARE(panel.activeRun(), QStringLiteral("first")); // training off the GUI thread
        QCOMPARE(waitFor(panel, QStringLiteral("first")), QStringLiteral("done"));
        panel.reload();
        QCOMPARE(panel.plottedRuns(), QStringList{QStringLiteral("first")});

        Result<RunInfo> run = findRun(*m_session->project(), "first");
        QVERIFY(run.ok());
        const auto metrics = runMetrics(*m_session->project(), run->id);
        const size_t steps = metrics.at("loss").size();
        QCOMPARE(steps, size_t(2 * 10)); // 500 images in batches of 50, two epochs

        // Loss: the raw curve and the smoothed one; with no smoothing they are the same.
        panel.setSmoothing(0);
        QCustomPlot *loss = panel.lossPlot();
        QCOMPARE(loss->graphCount(), 2);
        QCOMPARE(loss->graph(0)->dataCount(), int(steps));
        for (int i = 0; i < int(steps); ++i) {
            QCOMPARE(loss->graph(0)->data()->at(i)->value, metrics.at("loss")[size_t(i)].value);
            QCOMPARE(loss->graph(1)->data()->at(i)->value, metrics.at("loss")[size_t(i)].value);
        }
        panel.setSmoothing(0.9);
        QVERIFY(loss->graph(1)->data()->at(int(steps) - 1)->value !=
                metrics.at("loss").back().value);

        // Accuracy: train and test per epoch, in percent; learning rate per step.
        QCustomPlot *acc = panel.accuracyPlot();
        QCOMPARE(acc->graphCount(), 2);
        QCOMPARE(acc->graph(1)->dataCount(), 2);
        QCOMPARE(acc->graph(1)->data()->at(1)->key, 2.0);
        QCOMPARE(acc->graph(1)->data()->at(1)->value, metrics.at("test_acc")[1].value * 100);
        QCOMPARE(panel.learningRatePlot()->graph(0)->dataCount(), int(steps));

        // The runs table shows the headline numbers.
        QCOMPARE(panel.runs().size(), size_t(1));
        QCOMPARE(panel.runs()[0].top1, metrics.at("test_acc")[1].value);
    }

    void cancelAndResumeFromThePanel()
    {
        TrainingPanel panel(m_session);
        {
            // Cancelled while the worker is held right after storing its first epoch.
            testing::Gate gate("training epoch stored");
            QCOMPARE(panel.startRun(QStringLiteral("second"), smallConfig(3)), QString());
            QVERIFY(gate.waitReached());
            QCOMPARE(panel.cancelRun(QStringLiteral("second")), QString());
        }
        QCOMPARE(waitFor(panel, QStringLiteral("second")), QStringLiteral("cancelled"));
        Result<RunInfo> stopped = findRun(*m_session->project(), "second");
        QCOMPARE(stopped->epochsDone, 1);
        QCOMPARE(panel.resumeRun(QStringLiteral("second")), QString());
        QCOMPARE(waitFor(panel, QStringLiteral("second")), QStringLiteral("done"));
        Result<RunInfo> done = findRun(*m_session->project(), "second");
        QCOMPARE(done->epochsDone, 3);
        const auto metrics = runMetrics(*m_session->project(), done->id);
        QCOMPARE(metrics.at("loss").size(), size_t(3 * 10)); // no step lost or written twice

        // Two runs overlaid: two loss curves each.
        panel.setPlotted(QStringLiteral("first"), true);
        panel.setPlotted(QStringLiteral("second"), true);
        QCOMPARE(panel.lossPlot()->graphCount(), 4);
        QCOMPARE(panel.accuracyPlot()->graphCount(), 4);

        // The accuracy legend names all four curves and covers none of the plot.
        panel.resize(1200, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCustomPlot *accuracy = panel.accuracyPlot();
        accuracy->replot();
        QVERIFY(accuracy->legend->visible());
        QCOMPARE(accuracy->legend->itemCount(), 4);
        QVERIFY(accuracy->legend->outerRect().height() > 0);
        QVERIFY(!accuracy->legend->outerRect().intersects(accuracy->axisRect()->rect()));
    }

    void failuresAgreeWithThePredictions()
    {
        FailuresPanel panel(m_session);
        panel.showRun(QStringLiteral("first"), QStringLiteral("second"));
        QCOMPARE(panel.currentRun(), QStringLiteral("first"));
        const ClassifierEvaluation &ev = panel.evaluation();
        QCOMPARE(ev.numClasses, 10);
        // Worst class first, and it is the one selected.
        QTableWidget *table = panel.classTable();
        QCOMPARE(table->rowCount(), 10);
        const int worst = table->item(0, 0)->data(Qt::UserRole).toInt();
        for (int c = 0; c < 10; ++c)
            QVERIFY(ev.perClass[size_t(worst)] <= ev.perClass[size_t(c)]);
        QCOMPARE(panel.selectedActual(), worst);
        QVERIFY(!table->isColumnHidden(2)); // the compared run's accuracies
        // The change is this run's accuracy less the compared run's, and the header says so.
        const ClassifierEvaluation other =
            storedEvaluation(*m_session->project(), findRun(*m_session->project(), "second")->id);
        QCOMPARE(table->horizontalHeaderItem(3)->text(), QString::fromUtf8("first − second"));
        for (int row = 0; row < 10; ++row) {
            const int c = table->item(row, 0)->data(Qt::UserRole).toInt();
            const double change = (ev.perClass[size_t(c)] - other.perClass[size_t(c)]) * 100;
            QCOMPARE(table->item(row, 3)->text(), (change >= 0 ? QStringLiteral("+") : QString()) +
                                                      QLocale().toString(change, 'f', 1));
        }
        // A run is not offered for comparison with itself.
        QCOMPARE(panel.compareChoices()->findData(QStringLiteral("first")), -1);
        QVERIFY(panel.compareChoices()->findData(QStringLiteral("second")) > 0);

        // A cell: its test images, and both classes' synthetic training images with prompts.
        const int t = 6, p = 0; // Shirt as T-shirt/top
        panel.selectCell(t, p);
        QCOMPARE(panel.testImages()->count(),
                 int(std::min<int64_t>(80, ev.confusion[size_t(t * 10 + p)])));
        QCOMPARE(panel.trueClassImages()->count(), 20);
        QVERIFY(panel.trueClassImages()->item(0)->text().contains(QStringLiteral("Shirt")));
        QVERIFY(!panel.trueClassImages()->item(0)->icon().isNull());
        QCOMPARE(panel.predictedClassImages()->count(), 20);
        panel.selectCell(t, t);
        QCOMPARE(panel.testImages()->count(), int(ev.confusion[size_t(t * 11)]));

        // Clicking the heatmap picks the cell under the pointer.
        panel.resize(1200, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.heatmap()->replot();
        const QPoint at(int(panel.heatmap()->xAxis->coordToPixel(3)),
                        int(panel.heatmap()->yAxis->coordToPixel(8)));
        QCOMPARE(panel.cellAt(at), std::make_pair(8, 3));
        QTest::mouseClick(panel.heatmap(), Qt::LeftButton, {}, at);
        QCOMPARE(panel.selectedActual(), 8);
        QCOMPARE(panel.selectedPredicted(), 3);
    }

    void repairLoopRegeneratesOneClassAndRetrainsTheSameConfig()
    {
        Project &project = *m_session->project();
        Result<ClassRepair> repair = startClassRepair(project, "first", "n04197391"); // Shirt
        QVERIFY2(repair.ok(), repair.ok() ? "" : repair.error().c_str());
        QCOMPARE(repair->perClass, 20);
        QCOMPARE(repair->setAside, int64_t(20));
        Result<GenerationJobInfo> job = generationJob(project, repair->jobName);
        QVERIFY(job.ok());
        QCOMPARE(job->config.wnids, std::vector<std::string>{"n04197391"});
        QCOMPARE(job->total, int64_t(20));
        // The old Shirt images no longer enter a run with the same configuration.
        Result<RunInfo> first = findRun(project, "first");
        Result<DataMix> mix = selectTrainingImages(project, first->config);
        QVERIFY(mix.ok());
        QCOMPARE(mix->syntheticPerClass[6], int64_t(0));
        QCOMPARE(mix->syntheticPerClass[0], int64_t(20));

        TrainingPanel panel(m_session);
        QString error;
        const QString retrain =
            panel.retrain(QStringLiteral("first"), {repair->datasetName}, &error);
        QCOMPARE(retrain, QStringLiteral("first-repair"));
        Result<RunInfo> again = findRun(project, retrain.toStdString());
        QVERIFY(again.ok());
        QCOMPARE(again->config.parent, std::string("first"));
        QCOMPARE(again->config.train.epochs, first->config.train.epochs);
        QCOMPARE(again->config.train.width, first->config.train.width);
        QCOMPARE(waitFor(panel, retrain), QStringLiteral("done"));
    }

    // The run dialog shows and reads numbers as the user's language writes them ("0,05" in German
    // and French), and the run stores them in C notation.
    void runDialogNumbersInTheUsersLanguage_data() { testing::addUserLocaleRows(); }

    void experimentPanelPlansRunsAndResumes()
    {
        QTemporaryDir dir;
        Result<std::unique_ptr<Project>> p =
            testing::makeSmallProject(dir.path().toStdString(), 20, 5, 0);
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        ProjectSession session;
        session.setProject(std::move(*p));
        const auto fill = [](ExperimentPanel &panel) {
            ModelPicker *picker = panel.generatorPicker();
            QSignalSpy read(picker, &ModelPicker::modelChanged);
            while (picker->isReading())
                if (!read.wait(60000))
                    return false;
            panel.setName("toy");
            panel.setClassifier("cnn", 8);
            panel.setFractions(localeText::numberList({50, 100}));
            panel.setGuidances(localeText::numberList({0, 2}), 2);
            panel.setImageCounts(4, 3, 2);
            panel.setBudget(400);
            panel.setSampleSteps(2);
            panel.setFilterRule(""); // the tiny run scores too low for a confidence floor
            return true;
        };
        {
            // The plan before anything is made: every job and run, all to do.
            ExperimentPanel panel(&session);
            QVERIFY(fill(panel));
            QCOMPARE(panel.showPlan(), QString());
            QTableWidget *steps = panel.stepsTable();
            QCOMPARE(steps->rowCount(), 11);
            QCOMPARE(steps->item(0, 1)->text(), QString("toy-g0"));
            QCOMPARE(steps->item(10, 1)->text(), QString("toy-cas-filtered"));
            for (int r = 0; r < steps->rowCount(); ++r)
                QCOMPARE(steps->item(r, 3)->text(), ExperimentPanel::tr("To do"));
            // Nothing has been measured here yet: no estimates.
            QCOMPARE(steps->item(0, 4)->text(), QString("–"));
            QCOMPARE(panel.curvesRun(), QString());

            // Started and cancelled at once: the first job is made and left unfinished.
            QSignalSpy finished(&panel, &ExperimentPanel::finished);
            QCOMPARE(panel.start(), QString());
            QVERIFY(panel.isRunning());
            panel.cancel();
            QVERIFY(finished.wait(120000));
            QCOMPARE(finished.last()[0].toBool(), false);
            QCOMPARE(steps->item(0, 3)->text(), ExperimentPanel::tr("Started"));
        }
        // Opened again, the panel shows the stored experiment as it stands, and resumes it.
        ExperimentPanel panel(&session);
        QSignalSpy read(panel.generatorPicker(), &ModelPicker::modelChanged);
        while (panel.generatorPicker()->isReading())
            QVERIFY(read.wait(60000));
        QCOMPARE(panel.stepsTable()->rowCount(), 11);
        QCOMPARE(panel.stepsTable()->item(0, 3)->text(), ExperimentPanel::tr("Started"));
        QSignalSpy finished(&panel, &ExperimentPanel::finished);
        QCOMPARE(panel.start(), QString());
        QVERIFY(finished.wait(600000));
        QVERIFY2(finished.last()[0].toBool(), qPrintable(panel.status()));
        for (int r = 0; r < panel.stepsTable()->rowCount(); ++r)
            QCOMPARE(panel.stepsTable()->item(r, 3)->text(), ExperimentPanel::tr("Done"));
        QVERIFY2(panel.tablesMarkdown().contains("| guidance 2 | 40 |"),
                 qPrintable(panel.tablesMarkdown()));
        QCOMPARE(panel.casPlot()->graph(0)->dataCount(), 2); // guidance 0 and 2
        // The curves of the last run trained: its loss by step and its test accuracy.
        QCOMPARE(panel.curvesRun(), QString("toy-cas-filtered"));
        QVERIFY(panel.runCurves()->graph(0)->dataCount() > 0);
        QVERIFY(panel.runCurves()->graph(1)->dataCount() > 0);
        // A training step picked in the plan shows its run.
        int firstRun = 0;
        while (panel.stepsTable()->item(firstRun, 0)->text() != ExperimentPanel::tr("Train"))
            ++firstRun;
        panel.stepsTable()->setCurrentCell(firstRun, 1);
        QCOMPARE(panel.curvesRun(), panel.stepsTable()->item(firstRun, 1)->text());

        // Exports: the tables as the CLI writes them, the plot in each format.
        QTemporaryDir out;
        QCOMPARE(panel.exportTables(out.path()), QString());
        QFile md(out.path() + "/toy.md");
        QVERIFY(md.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(md.readAll()), panel.tablesMarkdown());
        QVERIFY(QFile::exists(out.path() + "/toy.csv"));
        for (const char *suffix : {"png", "svg", "pdf"}) {
            const QString file = out.path() + "/cas." + suffix;
            QCOMPARE(panel.exportCasPlot(file), QString());
            QVERIFY(QFileInfo(file).size() > 0);
        }
        QVERIFY(!panel.exportCasPlot(out.path() + "/cas.bmp").isEmpty());

        // A new plan is estimated from what ran: the generator's rate and the runs' speed.
        panel.setName("toy2");
        QCOMPARE(panel.showPlan(), QString());
        const QRegularExpression duration("^\\d+:\\d\\d(:\\d\\d)?$");
        for (int r : {0, panel.stepsTable()->rowCount() - 1})
            QVERIFY2(duration.match(panel.stepsTable()->item(r, 4)->text()).hasMatch(),
                     qPrintable(panel.stepsTable()->item(r, 4)->text()));
        {
            // Opened again after it finished: the last run's curves.
            ExperimentPanel reopened(&session);
            QCOMPARE(reopened.curvesRun(), QString("toy-cas-filtered"));
        }
    }

    void runDialogNumbersInTheUsersLanguage()
    {
        QFETCH(QString, locale);
        const testing::UserLocale userLocale(locale);

        RunDialog dialog(m_session);
        RunConfig c = smallConfig(1);
        c.train.labelSmoothing = 0.1;
        dialog.setConfig(c);
        auto *smoothing = dialog.findChild<QDoubleSpinBox *>("labelSmoothing");
        auto *lr = dialog.findChild<QDoubleSpinBox *>("learningRate");
        QVERIFY(smoothing && lr);
        QCOMPARE(smoothing->text(), QStringLiteral("0,10"));
        lr->selectAll();
        QTest::keyClicks(lr, "0,05");
        QCOMPARE(lr->value(), 0.05);
        QCOMPARE(dialog.config().train.learningRate, 0.05);

        const std::string name = "lr-" + locale.toStdString();
        QVERIFY(createRun(*m_session->project(), name, dialog.config()).ok());
        Result<RunInfo> stored = findRun(*m_session->project(), name);
        QVERIFY(stored.ok());
        QCOMPARE(stored->config.train.learningRate, 0.05);
        QCOMPARE(stored->config.train.labelSmoothing, 0.1);
        QVERIFY(stored->config.toJson().find("0.05") != std::string::npos);
    }
};

QTEST_MAIN(TestTrainingPanels)
#include "tst_trainingpanels.moc"
