// Classifier training runs: a table of the project's runs with their headline numbers, live plots
// of loss (raw and smoothed with TensorBoard's debiased exponential moving average), train and
// test accuracy and learning rate, several runs overlaid, and New Run / Resume / Cancel / Delete.
// Runs train one at a time on a worker thread; the plots read the metrics from the project, so
// a run started from synset-cli shows live too.
#pragma once

#include "training/TrainingRun.h"

#include <QSet>
#include <QWidget>

#include <map>
#include <vector>

class ProjectSession;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QTableWidget;
class QThread;
class QTimer;
class TrainingRunWorker;

class TrainingPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TrainingPanel(ProjectSession *session, QWidget *parent = nullptr);
    ~TrainingPanel() override;

    // Each returns an error message, empty on success.
    QString startRun(const QString &name, const synset::RunConfig &config);
    QString resumeRun(const QString &name);
    QString cancelRun(const QString &name);
    QString deleteRun(const QString &name);
    void newRun(); // the dialog
    // A new run with the configuration of an existing one (the repair loop); returns its name,
    // or an empty string (error set).
    QString retrain(const QString &name, const std::vector<std::string> &extraDatasets,
                    QString *error = nullptr);

    void reload();
    QString activeRun() const { return m_active; }
    QString selectedRun() const;
    void selectRun(const QString &name);
    // Runs drawn in the plots: the ticked ones, else the selected one.
    QStringList plottedRuns() const;
    void setPlotted(const QString &name, bool plotted);
    void setSmoothing(double weight); // 0 .. 0.999
    double smoothing() const;
    QCustomPlot *lossPlot() const { return m_loss; }
    QCustomPlot *accuracyPlot() const { return m_accuracy; }
    QCustomPlot *learningRatePlot() const { return m_lr; }
    const std::vector<synset::RunInfo> &runs() const { return m_runs; }

    // TensorBoard's smoothing: an exponential moving average divided by (1 - w^n), so the first
    // points are not pulled towards zero.
    static std::vector<double> smoothed(const std::vector<double> &values, double weight);

signals:
    void runFinished(const QString &name, const QString &status);
    void failuresRequested(const QString &name);
    void requestRun(const QString &projectDir, const QString &runName, bool resume);

private:
    void startNext();
    void refreshPlots();
    void updateButtons();
    QString displayStatus(const synset::RunInfo &run) const;

    ProjectSession *m_session; // not owned
    QThread *m_thread;
    TrainingRunWorker *m_worker; // lives in m_thread
    QTableWidget *m_table;
    QPushButton *m_new, *m_resume, *m_cancel, *m_delete, *m_failures;
    QLabel *m_status;
    QProgressBar *m_progress;
    QCustomPlot *m_loss, *m_accuracy, *m_lr;
    QSlider *m_smoothing;
    QLabel *m_smoothingValue;
    QTimer *m_poll;
    std::vector<synset::RunInfo> m_runs;
    // Each plotted run's metrics as far as read: a refresh fetches only the steps after those.
    struct PlottedMetrics
    {
        std::string createdAt; // a run deleted and made again may get the same id
        std::map<std::string, std::vector<synset::MetricPoint>> points;
    };
    std::map<int64_t, PlottedMetrics> m_metrics; // by run id
    const std::map<std::string, std::vector<synset::MetricPoint>> &
    metricsOf(const synset::RunInfo &run);
    QSet<QString> m_ticked;
    QString m_active, m_activeDir;
    std::vector<std::pair<QString, bool>> m_queue; // runs waiting: name, resume
    bool m_filling = false;
};
