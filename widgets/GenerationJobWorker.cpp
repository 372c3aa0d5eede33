#include "GenerationJobWorker.h"

#include "common/Guard.h"
#include "generation/GenerationJob.h"
#include "generation/Generator.h"
#include "project/Project.h"

using namespace synset;

GenerationJobWorker::GenerationJobWorker(QObject *parent)
    : QObject(parent)
    , m_cancel(std::make_shared<CancelToken>())
{}

GenerationJobWorker::~GenerationJobWorker() = default;

void GenerationJobWorker::stop(bool pause)
{
    m_pause.store(pause, std::memory_order_release);
    m_cancel->cancel();
}

void GenerationJobWorker::arm()
{
    m_pause.store(true, std::memory_order_release);
    m_cancel->reset();
}

void GenerationJobWorker::run(const QString &projectDir, const QString &jobName)
{
    if (std::optional<std::string> error =
            catchAll("generation stopped", [&] { execute(projectDir, jobName); })) {
        m_model.reset();
        m_modelPath.clear();
        if (Result<std::unique_ptr<Project>> project = Project::open(projectDir.toStdString()))
            if (Result<GenerationJobInfo> job = generationJob(**project, jobName.toStdString()))
                (void)setGenerationJobStatus(**project, job->id, "failed", *error);
        emit finished(jobName, QStringLiteral("failed"), QString::fromStdString(*error));
    }
}

void GenerationJobWorker::execute(const QString &projectDir, const QString &jobName)
{
    const std::string name = jobName.toStdString();
    Result<std::unique_ptr<Project>> project = Project::open(projectDir.toStdString());
    if (!project) {
        emit finished(jobName, QStringLiteral("failed"), QString::fromStdString(project.error()));
        return;
    }
    Result<GenerationJobInfo> job = generationJob(**project, name);
    if (!job) {
        emit finished(jobName, QStringLiteral("failed"), QString::fromStdString(job.error()));
        return;
    }
    const auto fail = [&](const std::string &error) {
        (void)setGenerationJobStatus(**project, job->id, "failed", error);
        emit finished(jobName, QStringLiteral("failed"), QString::fromStdString(error));
    };
    emit progress(jobName, job->done, job->total, 0, 0, -1, {});

    const QString modelPath = QString::fromStdString(
        (job->config.model.empty() ? defaultGeneratorPath() : job->config.model).string());
    if (!m_model || m_modelPath != modelPath) {
        m_model.reset(); // a Stable Diffusion model takes gigabytes: one at a time
        m_modelPath.clear();
        Result<std::shared_ptr<Generator>> loaded = Generator::openShared(
            modelPath.toStdString(), "auto",
            [&](double f, std::string_view what) {
                emit progress(jobName, job->done, job->total, 0, 0, -1,
                              tr("loading the model: %1% (%2)")
                                  .arg(int(f * 100))
                                  .arg(QString::fromUtf8(what.data(), qsizetype(what.size()))));
            },
            m_cancel.get());
        if (!loaded) {
            if (m_cancel->isCancelled()) {
                const QString status = m_pause.load(std::memory_order_acquire)
                                           ? QStringLiteral("paused")
                                           : QStringLiteral("cancelled");
                (void)setGenerationJobStatus(**project, job->id, status.toStdString());
                emit finished(jobName, status, {});
                return;
            }
            return fail(loaded.error());
        }
        m_model = std::move(*loaded);
        m_modelPath = modelPath;
    }

    Result<GenerationJobInfo> result = runGenerationJob(
        **project, name, *m_model,
        [&](const GenerationProgress &p) {
            emit progress(jobName, p.done, p.total, p.inFlight, p.imagesPerSecond, p.etaSeconds,
                          QString::fromStdString(p.wnid));
        },
        m_cancel.get(), true);
    // A Stable Diffusion model holds gigabytes; loading it again takes seconds where a job takes
    // minutes, so it is not kept between jobs. (While the Samples panel holds the same model,
    // both share one copy and the next job finds it loaded.)
    if (m_model->description().textPrompts) {
        m_model.reset();
        m_modelPath.clear();
    }
    if (!result) {
        // runGenerationJob stored the failure unless the job could not even be read.
        emit finished(jobName, QStringLiteral("failed"), QString::fromStdString(result.error()));
        return;
    }
    std::string status = result->status;
    if (status == "paused" && !m_pause.load(std::memory_order_acquire)) {
        if (Result<void> r = setGenerationJobStatus(**project, result->id, "cancelled"); r)
            status = "cancelled";
    }
    emit finished(jobName, QString::fromStdString(status), {});
}
