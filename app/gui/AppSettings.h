// Typed access to the application's persisted settings (QSettings); values equal to their
// default are not stored.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class AppSettings
{
public:
    static constexpr int kMaxRecent = 8;

    QStringList recentProjects() const;
    void addRecentProject(const QString &path);
    void removeRecentProject(const QString &path);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);

    QString lastSynset(const QString &projectPath) const;
    void setLastSynset(const QString &projectPath, const QString &wnid);

    // Where the built-in Fashion-MNIST project lives.
    static QString defaultProjectPath();
};
