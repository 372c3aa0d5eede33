// Diffusion engine: sampler maths on tiny models, guidance, model files, training and
// generation-job resume, the PNG "parameters" chunk.
#include "TinyGenerator.h"
#include "classes/ClassList.h"
#include "data/Idx.h"
#include "data/ImageLoader.h"
#include "data/PngText.h"
#include "diffusion/DiffusionModel.h"
#include "diffusion/DiffusionTrainer.h"
#include "generation/GenerationJob.h"
#include "generation/Generator.h"
#include "project/DefaultProject.h"
#include "project/Project.h"
#include "wordnet/WordNet.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <random>

using namespace synset;

namespace {

const std::vector<std::string> kWnids{"n03595614", "n04489008", "n04021028"};

GeneratorTrainOptions tinyOptions()
{
    return tinyGeneratorOptions();
}

std::unique_ptr<DiffusionModel> loadOrFail(const QString &path)
{
    Result<std::unique_ptr<DiffusionModel>> m = DiffusionModel::load(path.toStdString(), "cpu");
    if (!m)
        qWarning("%s", m.error().c_str());
    return m ? std::move(*m) : nullptr;
}

double maxAbsDiff(const std::vector<float> &a, const std::vector<float> &b)
{
    double m = 0;
    for (size_t i = 0; i < a.size(); ++i)
        m = std::max(m, double(std::fabs(a[i] - b[i])));
    return m;
}

} // namespace

class TestDiffusion : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_model; // random tiny 16x12 RGB model, 3 classes

private:
    // A file of just a safetensors header (and no data).
    static QByteArray craftedHeader(const QByteArray &json)
    {
        QByteArray out(8, '\0');
        for (int i = 0; i < 8; ++i)
            out[i] = char((quint64(json.size()) >> (8 * i)) & 0xFF);
        return out + json;
    }

private slots:
    void initTestCase()
    {
        m_model = m_tmp.path() + "/tiny.safetensors";
        // Odd, non-square size and three channels: the UNet pads and crops.
        Result<void> r =
            writeRandomGenerator(m_model.toStdString(), 3, 12, 16, kWnids, tinyOptions(), 7);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
    }

    void modelFileRoundTrip()
    {
        std::unique_ptr<DiffusionModel> m = loadOrFail(m_model);
        QVERIFY(m);
        const GeneratorInfo &info = m->info();
        QCOMPARE(info.channels, 3);
        QCOMPARE(info.height, 12);
        QCOMPARE(info.width, 16);
        QCOMPARE(info.classWnids, kWnids);
        QCOMPARE(info.timesteps, 100);
        QCOMPARE(info.defaultSteps, 10);
        QCOMPARE(info.defaultEta, 1.0); // stochastic DDIM unless the file says otherwise
        QCOMPARE(int(info.hash.size()), 10);
        QVERIFY(info.parameters > 1000);
        // Same file, same hash.
        QCOMPARE(loadOrFail(m_model)->info().hash, info.hash);

        // The defaults the trainer was given are the file's, and what describeGenerator tells.
        GeneratorTrainOptions o = tinyOptions();
        o.defaultEta = 0;
        const QString deterministic = m_tmp.path() + "/eta0.safetensors";
        QVERIFY(writeRandomGenerator(deterministic.toStdString(), 1, 8, 8, kWnids, o, 7).ok());
        QCOMPARE(loadOrFail(deterministic)->info().defaultEta, 0.0);
        Result<GeneratorDescription> d = describeGenerator(m_model.toStdString());
        QVERIFY(d.ok());
        QCOMPARE(d->defaultEta, 1.0);
    }

    void setDefaultsKeepsWeights()
    {
        const QString path = m_tmp.path() + "/defaults.safetensors";
        QVERIFY(QFile::copy(m_model, path));
        SampleRequest r;
        r.classes = {0, 2};
        r.seeds = {5, 6};
        r.steps = 6;
        r.guidance = 3;
        const std::string before = loadOrFail(path)->info().hash;
        Result<std::vector<GeneratedImage>> a = loadOrFail(path)->sample(r);
        QVERIFY(a.ok());

        GeneratorDefaults d;
        d.guidance = 1.25;
        d.eta = 0.5;
        Result<void> set = setGeneratorDefaults(path.toStdString(), d);
        QVERIFY2(set.ok(), set.ok() ? "" : set.error().c_str());
        std::unique_ptr<DiffusionModel> m = loadOrFail(path);
        QVERIFY(m);
        QCOMPARE(m->info().defaultGuidance, 1.25);
        QCOMPARE(m->info().defaultEta, 0.5);
        QCOMPARE(m->info().defaultSteps, 10); // unset: kept
        QCOMPARE(m->info().defaultSampler, std::string("ddim"));
        QCOMPARE(m->info().classWnids, kWnids);
        QVERIFY(m->info().hash != before); // the file changed, so its hash did
        Result<std::vector<GeneratedImage>> b = m->sample(r);
        QVERIFY(b.ok());
        for (size_t i = 0; i < a->size(); ++i)
            QCOMPARE((*b)[i].pixels, (*a)[i].pixels); // same weights, same images
        Result<GeneratorDescription> desc = describeGenerator(path.toStdString());
        QVERIFY(desc.ok());
        QCOMPARE(desc->defaultGuidance, 1.25);

        // Bad values are refused by name, and the file stays as it was.
        const std::string after = m->info().hash;
        const auto refused = [&](GeneratorDefaults bad, const char *word) {
            Result<void> r = setGeneratorDefaults(path.toStdString(), bad);
            QVERIFY(!r.ok());
            QVERIFY2(QString::fromStdString(r.error()).contains(word), r.error().c_str());
            QVERIFY2(QString::fromStdString(r.error()).contains("defaults.safetensors"),
                     r.error().c_str());
            QCOMPARE(loadOrFail(path)->info().hash, after);
        };
        GeneratorDefaults bad;
        bad.eta = 1.5;
        refused(bad, "eta");
        bad = {};
        bad.steps = 1000; // the tiny model has 100 timesteps
        refused(bad, "steps");
        bad = {};
        bad.sampler = "heun";
        refused(bad, "heun");

        // A file that is not a model is an error naming it.
        const QString text = m_tmp.path() + "/notes.safetensors";
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a tensor file");
        f.close();
        Result<void> notModel = setGeneratorDefaults(text.toStdString(), d);
        QVERIFY(!notModel.ok());
        QVERIFY2(QString::fromStdString(notModel.error()).contains("notes.safetensors"),
                 notModel.error().c_str());
    }

    void corruptFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("truncated") << "truncated"
                                   << "truncated";
        QTest::newRow("tiny") << "tiny"
                              << "truncated";
        QTest::newRow("garbage header") << "garbage"
                                        << "corrupt header";
        QTest::newRow("not a model") << "wrongformat"
                                     << "not a synset-studio/diffusion file";
        QTest::newRow("future version") << "version"
                                        << "version 99 is not supported";
        QTest::newRow("missing tensor") << "mismatch"
                                        << "is missing";
    }

    void corruptFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QString, message);
        QFile f(m_model);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        f.close();
        const QString path = m_tmp.path() + "/bad-" + kind + ".safetensors";
        if (kind == "truncated")
            bytes = bytes.left(bytes.size() * 2 / 3);
        else if (kind == "tiny")
            bytes = bytes.left(5);
        else if (kind == "garbage")
            bytes.replace(8, 12, "!!garbage!!!");
        else if (kind == "wrongformat")
            bytes.replace("synset-studio/diffusion", "synset-studio/diffusiox"); // same length
        else if (kind == "version")
            bytes.replace("\"version\":\"1\"", "\"version\":\"99\"");
        else if (kind == "mismatch")
            bytes.replace("model.conv_in.weight", "model.conv_xx.weight");
        else if (kind == "wrap" || kind == "offsets")
            bytes = craftedHeader(kind == "wrap" ? "{\"w\":{\"dtype\":\"F32\",\"shape\":"
                                                   "[4611686018427387904],\"data_offsets\":[0,0]}}"
                                                 : "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],"
                                                   "\"data_offsets\":[-1,0]}}");
        else if (kind == "config")
            bytes = craftedHeader("{\"__metadata__\":{\"format\":\"synset-studio/diffusion\","
                                  "\"version\":\"1\",\"timesteps\":\"1000\",\"config\":"
                                  "\"{\\\"num_classes\\\":2147483647999}\"}}");
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes);
        out.close();
        Result<std::unique_ptr<DiffusionModel>> m = DiffusionModel::load(path.toStdString(), "cpu");
        QVERIFY(!m.ok());
        const QString error = QString::fromStdString(m.error());
        QVERIFY2(error.contains(path) && error.contains(message), qPrintable(error));
    }

    void guidanceMaths()
    {
        std::unique_ptr<DiffusionModel> m = loadOrFail(m_model);
        QVERIFY(m);
        std::mt19937 rng(1);
        std::normal_distribution<float> nd;
        std::vector<float> x(2 * 3 * 12 * 16);
        for (float &v : x)
            v = nd(rng);
        const std::vector<int> classes{0, 2}, uncond{-1, -1};
        const std::vector<float> ec = *m->guidedEps(x, 50, classes, 1.0);
        const std::vector<float> eu = *m->guidedEps(x, 50, uncond, 1.0);
        QVERIFY(maxAbsDiff(ec, eu) > 1e-4); // the class matters
        // Guidance 0 is the unconditional prediction, 1 the conditional one.
        QVERIFY(maxAbsDiff(*m->guidedEps(x, 50, classes, 0.0), eu) < 1e-6);
        // Any other scale: eps_u + w (eps_c - eps_u), from one batched forward of both halves.
        for (double w : {0.5, 3.0, 7.5}) {
            const std::vector<float> g = *m->guidedEps(x, 50, classes, w);
            std::vector<float> expected(ec.size());
            for (size_t i = 0; i < ec.size(); ++i)
                expected[i] = eu[i] + float(w) * (ec[i] - eu[i]);
            QVERIFY2(maxAbsDiff(g, expected) < 1e-4,
                     qPrintable(QString::number(maxAbsDiff(g, expected))));
        }
    }

    void samplersAreReproducible_data()
    {
        QTest::addColumn<QString>("sampler");
        QTest::addColumn<double>("eta");
        QTest::newRow("ddim eta 0") << "ddim" << 0.0;
        QTest::newRow("ddim eta 1") << "ddim" << 1.0;
        QTest::newRow("ddpm") << "ddpm" << 0.0;
        QTest::newRow("dpm++ 2m") << "dpmpp2m" << 0.0;
    }

    void samplersAreReproducible()
    {
        QFETCH(QString, sampler);
        QFETCH(double, eta);
        std::unique_ptr<DiffusionModel> m = loadOrFail(m_model);
        QVERIFY(m);
        SampleRequest r;
        r.classes = {0, 1, 2, -1};
        r.seeds = {11, 12, 13, 14};
        r.sampler = sampler.toStdString();
        r.eta = eta;
        r.steps = 8;
        r.guidance = 2.5;
        int steps = 0;
        Result<std::vector<GeneratedImage>> a = m->sample(r, [&](const SampleStep &s) {
            QCOMPARE(s.batch, 4);
            QCOMPARE(int(s.x0.size()), 4 * 3 * 12 * 16);
            steps = s.step;
        });
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().c_str());
        QCOMPARE(steps, 8);
        QCOMPARE(int(a->size()), 4);
        QCOMPARE((*a)[0].width, 16);
        QCOMPARE((*a)[0].height, 12);
        // Same request, same images; and each image is the same whatever batch it is in.
        Result<std::vector<GeneratedImage>> b = m->sample(r);
        for (size_t i = 0; i < 4; ++i)
            QCOMPARE((*a)[i].pixels, (*b)[i].pixels);
        SampleRequest one = r;
        one.classes = {2};
        one.seeds = {13};
        Result<std::vector<GeneratedImage>> c = m->sample(one);
        int maxDiff = 0;
        for (size_t k = 0; k < (*c)[0].pixels.size(); ++k)
            maxDiff = std::max(maxDiff, std::abs(int((*c)[0].pixels[k]) - int((*a)[2].pixels[k])));
        QVERIFY2(maxDiff <= 1, qPrintable(QString::number(maxDiff))); // float summation order only
        // Another seed, another image.
        QVERIFY((*a)[0].pixels != (*a)[1].pixels);
    }

    void cancelStopsBetweenSteps()
    {
        std::unique_ptr<DiffusionModel> m = loadOrFail(m_model);
        CancelToken cancel;
        SampleRequest r;
        r.classes = {0};
        r.seeds = {1};
        r.steps = 20;
        int last = 0;
        Result<std::vector<GeneratedImage>> out = m->sample(
            r,
            [&](const SampleStep &s) {
                last = s.step;
                if (s.step == 3)
                    cancel.cancel();
            },
            &cancel);
        QVERIFY(!out.ok());
        QCOMPARE(last, 3);
    }

    void pngParametersChunk()
    {
        ImageData img{5, 4, 1, std::vector<uint8_t>(20, 77)};
        const QString path = m_tmp.path() + "/p.png";
        const std::string params = a1111Parameters("Trouser, garment", "", 50, "ddim", 3, 1234, 28,
                                                   28, "abcdef1234", "n04489008");
        QCOMPARE(QString::fromStdString(params),
                 QString("Trouser, garment\nSteps: 50, Sampler: DDIM, CFG scale: 3, Seed: 1234, "
                         "Size: 28x28, "
                         "Model hash: abcdef1234, Synset: n04489008"));
        // DDIM's eta is written where it is not deterministic DDIM's 0.
        QVERIFY(
            QString::fromStdString(a1111Parameters("p", "", 25, "ddim", 2, 1, 28, 28, "h", "", 1.0))
                .endsWith(", Model hash: h, Eta DDIM: 1"));
        QVERIFY(!QString::fromStdString(
                     a1111Parameters("p", "", 25, "dpmpp2m", 2, 1, 28, 28, "h", "", 1.0))
                     .contains("Eta"));
        QVERIFY(writePngWithText(path.toStdString(), img, "parameters", params).ok());
        Result<std::string> back = readPngText(path.toStdString(), "parameters");
        QVERIFY(back.ok());
        QCOMPARE(*back, params);
        // Still a valid PNG that decoders read.
        Result<ImageData> decoded = decodeImageFile(path.toStdString());
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->pixels, img.pixels);
        // Non-Latin text goes into iTXt and reads back the same.
        const std::string utf8 = "T-Shirt für Straße\nSteps: 1";
        QVERIFY(writePngWithText(path.toStdString(), img, "parameters", utf8).ok());
        QCOMPARE(*readPngText(path.toStdString(), "parameters"), utf8);
        QVERIFY(!readPngText(path.toStdString(), "nothing").ok());
    }

    void trainingResumesExactly()
    {
        // A few hundred real Fashion-MNIST images, 3 classes.
        Result<idx::IdxFile> images =
            idx::read(fashionMnistDirectory() / "train-images-idx3-ubyte.gz");
        Result<idx::IdxFile> labels =
            idx::read(fashionMnistDirectory() / "train-labels-idx1-ubyte.gz");
        QVERIFY(images.ok() && labels.ok());
        GeneratorTrainData data;
        data.classWnids = kWnids;
        data.classNames = {"T-shirt/top", "Trouser", "Pullover"};
        for (uint32_t i = 0; i < 3000 && data.count() < 300; ++i) {
            const int label = labels->data[labels->headerSize + i];
            if (label > 2)
                continue;
            data.labels.push_back(label);
            const uint8_t *p = images->data.data() + images->headerSize + size_t(i) * 784;
            data.pixels.insert(data.pixels.end(), p, p + 784);
        }
        GeneratorTrainOptions o = tinyOptions();
        o.batchSize = 50;
        o.warmupSteps = 5;
        o.device = "cpu";
        o.epochs = 2;
        const QString dir = m_tmp.path();
        o.checkpoint = (dir + "/straight.ckpt").toStdString();
        o.output = (dir + "/straight.safetensors").toStdString();
        std::vector<double> losses;
        Result<GeneratorTrainReport> straight = trainGenerator(
            data, o, [&](const GeneratorTrainProgress &p) { losses.push_back(p.loss); });
        QVERIFY2(straight.ok(), straight.ok() ? "" : straight.error().c_str());
        QCOMPARE(straight->steps, int64_t(12));
        QVERIFY(losses.back() < 1.0); // it learns something

        // One epoch, stop, then resume to two.
        o.checkpoint = (dir + "/split.ckpt").toStdString();
        o.output = (dir + "/split.safetensors").toStdString();
        CancelToken cancel;
        Result<GeneratorTrainReport> first = trainGenerator(
            data, o,
            [&](const GeneratorTrainProgress &p) {
                if (p.step == 6)
                    cancel.cancel();
            },
            &cancel);
        QVERIFY(first.ok());
        QVERIFY(first->cancelled);
        QCOMPARE(first->steps, int64_t(6));
        QVERIFY(!QFile::exists(dir + "/split.safetensors"));
        o.resume = true;
        Result<GeneratorTrainReport> second = trainGenerator(data, o);
        QVERIFY2(second.ok(), second.ok() ? "" : second.error().c_str());
        QCOMPARE(second->steps, int64_t(12));

        SampleRequest r;
        r.classes = {0, 1, 2};
        r.seeds = {5, 6, 7};
        r.steps = 5;
        // Mean and largest pixel difference between the samples of two models.
        const auto sampleDiff = [&](const QString &x, const QString &y) {
            std::unique_ptr<DiffusionModel> mx = loadOrFail(x), my = loadOrFail(y);
            std::pair<double, int> d{-1, -1};
            if (!mx || !my)
                return d;
            const std::vector<GeneratedImage> ix = *mx->sample(r), iy = *my->sample(r);
            double sum = 0;
            size_t count = 0;
            for (size_t i = 0; i < ix.size(); ++i)
                for (size_t k = 0; k < ix[i].pixels.size(); ++k, ++count) {
                    const int diff = std::abs(int(ix[i].pixels[k]) - int(iy[i].pixels[k]));
                    sum += diff;
                    d.second = std::max(d.second, diff);
                }
            d.first = sum / double(std::max<size_t>(1, count));
            return d;
        };

        // Both runs end with the same weights: they sample the same images.
        const int resumedDiff =
            sampleDiff(dir + "/straight.safetensors", dir + "/split.safetensors").second;
        QVERIFY2(resumedDiff >= 0 && resumedDiff <= 2, qPrintable(QString::number(resumedDiff)));

        // Training further from a model file starts from its weights: at learning rate 0 they
        // stay the file's; without the file they are a fresh initialisation.
        const std::string straightModel = (dir + "/straight.safetensors").toStdString();
        Result<GeneratorTrainOptions> of = generatorOptionsOf(straightModel);
        QVERIFY2(of.ok(), of.ok() ? "" : of.error().c_str());
        QCOMPARE(of->baseChannels, o.baseChannels);
        QVERIFY(of->channelMult == o.channelMult);
        QCOMPARE(of->initFrom.string(), straightModel);
        for (const bool fromFile : {true, false}) {
            GeneratorTrainOptions further = *of;
            if (!fromFile)
                further.initFrom.clear();
            further.learningRate = 0;
            further.batchSize = 50;
            further.epochs = 1;
            further.device = "cpu";
            further.checkpoint = (dir + "/further.ckpt").toStdString();
            further.output = (dir + "/further.safetensors").toStdString();
            std::filesystem::remove(further.checkpoint);
            Result<GeneratorTrainReport> r = trainGenerator(data, further);
            QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
            const auto [mean, most] =
                sampleDiff(dir + "/straight.safetensors", dir + "/further.safetensors");
            QVERIFY2(fromFile ? most >= 0 && most <= 1 : most > 50 && mean > 1,
                     qPrintable(QStringLiteral("%1 %2").arg(mean).arg(most)));
        }
        // Another architecture is an error that names the file.
        GeneratorTrainOptions wider = *of;
        wider.baseChannels *= 2;
        wider.checkpoint = (dir + "/wider.ckpt").toStdString();
        wider.output = (dir + "/wider.safetensors").toStdString();
        Result<GeneratorTrainReport> mismatch = trainGenerator(data, wider);
        QVERIFY(!mismatch.ok());
        QVERIFY2(mismatch.error().find("straight.safetensors: its architecture") !=
                     std::string::npos,
                 mismatch.error().c_str());
        QVERIFY(!QFile::exists(dir + "/wider.safetensors"));
    }

    void generationJobResumes()
    {
        QTemporaryDir tmp;
        Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
        Result<ClassList> classes = classlists::load("fashion-mnist", **wn);
        Result<std::unique_ptr<Project>> p =
            Project::create((tmp.path() + "/proj").toStdString(), *classes, "Gen");
        QVERIFY(p.ok());
        Project &project = **p;
        const QString modelPath = tmp.path() + "/fm.safetensors";
        std::vector<std::string> all;
        for (const ProjectClass &c : project.classes())
            all.push_back(c.wnid);
        QVERIFY(
            writeRandomGenerator(modelPath.toStdString(), 1, 28, 28, all, tinyOptions(), 3).ok());
        std::unique_ptr<DiffusionModel> model = loadOrFail(modelPath);
        QVERIFY(model);
        QVERIFY(project.setPromptOverride("n04489008", std::string("a pair of {name}")).ok());

        GenerationConfig config;
        config.wnids = {"n03595614", "n04489008"};
        config.perClass = 6;
        config.batchSize = 4;
        config.steps = 4;
        config.guidance = 3;
        config.seed = 99;
        config.model = modelPath.toStdString();
        config.modelHash = model->info().hash;
        QVERIFY(createGenerationJob(project, "interrupted", config).ok());
        QVERIFY(createGenerationJob(project, "straight", config).ok());
        QVERIFY(!createGenerationJob(project, "straight", config).ok()); // names are unique
        QVERIFY(!measuredGenerationRate(project, model->info().hash));   // nothing has run yet

        // Stop after the first batch: a pause keeps what was written.
        CancelToken cancel;
        Result<GenerationJobInfo> paused = runGenerationJob(
            project, "interrupted", *model,
            [&](const GenerationProgress &p) {
                if (p.inFlight == 0) // a batch has been written
                    cancel.cancel();
            },
            &cancel);
        QVERIFY(paused.ok());
        QCOMPARE(QString::fromStdString(paused->status), QString("paused"));
        QCOMPARE(paused->done, int64_t(4));
        QCOMPARE(paused->total, int64_t(12));
        // The run's speed is kept for time estimates, in images x sampler steps a second.
        const std::optional<double> rate = measuredGenerationRate(project, model->info().hash);
        QVERIFY(rate && *rate > 0);
        QVERIFY(!measuredGenerationRate(project, "another model"));

        // A restart: a new model object, the same job, continued up to N.
        std::unique_ptr<DiffusionModel> again = loadOrFail(modelPath);
        Result<GenerationJobInfo> done = runGenerationJob(project, "interrupted", *again);
        QVERIFY2(done.ok(), done.ok() ? "" : done.error().c_str());
        QCOMPARE(QString::fromStdString(done->status), QString("done"));
        QCOMPARE(done->done, int64_t(12));
        QVERIFY(runGenerationJob(project, "straight", *model).ok());

        // Interrupted or not, the same images; each PNG says how it was made.
        for (const char *wnid : {"n03595614", "n04489008"}) {
            for (int i = 0; i < 6; ++i) {
                const QString name =
                    QString("%1/data/synthetic/%3/%2/%2_%4.png")
                        .arg(QString::fromStdString(project.directory().string()), wnid)
                        .arg(QString("%1"), QString::number(i).rightJustified(6, '0'));
                QFile a(name.arg("interrupted")), b(name.arg("straight"));
                QVERIFY2(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly),
                         qPrintable(name));
                QCOMPARE(a.readAll(), b.readAll());
                Result<std::string> params =
                    readPngText(name.arg("straight").toStdString(), "parameters");
                QVERIFY(params.ok());
                const QString text = QString::fromStdString(*params);
                QVERIFY2(
                    text.contains("Steps: 4, Sampler: DDIM, CFG scale: 3, Seed: ") &&
                        text.contains("Size: 28x28") && text.contains("Synset: " + QString(wnid)) &&
                        text.contains("Model hash: " + QString::fromStdString(model->info().hash)),
                    qPrintable(text));
                if (QString(wnid) == "n04489008")
                    QVERIFY(text.startsWith("a pair of Trouser\n"));
            }
        }
        int64_t synthetic = 0;
        for (const SplitCount &c : project.imageCounts())
            if (c.kind == "synthetic")
                synthetic += c.count;
        QCOMPARE(synthetic, int64_t(24));
        QCOMPARE(int(generationJobs(project).size()), 2);

        // Only DDIM has an eta: a job with another sampler keeps none.
        GenerationConfig other = config;
        other.sampler = "dpmpp2m";
        other.eta = 1;
        QVERIFY(createGenerationJob(project, "other-sampler", other).ok());
        QCOMPARE(generationJob(project, "other-sampler")->config.eta, 0.0);
        other.sampler = "ddim";
        QVERIFY(createGenerationJob(project, "ddim-eta1", other).ok());
        QCOMPARE(generationJob(project, "ddim-eta1")->config.eta, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestDiffusion)
#include "tst_diffusion.moc"
