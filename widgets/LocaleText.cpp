#include "LocaleText.h"

#include "data/ImageKind.h"
#include "training/TrainingRun.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>
#include <QStringList>

#include <cmath>

namespace localeText {

namespace {

// The translation context of the texts below.
class LocaleText
{
    Q_DECLARE_TR_FUNCTIONS(LocaleText)
};

bool commaIsDecimal()
{
    return QLocale().decimalPoint() == QLatin1String(",");
}

} // namespace

QString number(double value, int decimals)
{
    return QLocale().toString(value, 'f', decimals);
}

QString number(double value)
{
    return QLocale().toString(value, 'g', QLocale::FloatingPointShortest);
}

QString count(qint64 n)
{
    return QLocale().toString(n);
}

QString percent(double fraction, int decimals)
{
    if (std::isnan(fraction) || fraction < 0)
        return QStringLiteral("–");
    return number(fraction * 100, decimals) + QStringLiteral(" %");
}

std::optional<QList<double>> parseNumberList(const QString &text, QString *bad)
{
    // A semicolon always separates; where the comma is the decimal separator, so does a comma
    // followed by a space ("0, 1,5, 4": 0, 1.5 and 4).
    const QRegularExpression separators(text.contains(QLatin1Char(';')) ? QStringLiteral(";")
                                        : commaIsDecimal()              ? QStringLiteral(",\\s+")
                                                                        : QStringLiteral(","));
    QList<double> values;
    for (const QString &raw : text.split(separators, Qt::SkipEmptyParts)) {
        const QString part = raw.trimmed();
        if (part.isEmpty())
            continue;
        bool ok = false;
        double v = QLocale().toDouble(part, &ok);
        if (!ok)
            v = QLocale::c().toDouble(part, &ok);
        if (!ok || !std::isfinite(v)) {
            if (bad)
                *bad = part;
            return std::nullopt;
        }
        values << v;
    }
    return values;
}

QString numberList(const QList<double> &values)
{
    QStringList parts;
    for (double v : values)
        parts << number(v);
    return parts.join(commaIsDecimal() ? QStringLiteral("; ") : QStringLiteral(", "));
}

QString progressText(std::string_view message)
{
    static const char *const known[] = {
        QT_TRANSLATE_NOOP("LocaleText", "Training"),
        QT_TRANSLATE_NOOP("LocaleText", "Evaluating"),
        QT_TRANSLATE_NOOP("LocaleText", "Scoring"),
        QT_TRANSLATE_NOOP("LocaleText", "Scoring generated images"),
        QT_TRANSLATE_NOOP("LocaleText", "Class scores"),
        QT_TRANSLATE_NOOP("LocaleText", "Scored"),
        QT_TRANSLATE_NOOP("LocaleText", "Exporting"),
        QT_TRANSLATE_NOOP("LocaleText", "Loading images"),
        QT_TRANSLATE_NOOP("LocaleText", "Images loaded"),
        QT_TRANSLATE_NOOP("LocaleText", "Corrupting images"),
        QT_TRANSLATE_NOOP("LocaleText", "Robustness evaluated"),
        QT_TRANSLATE_NOOP("LocaleText", "Import finished"),
    };
    for (const char *k : known)
        if (message == k)
            return LocaleText::tr(k);
    return QString::fromUtf8(message.data(), qsizetype(message.size()));
}

QString describeData(const synset::RunConfig &config)
{
    const QString real =
        config.realFraction > 0
            ? LocaleText::tr("%1 real").arg(number(config.realFraction * 100) + " %")
            : QString();
    QString synth;
    if (config.synthetic != "none") {
        synth = config.synthetic == "accepted" ? LocaleText::tr("accepted synthetic")
                                               : LocaleText::tr("synthetic");
        if (!config.syntheticDatasets.empty()) {
            QStringList names;
            for (const std::string &n : config.syntheticDatasets)
                names << QString::fromStdString(n);
            synth += QStringLiteral(" (") + names.join(QStringLiteral(", ")) + QStringLiteral(")");
        }
    }
    if (real.isEmpty() || synth.isEmpty())
        return real + synth;
    return LocaleText::tr("%1 + %2").arg(real, synth);
}

QString describeImageKind(const synset::ImageKind &kind)
{
    if (kind.anySize())
        return kind.channels == 1 ? LocaleText::tr("greyscale, of varied sizes")
                                  : LocaleText::tr("colour, of varied sizes");
    return (kind.channels == 1 ? LocaleText::tr("%1×%2 greyscale") : LocaleText::tr("%1×%2 colour"))
        .arg(count(kind.width), count(kind.height));
}

} // namespace localeText
