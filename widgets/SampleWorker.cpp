#include "SampleWorker.h"

#include "ImageConvert.h"

#include "common/Guard.h"
#include "common/TestHooks.h"
#include "generation/Generator.h"

using namespace synset;

namespace {
QVector<QImage> toQImages(const std::vector<ImageData> &images)
{
    QVector<QImage> out;
    for (const ImageData &g : images)
        out << toQImage(g.width, g.height, g.channels, g.pixels.data());
    return out;
}
} // namespace

SampleWorker::SampleWorker(QObject *parent)
    : QObject(parent)
    , m_cancel(std::make_shared<CancelToken>())
{}

SampleWorker::~SampleWorker() = default;

void SampleWorker::cancel()
{
    m_cancel->cancel();
}

void SampleWorker::run(const SampleGridRequest &request)
{
    if (std::optional<std::string> error =
            catchAll("sampling stopped", [&] { execute(request); })) {
        m_model.reset();
        m_loadedPath.clear();
        emit failed(QString::fromStdString(*error));
        emit done();
    }
}

void SampleWorker::execute(const SampleGridRequest &request)
{
    m_cancel->reset();
    if (!m_model || m_loadedPath != request.modelPath) {
        m_model.reset(); // a Stable Diffusion model takes gigabytes: one at a time
        m_loadedPath.clear();
        Result<std::shared_ptr<Generator>> loaded = Generator::openShared(
            request.modelPath.toStdString(), "auto",
            [this](double f, std::string_view what) {
                emit loading(int(f * 100), QString::fromUtf8(what.data(), qsizetype(what.size())));
            },
            m_cancel.get());
        if (!loaded) {
            if (!m_cancel->isCancelled())
                emit failed(QString::fromStdString(loaded.error()));
            emit done();
            return;
        }
        m_model = std::move(*loaded);
        m_loadedPath = request.modelPath;
    }
    const GeneratorDescription &info = m_model->description();
    emit modelInfo(QString::fromStdString(info.hash));
    // Class models draw a column's seeds in one batch; text models one image at a time (what
    // fits in memory on a CPU), so the grid fills cell by cell.
    const int chunk = info.textPrompts ? std::max(1, info.defaultBatch) : int(request.seeds.size());
    for (int col = 0; col < request.guidances.size() && !m_cancel->isCancelled(); ++col) {
        for (int first = 0; first < request.seeds.size() && !m_cancel->isCancelled();
             first += chunk) {
            const int count = std::min(chunk, int(request.seeds.size()) - first);
            GeneratorBatch b;
            b.guidance = request.guidances[col];
            b.sampler = request.sampler.toStdString();
            b.karras = request.karras;
            b.steps = request.steps;
            b.eta = request.eta;
            b.negativePrompt = request.negativePrompt.toStdString();
            b.width = request.width;
            b.height = request.height;
            for (int row = first; row < first + count; ++row) {
                b.seeds.push_back(request.seeds[row]);
                b.wnids.push_back(request.wnid.toStdString());
                b.prompts.push_back(request.prompts.value(row).toStdString());
            }
            Result<std::vector<ImageData>> images = m_model->generate(
                b,
                [&](const GeneratorStep &s) {
                    emit preview(col, first, s.step, s.steps, toQImages(s.previews));
                    hooks::reach("sample step shown");
                },
                m_cancel.get());
            if (!images) {
                if (!m_cancel->isCancelled())
                    emit failed(QString::fromStdString(images.error()));
                emit done();
                return;
            }
            emit finished(col, first, toQImages(*images));
        }
    }
    emit done();
}
