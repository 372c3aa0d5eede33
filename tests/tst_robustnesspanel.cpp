// The spider chart (normalisation, hover text, PNG/SVG/PDF export) and the Robustness panel over
// a small project with a trained run.
#include "SmallProject.h"

#include "CorruptionGallery.h"
#include "LocaleText.h"
#include "ProjectSession.h"
#include "RobustnessPanel.h"
#include "SpiderChart.h"

#include "robustness/Robustness.h"
#include "training/TrainingRun.h"

#include <qcustomplot.h>

#include <QFile>
#include <QLocale>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>

using namespace synset;

class TestRobustnessPanel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    void spiderChartNormalisesPerAxis()
    {
        SpiderChart chart;
        chart.resize(600, 500);
        chart.setData({{QStringLiteral("Clean accuracy"), true, true},
                       {QStringLiteral("Noise"), true, true},
                       {QStringLiteral("Redundancy"), false, false}},
                      {{QStringLiteral("real"), {0.9, 0.6, 0.2}},
                       {QStringLiteral("synthetic"), {0.8, 0.3, 0.4}}});
        const auto n = chart.normalised();
        QCOMPARE(n.size(), size_t(2));
        QVERIFY(std::abs(n[0][0] - 1.0) < 1e-12);
        QVERIFY(std::abs(n[1][0] - 0.8 / 0.9) < 1e-12);
        QVERIFY(std::abs(n[1][1] - 0.5) < 1e-12);
        // Lower is better: the best run sits on the outer ring, the other at best / value.
        QVERIFY(std::abs(n[0][2] - 1.0) < 1e-12);
        QVERIFY(std::abs(n[1][2] - 0.5) < 1e-12);
        // Values as the user's language writes them ("30,00 %" in German).
        QVERIFY(chart.vertexText(1, 1).contains(QLocale().toString(30.0, 'f', 2) + " %"));
        QVERIFY(chart.vertexText(1, 2).contains(QLocale().toString(0.4)));
        // Spread: the worst run on the inner ring, the best on the outer one.
        chart.setScaling(SpiderChart::Scaling::Spread);
        const auto spread = chart.normalised();
        QVERIFY(std::abs(spread[0][0] - 1.0) < 1e-12 && std::abs(spread[1][0] - 0.25) < 1e-12);
        QVERIFY(std::abs(spread[0][2] - 1.0) < 1e-12 && std::abs(spread[1][2] - 0.25) < 1e-12);
        // A polygon per run plus the four rings of the web.
        QCOMPARE(chart.plottableCount(), 6);
        QCOMPARE(chart.legend->itemCount(), 2);
    }

    void spiderChartExports()
    {
        SpiderChart chart;
        chart.resize(600, 500);
        chart.setData({{QStringLiteral("Clean accuracy"), true, true},
                       {QStringLiteral("Noise"), true, true},
                       {QStringLiteral("Blur"), true, true},
                       {QStringLiteral("PGD ε=4/255"), true, true}},
                      {{QStringLiteral("real-run"), {0.9, 0.6, 0.7, 0.5}},
                       {QStringLiteral("synthetic-run"), {0.8, 0.5, 0.7, 0.6}}});
        const QString svg = m_tmp.filePath(QStringLiteral("chart.svg"));
        QCOMPARE(chart.exportTo(svg, 800, 600), QString());
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        int paths = 0;
        QString text, root;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement) {
                if (root.isEmpty())
                    root = xml.name().toString();
                if (xml.name() == QLatin1String("path") || xml.name() == QLatin1String("polyline"))
                    ++paths;
            } else if (xml.isCharacters()) {
                text += xml.text();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(root, QStringLiteral("svg"));
        QVERIFY2(paths >= 6, qPrintable(QString::number(paths)));
        for (const char *label : {"Clean accuracy", "Noise", "real-run", "synthetic-run"})
            QVERIFY2(text.contains(QLatin1String(label)), label);

        const QString png = m_tmp.filePath(QStringLiteral("chart.png"));
        QCOMPARE(chart.exportTo(png, 640, 480), QString());
        const QImage image(png);
        QCOMPARE(image.size(), QSize(640, 480));
        // The polygons are coloured: some pixel is neither white nor grey.
        bool coloured = false;
        for (int y = 0; y < image.height() && !coloured; y += 2)
            for (int x = 0; x < image.width() && !coloured; x += 2) {
                const QColor c = image.pixelColor(x, y);
                coloured = std::abs(c.red() - c.blue()) > 60;
            }
        QVERIFY(coloured);

        const QString pdf = m_tmp.filePath(QStringLiteral("chart.pdf"));
        QCOMPARE(chart.exportTo(pdf), QString());
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QCOMPARE(pdfFile.read(5), QByteArray("%PDF-"));

        QVERIFY(!chart.exportTo(m_tmp.filePath(QStringLiteral("chart.bmpx"))).isEmpty());
        QVERIFY(!chart.exportTo(QStringLiteral("/nonexistent/dir/chart.png")).isEmpty());
    }

    void panelEvaluatesAndCompares()
    {
        Result<std::unique_ptr<Project>> p =
            testing::makeSmallProject(m_tmp.path().toStdString(), 40, 10, 0);
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().c_str());
        for (const char *name : {"a", "b"}) {
            RunConfig c;
            c.train.model = "cnn";
            c.train.width = 8;
            c.train.epochs = name[0] == 'a' ? 3 : 1;
            c.train.batchSize = 32;
            c.train.device = "cpu";
            c.synthetic = "none";
            QVERIFY(createRun(**p, name, c).ok());
            QVERIFY(executeRun(**p, name, false).ok());
        }
        ProjectSession session;
        session.setProject(std::move(*p));
        RobustnessPanel panel(&session);
        panel.resize(1200, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.reload();
        QVERIFY(panel.checkedRuns().isEmpty()); // nothing evaluated yet
        // No empty legend boxes before there is anything to show.
        QVERIFY(!panel.severityPlot()->legend->visible());
        QVERIFY(!panel.epsilonPlot()->legend->visible());
        QVERIFY(!panel.spiderChart()->legend->visible());
        panel.setCheckedRuns({QStringLiteral("a"), QStringLiteral("b")});

        RobustnessOptions o;
        o.corruptionPerClass = 3;
        o.corruptions = {"gaussian_noise", "defocus_blur", "snow", "contrast"};
        o.adversarialPerClass = 3;
        o.epsilons = {0, 2 / 255.0, 8 / 255.0};
        o.pgdSteps = 2;
        o.probePerClass = 10;
        o.probeEpochs = 3;
        QSignalSpy done(&panel, &RobustnessPanel::evaluationFinished);
        panel.evaluateChecked(o);
        QVERIFY(panel.isBusy());
        QVERIFY(done.wait(120000));
        QVERIFY2(panel.lastMessage().startsWith(QStringLiteral("Evaluated")),
                 qPrintable(panel.lastMessage()));
        QCOMPARE(panel.checkedRuns(), QStringList({QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(panel.figuresTable()->rowCount(), 2);
        QCOMPARE(panel.spiderChart()->series().size(), size_t(2));
        QVERIFY(panel.spiderChart()->axes().size() >= 3);
        QVERIFY(panel.checkedAxes().contains(QStringLiteral("clean")));
        QCOMPARE(panel.severityPlot()->graphCount(), 2);
        QVERIFY(panel.severityPlot()->legend->visible() && panel.spiderChart()->legend->visible());
        // Severity 0 is the clean accuracy of the corrupted images, and the axis says how many.
        const MetricMap figuresA = robustnessMetrics(*session.project(), "a");
        const auto start = panel.severityPlot()->graph(0)->data()->constBegin();
        QCOMPARE(start->key, 0.0);
        QVERIFY(std::abs(start->value - 100 * figuresA.at("corruption/clean")) < 1e-9);
        const QString axis = panel.severityPlot()->xAxis->label();
        QVERIFY2(axis.contains(localeText::count(qint64(figuresA.at("corruption/images")))),
                 qPrintable(axis));
        QCOMPARE(panel.epsilonPlot()->graphCount(), 4); // FGSM and PGD per run
        // mCE against run a: a against itself is 100.
        panel.setBaseline(QStringLiteral("a"));
        QCOMPARE(panel.figuresTable()->item(0, 3)->text(), QLocale().toString(100.0, 'f', 1));
        // Axes chosen by hand.
        panel.setCheckedAxes({QStringLiteral("clean"), QStringLiteral("family/noise"),
                              QStringLiteral("family/weather"), QStringLiteral("family/digital")});
        QCOMPARE(panel.spiderChart()->axes().size(), size_t(4));

        // The gallery shows real test images under every corruption.
        panel.gallery()->reload();
        QCOMPARE(panel.gallery()->imageCount(), 100);
        panel.gallery()->setImageIndex(7);
        QCOMPARE(panel.gallery()->imageIndex(), 7);
    }
};

QTEST_MAIN(TestRobustnessPanel)
#include "tst_robustnesspanel.moc"
