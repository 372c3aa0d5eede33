// The Review panel: generated images class by class in a virtualized thumbnail grid, sorted by
// any quality score, reviewed from the keyboard; a per-class summary (counts, mean scores, FID,
// KID, diversity) that picks the classes shown; a histogram of the chosen score with a threshold
// line to drag, whose rule is dry-run before it is applied; scoring and export.
#pragma once

#include "common/Progress.h"
#include "curation/Curation.h"

#include <QFutureWatcher>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class ProjectSession;
class ReviewGrid;
class ReviewModel;
class ThumbnailLoader;
class ReviewImageDialog;
class QCheckBox;
class QComboBox;
class QCPBars;
class QCPItemStraightLine;
class QCustomPlot;
class QDialog;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QTableWidget;

namespace synset {
class CancelToken;
class Project;
} // namespace synset

class ReviewPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ReviewPanel(ProjectSession *session, QWidget *parent = nullptr);
    ~ReviewPanel() override;

    // Reads images, scores and reviews from the store again (keeps the classes shown).
    void reload();
    // Classes shown in the grid (project class indices); empty: all.
    void showClasses(const QList<int> &classIndices);
    QList<int> shownClasses() const { return m_shown; }
    void setSortScore(const QString &score);

    // Reviews the selected images (or the current one); returns an error message, empty if none.
    QString reviewSelected(const QString &state);
    QString undo();
    // The threshold rule on the histogram's score (nullopt: none), its dry run and applying it.
    void setThreshold(std::optional<double> value);
    std::optional<double> threshold() const { return m_threshold; }
    QString histogramScore() const;
    QString ruleText() const;
    // The last dry run's summary; dryRunReady() when a dry run started by a change has ended.
    QString dryRunText() const;
    // Starts applying the rule as a job (jobFinished says what it did); an error, else empty.
    QString applyRule();
    // Scores the project on a worker thread (the best real-only run as reference).
    void startScoring();
    // Exports on a worker thread (Export… asks for the options and the folder, then calls this).
    void exportTo(const QString &folder, const synset::ExportOptions &options);
    bool isBusy() const;
    // What the last scoring or export said; it stays until the next one starts.
    QString jobResult() const;

    ReviewGrid *grid() const { return m_grid; }
    ReviewModel *model() const { return m_model; }
    QTableWidget *classTable() const { return m_classes; }
    QCustomPlot *histogram() const { return m_histogram; }
    ThumbnailLoader *thumbnails() const { return m_loader; }
    QDialog *largeView() const;

signals:
    void reviewsChanged();
    void jobFinished(const QString &result);
    void dryRunReady();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void setUpControls();
    void setUpClassTable();
    void setUpHistogram();
    void buildLayout();
    void connectControls();
    void connectHistogram();
    void connectSession();
    void loadImages();
    void useThumbnailCache();
    void fillSummary();
    void showSummaryRow(size_t i);
    void showSummaryTotals();
    bool countReviews(const std::vector<std::pair<qint64, synset::ReviewState>> &changed);
    void updateHistogram();
    synset::FilterRule currentRule(synset::Project &project) const;
    void updateDryRun();
    void showDryRun();
    void updateInfo();
    void showLargeView(const QModelIndex &index);
    void exportImages();
    // Runs work on a worker thread with its own connection to the project, a progress bar and
    // Cancel; the returned text is shown when it ends.
    using Job = std::function<QString(synset::Project &, const synset::ProgressFn &,
                                      const synset::CancelToken *)>;
    void runJob(const QString &message, const Job &job);
    void setBusy(const QString &message);
    void clearBusy();
    std::vector<int> shownVector() const;

    ProjectSession *m_session;
    ThumbnailLoader *m_loader;
    ReviewModel *m_model;
    ReviewGrid *m_grid;
    QTableWidget *m_classes;
    QComboBox *m_sort;
    QCheckBox *m_worstFirst;
    QComboBox *m_stateFilter;
    QSlider *m_zoom;
    QPushButton *m_scoreButton;
    QPushButton *m_undoButton;
    QPushButton *m_exportButton;
    QCustomPlot *m_histogram;
    QCPBars *m_bars = nullptr;
    QCPItemStraightLine *m_line = nullptr;
    QSpinBox *m_keepTop;
    QCheckBox *m_dropDuplicates;
    QPushButton *m_applyButton;
    QLabel *m_ruleLabel;
    QLabel *m_info;
    QLabel *m_jobResult;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    ReviewImageDialog *m_largeView = nullptr;

    bool m_stale = false; // images changed while hidden: reload when shown
    QList<int> m_shown;
    std::optional<double> m_threshold;
    bool m_dragging = false;
    QString m_lastDryRun;
    std::vector<synset::ClassSummary> m_summary; // the class table's rows
    QString m_thumbnailProject;                  // the project whose thumbnails the loader holds
    std::shared_ptr<synset::CancelToken> m_cancelToken;
    QFutureWatcher<QString> m_job;
    bool m_jobChangesReviews = false; // the running job writes reviews (a rule)
    struct DryRun
    {
        bool ok = false;
        QString text, label;
    };
    static DryRun dryRunOf(const QString &dir, const synset::FilterRule &rule);
    QFutureWatcher<DryRun> m_dryRun;
    bool m_dryRunAgain = false; // the rule changed while a dry run ran
};
