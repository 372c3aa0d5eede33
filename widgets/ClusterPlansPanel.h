// The project's generation plans for clusters, under the generation queue: each plan's shards
// as their files show them (done, partial, missing; running and merged), the --array list that
// makes the rest, and Merge Finished Shards, which folds them into the project on a worker. The
// states are read again every few seconds while a plan is unfinished and the panel is shown.
#pragma once

#include <QFutureWatcher>
#include <QWidget>

class ProjectSession;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTimer;

class ClusterPlansPanel : public QWidget
{
    Q_OBJECT

public:
    enum Column
    {
        PlanColumn,
        ImagesColumn,
        ShardsColumn,
        DoneColumn,
        PartialColumn,
        MissingColumn,
        MergedColumn,
        RestColumn,
        ColumnCount
    };

    explicit ClusterPlansPanel(ProjectSession *session, QWidget *parent = nullptr);

    void reload(); // the plans and their shards' states
    QTableWidget *table() const { return m_table; }
    QString selectedPlan() const;
    // Merges the selected plan's finished shards on a worker; mergeFinished says what it did.
    QString mergeSelected();
    QString result() const;

signals:
    void mergeFinished(const QString &result);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateButtons();

    ProjectSession *m_session; // not owned
    QTableWidget *m_table;
    QPushButton *m_merge;
    QPushButton *m_refresh;
    QProgressBar *m_progress;
    QLabel *m_result;
    QTimer *m_poll;
    QFutureWatcher<QString> m_job;
    bool m_unfinished = false; // a plan has shards still to make
};
