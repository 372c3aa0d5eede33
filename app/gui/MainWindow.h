// The Synset Studio main window: the class table in the middle and dockable panels around it
// (synset browser, synset details, prompt editor); project and import actions; long work runs
// off the GUI thread with progress and cancel.
#pragma once

#include <QMainWindow>
#include <QMap>
#include <QPair>

#include <functional>

class ClassTable;
class ProjectSession;
class PromptEditor;
class FailuresPanel;
class ReviewPanel;
class RobustnessPanel;
class ExperimentPanel;
class GenerationQueuePanel;
class SamplesPanel;
class QLabel;
class QMenu;
class SynsetBrowser;
class SynsetDetails;
class TrainingPanel;
class QDockWidget;

namespace synset {
class Project;
class CancelToken;
} // namespace synset

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // synset: selected once open; empty selects the one last used in that project.
    void openProject(const QString &path, const QString &synset = QString());
    void openDefaultProject(const QString &synset = QString());
    void selectSynset(const QString &wnid);
    // Brings a panel to the front: prompt, samples, generation, review, training, failures,
    // robustness. False for a name it does not know.
    bool showPanel(const QString &name);
    static QStringList panelNames();
    ProjectSession *session() const { return m_session; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    struct JobResult
    {
        synset::Project *project = nullptr; // handed over to the session on success
        QString error;
        QStringList warnings;
        qint64 imported = 0;
        bool cancelled = false;
    };
    using Job = std::function<JobResult(const std::function<void(double, std::string_view)> &,
                                        const synset::CancelToken *)>;
    void runJob(const QString &title, Job job, std::function<void(const JobResult &)> done);

    void createActions();
    void newProject();
    void chooseAndOpenProject();
    void importRealImages();
    void adoptProject(synset::Project *project, const QString &synset = QString());
    void updateRecentMenu();
    void updateStatus();
    void about();

    ProjectSession *m_session;
    ClassTable *m_classTable;
    SynsetBrowser *m_browser;
    SynsetDetails *m_details;
    PromptEditor *m_promptEditor;
    SamplesPanel *m_samples;
    GenerationQueuePanel *m_generation;
    TrainingPanel *m_training;
    FailuresPanel *m_failures;
    ReviewPanel *m_review;
    RobustnessPanel *m_robustness;
    ExperimentPanel *m_experiment;
    QDockWidget *m_trainingDock = nullptr;
    QDockWidget *m_failuresDock = nullptr;
    QDockWidget *m_robustnessDock = nullptr;
    QDockWidget *m_reviewDock = nullptr;
    // The repair loop: generation job -> (run, dataset), and retrain run -> the run it repeats.
    QMap<QString, QPair<QString, QString>> m_repairJobs;
    QMap<QString, QString> m_retrains;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QAction *m_importAction = nullptr;
    QLabel *m_statusLabel;
    QString m_currentSynset;
    bool m_busy = false;
};
