// For tests that run once per decimal-comma language of the interface: rows "German" and
// "French" (column "locale"), and a guard that makes a locale QLocale's default (what
// 'synset-studio --language' does) for the guard's life.
#pragma once

#include <QLocale>
#include <QTest>

namespace synset::testing {

inline void addUserLocaleRows()
{
    QTest::addColumn<QString>("locale");
    QTest::newRow("German") << QStringLiteral("de_DE");
    QTest::newRow("French") << QStringLiteral("fr_FR");
}

class UserLocale
{
public:
    explicit UserLocale(const QString &name) { QLocale::setDefault(QLocale(name)); }
    ~UserLocale() { QLocale::setDefault(m_before); }
    UserLocale(const UserLocale &) = delete;
    UserLocale &operator=(const UserLocale &) = delete;

private:
    QLocale m_before;
};

} // namespace synset::testing
