// Robustness: the corruption suite, corruption errors, adversarial accuracy, representation
// metrics, the linear probe, and a whole evaluation stored with a run.
#include "SmallProject.h"

#include "data/TrainingData.h"
#include "project/Database.h"
#include "robustness/Corruptions.h"
#include "robustness/Representation.h"
#include "robustness/Robustness.h"
#include "training/TrainingRun.h"

#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <random>

using namespace synset;

namespace {

double meanAbsDifference(const std::vector<uint8_t> &a, const std::vector<uint8_t> &b)
{
    double sum = 0;
    for (size_t i = 0; i < a.size(); ++i)
        sum += std::abs(int(a[i]) - int(b[i]));
    return sum / double(a.size());
}

// Colour versions of gray images: each channel scaled differently, so that hue exists.
ImageSet colourise(const ImageSet &gray)
{
    ImageSet out = gray;
    out.channels = 3;
    out.pixels.clear();
    const size_t size = size_t(gray.height) * gray.width;
    for (size_t i = 0; i < gray.count(); ++i)
        for (double scale : {1.0, 0.7, 0.4})
            for (size_t p = 0; p < size; ++p)
                out.pixels.push_back(uint8_t(gray.pixels[i * size + p] * scale + 30 * (1 - scale)));
    return out;
}

} // namespace

class TestRobustness : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<Project> m_project;
    ImageSet m_test;

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        Result<std::unique_ptr<Project>> p =
            testing::makeSmallProject(m_tmp.path().toStdString(), 60, 20, 0);
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        m_project = std::move(*p);
        Result<ImageSet> test = loadRealImages(*m_project, "test");
        QVERIFY(test.ok());
        m_test = std::move(*test);

        RunConfig c;
        c.train.model = "cnn";
        c.train.width = 16;
        c.train.epochs = 4;
        c.train.batchSize = 32;
        c.train.device = "cpu";
        c.realFraction = 1;
        c.synthetic = "none";
        QVERIFY(createRun(*m_project, "real", c).ok());
        Result<RunInfo> run = executeRun(*m_project, "real", false);
        QVERIFY2(run.ok(), run.ok() ? "" : run.error().c_str());
        QVERIFY2(run->top1 > 0.4, "the small CNN should learn well above chance");
    }

    void corruptionsGrowWithSeverityAndKeepShape()
    {
        ImageSet gray = m_test;
        gray.pixels.resize(size_t(40) * 784);
        gray.labels.resize(40);
        for (const ImageSet &set : {gray, colourise(gray)}) {
            for (const CorruptionInfo &c : corruptionList()) {
                std::vector<double> change;
                for (int s = 1; s <= 5; ++s) {
                    Result<ImageSet> out = corruptImages(set, c.name, s, 7);
                    QVERIFY2(out.ok(), out.ok() ? "" : out.error().c_str());
                    QCOMPARE(out->pixels.size(), set.pixels.size());
                    QCOMPARE(out->channels, set.channels);
                    QCOMPARE(out->labels, set.labels);
                    change.push_back(meanAbsDifference(out->pixels, set.pixels));
                    // The same seed gives the same images.
                    QCOMPARE(corruptImages(set, c.name, s, 7)->pixels, out->pixels);
                }
                const QByteArray what = QByteArray::fromStdString(c.name) + " (" +
                                        QByteArray::number(set.channels) +
                                        " channels): " + QByteArray::number(change[0]) + " .. " +
                                        QByteArray::number(change[4]);
                QVERIFY2(change[0] > 0, what.constData());
                QVERIFY2(change[4] > change[0], what.constData());
                // Each step changes the image at least about as much as the one before (the
                // published parameter tables are not strictly monotone for every corruption).
                for (int s = 1; s < 5; ++s)
                    QVERIFY2(change[size_t(s)] > 0.85 * change[size_t(s - 1)], what.constData());
            }
        }
        QVERIFY(!corruptImages(gray, "rain", 1, 0).ok());
        QVERIFY(!corruptImages(gray, "fog", 6, 0).ok());
    }

    void corruptionErrorsFollowTheDefinition()
    {
        // A hand-computed table: two corruptions, run against baseline.
        MetricMap base{{"corruption/clean", 0.90}}, run{{"corruption/clean", 0.95}};
        const double baseNoise[] = {0.8, 0.7, 0.6, 0.5, 0.4},
                     runNoise[] = {0.9, 0.8, 0.7, 0.6, 0.5};
        const double baseFog[] = {0.9, 0.8, 0.8, 0.8, 0.7}, runFog[] = {0.95, 0.9, 0.9, 0.85, 0.8};
        for (int s = 1; s <= 5; ++s) {
            base["corruption/gaussian_noise/" + std::to_string(s)] = baseNoise[s - 1];
            run["corruption/gaussian_noise/" + std::to_string(s)] = runNoise[s - 1];
            base["corruption/fog/" + std::to_string(s)] = baseFog[s - 1];
            run["corruption/fog/" + std::to_string(s)] = runFog[s - 1];
        }
        Result<CorruptionErrors> e = corruptionErrors(run, base);
        QVERIFY2(e.ok(), e.ok() ? "" : e.error().c_str());
        // Errors: noise 1.5 / 2.0, fog 0.6 / 1.0.
        QVERIFY(std::abs(e->ce.at("gaussian_noise") - 0.75) < 1e-12);
        QVERIFY(std::abs(e->ce.at("fog") - 0.6) < 1e-12);
        QVERIFY(std::abs(e->mce - 0.675) < 1e-12);
        // Relative: noise (1.5 - 5 * 0.05) / (2.0 - 5 * 0.1), fog (0.6 - 0.25) / (1.0 - 0.5).
        QVERIFY(std::abs(e->relativeCe.at("gaussian_noise") - 1.25 / 1.5) < 1e-12);
        QVERIFY(std::abs(e->relativeCe.at("fog") - 0.7) < 1e-12);
        QVERIFY(std::abs(e->relativeMce - (1.25 / 1.5 + 0.7) / 2) < 1e-12);
        QVERIFY(std::abs(e->meanAccuracy - 0.79) < 1e-12);
        QCOMPARE(e->corruptions, 2);
        // A run against itself: every CE is 1.
        Result<CorruptionErrors> self = corruptionErrors(run, run);
        QVERIFY(std::abs(self->mce - 1.0) < 1e-12);
        QVERIFY(!corruptionErrors(MetricMap{}, base).ok());
        // Family means for the spider chart.
        QVERIFY(std::abs(axisValue(run, "family/noise") - 0.7) < 1e-12);
        QVERIFY(std::abs(axisValue(run, "corruption/fog") - 0.88) < 1e-12);
        QVERIFY(std::isnan(axisValue(run, "family/blur")));
    }

    void adversarialAccuracyFallsWithEpsilon()
    {
        Result<std::unique_ptr<Classifier>> model =
            Classifier::load(runDirectory(*m_project, "real") / "model.safetensors", "cpu");
        QVERIFY2(model.ok(), model.ok() ? "" : model.error().c_str());
        Result<ClassifierEvaluation> clean = (*model)->evaluate(m_test);
        QVERIFY(clean.ok());
        AdversarialOptions fgsm;
        fgsm.epsilons = {0, 2 / 255.0, 8 / 255.0, 32 / 255.0};
        Result<std::vector<AdversarialPoint>> f = (*model)->attack(m_test, fgsm);
        QVERIFY2(f.ok(), f.ok() ? "" : f.error().c_str());
        QCOMPARE((*f)[0].accuracy, clean->top1); // epsilon 0 is the clean accuracy
        QVERIFY((*f)[3].accuracy < clean->top1 - 0.1);
        AdversarialOptions pgd = fgsm;
        pgd.method = "pgd";
        pgd.steps = 5;
        Result<std::vector<AdversarialPoint>> g = (*model)->attack(m_test, pgd);
        QVERIFY(g.ok());
        QCOMPARE((*g)[0].accuracy, clean->top1);
        for (size_t i = 1; i < g->size(); ++i)
            QVERIFY2((*g)[i].accuracy <= (*f)[i].accuracy + 0.02,
                     qPrintable(QStringLiteral("epsilon %1: PGD %2, FGSM %3")
                                    .arg((*g)[i].epsilon)
                                    .arg((*g)[i].accuracy)
                                    .arg((*f)[i].accuracy)));
        QVERIFY((*g)[3].accuracy <= (*g)[1].accuracy);
        AdversarialOptions bad;
        bad.method = "cw";
        QVERIFY(!(*model)->attack(m_test, bad).ok());
    }

    void representationMetricsHaveKnownAnswers()
    {
        // One-hot features, one sample per class: sparsity 3/4, compact classes, orthogonal
        // centroids, and coding rates with closed forms.
        const int d = 4;
        std::vector<float> oneHot(size_t(d * d), 0.0f);
        std::vector<int> labels;
        for (int i = 0; i < d; ++i) {
            oneHot[size_t(i * d + i)] = 1.0f;
            labels.push_back(i);
        }
        Result<RepresentationMetrics> r = representationMetrics(oneHot, d, labels, d, 0.5);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        QVERIFY(std::abs(r->sparsity - 0.75) < 1e-12);
        QVERIFY(std::abs(r->intraClass) < 1e-9);
        QVERIFY(std::abs(r->separation - 1.0) < 1e-9);
        // R = 1/2 logdet(I + 4/(4 * 0.25) I) = 2 log 5; R_c = 4 * 1/8 * log(1 + 4/0.25).
        QVERIFY(std::abs(r->codingRate - 2 * std::log(5.0)) < 1e-9);
        QVERIFY(std::abs(r->codingRateClasses - 0.5 * std::log(17.0)) < 1e-9);
        // One-hot dimensions are correlated at -1/3 pairwise.
        QVERIFY(std::abs(r->redundancy - 1.0 / 3.0) < 1e-9);

        // Identical dimensions: redundancy 1, no zeros.
        std::mt19937 gen(3);
        std::uniform_real_distribution<float> u(0.1f, 1.0f);
        std::vector<float> same;
        std::vector<int> halves;
        for (int i = 0; i < 50; ++i) {
            const float v = u(gen);
            for (int k = 0; k < 8; ++k)
                same.push_back(v);
            halves.push_back(i % 2);
        }
        Result<RepresentationMetrics> s = representationMetrics(same, 8, halves, 2);
        QVERIFY(s.ok());
        QVERIFY(std::abs(s->redundancy - 1.0) < 1e-9);
        QCOMPARE(s->sparsity, 0.0);
        // All features point the same way: nothing separates the classes.
        QVERIFY(std::abs(s->separation) < 1e-9);

        QVERIFY(!representationMetrics(same, 7, halves, 2).ok());
        QVERIFY(!representationMetrics(same, 8, halves, 1).ok());
    }

    void linearProbeSeparatesSeparableFeatures()
    {
        std::mt19937 gen(5);
        std::normal_distribution<float> noise(0, 0.5f);
        const int dim = 6, classes = 3;
        std::vector<float> train, test;
        std::vector<int> trainLabels, testLabels;
        for (int i = 0; i < 600; ++i) {
            const int c = i % classes;
            std::vector<float> &f = i < 450 ? train : test;
            for (int k = 0; k < dim; ++k)
                f.push_back((k == c ? 3.0f : 0.0f) + noise(gen));
            (i < 450 ? trainLabels : testLabels).push_back(c);
        }
        LinearProbeOptions o;
        o.epochs = 20;
        Result<LinearProbeResult> r =
            trainLinearProbe(train, trainLabels, test, testLabels, dim, classes, o);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        QVERIFY2(r->testAccuracy > 0.97, qPrintable(QString::number(r->testAccuracy)));
        QCOMPARE(r->perClass.size(), size_t(classes));
        // Shuffled labels: a probe cannot generalise.
        std::vector<int> shuffled = trainLabels;
        std::shuffle(shuffled.begin(), shuffled.end(), gen);
        Result<LinearProbeResult> chance =
            trainLinearProbe(train, shuffled, test, testLabels, dim, classes, o);
        QVERIFY(chance.ok());
        QVERIFY(chance->testAccuracy < 0.6);
        trainLabels[0] = 7;
        QVERIFY(!trainLinearProbe(train, trainLabels, test, testLabels, dim, classes, o).ok());
    }

    void evaluationIsStoredWithTheRun()
    {
        // A domain-shift set covering two classes, as an ImageFolder of PNGs (inverted images).
        const QString domain = m_tmp.path() + "/inverted";
        const auto &classes = m_project->classes();
        for (int k = 0; k < 2; ++k) {
            QDir().mkpath(domain + "/" + QString::fromStdString(classes[size_t(k)].wnid));
            int written = 0;
            for (size_t i = 0; i < m_test.count() && written < 5; ++i) {
                if (m_test.labels[i] != k)
                    continue;
                QImage img(28, 28, QImage::Format_Grayscale8);
                for (int y = 0; y < 28; ++y)
                    for (int x = 0; x < 28; ++x)
                        img.scanLine(y)[x] =
                            uchar(255 - m_test.pixels[i * 784 + size_t(y * 28 + x)]);
                QVERIFY(img.save(domain + "/" + QString::fromStdString(classes[size_t(k)].wnid) +
                                 QStringLiteral("/%1.png").arg(written++)));
            }
        }
        RobustnessOptions o;
        o.corruptionPerClass = 4;
        o.corruptions = {"gaussian_noise", "fog"};
        o.adversarialPerClass = 4;
        o.epsilons = {0, 4 / 255.0};
        o.pgdSteps = 3;
        o.probePerClass = 20;
        o.probeEpochs = 5;
        o.domainSets = {domain.toStdString()};
        std::vector<double> progress;
        Result<RobustnessReport> r = evaluateRobustness(
            *m_project, "real", o, [&](double f, std::string_view) { progress.push_back(f); });
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        const MetricMap &m = r->metrics;
        for (const char *key :
             {"clean", "corruption/clean", "corruption/fog/5", "corruption/gaussian_noise/1",
              "adversarial/fgsm/0", "adversarial/pgd/4", "representation/sparsity",
              "representation/coding_rate", "probe/real", "domain/inverted"})
            QVERIFY2(m.count(key), key);
        QCOMPARE(m.at("corruption/images"), 40.0);
        QCOMPARE(m.at("domain/inverted/classes"), 2.0);
        QCOMPARE(m.at("domain/inverted/images"), 10.0);
        QCOMPARE(m.at("adversarial/fgsm/0"), m.at("adversarial/pgd/0"));
        QCOMPARE(m.at("clean"), findRun(*m_project, "real")->top1);
        QVERIFY(m.at("probe/real") > 0.3);
        for (const auto &[key, value] : m)
            QVERIFY2(std::isfinite(value), key.c_str());
        QVERIFY(!progress.empty() && progress.back() == 1.0);
        for (size_t i = 1; i < progress.size(); ++i)
            QVERIFY(progress[i] >= progress[i - 1] - 1e-9);
        QCOMPARE(robustnessMetrics(*m_project, "real"), m);

        // A later suite replaces only its own figures.
        RobustnessOptions rep;
        rep.suites = {"representation"};
        QVERIFY(evaluateRobustness(*m_project, "real", rep).ok());
        MetricMap after = robustnessMetrics(*m_project, "real");
        QCOMPARE(after.at("corruption/fog/5"), m.at("corruption/fog/5"));
        QCOMPARE(after.at("domain/inverted"), m.at("domain/inverted"));

        // A probe on another labelled set: the IDX pair the project was made from.
        RobustnessOptions idxProbe;
        idxProbe.suites = {"probe"};
        idxProbe.probeSet = (m_tmp.path() + "/idx").toStdString();
        idxProbe.probeEpochs = 5;
        Result<RobustnessReport> p = evaluateRobustness(*m_project, "real", idxProbe);
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        QCOMPARE(p->metrics.at("probe/idx/images"), 600.0);
        QVERIFY(p->metrics.at("probe/idx") > 0.3);
        RobustnessOptions missingProbe = idxProbe;
        missingProbe.probeSet = (m_tmp.path() + "/nothing").toStdString();
        Result<RobustnessReport> noProbe = evaluateRobustness(*m_project, "real", missingProbe);
        QVERIFY(!noProbe.ok());
        QVERIFY2(noProbe.error().find("train-images-idx3-ubyte") != std::string::npos,
                 noProbe.error().c_str());
        after = robustnessMetrics(*m_project, "real");
        QCOMPARE(after.at("probe/real"), m.at("probe/real")); // each probe set keeps its own

        // Axes for the spider chart.
        std::vector<std::string> keys;
        for (const RobustnessAxis &a : robustnessAxes({after}))
            keys.push_back(a.key);
        for (const char *key : {"clean", "family/noise", "family/weather", "adversarial/pgd/4",
                                "probe/real", "domain/inverted", "representation/redundancy"})
            QVERIFY2(std::find(keys.begin(), keys.end(), key) != keys.end(), key);
        QVERIFY(std::find(keys.begin(), keys.end(), "family/blur") == keys.end());

        // Clear errors.
        RobustnessOptions unknown;
        unknown.suites = {"rain"};
        QVERIFY(!evaluateRobustness(*m_project, "real", unknown).ok());
        QVERIFY(!evaluateRobustness(*m_project, "missing", rep).ok());
        RobustnessOptions badDomain;
        badDomain.suites = {};
        QDir().mkpath(m_tmp.path() + "/baddomain/n00000000");
        badDomain.domainSets = {(m_tmp.path() + "/baddomain").toStdString()};
        Result<RobustnessReport> bad = evaluateRobustness(*m_project, "real", badDomain);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().find("n00000000") != std::string::npos, bad.error().c_str());
        // Nothing stored was lost by the failures.
        QCOMPARE(robustnessMetrics(*m_project, "real"), after);
    }
};

QTEST_GUILESS_MAIN(TestRobustness)
#include "tst_robustness.moc"
