// WordNet 3.0 reader: known synsets, all 1000 ImageNet wnids against an independent reference.
#include "classes/ClassList.h"
#include "common/TextUtil.h"
#include "wordnet/WordNet.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <set>

using namespace synset;

class TestWordNet : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<const WordNet> m_wn;

    static QStringList toQ(const std::vector<std::string> &v)
    {
        QStringList out;
        for (const std::string &s : v)
            out << QString::fromStdString(s);
        return out;
    }

private slots:
    void initTestCase()
    {
        Result<std::shared_ptr<const WordNet>> wn = WordNet::open(WordNet::defaultDirectory());
        QVERIFY2(wn.ok(), wn.ok() ? "" : wn.error().c_str());
        m_wn = *wn;
        QVERIFY(m_wn->synsetCount() == 82115); // WordNet 3.0 has 82,115 noun synsets
    }

    void knownSynsets_data()
    {
        QTest::addColumn<QString>("wnid");
        QTest::addColumn<QStringList>("lemmas");
        QTest::addColumn<QString>("definition");
        QTest::addColumn<QStringList>("examples");
        QTest::addColumn<QStringList>("hypernyms");
        QTest::addColumn<QString>("lexName");

        QTest::newRow("tench") << "n01440764" << QStringList{"tench", "Tinca tinca"}
                               << "freshwater dace-like game fish of Europe and western Asia noted "
                                  "for ability to survive outside water"
                               << QStringList{} << QStringList{"n01439121"} << "noun.animal";
        QTest::newRow("crane (machine)")
            << "n03126707" << QStringList{"crane"}
            << "lifts and moves heavy objects; lifting tackle is suspended from a pivoted boom "
               "that rotates around a vertical axis"
            << QStringList{} << QStringList{"n03664675"} << "noun.artifact";
        QTest::newRow("crane (bird)")
            << "n02012849" << QStringList{"crane"}
            << "large long-necked wading bird of marshes and plains in many parts of the world"
            << QStringList{} << QStringList{"n02000954"} << "noun.animal";
        QTest::newRow("T-shirt") << "n03595614" << QStringList{"jersey", "T-shirt", "tee shirt"}
                                 << "a close-fitting pullover shirt" << QStringList{}
                                 << QStringList{"n04197391"} << "noun.artifact";
        QTest::newRow("trouser, with example")
            << "n04489008" << QStringList{"trouser", "pant"}
            << "(usually in the plural) a garment extending from the waist to the knee or ankle, "
               "covering each leg separately"
            << QStringList{"he had a sharp crease in his trousers"} << QStringList{"n03419014"}
            << "noun.artifact";
        QTest::newRow("entity (root)") << "n00001740" << QStringList{"entity"}
                                       << "that which is perceived or known or inferred to have "
                                          "its own distinct existence (living or nonliving)"
                                       << QStringList{} << QStringList{} << "noun.Tops";
    }

    void knownSynsets()
    {
        QFETCH(QString, wnid);
        QFETCH(QStringList, lemmas);
        QFETCH(QString, definition);
        QFETCH(QStringList, examples);
        QFETCH(QStringList, hypernyms);
        QFETCH(QString, lexName);
        Result<Synset> s = m_wn->synset(wnid.toStdString());
        QVERIFY(s.ok());
        QCOMPARE(toQ(s->lemmas), lemmas);
        QCOMPARE(QString::fromStdString(s->definition), definition);
        QCOMPARE(toQ(s->examples), examples);
        QCOMPARE(toQ(s->hypernyms), hypernyms);
        QCOMPARE(QString::fromStdString(s->lexName), lexName);
    }

    void instanceHypernymsAndPaths()
    {
        // Stephen Crane is an instance of writer: the path goes through the instance hypernym.
        Result<Synset> s = m_wn->synset("n10914447");
        QVERIFY(s.ok());
        QVERIFY(s->hypernyms.empty());
        QCOMPARE(toQ(s->instanceHypernyms), QStringList{"n10794014"});
        const std::vector<std::string> path = m_wn->hypernymPath("n10914447");
        QCOMPARE(QString::fromStdString(path.front()), QString("n00001740"));
        QCOMPARE(QString::fromStdString(path.back()), QString("n10914447"));
        QVERIFY(std::find(path.begin(), path.end(), "n10794014") != path.end());

        // tench: entity > ... > cyprinid > tench, 17 synsets.
        const std::vector<std::string> tench = m_wn->hypernymPath("n01440764");
        QCOMPARE(int(tench.size()), 17);
        QCOMPARE(QString::fromStdString(tench[tench.size() - 2]), QString("n01439121"));
        // A synset with two hypernyms has two paths to the root.
        Result<Synset> person = m_wn->synset("n00007846");
        QVERIFY(person.ok());
        QCOMPARE(person->hypernyms.size(), size_t(2));
        QVERIFY(m_wn->hypernymPaths("n00007846").size() >= 2);
    }

    void hyponyms()
    {
        Result<Synset> crane = m_wn->synset("n03126707");
        QVERIFY(crane.ok());
        QCOMPARE(toQ(crane->hyponyms), (QStringList{"n03164929", "n03178430", "n04473884"}));
        Result<Synset> writer = m_wn->synset("n10794014");
        QVERIFY(writer.ok());
        QVERIFY(std::find(writer->instanceHyponyms.begin(), writer->instanceHyponyms.end(),
                          "n10914447") != writer->instanceHyponyms.end());
    }

    void lemmaLookup_data()
    {
        QTest::addColumn<QString>("lemma");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("crane, most frequent sense first")
            << "crane"
            << QStringList{"n10914447", "n10914331", "n09295455", "n03126707", "n02012849"};
        QTest::newRow("space for underscore") << "tee shirt" << QStringList{"n03595614"};
        QTest::newRow("case-insensitive") << "T-Shirt" << QStringList{"n03595614"};
        QTest::newRow("unknown") << "xyzzyplugh" << QStringList{};
    }

    void lemmaLookup()
    {
        QFETCH(QString, lemma);
        QFETCH(QStringList, expected);
        QCOMPARE(toQ(m_wn->synsetsForLemma(lemma.toStdString())), expected);
    }

    void search()
    {
        const std::vector<std::string> hits = m_wn->search("tench", 10);
        QVERIFY(!hits.empty());
        QCOMPARE(QString::fromStdString(hits.front()), QString("n01440764"));
        QCOMPARE(QString::fromStdString(m_wn->search("n02012849", 5).front()),
                 QString("n02012849"));
    }

    void badWnids_data()
    {
        QTest::addColumn<QString>("wnid");
        QTest::newRow("not a wnid") << "hello";
        QTest::newRow("verb prefix") << "v01440764";
        QTest::newRow("not a line start") << "n01440765";
        QTest::newRow("past the end") << "n99999999";
    }

    void badWnids()
    {
        QFETCH(QString, wnid);
        Result<Synset> s = m_wn->synset(wnid.toStdString());
        QVERIFY(!s.ok());
        QVERIFY(QString::fromStdString(s.error()).contains(wnid));
        QVERIFY(!m_wn->contains(wnid.toStdString()));
    }

    void allImageNetAgreeWithReference()
    {
        // The reference was written by tests/data/make_wordnet_reference.py, which parses
        // data.noun independently with NLTK's rules.
        QFile f(QFINDTESTDATA("data/imagenet1k_wordnet_reference.tsv"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        int checked = 0;
        const auto split = [](const QString &s) {
            return s.isEmpty() ? QStringList{} : s.split('|');
        };
        while (!f.atEnd()) {
            const QString line = QString::fromUtf8(f.readLine()).chopped(1);
            if (line.startsWith('#'))
                continue;
            const QStringList cols = line.split('\t');
            QCOMPARE(cols.size(), 6);
            Result<Synset> s = m_wn->synset(cols[0].toStdString());
            QVERIFY2(s.ok(), qPrintable(cols[0]));
            QCOMPARE(toQ(s->lemmas), split(cols[1]));
            QCOMPARE(QString::fromStdString(s->definition), cols[2]);
            QCOMPARE(toQ(s->examples), split(cols[3]));
            QCOMPARE(toQ(s->hypernyms), split(cols[4]));
            QCOMPARE(toQ(s->instanceHypernyms), split(cols[5]));
            // Every path ends at entity and each step is a real hypernym link.
            const std::vector<std::string> path = m_wn->hypernymPath(s->wnid);
            QCOMPARE(QString::fromStdString(path.front()), QString("n00001740"));
            for (size_t i = 1; i < path.size(); ++i) {
                Result<Synset> child = m_wn->synset(path[i]);
                QVERIFY(child.ok());
                const bool linked =
                    std::count(child->hypernyms.begin(), child->hypernyms.end(), path[i - 1]) +
                    std::count(child->instanceHypernyms.begin(), child->instanceHypernyms.end(),
                               path[i - 1]);
                QVERIFY(linked);
            }
            // Each lemma leads back to the synset through index.noun.
            for (const std::string &lemma : s->lemmas) {
                const std::vector<std::string> senses = m_wn->synsetsForLemma(lemma);
                QVERIFY2(std::find(senses.begin(), senses.end(), s->wnid) != senses.end(),
                         lemma.c_str());
            }
            ++checked;
        }
        QCOMPARE(checked, 1000);
    }

    void classLists()
    {
        Result<ClassList> fm = classlists::load("fashion-mnist", *m_wn);
        QVERIFY(fm.ok());
        QCOMPARE(int(fm->classes.size()), 10);
        QCOMPARE(QString::fromStdString(fm->classes[0].wnid), QString("n03595614"));
        QCOMPARE(QString::fromStdString(fm->classes[9].name), QString("Ankle boot"));
        Result<ClassList> in1k = classlists::load("imagenet1k", *m_wn);
        QVERIFY(in1k.ok());
        QCOMPARE(int(in1k->classes.size()), 1000);
        QCOMPARE(QString::fromStdString(in1k->classes[0].name), QString("tench")); // CLIP's name
        Result<ClassList> in100 = classlists::load("imagenet100", *m_wn);
        QVERIFY(in100.ok());
        QCOMPARE(int(in100->classes.size()), 100);
    }

    void userClassFile()
    {
        QTemporaryDir dir;
        const std::string good = (dir.path() + "/good.txt").toStdString();
        std::ofstream(good)
            << "# my classes\nn02012849\n\nn03126707  construction crane # the machine\n";
        Result<ClassList> list = classlists::load(good, *m_wn);
        QVERIFY(list.ok());
        QCOMPARE(int(list->classes.size()), 2);
        QCOMPARE(QString::fromStdString(list->classes[0].name), QString("crane"));
        QCOMPARE(QString::fromStdString(list->classes[1].name), QString("construction crane"));

        const std::string bad = (dir.path() + "/bad.txt").toStdString();
        std::ofstream(bad) << "n02012849\n# comment\nn01440765\n";
        Result<ClassList> badList = classlists::load(bad, *m_wn);
        QVERIFY(!badList.ok());
        QVERIFY2(
            QString::fromStdString(badList.error()).contains(QString::fromStdString(bad) + ":3:"),
            badList.error().c_str());
        QVERIFY(QString::fromStdString(badList.error()).contains("n01440765"));
    }
};

QTEST_GUILESS_MAIN(TestWordNet)
#include "tst_wordnet.moc"
