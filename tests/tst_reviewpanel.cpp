// The Review panel offscreen: the grid model sorts and filters, thumbnails arrive from the loader,
// keyboard review saves at once and undoes, the threshold's dry run matches what it applies.
#include "SmallProject.h"

#include "ProjectSession.h"
#include "ReviewGrid.h"
#include "ReviewModel.h"
#include "ReviewPanel.h"
#include "ThumbnailLoader.h"

#include "curation/Curation.h"
#include "project/ThumbnailStore.h"
#include "training/TrainingRun.h"

#include <QDialog>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <cmath>
#include <filesystem>

using namespace synset;

class TestReviewPanel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    ProjectSession *m_session = nullptr;
    ReviewPanel *m_panel = nullptr;

    Project &project() { return *m_session->project(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        Result<std::unique_ptr<Project>> p =
            testing::makeSmallProject(m_tmp.path().toStdString(), 20, 5, 12);
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        RunConfig c;
        c.train.model = "cnn";
        c.train.width = 16;
        c.train.epochs = 2;
        c.train.batchSize = 32;
        c.train.device = "cpu";
        QVERIFY(createRun(**p, "real", c).ok());
        QVERIFY(executeRun(**p, "real", false).ok());
        ScoreOptions o;
        o.device = "cpu";
        QVERIFY(scoreProject(**p, o).ok());
        m_session = new ProjectSession(this);
        m_session->setProject(std::move(*p));
        m_panel = new ReviewPanel(m_session);
        m_panel->resize(1200, 700);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel));
    }

    void cleanupTestCase() { delete m_panel; }

    void modelSortsAndFilters()
    {
        ReviewModel *model = m_panel->model();
        QCOMPARE(model->rowCount(), 120);
        // The summary table: a row for all classes, then one per class, with counts.
        QTableWidget *table = m_panel->classTable();
        QCOMPARE(table->rowCount(), 11);
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("120"));
        QCOMPARE(table->item(4, 1)->text(), QStringLiteral("12"));
        QVERIFY(!table->item(4, 5)->text().isEmpty()); // FID

        m_panel->setSortScore(QStringLiteral("self_confidence"));
        for (int r = 1; r < model->rowCount(); ++r)
            QVERIFY(model->image(r - 1).selfConfidence >= model->image(r).selfConfidence);
        QCOMPARE(model->index(0).data(ReviewModel::ScoreRole).toDouble(),
                 model->image(0).selfConfidence);
        // Entropy: lower is better, so the best come first in ascending order.
        m_panel->setSortScore(QStringLiteral("entropy"));
        for (int r = 1; r < model->rowCount(); ++r)
            QVERIFY(model->image(r - 1).entropy <= model->image(r).entropy);
        m_panel->setSortScore(QStringLiteral("id"));
        QVERIFY(std::isnan(model->index(0).data(ReviewModel::ScoreRole).toDouble()));

        // Clicking a class row shows that class only.
        table->selectRow(4);
        QCOMPARE(m_panel->shownClasses(), QList<int>{3});
        QCOMPARE(model->rowCount(), 12);
        for (int r = 0; r < model->rowCount(); ++r)
            QCOMPARE(model->image(r).classIndex, 3);
        m_panel->showClasses({});
        QCOMPARE(model->rowCount(), 120);
    }

    void thumbnailsArrive()
    {
        ReviewModel *model = m_panel->model();
        // The first paint asks for the visible thumbnails; they arrive without blocking.
        QTRY_VERIFY_WITH_TIMEOUT(
            !model->index(0).data(ReviewModel::ThumbnailRole).value<QImage>().isNull(), 600000);
        const QImage thumb = model->index(0).data(ReviewModel::ThumbnailRole).value<QImage>();
        QCOMPARE(thumb.size(), QSize(28, 28));
        // The zoom changes the cell size.
        m_panel->grid()->setThumbnailSize(64);
        QTRY_COMPARE(m_panel->grid()->visualRect(model->index(0)).width(), 64 + 6);

        // The cache is an LRU of bounded size.
        ThumbnailLoader small(3);
        QSignalSpy ready(&small, &ThumbnailLoader::ready);
        for (int r = 0; r < 6; ++r) {
            const Result<ScoredImage> s = scoredImage(project(), model->image(r).imageId);
            QVERIFY(s.ok());
            small.thumbnail(s->imageId, QString::fromStdString(project().resolve(s->file).string()),
                            s->record, r);
        }
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 6, 600000);
        int cached = 0;
        for (int r = 0; r < 6; ++r)
            cached += small.isCached(model->image(r).imageId) ? 1 : 0;
        QCOMPARE(cached, 3);
    }

    // Thumbnails outlive the session in the project's cache/thumbnails.db: a new loader reads
    // them back instead of decoding, the same pixels; a file that changed is made again.
    void thumbnailsKeptOnDisk()
    {
        ReviewModel *model = m_panel->model();
        const std::filesystem::path cacheFile = ThumbnailStore::fileOf(project().directory());
        QTRY_VERIFY_WITH_TIMEOUT(std::filesystem::exists(cacheFile), 600000);
        Result<std::unique_ptr<ThumbnailStore>> opened = ThumbnailStore::open(cacheFile);
        QVERIFY(opened.ok());
        std::shared_ptr<ThumbnailStore> store = std::move(*opened);
        QTRY_VERIFY_WITH_TIMEOUT(store->count() > 0, 600000);

        const auto request = [&](ThumbnailLoader &loader, int rows) {
            for (int r = 0; r < rows; ++r) {
                const Result<ScoredImage> s = scoredImage(project(), model->image(r).imageId);
                loader.thumbnail(s->imageId,
                                 QString::fromStdString(project().resolve(s->file).string()),
                                 s->record, r);
            }
        };
        ThumbnailLoader first(100, 256, nullptr, 2);
        first.setDiskCache(store);
        QSignalSpy firstReady(&first, &ThumbnailLoader::ready);
        request(first, 4);
        QTRY_COMPARE_WITH_TIMEOUT(firstReady.count(), 4, 600000);
        ThumbnailLoader second(100, 256, nullptr, 2);
        second.setDiskCache(store);
        QSignalSpy secondReady(&second, &ThumbnailLoader::ready);
        request(second, 4);
        QTRY_COMPARE_WITH_TIMEOUT(secondReady.count(), 4, 600000);
        QCOMPARE(second.fromDisk(), qint64(4));
        QCOMPARE(second.decoded(), qint64(0));
        const qint64 id = model->image(0).imageId;
        QCOMPARE(second.thumbnail(id, {}, -1, 0), first.thumbnail(id, {}, -1, 0));

        // The image file is rewritten: its stored thumbnail is stale.
        const Result<ScoredImage> s = scoredImage(project(), id);
        const std::filesystem::path file = project().resolve(s->file);
        const auto stamp = std::filesystem::last_write_time(file);
        std::filesystem::last_write_time(file, stamp + std::chrono::seconds(5));
        ThumbnailLoader third(100, 256, nullptr, 1);
        third.setDiskCache(store);
        QSignalSpy thirdReady(&third, &ThumbnailLoader::ready);
        request(third, 1);
        QTRY_COMPARE_WITH_TIMEOUT(thirdReady.count(), 1, 600000);
        QCOMPARE(third.decoded(), qint64(1));
        QCOMPARE(third.fromDisk(), qint64(0));
        std::filesystem::last_write_time(file, stamp);
    }

    void keyboardReview()
    {
        m_panel->setSortScore(QStringLiteral("id"));
        ReviewModel *model = m_panel->model();
        ReviewGrid *grid = m_panel->grid();
        grid->setFocus();
        grid->setCurrentIndex(model->index(0));
        const int64_t first = model->image(0).imageId;
        const int64_t second = model->image(1).imageId;

        QTest::keyClick(grid, Qt::Key_A);
        QCOMPARE(scoredImage(project(), first)->state, std::string("accepted"));
        QCOMPARE(scoredImage(project(), first)->origin, std::string("manual"));
        QCOMPARE(model->index(0).data(ReviewModel::StateRole).toString(),
                 QStringLiteral("accepted"));
        QCOMPARE(grid->currentIndex().row(), 1); // on to the next image

        QTest::keyClick(grid, Qt::Key_R);
        QCOMPARE(scoredImage(project(), second)->state, std::string("rejected"));
        QCOMPARE(m_panel->classTable()->item(0, 2)->text(), QStringLiteral("1"));
        QCOMPARE(m_panel->classTable()->item(0, 3)->text(), QStringLiteral("1"));

        QTest::keyClick(grid, Qt::Key_U);
        QCOMPARE(scoredImage(project(), second)->state, std::string("pending"));
        QCOMPARE(model->index(1).data(ReviewModel::StateRole).toString(),
                 QStringLiteral("pending"));
        QCOMPARE(scoredImage(project(), first)->state, std::string("accepted"));

        // Several at once: Shift+Right extends the selection.
        grid->setCurrentIndex(model->index(2));
        QTest::keyClick(grid, Qt::Key_Right, Qt::ShiftModifier);
        QTest::keyClick(grid, Qt::Key_Right, Qt::ShiftModifier);
        QCOMPARE(grid->selectedImageIds().size(), 3);
        QTest::keyClick(grid, Qt::Key_R);
        for (int r = 2; r < 5; ++r)
            QCOMPARE(scoredImage(project(), model->image(r).imageId)->state,
                     std::string("rejected"));
        // The class table counted the reviews as the store does.
        const std::vector<ClassSummary> stored = classSummaries(project());
        for (size_t c = 0; c < stored.size(); ++c) {
            QCOMPARE(m_panel->classTable()->item(int(c) + 1, 2)->text().toLongLong(),
                     qint64(stored[c].accepted));
            QCOMPARE(m_panel->classTable()->item(int(c) + 1, 3)->text().toLongLong(),
                     qint64(stored[c].rejected));
        }
        QCOMPARE(reviewActions(project()).front().images, int64_t(3));

        // Space: the large view with the prompt and the scores.
        grid->setCurrentIndex(model->index(0));
        QTest::keyClick(grid, Qt::Key_Space);
        QVERIFY(m_panel->largeView() && m_panel->largeView()->isVisible());
        const QString text = m_panel->largeView()->findChildren<QLabel *>().last()->text();
        QVERIFY2(text.contains(QStringLiteral("a photo of")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Self-confidence")));
        m_panel->largeView()->hide();

        // A state filter shows only those images.
        QVERIFY(m_panel->undo().isEmpty());
        model->setStateFilter(QStringLiteral("accepted"));
        QCOMPARE(model->rowCount(), 1);
        model->setStateFilter(QString());
    }

    void thresholdRule()
    {
        m_panel->setSortScore(QStringLiteral("self_confidence"));
        m_panel->showClasses({});
        // The dry run runs on a worker; moving the threshold again meanwhile runs it again with
        // the latest rule once the first has ended.
        QSignalSpy ready(m_panel, &ReviewPanel::dryRunReady);
        m_panel->setThreshold(0.3);
        m_panel->setThreshold(0.5);
        QVERIFY(ready.wait(600000));
        QCOMPARE(ready.count(), 1);
        // The dry run in the panel is the core's dry run of the same rule.
        FilterRule rule = *parseRuleConditions("self_confidence>=0.5");
        Result<RuleOutcome> dry = dryRunRule(project(), rule);
        QVERIFY(dry.ok());
        QVERIFY2(m_panel->dryRunText().contains(
                     QStringLiteral("keeps %1 and drops %2").arg(dry->kept).arg(dry->dropped)),
                 qPrintable(m_panel->dryRunText()));
        QSignalSpy finished(m_panel, &ReviewPanel::jobFinished);
        QSignalSpy reviewed(m_panel, &ReviewPanel::reviewsChanged);
        QVERIFY(m_panel->applyRule().isEmpty());
        QVERIFY(finished.wait(600000));
        QVERIFY2(m_panel->jobResult().startsWith(QStringLiteral("Applied")),
                 qPrintable(m_panel->jobResult()));
        QCOMPARE(reviewed.count(), 1);
        int accepted = 0;
        for (int r = 1; r < m_panel->classTable()->rowCount(); ++r)
            accepted += m_panel->classTable()->item(r, 2)->text().toInt();
        QCOMPARE(int64_t(accepted), dry->kept + 1); // and the one accepted by hand
        QVERIFY(m_panel->undo().isEmpty());
        QCOMPARE(m_panel->classTable()->item(0, 2)->text(), QStringLiteral("1"));
    }

    // Export says what it wrote, class by class, names the classes it left out, and keeps saying
    // it after the panel reloads; with nothing to export it says why.
    void exportSaysWhatItDid()
    {
        std::vector<int64_t> acceptedIds;
        int acceptedClass = -1;
        for (const ScoredImage &s : scoredImages(project()))
            if (s.state == "accepted") {
                acceptedIds.push_back(s.imageId);
                acceptedClass = s.classIndex;
            }
        QCOMPARE(acceptedIds.size(), size_t(1)); // the one accepted by hand
        ExportOptions acceptedOnly;
        acceptedOnly.acceptedOnly = true;
        QSignalSpy finished(m_panel, &ReviewPanel::jobFinished);

        m_panel->exportTo(m_tmp.path() + "/export-one", acceptedOnly);
        QVERIFY(finished.wait(600000));
        const QString said = m_panel->jobResult();
        const auto name = [&](int c) {
            return QString::fromStdString(project().classes()[size_t(c)].name);
        };
        QVERIFY2(said.contains(name(acceptedClass) + " 1"), qPrintable(said));
        QVERIFY2(said.contains("Left out"), qPrintable(said));
        for (int c = 0; c < 10; ++c)
            if (c != acceptedClass)
                QVERIFY2(said.contains(name(c)), qPrintable(name(c)));
        QVERIFY(QFile::exists(m_tmp.path() + "/export-one/classes.json"));
        m_panel->reload();
        QCOMPARE(m_panel->jobResult(), said);

        QVERIFY(reviewImages(project(), acceptedIds, "pending").ok());
        m_panel->exportTo(m_tmp.path() + "/export-none", acceptedOnly);
        QVERIFY(finished.wait(600000));
        QVERIFY2(m_panel->jobResult().contains("nothing to export"),
                 qPrintable(m_panel->jobResult()));
        QVERIFY(!QDir(m_tmp.path() + "/export-none").exists());
        QVERIFY(undoLastReview(project()).ok());
    }
};

QTEST_MAIN(TestReviewPanel)
#include "tst_reviewpanel.moc"
