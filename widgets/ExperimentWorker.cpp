#include "ExperimentWorker.h"
#include "LocaleText.h"

#include "common/Guard.h"
#include "experiment/Experiment.h"
#include "generation/Generator.h"
#include "project/Project.h"

#include <chrono>

using namespace synset;

ExperimentWorker::ExperimentWorker(QObject *parent)
    : QObject(parent)
    , m_cancel(std::make_shared<CancelToken>())
{}

ExperimentWorker::~ExperimentWorker() = default;

void ExperimentWorker::arm()
{
    m_cancel->reset();
}

void ExperimentWorker::stop()
{
    m_cancel->cancel();
}

void ExperimentWorker::run(const QString &projectDir, const QString &name)
{
    if (std::optional<std::string> error =
            catchAll("the experiment stopped", [&] { execute(projectDir, name); }))
        emit finished(false, {}, QString::fromStdString(*error));
}

void ExperimentWorker::execute(const QString &projectDir, const QString &name)
{
    const auto failed = [this](const std::string &error) {
        emit finished(false, {}, QString::fromStdString(error));
    };
    Result<std::unique_ptr<Project>> project = Project::open(projectDir.toStdString());
    if (!project)
        return failed(project.error());
    Result<ExperimentPlan> plan = loadExperiment(**project, name.toStdString());
    if (!plan)
        return failed(plan.error());
    Result<std::unique_ptr<Generator>> generator =
        Generator::open(plan->generator, plan->options.device);
    if (!generator)
        return failed(generator.error());
    ExperimentCallbacks cb;
    auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    cb.progress = [&](size_t step, double fraction, std::string_view message) {
        // A few notices a second at most.
        const auto now = std::chrono::steady_clock::now();
        if (now - last < std::chrono::milliseconds(250) && fraction < 1)
            return;
        last = now;
        emit progress(int(step), fraction, localeText::progressText(message));
    };
    cb.note = [&](const std::string &line) { emit note(QString::fromStdString(line)); };
    Result<ExperimentRun> ran =
        runExperiment(**project, name.toStdString(), **generator, cb, m_cancel.get());
    if (!ran)
        return failed(ran.error());
    emit finished(ran->finished, QString::fromStdString(ran->interrupted), {});
}
