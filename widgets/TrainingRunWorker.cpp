#include "TrainingRunWorker.h"
#include "LocaleText.h"

#include "common/Guard.h"
#include "project/Project.h"
#include "training/TrainingRun.h"

#include <chrono>

using namespace synset;

TrainingRunWorker::TrainingRunWorker(QObject *parent)
    : QObject(parent)
    , m_cancel(std::make_shared<CancelToken>())
{}

TrainingRunWorker::~TrainingRunWorker() = default;

void TrainingRunWorker::arm()
{
    m_cancel->reset();
}

void TrainingRunWorker::stop()
{
    m_cancel->cancel();
}

void TrainingRunWorker::run(const QString &projectDir, const QString &runName, bool resume)
{
    if (std::optional<std::string> error =
            catchAll("training stopped", [&] { execute(projectDir, runName, resume); }))
        emit finished(runName, QStringLiteral("failed"), QString::fromStdString(*error));
}

void TrainingRunWorker::execute(const QString &projectDir, const QString &runName, bool resume)
{
    Result<std::unique_ptr<Project>> project = Project::open(projectDir.toStdString());
    if (!project) {
        emit finished(runName, QStringLiteral("failed"), QString::fromStdString(project.error()));
        return;
    }
    RunCallbacks cb;
    auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    cb.progress = [&](double fraction, std::string_view message) {
        // At most a few notices a second: the panel reads the numbers from the store anyway.
        const auto now = std::chrono::steady_clock::now();
        if (now - last < std::chrono::milliseconds(250) && fraction < 1)
            return;
        last = now;
        emit progress(runName, fraction, localeText::progressText(message));
    };
    cb.epoch = [&](const ClassifierEpoch &e) { emit epochFinished(runName, e.epoch); };
    Result<RunInfo> result =
        executeRun(**project, runName.toStdString(), resume, cb, m_cancel.get());
    if (!result) {
        emit finished(runName, QStringLiteral("failed"), QString::fromStdString(result.error()));
        return;
    }
    emit finished(runName, QString::fromStdString(result->status), {});
}
