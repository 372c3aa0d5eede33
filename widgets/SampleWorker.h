// Owns a loaded generator on its own thread: requests in, step previews and results out through
// queued signals. Cancel is an atomic token checked between sampler steps.
#pragma once

#include <QImage>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

namespace synset {
class Generator;
class CancelToken;
} // namespace synset

struct SampleGridRequest
{
    QString modelPath;
    QString wnid;              // the class
    QVector<quint64> seeds;    // rows
    QStringList prompts;       // rows: the class's expanded prompt per seed (text models)
    QVector<double> guidances; // columns
    QString negativePrompt;    // text models
    int width = 0, height = 0; // text models; 0 is the model's own size
    QString sampler = "ddim";
    bool karras = false;
    int steps = 50;
    double eta = 0; // DDIM
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
    void loading(int percent, const QString &what);
    void modelInfo(const QString &hash);
    // Images of rows firstRow, firstRow + 1, ... of a column.
    void preview(int column, int firstRow, int step, int steps, const QVector<QImage> &images);
    void finished(int column, int firstRow, const QVector<QImage> &images);
    void failed(const QString &error);
    void done();

private:
    void execute(const SampleGridRequest &request);
    std::shared_ptr<synset::Generator> m_model; // shared with the other worker when both use it
    QString m_loadedPath;
    std::shared_ptr<synset::CancelToken> m_cancel;
};
