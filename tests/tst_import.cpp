// Real-data import: IDX folders and ImageFolders, with corrupt and truncated files among them.
#include "classes/ClassList.h"
#include "common/Progress.h"
#include "data/Idx.h"
#include "data/ImageLoader.h"
#include "data/Importer.h"
#include "project/DefaultProject.h"
#include "project/Project.h"
#include "wordnet/WordNet.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

using namespace synset;

class TestImport : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<const WordNet> m_wn;
    idx::IdxFile m_trainImages, m_trainLabels;

    std::unique_ptr<Project> makeProject(const QString &dir)
    {
        Result<ClassList> classes = classlists::load("fashion-mnist", *m_wn);
        Result<std::unique_ptr<Project>> p =
            Project::create(dir.toStdString(), *classes, "Import test");
        return p ? std::move(*p) : nullptr;
    }

    // Writes the first n items of an IDX file as a new (gzip) IDX file.
    static QByteArray idxBytes(const idx::IdxFile &src, uint32_t n)
    {
        QByteArray out(reinterpret_cast<const char *>(src.data.data()), int(src.headerSize));
        out[4] = char(n >> 24), out[5] = char(n >> 16), out[6] = char(n >> 8), out[7] = char(n);
        out.append(reinterpret_cast<const char *>(src.data.data() + src.headerSize),
                   int(src.itemSize() * n));
        return out;
    }

    static bool writeGzip(const QString &path, const QByteArray &data)
    {
        gzFile f = gzopen(path.toLocal8Bit().constData(), "wb");
        if (!f)
            return false;
        const bool ok = gzwrite(f, data.constData(), unsigned(data.size())) == data.size();
        return gzclose(f) == Z_OK && ok;
    }

    static QByteArray readAll(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static void writeRaw(const QString &path, const QByteArray &data)
    {
        QDir().mkpath(QFileInfo(path).path());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(data);
    }

    static QImage testImage(int w, int h, QImage::Format format, int seed)
    {
        QImage img(w, h, format);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                img.setPixelColor(
                    x, y,
                    QColor((x * 7 + seed) % 256, (y * 13 + seed) % 256, (x + y + seed) % 256));
        return img;
    }

    int64_t countWhere(Project &p, const char *split)
    {
        int64_t n = 0;
        for (const SplitCount &c : p.imageCounts())
            if (c.split == split)
                n += c.count;
        return n;
    }

private slots:
    void initTestCase()
    {
        Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
        QVERIFY(wn.ok());
        m_wn = *wn;
        const std::filesystem::path fm = fashionMnistDirectory();
        Result<idx::IdxFile> images = idx::read(fm / "train-images-idx3-ubyte.gz");
        Result<idx::IdxFile> labels = idx::read(fm / "train-labels-idx1-ubyte.gz");
        QVERIFY2(images.ok() && labels.ok(), "Fashion-MNIST (dataset-fashion-mnist) is needed");
        m_trainImages = std::move(*images);
        m_trainLabels = std::move(*labels);
        QCOMPARE(m_trainImages.dims, (std::vector<uint32_t>{60000, 28, 28}));
    }

    void idxFolderWithTruncatedFile()
    {
        QTemporaryDir tmp;
        const QString src = tmp.path() + "/fm-small";
        QDir().mkpath(src);
        QVERIFY(writeGzip(src + "/train-images-idx3-ubyte.gz", idxBytes(m_trainImages, 200)));
        QVERIFY(writeGzip(src + "/train-labels-idx1-ubyte.gz", idxBytes(m_trainLabels, 200)));
        QVERIFY(writeGzip(src + "/t10k-images-idx3-ubyte.gz", idxBytes(m_trainImages, 100)));
        QVERIFY(writeGzip(src + "/t10k-labels-idx1-ubyte.gz", idxBytes(m_trainLabels, 100)));
        // A download cut off half way.
        QVERIFY(writeGzip(tmp.path() + "/full.gz", idxBytes(m_trainImages, 150)));
        const QByteArray full = readAll(tmp.path() + "/full.gz");
        writeRaw(src + "/extra-images-idx3-ubyte.gz", full.left(full.size() / 2));
        QVERIFY(writeGzip(src + "/extra-labels-idx1-ubyte.gz", idxBytes(m_trainLabels, 150)));

        std::unique_ptr<Project> p = makeProject(tmp.path() + "/proj");
        QVERIFY(p);
        std::vector<double> fractions;
        Result<ImportReport> report = importSource(
            *p, src.toStdString(), {}, [&](double f, std::string_view) { fractions.push_back(f); });
        QVERIFY2(report.ok(), report.ok() ? "" : report.error().c_str());
        QCOMPARE(report->imported, int64_t(300));
        QCOMPARE(int(report->errors.size()), 1);
        QVERIFY2(QString::fromStdString(report->errors[0]).contains("extra-images-idx3-ubyte.gz"),
                 report->errors[0].c_str());
        QVERIFY(QString::fromStdString(report->errors[0]).contains("truncated"));
        QVERIFY(!fractions.empty() && fractions.back() == 1.0);
        QCOMPARE(countWhere(*p, "train"), int64_t(200));
        QCOMPARE(countWhere(*p, "test"), int64_t(100));

        // Per-class counts follow the labels, and pixels come back byte for byte.
        std::vector<int64_t> perClass(10, 0);
        for (uint32_t i = 0; i < 200; ++i)
            ++perClass[m_trainLabels.data[m_trainLabels.headerSize + i]];
        for (const SplitCount &c : p->imageCounts())
            if (c.split == "train")
                QCOMPARE(c.count, perClass[size_t(p->classByWnid(c.wnid)->classIndex)]);
        const int label0 = m_trainLabels.data[m_trainLabels.headerSize];
        const std::vector<ImageRecord> first =
            p->images(p->classes()[size_t(label0)].id, "real", "train", 1);
        QCOMPARE(int(first.size()), 1);
        QCOMPARE(first[0].record, int64_t(0));
        QVERIFY(
            QFile::exists(QString::fromStdString(p->resolve(first[0].file).string()))); // copied in
        Result<ImageData> img = loadImage(p->resolve(first[0].file), first[0].record);
        QVERIFY(img.ok());
        QCOMPARE(img->width, 28);
        QVERIFY(std::equal(img->pixels.begin(), img->pixels.end(),
                           m_trainImages.data.begin() + long(m_trainImages.headerSize)));

        // Importing again adds nothing; fixing the broken file and importing again adds just it.
        Result<ImportReport> again = importSource(*p, src.toStdString(), {});
        QVERIFY(again.ok());
        QCOMPARE(again->imported, int64_t(0));
        QCOMPARE(again->skipped, int64_t(300));
        QVERIFY(writeGzip(src + "/extra-images-idx3-ubyte.gz", idxBytes(m_trainImages, 150)));
        Result<ImportReport> fixed = importSource(*p, src.toStdString(), {});
        QVERIFY(fixed.ok());
        QCOMPARE(fixed->imported, int64_t(150));
        QVERIFY(fixed->errors.empty());
        QCOMPARE(p->imageCount(), int64_t(450));
    }

    void idxLabelProblems()
    {
        QTemporaryDir tmp;
        const QString src = tmp.path() + "/bad";
        QDir().mkpath(src);
        QVERIFY(writeGzip(src + "/train-images-idx3-ubyte.gz", idxBytes(m_trainImages, 20)));
        QByteArray labels = idxBytes(m_trainLabels, 20);
        labels[int(m_trainLabels.headerSize) + 5] = char(12); // no class 12 in Fashion-MNIST
        QVERIFY(writeGzip(src + "/train-labels-idx1-ubyte.gz", labels));
        QVERIFY(writeGzip(src + "/t10k-images-idx3-ubyte.gz", idxBytes(m_trainImages, 20)));
        QVERIFY(writeGzip(src + "/t10k-labels-idx1-ubyte.gz", idxBytes(m_trainLabels, 19)));
        std::unique_ptr<Project> p = makeProject(tmp.path() + "/proj");
        Result<ImportReport> report = importSource(*p, src.toStdString(), {});
        QVERIFY(report.ok());
        QCOMPARE(report->imported, int64_t(0));
        QCOMPARE(int(report->errors.size()), 2);
        // Files are taken in name order: t10k before train.
        QVERIFY(QString::fromStdString(report->errors[0])
                    .contains("t10k-labels-idx1-ubyte.gz: holds 19 labels for 20 images"));
        QVERIFY(QString::fromStdString(report->errors[1])
                    .contains("train-labels-idx1-ubyte.gz: label 12 at record 5"));
    }

    // Headers a user could be handed: dimensions whose product wraps past 2^64, and a gzip body
    // that inflates far past what its header declares (read no further than the header allows).
    void craftedIdxHeaders_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("gzip");
        QTest::addColumn<QString>("message");
        const QByteArray wrap = QByteArray::fromHex("00000803"
                                                    "ffffffff"
                                                    "ffffffff"
                                                    "00000002");
        QTest::newRow("dimensions wrap")
            << wrap + QByteArray(8, '\x01') << false << "more data than a file holds";
        QTest::newRow("dimensions wrap, gzip")
            << wrap + QByteArray(8, '\x01') << true << "more data than a file holds";
        QByteArray bomb = QByteArray::fromHex("00000803"
                                              "00000001"
                                              "00000002"
                                              "00000002");
        bomb.append(QByteArray(64 << 20, '\0')); // 64 MiB of zeros gzip to ~64 KiB
        QTest::newRow("gzip past the header") << bomb << true << "more than the 20 bytes";
        QTest::newRow("bad rank") << QByteArray::fromHex("00000809"
                                                         "00000001")
                                  << true << "IDX rank 9";
    }
    void craftedIdxHeaders()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, gzip);
        QFETCH(QString, message);
        QTemporaryDir tmp;
        const QString path = tmp.path() + (gzip ? "/x-idx3-ubyte.gz" : "/x-idx3-ubyte");
        if (gzip)
            QVERIFY(writeGzip(path, bytes));
        else
            writeRaw(path, bytes);
        Result<idx::IdxFile> f = idx::read(path.toStdString());
        QVERIFY(!f.ok());
        const QString error = QString::fromStdString(f.error());
        QVERIFY2(error.contains(path) && error.contains(message), qPrintable(error));
    }

    void cancelRollsBackTheFileInProgress()
    {
        QTemporaryDir tmp;
        const QString src = tmp.path() + "/fm";
        QDir().mkpath(src);
        QVERIFY(writeGzip(src + "/train-images-idx3-ubyte.gz", idxBytes(m_trainImages, 20000)));
        QVERIFY(writeGzip(src + "/train-labels-idx1-ubyte.gz", idxBytes(m_trainLabels, 20000)));
        std::unique_ptr<Project> p = makeProject(tmp.path() + "/proj");
        CancelToken cancel;
        Result<ImportReport> report = importSource(
            *p, src.toStdString(), {},
            [&](double f, std::string_view) {
                if (f > 0.1)
                    cancel.cancel();
            },
            &cancel);
        QVERIFY(report.ok());
        QVERIFY(report->cancelled);
        QCOMPARE(p->imageCount(), int64_t(0));
    }

    void imageFolderWithCorruptFiles()
    {
        QTemporaryDir tmp;
        const QString src = tmp.path() + "/imagenet-style";
        const QString tshirt = src + "/train/n03595614", trouser = src + "/train/n04489008";
        QDir().mkpath(tshirt);
        QDir().mkpath(trouser);
        QDir().mkpath(src + "/val/n03595614");
        QDir().mkpath(src + "/train/n99999999");
        QVERIFY(testImage(28, 28, QImage::Format_Grayscale8, 1).save(tshirt + "/a.png"));
        QVERIFY(testImage(40, 30, QImage::Format_RGB32, 2).save(tshirt + "/b.JPEG", "JPEG"));
        QVERIFY(testImage(32, 32, QImage::Format_RGB32, 3).save(trouser + "/c.png"));
        QVERIFY(testImage(32, 32, QImage::Format_RGB32, 4).save(src + "/val/n03595614/e.png"));
        QVERIFY(testImage(32, 32, QImage::Format_RGB32, 5).save(src + "/train/n99999999/d.png"));
        QVERIFY(testImage(64, 64, QImage::Format_RGB32, 6).save(tmp.path() + "/whole.jpg", "JPEG"));
        const QByteArray jpeg = readAll(tmp.path() + "/whole.jpg");
        writeRaw(trouser + "/truncated.jpg", jpeg.left(jpeg.size() / 2));
        writeRaw(trouser + "/junk.png",
                 QByteArray("\x89PNG\r\n\x1a\n this is not really a png", 34));
        writeRaw(trouser + "/notes.txt", "ignored");

        std::unique_ptr<Project> p = makeProject(tmp.path() + "/proj");
        Result<ImportReport> report = importSource(*p, src.toStdString(), {});
        QVERIFY2(report.ok(), report.ok() ? "" : report.error().c_str());
        QCOMPARE(report->imported, int64_t(4));
        const QString errors = QString::fromStdString([&] {
            std::string all;
            for (const std::string &e : report->errors)
                all += e + "\n";
            return all;
        }());
        QCOMPARE(int(report->errors.size()), 3);
        QVERIFY2(errors.contains("n99999999") && errors.contains("truncated.jpg") &&
                     errors.contains("junk.png"),
                 qPrintable(errors));
        QCOMPARE(countWhere(*p, "train"), int64_t(3));
        QCOMPARE(countWhere(*p, "val"), int64_t(1));

        const std::vector<ImageRecord> shirts =
            p->images(p->classByWnid("n03595614")->id, "real", "train", 10);
        QCOMPARE(int(shirts.size()), 2);
        QCOMPARE(shirts[0].channels, 1);
        QCOMPARE(shirts[1].width, 40);
        QCOMPARE(shirts[1].channels, 3);
        QVERIFY(QString::fromStdString(shirts[0].file)
                    .startsWith("data/imagenet-style/train/n03595614/"));
        Result<ImageData> decoded = loadImage(p->resolve(shirts[0].file), -1);
        QVERIFY(decoded.ok());
        QCOMPARE(int(decoded->pixels[5]),
                 testImage(28, 28, QImage::Format_Grayscale8, 1).constScanLine(0)[5]);

        // Again: nothing new, and the earlier import is intact.
        Result<ImportReport> again = importSource(*p, src.toStdString(), {});
        QVERIFY(again.ok());
        QCOMPARE(again->imported, int64_t(0));
        QCOMPARE(again->skipped, int64_t(4));
        QCOMPARE(p->imageCount(), int64_t(4));

        // Linked import: the project refers to the files where they are.
        ImportOptions linked;
        linked.copyFiles = false;
        linked.datasetName = "linked";
        Result<ImportReport> l = importSource(*p, src.toStdString(), linked);
        QVERIFY(l.ok());
        QCOMPARE(l->imported, int64_t(4));
        QCOMPARE(p->imageCount(), int64_t(8));
    }

    void unusableSources()
    {
        QTemporaryDir tmp;
        std::unique_ptr<Project> p = makeProject(tmp.path() + "/proj");
        Result<ImportReport> missing = importSource(*p, (tmp.path() + "/nope").toStdString(), {});
        QVERIFY(!missing.ok());
        QVERIFY(QString::fromStdString(missing.error()).contains("/nope"));
        QDir().mkpath(tmp.path() + "/empty/n03595614");
        Result<ImportReport> empty = importSource(*p, (tmp.path() + "/empty").toStdString(), {});
        QVERIFY(!empty.ok());
        QVERIFY(QString::fromStdString(empty.error()).contains("no PNG or JPEG"));
    }

    void defaultProjectIsCompleteAndResumable()
    {
        QTemporaryDir tmp;
        const std::filesystem::path dir = (tmp.path() + "/default").toStdString();
        Result<std::unique_ptr<Project>> p = openOrCreateDefaultProject(dir);
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        QCOMPARE((*p)->imageCount(), int64_t(70000));
        QCOMPARE(QString::fromStdString((*p)->name()), QString("Fashion-MNIST"));
        p->reset();
        // A second start imports nothing more.
        Result<std::unique_ptr<Project>> again = openOrCreateDefaultProject(dir);
        QVERIFY(again.ok());
        QCOMPARE((*again)->imageCount(), int64_t(70000));
    }
};

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
