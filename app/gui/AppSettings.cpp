#include "AppSettings.h"

#include <QCryptographicHash>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace {
QString projectKey(const QString &path)
{
    return QStringLiteral("projects/") +
           QString::fromLatin1(
               QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha1).toHex().left(16));
}
} // namespace

QStringList AppSettings::recentProjects() const
{
    return QSettings().value("recentProjects").toStringList();
}

void AppSettings::addRecentProject(const QString &path)
{
    QStringList list = recentProjects();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > kMaxRecent)
        list.removeLast();
    QSettings().setValue("recentProjects", list);
}

void AppSettings::removeRecentProject(const QString &path)
{
    QStringList list = recentProjects();
    list.removeAll(path);
    if (list.isEmpty())
        QSettings().remove("recentProjects");
    else
        QSettings().setValue("recentProjects", list);
}

QByteArray AppSettings::windowGeometry() const
{
    return QSettings().value("window/geometry").toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray &geometry)
{
    QSettings().setValue("window/geometry", geometry);
}

QByteArray AppSettings::windowState() const
{
    return QSettings().value("window/state").toByteArray();
}

void AppSettings::setWindowState(const QByteArray &state)
{
    QSettings().setValue("window/state", state);
}

QString AppSettings::lastSynset(const QString &projectPath) const
{
    return QSettings().value(projectKey(projectPath) + "/lastSynset").toString();
}

void AppSettings::setLastSynset(const QString &projectPath, const QString &wnid)
{
    if (wnid.isEmpty())
        QSettings().remove(projectKey(projectPath) + "/lastSynset");
    else
        QSettings().setValue(projectKey(projectPath) + "/lastSynset", wnid);
}

QString AppSettings::defaultProjectPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("projects/fashion-mnist"));
}
