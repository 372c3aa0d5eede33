// Trains classifier runs on its own thread with its own connection to the project (SQLite in WAL
// mode lets the panels keep reading the metrics it writes). stop() is safe from any thread and
// takes effect within a training step; the run is left 'cancelled' and can resume.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace synset {
class CancelToken;
}

class TrainingRunWorker : public QObject
{
    Q_OBJECT

public:
    explicit TrainingRunWorker(QObject *parent = nullptr);
    ~TrainingRunWorker() override;

    // Clears an earlier stop; call before queueing run().
    void arm();
    void stop(); // any thread

public slots:
    void run(const QString &projectDir, const QString &runName, bool resume);

signals:
    void progress(const QString &run, double fraction, const QString &message);
    void epochFinished(const QString &run, int epoch);
    // status as stored afterwards: done, cancelled or failed; error when failed.
    void finished(const QString &run, const QString &status, const QString &error);

private:
    void execute(const QString &projectDir, const QString &runName, bool resume);
    std::shared_ptr<synset::CancelToken> m_cancel;
};
