// synset-studio: the desktop workbench. With no argument it opens the built-in Fashion-MNIST
// project (creating it on first run); with a folder it opens that project.
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SynsetStudio"));
    QApplication::setApplicationName(QStringLiteral("synset-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Synset Studio"));
    QApplication::setApplicationVersion(QStringLiteral(SYNSET_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("synset-studio"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "Build image-classification datasets from diffusion models."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption language(
        QStringLiteral("language"),
        QApplication::translate("main", "User interface language (e.g. de, fr)."),
        QStringLiteral("code"));
    parser.addOption(language);
    QCommandLineOption synsetOption(
        QStringLiteral("synset"),
        QApplication::translate("main", "Synset to select once the project is open."),
        QStringLiteral("wnid"));
    parser.addOption(synsetOption);
    QCommandLineOption panelOption(
        QStringLiteral("panel"),
        QApplication::translate("main", "Panel to bring to the front: %1.")
            .arg(MainWindow::panelNames().join(QStringLiteral(", "))),
        QStringLiteral("name"));
    parser.addOption(panelOption);
    parser.addPositionalArgument(
        QStringLiteral("project"),
        QApplication::translate("main",
                                "Project folder to open (default: the Fashion-MNIST project)."));
    parser.process(app);

    const QLocale locale =
        parser.isSet(language) ? QLocale(parser.value(language)) : QLocale::system();
    // Numbers in every widget (spin boxes, tables, plot axes) follow the interface language:
    // --language de shows and reads "0,05" whatever the system's own locale is.
    QLocale::setDefault(locale);
    QTranslator qtTranslator, appTranslator;
    if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    if (appTranslator.load(locale, QStringLiteral("synset_studio"), QStringLiteral("_"),
                           QStringLiteral(":/i18n")))
        QApplication::installTranslator(&appTranslator);

    MainWindow window;
    if (parser.isSet(panelOption) && !window.showPanel(parser.value(panelOption))) {
        std::fprintf(stderr, "synset-studio: no panel '%s' (%s)\n",
                     qPrintable(parser.value(panelOption)),
                     qPrintable(MainWindow::panelNames().join(QStringLiteral(", "))));
        return 2;
    }
    window.show();
    const QStringList args = parser.positionalArguments();
    // Opened once the event loop runs, so the window paints before any progress dialog.
    const QString synset = parser.value(synsetOption);
    QTimer::singleShot(0, &window, [&window, args, synset] {
        if (args.isEmpty())
            window.openDefaultProject(synset);
        else
            window.openProject(args.front(), synset);
    });
    return app.exec();
}
