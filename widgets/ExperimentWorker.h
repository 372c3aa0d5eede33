// Runs a stored experiment (core/experiment) on its own thread with its own connection to the
// project and its own copy of the generator. stop() is safe from any thread: the step under way
// stops within a sampler or training step and the experiment resumes from there.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace synset {
class CancelToken;
}

class ExperimentWorker : public QObject
{
    Q_OBJECT

public:
    explicit ExperimentWorker(QObject *parent = nullptr);
    ~ExperimentWorker() override;

    void arm();  // clears an earlier stop; call before queueing run()
    void stop(); // any thread

public slots:
    void run(const QString &projectDir, const QString &name);

signals:
    void progress(int step, double fraction, const QString &message);
    void note(const QString &line);
    // finished: every step done; else interrupted says what stopped it, or error what failed.
    void finished(bool complete, const QString &interrupted, const QString &error);

private:
    void execute(const QString &projectDir, const QString &name);
    std::shared_ptr<synset::CancelToken> m_cancel;
};
