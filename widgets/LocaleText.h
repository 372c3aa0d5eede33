// Numbers as the user's language writes them: QLocale() (the language chosen with --language or
// the system's) for every number shown or typed in the UI. Files, JSON and the CLI stay in C
// notation (core/common/Numbers.h).
#pragma once

#include <QList>
#include <QString>

#include <optional>
#include <string_view>

namespace synset {
struct ImageKind;
struct RunConfig;
} // namespace synset

namespace localeText {

QString number(double value, int decimals);
// The shortest form that reads back as the value: 1.5, 0.05, 12.
QString number(double value);
QString count(qint64 n);
// 0.678 -> "67.8 %" ("67,8 %" in German); a dash for NaN or a negative (not measured) value.
QString percent(double fraction, int decimals = 1);

// A list of values typed in one line: "0, 1.5, 4" in English, "0; 1,5; 4" in German or French.
// A semicolon always separates values; where the comma is the decimal separator, a comma
// separates only when a space follows it ("0, 1,5" is 0 and 1.5). C notation is accepted too.
// On a value that is not a number: nullopt, and that value in 'bad'.
std::optional<QList<double>> parseNumberList(const QString &text, QString *bad = nullptr);
QString numberList(const QList<double> &values);

// A progress message from core ("Evaluating", "Loading images", ...) in the user's language;
// one it does not know (with a file name in it, say) as it is.
QString progressText(std::string_view message);

// "10 % real + synthetic (gen1)", translated: the data a run trains on.
QString describeData(const synset::RunConfig &config);

// "28×28 greyscale", "64×64 colour", "colour, of varied sizes", translated.
QString describeImageKind(const synset::ImageKind &kind);

} // namespace localeText
