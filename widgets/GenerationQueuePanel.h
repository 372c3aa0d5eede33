// The batch generation queue: the project's generation jobs with progress bar, rate and ETA, and
// New Job, Resume, Pause, Cancel and Remove. Jobs run one at a time, oldest first, on a worker
// thread. A job lives in the project, so one interrupted by a quit or a crash is shown as such and
// resumes where it stopped: images already written are kept.
#pragma once

#include <QElapsedTimer>
#include <QWidget>

#include "generation/GenerationJob.h"

class ClusterPlansPanel;
class GenerationJobWorker;
class GenerationQueueModel;
class ProjectSession;
class QLabel;
class QPushButton;
class QTableView;
class QThread;

class GenerationQueuePanel : public QWidget
{
    Q_OBJECT

public:
    explicit GenerationQueuePanel(ProjectSession *session, QWidget *parent = nullptr);
    ~GenerationQueuePanel() override;

    // Each returns an error message, empty on success.
    QString createJob(const QString &name, const synset::GenerationConfig &config);
    QString resume(const QString &name);
    QString pause(const QString &name);
    QString cancel(const QString &name);
    // Takes a job that is not running off the queue; its images stay in the project.
    QString remove(const QString &name);

    void newJob(); // the dialog
    void reload(); // from the project store
    QString activeJob() const;
    GenerationQueueModel *model() const { return m_model; }
    ClusterPlansPanel *plans() const { return m_plans; }
    QString status() const;

signals:
    void jobFinished(const QString &name, const QString &status);
    void requestRun(const QString &projectDir, const QString &jobName);

private:
    void startNext();
    void updateButtons();
    bool confirmRemoval(const QString &name);
    QString selectedJob() const;
    QString setStatus(const QString &name, const char *status);

    ProjectSession *m_session; // not owned
    QThread *m_thread;
    GenerationJobWorker *m_worker; // lives in m_thread
    GenerationQueueModel *m_model;
    QTableView *m_view;
    QPushButton *m_new;
    QPushButton *m_resume;
    QPushButton *m_pause;
    QPushButton *m_cancel;
    QPushButton *m_remove;
    QLabel *m_status;
    ClusterPlansPanel *m_plans;
    QString m_activeDir;          // project the running job belongs to
    QElapsedTimer m_imagesNotice; // when imagesChanged was last sent for a running job
    bool m_runQueue = false;      // set once the user starts something in this session
};
