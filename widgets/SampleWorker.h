// Owns a loaded diffusion model on its own thread: requests in, step previews and results out
// through queued signals. Cancel is an atomic token checked between sampler steps.
#pragma once

#include <QImage>
#include <QObject>
#include <QString>
#include <QVector>

#include <atomic>
#include <memory>

namespace synset {
class DiffusionModel;
class CancelToken;
} // namespace synset

struct SampleGridRequest
{
    QString modelPath;
    int classIndex = 0;        // in the model
    QVector<quint64> seeds;    // rows
    QVector<double> guidances; // columns
    QString sampler = "ddim";
    int steps = 50;
};
Q_DECLARE_METATYPE(SampleGridRequest)

class SampleWorker : public QObject
{
    Q_OBJECT

public:
    explicit SampleWorker(QObject *parent = nullptr);
    ~SampleWorker() override;
    void cancel(); // any thread

public slots:
    void run(const SampleGridRequest &request);

signals:
    void modelInfo(const QString &hash, const QStringList &wnids, int defaultSteps,
                   double defaultGuidance, const QString &defaultSampler);
    void preview(int column, int step, int steps, const QVector<QImage> &images); // one per seed
    void finished(int column, const QVector<QImage> &images);
    void failed(const QString &error);
    void done();

private:
    std::unique_ptr<synset::DiffusionModel> m_model;
    QString m_loadedPath;
    std::shared_ptr<synset::CancelToken> m_cancel;
};
