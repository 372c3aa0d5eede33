// JSON and numbers as text: the same bytes under every locale (ctest runs this suite under C and
// again under de_DE.UTF-8, where printf writes "0,05"), exact 64-bit integers, invalid UTF-8 and
// malformed text as errors rather than exceptions, and decimal commas that older builds stored
// read back.
#include "common/Guard.h"
#include "common/Json.h"
#include "common/Numbers.h"
#include "generation/GenerationJob.h"
#include "training/TrainingRun.h"

#include <QTest>

#include <clocale>
#include <cstdint>
#include <limits>

using namespace synset;

class TestJson : public QObject
{
    Q_OBJECT

private slots:
    // What escapes a worker becomes one line for its panel: c10::Error's what() carries a C++
    // backtrace after its first line, std::bad_alloc says nothing useful, anything else is named.
    void workerExceptionsBecomeMessages()
    {
        int ran = 0;
        QVERIFY(!catchAll("w", [&] { ++ran; }));
        QCOMPARE(ran, 1);
        const auto message = [](auto throwIt) {
            return QString::fromStdString(*catchAll("w", throwIt));
        };
        QCOMPARE(
            message([] { throw std::runtime_error("shape mismatch\nException raised from x"); }),
            QString("w: shape mismatch"));
        QCOMPARE(message([] { throw std::bad_alloc(); }), QString("w: out of memory"));
        QCOMPARE(message([] { throw 42; }), QString("w: an unknown error"));
        QCOMPARE(message([] { (void)std::vector<int>(4).at(9); }).left(3), QString("w: "));
    }

    void initTestCase()
    {
        // QCoreApplication has called setlocale(LC_ALL, ""): say which case this run covers.
        qInfo("LC_NUMERIC decimal point: '%s'", std::localeconv()->decimal_point);
        if (qEnvironmentVariable("LC_ALL").startsWith("de_DE"))
            QCOMPARE(std::localeconv()->decimal_point[0], ',');
    }

    void numbersFormat_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("half") << 0.5 << "0.5";
        QTest::newRow("guidance") << 1.5 << "1.5";
        QTest::newRow("whole") << 12.0 << "12";
        QTest::newRow("small") << 1e-5 << "1e-05";
        QTest::newRow("negative") << -0.25 << "-0.25";
    }
    void numbersFormat()
    {
        QFETCH(double, value);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(numbers::format(value)), text);
        QCOMPARE(numbers::parseReal(text.toStdString()).value_or(-99), value);
    }

    void numbersParseWholeStringOnly()
    {
        QVERIFY(!numbers::parseReal("0,5"));
        QVERIFY(!numbers::parseReal("1.5x"));
        QVERIFY(!numbers::parseReal(" 1"));
        QVERIFY(!numbers::parseReal(""));
        QVERIFY(!numbers::parseReal("nan"));
        QVERIFY(!numbers::parseReal("inf"));
        QCOMPARE(numbers::parseReal("2e-3").value_or(0), 0.002);
        QVERIFY(!numbers::parseInteger("10x"));
        QVERIFY(!numbers::parseInteger("99999999999999999999"));
        QCOMPARE(numbers::parseInteger("-7").value_or(0), int64_t(-7));
        QVERIFY(!numbers::parseUnsigned("-1"));
        QCOMPARE(numbers::parseUnsigned("18446744073709551615").value_or(0),
                 std::numeric_limits<uint64_t>::max());
        QCOMPARE(QString::fromStdString(numbers::exact(0.1)), QString("0.1"));
        QCOMPARE(QString::fromStdString(numbers::fixed(2.345, 1)), QString("2.3"));
    }

    void jsonNumbersRoundTrip()
    {
        Json j;
        j["learning_rate"] = 0.05;
        j["guidance"] = 1.5;
        j["big"] = std::numeric_limits<uint64_t>::max();
        j["low"] = std::numeric_limits<int64_t>::min();
        const std::string text = dumpJson(j);
        QVERIFY2(text.find("0.05") != std::string::npos, text.c_str());
        QVERIFY2(text.find("0,05") == std::string::npos, text.c_str());
        Result<Json> back = parseJson(text);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().c_str());
        QCOMPARE(json::number(*back, "learning_rate", 0), 0.05);
        QCOMPARE(json::number(*back, "guidance", 0), 1.5);
        QCOMPARE(json::seed(*back, "big"), std::numeric_limits<uint64_t>::max());
        QCOMPARE(json::integer(*back, "low", 0), std::numeric_limits<int64_t>::min());
        // A number read as a whole number only when it is one.
        QCOMPARE(json::integer(*back, "guidance", -1), int64_t(-1));
        QCOMPARE(json::int32(*back, "big", 0), std::numeric_limits<int>::max());
    }

    void typedReadsFallBack()
    {
        Result<Json> j = parseJson(R"({"steps":"fifty","list":{"a":1},"name":7})");
        QVERIFY(j.ok());
        QCOMPARE(json::integer(*j, "steps", 50), int64_t(50));
        QCOMPARE(json::elements(json::member(*j, "list")).size(), size_t(0));
        QCOMPARE(QString::fromStdString(json::string(*j, "name", "none")), QString("none"));
        QVERIFY(json::member(*j, "absent").is_null());
        QVERIFY(json::member(Json(3), "x").is_null());
    }

    void malformedTextIsAnError_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("truncated") << QByteArray(R"({"a": [1, 2)");
        QTest::newRow("trailing") << QByteArray(R"({"a": 1} x)");
        QTest::newRow("decimal comma in array") << QByteArray("[0,5,]");
        QTest::newRow("invalid utf-8") << QByteArray("{\"a\": \"\xff\xfe\"}");
        QTest::newRow("deep") << QByteArray(200000, '[');
        QTest::newRow("empty") << QByteArray();
    }
    void malformedTextIsAnError()
    {
        QFETCH(QByteArray, text);
        Result<Json> j = parseJson(std::string_view(text.constData(), size_t(text.size())));
        QVERIFY(!j.ok());
        QVERIFY(QString::fromStdString(j.error()).startsWith("JSON "));
    }

    void invalidUtf8IsReplacedWhenWritten()
    {
        Json j;
        j["source"] = std::string("photos/caf\xe9.png"); // Latin-1 file name
        const std::string text = dumpJson(j); // nlohmann's dump() throws type_error 316 here
        QVERIFY(text.find("\xef\xbf\xbd") != std::string::npos);
        QVERIFY(parseJson(text).ok());
    }

    void decimalCommasOfOlderBuildsAreRepaired()
    {
        // What a German GUI stored before this build: %.17g under LC_NUMERIC=de_DE.
        const std::string stored =
            R"({"epochs":1,"learning_rate":0,050000000000000003,"model":"cnn",)"
            R"("real_fraction":0,050000000000000003,"synthetic_datasets":["a,1"],)"
            R"("warmup_epochs":1,"weight_decay":-1})";
        QVERIFY(!parseJson(stored).ok());
        Result<RunConfig> c = RunConfig::fromJson(stored);
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().c_str());
        QCOMPARE(c->train.epochs, 1);
        QCOMPARE(c->train.learningRate, 0.05);
        QCOMPARE(c->realFraction, 0.05);
        QCOMPARE(c->train.weightDecay, -1.0);
        QCOMPARE(c->syntheticDatasets, std::vector<std::string>{"a,1"});
    }

    void runConfigRoundTrip()
    {
        RunConfig c;
        c.train.epochs = 1;
        c.train.learningRate = 0.05;
        c.train.labelSmoothing = 0.1;
        c.train.seed = std::numeric_limits<uint64_t>::max() - 1;
        c.realFraction = 0.05;
        c.syntheticRatio = 0.5;
        const std::string text = c.toJson();
        QVERIFY2(parseJson(text).ok(), text.c_str());
        Result<RunConfig> back = RunConfig::fromJson(text);
        QVERIFY(back.ok());
        QCOMPARE(back->train.epochs, 1);
        QCOMPARE(back->train.learningRate, 0.05);
        QCOMPARE(back->train.labelSmoothing, 0.1);
        QCOMPARE(back->train.seed, c.train.seed);
        QCOMPARE(back->realFraction, 0.05);
        QCOMPARE(back->syntheticRatio, 0.5);
    }

    void a1111ParametersUsePoints()
    {
        const std::string p =
            a1111Parameters("a tench", "", 50, "ddim", 1.5, 7, 28, 28, "abc", "n01440764", 0.5);
        QVERIFY2(p.find("CFG scale: 1.5,") != std::string::npos, p.c_str());
        QVERIFY2(p.find("Eta DDIM: 0.5") != std::string::npos, p.c_str());
    }
};

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
