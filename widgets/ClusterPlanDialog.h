// "Plan for a Slurm Cluster": the generation the job dialog describes, frozen as a plan of S
// shards in the project (P/shards/NAME), with the sbatch array script, the merge job and
// submit.sh written beside it, and submitted when asked. The plan is written on a worker.
#pragma once

#include "generation/GenerationJob.h"

#include <QDialog>
#include <QFutureWatcher>

class ProjectSession;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

class ClusterPlanDialog : public QDialog
{
    Q_OBJECT

public:
    ClusterPlanDialog(ProjectSession *session, const QString &name,
                      const synset::GenerationConfig &config, QWidget *parent = nullptr);

    void setShards(int shards);
    void setSlurm(const QString &partition, const QString &gres, const QString &time);
    void setSubmit(bool submit);
    void setCli(const QString &path);
    // What was written (and submitted), once accepted.
    QString resultText() const { return m_result; }
    // The synset-cli the tasks run: beside this program, else on PATH.
    static QString defaultCli();

    void accept() override;

signals:
    void planWritten(const QString &result); // the plan and scripts are written

private:
    struct Outcome
    {
        bool ok = false;
        QString text;
    };
    static Outcome writePlan(const QString &projectDir, const QString &name,
                             const synset::GenerationConfig &config, int shards,
                             const QStringList &slurm, int maxParallel, bool submit);

    ProjectSession *m_session; // not owned
    QString m_name;
    synset::GenerationConfig m_config;
    QSpinBox *m_shards;
    QLineEdit *m_partition, *m_account, *m_gres, *m_time, *m_cli;
    QSpinBox *m_maxParallel;
    QCheckBox *m_submit;
    QLabel *m_summary, *m_message;
    QPushButton *m_create;
    QFutureWatcher<Outcome> m_work;
    QString m_result;
};
