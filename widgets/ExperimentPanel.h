// The papers' experiment (core/experiment) in the GUI: pick the classifier, budget, real
// fractions, guidance scales, synthetic counts and filtering; see every generation job and run
// the plan makes, with time estimates from this project's measured rates, before starting; watch
// each step's state, the table fill in and the current run's curves; export the table (Markdown,
// CSV) and the CAS against guidance plot (PNG, SVG, PDF) with the papers' reference marked. A
// stored experiment shows as it was when the project is opened again, and resumes where it stopped.
#pragma once

#include "experiment/Experiment.h"

#include <QElapsedTimer>
#include <QWidget>

#include <optional>

class ExperimentWorker;
class ModelPicker;
class ProjectSession;
class QComboBox;
class QCPTextElement;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QDoubleSpinBox;
class QTableWidget;
class QTextBrowser;
class QThread;

class ExperimentPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ExperimentPanel(ProjectSession *session, QWidget *parent = nullptr);
    ~ExperimentPanel() override;

    // The form, for scripts and tests; lists are typed as the user's language writes them.
    void setName(const QString &name);
    void setClassifier(const QString &model, int width);
    void setFractions(const QString &percentages); // "1; 10; 100" (percent of the real images)
    void setGuidances(const QString &sweep, double mixes);
    void setImageCounts(int perClass, int sweepPerClass, int filterPerClass);
    void setBudget(qint64 images);
    void setSampleSteps(int steps);
    void setFilterRule(const QString &rule); // "self_confidence>=0.5"; empty: no condition
    ModelPicker *generatorPicker() const { return m_generator; }

    // Each returns an error message, empty on success.
    QString showPlan(); // the plan of the form, with estimates
    QString start();    // stores the plan (or resumes the stored one) and runs it
    void cancel();      // the step under way stops; start() resumes
    QString exportTables(const QString &folder) const; // NAME.md and NAME.csv
    QString exportCasPlot(const QString &file);

    void showExperiment(const QString &name); // a stored one, as it stands
    bool isRunning() const { return m_running; }
    QTableWidget *stepsTable() const { return m_steps; }
    QString tablesMarkdown() const { return m_markdown; }
    QCustomPlot *casPlot() const { return m_cas; }
    // The training curves of the run under way, or of the training step picked in the plan.
    QCustomPlot *runCurves() const { return m_curves; }
    QString curvesRun() const { return m_curvesRun; }
    QString status() const;

signals:
    void finished(bool complete);
    void requestRun(const QString &projectDir, const QString &name);

private:
    void setUpForm();
    void buildLayout();
    void connectWorker();
    void connectControls();
    std::optional<synset::ExperimentOptions> formOptions(QString *error) const;
    void fillSteps();
    void refreshResults();
    QString estimate(const synset::ExperimentStep &step) const;
    void setUpCurves();
    void showCurrentCurves();
    void showRunCurves(const QString &runName);
    void showLatestRunCurves();
    void setRunning(bool running);
    void reloadExperiments();

    ProjectSession *m_session; // not owned
    QThread *m_thread;
    ExperimentWorker *m_worker; // lives in m_thread
    QComboBox *m_experiments;
    QLineEdit *m_name;
    ModelPicker *m_generator;
    QComboBox *m_model;
    QSpinBox *m_width;
    QLineEdit *m_fractions;
    QLineEdit *m_sweep;
    QDoubleSpinBox *m_guidance;
    QSpinBox *m_perClass;
    QSpinBox *m_sweepPerClass;
    QSpinBox *m_filterPerClass;
    QLineEdit *m_rule;
    QSpinBox *m_budget;
    QSpinBox *m_sampleSteps;
    QPushButton *m_planButton;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QPushButton *m_export;
    QTableWidget *m_steps;
    QTextBrowser *m_table;
    QCustomPlot *m_cas;
    QCustomPlot *m_curves;
    QCPTextElement *m_curvesTitle = nullptr;
    QString m_curvesRun;
    QElapsedTimer m_curvesClock;
    QProgressBar *m_progress;
    QLabel *m_status;
    std::optional<synset::ExperimentPlan> m_plan;
    QString m_markdown;
    bool m_running = false;
    int m_currentStep = -1;
};
