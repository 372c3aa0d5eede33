#include "SampleWorker.h"

#include "ImageConvert.h"

#include "diffusion/DiffusionModel.h"

#include <QStringList>

using namespace synset;

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
    m_cancel->reset();
    if (!m_model || m_loadedPath != request.modelPath) {
        Result<std::unique_ptr<DiffusionModel>> loaded =
            DiffusionModel::load(request.modelPath.toStdString());
        if (!loaded) {
            emit failed(QString::fromStdString(loaded.error()));
            emit done();
            return;
        }
        m_model = std::move(*loaded);
        m_loadedPath = request.modelPath;
        const GeneratorInfo &info = m_model->info();
        QStringList wnids;
        for (const std::string &w : info.classWnids)
            wnids << QString::fromStdString(w);
        emit modelInfo(QString::fromStdString(info.hash), wnids, info.defaultSteps,
                       info.defaultGuidance, QString::fromStdString(info.defaultSampler));
    }
    for (int col = 0; col < request.guidances.size() && !m_cancel->isCancelled(); ++col) {
        SampleRequest r;
        r.guidance = request.guidances[col];
        r.sampler = request.sampler.toStdString();
        r.steps = request.steps;
        for (quint64 seed : request.seeds) {
            r.classes.push_back(request.classIndex);
            r.seeds.push_back(seed);
        }
        Result<std::vector<GeneratedImage>> images = m_model->sample(
            r,
            [&](const SampleStep &s) {
                QVector<QImage> previews;
                const size_t size = size_t(s.channels) * s.height * s.width;
                for (int i = 0; i < s.batch; ++i)
                    previews << imageFromPlanarFloats(s.x0.data() + size * size_t(i), s.channels,
                                                      s.height, s.width);
                emit preview(col, s.step, s.steps, previews);
            },
            m_cancel.get());
        if (!images) {
            if (!m_cancel->isCancelled())
                emit failed(QString::fromStdString(images.error()));
            break;
        }
        QVector<QImage> out;
        for (const GeneratedImage &g : *images)
            out << toQImage(g.width, g.height, g.channels, g.pixels.data());
        emit finished(col, out);
    }
    emit done();
}
