// Curation: each score against values worked out by hand, FID and KID on known sets, scoring a
// project with a real-only reference, rules whose dry run matches what they apply, reviews that
// undo exactly, and an ImageFolder export that reads back.
#include "SmallProject.h"

#include "curation/Curation.h"
#include "curation/ScoreMath.h"
#include "data/ImageLoader.h"
#include "data/TrainingData.h"
#include "project/Database.h"
#include "training/Classifier.h"
#include "training/TrainingRun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

using namespace synset;

namespace {

struct ReviewRow
{
    std::string state, origin, rule;
    bool operator==(const ReviewRow &) const = default;
};

std::map<int64_t, ReviewRow> reviewTable(Project &p)
{
    std::map<int64_t, ReviewRow> out;
    Result<Statement> st = p.database().prepare(
        "SELECT image_id, state, origin, COALESCE(rule, '') FROM reviews ORDER BY image_id");
    while (st && st->step())
        out[st->columnInt(0)] = {st->columnText(1), st->columnText(2), st->columnText(3)};
    return out;
}

std::vector<float> gaussian(int n, int dim, float shift, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    std::vector<float> v(size_t(n) * size_t(dim));
    for (float &x : v)
        x = normal(rng) + shift;
    return v;
}

} // namespace

class TestCuration : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<Project> m_project;
    int64_t m_copyId = 0, m_originalId = 0;

private slots:
    void probabilityScoresByHand()
    {
        const float p[3] = {0.7f, 0.2f, 0.1f};
        const curation::ProbabilityScores s = curation::probabilityScores(p, 3, 0);
        QVERIFY(std::abs(s.selfConfidence - 0.7) < 1e-6);
        QVERIFY(std::abs(s.margin - 0.75) < 1e-6); // (0.7 - 0.2 + 1) / 2
        const double entropy = -(0.7 * std::log(0.7) + 0.2 * std::log(0.2) + 0.1 * std::log(0.1));
        QVERIFY(std::abs(s.entropy - entropy) < 1e-6);
        const curation::ProbabilityScores wrong = curation::probabilityScores(p, 3, 2);
        QVERIFY(std::abs(wrong.selfConfidence - 0.1) < 1e-6);
        QVERIFY(std::abs(wrong.margin - 0.2) < 1e-6); // (0.1 - 0.7 + 1) / 2
    }

    void distancesByHand()
    {
        // The 2 nearest of (3,4), (0,1), (0,2) to the origin are at 1 and 2.
        const std::vector<float> query = {0, 0};
        const std::vector<float> reference = {3, 4, 0, 1, 0, 2};
        QVERIFY(std::abs(curation::meanKnnDistance(query, reference, 2, 2)[0] - 1.5f) < 1e-5f);
        QVERIFY(std::abs(curation::meanKnnDistance(query, reference, 2, 1)[0] - 1.0f) < 1e-5f);
        // Within one set a row is not its own neighbour.
        const std::vector<float> set = {0, 1, 3};
        const std::vector<float> self = curation::meanKnnDistance(set, set, 1, 1, true);
        QCOMPARE(self, (std::vector<float>{1, 1, 2}));

        // Uniqueness on a line 0, 1, 3, 6, 10: 0.6 d1 + 0.3 d2 + 0.1 d3, over the largest (5.4).
        const std::vector<float> line = {0, 1, 3, 6, 10};
        const curation::Neighbours nb = curation::neighbourScores(line, 1);
        const double raw[5] = {0.6 * 1 + 0.3 * 3 + 0.1 * 6, 0.6 * 1 + 0.3 * 2 + 0.1 * 5,
                               0.6 * 2 + 0.3 * 3 + 0.1 * 3, 0.6 * 3 + 0.3 * 4 + 0.1 * 5,
                               0.6 * 4 + 0.3 * 7 + 0.1 * 9};
        for (int i = 0; i < 5; ++i)
            QVERIFY2(std::abs(nb.uniqueness[size_t(i)] - raw[i] / 5.4) < 1e-5,
                     qPrintable(QString::number(i)));
        QCOMPARE(nb.nearest, (std::vector<int>{1, 0, 1, 2, 3}));
        QCOMPARE(nb.nearestDistance[4], 4.0f);
        QCOMPARE(curation::medianNearestDistance(line, 1), 2.0); // 1, 1, 2, 3, 4

        // Mean pairwise distance of 0, 1, 3: (1 + 3 + 2) / 3.
        QVERIFY(std::abs(curation::meanPairwiseDistance({0, 1, 3}, 1) - 2.0) < 1e-9);

        std::vector<float> rows = {3, 4, 0, 0};
        curation::normalizeRows(rows, 2);
        QCOMPARE(rows, (std::vector<float>{0.6f, 0.8f, 0, 0}));
    }

    void setDistancesByHand()
    {
        // 1-D FID: (mu1 - mu2)^2 + (s1 - s2)^2; {0,2}: mean 1, var 2; {0,4}: mean 2, var 8.
        QVERIFY(std::abs(curation::frechetDistance({0, 2}, {0, 4}, 1) - 3.0) < 1e-9);
        // KID with k(x,y) = (xy + 1)^3 on {0,1} and {2,3}: 1 + 343 - 2 * 93 / 4.
        QVERIFY(std::abs(curation::kernelInceptionDistance({0, 1}, {2, 3}, 1) - 297.5) < 1e-9);

        // A set against itself is ~0; a shift of c in every one of d dimensions adds d c^2.
        const std::vector<float> a = gaussian(400, 4, 0, 1);
        QVERIFY(curation::frechetDistance(a, a, 4) < 1e-6);
        const std::vector<float> b = gaussian(400, 4, 0, 2);
        const std::vector<float> c = gaussian(400, 4, 1, 3);
        const std::vector<float> d = gaussian(400, 4, 2, 4);
        const double near = curation::frechetDistance(a, b, 4);
        const double shifted = curation::frechetDistance(a, c, 4);
        const double far = curation::frechetDistance(a, d, 4);
        QVERIFY2(near < 0.2, qPrintable(QString::number(near)));
        QVERIFY2(std::abs(shifted - 4.0) < 0.6, qPrintable(QString::number(shifted)));
        QVERIFY2(std::abs(far - 16.0) < 1.5, qPrintable(QString::number(far)));

        // Statistics accumulated batch by batch (as features stream) are those of the whole set.
        curation::GaussianStats streamed(4), whole(4);
        whole.add(d);
        streamed.add(d.data(), 1);
        streamed.add(d.data() + 4, 150);
        streamed.add(d.data() + 4 * 151, 249);
        QCOMPARE(streamed.count(), int64_t(400));
        const std::vector<double> m1 = streamed.mean(), m2 = whole.mean();
        const std::vector<double> c1 = streamed.covariance(), c2 = whole.covariance();
        for (size_t i = 0; i < m1.size(); ++i)
            QVERIFY(std::abs(m1[i] - m2[i]) < 1e-9);
        for (size_t i = 0; i < c1.size(); ++i)
            QVERIFY(std::abs(c1[i] - c2[i]) < 1e-9);
        curation::GaussianStats sa(4);
        sa.add(a);
        QVERIFY(std::abs(curation::frechetDistance(sa, streamed) - far) < 1e-9);
        const double kidNear = curation::kernelInceptionDistance(a, b, 4, 5, 200, 7);
        const double kidShifted = curation::kernelInceptionDistance(a, c, 4, 5, 200, 7);
        const double kidFar = curation::kernelInceptionDistance(a, d, 4, 5, 200, 7);
        qInfo() << "KID" << kidNear << kidShifted << kidFar;
        QVERIFY2(std::abs(kidNear) < 0.1 * kidShifted, qPrintable(QString::number(kidNear)));
        QVERIFY(kidFar > kidShifted);
    }

    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        Result<std::unique_ptr<Project>> p =
            testing::makeSmallProject(m_tmp.path().toStdString(), 30, 10, 12);
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        m_project = std::move(*p);
        // A near-copy: the first generated image of class 0 again.
        std::vector<ScoredImage> images = scoredImages(*m_project, {0});
        QVERIFY(images.size() >= 2);
        m_originalId = images[0].imageId;
        Result<ImageData> original = loadImage(m_project->resolve(images[0].file), -1);
        QVERIFY(original.ok());
        SampleProvenance prov;
        prov.prompt = "a copy";
        prov.seed = 99;
        Result<int64_t> copy =
            addGeneratedImage(*m_project, m_project->classes()[0].wnid, *original, prov);
        QVERIFY(copy.ok());
        m_copyId = *copy;
    }

    void referenceMustBeRealOnly()
    {
        QVERIFY(!pickReferenceRun(*m_project, "").ok()); // no run yet
        RunConfig c;
        c.train.model = "cnn";
        c.train.width = 16;
        c.train.epochs = 4;
        c.train.batchSize = 32;
        c.train.device = "cpu";
        c.synthetic = "none";
        QVERIFY(createRun(*m_project, "real", c).ok());
        Result<RunInfo> real = executeRun(*m_project, "real", false);
        QVERIFY2(real.ok(), real.ok() ? "" : real.error().c_str());
        c.synthetic = "all";
        c.train.epochs = 1;
        QVERIFY(createRun(*m_project, "mixed", c).ok());
        QVERIFY(executeRun(*m_project, "mixed", false).ok());
        Result<std::string> refused = pickReferenceRun(*m_project, "mixed");
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().find("real images only") != std::string::npos,
                 refused.error().c_str());
        QCOMPARE(*pickReferenceRun(*m_project, ""), std::string("real"));
        ScoreOptions o;
        o.reference = "mixed";
        QVERIFY(!scoreProject(*m_project, o).ok());
    }

    void scoresAreStored()
    {
        ScoreOptions o;
        o.device = "cpu";
        o.neighbours = 3;
        double lastProgress = -1;
        bool monotone = true;
        Result<ScoreReport> report = scoreProject(*m_project, o, [&](double f, std::string_view) {
            monotone = monotone && f >= lastProgress - 1e-9;
            lastProgress = f;
        });
        QVERIFY2(report.ok(), report.ok() ? "" : report.error().c_str());
        QVERIFY(monotone);
        QCOMPARE(report->reference, std::string("real"));
        QCOMPARE(report->images, int64_t(121)); // 12 a class and the copy
        QCOMPARE(report->classes, 10);
        QCOMPARE(scoringInfo(*m_project).reference, std::string("real"));

        // The stored self-confidence is the reference's probability of the class asked for.
        const std::vector<ScoredImage> images = scoredImages(*m_project);
        QCOMPARE(images.size(), size_t(121));
        Result<std::unique_ptr<Classifier>> model =
            Classifier::load(runDirectory(*m_project, "real") / "model.safetensors", "cpu");
        QVERIFY(model.ok());
        std::vector<int64_t> ids;
        for (size_t i = 0; i < images.size(); i += 17)
            ids.push_back(images[i].imageId);
        Result<ImageSet> data = loadImagesById(*m_project, ids);
        QVERIFY(data.ok());
        Result<ClassifierEmbedding> e = (*model)->embed(*data);
        QVERIFY(e.ok());
        for (size_t k = 0; k < ids.size(); ++k) {
            const ScoredImage &s = images[k * 17];
            QVERIFY(s.scored);
            const float *p = e->probabilities.data() + k * size_t(e->numClasses);
            QVERIFY(std::abs(s.selfConfidence - p[s.classIndex]) < 1e-5);
            QVERIFY(s.margin >= 0 && s.margin <= 1);
            QVERIFY(s.uniqueness >= 0 && s.uniqueness <= 1);
            QVERIFY(s.realDistance > 0);
        }

        // The copy is flagged as the twin of the original, not the other way round.
        Result<ScoredImage> copy = scoredImage(*m_project, m_copyId);
        Result<ScoredImage> original = scoredImage(*m_project, m_originalId);
        QVERIFY(copy.ok() && original.ok());
        QCOMPARE(copy->duplicateOf, m_originalId);
        QCOMPARE(original->duplicateOf, int64_t(0));
        double meanUniqueness = 0;
        int inClass = 0;
        for (const ScoredImage &s : images)
            if (s.classIndex == copy->classIndex) {
                meanUniqueness += s.uniqueness;
                ++inClass;
            }
        QVERIFY(copy->uniqueness < meanUniqueness / inClass);

        // The review grid's lean rows say what the full rows say, in the same order.
        Result<std::vector<ReviewEntry>> entries = reviewEntries(*m_project);
        QVERIFY(entries.ok());
        QCOMPARE(entries->size(), images.size());
        for (size_t i = 0; i < images.size(); ++i) {
            const ReviewEntry &e = (*entries)[i];
            QCOMPARE(e.imageId, images[i].imageId);
            QCOMPARE(e.classIndex, images[i].classIndex);
            QCOMPARE(std::string(reviewStateName(e.state)), images[i].state);
            QCOMPARE(e.duplicate, images[i].duplicateOf != 0);
            for (const std::string &name : score::names())
                QVERIFY(std::abs(e.value(name) - images[i].value(name)) < 1e-6);
        }
        Result<std::vector<ReviewEntry>> one = reviewEntries(*m_project, {copy->classIndex});
        QVERIFY(one.ok());
        QCOMPARE(one->size(), size_t(inClass));
        const std::vector<ImageFile> files = imageFiles(*m_project, {m_copyId, -5, m_originalId});
        QCOMPARE(files.size(), size_t(2)); // the unknown id is left out
        QCOMPARE(files[0].file, copy->file);
        QCOMPARE(files[1].file, original->file);

        // Per class: FID, KID and diversity where there are images, counts by state.
        const std::vector<ClassSummary> summary = classSummaries(*m_project);
        QCOMPARE(summary.size(), size_t(10));
        QCOMPARE(summary[0].images, int64_t(13));
        QCOMPARE(summary[0].duplicates, int64_t(1));
        for (const ClassSummary &s : summary) {
            QVERIFY(s.fid && *s.fid >= 0);
            QVERIFY(s.kid.has_value());
            QVERIFY(s.diversity && *s.diversity > 0);
            QCOMPARE(s.pending, s.images);
            QCOMPARE(s.realImages, int64_t(30));
        }
    }

    void rulesParse()
    {
        Result<FilterRule> r = parseRuleConditions("self_confidence>=0.5 and uniqueness < 0.9");
        QVERIFY(r.ok());
        QCOMPARE(r->conditions.size(), size_t(2));
        QCOMPARE(r->conditions[1].op, std::string("<"));
        QCOMPARE(r->conditions[1].value, 0.9);
        QCOMPARE(r->text(), std::string("self_confidence>=0.5 and uniqueness<0.9"));
        QVERIFY(!parseRuleConditions("confidence>=0.5").ok());
        QVERIFY(!parseRuleConditions("margin=>0.5").ok());
        QVERIFY(!parseRuleConditions("margin>=abc").ok());
        QVERIFY(!parseRuleConditions(">=0.5").ok());
    }

    void dryRunMatchesApplied()
    {
        // A person rejects one image first: rules leave it alone.
        const std::vector<ScoredImage> before = scoredImages(*m_project);
        const int64_t manual = before[5].imageId;
        Result<int64_t> action = reviewImages(*m_project, {manual}, "rejected");
        QVERIFY(action.ok() && *action > 0);

        FilterRule rule = *parseRuleConditions("self_confidence>=0.3");
        rule.keepTop = 8;
        rule.dropDuplicates = true;
        Result<RuleOutcome> dry = dryRunRule(*m_project, rule);
        QVERIFY(dry.ok());
        QCOMPARE(reviewTable(*m_project).size(), size_t(1)); // the dry run changed nothing
        QCOMPARE(dry->untouched, int64_t(1));
        QCOMPARE(dry->kept + dry->dropped + dry->untouched, int64_t(121));
        for (const ClassOutcome &c : dry->classes)
            QVERIFY(c.kept <= 8);

        Result<RuleOutcome> applied = applyRule(*m_project, rule);
        QVERIFY(applied.ok());
        QCOMPARE(applied->kept, dry->kept);
        QCOMPARE(applied->dropped, dry->dropped);
        for (size_t i = 0; i < dry->classes.size(); ++i) {
            QCOMPARE(applied->classes[i].kept, dry->classes[i].kept);
            QCOMPARE(applied->classes[i].dropped, dry->classes[i].dropped);
        }
        const std::vector<ClassSummary> summary = classSummaries(*m_project);
        int64_t accepted = 0, rejected = 0;
        for (const ClassSummary &s : summary) {
            accepted += s.accepted;
            rejected += s.rejected;
            QVERIFY(s.accepted <= 8);
        }
        QCOMPARE(accepted, applied->kept);
        QCOMPARE(rejected, applied->dropped + 1);
        // The copy is dropped, the original image and the manual review stay as they are.
        QCOMPARE(scoredImage(*m_project, m_copyId)->state, std::string("rejected"));
        QCOMPARE(scoredImage(*m_project, manual)->origin, std::string("manual"));
        // The top 8 by self-confidence are kept: none dropped beats a kept one in its class.
        for (int ci = 0; ci < 10; ++ci) {
            double lowestKept = 2, highestDropped = -1;
            for (const ScoredImage &s : scoredImages(*m_project, {ci})) {
                if (s.origin != "rule" || s.duplicateOf)
                    continue;
                if (s.state == "accepted")
                    lowestKept = std::min(lowestKept, s.selfConfidence);
                else if (s.selfConfidence >= 0.3)
                    highestDropped = std::max(highestDropped, s.selfConfidence);
            }
            QVERIFY(highestDropped <= lowestKept);
        }
        // Applying the same rule again changes nothing.
        Result<RuleOutcome> again = dryRunRule(*m_project, rule);
        QCOMPARE(again->changed, int64_t(0));
    }

    void undoRestoresReviews()
    {
        const auto before = reviewTable(*m_project);
        FilterRule rule = *parseRuleConditions("margin>=0.9");
        rule.classes = {m_project->classes()[1].wnid};
        Result<RuleOutcome> applied = applyRule(*m_project, rule);
        QVERIFY(applied.ok());
        QCOMPARE(applied->classes.size(), size_t(1));
        QVERIFY(applied->changed > 0);
        QVERIFY(reviewTable(*m_project) != before);
        const std::vector<ScoredImage> cls2 = scoredImages(*m_project, {2});
        const auto afterRule = reviewTable(*m_project);
        QVERIFY(reviewImages(*m_project, {cls2[0].imageId, cls2[1].imageId}, "accepted").ok());
        QVERIFY(reviewImages(*m_project, {cls2[0].imageId}, "pending").ok());

        Result<ReviewAction> u1 = undoLastReview(*m_project); // the "pending"
        QVERIFY(u1.ok());
        QCOMPARE(reviewTable(*m_project)[cls2[0].imageId].origin, std::string("manual"));
        // The undo says which states it restored.
        QCOMPARE(u1->restored.size(), size_t(1));
        QCOMPARE(u1->restored[0].first, cls2[0].imageId);
        QVERIFY(u1->restored[0].second == ReviewState::Accepted);
        QVERIFY(undoLastReview(*m_project).ok()); // the two accepts
        QCOMPARE(reviewTable(*m_project), afterRule);
        Result<ReviewAction> u3 = undoLastReview(*m_project); // the rule
        QVERIFY(u3.ok());
        QVERIFY(u3->description.find("margin>=0.9") != std::string::npos);
        QCOMPARE(reviewTable(*m_project), before);
        QCOMPARE(int64_t(u3->restored.size()), applied->changed);
        for (const auto &[id, state] : u3->restored)
            QCOMPARE(std::string(reviewStateName(state)),
                     before.count(id) ? before.at(id).state : std::string("pending"));
        QCOMPARE(reviewActions(*m_project).front().undone, true);
        QVERIFY(!reviewImages(*m_project, {999999}, "accepted").ok());
        QVERIFY(!reviewImages(*m_project, {before.begin()->first}, "maybe").ok());
    }

    void sanitizedNames()
    {
        QCOMPARE(sanitizeFileName("n01440764"), std::string("n01440764"));
        QCOMPARE(sanitizeFileName("my class/../x"), std::string("my_class_.._x"));
        QCOMPARE(sanitizeFileName(".."), std::string("_."));
        QCOMPARE(sanitizeFileName(""), std::string("_"));
        QCOMPARE(sanitizeFileName("caf\xc3\xa9:1"), std::string("caf___1"));
    }

    void exportReadsBack()
    {
        const QString out = m_tmp.path() + "/export";
        ExportOptions o;
        o.acceptedOnly = true;
        o.withReal = true;
        Result<ExportReport> report = exportImageFolder(*m_project, out.toStdString(), o);
        QVERIFY2(report.ok(), report.ok() ? "" : report.error().c_str());
        int64_t accepted = 0;
        for (const ClassSummary &s : classSummaries(*m_project))
            accepted += s.accepted;
        QCOMPARE(report->synthetic, accepted);
        QCOMPARE(report->real, int64_t(300));
        // One folder per wnid, as torchvision's ImageFolder expects, and a manifest line each.
        const QStringList folders = QDir(out).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(folders.size(), 10);
        int files = 0;
        for (const QString &f : folders) {
            QVERIFY(m_project->classByWnid(f.toStdString()) != nullptr);
            files += int(QDir(out + "/" + f).entryList(QDir::Files).size());
        }
        QCOMPARE(int64_t(files), report->synthetic + report->real);
        QFile manifest(out + "/manifest.csv");
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(manifest.readAll()).trimmed().split('\n');
        QCOMPARE(int64_t(lines.size() - 1), report->synthetic + report->real);
        QVERIFY(lines[0].startsWith(
            "path,wnid,class_index,project_class_index,source,prompt,seed,guidance,sampler,"));
        QCOMPARE(lines[0].split(',').size(), 16);
        // A generated image: its row has the prompt, the review and the same pixels.
        bool checked = false;
        for (const QString &line : lines.mid(1)) {
            if (!line.contains(",synthetic,"))
                continue;
            const QStringList cells = line.split(',');
            QCOMPARE(cells.size(), 16);
            QCOMPARE(cells[15], QStringLiteral("accepted"));
            const int64_t id = cells[0].section('_', -1).section('.', 0, 0).toLongLong();
            Result<ScoredImage> s = scoredImage(*m_project, id);
            QVERIFY(s.ok());
            QCOMPARE(cells[1].toStdString(), m_project->classes()[size_t(s->classIndex)].wnid);
            QVERIFY(cells[5].startsWith("a photo of"));
            Result<ImageData> a = loadImage((out + "/" + cells[0]).toStdString(), -1);
            Result<ImageData> b = loadImage(m_project->resolve(s->file), -1);
            QVERIFY(a.ok() && b.ok());
            QCOMPARE(a->pixels, b->pixels);
            // Linked, not copied: the export and the project share the file.
            QVERIFY(std::filesystem::equivalent((out + "/" + cells[0]).toStdString(),
                                                m_project->resolve(s->file)));
            checked = true;
            break;
        }
        QVERIFY(checked);
        // Real images are decoded out of IDX into PNG.
        const QString realLine = lines.mid(1).filter(",real,").first();
        Result<ImageData> real =
            loadImage((out + "/" + realLine.section(',', 0, 0)).toStdString(), -1);
        QVERIFY(real.ok());
        QCOMPARE(real->width, 28);
        QCOMPARE(report->linked, report->synthetic); // the IDX records are decoded instead
        // Asked to copy, the files are the export's own.
        o.hardLinks = false;
        Result<ExportReport> copied =
            exportImageFolder(*m_project, (out + "-copied").toStdString(), o);
        QVERIFY(copied.ok());
        QCOMPARE(copied->linked, int64_t(0));
        QCOMPARE(copied->synthetic, report->synthetic);
        const QString firstSynthetic =
            lines.mid(1).filter(",synthetic,").first().section(',', 0, 0);
        QVERIFY(!std::filesystem::equivalent((out + "-copied/" + firstSynthetic).toStdString(),
                                             (out + "/" + firstSynthetic).toStdString()));
        // A folder that is not empty is refused, and nothing is left behind by the refusal.
        QVERIFY(!exportImageFolder(*m_project, out.toStdString(), o).ok());
        QVERIFY(!QDir(m_tmp.path() + "/.export.partial").exists());
    }

    // With classes left out, the indices are still the ones torchvision's ImageFolder gives the
    // tree (its rule: the sorted folder names, numbered from 0): in manifest.csv and classes.json.
    void exportIndicesAreImageFolders()
    {
        // Reject every image of three classes; the classes with any image not rejected (earlier
        // tests rejected some) are the ones exported.
        std::vector<int64_t> ids;
        for (int c : {0, 4, 7})
            for (const ScoredImage &s : scoredImages(*m_project, {c}))
                ids.push_back(s.imageId);
        QVERIFY(reviewImages(*m_project, ids, "rejected").ok());
        std::vector<std::string> expectMissing;
        int expectPresent = 0;
        for (const ProjectClass &c : m_project->classes()) {
            const std::vector<ScoredImage> images = scoredImages(*m_project, {c.classIndex});
            if (std::any_of(images.begin(), images.end(),
                            [](const ScoredImage &s) { return s.state != "rejected"; }))
                ++expectPresent;
            else
                expectMissing.push_back(c.wnid);
        }
        QVERIFY(expectPresent >= 2 && expectMissing.size() >= 3);
        const QString out = m_tmp.path() + "/export-some";
        Result<ExportReport> report = exportImageFolder(*m_project, out.toStdString(), {});
        QVERIFY(undoLastReview(*m_project).ok());
        QVERIFY2(report.ok(), report.ok() ? "" : report.error().c_str());
        QCOMPARE(report->classes, expectPresent);
        QCOMPARE(report->missingWnids, expectMissing);

        // ImageFolder's class_to_idx for this tree.
        QStringList folders = QDir(out).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        std::sort(folders.begin(), folders.end(), [](const QString &a, const QString &b) {
            return a.toUtf8() < b.toUtf8(); // Python sorts by code point
        });
        QCOMPARE(folders.size(), expectPresent);
        QFile json(out + "/classes.json");
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject classes = QJsonDocument::fromJson(json.readAll()).object();
        const QJsonObject classToIdx = classes.value("class_to_idx").toObject();
        QCOMPARE(classToIdx.size(), expectPresent);
        for (int i = 0; i < folders.size(); ++i)
            QCOMPARE(classToIdx.value(folders[i]).toInt(-1), i);
        QCOMPARE(classes.value("missing").toArray().size(), qsizetype(expectMissing.size()));
        for (const QJsonValue &v : classes.value("classes").toArray()) {
            const QJsonObject c = v.toObject();
            const ProjectClass *pc =
                m_project->classByWnid(c.value("wnid").toString().toStdString());
            QVERIFY(pc);
            QCOMPARE(c.value("project_class_index").toInt(), pc->classIndex);
            QCOMPARE(c.value("class_index").toInt(),
                     classToIdx.value(c.value("folder").toString()).toInt());
            QCOMPARE(
                c.value("synthetic").toInteger(),
                qint64(
                    QDir(out + "/" + c.value("folder").toString()).entryList(QDir::Files).size()));
        }

        // Every manifest row carries its folder's ImageFolder index and its project index.
        QFile manifest(out + "/manifest.csv");
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(manifest.readAll()).trimmed().split('\n');
        QCOMPARE(int64_t(lines.size() - 1), report->synthetic);
        for (const QString &line : lines.mid(1)) {
            const QStringList cells = line.split(',');
            const QString folder = cells[0].section('/', 0, 0);
            QCOMPARE(cells[2].toInt(), classToIdx.value(folder).toInt(-1));
            QCOMPARE(cells[3].toInt(), m_project->classByWnid(cells[1].toStdString())->classIndex);
        }
    }
};

QTEST_GUILESS_MAIN(TestCuration)
#include "tst_curation.moc"
