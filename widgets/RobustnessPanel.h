// The Robustness panel: training runs side by side under shift. A spider chart (one polygon per
// run over the axes the user picks, normalised per axis, raw values on hover, export to PNG, SVG
// and PDF), accuracy against corruption severity and against the attack's epsilon, a table of
// clean accuracy, mean corruption accuracy, mCE against a baseline run, adversarial accuracy and
// the linear probe, and a gallery of one test image under every corruption and severity.
// Evaluation runs on a worker thread with progress and cancel.
#pragma once

#include "robustness/Robustness.h"

#include <QFutureWatcher>
#include <QWidget>

#include <map>
#include <memory>

class ProjectSession;
class CorruptionGallery;
class SpiderChart;
class QCheckBox;
class QComboBox;
class QGroupBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace synset {
class CancelToken;
}

class RobustnessPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RobustnessPanel(ProjectSession *session, QWidget *parent = nullptr);
    ~RobustnessPanel() override;

    // Runs and their stored figures from the store again (keeps the checked runs and axes).
    void reload();
    // Checks the named runs (and unchecks the rest).
    void setCheckedRuns(const QStringList &runs);
    QStringList checkedRuns() const;
    void setCheckedAxes(const QStringList &axisKeys);
    QStringList checkedAxes() const;
    void setBaseline(const QString &run);
    // Evaluates the checked runs one after the other on a worker thread.
    void evaluateChecked(const synset::RobustnessOptions &options);
    bool isBusy() const;
    QString lastMessage() const;

    SpiderChart *spiderChart() const { return m_spider; }
    QCustomPlot *severityPlot() const { return m_severity; }
    QCustomPlot *epsilonPlot() const { return m_epsilon; }
    QTableWidget *figuresTable() const { return m_table; }
    CorruptionGallery *gallery() const { return m_gallery; }
    QTabWidget *tabs() const { return m_tabs; }

signals:
    void evaluationFinished(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildRunSide();
    QGroupBox *buildSuiteBox(QWidget *parent);
    QWidget *buildSpiderPage();
    QWidget *buildSeverityPage();
    void setUpPlotsAndTable();
    void buildLayout(QWidget *runSide);
    void connectSignals();
    void refreshViews();
    void refreshAxes();
    void refreshSpider();
    void refreshSeverity();
    void setSeverityAxisLabel();
    void refreshEpsilon();
    void refreshTable();
    void startEvaluation();
    void exportChart();
    void addDomainSet();
    void setBusy(bool busy, const QString &message = {});

    ProjectSession *m_session;
    std::map<QString, synset::MetricMap> m_metrics; // per run with figures
    QStringList m_runs;
    bool m_dirty = true;

    QListWidget *m_runList;
    QComboBox *m_baseline;
    QCheckBox *m_corruptions, *m_adversarial, *m_representation, *m_probe;
    QLineEdit *m_probeSet;
    QListWidget *m_domains;
    QPushButton *m_evaluate, *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_status;
    QListWidget *m_axisList;
    QTabWidget *m_tabs;
    SpiderChart *m_spider;
    QCustomPlot *m_severity, *m_epsilon;
    QComboBox *m_severityChoice;
    QTableWidget *m_table;
    CorruptionGallery *m_gallery;

    std::shared_ptr<synset::CancelToken> m_cancelToken;
    QFutureWatcher<QString> m_job;
    QString m_lastMessage;
};
