// The German and French translations are complete: lupdate, run over the GUI's sources into a
// copy of each .ts file, finds no string without a translation, and every translation keeps its
// source's placeholders (%1, %2, ...).
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

class TestTranslations : public QObject
{
    Q_OBJECT

    struct Message
    {
        QString context, source, translation;
        bool unfinished = false;
    };

    static QList<Message> readTs(const QString &path)
    {
        QList<Message> out;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return out;
        QXmlStreamReader xml(&file);
        QString context;
        Message m;
        while (!xml.atEnd()) {
            if (!xml.readNextStartElement())
                continue;
            if (xml.name() == QLatin1String("name"))
                context = xml.readElementText();
            else if (xml.name() == QLatin1String("message"))
                m = Message{context, {}, {}, false};
            else if (xml.name() == QLatin1String("source"))
                m.source = xml.readElementText();
            else if (xml.name() == QLatin1String("translation")) {
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                m.unfinished = type == QLatin1String("unfinished");
                m.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                out << m;
            }
        }
        return out;
    }

    static QSet<QString> placeholders(const QString &text)
    {
        static const QRegularExpression re(QStringLiteral("%L?[1-9]"));
        QSet<QString> out;
        for (const QRegularExpressionMatch &m : re.globalMatch(text))
            out << m.captured().remove(QLatin1Char('L'));
        return out;
    }

private slots:
    void complete_data()
    {
        QTest::addColumn<QString>("ts");
        QTest::newRow("de") << QStringLiteral("synset_studio_de.ts");
        QTest::newRow("fr") << QStringLiteral("synset_studio_fr.ts");
    }

    void complete()
    {
        QFETCH(QString, ts);
        const QString lupdate = qEnvironmentVariable("SYNSET_LUPDATE");
        const QString root = qEnvironmentVariable("SYNSET_SOURCE_DIR");
        QVERIFY2(!lupdate.isEmpty() && !root.isEmpty(), "SYNSET_LUPDATE and SYNSET_SOURCE_DIR");
        QTemporaryDir tmp;
        const QString copy = tmp.filePath(ts);
        QVERIFY(QFile::copy(root + "/translations/" + ts, copy));

        // The same options as the build's update target (app/gui/CMakeLists.txt).
        QProcess p;
        p.setWorkingDirectory(root);
        p.start(lupdate, {"-no-obsolete", "-locations", "none", "widgets", "app/gui", "-ts", copy});
        QVERIFY(p.waitForFinished(600000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());

        const QList<Message> messages = readTs(copy);
        QVERIFY(messages.size() > 100);
        QStringList missing, broken;
        for (const Message &m : messages) {
            if (m.unfinished || m.translation.isEmpty())
                missing << m.context + ": " + m.source;
            else if (placeholders(m.source) != placeholders(m.translation))
                broken << m.context + ": " + m.source + " -> " + m.translation;
        }
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("%1 strings without a translation in %2 (run the "
                                           "synset-studio_lupdate target and translate them):\n")
                                .arg(missing.size())
                                .arg(ts) +
                            missing.mid(0, 30).join('\n')));
        QVERIFY2(broken.isEmpty(), qPrintable(broken.mid(0, 30).join('\n')));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
