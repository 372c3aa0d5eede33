// The generation jobs of the project as a table: one row per job with its classes, settings,
// progress, rate, ETA and status. The rows come from the project store; the running job's
// progress comes live from the worker.
#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QVector>

namespace synset {
struct GenerationJobInfo;
}

struct GenerationJobRow
{
    qint64 id = 0;
    QString name;
    QString status;           // as stored: queued, running, paused, done, cancelled, failed
    bool interrupted = false; // stored as running, but no live process holds it
    QString error;
    QStringList wnids;
    int perClass = 0;
    double guidance = 0;
    QString sampler; // as parameters name it: "DPM++ 2M Karras"
    int steps = 0;
    quint64 seed = 0;
    QString model;             // the model's file or folder
    int width = 0, height = 0; // text models' image size; 0 is the model's own
    QString negativePrompt;
    qint64 done = 0, total = 0;
    double inFlight = 0;        // live: images of the batch under way, by sampler steps
    double imagesPerSecond = 0; // live, while running
    double etaSeconds = -1;
    QString currentWnid;
};

class GenerationQueueModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        ClassesColumn,
        SettingsColumn,
        ProgressColumn,
        RateColumn,
        EtaColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role
    {
        NameRole = Qt::UserRole + 1,
        StatusRole,  // the effective status: "interrupted" for a job left running by a dead process
        FractionRole // 0..1
    };

    explicit GenerationQueueModel(QObject *parent = nullptr);

    void setJobs(const std::vector<synset::GenerationJobInfo> &jobs);
    // The job this process is running now; a stored "running" on any other job is a crash's
    // leftover.
    void setActive(const QString &name);
    QString active() const { return m_active; }
    void setProgress(const QString &name, qint64 done, qint64 total, double inFlight,
                     double imagesPerSecond, double etaSeconds, const QString &wnid);

    int rowOf(const QString &name) const;
    const GenerationJobRow *job(int row) const;
    QString effectiveStatus(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString formatDuration(double seconds);
    static QString statusText(const QString &status);

private:
    QVector<GenerationJobRow> m_rows;
    QString m_active;
};
