// Runs generation jobs on its own thread with its own connection to the project (SQLite in WAL
// mode lets the GUI keep reading) and a loaded model kept between jobs. Requests in, progress and
// results out through queued signals; stop() is safe from any thread and takes effect within a
// sampler step. The model (class-conditional or Stable Diffusion) is the one the job names.
#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace synset {
class CancelToken;
class Generator;
} // namespace synset

class GenerationJobWorker : public QObject
{
    Q_OBJECT

public:
    explicit GenerationJobWorker(QObject *parent = nullptr);
    ~GenerationJobWorker() override;

    // Clears an earlier stop; call before queueing run(), so that a stop right after counts.
    void arm();
    // Ends the running job: paused (resumable) or cancelled. Any thread.
    void stop(bool pause);

public slots:
    void run(const QString &projectDir, const QString &jobName);

signals:
    // inFlight: images of the batch under way, counted by sampler steps.
    void progress(const QString &job, qint64 done, qint64 total, double inFlight,
                  double imagesPerSecond, double etaSeconds, const QString &wnid);
    // status as stored afterwards: done, paused, cancelled or failed; error when failed.
    void finished(const QString &job, const QString &status, const QString &error);

private:
    void execute(const QString &projectDir, const QString &jobName);
    std::shared_ptr<synset::Generator> m_model; // shared with the other worker when both use it
    QString m_modelPath;
    std::shared_ptr<synset::CancelToken> m_cancel;
    std::atomic<bool> m_pause{true};
};
