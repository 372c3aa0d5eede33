// Prompt templates: placeholders, alternation, wildcards, counting and deterministic expansion.
#include "prompts/PromptContext.h"
#include "prompts/PromptTemplate.h"
#include "wordnet/WordNet.h"

#include <QSet>
#include <QTest>

using namespace synset;

class TestPromptTemplate : public QObject
{
    Q_OBJECT

private:
    static PromptContext tench()
    {
        PromptContext ctx;
        ctx.wnid = "n01440764";
        ctx.name = "tench";
        ctx.lemmas = {"tench", "Tinca tinca"};
        ctx.hypernym = "cyprinid";
        ctx.definition = "freshwater dace-like game fish";
        ctx.lists = {{"backgrounds", {"a lake", "a river", "a market"}},
                     {"counts", {"two", "many"}},
                     {"styles", {"photo", "drawing"}}};
        return ctx;
    }

private slots:
    void expansion_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<quint64>("combinations");
        QTest::addColumn<QStringList>("allowed"); // every rendering must be one of these

        QTest::newRow("name") << "{name}" << quint64(1) << QStringList{"tench"};
        QTest::newRow("name-hypernym")
            << "{name}, {hypernym}" << quint64(1) << QStringList{"tench, cyprinid"};
        QTest::newRow("definition") << "{name}, {definition}" << quint64(1)
                                    << QStringList{"tench, freshwater dace-like game fish"};
        QTest::newRow("background")
            << "{name}, {hypernym} inside {background}" << quint64(3)
            << QStringList{"tench, cyprinid inside a lake", "tench, cyprinid inside a river",
                           "tench, cyprinid inside a market"};
        QTest::newRow("alternation") << "a {photo|drawing} of {name}" << quint64(2)
                                     << QStringList{"a photo of tench", "a drawing of tench"};
        QTest::newRow("nested") << "{a {big|small} {name}|one {name}}" << quint64(3)
                                << QStringList{"a big tench", "a small tench", "one tench"};
        QTest::newRow("optional, spaces tidied")
            << "{|very} big {name}" << quint64(2) << QStringList{"big tench", "very big tench"};
        QTest::newRow("wildcard") << "a __styles__ of {synonym}" << quint64(4)
                                  << QStringList{"a photo of tench", "a drawing of tench",
                                                 "a photo of Tinca tinca",
                                                 "a drawing of Tinca tinca"};
        QTest::newRow("count x background")
            << "{count} {name} in {background}" << quint64(6)
            << QStringList{"two tench in a lake",   "two tench in a river",
                           "two tench in a market", "many tench in a lake",
                           "many tench in a river", "many tench in a market"};
        QTest::newRow("escaped braces") << "{{{name}}}" << quint64(1) << QStringList{"{tench}"};
        QTest::newRow("wnid and lemmas")
            << "{wnid}: {lemmas}" << quint64(1) << QStringList{"n01440764: tench, Tinca tinca"};
    }

    void expansion()
    {
        QFETCH(QString, body);
        QFETCH(quint64, combinations);
        QFETCH(QStringList, allowed);
        Result<PromptTemplate> t = PromptTemplate::parse(body.toStdString());
        QVERIFY2(t.ok(), t.ok() ? "" : t.error().c_str());
        const PromptContext ctx = tench();
        QCOMPARE(quint64(t->combinations(ctx)), combinations);
        QSet<QString> seen;
        for (const std::string &p : t->renderMany(ctx, 7, 200)) {
            const QString q = QString::fromStdString(p);
            QVERIFY2(allowed.contains(q), qPrintable(q));
            seen.insert(q);
        }
        // 200 draws reach every one of a handful of combinations.
        QCOMPARE(quint64(seen.size()), combinations);
    }

    void deterministic()
    {
        Result<PromptTemplate> t =
            PromptTemplate::parse("{a|b|c|d|e|f|g|h} {name} in {background}");
        QVERIFY(t.ok());
        const PromptContext ctx = tench();
        const std::vector<std::string> first = t->renderMany(ctx, 42, 50);
        QCOMPARE(t->renderMany(ctx, 42, 50), first);
        // Prompt i does not depend on how many were asked for.
        QCOMPARE(t->render(ctx, 42, 37), first[37]);
        QVERIFY(t->renderMany(ctx, 43, 50) != first);
        // A copy renders the same.
        PromptTemplate copy = *t;
        QCOMPARE(copy.render(ctx, 42, 3), first[3]);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("typo") << "{nmae}, {hypernym}"
                              << "unknown placeholder {nmae}";
        QTest::newRow("unclosed") << "a {photo|drawing of {name}"
                                  << "column 3: '{' is never closed";
        QTest::newRow("stray close") << "{name}}"
                                     << "column 7: '}' without a matching '{'";
        QTest::newRow("single option") << "{a photo}"
                                       << "need a placeholder name or options";
        QTest::newRow("pipe outside") << "a|b"
                                      << "unexpected '|'";
    }

    void errors()
    {
        QFETCH(QString, body);
        QFETCH(QString, message);
        Result<PromptTemplate> t = PromptTemplate::parse(body.toStdString());
        QVERIFY(!t.ok());
        QVERIFY2(QString::fromStdString(t.error()).contains(message), t.error().c_str());
    }

    void missingLists()
    {
        Result<PromptTemplate> t = PromptTemplate::parse("{name} __nope__ {background}");
        QVERIFY(t.ok());
        PromptContext ctx = tench();
        ctx.lists.erase("backgrounds");
        const std::vector<std::string> missing = t->missingLists(ctx);
        QCOMPARE(int(missing.size()), 2);
        // A missing list renders visibly rather than vanishing.
        QCOMPARE(QString::fromStdString(t->render(ctx, 0, 0)),
                 QString("tench __nope__ {background}"));
    }

    void saturatingCount()
    {
        // 30 alternations of 8 options: 8^30 overflows 64 bits.
        std::string body;
        for (int i = 0; i < 30; ++i)
            body += "{a|b|c|d|e|f|g|h}";
        Result<PromptTemplate> t = PromptTemplate::parse(body);
        QVERIFY(t.ok());
        QCOMPARE(quint64(t->combinations(tench())), std::numeric_limits<quint64>::max());
    }

    void builtinsParseAndUseWordNet()
    {
        Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
        QVERIFY(wn.ok());
        const PromptContext ctx =
            makePromptContext(**wn, "n03126707", "construction crane", builtinWordLists());
        QCOMPARE(QString::fromStdString(ctx.hypernym), QString("lifting device"));
        QStringList names;
        for (const BuiltinTemplate &b : PromptTemplate::builtins()) {
            names << QString::fromStdString(b.name);
            Result<PromptTemplate> t = PromptTemplate::parse(b.body);
            QVERIFY2(t.ok(), b.name.c_str());
            QVERIFY(t->missingLists(ctx).empty());
            QVERIFY(!t->render(ctx, 1, 0).empty());
        }
        QCOMPARE(names, (QStringList{"name", "name-hypernym", "name-definition",
                                     "name-hypernym-background", "multiple", "clip"}));
        Result<PromptTemplate> nh =
            PromptTemplate::parse(PromptTemplate::builtin("name-hypernym")->body);
        QCOMPARE(QString::fromStdString(nh->render(ctx, 0, 0)),
                 QString("construction crane, lifting device"));
        Result<PromptTemplate> clip = PromptTemplate::parse(PromptTemplate::builtin("clip")->body);
        QCOMPARE(quint64(clip->combinations(ctx)), quint64(80));
        QVERIFY(builtinWordLists().at("backgrounds").size() >= 30);
    }
};

QTEST_GUILESS_MAIN(TestPromptTemplate)
#include "tst_prompttemplate.moc"
