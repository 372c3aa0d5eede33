// Streamed training input for ImageNet-sized images: views chosen as torchvision chooses them,
// JPEGs decoded at a reduced scale, batches that equal the in-memory loader's for the same seed
// and do not depend on the decode threads, resume inside an epoch, and a corrupt file in the
// middle of a run (left out, named, the run goes on).
#include "classes/ClassList.h"
#include "common/ImageViews.h"
#include "curation/Curation.h"
#include "data/ImageLoader.h"
#include "data/ImageSets.h"
#include "data/Importer.h"
#include "data/TrainingData.h"
#include "data/ViewDecode.h"
#include "project/Database.h"
#include "project/ImageStore.h"
#include "project/Project.h"
#include "robustness/Corruptions.h"
#include "robustness/Robustness.h"
#include "training/Classifier.h"
#include "training/ClassifierData.h"
#include "training/TrainingRun.h"
#include "wordnet/WordNet.h"

#include <QColor>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>
#include <map>

using namespace synset;

namespace {

// An ImageNet-shaped folder of JPEGs: each class a hue of its own under noise and a random box,
// at 4:3, 3:4 and square sizes whose shorter side is at least 128.
void writeJpegTree(const std::filesystem::path &root, const std::vector<std::string> &wnids,
                   int trainPerClass, int testPerClass)
{
    static const QSize kSizes[] = {{176, 132}, {132, 176}, {150, 150}, {200, 150}};
    QRandomGenerator rng(42);
    for (const auto &[split, count] : {std::pair{"train", trainPerClass}, {"test", testPerClass}}) {
        for (size_t k = 0; k < wnids.size(); ++k) {
            const std::filesystem::path dir = root / split / wnids[k];
            std::filesystem::create_directories(dir);
            for (int i = 0; i < count; ++i) {
                const QSize size = kSizes[(i + int(k)) % 4];
                QImage image(size, QImage::Format_RGB32);
                const QColor base = QColor::fromHsv(int(k) * 36, 200, 200);
                for (int y = 0; y < size.height(); ++y)
                    for (int x = 0; x < size.width(); ++x) {
                        const int n = int(rng.bounded(60)) - 30;
                        image.setPixel(x, y,
                                       qRgb(std::clamp(base.red() + n, 0, 255),
                                            std::clamp(base.green() + n, 0, 255),
                                            std::clamp(base.blue() + n, 0, 255)));
                    }
                QPainter painter(&image);
                painter.fillRect(int(rng.bounded(size.width() / 2)),
                                 int(rng.bounded(size.height() / 2)), size.width() / 3,
                                 size.height() / 3, QColor::fromHsv(int(k) * 36, 255, 90));
                painter.end();
                const QString file = QString::fromStdString(
                    (dir / (wnids[k] + "_" + std::to_string(i) + ".JPEG")).string());
                QVERIFY(image.save(file, "JPG", 90));
            }
        }
    }
}

// A JPEG whose left half is black and right half white.
void writeHalves(const std::filesystem::path &file, int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::black);
    QPainter painter(&image);
    painter.fillRect(width / 2, 0, width - width / 2, height, Qt::white);
    painter.end();
    QVERIFY(image.save(QString::fromStdString(file.string()), "JPG", 95));
}

double meanOf(const std::vector<uint8_t> &chw, int width, int height, int x0, int x1)
{
    double sum = 0;
    int n = 0;
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < height; ++y)
            for (int x = x0; x < x1; ++x, ++n)
                sum += chw[size_t((c * height + y) * width + x)];
    return sum / std::max(1, n);
}

std::vector<int64_t> labelsOf(const torch::Tensor &y)
{
    return {y.data_ptr<int64_t>(), y.data_ptr<int64_t>() + y.numel()};
}

} // namespace

class TestStreaming : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::filesystem::path m_tree;
    std::unique_ptr<Project> m_project;
    ImageSet m_train, m_test;

    ClassifierTrainOptions options(const QString &tag, int epochs)
    {
        ClassifierTrainOptions o;
        o.model = "cnn";
        o.width = 8;
        o.epochs = epochs;
        o.batchSize = 16;
        o.augmentation = "dino";
        o.device = "cpu";
        o.checkpoint = (m_tmp.path() + "/" + tag + ".ckpt").toStdString();
        o.output = (m_tmp.path() + "/" + tag + ".model").toStdString();
        return o;
    }

    std::vector<double> stepLosses(ClassifierTrainOptions o)
    {
        std::vector<double> out;
        ClassifierTrainCallbacks cb;
        cb.onStep = [&](const ClassifierStep &s) { out.push_back(s.loss); };
        Result<ClassifierTrainReport> r = trainClassifier(m_train, nullptr, o, cb);
        if (!r)
            qWarning("%s", r.error().c_str());
        return r ? out : std::vector<double>{};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
        QVERIFY(wn.ok());
        Result<ClassList> classes = classlists::load("fashion-mnist", **wn);
        QVERIFY(classes.ok());
        const std::filesystem::path dir = m_tmp.path().toStdString();
        Result<std::unique_ptr<Project>> p = Project::create(dir / "proj", *classes, "Streamed");
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        m_project = std::move(*p);
        std::vector<std::string> wnids;
        for (const ProjectClass &c : m_project->classes())
            wnids.push_back(c.wnid);
        m_tree = dir / "imagenet-like";
        writeJpegTree(m_tree, wnids, 6, 3);
        ImportOptions linked;
        linked.copyFiles = false;
        Result<ImportReport> imported = importSource(*m_project, m_tree, linked);
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().c_str());
        QCOMPARE(imported->imported, int64_t(90));
        QVERIFY(imported->errors.empty());

        QCOMPARE(streamedImageSize(*m_project), 224);
        QCOMPARE(streamedImageSize(*m_project, 48), 48);
        Result<ImageSet> train = listRealImages(*m_project, "train", 48);
        Result<ImageSet> test = listRealImages(*m_project, "test", 48);
        QVERIFY(train.ok() && test.ok());
        QVERIFY(train->streamed() && train->pixels.empty());
        QCOMPARE(train->count(), size_t(60));
        QCOMPARE(test->count(), size_t(30));
        QCOMPARE(train->channels, 3);
        QCOMPARE(train->width, 48);
        QVERIFY(train->sourceWidths[0] >= 132 && train->sourceHeights[0] >= 132);
        m_train = std::move(*train);
        m_test = std::move(*test);
    }

    void viewsFollowTorchvision()
    {
        int flipped = 0, fallbacks = 0;
        for (uint64_t seed = 0; seed < 2000; ++seed) {
            const ViewCrop v = randomResizedCrop(400, 300, 0.08, 3.0 / 4, 4.0 / 3, 0.5, seed);
            QVERIFY(v.x >= 0 && v.y >= 0 && v.w > 0 && v.h > 0);
            QVERIFY(v.x + v.w <= 1 + 1e-9 && v.y + v.h <= 1 + 1e-9);
            const double area = v.w * v.h, ratio = (v.w * 400) / (v.h * 300);
            // Rounding to whole pixels moves the area and ratio by a pixel's worth at most.
            QVERIFY2(area >= 0.08 - 0.01 && area <= 1 + 1e-9, qPrintable(QString::number(area)));
            QVERIFY2(ratio >= 0.75 * 0.9 && ratio <= 4.0 / 3 / 0.9,
                     qPrintable(QString::number(ratio)));
            flipped += v.flip;
            fallbacks += v.w == 1 && v.h == 1;
            const ViewCrop again = randomResizedCrop(400, 300, 0.08, 3.0 / 4, 4.0 / 3, 0.5, seed);
            QCOMPARE(again.x, v.x);
            QCOMPARE(again.w, v.w);
            QCOMPARE(again.flip, v.flip);
        }
        QVERIFY2(flipped > 850 && flipped < 1150, qPrintable(QString::number(flipped)));
        QVERIFY(fallbacks < 100);
        // No ten tries fit a square crop of a whole 4:3 image: the centred square.
        const ViewCrop square = randomResizedCrop(400, 300, 1, 1, 1, 0, 3);
        QCOMPARE(square.w, 0.75);
        QCOMPARE(square.h, 1.0);
        QCOMPARE(square.x, 0.125);
        // Resize 256 + centre crop 224: 300 px high becomes 256, 224 of them are kept.
        const ViewCrop centre = centreCrop(400, 300, 224, 224);
        QVERIFY(std::abs(centre.h - 224.0 / 256) < 1e-12);
        QVERIFY(std::abs(centre.w - 224.0 / 256 * 300 / 400) < 1e-12);
        QVERIFY(std::abs(centre.x - (1 - centre.w) / 2) < 1e-12);
    }

    void jpegIsDecodedAtAReducedScaleWhenTheCropAllows()
    {
        QCOMPARE(jpegReduction(400, 300, wholeImage(), 224, 224), 1);
        QCOMPARE(jpegReduction(2000, 1600, wholeImage(), 224, 224), 4);
        QCOMPARE(jpegReduction(2000, 1600, {0, 0, 0.5, 0.5, false}, 224, 224), 2);
        QCOMPARE(jpegReduction(4000, 4000, wholeImage(), 64, 64), 8);

        const std::filesystem::path file = m_tmp.path().toStdString() + "/halves.jpg";
        writeHalves(file, 1024, 768);
        const int w = 64, h = 48;
        std::vector<uint8_t> chw(size_t(3 * w * h));
        QVERIFY(decodeView(file.string(), -1, 1024, 768, wholeImage(), 3, w, h, chw.data()).ok());
        QVERIFY(meanOf(chw, w, h, 0, w / 2 - 2) < 8);
        QVERIFY(meanOf(chw, w, h, w / 2 + 2, w) > 247);
        ViewCrop mirrored;
        mirrored.flip = true;
        QVERIFY(decodeView(file.string(), -1, 1024, 768, mirrored, 3, w, h, chw.data()).ok());
        QVERIFY(meanOf(chw, w, h, 0, w / 2 - 2) > 247);
        QVERIFY(meanOf(chw, w, h, w / 2 + 2, w) < 8);
        const ViewCrop rightQuarter{0.75, 0.25, 0.25, 0.5, false};
        QVERIFY(decodeView(file.string(), -1, 1024, 768, rightQuarter, 3, w, h, chw.data()).ok());
        QVERIFY(meanOf(chw, w, h, 0, w) > 247);

        // A file cut short, and one that is not an image: errors that name the file.
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        const std::filesystem::path cut = m_tmp.path().toStdString() + "/cut.jpg";
        std::ofstream(cut, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size() / 2));
        Result<void> r = decodeView(cut.string(), -1, 1024, 768, wholeImage(), 3, w, h, chw.data());
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.error()).contains(QStringLiteral("cut.jpg")),
                 r.error().c_str());
        const std::filesystem::path junk = m_tmp.path().toStdString() + "/junk.jpg";
        std::ofstream(junk, std::ios::binary) << "not a JPEG at all";
        r = decodeView(junk.string(), -1, 1024, 768, wholeImage(), 3, w, h, chw.data());
        QVERIFY(!r.ok());
        QVERIFY(QString::fromStdString(r.error()).contains(QStringLiteral("junk.jpg")));
    }

    void headersGiveSizesWithoutDecoding()
    {
        const QString dir = m_tmp.path() + QStringLiteral("/headers");
        QDir().mkpath(dir);
        QImage grey(37, 21, QImage::Format_Grayscale8);
        grey.fill(90);
        QImage rgb(301, 199, QImage::Format_RGB32);
        rgb.fill(Qt::darkCyan);
        QVERIFY(grey.save(dir + QStringLiteral("/grey.png")));
        QVERIFY(grey.save(dir + QStringLiteral("/grey.jpg"), "JPG"));
        QVERIFY(rgb.save(dir + QStringLiteral("/rgb.png")));
        QVERIFY(rgb.save(dir + QStringLiteral("/rgb.jpg"), "JPG"));
        const auto header = [&](const QString &name) {
            return readImageHeader((dir + QLatin1Char('/') + name).toStdString());
        };
        for (const auto &[name, w, h, c] : {std::tuple{"grey.png", 37, 21, 1},
                                            {"grey.jpg", 37, 21, 1},
                                            {"rgb.png", 301, 199, 3},
                                            {"rgb.jpg", 301, 199, 3}}) {
            Result<ImageHeader> got = header(QString::fromLatin1(name));
            QVERIFY2(got.ok(), got.ok() ? "" : got.error().c_str());
            QCOMPARE(got->width, w);
            QCOMPARE(got->height, h);
            QCOMPARE(got->channels, c);
            // The header agrees with a full decode.
            Result<ImageData> decoded =
                decodeImageFile((dir + QLatin1Char('/') + QString::fromLatin1(name)).toStdString());
            QVERIFY(decoded.ok());
            QCOMPARE(decoded->width, w);
            QCOMPARE(decoded->channels, c);
        }
        // Two 64 KiB application segments (large EXIF or ICC data) before the frame header: the
        // reader seeks past them.
        QFile in(dir + QStringLiteral("/rgb.jpg"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray jpeg = in.readAll();
        QByteArray app(65537, 'x');
        app[0] = char(0xFF);
        app[1] = char(0xEF);
        app[2] = char(0xFF);
        app[3] = char(0xFF);
        jpeg.insert(2, app + app);
        QFile out(dir + QStringLiteral("/big-exif.jpg"));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(jpeg);
        out.close();
        Result<ImageHeader> big = header(QStringLiteral("big-exif.jpg"));
        QVERIFY2(big.ok(), big.ok() ? "" : big.error().c_str());
        QCOMPARE(big->width, 301);
        QCOMPARE(big->height, 199);
        // Broken files: errors that name them.
        QFile cut(dir + QStringLiteral("/cut.png"));
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(jpeg.left(40).replace(0, 3, QByteArray("\x89PN", 3)));
        cut.close();
        for (const QString name : {QStringLiteral("cut.png"), QStringLiteral("missing.jpg")}) {
            Result<ImageHeader> bad = header(name);
            QVERIFY(!bad.ok());
            QVERIFY2(QString::fromStdString(bad.error()).contains(name), bad.error().c_str());
        }
    }

    // Export at ImageNet scale: the real JPEGs keep their bytes and extension and are linked.
    void exportLinksJpegsAsTheyAre()
    {
        const std::filesystem::path out = m_tmp.path().toStdString() + "/export";
        ExportOptions o;
        o.withReal = true;
        Result<ExportReport> report = exportImageFolder(*m_project, out, o);
        QVERIFY2(report.ok(), report.ok() ? "" : report.error().c_str());
        QCOMPARE(report->real, int64_t(60));
        QCOMPARE(report->linked, int64_t(60));
        Result<std::vector<ImageRow>> rows = realImageRows(m_project->database(), "train", 2);
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), size_t(6));
        const ImageRow &first = rows->front();
        const std::filesystem::path exported =
            out / m_project->classes()[2].wnid / ("real_" + std::to_string(first.id) + ".JPEG");
        QVERIFY(std::filesystem::equivalent(exported, m_project->resolve(first.file)));
    }

    void streamedBatchesEqualInMemoryBatches()
    {
        // The in-memory loader over the images decoded up front (the view the streamed loader
        // takes when augmentation is off: the centred square) and the streamed loader: the same
        // seeded order and the same pixels, batch by batch, across epochs.
        using namespace synset::classifier;
        const int64_t n = int64_t(m_train.count()), size = m_train.width;
        const Augment none = Augment::preset("none", int(size), int(size));
        torch::Tensor pixels = torch::empty({n, 3, size, size}, torch::kUInt8);
        for (int64_t i = 0; i < n; ++i) {
            const ViewCrop view = randomResizedCrop(
                m_train.sourceWidths[size_t(i)], m_train.sourceHeights[size_t(i)], 1, 1, 1, 0, 0);
            QVERIFY(m_train.decode(size_t(i), view, pixels[i].data_ptr<uint8_t>()).ok());
        }
        const torch::Tensor labels = torch::tensor(
            std::vector<int64_t>(m_train.labels.begin(), m_train.labels.end()), torch::kInt64);
        DecodePool pool(2);
        Loader::Input memory, streamed;
        memory.pixels = pixels;
        streamed.streamed = &m_train;
        streamed.pool = &pool;
        const int64_t spe = (n + 15) / 16, total = 3 * spe;
        Loader a(memory, labels, none, 11, 16, 0, total, 2);
        Loader b(streamed, labels, none, 11, 16, 0, total, 2);
        std::vector<int64_t> firstEpoch;
        for (int64_t step = 0; step < total; ++step) {
            const Batch x = a.next(), y = b.next();
            QVERIFY(x.x.defined() && y.x.defined());
            QCOMPARE(x.step, step);
            QCOMPARE(y.step, step);
            QCOMPARE(labelsOf(y.y), labelsOf(x.y));
            QVERIFY(torch::equal(x.x, y.x));
            if (step < spe)
                for (int64_t l : labelsOf(x.y))
                    firstEpoch.push_back(l);
        }
        QCOMPARE(firstEpoch.size(), size_t(n)); // every image once an epoch
        QVERIFY(b.takeSkipped().empty());
    }

    void decodeThreadsDoNotChangeTheRun()
    {
        ClassifierTrainOptions one = options(QStringLiteral("one"), 2);
        one.decodeThreads = 1;
        ClassifierTrainOptions three = options(QStringLiteral("three"), 2);
        three.decodeThreads = 3;
        const std::vector<double> a = stepLosses(one), b = stepLosses(three);
        QCOMPARE(a.size(), size_t(2 * 4)); // 60 images in batches of 16
        QCOMPARE(a, b);
        three.seed = 5;
        QVERIFY(stepLosses(three) != a);
    }

    void resumeInsideAnEpoch()
    {
        // Uninterrupted, with a checkpoint every 2 steps inside the epochs.
        ClassifierTrainOptions whole = options(QStringLiteral("whole"), 2);
        whole.checkpointSteps = 2;
        const std::vector<double> expected = stepLosses(whole);
        QCOMPARE(expected.size(), size_t(8));

        // Stopped after step 2 of the first epoch (the checkpoint was taken before it), resumed.
        ClassifierTrainOptions part = options(QStringLiteral("part"), 2);
        part.checkpointSteps = 2;
        CancelToken cancel;
        std::vector<double> got;
        std::vector<int64_t> steps;
        ClassifierTrainCallbacks cb;
        cb.onStep = [&](const ClassifierStep &s) {
            got.push_back(s.loss);
            steps.push_back(s.step);
            if (s.step == 2)
                cancel.cancel();
        };
        Result<ClassifierTrainReport> first = trainClassifier(m_train, nullptr, part, cb, &cancel);
        QVERIFY(first.ok() && first->cancelled);
        QCOMPARE(first->epochsDone, 0);
        QCOMPARE(got.size(), size_t(3));
        part.resume = true;
        Result<ClassifierTrainReport> second = trainClassifier(m_train, nullptr, part, cb);
        QVERIFY2(second.ok(), second.ok() ? "" : second.error().c_str());
        QCOMPARE(second->epochsDone, 2);
        QCOMPARE(steps[3], int64_t(2)); // the step after the checkpoint runs again
        got.erase(got.begin() + 2);     // its first run is not part of the resumed sequence
        QCOMPARE(got.size(), expected.size());
        for (size_t i = 0; i < got.size(); ++i)
            QVERIFY2(std::abs(got[i] - expected[i]) < 1e-6,
                     qPrintable(
                         QStringLiteral("step %1: %2 vs %3").arg(i).arg(got[i]).arg(expected[i])));
    }

    void corruptFileMidRunIsLeftOutAndNamed()
    {
        // One training JPEG and one test JPEG are damaged after the import (they are linked).
        const std::filesystem::path brokenTrain =
            m_tree / "train" / m_train.classWnids[3] / (m_train.classWnids[3] + "_2.JPEG");
        const std::filesystem::path brokenTest =
            m_tree / "test" / m_train.classWnids[5] / (m_train.classWnids[5] + "_1.JPEG");
        for (const std::filesystem::path &f : {brokenTrain, brokenTest}) {
            QVERIFY(std::filesystem::exists(f));
            std::filesystem::resize_file(f, std::filesystem::file_size(f) / 3);
        }
        RunConfig config;
        config.train = options(QStringLiteral("run"), 2);
        config.imageSize = 48;
        QVERIFY(createRun(*m_project, "streamed", config).ok());
        std::vector<ClassifierEpoch> epochs;
        RunCallbacks cb;
        cb.epoch = [&](const ClassifierEpoch &e) { epochs.push_back(e); };
        Result<RunInfo> run = executeRun(*m_project, "streamed", false, cb, nullptr);
        QVERIFY2(run.ok(), run.ok() ? "" : run.error().c_str());
        QCOMPARE(run->status, std::string("done"));
        QCOMPARE(run->epochsDone, 2);
        // Named once, though each epoch met it.
        QVERIFY2(QString::fromStdString(run->error)
                     .startsWith(QStringLiteral("1 image could not be read")),
                 run->error.c_str());
        QVERIFY(QString::fromStdString(run->error)
                    .contains(QString::fromStdString(brokenTrain.filename().string())));
        QCOMPARE(epochs.size(), size_t(2));
        QVERIFY(epochs.back().evaluated);
        QCOMPARE(epochs.back().test.unreadable.size(), size_t(1));
        QVERIFY(QString::fromStdString(epochs.back().test.unreadable[0])
                    .contains(QString::fromStdString(brokenTest.filename().string())));
        QCOMPARE(epochs.back().test.predicted.size(), size_t(30));

        // The trained model evaluates the streamed test split at its centre crops again.
        Result<ClassifierEvaluation> ev = evaluateRun(*m_project, "streamed", {}, nullptr);
        QVERIFY2(ev.ok(), ev.ok() ? "" : ev.error().c_str());
        QCOMPARE(ev->predicted, epochs.back().test.predicted);
        QCOMPARE(ev->unreadable.size(), size_t(1));
    }

    // Scoring generated ImageNet-sized images: each is seen at the reference's evaluation view,
    // class by class.
    void scoringStreams()
    {
        // The test split's JPEGs again, as a generated dataset (linked; sizes from the headers).
        Result<int64_t> dataset = m_project->ensureDataset("made-elsewhere", "synthetic", "");
        QVERIFY(dataset.ok());
        {
            Transaction tx(m_project->database());
            Result<ImageWriter> writer = ImageWriter::prepare(m_project->database(), *dataset);
            QVERIFY(writer.ok());
            for (const ProjectClass &c : m_project->classes())
                for (int k = 0; k < 3; ++k) {
                    const std::filesystem::path f =
                        m_tree / "test" / c.wnid / (c.wnid + "_" + std::to_string(k) + ".JPEG");
                    Result<ImageHeader> h = readImageHeader(f);
                    if (!h)
                        continue; // the file damaged above
                    NewImage image;
                    image.classId = c.id;
                    image.file = f.string();
                    image.width = h->width;
                    image.height = h->height;
                    image.channels = h->channels;
                    QVERIFY(writer->add(image, "2026-12-06T00:00:00Z").ok());
                }
            QVERIFY(tx.commit().ok());
        }
        ScoreOptions o;
        o.reference = "streamed";
        o.device = "cpu";
        Result<ScoreReport> report = scoreProject(*m_project, o);
        QVERIFY2(report.ok(), report.ok() ? "" : report.error().c_str());
        QCOMPARE(report->images, int64_t(29));
        QCOMPARE(report->classes, 10);
        const std::vector<ScoredImage> scored = scoredImages(*m_project);
        std::vector<int64_t> ids;
        for (const ScoredImage &s : scored)
            ids.push_back(s.imageId);
        Result<ImageSet> views = listImagesById(*m_project, ids, 48);
        QVERIFY(views.ok());
        Result<std::unique_ptr<Classifier>> model =
            Classifier::load(runDirectory(*m_project, "streamed") / "model.safetensors", "cpu");
        QVERIFY(model.ok());
        Result<ClassifierEmbedding> e = (*model)->embed(*views);
        QVERIFY(e.ok());
        for (size_t i = 0; i < scored.size(); ++i) {
            QVERIFY(scored[i].scored);
            const float p =
                e->probabilities[i * size_t(e->numClasses) + size_t(scored[i].classIndex)];
            QVERIFY(std::abs(scored[i].selfConfidence - p) < 1e-5);
        }
        for (const ClassSummary &c : classSummaries(*m_project))
            QVERIFY(c.fid.has_value());
    }

    // Robustness on the streamed test split: corruptions at the evaluation view, attacks, the
    // representation metrics and the linear probe, the damaged test image left out.
    void robustnessStreams()
    {
        RobustnessOptions o;
        o.corruptionPerClass = 2;
        o.corruptions = {"gaussian_noise", "brightness"};
        o.adversarialPerClass = 1;
        o.epsilons = {0, 4 / 255.0};
        o.pgdSteps = 2;
        o.probePerClass = 3;
        o.probeEpochs = 5;
        o.device = "cpu";
        Result<RobustnessReport> r = evaluateRobustness(*m_project, "streamed", o);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        const MetricMap &m = r->metrics;
        // Two test images a class, one of them the file damaged above.
        QCOMPARE(m.at("corruption/images"), 19.0);
        QCOMPARE(m.at("adversarial/images"), 10.0);
        for (const char *key : {"clean", "corruption/gaussian_noise/5", "corruption/brightness/1",
                                "adversarial/pgd/4", "representation/sparsity"})
            QVERIFY2(m.count(key) && m.at(key) >= 0 && m.at(key) <= 1, key);
        QCOMPARE(m.at("adversarial/fgsm/0"), m.at("adversarial/pgd/0"));
        QCOMPARE(m.at("probe/real/images"), 30.0);

        // The corruption figure is the accuracy on the decoded centre crops, corrupted.
        Result<ImageSet> test = listRealImages(*m_project, "test", 48);
        QVERIFY(test.ok());
        std::vector<size_t> firstTwo;
        std::map<int, int> taken;
        for (size_t i = 0; i < test->count(); ++i)
            if (taken[test->labels[i]]++ < 2)
                firstTwo.push_back(i);
        std::vector<std::string> unreadable;
        Result<ImageSet> pixels =
            evaluationPixels(subsetOf(*test, firstTwo), 0, firstTwo.size(), &unreadable);
        QVERIFY(pixels.ok());
        QCOMPARE(pixels->count(), size_t(19));
        QCOMPARE(unreadable.size(), size_t(1));
        Result<ImageSet> noisy = corruptImages(*pixels, "gaussian_noise", 5, o.seed);
        QVERIFY(noisy.ok());
        Result<std::unique_ptr<Classifier>> model =
            Classifier::load(runDirectory(*m_project, "streamed") / "model.safetensors", "cpu");
        QVERIFY(model.ok());
        Result<ClassifierEvaluation> ev = (*model)->evaluate(*noisy);
        QVERIFY(ev.ok());
        QCOMPARE(m.at("corruption/gaussian_noise/5"), ev->top1);

        // Corrupting a set by slices, each told its place, gives the images the whole set gets.
        Result<ImageSet> first = evaluationPixels(*pixels, 0, 7);
        Result<ImageSet> rest = evaluationPixels(*pixels, 7, pixels->count());
        QVERIFY(first.ok() && rest.ok());
        Result<ImageSet> a = corruptImages(*first, "gaussian_noise", 3, 9);
        Result<ImageSet> b = corruptImages(*rest, "gaussian_noise", 3, 9, {}, nullptr, 7);
        Result<ImageSet> whole = corruptImages(*pixels, "gaussian_noise", 3, 9);
        QVERIFY(a.ok() && b.ok() && whole.ok());
        std::vector<uint8_t> joined = a->pixels;
        joined.insert(joined.end(), b->pixels.begin(), b->pixels.end());
        QVERIFY(joined == whole->pixels);
    }
};

QTEST_GUILESS_MAIN(TestStreaming)
#include "tst_streaming.moc"
